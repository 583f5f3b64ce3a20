"""Needs_Action: a to-do list, each note one thing to do, each raised once.

`event_detect` finds what today's open items call for (past the owner's thresholds), the ledger
(`event_ledger`) says which of those were raised before, and `event_notes` shapes the new ones:
the first sync of a company writes one summary, later syncs one note per event, with several
overdue documents of one partner in one note. Payments received are not to-dos: the month file
lists them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..vault.layout import NEEDS_ACTION, Vault, atomic_write
from ..vault.scope import VaultScope
from . import event_notes
from .event_detect import Event, EventKind, Thresholds, detect
from .event_ledger import STATE_FILE, EventLedger
from .event_notes import FILE_TYPE, SUMMARY_KIND, Note
from .markdown import Links

log = logging.getLogger(__name__)

__all__ = [
    "FILE_TYPE",
    "STATE_FILE",
    "SUMMARY_KIND",
    "Event",
    "EventKind",
    "EventLedger",
    "Note",
    "RaiseResult",
    "Thresholds",
    "detect",
    "raise_new",
]


@dataclass
class RaiseResult:
    created: list[tuple[str, Path]] = field(default_factory=list)  # (note kind, file)
    events: Counter[str] = field(default_factory=Counter)  # the new events the notes cover, per kind
    already_known: int = 0
    summary: bool = False  # the first sync of the company: one summary note

    def by_kind(self) -> dict[str, int]:
        return dict(self.events)


def raise_new(
    events: list[Event],
    *,
    vault: Vault,
    ledger: EventLedger,
    now: dt.datetime,
    source: str,
    currency: str,
    as_of: dt.date | None = None,
    scope: VaultScope | None = None,
    odoo_url: str | None = None,
) -> RaiseResult:
    """Write the notes for the events not raised before (in the company's folder when several companies are synced,
    see `vault.scope`); record every key a note covers as soon as its file exists."""
    ledger.load()  # every run: the owner may have moved files since the last one
    result = RaiseResult()
    where = scope.needs_action if scope is not None else NEEDS_ACTION
    folder = vault.folder(where)
    if folder.is_symlink():
        log.warning("%s/ is a symbolic link, not a folder of the vault: no event file is written through it", where)
        return result
    new: list[Event] = []
    seen: set[str] = set()
    for event in events:
        if ledger.known(event) or event.key in seen:
            result.already_known += 1
            continue
        seen.add(event.key)
        new.append(event)
    link = Links(odoo_url)
    if ledger.first_run and new:
        notes = [event_notes.summary(new, as_of=as_of or now.date(), currency=currency, company=scope.company if scope else "", link=link)]
        result.summary = True
    else:
        notes = event_notes.by_partner(new, currency, link)
    try:
        for note in notes:
            folder.mkdir(parents=True, exist_ok=True)
            path = vault.resolve(f"{where}/{event_notes.file_name(note, folder)}")
            atomic_write(path, event_notes.render(note, created=now, source=source, scope=scope, odoo_url=odoo_url))
            for key in note.keys:
                ledger.record(key, f"{where}/{path.name}", now)
            result.created.append((note.kind, path))
            result.events.update(e.kind.value for e in note.events)
    finally:
        if result.created or ledger.first_run:  # the first run leaves its mark even when nothing needed attention
            ledger.save()
    return result
