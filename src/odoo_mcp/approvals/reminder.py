"""send_payment_reminder: a polite reminder for one overdue invoice, with the invoice's PDF, from the company.

Community Odoo has no follow-up module (that is Enterprise), so the reminder is a message posted on
the invoice with Odoo's `message_post`, which Odoo delivers by e-mail like any chatter message. The
text is written when the request is filed and stored in the plan, so the customer reads exactly
what the owner approved: the invoice, its total, the open amount and the days overdue on that day.
The PDF is the invoice's own (`odoo/invoice_pdf.py`), fetched when it is sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..accounting.money import to_money
from ..odoo import Many2one
from ..odoo.invoice_pdf import invoice_pdf, pdf_filename
from . import lookups, mailing
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Outcome, Proposal, fmt
from .inputs import PaymentReminder
from .plans import ReminderPlan


async def propose(books: Books, q: PaymentReminder) -> Proposal:
    client = books.client
    rows = await lookups.payable_moves(client, [q.invoice])
    move = rows[0]
    label = move.get("name") or move["id"]
    if move.get("move_type") != "out_invoice" or move.get("state") != "posted":
        raise InvalidRequest(f"{label} is not a posted customer invoice: reminders are for customers' overdue invoices")
    company = await books.accounting.company()
    open_amount = to_money(move.get("amount_residual"), company.decimals)
    if open_amount <= 0:
        raise InvalidRequest(f"{label} is {move.get('payment_state')}: nothing is left to pay, no reminder to send")
    today = books.accounting.today()
    due = dt.date.fromisoformat(str(move.get("invoice_date_due")))
    if due >= today:
        raise InvalidRequest(f"{label} is due on {due}, not overdue yet: a reminder is for an invoice past its due date")
    partner = Many2one.parse(move.get("partner_id"))
    recipients = await mailing.partner_recipients(client, partner.id or 0)
    sender = await mailing.company_sender(books)
    currency = Many2one.parse(move.get("currency_id")).name or company.currency
    total = to_money(move.get("amount_total"), company.decimals)
    days = (today - due).days
    subject = f"{company.name}: payment reminder for invoice {label} ({days} days overdue)"
    body = _body(partner.name or "", str(label), total, open_amount, currency, due, days, today, company.name)
    plan = ReminderPlan(
        company_id=company.id, model="account.move", res_id=int(move["id"]), recipients=recipients, sender=sender, subject=subject,
        attachment=pdf_filename(str(label)), number=str(label), partner_id=partner.id or 0, currency=currency, amount_total=total,
        open_amount=open_amount, due_date=due, days_overdue=days, as_of=today, body=body,
    )
    flags = await mailing.sent_before(client, plan.model, plan.res_id, ("ilike", "payment reminder"), f"a payment reminder for {label}")
    return mailing.proposal(
        "send_payment_reminder",
        plan,
        headline=f"E-mail a payment reminder for {label} to {mailing.addresses(recipients)}: "
                 f"{fmt(open_amount, currency)} open, {days} days overdue (due {due}).",
        details=[
            f"Invoice {label}: total {fmt(total, currency)}, open {fmt(open_amount, currency)}, due {due}, {days} days overdue on {today}",
            "The message says: invoice, total, due date, days overdue, the open amount, a request to pay or to tell us it was paid",
            "Refused if the open amount, the customer or their address change before it is sent",
        ],
        amount=open_amount,
        currency=currency,
        flags=flags,
    )


def _body(partner: str, number: str, total: Any, open_amount: Any, currency: str, due: dt.date, days: int, as_of: dt.date,
          company: str) -> str:
    e = mailing.html_text
    return (
        f"<p>Dear {e(partner)},</p>"
        f"<p>Our records show that invoice <strong>{e(number)}</strong> of {e(fmt(total, currency))}, due on {e(due)}, "
        f"is <strong>{days} days overdue</strong>: {e(fmt(open_amount, currency))} is still open as of {e(as_of)}.</p>"
        "<p>Please arrange the payment at your earliest convenience, or let us know if it has already been made. "
        "The invoice is attached.</p>"
        f"<p>Kind regards,<br/>{e(company)}</p>"
    )


async def run(books: Books, plan: ReminderPlan, attempt: Attempt) -> Outcome:
    client = books.client
    decimals = (await books.accounting.company()).decimals

    async def current() -> dict[str, Any]:
        return await lookups.read_move(client, plan.res_id)

    async def recheck() -> None:
        move = await current()
        open_now = to_money(move.get("amount_residual"), decimals)
        if move.get("state") != "posted":
            raise ChangedSinceApproval(f"{plan.number} is {move.get('state')} now; no reminder was sent")
        if open_now != plan.open_amount:
            raise ChangedSinceApproval(f"the open amount of {plan.number} changed from {plan.open_amount} to {open_now}; "
                                       "no reminder was sent")
        if (Many2one.parse(move.get("partner_id")).id or 0) != plan.partner_id:
            raise ChangedSinceApproval(f"the customer of {plan.number} changed; no reminder was sent")

    async def send() -> None:
        pdf = await invoice_pdf(client, plan.res_id)
        await mailing.post_message(client, plan, plan.body, [(plan.attachment or pdf.filename, pdf.content)])

    async def also() -> list[dict[str, Any]]:
        return [lookups.move_record(await current(), decimals)]

    return await mailing.run_once(books, plan, attempt, what=f"a payment reminder for {plan.number}", recheck=recheck, send=send,
                                  also=also)
