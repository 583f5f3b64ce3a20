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
    """event_key -> file, for the odoo-mcp event files in a vault folder."""
    found = {}
    for path in sorted((vault / folder).glob("*.md")):
        meta = front(path)
        if meta.get("type") == "odoo_event":
            assert meta["event_key"] not in found, f"two files for {meta['event_key']}"
            found[meta["event_key"]] = path
    return found
