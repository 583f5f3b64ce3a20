"""Gathers a month's figures and today's open items from `AccountingService`, all before anything is written.

Nothing here queries Odoo itself: every figure comes from the service the MCP tools use, so
a month file and `get_revenue` can never disagree. Everything is gathered first and returned
whole; if Odoo fails half-way, the caller gets an exception and no partial snapshot exists.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..accounting.models import (
    MoveQuery,
    MoveSummary,
    OverdueQuery,
    OverdueReport,
    PartnerBalanceQuery,
    PaymentQuery,
    PaymentSummary,
    PeriodQuery,
)
from ..accounting.money import Money
from ..accounting.periods import month_bounds
from ..accounting.service import AccountingService
from ..odoo import OdooError
from .models import (
    CurrentState,
    DocRow,
    DraftRow,
    MonthSnapshot,
    OpenItems,
    OverdueRow,
    PaymentRow,
    Receivables,
    WeekRevenue,
)

PAGE = 200
MAX_ROWS = 20_000  # far beyond a small business's month; a guard against paging forever
MOST_OVERDUE = 50
DUE_SOON_DAYS = 7
# Odoo 19 payment states that mean the money came in (draft is not yet, rejected/canceled never).
RECEIVED_STATES = frozenset({"in_process", "paid"})

# move_type -> (what the owner calls it, sign that makes the column sum to the net figure)
_KINDS: dict[str, str] = {"out_invoice": "invoice", "out_refund": "credit note", "in_invoice": "bill", "in_refund": "refund"}

T = TypeVar("T")


class _Page(Protocol[T]):  # MoveList and PaymentList
    items: list[T]
    next_offset: int | None


async def all_pages(fetch: Callable[[int], Awaitable[_Page[T]]]) -> list[T]:
    """Every row of a paginated service list, page by page (the service caps a page at 200)."""
    items: list[T] = []
    offset: int | None = 0
    while offset is not None:
        page = await fetch(offset)
        items.extend(page.items)
        if len(items) > MAX_ROWS:
            raise OdooError(f"more than {MAX_ROWS} rows for one list: refusing to write a file that large")
        offset = page.next_offset
    return items


def doc_row(move: MoveSummary) -> DocRow:
    kind = _KINDS.get(move.move_type, move.move_type)
    status = move.payment_state if move.state == "posted" and move.payment_state else move.state
    return DocRow(
        id=move.id,
        number=move.number,
        kind=kind,
        partner=move.partner,
        invoice_date=move.invoice_date,
        due_date=move.due_date,
        status=status.replace("_", " "),
        total=move.total,  # already negative for credit notes and refunds
        open=move.residual,
        currency=move.currency,
        partner_id=move.partner_id,
        open_company_currency=move.residual_company_currency,
    )


def payment_row(payment: PaymentSummary) -> PaymentRow:
    return PaymentRow(
        id=payment.id,
        name=payment.name,
        date=payment.date,
        partner=payment.partner,
        amount=payment.amount_company_currency,
        state=payment.state.replace("_", " "),
        memo=payment.memo,
    )


def due_within(rows: list[DocRow], as_of: dt.date, days: int = DUE_SOON_DAYS) -> list[DocRow]:
    """Open documents due from `as_of` to `as_of + days` (inclusive), soonest first."""
    horizon = as_of + dt.timedelta(days=days)
    return sorted(
        (r for r in rows if r.due_date and as_of <= r.due_date <= horizon and r.open != 0),
        key=lambda r: (r.due_date, r.number),
    )


async def _moves(fetch: Callable[[MoveQuery], Awaitable[_Page[MoveSummary]]], **filters: object) -> list[DocRow]:
    rows = await all_pages(lambda offset: fetch(MoveQuery(limit=PAGE, offset=offset, **filters)))
    return [doc_row(m) for m in rows]


async def _open(fetch: Callable[[MoveQuery], Awaitable[_Page[MoveSummary]]]) -> list[DocRow]:
    rows = await _moves(fetch, open_only=True)
    return sorted(rows, key=lambda r: (r.due_date or dt.date.max, r.number))


async def _received(acc: AccountingService, date_from: dt.date, date_to: dt.date) -> list[PaymentRow]:
    payments = await all_pages(
        lambda offset: acc.list_payments(
            PaymentQuery(direction="inbound", date_from=date_from, date_to=date_to, limit=PAGE, offset=offset)
        )
    )
    rows = [payment_row(p) for p in payments if p.state in RECEIVED_STATES]
    return sorted(rows, key=lambda r: (r.date or dt.date.min, r.name))


async def _drafts(acc: AccountingService, as_of: dt.date) -> list[DraftRow]:
    invoices, bills = await asyncio.gather(
        all_pages(lambda o: acc.list_invoices(MoveQuery(state="draft", limit=PAGE, offset=o))),
        all_pages(lambda o: acc.list_vendor_bills(MoveQuery(state="draft", limit=PAGE, offset=o))),
    )
    created = await acc.created_dates([m.id for m in (*invoices, *bills)])
    rows = []
    for kind, moves in (("invoice", invoices), ("bill", bills)):
        for m in moves:
            day = created.get(m.id)
            dated = m.invoice_date or day  # the document's own date when it has one: a draft typed in late is not new
            rows.append(
                DraftRow(
                    id=m.id,
                    kind=kind,
                    partner=m.partner,
                    created=day,
                    age_days=(as_of - dated).days if dated else None,
                    invoice_date=m.invoice_date,
                    total=m.total,
                    currency=m.currency,
                )
            )
    return sorted(rows, key=lambda r: (-(r.age_days or 0), r.id))


async def open_items(acc: AccountingService, as_of: dt.date) -> OpenItems:
    """Open invoices and bills and drafts: what today's events and due dates come from. Payments received are
    news, not a to-do: they are listed in the month file, not raised as events."""
    company, invoices, bills, drafts = await asyncio.gather(
        acc.company(),
        _open(acc.list_invoices),
        _open(acc.list_vendor_bills),
        _drafts(acc, as_of),
    )
    return OpenItems(as_of=as_of, currency=company.currency, open_invoices=invoices, open_bills=bills, drafts=drafts)


async def receivables(acc: AccountingService, as_of: dt.date) -> Receivables:
    return _aged(await acc.overdue(OverdueQuery(as_of=as_of, limit=MOST_OVERDUE)))


async def payables(acc: AccountingService, as_of: dt.date) -> Receivables:
    """Overdue vendor bills on `as_of`: Odoo's aging of what we owe (we are late paying), most overdue first."""
    return _aged(await acc.payables(OverdueQuery(as_of=as_of, limit=MOST_OVERDUE)))


