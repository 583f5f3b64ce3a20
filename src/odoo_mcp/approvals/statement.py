"""send_customer_statement: e-mail a customer the list of their open invoices on a day, with totals.

The figures are Odoo's: each invoice's open amount on that day (`AccountingService.open_invoices`:
today's residual, or for a past day the receivable items minus the reconciliations dated by then),
added up in Decimal. The message is posted on the customer's own record (`res.partner` is a
mail thread) with `message_post`, so it shows in their chatter. The table is written when the
request is filed and stored in the plan; just before sending the open invoices are read again and
any difference (an invoice paid, a new one, another amount) refuses the request.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..accounting.money import to_money
from ..odoo import Many2one
from . import lookups, mailing
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Outcome, Proposal, fmt
from .inputs import CustomerStatement
from .plans import OpenInvoice, StatementPlan


async def _invoices(books: Books, partner_id: int, as_of: dt.date) -> list[OpenInvoice]:
    items = await books.accounting.open_invoices(partner_id, as_of)
    return [OpenInvoice(id=i.move_id, number=i.number, due_date=i.due, open_amount=i.amount, days_overdue=max(0, (as_of - i.due).days))
            for i in items]


async def propose(books: Books, q: CustomerStatement) -> Proposal:
    client = books.client
    row = await lookups.partner(client, q.partner_id)
    entity = Many2one.parse(row.get("commercial_partner_id"))
    partner_id = entity.id or q.partner_id
    name = entity.name or str(row.get("name") or partner_id)
    company = await books.accounting.company()
    as_of = q.as_of or books.accounting.today()
    invoices = await _invoices(books, partner_id, as_of)
    if not invoices:
        raise InvalidRequest(f"{name} had no open invoices on {as_of}: there is no statement to send")
    recipients = await mailing.partner_recipients(client, q.partner_id)
    sender = await mailing.company_sender(books)
    zero = to_money(0, company.decimals)
    open_total = sum((i.open_amount for i in invoices), zero)
    overdue_total = sum((i.open_amount for i in invoices if i.due_date < as_of), zero)
    currency = company.currency
    subject = f"{company.name}: statement of account as of {as_of}"
    plan = StatementPlan(
        company_id=company.id, model="res.partner", res_id=partner_id, recipients=recipients, sender=sender, subject=subject,
        partner_id=partner_id, partner=name, currency=currency, as_of=as_of, invoices=invoices, open_total=open_total,
        overdue_total=overdue_total, body=_body(name, company.name, currency, as_of, invoices, open_total, overdue_total),
    )
    flags = await mailing.sent_before(client, plan.model, plan.res_id, ("=", subject), f"a statement as of {as_of}")
    return mailing.proposal(
        "send_customer_statement",
        plan,
        headline=f"E-mail {name} a statement of {len(invoices)} open invoices as of {as_of}: {fmt(open_total, currency)} open, "
                 f"{fmt(overdue_total, currency)} overdue.",
        details=[
            *[f"{i.number}: due {i.due_date}, open {fmt(i.open_amount, currency)}"
              + (f", {i.days_overdue} days overdue" if i.days_overdue else "") for i in invoices],
            f"Total open {fmt(open_total, currency)}, of which overdue {fmt(overdue_total, currency)} "
            "(company currency, Odoo's open amounts)",
            "Refused if any open invoice or amount differs when it is sent",
        ],
        amount=open_total,
        currency=currency,
        flags=flags,
    )


def _body(partner: str, company: str, currency: str, as_of: dt.date, invoices: list[OpenInvoice], open_total: Decimal,
          overdue_total: Decimal) -> str:
    e = mailing.html_text
    cell = 'style="padding:2px 8px;border-bottom:1px solid #ddd"'
    right = 'style="padding:2px 8px;border-bottom:1px solid #ddd;text-align:right"'
    rows = "".join(
        f"<tr><td {cell}>{e(i.number)}</td><td {cell}>{e(i.due_date)}</td><td {right}>{e(f'{i.open_amount:,}')}</td>"
        f"<td {right}>{i.days_overdue or ''}</td></tr>"
        for i in invoices
    )
    return (
        f"<p>Dear {e(partner)},</p>"
        f"<p>Here is your statement of account as of {e(as_of)}: the invoices still open on that day, amounts in {e(currency)}.</p>"
        f'<table style="border-collapse:collapse"><tr><th {cell}>Invoice</th><th {cell}>Due</th><th {right}>Open</th>'
        f"<th {right}>Days overdue</th></tr>{rows}"
        f"<tr><th {cell} colspan=\"2\">Total open</th><th {right}>{e(f'{open_total:,}')}</th><th {cell}></th></tr>"
        f"<tr><th {cell} colspan=\"2\">Of which overdue</th><th {right}>{e(f'{overdue_total:,}')}</th><th {cell}></th></tr></table>"
        "<p>If a payment has crossed this message, please disregard it; if anything differs from your records, let us know.</p>"
        f"<p>Kind regards,<br/>{e(company)}</p>"
    )


async def run(books: Books, plan: StatementPlan, attempt: Attempt) -> Outcome:
    async def recheck() -> None:
        now = await _invoices(books, plan.partner_id, plan.as_of)
        if now != plan.invoices:
            raise ChangedSinceApproval(
                f"{plan.partner}'s open invoices on {plan.as_of} changed since the request "
                f"({len(plan.invoices)} for {plan.open_total} then, {len(now)} for {sum((i.open_amount for i in now), Decimal(0))} now); "
                "nothing was sent"
            )

    async def send() -> None:
        await mailing.post_message(books.client, plan, plan.body, [])

    return await mailing.run_once(books, plan, attempt, what=f"a statement as of {plan.as_of}", recheck=recheck, send=send)
