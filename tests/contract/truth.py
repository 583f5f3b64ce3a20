"""Odoo's figures for one company, computed by the test's own path: every move or journal item read and summed in Decimal.

Nothing here groups on the server or reuses the project's queries, so a wrong domain, a wrong sign or
a missing company filter in the tools cannot be repeated here unnoticed. Records are read in the
company's own context and filtered by `company_id` explicitly as well.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from odoo_mcp.accounting.money import to_money
from odoo_mcp.accounting.periods import AGING_LABELS, aging_bucket
from odoo_mcp.odoo import OdooClient

ZERO = Decimal("0.00")
INCOME = ("income", "income_other")
EXPENSE = ("expense", "expense_depreciation", "expense_direct_cost")


async def rows_of(client: OdooClient, company_id: int, model: str, domain: list[Any], fields: list[str]) -> list[dict[str, Any]]:
    """Every matching record of one company, read in that company (whatever company the client is for)."""
    context = {"allowed_company_ids": [company_id]}
    return list(await client.call(model, "search_read", domain=domain, fields=fields, context=context))


def _sum(rows: list[dict[str, Any]], field: str) -> Decimal:
    return sum((to_money(r[field]) for r in rows), ZERO)


async def invoiced(client: OdooClient, company_id: int, types: tuple[str, ...], first: dt.date, last: dt.date) -> tuple[Decimal, int]:
    """Untaxed, signed company-currency total and count of posted documents by invoice date."""
    rows = await rows_of(
        client,
        company_id,
        "account.move",
        [
            ("company_id", "=", company_id),
            ("move_type", "in", list(types)),
            ("state", "=", "posted"),
            ("invoice_date", ">=", first.isoformat()),
            ("invoice_date", "<=", last.isoformat()),
        ],
        ["amount_untaxed_signed"],
    )
    return _sum(rows, "amount_untaxed_signed"), len(rows)


async def posted_items(client: OdooClient, company_id: int, first: dt.date, last: dt.date, fields: list[str]) -> list[dict[str, Any]]:
    """Every posted journal item of one company with an accounting date in [first, last]."""
    return await rows_of(
        client,
        company_id,
        "account.move.line",
        [
            ("company_id", "=", company_id),
            ("parent_state", "=", "posted"),
            ("date", ">=", first.isoformat()),
            ("date", "<=", last.isoformat()),
        ],
        fields,
    )


async def profit_and_loss(client: OdooClient, company_id: int, first: dt.date, last: dt.date) -> tuple[Decimal, Decimal]:
    """Income and expenses (both positive when normal) from every posted journal item of the period."""
    rows = await posted_items(client, company_id, first, last, ["balance", "account_type"])
    income = -sum((to_money(r["balance"]) for r in rows if r["account_type"] in INCOME), ZERO)
    expenses = sum((to_money(r["balance"]) for r in rows if r["account_type"] in EXPENSE), ZERO)
    return income, expenses


@dataclass(frozen=True)
class Aging:
    total: Decimal
    count: int
    buckets: dict[str, Decimal]
    open_by_move: dict[int, Decimal]


def _aging(as_of: dt.date, items: list[tuple[int, dt.date, Decimal]]) -> Aging:
    buckets: dict[str, Decimal] = defaultdict(lambda: ZERO)
    open_by_move: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for move_id, due, amount in items:
        if amount and due < as_of:
            buckets[aging_bucket((as_of - due).days)] += amount
            open_by_move[move_id] += amount
    nonzero = {k: v for k, v in open_by_move.items() if v}
    return Aging(sum(nonzero.values(), ZERO), len(nonzero), {k: buckets[k] for k in AGING_LABELS if buckets[k]}, nonzero)


_SIDES = {
    "receivable": ("out_invoice", "asset_receivable", 1),
    "payable": ("in_invoice", "liability_payable", -1),
}


@dataclass(frozen=True)
class Item:
    move_id: int
    partner_id: int
    due: dt.date
    amount: Decimal  # positive = still owed


async def documents_today(client: OdooClient, company_id: int, side: str) -> list[Item]:
    """Each posted invoice (bill) with today's residual: what Odoo shows on the document."""
    move_type, _, sign = _SIDES[side]
    rows = await rows_of(
        client,
        company_id,
        "account.move",
        [("company_id", "=", company_id), ("move_type", "=", move_type), ("state", "=", "posted")],
        ["partner_id", "invoice_date_due", "amount_residual_signed"],
    )
    return [
        Item(r["id"], r["partner_id"][0], dt.date.fromisoformat(r["invoice_date_due"]), sign * to_money(r["amount_residual_signed"]))
        for r in rows
    ]


async def items_open_on(client: OdooClient, company_id: int, side: str, as_of: dt.date) -> list[Item]:
    """Each receivable (payable) item of a document dated on or before `as_of`, minus its
    reconciliations dated on or before it (`account.partial.reconcile.max_date`)."""
    move_type, account_type, sign = _SIDES[side]
    lines = await rows_of(
        client,
        company_id,
        "account.move.line",
        [
            ("company_id", "=", company_id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", account_type),
            ("move_id.move_type", "=", move_type),
            ("move_id.invoice_date", "<=", as_of.isoformat()),
        ],
        ["move_id", "partner_id", "balance", "date_maturity"],
    )
    ids = [line["id"] for line in lines]
    partials = await rows_of(
        client,
        company_id,
        "account.partial.reconcile",
        ["|", ("debit_move_id", "in", ids), ("credit_move_id", "in", ids)],
        ["debit_move_id", "credit_move_id", "amount", "max_date"],
    )
    settled: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in partials:
        if dt.date.fromisoformat(p["max_date"]) <= as_of:
            settled[p["debit_move_id"][0]] += to_money(p["amount"])
            settled[p["credit_move_id"][0]] -= to_money(p["amount"])
    return [
        Item(
            line["move_id"][0],
            line["partner_id"][0],
            dt.date.fromisoformat(line["date_maturity"]),
            sign * (to_money(line["balance"]) - settled[line["id"]]),
        )
        for line in lines
    ]


async def overdue_today(client: OdooClient, company_id: int, side: str, today: dt.date) -> Aging:
    """Overdue today from each open document's own residual."""
    return _aging(today, [(i.move_id, i.due, i.amount) for i in await documents_today(client, company_id, side)])


async def overdue_as_of(client: OdooClient, company_id: int, side: str, as_of: dt.date) -> Aging:
    """What was open and overdue on `as_of`, from the items and their reconciliations by then."""
    return _aging(as_of, [(i.move_id, i.due, i.amount) for i in await items_open_on(client, company_id, side, as_of)])


@dataclass(frozen=True)
class PartnerOpen:
    open: Decimal
    overdue: Decimal


async def open_by_partner(client: OdooClient, company_id: int, side: str, as_of: dt.date, today: dt.date) -> dict[int, PartnerOpen]:
    """Per partner: what was open on `as_of` (all of it, due or not) and the overdue part.

    Today from each document's residual; a past day from its items minus the reconciliations by then.
    """
    items = await (documents_today(client, company_id, side) if as_of >= today else items_open_on(client, company_id, side, as_of))
    pairs = [(i.partner_id, i.due, i.amount) for i in items]
    opened: dict[int, Decimal] = defaultdict(lambda: ZERO)
    overdue: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for partner_id, due, amount in pairs:
        opened[partner_id] += amount
        if due < as_of:
            overdue[partner_id] += amount
    return {p: PartnerOpen(opened[p], overdue[p]) for p in opened if opened[p]}
