"""Income and expenses broken down by account, by customer or vendor, or by product.

One `formatted_read_group` on posted journal items (`account.move.line`) of the income and expense
accounts, grouped by the chosen key and the account type, summing `balance` (company currency,
untaxed: tax sits on tax accounts). Every group is ranked in memory, so the totals cover all pages.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..odoo import Domain, Many2one
from .models import Period, PeriodQuery
from .money import Money, to_money
from .service import EXPENSE_ACCOUNT_TYPES, INCOME_ACCOUNT_TYPES, AccountingService, date_domain

Section = Literal["income", "expense"]
By = Literal["account", "partner", "product"]

# What each breakdown groups on, and the Odoo model of its records (for links).
_KEYS: dict[str, tuple[str, str]] = {
    "account": ("account_id", "account.account"),
    "partner": ("partner_id", "res.partner"),
    "product": ("product_id", "product.product"),
}
# An account's code, grouped on beside the account (Odoo 19 groups by this computed, per-company field): the
# account's display name shows the code only to users of the accounting groups.
_CODE = "account_id.code"
BASIS = "posted journal items on income and expense accounts, by accounting date; untaxed, company currency"


class BreakdownQuery(PeriodQuery):
    """Which figures, split how, for which period (a month, quarter, year or range)."""

    by: By = Field("account", description="Split by account (with codes), by customer/vendor (partner) or by product")
    side: Literal["income", "expense", "both"] = Field("both", description="Income only, expenses only, or both")
    limit: int = Field(20, ge=1, le=200, description="Rows per page (1-200); totals cover all pages")
    offset: int = Field(0, ge=0, description="Rows to skip, for the next page")


class BreakdownRow(BaseModel):
    section: Section
    id: int | None = Field(description="The account, partner or product id; null for items without one")
    code: str | None = Field(None, description="Account code (by account only)")
    name: str | None = Field(description="null: items with no partner / no product")
    amount: Money = Field(description="Income: credits minus debits; expense: debits minus credits")
    items: int = Field(description="Journal items summed")
    url: str | None = None


class Breakdown(BaseModel):
    company: str
    period: Period
    currency: str = Field(description="The company's currency, which every amount is in")
    by: By
    side: Literal["income", "expense", "both"]
    income: Money | None = Field(description="All income of the period, across all pages (null when side is expense)")
    expenses: Money | None = Field(description="All expenses of the period, across all pages (null when side is income)")
    net: Money | None = Field(description="income - expenses (side both only)")
    total: int = Field(description="Rows across all pages")
    offset: int
    limit: int
    next_offset: int | None
    items: list[BreakdownRow] = Field(description="Income first, then expenses; largest first within each")
    basis: str


def _types(side: str) -> list[str]:
    return [*(INCOME_ACCOUNT_TYPES if side != "expense" else ()), *(EXPENSE_ACCOUNT_TYPES if side != "income" else ())]


def _code(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


async def income_expense_breakdown(service: AccountingService, q: BreakdownQuery) -> Breakdown:
    """Income and expenses per account, partner or product, largest first, in one grouping by Odoo."""
    first, last = service.period(q)
    field, model = _KEYS[q.by]
    domain: Domain = [("parent_state", "=", "posted"), ("account_id.account_type", "in", _types(q.side))]
    domain += date_domain("date", first, last)
    groupby = [field, "account_id.account_type", *([_CODE] if q.by == "account" else [])]
    groups, company = await asyncio.gather(
        service.client.read_group("account.move.line", domain, groupby, ["balance:sum", "__count"]), service.company()
    )
    zero = to_money(0, company.decimals)
    amounts: dict[tuple[Section, int | None], Decimal] = defaultdict(lambda: zero)
    counts: dict[tuple[Section, int | None], int] = defaultdict(int)
    names: dict[int | None, str | None] = {}
    codes: dict[int | None, str | None] = {}
    for group in groups:
        record = Many2one.parse(group.get(field))
        income = str(group.get("account_id.account_type") or "") in INCOME_ACCOUNT_TYPES
        section: Section = "income" if income else "expense"
        balance = to_money(group.get("balance:sum"), company.decimals)
        amounts[section, record.id] += -balance if income else balance
        counts[section, record.id] += int(group.get("__count") or 0)
        names[record.id] = record.name
        codes[record.id] = codes.get(record.id) or _code(group.get(_CODE))
    rows = []
    for (section, record_id), amount in amounts.items():
        name, code = names[record_id], codes.get(record_id)
        if code and name and name.startswith(f"{code} "):  # accounting users see "<code> <name>"
            name = name[len(code) + 1 :]
        rows.append(
            BreakdownRow(
                section=section,
                id=record_id,
                code=code,
                name=name,
                amount=amount,
                items=counts[section, record_id],
                url=service.link(model, record_id),
            )
        )
    rows.sort(key=lambda r: (r.section != "income", -r.amount, r.code or "", r.name or "", r.id or 0))
    income_total = sum((r.amount for r in rows if r.section == "income"), zero)
    expense_total = sum((r.amount for r in rows if r.section == "expense"), zero)
    page = rows[q.offset : q.offset + q.limit]
    return Breakdown(
        company=company.name,
        period=Period(date_from=first, date_to=last),
        currency=company.currency,
        by=q.by,
        side=q.side,
        income=income_total if q.side != "expense" else None,
        expenses=expense_total if q.side != "income" else None,
        net=income_total - expense_total if q.side == "both" else None,
        total=len(rows),
        offset=q.offset,
        limit=q.limit,
        next_offset=q.offset + len(page) if q.offset + len(page) < len(rows) else None,
        items=page,
        basis=BASIS,
    )
