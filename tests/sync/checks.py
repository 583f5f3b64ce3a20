"""Holding a generated month file to the independently computed figures, figure by figure.

Two nets: the file is parsed back and every parsed value is compared with `figures`; then every
amount-looking token in the file must be one the figures explain, so a number the parser does
not read cannot slip through either.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from odoo_mcp.reports import month_file
from odoo_mcp.reports.markdown import generated_part, parse_money

from .figures import PeriodFigures, TodayFigures, bucket, day, dec

AMOUNT = re.compile(r"(?<![\w.,-])-?\d{1,3}(?:,\d{3})*\.\d{2}(?![\d])")
MOST_OVERDUE = 50


def amounts_in(text: str) -> set[Decimal]:
    return {parse_money(token) for token in AMOUNT.findall(text)}


def _docs(rows: list[Any]) -> dict[int, dict[str, Any]]:
    return {r.id: r.model_dump(exclude={"id"}) for r in rows}


def _expected_docs(docs: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {i: {k: v for k, v in d.items() if k != "id"} for i, d in docs.items()}


def check_month_file(text: str, f: PeriodFigures, today: TodayFigures | None, *, payments_total: bool = True) -> set[Decimal]:
    """Assert every figure; return the amounts the figures explain (for the token check)."""
    snap, status = month_file.parse(text)
    assert not status.stale and status.odoo_connected
    assert (snap.revenue, snap.revenue_count) == (f.revenue, f.revenue_count)
    assert (snap.expenses, snap.expenses_count) == (f.expenses, f.expenses_count)
    assert {(w.date_from, w.date_to): (w.amount, w.count) for w in snap.weeks} == f.weeks
    assert sum(w.amount for w in snap.weeks) == f.revenue
    assert (snap.income, snap.pnl_expenses, snap.net_profit) == (f.income, f.pnl_expenses, f.net_profit)
    assert {(line.section, line.account): line.amount for line in snap.pnl_lines} == f.pnl_accounts
    assert {v.partner_id or 0: (v.partner, v.count, v.amount) for v in snap.vendors} == f.vendors
    assert _docs(snap.invoices) == _expected_docs(f.invoices)
    assert _docs(snap.bills) == _expected_docs(f.bills)
    assert {p.id: {"name": p.name, "date": p.date, "partner": p.partner, "amount": p.amount, "state": p.state}
            for p in snap.payments} == f.payments
    explained = {f.revenue, f.expenses, f.income, f.pnl_expenses, f.net_profit, *f.pnl_accounts.values()}
    explained |= {a for a, _ in f.weeks.values()} | {v[2] for v in f.vendors.values()}
    explained |= {p["amount"] for p in f.payments.values()} | {sum((p["amount"] for p in f.payments.values()), Decimal("0.00"))}
    for docs in (f.invoices, f.bills):
        explained |= {d["total"] for d in docs.values()} | {d["open"] for d in docs.values()}
        explained |= {sum((d["total"] for d in docs.values()), Decimal("0.00")), sum((d["open"] for d in docs.values()), Decimal("0.00"))}

    glance = {row["Figure"]: row["Value"] for row in _table(text, "At a glance")}
    assert parse_money(glance["Invoiced revenue (customer invoices, by invoice date)"]) == f.revenue
    assert parse_money(glance["Invoiced expenses (vendor bills, by bill date)"]) == f.expenses
    assert parse_money(glance["Income (profit and loss, by accounting date)"]) == f.income
    assert parse_money(glance["Expenses (profit and loss, by accounting date)"]) == f.pnl_expenses
    assert parse_money(glance["Net profit (profit and loss, by accounting date)"]) == f.net_profit
    # one picture: a net profit above the invoiced revenue beside it always comes with its reason
    reason = "Why net profit is above invoiced revenue" in text.split("## Revenue", 1)[0]
    assert reason == (f.net_profit > f.revenue), (f.net_profit, f.revenue)
    assert parse_money(glance["Payments received"]) == sum((p["amount"] for p in f.payments.values()), Decimal("0.00"))
    for title, docs in (("Invoices issued", f.invoices), ("Vendor bills", f.bills)):
        totals = _table(text, title, "Totals")
        if docs:
            (row,) = totals
            assert int(row["Documents"]) == len(docs)
            assert parse_money(row["Total"]) == sum(d["total"] for d in docs.values())
            assert parse_money(row["Open"]) == sum(d["open"] for d in docs.values())
        else:
            assert totals == []

    if today is None:
        assert snap.current is None
        return explained
    c = snap.current
    assert c is not None and c.as_of == today.as_of
    r = c.receivables
    assert {b.label: (b.count, b.amount) for b in r.buckets} == today.buckets
    assert (r.count, r.total) == (len(today.overdue), today.overdue_total)
    assert [(o.id, o.number, o.partner, o.due_date, o.days_overdue, o.open) for o in r.most_overdue] == [
        (o["id"], o["number"], o["partner"], o["due"], o["days"], o["open"]) for o in today.overdue[:MOST_OVERDUE]
    ]
    assert [d.model_dump() for d in c.due_invoices] == today.due_invoices
    assert [d.model_dump() for d in c.due_bills] == today.due_bills
    assert {d.id: {"kind": d.kind, "partner": d.partner, "created": d.created, "age_days": d.age_days, "total": d.total}
            for d in c.drafts} == today.drafts
    assert parse_money(glance[f"Overdue receivables on {today.as_of}"]) == today.overdue_total
    assert int(glance["Overdue invoices"]) == len(today.overdue)
    assert int(glance["Drafts waiting"]) == len(today.drafts)
    # both sides today: overdue vendor bills (we are late paying) and everything open
    late = today.overdue_bills
    assert c.payables is not None and (c.payables.count, c.payables.total) == (len(late), today.owed(late))
    assert {o.id for o in c.payables.most_overdue} == {b["id"] for b in late}
    assert (c.open_receivables, c.open_payables) == (today.owed(today.open_invoices), today.owed(today.open_bills))
    assert parse_money(glance[f"Overdue payables on {today.as_of} (we are late paying)"]) == today.owed(late)
    assert int(glance["Overdue vendor bills"]) == len(late)
    explained |= {today.owed(late), today.owed(today.open_invoices), today.owed(today.open_bills)}
    explained |= {abs(dec(b["amount_residual_signed"])) for b in late}
    by_age: dict[str, list[dict[str, Any]]] = {}
    for b in late:
        by_age.setdefault(bucket((today.as_of - day(b["invoice_date_due"])).days), []).append(b)  # type: ignore[operator]
    assert {x.label: (x.count, x.amount) for x in c.payables.buckets if x.count} == {k: (len(v), today.owed(v)) for k, v in by_age.items()}
    explained |= {today.owed(v) for v in by_age.values()}
    explained |= {b[1] for b in today.buckets.values()} | {today.overdue_total} | {o["open"] for o in today.overdue}
    explained |= {d["open"] for d in today.due_invoices + today.due_bills} | {d["total"] for d in today.due_invoices + today.due_bills}
    explained |= {d["total"] for d in today.drafts.values()}
    return explained


def _table(text: str, section: str, subsection: str | None = None) -> list[dict[str, Any]]:
    from odoo_mcp.reports.markdown import parse_tables, table_rows

    return table_rows(parse_tables(generated_part(text)), section, subsection)


def assert_every_amount_explained(text: str, explained: set[Decimal]) -> None:
    unexplained = amounts_in(generated_part(text)) - explained
    assert not unexplained, f"amounts in the file that no independent figure explains: {sorted(unexplained)}"
