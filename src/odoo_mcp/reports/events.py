"""Needs_Action events: what changed in Odoo that a person should look at, raised once each.

An event has a stable key built from what makes it new (`invoice_overdue:<id>:<due date>`: the
same invoice becomes a new event only if its due date moves). Keys already raised are remembered
in a small state file outside the vault, so an owner who deletes or moves the file is not
pestered again; keys are also read back from event files in `Needs_Action/` and `Done/`, so a lost
state file does not bring back every event either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..odoo.links import record_url
from ..vault.front_matter import block, properties
from ..vault.layout import DONE, NEEDS_ACTION, UnreadableFile, Vault, atomic_write
from ..vault.neutral import file_name as whole_file_name, file_part, md_text, one_line
from ..vault.scope import VaultScope
from .markdown import money
from .models import DocRow, DraftRow, OpenItems, PaymentRow
from .snapshot import DUE_SOON_DAYS

log = logging.getLogger(__name__)

FILE_TYPE = "odoo_event"
STATE_FILE = "events.json"
_SCAN_BYTES = 4096
_ORIGIN = {"odoo": "Odoo", "sandbox": "the sandbox (demo data)"}


@dataclass(frozen=True)
class Event:
    key: str
    kind: str
    label: str  # file name part: OVERDUE, DRAFT, PAYMENT, BILL_DUE
    reference: str  # number or name shown in the file name
    title: str
    facts: dict[str, Any]
    lines: list[str]


@dataclass
class RaiseResult:
    created: list[tuple[str, Path]] = field(default_factory=list)  # (event kind, file)
    already_known: int = 0

    def by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, _ in self.created:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


# -- detection -------------------------------------------------------------------------------------


def detect(items: OpenItems, *, draft_age_days: int, overdue_days: int, due_days: int = DUE_SOON_DAYS) -> list[Event]:
    """Every event the open items show today; which of them are new is the ledger's business."""
    as_of = items.as_of
    events = [_overdue(r, as_of, overdue_days) for r in items.open_invoices if _is_overdue(r, as_of)]
    events += [_draft(d) for d in items.drafts if d.age_days is not None and d.age_days >= draft_age_days]
    events += [_payment(p, items.currency) for p in items.recent_payments]
    horizon = as_of + dt.timedelta(days=due_days)
    events += [
        _bill_due(b, as_of)
        for b in items.open_bills
        if b.kind == "bill" and b.due_date and as_of <= b.due_date <= horizon and b.open > 0
    ]
    return events


def _is_overdue(row: DocRow, as_of: dt.date) -> bool:
    return row.kind == "invoice" and row.due_date is not None and row.due_date < as_of and row.open > 0


def _amount(value: Any, currency: str) -> str:
    return f"{money(value)} {md_text(currency)}"


def _overdue(r: DocRow, as_of: dt.date, overdue_days: int) -> Event:
    assert r.due_date is not None
    days = (as_of - r.due_date).days
    lines = [
        f"**{md_text(r.partner or 'A customer')}** still owes **{_amount(r.open, r.currency)}** on invoice {md_text(r.number)} "
        f"(total {_amount(r.total, r.currency)}), which was due on {r.due_date}: {days} day{'s' if days != 1 else ''} ago.",
    ]
    if days >= overdue_days:
        lines.append("")
        lines.append(f"It is past your {overdue_days}-day threshold (Business_Goals.md): time to escalate.")
    lines += [
        "",
        "## What you can do",
        "- Ask the assistant to draft a friendly reminder; nothing is sent without you.",
        "- If the money arrived outside Odoo, ask it to register the payment: it files a request in "
        "`Pending_Approval/` for you to approve.",
    ]
    return Event(
        key=f"invoice_overdue:{r.id}:{r.due_date}",
        kind="invoice_overdue",
        label="OVERDUE",
        reference=r.number,
        title=f"Invoice {md_text(r.number)} is overdue",
        facts={
            "odoo_model": "account.move",
            "odoo_id": r.id,
            "number": r.number,
            "partner": r.partner,
            "amount_open": str(r.open),
            "currency": r.currency,
            "due_date": r.due_date.isoformat(),
            "days_overdue": days,
        },
        lines=lines,
    )


