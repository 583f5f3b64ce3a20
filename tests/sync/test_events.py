"""Needs_Action events: exactly one file per event, however often the sync runs or the owner tidies up."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from .figures import recent_payment_ids, today_figures
from .helpers import Clock, event_files, front, sync_once

pytestmark = pytest.mark.anyio
DRAFT_AGE_DAYS = 7  # the vault template's Business_Goals.md


async def expected_keys(runtime_factory, as_of: dt.date) -> set[str]:
    """The events the books call for on `as_of`, worked out from raw records."""
    async with runtime_factory() as rt:
        today = await today_figures(rt.client, as_of)
        payments = await recent_payment_ids(rt.client, as_of)
    keys = {f"invoice_overdue:{o['id']}:{o['due']}" for o in today.overdue}
    keys |= {f"draft_waiting:{i}" for i, d in today.drafts.items() if d["age_days"] is not None and d["age_days"] >= DRAFT_AGE_DAYS}
    keys |= {f"payment_received:{i}" for i in payments}
    keys |= {f"bill_due:{b['id']}:{b['due_date']}" for b in today.due_bills if b["kind"] == "bill" and b["open"] > 0}
    return keys


async def test_ten_syncs_create_each_event_file_once(runtime_factory, sandbox, vault_path: Path) -> None:
    clock = Clock()
    reports = [await sync_once(runtime_factory, clock) for _ in range(10)]
    assert all(r.ok for r in reports)
    files = event_files(vault_path)
    expected = await expected_keys(runtime_factory, sandbox.today)
    assert set(files) == expected
    assert {key.split(":")[0] for key in files} == {"invoice_overdue", "draft_waiting", "payment_received", "bill_due"}
    assert len(reports[0].events_created) == len(files)
    assert [len(r.events_created) for r in reports[1:]] == [0] * 9
    assert sum(reports[0].events_by_kind.values()) == len(files)
    for key, path in files.items():
        meta = front(path)
        assert meta["status"] == "new" and meta["source"] == "sandbox" and meta["event"] == key.split(":")[0]
        assert "Sandbox data" in path.read_text(encoding="utf-8")


async def test_an_event_file_the_owner_deleted_or_moved_is_not_raised_again(runtime_factory, sandbox, vault_path: Path) -> None:
    clock = Clock()
    await sync_once(runtime_factory, clock)
    files = event_files(vault_path)
    deleted, moved, *_ = sorted(files)
    files[deleted].unlink()
    (vault_path / "Done").mkdir(exist_ok=True)
    shutil.move(files[moved], vault_path / "Done" / files[moved].name)
    for _ in range(3):
        assert (await sync_once(runtime_factory, clock)).events_created == []
    assert deleted not in event_files(vault_path) and moved in event_files(vault_path, "Done")


async def test_a_lost_state_file_does_not_bring_back_events_still_in_the_vault(runtime_factory, settings, vault_path: Path) -> None:
    clock = Clock()
    await sync_once(runtime_factory, clock)
    before = event_files(vault_path)
    (settings.state_dir / "events.json").unlink()
    assert (await sync_once(runtime_factory, clock)).events_created == []
    assert event_files(vault_path) == before


async def test_new_events_appear_once_as_days_pass(runtime_factory, sandbox, vault_path: Path) -> None:
    clock = Clock()
    await sync_once(runtime_factory, clock)
    first = set(event_files(vault_path))
    sandbox.today = sandbox.today + dt.timedelta(days=10)  # bills fall due, invoices become overdue
    later = await sync_once(runtime_factory, clock)
    again = await sync_once(runtime_factory, clock)
    now_files = set(event_files(vault_path))
    expected_new = await expected_keys(runtime_factory, sandbox.today) - first
    assert expected_new, "ten days later the sandbox books should call for new events"
    assert now_files - first == expected_new
    assert len(later.events_created) == len(expected_new) and again.events_created == []


async def test_draft_age_comes_from_business_goals_or_the_option(runtime_factory, vault_path: Path) -> None:
    goals = vault_path / "Business_Goals.md"
    goals.write_text(goals.read_text(encoding="utf-8").replace("draft_age_days: 7", "draft_age_days: 0"), encoding="utf-8")
    await sync_once(runtime_factory, events=True)
    drafts_zero = {k for k in event_files(vault_path) if k.startswith("draft_waiting:")}
    async with runtime_factory() as rt:
        today = await today_figures(rt.client, rt.accounting.today())
    assert drafts_zero == {f"draft_waiting:{i}" for i in today.drafts}
    assert len(drafts_zero) > 1, "the sandbox should have young drafts too"


async def test_the_option_overrides_business_goals(runtime_factory, vault_path: Path) -> None:
    await sync_once(runtime_factory, draft_age_days=10_000)
    assert not [k for k in event_files(vault_path) if k.startswith("draft_waiting:")]


async def test_no_events_option_writes_none(runtime_factory, vault_path: Path) -> None:
    report = await sync_once(runtime_factory, events=False)
    assert report.ok and report.events_created == []
    assert event_files(vault_path) == {}


async def test_concurrent_syncs_take_turns_and_raise_nothing_twice(runtime_factory, vault_path: Path) -> None:
    """The service, a manual `--once` and the MCP tool may overlap: the lock makes them take turns."""
    import asyncio

    first, second = await asyncio.gather(sync_once(runtime_factory, Clock()), sync_once(runtime_factory, Clock()))
    assert first.ok and second.ok
    created = first.events_created + second.events_created
    assert len(created) == len(set(created)) == len(event_files(vault_path))
    assert not first.events_created or not second.events_created
