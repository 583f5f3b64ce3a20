"""Needs_Action is a to-do list: one summary on the first sync, then one note per new thing to do, each raised once."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from .figures import Rules, expected_events, today_figures
from .helpers import Clock, event_files, front, start_events, sync_once

pytestmark = pytest.mark.anyio


async def expected_keys(runtime_factory, as_of: dt.date, rules: Rules | None = None) -> set[str]:
    """The events the books call for on `as_of`, worked out from raw records (the vault template's thresholds)."""
    async with runtime_factory() as rt:
        return set(await expected_events(rt.client, as_of, rules or Rules()))


def notes(vault: Path, folder: str = "Needs_Action") -> list[Path]:
    return sorted(p for p in (vault / folder).glob("ODOO_*.md"))


async def test_the_first_sync_writes_one_summary_then_only_what_is_new(runtime_factory, sandbox, settings, vault_path: Path) -> None:
    clock = Clock()
    reports = [await sync_once(runtime_factory, clock) for _ in range(5)]
    assert all(r.ok for r in reports)
    async with runtime_factory() as rt:
        expected = await expected_events(rt.client, sandbox.today)
    assert len(expected) > 5, "the sandbox books should call for several events"
    (summary,) = notes(vault_path)
    meta = front(summary)
    assert meta["event"] == "first_sync_summary" and meta["covers_until"] == sandbox.today.isoformat()
    # every event counts as raised, in the state file
    import json

    state = json.loads((settings.state_dir / "events.json").read_text(encoding="utf-8"))["events"]
    assert set(state) == set(expected)
    # counts and totals per kind, from raw records
    for kind, count in Counter(k for k, _, _ in expected.values()).items():
        total = sum((a for k, _, a in expected.values() if k == kind), Decimal(0))
        assert meta[f"count_{kind}"] == count and Decimal(meta[f"total_{kind}"]) == total
    text = summary.read_text(encoding="utf-8")
    assert "Sandbox data" in text and "later syncs write a note only for what is new" in text
    assert reports[0].events_created == [f"Needs_Action/{summary.name}"]
    assert sum(reports[0].events_by_kind.values()) == len(expected)
    assert [r.events_created for r in reports[1:]] == [[]] * 4
    assert f"{len(expected)} new events" in reports[0].summary and "in 1 note" in reports[0].summary
    # days pass: only the new events are raised, each once
    sandbox.today = sandbox.today + dt.timedelta(days=40)
    later = await sync_once(runtime_factory, clock)
    again = await sync_once(runtime_factory, clock)
    new = set(await expected_keys(runtime_factory, sandbox.today)) - set(expected)
    assert new, "forty days later the sandbox books should call for new events"
    assert set(event_files(vault_path)) - {f"first_sync_summary:{meta['covers_until']}"} == new
    assert sum(later.events_by_kind.values()) == len(new) and again.events_created == []


async def test_a_first_sync_with_nothing_to_do_still_counts_as_the_first(runtime_factory, sandbox, settings, vault_path: Path) -> None:
    goals = vault_path / "Business_Goals.md"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("min_amount: 50", "min_amount: 100000000"), encoding="utf-8")
    first = await sync_once(runtime_factory, draft_age_days=100_000)
    assert first.ok and first.events_created == [] and notes(vault_path) == []
    assert (settings.state_dir / "events.json").is_file(), "the first sync leaves its mark even with nothing to raise"
    goals.write_text(text, encoding="utf-8")
    second = await sync_once(runtime_factory)
    assert not any(front(p)["event"] == "first_sync_summary" for p in notes(vault_path))
    assert set(event_files(vault_path)) == await expected_keys(runtime_factory, sandbox.today)
    assert len(second.events_created) == len(notes(vault_path))


async def test_a_lost_state_file_brings_back_nothing_the_summary_covered(runtime_factory, sandbox, settings, vault_path: Path) -> None:
    clock = Clock()
    await sync_once(runtime_factory, clock)
    (summary,) = notes(vault_path)
    (settings.state_dir / "events.json").unlink()
    assert (await sync_once(runtime_factory, clock)).events_created == []
    (vault_path / "Done").mkdir(exist_ok=True)
    shutil.move(summary, vault_path / "Done" / summary.name)  # handled: the owner filed it
    (settings.state_dir / "events.json").unlink(missing_ok=True)
    sandbox.today = sandbox.today + dt.timedelta(days=40)
    later = await sync_once(runtime_factory, clock)
    assert later.events_created, "what became due after the summary is new"
    assert not any(front(p)["event"] == "first_sync_summary" for p in notes(vault_path))


