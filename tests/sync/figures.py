"""The expected figures, by a path that shares nothing with the code under test.

Every record in the period is read with plain `search_read` (no grouping, no AccountingService,
nothing from `odoo_mcp.reports`) and summed here with `Decimal`. If the month file or the
briefing disagree with these sums by one cent, a test fails.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from odoo_mcp.odoo import OdooClient

CENT = Decimal("0.01")
INCOME = ("income", "income_other")
EXPENSE = ("expense", "expense_depreciation", "expense_direct_cost")
KIND = {"out_invoice": ("invoice", 1), "out_refund": ("credit note", -1), "in_invoice": ("bill", 1), "in_refund": ("refund", -1)}
MOVE_FIELDS = [
    "name", "move_type", "state", "payment_state", "partner_id", "invoice_date", "invoice_date_due", "currency_id",
    "amount_untaxed_signed", "amount_total", "amount_residual", "amount_residual_signed", "create_date",
]


def dec(value: Any) -> Decimal:
    if value is None or value is False:
        return Decimal("0.00")
    return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(CENT)


def day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def name(value: Any) -> str | None:
    return value[1] if isinstance(value, list) and len(value) > 1 else None


def month_range(month: str) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


async def moves(client: OdooClient, domain: list[Any]) -> list[dict[str, Any]]:
    return await client.search_read("account.move", domain, MOVE_FIELDS, order="id")


def doc(row: dict[str, Any]) -> dict[str, Any]:
    """A move as the month file must show it (signed like the owner reads it)."""
    kind, sign = KIND[row["move_type"]]
    status = row["payment_state"] if row["state"] == "posted" else row["state"]
    return {
        "id": row["id"],
        "number": row["name"] or "/",
        "kind": kind,
        "partner": name(row["partner_id"]),
        "invoice_date": day(row["invoice_date"]),
        "due_date": day(row["invoice_date_due"]),
        "status": status.replace("_", " "),
        "total": sign * dec(row["amount_total"]),
        "open": sign * dec(row["amount_residual"]),
        "currency": name(row["currency_id"]),
        "partner_id": row["partner_id"][0] if row["partner_id"] else None,
        "open_company_currency": sign * abs(dec(row["amount_residual_signed"])),
    }


def monday_weeks(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    out, start = [], first
    while start <= last:
        end = min(last, start + dt.timedelta(days=(6 - start.weekday())))
        out.append((start, end))
        start = end + dt.timedelta(days=1)
    return out


@dataclass
class PeriodFigures:
    revenue: Decimal = Decimal("0.00")
    revenue_count: int = 0
    expenses: Decimal = Decimal("0.00")
    expenses_count: int = 0
    weeks: dict[tuple[dt.date, dt.date], tuple[Decimal, int]] = field(default_factory=dict)
    income: Decimal = Decimal("0.00")
    pnl_expenses: Decimal = Decimal("0.00")
    pnl_accounts: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    vendors: dict[int, tuple[str | None, int, Decimal]] = field(default_factory=dict)
    vendor_months: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    invoices: dict[int, dict[str, Any]] = field(default_factory=dict)
    bills: dict[int, dict[str, Any]] = field(default_factory=dict)
    payments: dict[int, dict[str, Any]] = field(default_factory=dict)
    revenue_months: dict[str, Decimal] = field(default_factory=dict)
    expense_months: dict[str, Decimal] = field(default_factory=dict)

    @property
    def net_profit(self) -> Decimal:
        return self.income - self.pnl_expenses


async def period_figures(client: OdooClient, first: dt.date, last: dt.date) -> PeriodFigures:
    """Revenue, expenses, P&L, vendors, documents and payments of [first, last], from raw records."""
    f = PeriodFigures()
    span = [("invoice_date", ">=", first.isoformat()), ("invoice_date", "<=", last.isoformat())]
    customer = await moves(client, [("move_type", "in", ["out_invoice", "out_refund"]), ("state", "=", "posted"), *span])
    vendor = await moves(client, [("move_type", "in", ["in_invoice", "in_refund"]), ("state", "=", "posted"), *span])
    weeks = {w: (Decimal("0.00"), 0) for w in monday_weeks(first, last)}
    for row in customer:
        amount = dec(row["amount_untaxed_signed"])
        f.revenue += amount
        f.revenue_count += 1
        when = day(row["invoice_date"])
        key = f"{when:%Y-%m}"
        f.revenue_months[key] = f.revenue_months.get(key, Decimal("0.00")) + amount
        for (a, b), (total, count) in weeks.items():
            if a <= when <= b:
                weeks[(a, b)] = (total + amount, count + 1)
        f.invoices[row["id"]] = doc(row)
    f.weeks = weeks
    for row in vendor:
        amount = -dec(row["amount_untaxed_signed"])
        f.expenses += amount
        f.expenses_count += 1
        when = day(row["invoice_date"])
        key = f"{when:%Y-%m}"
        f.expense_months[key] = f.expense_months.get(key, Decimal("0.00")) + amount
        partner_id = row["partner_id"][0] if row["partner_id"] else 0
        label, count, total = f.vendors.get(partner_id, (name(row["partner_id"]), 0, Decimal("0.00")))
        f.vendors[partner_id] = (label, count + 1, total + amount)
        f.vendor_months[(partner_id, key)] = f.vendor_months.get((partner_id, key), Decimal("0.00")) + amount
        f.bills[row["id"]] = doc(row)
    lines = await client.search_read(
        "account.move.line",
        [("parent_state", "=", "posted"), ("date", ">=", first.isoformat()), ("date", "<=", last.isoformat()),
         ("account_type", "in", [*INCOME, *EXPENSE])],
        ["account_id", "account_type", "balance"],
        order="id",
    )
    for line in lines:
        balance = dec(line["balance"])
        section = "income" if line["account_type"] in INCOME else "expense"
        amount = -balance if section == "income" else balance
        if section == "income":
            f.income += amount
        else:
            f.pnl_expenses += amount
        key = (section, name(line["account_id"]) or "?")
        f.pnl_accounts[key] = f.pnl_accounts.get(key, Decimal("0.00")) + amount
    payments = await client.search_read(
        "account.payment",
        [("payment_type", "=", "inbound"), ("date", ">=", first.isoformat()), ("date", "<=", last.isoformat())],
        ["name", "date", "partner_id", "amount_company_currency_signed", "state"],
        order="id",
    )
    for p in payments:
        if p["state"] in ("in_process", "paid"):
            f.payments[p["id"]] = {
                "name": p["name"], "date": day(p["date"]), "partner": name(p["partner_id"]),
                "amount": dec(p["amount_company_currency_signed"]), "state": p["state"].replace("_", " "),
            }
    return f


def bucket(days: int) -> str:
    return "1-30" if days <= 30 else "31-60" if days <= 60 else "61-90" if days <= 90 else "90+"


@dataclass
class TodayFigures:
    as_of: dt.date
    overdue: list[dict[str, Any]]  # most overdue first
    buckets: dict[str, tuple[int, Decimal]]
    due_invoices: list[dict[str, Any]]
    due_bills: list[dict[str, Any]]
    drafts: dict[int, dict[str, Any]]
    open_bills: list[dict[str, Any]]
    open_invoices: list[dict[str, Any]]

    @property
    def overdue_total(self) -> Decimal:
        return sum((b[1] for b in self.buckets.values()), Decimal("0.00"))

    @property
    def overdue_bills(self) -> list[dict[str, Any]]:
        return [b for b in self.open_bills if day(b["invoice_date_due"]) and day(b["invoice_date_due"]) < self.as_of]  # type: ignore[operator]

    @staticmethod
    def owed(rows: list[dict[str, Any]]) -> Decimal:
        """What is still to pay on these documents, company currency (Odoo signs a bill's residual negative)."""
        return sum((abs(dec(r["amount_residual_signed"])) for r in rows), Decimal("0.00"))


async def today_figures(client: OdooClient, as_of: dt.date, horizon_days: int = 7) -> TodayFigures:
    """Receivables aging, documents due soon and drafts on `as_of`, from raw records."""
    open_customer = await moves(
        client, [("move_type", "=", "out_invoice"), ("state", "=", "posted"), ("payment_state", "in", ["not_paid", "partial"])]
    )
    overdue, buckets = [], {label: (0, Decimal("0.00")) for label in ("1-30", "31-60", "61-90", "90+")}
    for row in open_customer:
        due = day(row["invoice_date_due"])
        if due and due < as_of:
            days = (as_of - due).days
            count, total = buckets[bucket(days)]
            buckets[bucket(days)] = (count + 1, total + dec(row["amount_residual_signed"]))
            overdue.append({"id": row["id"], "number": row["name"], "partner": name(row["partner_id"]), "due": due,
                            "days": days, "open": dec(row["amount_residual_signed"])})
    overdue.sort(key=lambda r: (r["due"], r["id"]))
    horizon = as_of + dt.timedelta(days=horizon_days)

    def due_soon(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        docs = [doc(r) for r in rows]
        return sorted((d for d in docs if d["due_date"] and as_of <= d["due_date"] <= horizon and d["open"] != 0),
                      key=lambda d: (d["due_date"], d["number"]))

    open_vendor = await moves(
        client, [("move_type", "=", "in_invoice"), ("state", "=", "posted"), ("payment_state", "in", ["not_paid", "partial"])]
    )
    drafts = {}
    for row in await moves(client, [("move_type", "in", ["out_invoice", "in_invoice"]), ("state", "=", "draft")]):
        created = day(row["create_date"])
        dated = day(row["invoice_date"]) or created  # a draft's age runs from its document date, else from its creation
        drafts[row["id"]] = {
            "kind": "invoice" if row["move_type"] == "out_invoice" else "bill",
            "partner": name(row["partner_id"]),
            "created": created,
            "age_days": (as_of - dated).days if dated else None,
            "total": dec(row["amount_total"]),
        }
    return TodayFigures(as_of, overdue, buckets, due_soon(open_customer), due_soon(open_vendor), drafts, open_vendor, open_customer)


@dataclass(frozen=True)
class Rules:
    """The owner's thresholds, restated for the test (Business_Goals.md of the vault template by default)."""

    overdue_days: int = 30
    bill_overdue_days: int = 1
    draft_age_days: int = 7
    min_amount: Decimal = Decimal(50)
    due_days: int = 7


async def expected_events(client: OdooClient, as_of: dt.date, rules: Rules = Rules()) -> dict[str, tuple[str, Any, Decimal]]:
    """Every event the books call for on `as_of`, from raw records: key -> (kind, partner id, amount in company currency)."""
    found: dict[str, tuple[str, Any, Decimal]] = {}
    open_docs = await moves(client, [
        ("move_type", "in", ["out_invoice", "in_invoice"]), ("state", "=", "posted"), ("payment_state", "in", ["not_paid", "partial"]),
    ])
    for row in open_docs:
        due, residual = day(row["invoice_date_due"]), abs(dec(row["amount_residual_signed"]))
        if due is None or dec(row["amount_residual"]) <= 0 or residual < rules.min_amount:
            continue
        partner = row["partner_id"][0] if row["partner_id"] else None
        late = (as_of - due).days
        if row["move_type"] == "out_invoice" and late >= max(rules.overdue_days, 1):
            found[f"invoice_overdue:{row['id']}:{due}"] = ("invoice_overdue", partner, residual)
        if row["move_type"] == "in_invoice" and late >= max(rules.bill_overdue_days, 1):
            found[f"bill_overdue:{row['id']}:{due}"] = ("bill_overdue", partner, residual)
        if row["move_type"] == "in_invoice" and 0 <= (due - as_of).days <= rules.due_days:
            found[f"bill_due:{row['id']}:{due}"] = ("bill_due", partner, residual)
    today = await today_figures(client, as_of)
    for draft_id, d in today.drafts.items():
        if d["age_days"] is not None and d["age_days"] >= rules.draft_age_days:
            found[f"draft_waiting:{draft_id}"] = ("draft_waiting", None, d["total"])
    return found


def vendor_rises(vendor_months: dict[tuple[int, str], Decimal], threshold: Decimal, recent: set[str]) -> dict[int, Decimal]:
    """Independent restatement of the rule: latest billed month vs the average of the earlier billed months."""
    by_vendor: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (partner_id, month), amount in vendor_months.items():
        by_vendor[partner_id][month] = amount
    rises = {}
    for partner_id, months in by_vendor.items():
        billed = [(m, a) for m, a in sorted(months.items()) if a > 0]
        if len(billed) < 3 or billed[-1][0] not in recent:
            continue
        earlier = [a for _, a in billed[:-1]]
        average = (sum(earlier) / len(earlier)).quantize(CENT)
        change = ((billed[-1][1] - average) / average * 100).quantize(Decimal("0.1"))
        if change > threshold:
            rises[partner_id] = change
    return rises
