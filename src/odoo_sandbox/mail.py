"""Mail as Odoo 19 does it, minimally: chatter messages that go out by e-mail, the invoice Send wizard,
the customer portal's invoice PDF, and an outbox that records what was sent.

`message_post` creates the `mail.message`, moves pending composer attachments onto it, and for each
recipient a `mail.mail` and an e-mail `mail.notification`. A real Odoo sends the mail after the
transaction commits and deletes it (`auto_delete`); the sandbox "sends" at once and keeps it in
state `sent`, so tests read what went out (`mail.mail` is the sandbox's outbox). A message without
a sender address fails as on Odoo: the notification says `exception` / `mail_from_missing`.

The PDF is a small one-page document naming the invoice (no wkhtmltopdf here): the sandbox checks
the plumbing, the live suite checks Odoo's real rendering.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs

from . import accounting
from .errors import UserError
from .orm import BaseModel, Env, api_model, register, rpc, writes
from .records import Database, Row, compute

COMPOSER = ("mail.compose.message", "mail.scheduled.message")
MAIL_FROM_MISSING = (
    "You must either provide a sender address explicitly or configure using the combination of `mail.catchall.domain` "
    "and `mail.default.from` ICPs, in the server configuration file or with the --email-from startup parameter."
)


@compute("ir.attachment", "file_size")
def attachment_size(db: Database, row: Row) -> int:
    return len(_raw(row.get("datas")))


def _raw(datas: Any) -> bytes:
    if not datas:
        return b""
    try:
        return base64.b64decode(datas)
    except (binascii.Error, ValueError):
        return b""


def formatted(name: str, email: str) -> str:
    return f'"{name}" <{email}>'


def _partner(db: Database, partner_id: int | None) -> Row:
    return db.row("res.partner", partner_id) or {}


class MailThread(BaseModel):
    """`mail.thread`: what a document with a chatter can do over RPC."""

    @rpc
    @writes
    def message_post(
        self,
        *,
        body: str = "",
        subject: str | None = None,
        message_type: str = "notification",
        email_from: str | None = None,
        author_id: int | None = None,
        subtype_xmlid: str | None = None,
        partner_ids: Sequence[int] | None = None,
        attachment_ids: Sequence[int] | None = None,
        body_is_html: bool = False,
        **kwargs: Any,
    ) -> Any:
        self.ensure_one()
        self._check_exists()
        return self.env["mail.message"].browse(post(
            self.env, self._name, self.ids[0], body=body, subject=subject, message_type=message_type, email_from=email_from,
            partner_ids=list(partner_ids or []), attachment_ids=list(attachment_ids or []),
        ))


def post(env: Env, model: str, res_id: int, *, body: str, subject: str | None, message_type: str, email_from: str | None,
         partner_ids: list[int], attachment_ids: list[int]) -> int:
    """Create the message, attach the files, and deliver it to each recipient (outbox + notification)."""
    db = env.db
    user = db.row("res.users", env.uid) or {}
    author = _partner(db, user.get("partner_id"))
    sender = email_from or (formatted(str(author.get("name") or ""), str(author["email"])) if author.get("email") else "")
    for att_id in attachment_ids:
        att = db.row("ir.attachment", att_id)
        if att is None:
            raise UserError(f"Record does not exist or has been deleted. (Record: ir.attachment({att_id},), User: {env.uid})")
        if att.get("res_model") in COMPOSER and att.get("create_uid") == env.uid:
            db.update("ir.attachment", att_id, {"res_model": model, "res_id": res_id})
    now = db.now()
    message: int = env["mail.message"].create([{
        "model": model, "res_id": res_id, "subject": subject or False, "body": body, "message_type": message_type,
        "email_from": sender, "author_id": author.get("id"), "date": now, "partner_ids": [[6, 0, partner_ids]],
        "attachment_ids": [[6, 0, attachment_ids]],
    }]).ids[0]
    for partner_id in partner_ids:
        email = str(_partner(db, partner_id).get("email") or "")
        failure = "mail_from_missing" if not sender else "mail_email_missing" if not email else None
        mail = env["mail.mail"].create([{
            "mail_message_id": message, "subject": subject or False, "email_from": sender, "email_to": email,
            "body_html": body, "recipient_ids": [[6, 0, [partner_id]]], "attachment_ids": [[6, 0, attachment_ids]],
            "state": "exception" if failure else "sent", "failure_reason": MAIL_FROM_MISSING if failure == "mail_from_missing" else False,
        }]).ids[0]
        env["mail.notification"].create([{
            "mail_message_id": message, "mail_mail_id": mail, "res_partner_id": partner_id, "notification_type": "email",
            "notification_status": "exception" if failure else "sent", "failure_type": failure or False,
            "failure_reason": MAIL_FROM_MISSING if failure == "mail_from_missing" else False,
        }])
    return message


def portal_url(move: BaseModel, report_type: str | None, download: bool | None) -> str:
    """`portal.mixin.get_portal_url` for an invoice: `/my/invoices/<id>?access_token=...`, the token made on first use."""
    move.ensure_one()
    move._check_exists()
    row = move.row
    token = row.get("access_token")
    if not token:
        token = str(uuid.uuid4())
        move.db.update(move._name, row["id"], {"access_token": token})
    url = f"/my/invoices/{row['id']}?access_token={token}"
    if report_type:
        url += f"&report_type={report_type}"
    if download:
        url += "&download=true"
    return url


@register("ir.attachment")
class IrAttachment(BaseModel):
    pass


@register("mail.message")
class MailMessage(BaseModel):
    pass


@register("mail.notification")
class MailNotification(BaseModel):
    pass


@register("mail.mail")
class MailMail(BaseModel):
    @rpc
    @api_model
    def process_email_queue(self, ids: Sequence[int] | None = None, batch_size: int = 1000) -> Any:
        """The mail cron: the sandbox sends on posting, so the queue is always empty; Odoo returns None then."""
        return None


def invoice_filename(move: Row) -> str:
    return f"{str(move.get('name') or move['id']).replace('/', '_')}.pdf"


def _kind(move: Row) -> str:
    return "Credit Note" if move.get("move_type") == "out_refund" else "Invoice"


@register("account.move.send.wizard")
class AccountMoveSendWizard(BaseModel):
    """The invoice "Send" wizard (one invoice): its `onchange` defaults, and `action_send_and_print`."""

    @rpc
    def onchange(self, values: Mapping[str, Any], field_names: Sequence[str], fields_spec: Mapping[str, Any]) -> dict[str, Any]:
        ids = self.env.context.get("active_ids") or [values.get("move_id")]
        move = self._move(ids[0])
        defaults = self._defaults_for(move)
        value: dict[str, Any] = {}
        for name in fields_spec:
            if name == "mail_partner_ids":
                value[name] = [
                    [4, pid, {"id": pid, **{k: _partner(self.db, pid).get(k) or False for k in ("email", "display_name", "name")}}]
                    for pid in defaults["mail_partner_ids"]
                ]
                if "display_name" in (fields_spec[name].get("fields") or {}):
                    for command in value[name]:
                        command[2]["display_name"] = _partner(self.db, command[1]).get("name") or False
            elif name in defaults:
                value[name] = defaults[name]
            elif name == "template_id":
                value[name] = False  # the sandbox has no mail templates
        return {"value": value}

    def _move(self, move_id: Any) -> Row:
        move = self.db.row("account.move", move_id)
        if move is None:
            raise UserError(f"Record does not exist or has been deleted. (Record: account.move({move_id},), User: {self.env.uid})")
        if move.get("state") != "posted":
            raise UserError("You can't generate invoices that are not posted.")
        if move.get("move_type") not in accounting.SALE_TYPES:
            raise UserError("You can only generate sales documents.")
        return move

    def _defaults_for(self, move: Row) -> dict[str, Any]:
        company = self.db.row("res.company", move.get("company_id")) or {}
        commercial = _partner(self.db, move.get("commercial_partner_id") or move.get("partner_id"))
        legal = self.db.row("ir.attachment", move.get("invoice_pdf_report_id"))
        widget = (
            [{"id": legal["id"], "name": legal["name"], "mimetype": "application/pdf", "placeholder": False, "protect_from_deletion": True}]
            if legal
            else [{"id": f"placeholder_{invoice_filename(move)}", "name": invoice_filename(move), "mimetype": "application/pdf",
                   "placeholder": True}]
        )
        return {
            "move_id": move["id"],
            "subject": f"{company.get('name')} {_kind(move)} (Ref {move.get('name') or 'n/a'})",
            "body": f"<p>Dear {commercial.get('name')},<br/><br/>Here is your {_kind(move).lower()} {move.get('name')}.</p>",
            "mail_partner_ids": [commercial["id"]] if commercial.get("email") else [],
            "mail_attachments_widget": widget,
            "sending_methods": ["email"],
            "alerts": False,
        }

    def _create_one(self, vals: dict[str, Any]) -> int:
        move = self._move(vals.get("move_id") or (self.env.context.get("active_ids") or [None])[0])
        defaults = self._defaults_for(move)
        full = {"move_id": move["id"], "subject": defaults["subject"], "body": defaults["body"],
                "mail_partner_ids": [[6, 0, defaults["mail_partner_ids"]]], "sending_methods": ["email"], **vals}
        return super()._create_one(full)

    @rpc
    @writes
    def action_send_and_print(self, allow_fallback_pdf: bool = False) -> dict[str, Any]:
        self.ensure_one()
        self._check_exists()
        wizard = self.row
        move = self._move(wizard["move_id"])
        recipients = list(wizard.get("mail_partner_ids") or [])
        if any(not _partner(self.db, pid).get("email") for pid in recipients):
            raise UserError("Partner(s) should have an email address.")
        legal = legal_pdf(self.env, move)
        if "email" in (wizard.get("sending_methods") or []) and recipients:
            copy = self.env["ir.attachment"].create([{"name": legal["name"], "datas": legal["datas"], "mimetype": "application/pdf",
                                                      "res_model": "mail.compose.message", "res_id": 0}]).ids[0]
            post(self.env, "account.move", move["id"], body=str(wizard.get("body") or ""), subject=wizard.get("subject"),
                 message_type="comment", email_from=_invoice_sender(self.db, move, self.env.uid), partner_ids=recipients,
                 attachment_ids=[copy])
        return {"type": "ir.actions.act_window_close"}


def _invoice_sender(db: Database, move: Row, uid: int) -> str | None:
    """The invoice template's `email_from`: the salesperson's, the company's, or the user's address."""
    for row in (_user_partner(db, move.get("invoice_user_id")), db.row("res.company", move.get("company_id")), _user_partner(db, uid)):
        if row and row.get("email"):
            return formatted(str(row.get("name") or ""), str(row["email"]))
    return None


def _user_partner(db: Database, uid: int | None) -> Row | None:
    user = db.row("res.users", uid)
    return db.row("res.partner", user.get("partner_id")) if user else None


def legal_pdf(env: Env, move: Row) -> Row:
    """The invoice's stored PDF (`invoice_pdf_report_id`), made on the first send as Odoo does."""
    db = env.db
    existing = db.row("ir.attachment", move.get("invoice_pdf_report_id"))
    if existing:
        return existing
    att_id = env["ir.attachment"].create([{
        "name": invoice_filename(move), "datas": base64.b64encode(invoice_pdf(db, move)).decode("ascii"), "mimetype": "application/pdf",
        "res_model": "account.move", "res_id": move["id"], "res_field": "invoice_pdf_report_file",
    }]).ids[0]
    db.update("account.move", move["id"], {"invoice_pdf_report_id": att_id, "is_move_sent": True})
    return db.row("ir.attachment", att_id) or {}