@pytest.mark.parametrize("overdue_days", [30, 1])
async def test_each_event_is_one_note_once_the_company_has_events(
    overdue_days: int, runtime_factory, sandbox, settings, vault_path: Path
) -> None:
    start_events(settings)
    goals = vault_path / "Business_Goals.md"
    goals.write_text(goals.read_text(encoding="utf-8").replace("  overdue_days: 30", f"  overdue_days: {overdue_days}"), encoding="utf-8")
    clock = Clock()
    reports = [await sync_once(runtime_factory, clock) for _ in range(3)]
    async with runtime_factory() as rt:
        expected = await expected_events(rt.client, sandbox.today, Rules(overdue_days=overdue_days))
    files = event_files(vault_path)
    assert set(files) == set(expected)
    assert {kind for kind, _, _ in expected.values()} >= {"invoice_overdue", "bill_overdue", "draft_waiting"}
    assert not any(k.startswith("payment_received") for k in files), "a payment received is news for the month file, not a to-do"
    # one note per event, except several overdue documents of one partner: one note listing them
    groups = Counter((kind, partner) for kind, partner, _ in expected.values() if kind in ("invoice_overdue", "bill_overdue"))
    singles = sum(1 for kind, _, _ in expected.values() if kind not in ("invoice_overdue", "bill_overdue"))
    assert len(notes(vault_path)) == singles + len(groups)
    assert len(reports[0].events_created) == len(notes(vault_path))
    assert [r.events_created for r in reports[1:]] == [[], []]
    for key, path in files.items():
        meta = front(path)
        assert meta["status"] == "new" and meta["source"] == "sandbox" and meta["event"] == key.split(":")[0]
    if overdue_days == 1:
        assert max(groups.values()) > 1, "a sandbox customer should have several overdue invoices"
    for (kind, partner), count in groups.items():
        members = [k for k, (kd, p, _) in expected.items() if kd == kind and p == partner]
        paths = {files[k] for k in members}
        assert len(paths) == 1, f"{kind} of partner {partner}: {count} documents, one note"
        if count > 1:
            meta = front(paths.pop())
            assert sorted(meta["event_keys"]) == sorted(members) and meta["documents"] == count
            assert Decimal(meta["amount_open_company_currency"]) == sum((expected[k][2] for k in members), Decimal(0))


async def test_thresholds_of_business_goals_apply(runtime_factory, sandbox, settings, vault_path: Path) -> None:
    start_events(settings)
    goals = vault_path / "Business_Goals.md"
    text = goals.read_text(encoding="utf-8")
    assert "min_amount: 50" in text and "overdue_days: 30" in text and "bill_overdue_days: 1" in text
    goals.write_text(text.replace("min_amount: 50", "min_amount: 2000").replace("  overdue_days: 30", "  overdue_days: 60"),
                     encoding="utf-8")
    await sync_once(runtime_factory)
    rules = Rules(overdue_days=60, min_amount=Decimal(2000))
    async with runtime_factory() as rt:
        strict = await expected_events(rt.client, sandbox.today, rules)
        loose = await expected_events(rt.client, sandbox.today)
    assert set(event_files(vault_path)) == set(strict)
    below = set(loose) - set(strict)
    assert any(k.startswith("invoice_overdue") for k in below), "some overdue invoices should be below the stricter thresholds"
    for path in notes(vault_path):
        meta = front(path)
        if meta["event"] in ("invoice_overdue", "bill_overdue", "bill_due"):
            assert Decimal(meta["amount_open_company_currency"]) >= 2000


async def test_an_event_file_the_owner_deleted_or_moved_is_not_raised_again(runtime_factory, settings, vault_path: Path) -> None:
    start_events(settings)
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
    start_events(settings)
    clock = Clock()
    await sync_once(runtime_factory, clock)
    before = event_files(vault_path)
    (settings.state_dir / "events.json").unlink()
    assert (await sync_once(runtime_factory, clock)).events_created == []
    assert event_files(vault_path) == before


async def test_new_events_appear_once_as_days_pass(runtime_factory, sandbox, settings, vault_path: Path) -> None:
    start_events(settings)
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
    assert sum(later.events_by_kind.values()) == len(expected_new) and again.events_created == []


async def test_draft_age_comes_from_business_goals_or_the_option(runtime_factory, settings, vault_path: Path) -> None:
    start_events(settings)
    goals = vault_path / "Business_Goals.md"
    goals.write_text(goals.read_text(encoding="utf-8").replace("draft_age_days: 7", "draft_age_days: 0"), encoding="utf-8")
    await sync_once(runtime_factory, events=True)
    drafts_zero = {k for k in event_files(vault_path) if k.startswith("draft_waiting:")}
    async with runtime_factory() as rt:
        today = await today_figures(rt.client, rt.accounting.today())
    assert drafts_zero == {f"draft_waiting:{i}" for i in today.drafts}
    assert len(drafts_zero) > 1, "the sandbox should have young drafts too"


async def test_the_option_overrides_business_goals(runtime_factory, settings, vault_path: Path) -> None:
    start_events(settings)
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
