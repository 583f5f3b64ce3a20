"""The mail side of Odoo 19 the e-mail actions touch: attachments, chatter messages, their e-mail
notifications, the outgoing mail queue (the sandbox's outbox) and the invoice Send wizard.

Imported at the end of `schema.py`, so these models are in `MODELS` before any table is made.
"""

from __future__ import annotations

from .schema import MODELS, Field, _model, _sel, boolean, char, m2o, num, sel

MESSAGE_TYPES = _sel("email: Incoming Email; comment: Comment; email_outgoing: Outgoing Email; notification: System notification")
NOTIFICATION_STATUSES = _sel(
    "ready: Ready to Send; process: Processing; pending: Sent; sent: Delivered; bounce: Bounced; exception: Exception; canceled: Cancelled"
)
MAIL_STATES = _sel("outgoing: Outgoing; sent: Sent; received: Received; exception: Delivery Failed; cancel: Cancelled")

for new in (
    _model("ir.attachment", "Attachment", "id desc", [
        char("name", "Name", required=True),
        char("res_model", "Resource Model"),
        num("res_id", "Resource ID", "many2one_reference", aggregator=""),
        char("res_field", "Resource Field"),
        Field("datas", "binary", "File Content (base64)"),
        char("mimetype", "Mime Type"),
        num("file_size", "File Size", "integer", store=False, compute=True, readonly=True, aggregator=""),
    ]),
    _model("mail.message", "Message", "id desc", [
        char("model", "Related Document Model"),
        num("res_id", "Related Document ID", "many2one_reference", aggregator=""),
        char("subject", "Subject"),
        Field("body", "html", "Contents"),
        sel("message_type", "Type", MESSAGE_TYPES),
        char("email_from", "From"),
        m2o("author_id", "res.partner", "Author"),
        Field("date", "datetime", "Date"),
        Field("partner_ids", "many2many", "Recipients", relation="res.partner"),
        Field("attachment_ids", "many2many", "Attachments", relation="ir.attachment"),
    ]),
    _model("mail.mail", "Outgoing Mails", "id desc", [
        m2o("mail_message_id", "mail.message", "Message"),
        char("subject", "Subject"),
        char("email_from", "From"),
        char("email_to", "To"),
        Field("body_html", "html", "Text Contents"),
        Field("recipient_ids", "many2many", "To (Partners)", relation="res.partner"),
        Field("attachment_ids", "many2many", "Attachments", relation="ir.attachment"),
        sel("state", "Status", MAIL_STATES),
        Field("failure_reason", "text", "Failure Reason"),
    ]),
    _model("mail.notification", "Message Notifications", "id desc", [
        m2o("mail_message_id", "mail.message", "Message", required=True),
        m2o("mail_mail_id", "mail.mail", "Mail"),
        m2o("res_partner_id", "res.partner", "Recipient"),
        sel("notification_type", "Notification Type", _sel("inbox: Inbox; email: Email")),
        sel("notification_status", "Status", NOTIFICATION_STATUSES),
        char("failure_type", "Failure type"),
        Field("failure_reason", "text", "Failure reason"),
    ]),
    _model("account.move.send.wizard", "Account Move Send Wizard", "id", [
        m2o("move_id", "account.move", "Move", required=True),
        char("subject", "Subject"),
        Field("body", "html", "Contents"),
        Field("mail_partner_ids", "many2many", "To", relation="res.partner"),
        Field("sending_methods", "binary", "Sending Methods"),  # Odoo's Json field: any JSON value, stored as given
    ], transient=True),
):
    MODELS[new.name] = new

MODELS["account.move"].fields.update({
    f.name: f
    for f in (
        char("access_token", "Security Token"),
        m2o("invoice_pdf_report_id", "ir.attachment", "PDF Attachment"),
        boolean("is_move_sent", "Is Move Sent"),
    )
})
