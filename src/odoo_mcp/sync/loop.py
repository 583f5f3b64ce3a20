"""The sync service: repeat a run every `interval` seconds, back off after failures, stop cleanly on a signal.

The loop waits `interval` seconds after a good run and backs off exponentially (capped) after
a failed one, and stops between or during runs when asked (SIGINT/SIGTERM set the event).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

from ..odoo import OdooError
from .runner import Syncer

log = logging.getLogger("odoo_mcp.sync")

BACKOFF_BASE_SECONDS = 5.0

T = TypeVar("T")


def backoff_delay(failures: int, *, cap: float, base: float = BACKOFF_BASE_SECONDS) -> float:
    """5, 10, 20, 40 ... seconds after consecutive failures, never more than `cap`."""
    factor: int = 2 ** max(0, failures - 1)
    return min(cap, min(base, cap) * factor)


async def run_forever(
    syncer: Syncer, *, interval: float, stop: asyncio.Event, max_backoff: float | None = None
) -> int:
    """Sync every `interval` seconds until `stop` is set; a run in progress when it is set is cancelled.

    Cancelling is safe: figures are gathered before anything is written, and each file is
    written atomically, so a cancelled run leaves every file as it was or as it should be.
    """
    cap = max_backoff if max_backoff is not None else interval
    failures = 0
    while not stop.is_set():
        try:
            report = await until_stopped(syncer.run_once(), stop)
        except OdooError as exc:  # e.g. another sync holding the lock for too long
            log.warning("sync skipped: %s", exc)
            report = None
        except Exception:  # a bug, not Odoo: keep the service alive and retry, but say so loudly
            log.exception("sync run crashed")
            report = None
        if stop.is_set():
            break
        if report is not None and report.ok:
            failures, delay = 0, interval
            log.info(report.summary)
        else:
            failures += 1
            delay = backoff_delay(failures, cap=cap)
            log.warning("%s; retry %d in %.0f s", report.summary if report else "sync did not run", failures, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
    log.info("sync stopped")
    return 0


async def until_stopped(run: Coroutine[Any, Any, T], stop: asyncio.Event) -> T | None:
    """The run's result, or None if `stop` was set first (the run is then cancelled and awaited)."""
    task = asyncio.ensure_future(run)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return None
    return task.result()
