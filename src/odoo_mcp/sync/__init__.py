"""The accounting sync: one run writes the month files and raises events; the loop repeats it.

- `gather`  reads every figure of a run from Odoo, before anything is written;
- `files`   writes, marks stale and repairs one company's month files;
- `events`  raises the run's new events in `Needs_Action/`;
- `report`  what a run did, and its one summary line;
- `runner`  one run (`Syncer`), from gathering to the report;
- `lock`    one run at a time across processes;
- `loop`    the service: repeat, back off, stop on a signal.

See docs/sync.md.
"""

from __future__ import annotations

from .lock import LOCK_FILE
from .loop import backoff_delay, run_forever, until_stopped
from .report import MonthOutcome, SyncReport, summary_line
from .runner import Syncer, SyncOptions

__all__ = [
    "LOCK_FILE",
    "MonthOutcome",
    "SyncOptions",
    "SyncReport",
    "Syncer",
    "backoff_delay",
    "run_forever",
    "summary_line",
    "until_stopped",
]