def invoice_pdf(db: Database, move: Row) -> bytes:
    partner = _partner(db, move.get("partner_id"))
    company = db.row("res.company", move.get("company_id")) or {}
    return one_page_pdf([
        str(company.get("name") or ""),
        f"{_kind(move)} {move.get('name')}",
        f"Customer: {partner.get('name')}",
        f"Date: {move.get('invoice_date')}  Due: {move.get('invoice_date_due')}",
        f"Total: {move.get('amount_total')}  Open: {move.get('amount_residual')}",
    ])


def one_page_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF 1.4 showing `lines` (Helvetica), with a correct cross-reference table."""
    def text(value: str) -> str:
        return value.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({text(line)}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PORTAL_INVOICE = re.compile(r"^/my/invoices/(\d+)$")


def portal_invoice_pdf(env: Env, path: str, query: str) -> tuple[int, bytes, dict[str, str]] | None:
    """`GET /my/invoices/<id>?access_token=...&report_type=pdf&download=true`: the customer's PDF, or None (not found)."""
    match = PORTAL_INVOICE.match(path)
    if not match:
        return None
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    move = env.db.row("account.move", int(match.group(1)))
    if not move or not move.get("access_token") or params.get("access_token") != move["access_token"]:
        return None
    if params.get("report_type") != "pdf" or move.get("state") != "posted":
        return None
    legal = env.db.row("ir.attachment", move.get("invoice_pdf_report_id"))
    content = _raw(legal.get("datas")) if legal else invoice_pdf(env.db, move)
    disposition = "attachment" if params.get("download") == "true" else "inline"
    headers = {"Content-Type": "application/pdf", "Content-Disposition": f"{disposition}; filename*=UTF-8''{invoice_filename(move)}"}
    return 200, content, headers
