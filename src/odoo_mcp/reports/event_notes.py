"""How new events become `Needs_Action/` notes: one per event, one per partner, or one summary.

A to-do list is worth reading only if each note is one thing to do. So several overdue
documents of one partner found in the same sync make one note for that partner (a table of
them), and the first sync of a company that already has a history writes one summary note
(counts and totals per kind, the largest items, links to Odoo) instead of a file for every
old overdue invoice. Each note lists the event keys it covers; the ledger records every one of
them, so nothing it covers is raised again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..odoo.links import record_url
from ..vault.front_matter import block
from ..vault.neutral import file_name as whole_file_name, file_part, md_text, one_line
from ..vault.scope import VaultScope
from .event_detect import TITLES, Event, EventKind, amount
from .markdown import Links, money, table

FILE_TYPE = "odoo_event"
SUMMARY_KIND = "first_sync_summary"
SUMMARY_TOP = 10  # items listed per kind in the summary
GROUPED = (EventKind.INVOICE_OVERDUE, EventKind.BILL_OVERDUE)  # one note per partner when several arrive together
_ORIGIN = {"odoo": "Odoo", "sandbox": "the sandbox (demo data)"}


@dataclass(frozen=True)
class Note:
    """One `Needs_Action/` file: what it says, and every event key it stands for."""

    kind: str  # front matter `event`: an `EventKind`, or `first_sync_summary`
    label: str
    reference: str
    title: str
    keys: tuple[str, ...]
    facts: dict[str, Any]
    lines: list[str]
    record: tuple[str, int] | None = None  # the Odoo record "Open it in Odoo" links to
    keys_in_front_matter: bool = True  # a summary covers thousands: it carries its date instead (`covers_until`)
    events: tuple[Event, ...] = field(default=())


def single(event: Event) -> Note:
    return Note(
        kind=event.kind.value,
        label=event.label,
        reference=event.reference,
        title=event.title,
        keys=(event.key,),
        facts=event.facts,
        lines=event.lines,
        record=(event.model, event.record_id),
        events=(event,),
    )


def by_partner(events: list[Event], currency: str, link: Links) -> list[Note]:
    """One note per event, except several overdue documents of one partner (same kind): one note listing them."""
    groups: dict[tuple[EventKind, int | str | None], list[Event]] = defaultdict(list)
    notes: list[Note] = []
    for event in events:
        if event.kind in GROUPED:
            groups[(event.kind, event.partner_id if event.partner_id is not None else event.partner)].append(event)
        else:
            notes.append(single(event))
    for (kind, _), members in groups.items():
        notes.append(single(members[0]) if len(members) == 1 else _partner_note(kind, members, currency, link))
    return notes


def _partner_note(kind: EventKind, members: list[Event], currency: str, link: Links) -> Note:
    first = members[0]
    who = md_text(first.partner or ("a customer" if kind is EventKind.INVOICE_OVERDUE else "a vendor"))
    total = sum((e.amount for e in members), Decimal(0))
    rows = sorted(members, key=lambda e: (e.due_date or dt.date.min, e.reference))
    if kind is EventKind.INVOICE_OVERDUE:
        title = f"{who} has {len(members)} overdue invoices"
        intro = f"**{who}** still owes **{amount(total, currency)}** on {len(members)} invoices past your `overdue_days` threshold:"
        todo = ["- Ask the assistant to draft one reminder listing them; nothing is sent without you.",
                "- If money arrived outside Odoo, ask it to register the payment (a request for your approval)."]
    else:
        title = f"{len(members)} bills of {who} are overdue: we are late paying"
        intro = f"We still owe **{who}** **{amount(total, currency)}** on {len(members)} bills past their due date:"
        todo = ["- Pay them from your bank, then ask the assistant to register the payments (requests for your approval)."]
    return Note(
        kind=kind.value,
        label=first.label,
        reference=first.partner or "partner",
        title=title,
        keys=tuple(e.key for e in rows),
        facts={
            "odoo_model": "res.partner",
            "odoo_id": first.partner_id,
            "partner": first.partner,
            "documents": len(members),
            "amount_open_company_currency": str(total),
            "company_currency": currency,
            "numbers": [e.reference for e in rows],
        },
        lines=[intro, "", _table(rows, currency, link), "", "## What you can do", *todo],
        record=("res.partner", first.partner_id) if first.partner_id is not None else None,
        events=tuple(rows),
    )


def _table(rows: list[Event] | tuple[Event, ...], currency: str, link: Links, *, partner: bool = False) -> str:
    headers = ["Document", *(["Partner"] if partner else []), "Due", "Days late", f"Open ({md_text(currency)})"]
    return table(
        headers,
        [
            (link(e.model, e.record_id, e.reference), *([e.partner] if partner else []), e.due_date, e.facts.get("days_overdue"), e.amount)
            for e in rows
        ],
        right=[len(headers) - 2, len(headers) - 1],
    )


def summary(events: list[Event], *, as_of: dt.date, currency: str, company: str, link: Links) -> Note:
    """The first sync's one note: per kind the count and total and the largest (or oldest) items, linked to Odoo."""
    per_kind: dict[EventKind, list[Event]] = defaultdict(list)
    for event in events:
        per_kind[event.kind].append(event)
    kinds = [k for k in EventKind if per_kind[k]]
    lines = [
        f"This is the first sync of **{md_text(company)}**: instead of one note for each of the {len(events)} things that already "
        "need attention, here they are in one place. They count as raised: later syncs write a note only for what is new.",
        "",
        f"| What | How many | Total ({md_text(currency)}) |",
        "|---|---:|---:|",
        *(f"| {TITLES[k]} | {len(per_kind[k])} | {money(_total(per_kind[k]))} |" for k in kinds),
        "",
        "Totals add the documents' open amounts in the company's currency (a draft's own total). The thresholds come from "
        "Business_Goals.md (`overdue_days`, `bill_overdue_days`, `draft_age_days`, `min_amount`).",
    ]
    for kind in kinds:
        rows = per_kind[kind]
        top = sorted(rows, key=lambda e: (-e.amount, e.due_date or dt.date.min, e.reference))[:SUMMARY_TOP]
        shown = "the largest" if len(rows) > SUMMARY_TOP else "all"
        lines += ["", f"## {TITLES[kind]}: {shown} {len(top)} of {len(rows)}", "", _table(top, currency, link, partner=True)]
    lines += [
        "",
        "## What you can do",
        "- Ask the assistant about any of these (\"which customers owe the most?\"): it reads them from Odoo.",
        "- The current month's file in `Accounting/` and the Monday briefing list the overdue documents in full.",
    ]
    return Note(
        kind=SUMMARY_KIND,
        label="SUMMARY",
        reference=as_of.isoformat(),
        title=f"What needs attention on {as_of}: {len(events)} items from the books' history",
        keys=tuple(e.key for e in events),
        facts={
            "covers_until": as_of.isoformat(),
            "company_currency": currency,
            **{f"count_{k.value}": len(per_kind[k]) for k in kinds},
            **{f"total_{k.value}": str(_total(per_kind[k])) for k in kinds},
        },
        lines=lines,
        keys_in_front_matter=False,
        events=tuple(events),
    )


