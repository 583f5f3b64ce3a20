"""Two companies synced into one vault: separate files, each naming its company, never overwriting each other.

The books are the contract suite's (the sandbox user in the home company and a second one in EUR
with documents in 2025-09), so the user may access two companies: each company's month files,
briefings and events go into its own folder. The sync runs once per company (ODOO_COMPANY), as
the owner would, through the MCP protocol.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.reports import month_file
from odoo_mcp.reports.models import FileStatus, MonthSnapshot
from odoo_mcp.runtime import open_runtime
from odoo_mcp.server import build_server
from odoo_mcp.vault.front_matter import properties
from odoo_mcp.vault.scope import VaultScope, company_folder

pytestmark = pytest.mark.anyio


def _server(env: dict[str, str], sandbox: Any, **extra: str) -> Client:
    settings = settings_from_mapping({**env, **extra})
    return Client(build_server(settings, runtime_factory=lambda: open_runtime(settings, sandbox=sandbox)))


async def _call(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    result = await client.call_tool(tool, args)
    assert not result.is_error, result.content
    return result.structured_content or {}


async def test_two_companies_get_separate_files_and_never_overwrite_each_other(env: dict[str, str], sandbox: Any, vault_path: Path) -> None:
    from tests.contract.books import MONTH, build

    async with open_runtime(settings_from_mapping(env), sandbox=sandbox) as rt:
        books = await build(rt.client)
    home_dir, second_dir = company_folder(books.home.name, books.home.id), company_folder(books.second.name, books.second.id)
    async with _server(env, sandbox) as home:
        first = await _call(home, "sync_accounting", {"months": [MONTH]})
    async with _server(env, sandbox, ODOO_COMPANY=str(books.second.id)) as second:
        other = await _call(second, "sync_accounting", {"months": [MONTH]})
        # the resource finds each company's month by its folder
        by_company = await second.read_resource(f"vault://accounting/{second_dir.replace(' ', '%20')}/{MONTH}")

    home_file = vault_path / "Accounting" / home_dir / f"{MONTH}.md"
    second_file = vault_path / "Accounting" / second_dir / f"{MONTH}.md"
    assert {m["path"] for m in first["months"]} >= {f"Accounting/{home_dir}/{MONTH}.md"}
    assert {m["path"] for m in other["months"]} >= {f"Accounting/{second_dir}/{MONTH}.md"}
    assert not (vault_path / "Accounting" / f"{MONTH}.md").exists(), "no flat file when the user has several companies"
    home_meta = properties(home_file.read_text(encoding="utf-8"))
    second_meta = properties(second_file.read_text(encoding="utf-8"))
    assert (home_meta["company_id"], home_meta["currency"]) == (books.home.id, books.home.currency)
    assert (second_meta["company_id"], second_meta["company"], second_meta["currency"]) == (books.second.id, books.second.name, "EUR")
    assert Decimal(second_meta["revenue"]) != Decimal(home_meta["revenue"])
    assert second_file.read_text(encoding="utf-8") in by_company.contents[0].text  # type: ignore[union-attr]

    # events: each company's in its own folder, naming it; neither run raised the other's
    for folder, company in ((home_dir, books.home), (second_dir, books.second)):
        for path in (vault_path / "Needs_Action" / folder).glob("*.md"):
            assert properties(path.read_text(encoding="utf-8"))["company_id"] == company.id
    assert all(p.startswith(f"Needs_Action/{home_dir}/") for p in first["events_created"])
    assert all(p.startswith(f"Needs_Action/{second_dir}/") for p in other["events_created"])

    # a file of company A where company B's sync would write (e.g. two names that fold to one folder): left alone
    planted = home_file.read_text(encoding="utf-8")
    second_file.write_text(planted, encoding="utf-8")
    async with _server(env, sandbox, ODOO_COMPANY=str(books.second.id)) as second:
        again = await _call(second, "sync_accounting", {"months": [MONTH], "events": False})
    outcome = next(m for m in again["months"] if m["month"] == MONTH)
    assert outcome["result"] == "other_company"
    assert second_file.read_text(encoding="utf-8") == planted, "company A's file was not touched by company B's sync"


async def test_a_sync_never_marks_another_companys_file_stale(env: dict[str, str], sandbox: Any, vault_path: Path) -> None:
    """Odoo down: the stale marker also goes only on the company's own files."""
    from odoo_mcp.sync import Syncer, SyncOptions
    from odoo_mcp.sync.files import MonthFiles

    settings = settings_from_mapping(env)
    async with open_runtime(settings, sandbox=sandbox) as rt:
        await Syncer(rt, SyncOptions(events=False)).run_once()
        scope = rt.vault_scope
        month = month_file.relative_path(rt.accounting.today().strftime("%Y-%m"), scope.accounting)
        text = (vault_path / month).read_text(encoding="utf-8")
        foreign = text.replace(f"company_id: {scope.company_id}\n", f"company_id: {scope.company_id + 1000}\n")
        assert foreign != text
        (vault_path / month).write_text(foreign, encoding="utf-8")
        outcome = MonthFiles(rt.vault, scope).mark_stale(month.split("/")[-1][:-3], dt.datetime.now().astimezone(), "down")
    assert outcome.result == "other_company" and (vault_path / month).read_text(encoding="utf-8") == foreign


def _snapshot(revenue: str, income: str, expenses: str) -> MonthSnapshot:
    return MonthSnapshot(
        month="2026-10",
        date_from=dt.date(2026, 10, 1),
        date_to=dt.date(2026, 10, 31),
        company="Acme",
        currency="USD",
        revenue=Decimal(revenue),
        revenue_count=1,
        expenses=Decimal("0.00"),
        expenses_count=0,
        weeks=[],
        income=Decimal(income),
        pnl_expenses=Decimal(expenses),
        net_profit=Decimal(income) - Decimal(expenses),
        pnl_lines=[],
        vendors=[],
        invoices=[],
        payments=[],
        bills=[],
    )


@pytest.mark.parametrize(
    ("revenue", "income", "expenses", "explained"),
    [
        ("1000.00", "1500.00", "100.00", True),  # net 1,400 above invoiced 1,000: income booked outside invoices
        ("1000.00", "1000.00", "100.00", False),  # net 900 below invoiced revenue: nothing to explain
        ("1000.00", "1000.00", "0.00", False),  # equal is not above
    ],
)
def test_month_file_states_one_basis_and_explains_a_profit_above_invoiced_revenue(
    revenue: str, income: str, expenses: str, explained: bool
) -> None:
    snap = _snapshot(revenue, income, expenses)
    now = dt.datetime(2026, 11, 1, 9, 0).astimezone()
    text = month_file.render(
        snap,
        FileStatus(updated=now, source="odoo", odoo_connected=True, stale=False, last_success=now),
        company_id=VaultScope(1, "Acme", None).company_id,
    )
    top = text.split("## Revenue", 1)[0]
    assert ("Why net profit is above invoiced revenue" in top) == explained
    if explained:
        assert f"income {Decimal(income):,} USD, {Decimal(income) - Decimal(revenue):,} more than invoiced" in top
    assert "Invoiced revenue (customer invoices, by invoice date)" in top and "Net profit (profit and loss, by accounting date)" in top
    assert month_file.parse(text)[0].net_profit == snap.net_profit  # the file still reads back
