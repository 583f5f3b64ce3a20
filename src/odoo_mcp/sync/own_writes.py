"""The Odoo records the approval gate wrote: the project's own actions are not news to the owner.

The request store (outside the vault) records each executed request with the records it wrote
(`result.records`). An event about such a record is dropped when its condition already held
the day the gate wrote it: the owner approved posting an invoice that was already past due, or
a bill due next week; that is not a new thing to do. If the condition arises later (the invoice
the gate posted becomes overdue a month on), it is a real event and is raised.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..approvals.actions import ActionName
from ..approvals.request_store import RequestStore, RequestStoreError, Status
from ..reports.event_detect import Event

log = logging.getLogger("odoo_mcp.sync")

MAX_REQUESTS = 100_000  # every request ever executed; a small business makes a few a day


@dataclass(frozen=True)
class OwnWrites:
    """(model, id) -> the last day the gate wrote that record."""

    written: dict[tuple[str, int], dt.date] = field(default_factory=dict)

    def covers(self, event: Event) -> bool:
        day = self.written.get((event.model, event.record_id))
        return day is not None and event.since <= day


def own_writes(store_path: Path, company_id: int) -> OwnWrites:
    """What the gate wrote for `company_id` (executed requests, dry runs excluded). Read-only: a missing store
    is not created, and an unreadable one means nothing is held back (one warning)."""
    if not store_path.is_file():
        return OwnWrites()
    try:
        entries = RequestStore(store_path).entries((Status.DONE, Status.MISMATCH), limit=MAX_REQUESTS)
    except RequestStoreError as exc:
        log.warning("the approval request store could not be read (%s): events about the gate's own writes are raised too", exc)
        return OwnWrites()
    written: dict[tuple[str, int], dt.date] = {}
    for entry in entries:
        company = entry.plan.get("company_id")
        if entry.dry_run or entry.result is None or (company is not None and company != company_id):
            continue
        day = (entry.finished_at or entry.created_at).date()
        for record in entry.result.get("records") or []:
            model, record_id = record.get("model"), record.get("id")
            if not isinstance(model, str) or not isinstance(record_id, int):
                continue
            if entry.action == ActionName.REGISTER_PAYMENT and model != "account.payment":
                continue  # the invoices a payment settles are read back, not written: their overdue state is still news
            key = (model, record_id)
            written[key] = max(day, written.get(key, day))
    return OwnWrites(written)
