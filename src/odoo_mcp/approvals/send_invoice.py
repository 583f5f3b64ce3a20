"""send_invoice: e-mail a posted customer invoice with its PDF through Odoo's own "Send" wizard.

The wizard (`account.move.send.wizard`) is what the Send button opens: it picks the invoice e-mail
template, the recipients, the subject, renders the legal PDF (stored on the invoice) and posts the
message with it. The request shows what the wizard would send, read with its `onchange` (nothing
saved); the execution creates the wizard with exactly those recipients and that subject, so what
goes out is what the owner read. Refused when nobody to send to has an e-mail address, or when
there is no address to send from.
"""

from __future__ import annotations

from typing import Any

from ..accounting.money import to_money
from ..accounting.service import CUSTOMER_TYPES
from ..odoo import Many2one, OdooClient
from . import lookups, mailing
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Outcome, Proposal, fmt
from .inputs import SendInvoice
from .lookups import KIND
from .plans import Recipient, SendInvoicePlan

WIZARD = "account.move.send.wizard"
_SPEC: dict[str, Any] = {
    "subject": {},
    "mail_partner_ids": {"fields": {"email": {}, "display_name": {}}},
    "mail_attachments_widget": {},
    "template_id": {"fields": {"display_name": {}}},
}


def _context(move_id: int) -> dict[str, Any]:
    return {"active_model": "account.move", "active_ids": [move_id]}


async def wizard_defaults(client: OdooClient, move_id: int) -> dict[str, Any]:
    """What the Send wizard proposes for this invoice (its `onchange`: computed, not saved)."""
    # ids=[]: `onchange` is a record method (on no record); JSON-RPC needs the empty id list as its first argument.
    answer = await client.call(WIZARD, "onchange", ids=[], values={}, field_names=[], fields_spec=_SPEC, context=_context(move_id))
    value = answer.get("value") if isinstance(answer, dict) else None
    return value if isinstance(value, dict) else {}


def _recipients(value: Any) -> list[dict[str, Any]]:
    """The wizard's `mail_partner_ids` in onchange form (`[[4, id, {...}], ...]` or plain records) as records."""
    rows = []
    for item in value or []:
        if isinstance(item, dict):
            rows.append(item)
        elif isinstance(item, list) and len(item) == 3 and isinstance(item[2], dict):
            rows.append({"id": item[1], **item[2]})
    return rows


def _pdf_name(widget: Any) -> str | None:
    for item in widget or []:
        if isinstance(item, dict) and item.get("mimetype") == "application/pdf" and item.get("name"):
            return str(item["name"])
    return None


async def _sender(client: OdooClient, move: dict[str, Any], company_id: int) -> str:
    """The invoice template's From: the salesperson's address, else the company's, else the sending user's."""
    salesperson = Many2one.parse(move.get("invoice_user_id")).id
    uid = await client.uid()
    users = {int(u["id"]): u for u in await client.read("res.users", sorted({uid, *([salesperson] if salesperson else [])}),
                                                          ["name", "email"])}
    company = (await client.read("res.company", [company_id], ["name", "email"]))[0]
    for row in (users.get(salesperson or 0), company, users.get(uid)):
        if row and row.get("email"):
            return mailing.formatted(str(row.get("name") or ""), str(row["email"]))
    raise InvalidRequest(
        "nobody to send from: the salesperson, the company and the API user have no e-mail address; set the company's "
        "in Odoo (Settings > Companies), then file the request again"
    )


async def _facts(books: Books, move_id: int) -> tuple[dict[str, Any], list[Recipient], str, str | None, int | None, str]:
    client = books.client
    move = await lookups.read_move(client, move_id, [*lookups.MOVE_READ, "invoice_user_id"])
    label = move.get("name") or move_id
    if move.get("move_type") not in CUSTOMER_TYPES:
        raise InvalidRequest(f"{label} is a {KIND.get(str(move.get('move_type')), move.get('move_type'))}: only customer invoices "
                             "and credit notes are sent to customers")
    if move.get("state") != "posted":
        raise InvalidRequest(f"{label} is {move.get('state')}: only posted invoices can be sent (post_invoice first)")
    defaults = await wizard_defaults(client, move_id)
    recipients = [Recipient(id=int(r["id"]), name=str(r.get("display_name") or ""), email=str(r["email"]))
                  for r in _recipients(defaults.get("mail_partner_ids")) if r.get("email")]
    if not recipients:
        partner = Many2one.parse(move.get("commercial_partner_id")) or Many2one.parse(move.get("partner_id"))
        raise InvalidRequest(mailing.no_email(partner.name or str(partner.id), partner.id or 0))
    company = await books.accounting.company()
    sender = await _sender(client, move, company.id)
    template = Many2one.parse(defaults.get("template_id")).id
    return move, recipients, str(defaults.get("subject") or ""), _pdf_name(defaults.get("mail_attachments_widget")), template, sender