@dataclass(frozen=True)
class Today:
    """What is true today of both sides: overdue receivables and payables (Odoo's aging) and everything open (Odoo's sums)."""

    receivables: Receivables
    payables: Receivables
    open_receivables: Money
    open_payables: Money


async def today(acc: AccountingService, as_of: dt.date) -> Today:
    """One concurrent round: the two agings and the two open totals (all partners, company currency)."""
    owed_to_us, owed_by_us, by_customer, by_vendor = await asyncio.gather(
        receivables(acc, as_of),
        payables(acc, as_of),
        acc.receivables_by_partner(PartnerBalanceQuery(as_of=as_of, limit=1)),
        acc.payables_by_partner(PartnerBalanceQuery(as_of=as_of, limit=1)),
    )
    return Today(owed_to_us, owed_by_us, by_customer.open, by_vendor.open)


def _aged(report: OverdueReport) -> Receivables:
    return Receivables(
        as_of=report.as_of,
        total=report.total,
        count=report.count,
        buckets=report.buckets,
        most_overdue=[
            OverdueRow(
                id=i.id, number=i.number, partner=i.partner, due_date=i.due_date, days_overdue=i.days_overdue, open=i.residual
            )
            for i in report.invoices
        ],
    )


async def month_snapshot(acc: AccountingService, month: str, *, items: OpenItems) -> MonthSnapshot:
    """All of a month's figures; the month holding `items.as_of` also gets today's receivables, due dates and drafts."""
    first, last = month_bounds(month)
    period = PeriodQuery(month=month)
    span = {"date_from": first, "date_to": last, "include_refunds": True, "state": "posted"}
    is_current = first <= items.as_of <= last
    # Two typed batches of at most six, run concurrently: one round of requests, not two.
    (company, revenue, expenses, pnl, vendors), (invoices, bills, payments, weeks, aging) = await asyncio.gather(
        asyncio.gather(
            acc.company(),
            acc.revenue(period),
            acc.expenses(period),
            acc.profit_and_loss(period),
            acc.expenses_by_vendor(period),
        ),
        asyncio.gather(
            _moves(acc.list_invoices, **span),
            _moves(acc.list_vendor_bills, **span),
            _received(acc, first, last),
            acc.revenue_by_week(first, last),
            today(acc, items.as_of) if is_current else _none(),
        ),
    )
    current = None
    if aging is not None:
        current = CurrentState(
            as_of=items.as_of,
            receivables=aging.receivables,
            due_invoices=due_within(items.open_invoices, items.as_of),
            due_bills=due_within(items.open_bills, items.as_of),
            drafts=items.drafts,
            payables=aging.payables,
            open_receivables=aging.open_receivables,
            open_payables=aging.open_payables,
        )
    def by_date(r: MoveSummary) -> tuple[dt.date, str, int]:
        return (r.invoice_date or dt.date.min, r.number, r.id)

    return MonthSnapshot(
        month=month,
        date_from=first,
        date_to=last,
        company=company.name,
        currency=company.currency,
        revenue=revenue.amount,
        revenue_count=revenue.count,
        expenses=expenses.amount,
        expenses_count=expenses.count,
        weeks=[
            WeekRevenue(date_from=w.date_from, date_to=w.date_to, amount=w.amount, count=w.count) for w in weeks
        ],
        income=pnl.income,
        pnl_expenses=pnl.expenses,
        net_profit=pnl.net_profit,
        pnl_lines=pnl.lines,
        vendors=vendors,
        invoices=sorted(invoices, key=by_date),
        payments=payments,
        bills=sorted(bills, key=by_date),
        current=current,
    )


async def _none() -> None:
    return None
