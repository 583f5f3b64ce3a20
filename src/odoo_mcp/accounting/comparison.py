"""A period against the one just before it and the same period last year.

Two concurrent groupings by Odoo cover all three periods at once: posted journal items of the income
and expense accounts by account type and accounting date (income, expenses, net: the basis of
`get_profit_and_loss`), and posted customer invoices net of credit notes by invoice date (invoiced
revenue, the basis of `get_revenue`). Per month when every period is whole months, else per day; the
groups are added up into each period in Decimal.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..odoo import Domain
from .models import Period, PeriodQuery
from .money import Money, to_money
from .periods import previous_period, same_period_last_year, whole_months
from .service import CUSTOMER_TYPES, EXPENSE_ACCOUNT_TYPES, INCOME_ACCOUNT_TYPES, AccountingService

Figure = Literal["income", "expenses", "net", "invoiced_revenue"]
FIGURES: tuple[Figure, ...] = ("income", "expenses", "net", "invoiced_revenue")
NO_BASE = "no percentage: the base is zero"
BASIS = (
    "income, expenses and net from posted journal items on income and expense accounts by accounting date; "
    "invoiced revenue from posted customer invoices net of credit notes by invoice date; untaxed, company currency"
)


class ComparisonQuery(PeriodQuery):
    """The period to look at (a month, quarter, year or range); it is compared with the one before and last year's."""


class PeriodFigures(BaseModel):
    period: Period
    income: Money
    expenses: Money
    net: Money = Field(description="income - expenses")
    invoiced_revenue: Money = Field(description="Untaxed customer invoices net of credit notes, by invoice date")


class Change(BaseModel):
    figure: Figure
    current: Money
    base: Money = Field(description="The figure in the period compared with")
    difference: Money = Field(description="current - base")
    percent: Money | None = Field(description="difference / |base| x 100, one decimal; null when the base is zero")
    note: str | None = None


class Comparison(BaseModel):
    company: str
    currency: str = Field(description="The company's currency, which every amount is in")
    current: PeriodFigures
    previous: PeriodFigures = Field(description="The period just before, of the same length")
    last_year: PeriodFigures = Field(description="The same period a year earlier")
    vs_previous: list[Change]
    vs_last_year: list[Change]
    basis: str


def _any_of(field: str, periods: Iterable[tuple[dt.date, dt.date]]) -> Domain:
    """`field` within any of the periods, as one Odoo domain (prefix `|` operators)."""
    parts: Domain = []
    ranges = list(periods)
    for first, last in ranges:
        parts += ["&", (field, ">=", first.isoformat()), (field, "<=", last.isoformat())]
    return ["|"] * (len(ranges) - 1) + parts


def _day(value: Any) -> dt.date | None:
    """A date group's key, `["2026-10-01", "October 2026"]` (or a bare string): its first day."""
    if isinstance(value, list | tuple) and value:
        value = value[0]
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _change(figure: Figure, current: Decimal, base: Decimal) -> Change:
    difference = current - base
    percent = None if not base else (difference * 100 / abs(base)).quantize(Decimal("0.1"))
    return Change(figure=figure, current=current, base=base, difference=difference, percent=percent, note=None if base else NO_BASE)


def _changes(current: PeriodFigures, base: PeriodFigures) -> list[Change]:
    return [_change(f, getattr(current, f), getattr(base, f)) for f in FIGURES]


async def compare_periods(service: AccountingService, q: ComparisonQuery) -> Comparison:
    """Income, expenses, net and invoiced revenue of a period, the previous one and last year's, with changes."""
    current = service.period(q)
    periods = [current, previous_period(*current), same_period_last_year(*current)]
    grain = "month" if whole_months(*periods) else "day"
    items_domain: Domain = [
        ("parent_state", "=", "posted"),
        ("account_id.account_type", "in", [*INCOME_ACCOUNT_TYPES, *EXPENSE_ACCOUNT_TYPES]),
        *_any_of("date", periods),
    ]
    invoices_domain: Domain = [
        ("move_type", "in", list(CUSTOMER_TYPES)),
        ("state", "=", "posted"),
        *_any_of("invoice_date", periods),
    ]
    items, invoices, company = await asyncio.gather(
        service.client.read_group("account.move.line", items_domain, ["account_id.account_type", f"date:{grain}"], ["balance:sum"]),
        service.client.read_group("account.move", invoices_domain, [f"invoice_date:{grain}"], ["amount_untaxed_signed:sum"]),
        service.company(),
    )
    zero = to_money(0, company.decimals)

    def figures(first: dt.date, last: dt.date) -> PeriodFigures:
        income = expenses = revenue = zero
        for group in items:
            day = _day(group.get(f"date:{grain}"))
            if day is None or not first <= day <= last:
                continue
            balance = to_money(group.get("balance:sum"), company.decimals)
            if str(group.get("account_id.account_type") or "") in INCOME_ACCOUNT_TYPES:
                income -= balance
            else:
                expenses += balance
        for group in invoices:
            day = _day(group.get(f"invoice_date:{grain}"))
            if day is not None and first <= day <= last:
                revenue += to_money(group.get("amount_untaxed_signed:sum"), company.decimals)
        return PeriodFigures(
            period=Period(date_from=first, date_to=last), income=income, expenses=expenses, net=income - expenses, invoiced_revenue=revenue
        )

    now, before, year_ago = (figures(*p) for p in periods)
    return Comparison(
        company=company.name,
        currency=company.currency,
        current=now,
        previous=before,
        last_year=year_ago,
        vs_previous=_changes(now, before),
        vs_last_year=_changes(now, year_ago),
        basis=BASIS,
    )
