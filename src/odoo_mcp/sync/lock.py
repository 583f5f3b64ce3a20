"""Runs are serialised by a lock file in the state directory: the background service, a manual `--once` and
the MCP tool never interleave."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from ..odoo import OdooError

LOCK_FILE = "sync.lock"
LOCK_WAIT_SECONDS = 60.0


@contextlib.asynccontextmanager
async def locked(path: Path, wait: float = LOCK_WAIT_SECONDS) -> AsyncIterator[None]:
    """An exclusive lock on `path` across processes (filelock: flock, or msvcrt on Windows).

    Waited for by polling, so the event loop keeps serving while another run holds it; after
    `wait` seconds the run is refused with an `OdooError` that `run_forever` logs and retries.
    """
    # Imported by a sync run, not by `serve` at start-up.
    from filelock import AsyncFileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    # One lock object per run: two runs in one process exclude each other like two processes do.
    lock = AsyncFileLock(path, timeout=wait, poll_interval=0.2, mode=0o600, run_in_executor=False)
    try:
        await lock.acquire()
    except Timeout:
        raise OdooError(f"another sync has been running for over {wait:.0f} s (lock {path}); try again later") from None
    try:
        yield
    finally:
        await lock.release()