async def propose(books: Books, q: SendInvoice) -> Proposal:
    rows = await lookups.payable_moves(books.client, [q.invoice])
    move, recipients, subject, attachment, template, sender = await _facts(books, int(rows[0]["id"]))
    company = await books.accounting.company()
    if not subject:
        raise InvalidRequest(f"Odoo's invoice e-mail template gives no subject for {move.get('name')}: check the template in Odoo")
    currency = Many2one.parse(move.get("currency_id")).name or company.currency
    total = to_money(move.get("amount_total"), company.decimals)
    partner = Many2one.parse(move.get("partner_id"))
    plan = SendInvoicePlan(
        company_id=company.id, model="account.move", res_id=int(move["id"]), recipients=recipients, sender=sender, subject=subject,
        attachment=attachment, number=str(move.get("name")), move_type=str(move["move_type"]), partner_id=partner.id or 0,
        currency=currency, amount_total=total, template_id=template,
    )
    kind = KIND[plan.move_type]
    flags = await mailing.sent_before(books.client, plan.model, plan.res_id, ("=", plan.subject), f"{kind} {plan.number}")
    return mailing.proposal(
        "send_invoice",
        plan,
        headline=f"E-mail {kind} {plan.number} ({fmt(total, currency)}) to {mailing.addresses(recipients)} with its PDF, "
                 "through Odoo's Send wizard.",
        details=[
            f"Document: {kind} {plan.number}, {partner.name}, total {fmt(total, currency)}, "
            f"open {fmt(to_money(move.get('amount_residual'), company.decimals), currency)}",
            "Odoo's invoice e-mail template writes the message; the PDF is the legal one Odoo stores on the invoice",
            "Refused if the invoice, its recipients' addresses or the template's subject change before it is sent",
        ],
        amount=total,
        currency=currency,
        flags=flags,
    )


async def run(books: Books, plan: SendInvoicePlan, attempt: Attempt) -> Outcome:
    client = books.client
    decimals = (await books.accounting.company()).decimals

    async def recheck() -> None:
        try:
            move, recipients, subject, attachment, _template, sender = await _facts(books, plan.res_id)
        except InvalidRequest as exc:
            raise ChangedSinceApproval(f"{exc}; nothing was sent") from None
        now = {
            "partner": Many2one.parse(move.get("partner_id")).id or 0, "total": to_money(move.get("amount_total"), decimals),
            "recipients": recipients, "subject": subject, "attachment": attachment, "sender": mailing.address(sender),
        }
        approved = {"partner": plan.partner_id, "total": plan.amount_total, "recipients": plan.recipients, "subject": plan.subject,
                    "attachment": plan.attachment, "sender": mailing.address(plan.sender)}
        changed = [key for key in approved if approved[key] != now[key]]
        if changed:
            raise ChangedSinceApproval(f"the invoice's {', '.join(changed)} changed since the request; nothing was sent")

    async def send() -> None:
        vals = {"move_id": plan.res_id, "sending_methods": ["email"], "subject": plan.subject,
                "mail_partner_ids": [[6, 0, [r.id for r in plan.recipients]]]}
        wizard = (await client.create(WIZARD, [vals], context=_context(plan.res_id)))[0]
        await client.call(WIZARD, "action_send_and_print", ids=[wizard], context=_context(plan.res_id))

    async def also() -> list[dict[str, Any]]:
        return [lookups.move_record(await lookups.read_move(client, plan.res_id), decimals)]

    return await mailing.run_once(books, plan, attempt, what=f"invoice {plan.number}", recheck=recheck, send=send, also=also)