def _draft(d: DraftRow) -> Event:
    what = "invoice" if d.kind == "invoice" else "vendor bill"
    action = "sent to the customer" if d.kind == "invoice" else "confirmed"
    return Event(
        key=f"draft_waiting:{d.id}",
        kind="draft_waiting",
        label="DRAFT",
        reference=f"{d.kind}-{d.id}",
        title=f"Draft {what} for {md_text(d.partner or 'an unknown partner')} waiting {d.age_days} days",
        facts={
            "odoo_model": "account.move",
            "odoo_id": d.id,
            "kind": d.kind,
            "partner": d.partner,
            "amount": str(d.total),
            "currency": d.currency,
            "created_on": d.created.isoformat() if d.created else None,
            "age_days": d.age_days,
        },
        lines=[
            f"A draft {what} for **{md_text(d.partner or 'an unknown partner')}** of **{_amount(d.total, d.currency)}**"
            + (f", dated {d.invoice_date}," if d.invoice_date else "")
            + f" was created on {d.created} and has not been {action}: {d.age_days} days"
            + (" since its date." if d.invoice_date else "."),
            "",
            "## What you can do",
            f"- Check it in Odoo (draft id {d.id}) and post it, or delete it if it is no longer needed.",
            "- Or ask the assistant to file a `post_invoice` request for your approval.",
        ],
    )


def _payment(p: PaymentRow, currency: str) -> Event:
    return Event(
        key=f"payment_received:{p.id}",
        kind="payment_received",
        label="PAYMENT",
        reference=p.name,
        title=f"Payment received from {md_text(p.partner or 'a customer')}",
        facts={
            "odoo_model": "account.payment",
            "odoo_id": p.id,
            "name": p.name,
            "partner": p.partner,
            "amount": str(p.amount),
            "date": p.date.isoformat() if p.date else None,
            "state": p.state,
            "currency": currency,
        },
        lines=[
            f"**{md_text(p.partner or 'A customer')}** paid **{_amount(p.amount, currency)}** on {p.date}: "
            f"payment {md_text(p.name)}{f', memo “{md_text(p.memo)}”' if p.memo else ''}, state {md_text(p.state)}.",
            "",
            "Nothing to do unless it is unexpected; move this file to `Done/` once seen.",
        ],
    )


def _bill_due(b: DocRow, as_of: dt.date) -> Event:
    assert b.due_date is not None
    days = (b.due_date - as_of).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return Event(
        key=f"bill_due:{b.id}:{b.due_date}",
        kind="bill_due",
        label="BILL_DUE",
        reference=b.number,
        title=f"Vendor bill {md_text(b.number)} is due {when}",
        facts={
            "odoo_model": "account.move",
            "odoo_id": b.id,
            "number": b.number,
            "partner": b.partner,
            "amount_open": str(b.open),
            "currency": b.currency,
            "due_date": b.due_date.isoformat(),
        },
        lines=[
            f"**{md_text(b.partner or 'A vendor')}** is owed **{_amount(b.open, b.currency)}** on bill {md_text(b.number)}, due on "
            f"{b.due_date} ({when}).",
            "",
            "## What you can do",
            "- Pay it from your bank, then ask the assistant to register the payment (it files a request for your approval).",
        ],
    )


# -- the ledger -----------------------------------------------------------------------------------------


class EventLedger:
    """Which event keys were raised already: the state file first, event files in the vault as a backup."""

    def __init__(self, state_dir: Path, vault: Vault, *, scope: VaultScope | None = None) -> None:
        self.scope = scope
        self.path = Path(state_dir) / (scope.events_state if scope is not None else STATE_FILE)
        self.vault = vault
        self._known: dict[str, dict[str, Any]] = {}

    def load(self) -> None:
        known: dict[str, dict[str, Any]] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                known = dict(data.get("events") or {})
            except (ValueError, AttributeError):
                log.warning("%s is damaged; rebuilding the list of raised events from the vault", self.path)
        for key, relative in self._keys_in_vault():
            known.setdefault(key, {"file": relative})
        self._known = known

    def _keys_in_vault(self) -> Iterable[tuple[str, str]]:
        for folder in (self.scope.needs_action if self.scope is not None else NEEDS_ACTION, DONE):
            base = self.vault.folder(folder)
            if not base.is_dir() or base.is_symlink():  # a symlinked folder is not the vault's: not followed
                continue
            for entry in base.glob("*.md"):
                if entry.is_symlink():
                    continue
                try:
                    head = _head(entry, f"{folder}/{entry.name}")
                except OSError as exc:  # not UTF-8, binary, vanished: this file only is skipped, in one line
                    log.warning("%s", exc)
                    continue
                meta = properties(head)
                if self.scope is not None and self.scope.belongs_elsewhere(meta) is not None:
                    continue  # another company's event: its memory is that company's
                if meta.get("type") == FILE_TYPE and meta.get("event_key"):
                    yield str(meta["event_key"]), f"{folder}/{entry.name}"

    def known(self, key: str) -> bool:
        return key in self._known

    def record(self, key: str, relative: str, created: dt.datetime) -> None:
        self._known[key] = {"file": relative, "created": created.isoformat(timespec="seconds")}

    def save(self) -> None:
        payload = {"version": 1, "events": dict(sorted(self._known.items()))}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(payload, indent=1) + "\n")


