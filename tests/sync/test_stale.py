"""Odoo going away: the last good figures stay, marked stale; nothing half-written; marker gone on return."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from odoo_mcp.config import Settings
from odoo_mcp.reports import month_file
from odoo_mcp.reports.markdown import generated_part
from odoo_mcp.runtime import open_runtime
from odoo_mcp.sync import Syncer, backoff_delay, run_forever, until_stopped

from .checks import amounts_in
from .helpers import Clock, front, sync_once

pytestmark = pytest.mark.anyio
BANNER = "Stale: Odoo could not be reached"


async def test_odoo_stopped_between_two_syncs_then_back(runtime_factory, sandbox, vault_path: Path) -> None:
    clock = Clock()
    path = vault_path / "Accounting" / "2026-11.md"
    good = await sync_once(runtime_factory, clock)
    assert good.ok
    before = path.read_text(encoding="utf-8")
    snap_before, status_before = month_file.parse(before)

    sandbox.offline = True
    for _ in range(2):  # twice: the marker must not pile up
        failed = await sync_once(runtime_factory, clock)
        assert not failed.ok and failed.months[0].result == "marked_stale"
        assert "sync FAILED" in failed.summary and "last good figures from 2026-11-16 08:01" in failed.summary
    stale = path.read_text(encoding="utf-8")
    snap_stale, status_stale = month_file.parse(stale)
    assert snap_stale == snap_before, "the stale file must keep exactly the last good figures"
    assert amounts_in(generated_part(stale)) == amounts_in(generated_part(before)), "no amount may appear or change"
    assert status_stale.stale and not status_stale.odoo_connected
    assert status_stale.last_success == status_before.last_success
    assert status_stale.updated > status_before.updated and "sandbox offline" in (status_stale.last_error or "")
    assert stale.count(BANNER) == 1
    assert "last successful sync, 2026-11-16 08:01 UTC" in stale
    # The banner sits right under the title, where the owner looks first.
    body_lines = generated_part(stale).splitlines()
    title = next(i for i, line in enumerate(body_lines) if line.startswith("# "))
    assert BANNER in "\n".join(body_lines[title : title + 4])

    sandbox.offline = False
    back = await sync_once(runtime_factory, clock)
    assert back.ok
    fresh = path.read_text(encoding="utf-8")
    snap_fresh, status_fresh = month_file.parse(fresh)
    assert BANNER not in fresh and "odoo-mcp:stale" not in fresh
    assert not status_fresh.stale and status_fresh.odoo_connected and status_fresh.last_error is None
    assert status_fresh.last_success > status_before.last_success
    assert snap_fresh == snap_before


async def test_nothing_is_written_when_odoo_was_never_reached(runtime_factory, sandbox, vault_path: Path) -> None:
    sandbox.offline = True
    report = await sync_once(runtime_factory)
    assert not report.ok and report.months[0].result == "no_figures_yet"
    assert not (vault_path / "Accounting" / "2026-11.md").exists(), "no file rather than zeros"
    assert not list(vault_path.glob("Needs_Action/ODOO_*"))


class _Flaky:
    """A sandbox stand-in whose connection drops after `budget` requests: Odoo dying mid-sync."""

    def __init__(self, sandbox: Any, budget: int) -> None:
        self.sandbox, self.budget = sandbox, budget

    @property
    def today(self) -> dt.date:
        return self.sandbox.today

    def transport(self) -> httpx.AsyncBaseTransport:
        inner, flaky = self.sandbox.transport(), self

        class Transport(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                if flaky.budget <= 0:
                    raise httpx.ConnectError("connection refused", request=request)
                flaky.budget -= 1
                return await inner.handle_async_request(request)

        return Transport()


async def test_odoo_dying_half_way_changes_no_figure(settings: Settings, sandbox, vault_path: Path) -> None:
    """New data in Odoo, then a sync that loses Odoo after a few requests: old figures, whole, marked stale."""
    clock = Clock()
    path = vault_path / "Accounting" / "2026-11.md"
    async with open_runtime(settings, sandbox=sandbox) as rt:
        assert (await Syncer(rt, now=clock).run_once()).ok
        partner = (await rt.client.search_read("res.partner", [("customer_rank", ">", 0)], ["id"], limit=1))[0]["id"]
        (move,) = await rt.client.create("account.move", [{
            "move_type": "out_invoice", "partner_id": partner, "invoice_date": "2026-11-10",
            "invoice_line_ids": [[0, 0, {"name": "Late entry", "quantity": 1, "price_unit": Decimal("777.77")}]],
        }])
        await rt.client.call("account.move", "action_post", ids=[move])
    before = month_file.parse(path.read_text(encoding="utf-8"))[0]
    for budget in (0, 3, 8, 15):
        async with open_runtime(settings, sandbox=_Flaky(sandbox, budget)) as rt:
            report = await Syncer(rt, now=clock).run_once()
        assert not report.ok, f"budget {budget} was enough for a whole sync; raise it"
        snap, status = month_file.parse(path.read_text(encoding="utf-8"))
        assert snap == before and status.stale
    async with open_runtime(settings, sandbox=sandbox) as rt:
        assert (await Syncer(rt, now=clock).run_once()).ok
    after = month_file.parse(path.read_text(encoding="utf-8"))[0]
    assert after.revenue == before.revenue + Decimal("777.77")


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_delay(n, cap=60) for n in range(1, 8)] == [5, 10, 20, 40, 60, 60, 60]
    assert backoff_delay(1, cap=2) == 2


async def test_the_loop_backs_off_while_odoo_is_down_and_recovers(settings: Settings, sandbox, vault_path: Path, monkeypatch) -> None:
    """Failures retry at 5, 10, 20 s (capped); the first success goes back to the normal interval."""
    waits: list[float] = []
    results: list[bool] = []
    stop = asyncio.Event()
    real_wait_for = asyncio.wait_for

    async def fake_wait_for(awaitable: Any, timeout: float) -> Any:
        waits.append(timeout)
        if len(waits) == 3:
            sandbox.offline = False  # Odoo comes back during the third wait
        if len(waits) == 5:
            stop.set()
        return await real_wait_for(awaitable, 0)

    monkeypatch.setattr("odoo_mcp.sync.loop.asyncio.wait_for", fake_wait_for)
    sandbox.offline = True
    quick = settings.model_copy(update={"read_retries": 0})  # the client's own retries are not what this test is about
    async with open_runtime(quick, sandbox=sandbox) as rt:
        syncer = Syncer(rt, now=Clock())
        original = syncer.run_once

        async def recording() -> Any:
            report = await original()
            results.append(report.ok)
            return report

        syncer.run_once = recording  # type: ignore[method-assign]
        assert await run_forever(syncer, interval=300, stop=stop, max_backoff=15) == 0
    assert results[:5] == [False, False, False, True, True]
    assert waits[:5] == [5, 10, 15, 300, 300]


async def test_a_run_in_progress_is_cancelled_cleanly_when_asked_to_stop() -> None:
    stop = asyncio.Event()
    cancelled = asyncio.Event()

    async def slow() -> str:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "finished"

    async def stop_soon() -> None:
        await asyncio.sleep(0.05)
        stop.set()

    asyncio.get_running_loop().create_task(stop_soon())
    assert await until_stopped(slow(), stop) is None
    assert cancelled.is_set()


async def test_stale_front_matter_is_what_obsidian_shows(runtime_factory, sandbox, vault_path: Path) -> None:
    clock = Clock()
    await sync_once(runtime_factory, clock)
    sandbox.offline = True
    await sync_once(runtime_factory, clock)
    meta = front(vault_path / "Accounting" / "2026-11.md")
    assert meta["stale"] is True and meta["odoo_connected"] is False
    assert meta["last_success"] == "2026-11-16T08:01:00+00:00"
    assert meta["source"] == "sandbox" and meta["currency"] == "USD"
