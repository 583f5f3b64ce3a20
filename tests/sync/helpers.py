"""Small shared helpers for the sync tests: a clock that moves, running one sync, reading files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from odoo_mcp.runtime import Runtime
from odoo_mcp.sync import Syncer, SyncOptions, SyncReport
from odoo_mcp.vault.front_matter import properties

RuntimeFactory = Callable[[], AbstractAsyncContextManager[Runtime]]
UTC = dt.UTC


class Clock:
    """A wall clock that advances one minute per reading, so successive syncs have distinct times."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 11, 16, 8, 0, tzinfo=UTC)) -> None:
        self.moment = start

    def __call__(self) -> dt.datetime:
        self.moment += dt.timedelta(minutes=1)
        return self.moment


async def sync_once(factory: RuntimeFactory, clock: Clock | None = None, **options: Any) -> SyncReport:
    async with factory() as rt:
        return await Syncer(rt, SyncOptions(**options), now=clock or Clock()).run_once()


def front(path: Path) -> dict[str, Any]:
    return properties(path.read_text(encoding="utf-8"))


def event_files(vault: Path, folder: str = "Needs_Action") -> dict[str, Path]:
    """event key -> note, for the odoo-mcp notes in a vault folder (a partner's note stands for each key it lists)."""
    found = {}
    for path in sorted((vault / folder).glob("*.md")):
        meta = front(path)
        if meta.get("type") == "odoo_event":
            for key in meta.get("event_keys") or [meta["event_key"]]:
                assert key not in found, f"two files for {key}"
                found[key] = path
    return found


def start_events(settings: Any, name: str = "events.json") -> None:
    """An installation that has raised events before (its state file exists): the next sync writes one note per
    event, not the first sync's summary."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    (settings.state_dir / name).write_text('{"version": 1, "events": {}}\n', encoding="utf-8")
