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

from ..approvals.request_store import RequestStoreError, Status, open_request_store
from ..config import Settings
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


def own_writes(settings: Settings, company_id: int) -> OwnWrites:
    """What the gate wrote for `company_id` (executed requests, dry runs excluded), from the store the settings name
    (SQLite in the state directory, or PostgreSQL at `ODOO_MCP_STATE_URL`). Read-only: a SQLite store that does not
    exist is not created, and a store that cannot be read means nothing is held back (one warning).

    The first record of an outcome is the one the action wrote (the invoice created, posted, reset or whose due
    date changed, the payment, the credit note); the others are read back (the invoices a payment settles, the
    invoice a credit note reverses), and their state is still news."""
    if settings.state_url is None and not settings.request_store_path.is_file():
        return OwnWrites()
    try:
        entries = open_request_store(settings).entries((Status.DONE, Status.MISMATCH), limit=MAX_REQUESTS)
    except RequestStoreError as exc:
        log.warning("the approval request store could not be read (%s): events about the gate's own writes are raised too", exc)
        return OwnWrites()
    written: dict[tuple[str, int], dt.date] = {}
    for entry in entries:
        company = entry.plan.get("company_id")
        records = (entry.result or {}).get("records") or []
        if entry.dry_run or not records or (company is not None and company != company_id):
            continue
        model, record_id = records[0].get("model"), records[0].get("id")
        if not isinstance(model, str) or not isinstance(record_id, int):
            continue
        day = (entry.finished_at or entry.created_at).date()
        key = (model, record_id)
        written[key] = max(day, written.get(key, day))
    return OwnWrites(written)