def _head(path: Path, shown: str) -> str:
    """The first `_SCAN_BYTES` of an event file as text (enough for its front matter); `UnreadableFile` naming it
    when those bytes are not UTF-8 (a character cut at the end of the window is not an error)."""
    with path.open("rb") as handle:
        data = handle.read(_SCAN_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and len(data) == _SCAN_BYTES:
            return data[: exc.start].decode("utf-8")
        raise UnreadableFile(f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): "
                             "skipped when looking for events already raised") from None


def _file_name(event: Event, folder: Path) -> str:
    """`ODOO_OVERDUE_INV-2026-00012_1a2b3c.md`: the reference (an invoice number, a payment name: Odoo's data) made a
    safe file name part (`neutral.file_part`: no `/`, no `..`, no leading dot), so no number can stop an event."""
    digest = hashlib.sha256(event.key.encode()).hexdigest()[:6]
    stem = f"ODOO_{file_part(event.label, 20)}_{file_part(event.reference, 60, fallback='event')}_{digest}"
    name = whole_file_name(stem)
    counter = 2
    while (folder / name).exists():  # a different event with a colliding name: never overwrite
        name = whole_file_name(f"{stem}-{counter}")
        counter += 1
    return name


def render_event(
    event: Event, *, created: dt.datetime, source: str, scope: VaultScope | None = None, odoo_url: str | None = None
) -> str:
    meta = {
        "type": FILE_TYPE,
        "event": event.kind,
        "event_key": event.key,
        **(scope.meta() if scope is not None else {}),
        "created": created.isoformat(timespec="seconds"),
        "source": source,
        "status": "new",
        **{key: one_line(value) if isinstance(value, str) else value for key, value in event.facts.items()},
    }
    body = [f"# {event.title}", ""]
    if source == "sandbox":
        body += ["> [!note] Sandbox data: this event comes from the built-in demo books, not a real company.", ""]
    body += event.lines
    odoo_id, model = event.facts.get("odoo_id"), event.facts.get("odoo_model")
    link = record_url(odoo_url or "", model, odoo_id) if isinstance(odoo_id, int) and isinstance(model, str) else None
    body += ["", f"[Open it in Odoo]({link})"] if link else []
    body += [
        "",
        f"_Raised by `odoo-mcp sync` on {created:%Y-%m-%d %H:%M} from {_ORIGIN.get(source, source)}. This file is yours: move it to "
        "`Done/` when handled; it is not raised again, even if you delete it._",
        "",
    ]
    return block(meta) + "\n".join(body)


def raise_new(events: list[Event], *, vault: Vault, ledger: EventLedger, now: dt.datetime, source: str,
              scope: VaultScope | None = None, odoo_url: str | None = None) -> RaiseResult:
    """Write one `Needs_Action/` file per event not raised before (in the company's folder when several companies
    are synced, see `vault.scope`); record each as soon as its file exists."""
    ledger.load()  # every run: the owner may have moved files since the last one
    result = RaiseResult()
    where = scope.needs_action if scope is not None else NEEDS_ACTION
    folder = vault.folder(where)
    if folder.is_symlink():
        log.warning("%s/ is a symbolic link, not a folder of the vault: no event file is written through it", where)
        return result
    seen: set[str] = set()
    try:
        for event in events:
            if ledger.known(event.key) or event.key in seen:
                result.already_known += 1
                continue
            seen.add(event.key)
            folder.mkdir(parents=True, exist_ok=True)
            path = vault.resolve(f"{where}/{_file_name(event, folder)}")
            atomic_write(path, render_event(event, created=now, source=source, scope=scope, odoo_url=odoo_url))
            ledger.record(event.key, f"{where}/{path.name}", now)
            result.created.append((event.kind, path))
    finally:
        if result.created:
            ledger.save()
    return result
