"""The Dashboard's "This month": filled by every sync with the month's figures, each Odoo's, labelled with its basis."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_mcp.reports import dashboard
from odoo_mcp.reports.markdown import parse_money, parse_tables

from .figures import month_range, period_figures, today_figures
from .helpers import sync_once

pytestmark = pytest.mark.anyio


def region(text: str) -> str:
    return text.split("<!-- odoo-mcp:begin month -->", 1)[1].split("<!-- odoo-mcp:end month -->", 1)[0]


async def test_a_sync_fills_this_month_with_odoos_figures(runtime_factory, sandbox, vault_path: Path) -> None:
    path = vault_path / "Dashboard.md"
    assert "Run `odoo-mcp sync --once` to fill this" in region(path.read_text(encoding="utf-8"))
    await sync_once(runtime_factory)
    text = path.read_text(encoding="utf-8")
    async with runtime_factory() as rt:
        f = await period_figures(rt.client, *month_range("2026-11"))
        today = await today_figures(rt.client, sandbox.today)
    (figures,) = parse_tables(region(text))
    rows = {row["Figure"]: row["Amount (USD)"] for row in figures.rows}
    assert parse_money(rows["Invoiced revenue (posted customer invoices minus credit notes, by invoice date, untaxed)"]) == f.revenue
    assert parse_money(rows["Income (profit and loss, by accounting date)"]) == f.income
    assert parse_money(rows["Expenses (profit and loss, by accounting date)"]) == f.pnl_expenses
    assert parse_money(rows["Net profit (profit and loss, by accounting date)"]) == f.net_profit
    assert parse_money(rows[f"Open receivables on {sandbox.today} (customers owe us, tax included)"]) == today.owed(today.open_invoices)
    assert parse_money(rows[f"of which overdue ({len(today.overdue)} invoices)"]) == today.overdue_total
    assert parse_money(rows[f"Open payables on {sandbox.today} (we owe vendors, tax included)"]) == today.owed(today.open_bills)
    late = today.overdue_bills
    assert parse_money(rows[f"of which overdue ({len(late)} bills)"]) == today.owed(late)
    assert "[[Accounting/2026-11]]" in region(text) and "Sandbox data" in region(text)
    assert "## Waiting for your approval" in text, "the rest of the Dashboard is the owner's"


async def test_the_dashboard_keeps_its_permissions_and_line_ends(runtime_factory, vault_path: Path) -> None:
    path = vault_path / "Dashboard.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o644)
    assert (await sync_once(runtime_factory)).ok
    assert (path.stat().st_mode & 0o777) == 0o644
    assert "Invoiced revenue" in region(path.read_text(encoding="utf-8"))


async def test_the_owners_dashboard_without_the_region_is_left_alone(runtime_factory, vault_path: Path) -> None:
    path = vault_path / "Dashboard.md"
    path.write_text("# My own dashboard\n", encoding="utf-8")
    assert (await sync_once(runtime_factory)).ok
    assert path.read_text(encoding="utf-8") == "# My own dashboard\n"


def test_a_company_region_is_added_after_the_first() -> None:
    text = "a\n<!-- odoo-mcp:begin month -->\nold\n<!-- odoo-mcp:end month -->\nb\n"
    filled = dashboard.fill(text, "month 7", "seven")
    assert filled == (
        "a\n<!-- odoo-mcp:begin month -->\nold\n<!-- odoo-mcp:end month -->\n"
        "<!-- odoo-mcp:begin month 7 -->\nseven\n<!-- odoo-mcp:end month 7 -->\nb\n"
    )
    assert dashboard.fill(filled, "month 7", "again") == filled.replace("seven", "again")
    assert dashboard.fill("no region\n", "month", "x") is None
