"""Accounting/YYYY-MM.md on the sandbox: every figure against sums of the raw records."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from odoo_mcp.reports import month_file
from odoo_mcp.reports.markdown import END_MARKER

from .checks import assert_every_amount_explained, check_month_file
from .figures import month_range, period_figures, today_figures
from .helpers import front, sync_once

pytestmark = pytest.mark.anyio


async def test_current_month_file_states_every_figure_exactly(runtime_factory, sandbox, vault_path: Path) -> None:
    report = await sync_once(runtime_factory)
    assert report.ok, report.summary
    text = (vault_path / "Accounting" / "2026-11.md").read_text(encoding="utf-8")
    async with runtime_factory() as rt:
        figures = await period_figures(rt.client, *month_range("2026-11"))
        today = await today_figures(rt.client, sandbox.today)
    # The sandbox books must exercise every section, or this test proves little.
    assert figures.revenue_count and figures.expenses_count and figures.payments and figures.pnl_accounts
    assert any(d["kind"] == "credit note" for d in figures.invoices.values()) or any(
        d["status"] == "partial" for d in figures.invoices.values()
    )
    assert today.overdue and today.drafts and today.due_bills
    explained = check_month_file(text, figures, today)
    assert_every_amount_explained(text, explained)

    meta = front(vault_path / "Accounting" / "2026-11.md")
    assert meta["month"] == "2026-11" and meta["period"] == "2026-11-01 to 2026-11-30"
    assert meta["source"] == "sandbox" and meta["odoo_connected"] is True and meta["stale"] is False
    assert meta["currency"] == "USD" and meta["last_success"] == meta["updated"]
    assert meta["revenue"] == str(figures.revenue) and meta["net_profit"] == str(figures.net_profit)
    assert "> [!note] Sandbox data" in text


async def test_months_asked_for_are_written_too_and_hold_month_figures_only(runtime_factory, vault_path: Path) -> None:
    report = await sync_once(runtime_factory, months=("2026-09", "2026-10"))
    assert [o.result for o in report.months] == ["written"] * 3
    async with runtime_factory() as rt:
        for month in ("2026-09", "2026-10"):
            text = (vault_path / "Accounting" / f"{month}.md").read_text(encoding="utf-8")
            figures = await period_figures(rt.client, *month_range(month))
            assert figures.revenue_count, f"the sandbox has no revenue in {month}"
            explained = check_month_file(text, figures, None)
            assert_every_amount_explained(text, explained)
            assert "they are in the current month's file" in text


async def test_a_month_without_activity_says_zero_because_odoo_said_so(runtime_factory, vault_path: Path) -> None:
    await sync_once(runtime_factory, months=("2019-01",))
    snap, status = month_file.parse((vault_path / "Accounting" / "2019-01.md").read_text(encoding="utf-8"))
    assert status.odoo_connected and not status.stale
    assert snap.revenue == 0 and snap.revenue_count == 0 and snap.invoices == [] and snap.payments == []


async def test_owner_notes_below_the_line_survive_every_sync(runtime_factory, vault_path: Path) -> None:
    await sync_once(runtime_factory)
    path = vault_path / "Accounting" / "2026-11.md"
    path.write_text(path.read_text(encoding="utf-8") + "Call the bank about the overdraft.\n", encoding="utf-8")
    await sync_once(runtime_factory)
    text = path.read_text(encoding="utf-8")
    assert text.count(END_MARKER) == 1
    assert text.endswith("Call the bank about the overdraft.\n")


async def test_a_month_file_the_owner_wrote_is_never_overwritten(runtime_factory, vault_path: Path) -> None:
    path = vault_path / "Accounting" / "2026-11.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# My own November notes\n", encoding="utf-8")
    report = await sync_once(runtime_factory)
    assert report.months[0].result == "not_ours"
    assert path.read_text(encoding="utf-8") == "# My own November notes\n"


async def test_a_sync_writes_only_its_own_files(runtime_factory, vault_path: Path) -> None:
    before = {p: p.read_bytes() for p in vault_path.rglob("*") if p.is_file()}
    report = await sync_once(runtime_factory)
    after = {p: p.read_bytes() for p in vault_path.rglob("*") if p.is_file()}
    changed = {p.relative_to(vault_path).as_posix() for p in after if before.get(p) != after[p]}
    logs = {p for p in changed if p.startswith("Logs/")}
    assert changed - logs == {"Accounting/2026-11.md", "Dashboard.md", *report.events_created}
    dashboard = [before[vault_path / "Dashboard.md"].decode(), after[vault_path / "Dashboard.md"].decode()]
    outside = [re.sub(r"<!-- odoo-mcp:begin month -->.*<!-- odoo-mcp:end month -->", "", t, flags=re.S) for t in dashboard]
    assert outside[0] == outside[1], "the Dashboard changes only in its This month region"
    assert {p for p in logs if not p.endswith(".audit.lock")} == {f"Logs/{dt.date.today().isoformat()}.jsonl"}, "the run's audit line"
    assert not [p for p in vault_path.rglob("*.tmp")], "a temporary file was left behind"


async def test_the_checks_catch_a_single_cent(runtime_factory, sandbox, vault_path: Path) -> None:
    """The comparison above is worth something only if one wrong cent anywhere fails it."""
    await sync_once(runtime_factory)
    text = (vault_path / "Accounting" / "2026-11.md").read_text(encoding="utf-8")
    async with runtime_factory() as rt:
        figures = await period_figures(rt.client, *month_range("2026-11"))
        today = await today_figures(rt.client, sandbox.today)
    explained = check_month_file(text, figures, today)
    snap, _ = month_file.parse(text)
    targets = [
        f"| {snap.invoices[0].number} |",  # a document row
        "| Net profit |",  # the P&L totals
        "| 31-60 |",  # an aging bucket
    ]
    for anchor in targets:
        start = text.index(anchor)
        line_end = text.index("\n", start)
        cells = text[start:line_end].split("|")
        at = next(i for i, c in enumerate(cells) if re.fullmatch(r"\s*-?[\d,]+\.\d\d\s*", c))
        amount = cells[at].strip()
        cells[at] = f" {amount[:-1]}{(int(amount[-1]) + 1) % 10} "
        tampered = text[:start] + "|".join(cells) + text[line_end:]
        with pytest.raises(AssertionError):
            check_month_file(tampered, figures, today)
            assert_every_amount_explained(tampered, explained)
