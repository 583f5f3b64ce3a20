"""Everything a run writes, gathered from Odoo before anything is written.

If Odoo fails half-way, `OdooError` propagates and no partial snapshot exists: the caller marks
the files stale instead of writing zeros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..accounting.service import AccountingService
from ..reports.models import MonthSnapshot, OpenItems
from ..reports.snapshot import month_snapshot, open_items

Progress = Callable[[int, int, str], None]


async def gather(
    acc: AccountingService, months: list[str], as_of: dt.date, *, progress: Progress
) -> tuple[OpenItems, list[MonthSnapshot]]:
    """Today's open items, then each month's snapshot (one step each, reported to `progress`)."""
    total = len(months) + 1
    progress(0, total, "open invoices, bills and drafts")
    items = await open_items(acc, as_of)
    snapshots = []
    for step, month in enumerate(months, start=1):
        progress(step, total, f"figures for {month}")
        snapshots.append(await month_snapshot(acc, month, items=items))
    return items, snapshots
