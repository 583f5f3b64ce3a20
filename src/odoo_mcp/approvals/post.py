"""post_invoice: confirm a draft exactly as the owner saw it (same partner, same totals), then check it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..accounting.money import to_money
from ..odoo import Many2one
from . import lookups
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Mismatch, Outcome, Proposal, StaleRequest, compare, fmt
from .inputs import PostInvoice
from .lookups import KIND, MOVE_READ
from .plans import PostPlan


async def propose(books: Books, q: PostInvoice) -> Proposal:
    rows = await books.client.read("account.move", [q.invoice_id], MOVE_READ)
    if not rows or rows[0].get("move_type") not in KIND:
        raise InvalidRequest(f"no customer invoice or vendor bill with id {q.invoice_id}")
    row = rows[0]
    if row.get("state") != "draft":
        raise InvalidRequest(f"{row.get('name') or q.invoice_id} is {row.get('state')}, not a draft: only drafts can be posted")
    company = await books.accounting.company()
    currency, decimals = company.currency, company.decimals
    total, untaxed = to_money(row.get("amount_total"), decimals), to_money(row.get("amount_untaxed"), decimals)
    link = Many2one.parse(row.get("partner_id"))
    partner = link.name or "(no partner)"
    kind = KIND[row["move_type"]]
    invoice_date = dt.date.fromisoformat(row["invoice_date"]) if row.get("invoice_date") else None
    due = dt.date.fromisoformat(row["invoice_date_due"]) if row.get("invoice_date_due") and invoice_date else None
    plan = PostPlan(
        company_id=company.id,
        move_id=q.invoice_id,
        move_type=str(row["move_type"]),
        partner_id=link.id or 0,
        partner=partner,
        currency=Many2one.parse(row.get("currency_id")).name or currency,
        amount_untaxed=untaxed,
        amount_total=total,
        invoice_date=invoice_date,
        due_date=due,
    )
    return Proposal(
        action="post_invoice",
        headline=f"Post (confirm) the draft {kind} for {partner}, {fmt(total, plan.currency)}: it gets its number and counts in the books.",
        details=[
            f"Draft id {q.invoice_id}, {kind}, partner {partner}",
            f"Untaxed {fmt(untaxed, plan.currency)}, total {fmt(total, plan.currency)}",
            f"Invoice date: {row.get('invoice_date') or 'today, set by Odoo'}; due {row.get('invoice_date_due') or '-'}",
            "Refused if the draft's partner or totals change before it is posted",
        ],
        amount=total,
        currency=plan.currency,
        recipient=partner,
        target=f"account.move {q.invoice_id}",
        plan=plan,
    )


def _checks(plan: PostPlan, row: dict[str, Any], decimals: int, *, state: str) -> list[Mismatch]:
    checks: list[tuple[str, Any, Any]] = [
        ("partner id", plan.partner_id, Many2one.parse(row.get("partner_id")).id or 0),
        ("currency", plan.currency, Many2one.parse(row.get("currency_id")).name),
        ("untaxed amount", plan.amount_untaxed, to_money(row.get("amount_untaxed"), decimals)),
        ("total", plan.amount_total, to_money(row.get("amount_total"), decimals)),
        ("state", state, row.get("state")),
    ]
    if plan.invoice_date:
        checks.append(("invoice date", plan.invoice_date.isoformat(), row.get("invoice_date") or None))
    if plan.due_date:
        checks.append(("due date", plan.due_date.isoformat(), row.get("invoice_date_due") or None))
    return compare(checks)


async def run(books: Books, plan: PostPlan, attempt: Attempt) -> Outcome:
    client = books.client
    decimals = (await books.accounting.company()).decimals
    row = await lookups.read_move(client, plan.move_id)
    if row.get("state") == "posted":
        record = lookups.move_record(row, decimals)
        return Outcome(
            [record],
            f"{record['name']} is already posted; nothing to do",
            found_existing=True,
            mismatches=_checks(plan, row, decimals, state="posted"),
        )
    if row.get("state") != "draft":
        raise StaleRequest(f"invoice/bill {plan.move_id} is {row.get('state')}, it can no longer be posted")
    changed = _checks(plan, row, decimals, state="draft")
    if changed:
        raise ChangedSinceApproval(
            f"the draft changed since the request ({'; '.join(m.describe().replace('Odoo stored', 'now') for m in changed)}); "
            "nothing was posted"
        )
    if attempt.dry_run:
        return Outcome([], f"would post draft {plan.move_id}", dry_run=True)
    await client.call("account.move", "action_post", ids=[plan.move_id])
    row = await lookups.read_move(client, plan.move_id)
    record = lookups.move_record(row, decimals)
    return Outcome(
        [record],
        f"posted {record['name']} (id {plan.move_id}), total {record['amount_total']}",
        mismatches=_checks(plan, row, decimals, state="posted"),
    )