def _total(rows: list[Event]) -> Decimal:
    return sum((e.amount for e in rows), Decimal(0))


def file_name(note: Note, folder: Path) -> str:
    """`ODOO_OVERDUE_INV-2026-00012_1a2b3c.md`: the reference (an invoice number, a partner: Odoo's data) made a
    safe file name part (`neutral.file_part`: no `/`, no `..`, no leading dot), so no number can stop a note."""
    digest = hashlib.sha256(note.keys[0].encode() if len(note.keys) == 1 else "\n".join(note.keys).encode()).hexdigest()[:6]
    stem = f"ODOO_{file_part(note.label, 20)}_{file_part(note.reference, 60, fallback='event')}_{digest}"
    name = whole_file_name(stem)
    counter = 2
    while (folder / name).exists():  # a different note with a colliding name: never overwrite
        name = whole_file_name(f"{stem}-{counter}")
        counter += 1
    return name


def render(note: Note, *, created: dt.datetime, source: str, scope: VaultScope | None = None, odoo_url: str | None = None) -> str:
    keys: dict[str, Any] = {"event_key": note.keys[0]} if len(note.keys) == 1 else {}
    if note.kind == SUMMARY_KIND:
        keys = {"event_key": f"{SUMMARY_KIND}:{note.reference}"}
    elif len(note.keys) > 1:
        keys = {"event_key": note.keys[0], "event_keys": list(note.keys)}
    meta = {
        "type": FILE_TYPE,
        "event": note.kind,
        **keys,
        **(scope.meta() if scope is not None else {}),
        "created": created.isoformat(timespec="seconds"),
        "source": source,
        "status": "new",
        **{key: _property(value) for key, value in note.facts.items()},
    }
    body = [f"# {note.title}", ""]
    if source == "sandbox":
        body += ["> [!note] Sandbox data: this note comes from the built-in demo books, not a real company.", ""]
    body += note.lines
    link = record_url(odoo_url or "", note.record[0], note.record[1]) if note.record else None
    body += ["", f"[Open it in Odoo]({link})"] if link else []
    body += [
        "",
        f"_Raised by `odoo-mcp sync` on {created:%Y-%m-%d %H:%M} from {_ORIGIN.get(source, source)}. This file is yours: move it to "
        "`Done/` when handled; it is not raised again, even if you delete it._",
        "",
    ]
    return block(meta) + "\n".join(body)


def _property(value: Any) -> Any:
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [one_line(v) if isinstance(v, str) else v for v in value]
    return value
