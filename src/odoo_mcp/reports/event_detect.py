"""What today's open items call for: one `Event` per document past one of the owner's thresholds.

Each event has a stable key built from what makes it new (`invoice_overdue:<id>:<due date>`: the
same invoice becomes a new event only if its due date moves), the day its condition started to
hold (`since`: an overdue invoice from its due date plus the threshold), and the Odoo record it is
about. Whether it is new, and how it is written (alone, with the partner's other documents, or in
the first sync's summary) is decided elsewhere (`events`, `event_notes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ..vault.neutral import md_text
from .markdown import money
from .models import DocRow, DraftRow, OpenItems
from .snapshot import DUE_SOON_DAYS


class EventKind(StrEnum):
    INVOICE_OVERDUE = "invoice_overdue"  # a customer owes us, past the owner's threshold
    BILL_OVERDUE = "bill_overdue"  # we are late paying a vendor
    BILL_DUE = "bill_due"  # a vendor bill falls due soon
    DRAFT_WAITING = "draft_waiting"  # a draft invoice or bill left unsent


LABELS: dict[EventKind, str] = {  # the file name's part: ODOO_<label>_<reference>_<hash>.md
    EventKind.INVOICE_OVERDUE: "OVERDUE",
    EventKind.BILL_OVERDUE: "BILL_OVERDUE",
    EventKind.BILL_DUE: "BILL_DUE",
    EventKind.DRAFT_WAITING: "DRAFT",
}

TITLES: dict[EventKind, str] = {  # what the summary and a partner's note call a group of them
    EventKind.INVOICE_OVERDUE: "Overdue customer invoices",
    EventKind.BILL_OVERDUE: "Overdue vendor bills (we are late paying)",
    EventKind.BILL_DUE: "Vendor bills falling due",
    EventKind.DRAFT_WAITING: "Drafts waiting",
}


@dataclass(frozen=True)
class Event:
    key: str
    kind: EventKind
    reference: str  # number or name shown in the file name
    title: str
    facts: dict[str, Any]
    lines: list[str]
    since: dt.date  # the first day the condition held: what the gate's own writes and a summary's cover are compared with
    model: str
    record_id: int
    partner: str | None
    partner_id: int | None
    amount: Decimal  # company currency for open documents (what a summary totals); a draft's own total
    due_date: dt.date | None = None

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class Thresholds:
    """The owner's thresholds (Business_Goals.md `alert_thresholds`) as the detection uses them."""

    overdue_days: int = 30
    bill_overdue_days: int = 1
    draft_age_days: int = 7
    min_amount: Decimal | None = None  # None: not comparable (goals in another currency), nothing held back
    due_days: int = DUE_SOON_DAYS


def detect(items: OpenItems, rules: Thresholds) -> list[Event]:
    """Every event the open items show today; which of them are new is the ledger's business."""
    as_of = items.as_of

    def big_enough(row: DocRow) -> bool:
        return rules.min_amount is None or row.open_in_company_currency >= rules.min_amount

    events = [
        _overdue(r, as_of, rules.overdue_days, items.currency)
        for r in items.open_invoices
        if r.kind == "invoice" and _days_late(r, as_of) >= max(rules.overdue_days, 1) and big_enough(r)
    ]
    events += [
        _bill_overdue(b, as_of, rules.bill_overdue_days, items.currency)
        for b in items.open_bills
        if b.kind == "bill" and _days_late(b, as_of) >= max(rules.bill_overdue_days, 1) and big_enough(b)
    ]
    events += [
        _draft(d, as_of, rules.draft_age_days) for d in items.drafts if d.age_days is not None and d.age_days >= rules.draft_age_days
    ]
    horizon = as_of + dt.timedelta(days=rules.due_days)
    events += [
        _bill_due(b, as_of, rules.due_days, items.currency)
        for b in items.open_bills
        if b.kind == "bill" and b.due_date and as_of <= b.due_date <= horizon and b.open > 0 and big_enough(b)
    ]
    return events


def _days_late(row: DocRow, as_of: dt.date) -> int:
    """Days past due of an open document (0 when not due yet, closed, or a credit note's negative amount)."""
    if row.due_date is None or row.open <= 0:
        return 0
    return max((as_of - row.due_date).days, 0)


def amount(value: Any, currency: str) -> str:
    return f"{money(value)} {md_text(currency)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _doc_facts(r: DocRow, company_currency: str, **more: Any) -> dict[str, Any]:
    return {
        "odoo_model": "account.move",
        "odoo_id": r.id,
        "number": r.number,
        "partner": r.partner,
        "amount_open": str(r.open),
        "currency": r.currency,
        "amount_open_company_currency": str(r.open_in_company_currency),
        "company_currency": company_currency,
        "due_date": r.due_date.isoformat() if r.due_date else None,
        **more,
    }


def _doc_event(kind: EventKind, r: DocRow, company_currency: str, *, title: str, lines: list[str], since: dt.date, **facts: Any) -> Event:
    """An event about one open document: keyed by its id and due date (a moved due date is a new event)."""
    return Event(
        key=f"{kind.value}:{r.id}:{r.due_date}",
        kind=kind,
        reference=r.number,
        title=title,
        facts=_doc_facts(r, company_currency, **facts),
        lines=lines,
        since=since,
        model="account.move",
        record_id=r.id,
        partner=r.partner,
        partner_id=r.partner_id,
        amount=r.open_in_company_currency,
        due_date=r.due_date,
    )


def _overdue(r: DocRow, as_of: dt.date, overdue_days: int, company_currency: str) -> Event:
    return _past_due(
        EventKind.INVOICE_OVERDUE,
        r,
        as_of,
        overdue_days,
        company_currency,
        title=f"Invoice {md_text(r.number)} is overdue",
        owes=f"**{md_text(r.partner or 'A customer')}** still owes",
        document="invoice",
        advice=[
            f"It is past your {overdue_days}-day threshold (Business_Goals.md `overdue_days`): time to chase it.",
            "",
            "## What you can do",
            "- Ask the assistant to draft a friendly reminder; nothing is sent without you.",
            "- If the money arrived outside Odoo, ask it to register the payment: it files a request in "
            "`Pending_Approval/` for you to approve.",
        ],
    )


def _bill_overdue(b: DocRow, as_of: dt.date, bill_overdue_days: int, company_currency: str) -> Event:
    return _past_due(
        EventKind.BILL_OVERDUE,
        b,
        as_of,
        bill_overdue_days,
        company_currency,
        title=f"Vendor bill {md_text(b.number)} is overdue: we are late paying",
        owes=f"**{md_text(b.partner or 'A vendor')}** is still owed",
        document="bill",
        advice=[
            "## What you can do",
            "- Pay it from your bank, then ask the assistant to register the payment (it files a request for your approval).",
            "- If it was paid already, register that payment in Odoo so the books show it.",
        ],
    )


def _past_due(
    kind: EventKind,
    r: DocRow,
    as_of: dt.date,
    threshold_days: int,
    company_currency: str,
    *,
    title: str,
    owes: str,
    document: str,
    advice: list[str],
) -> Event:
    """An invoice or bill past the owner's threshold: what is open, since when, and what to do (`advice`)."""
    assert r.due_date is not None
    days = (as_of - r.due_date).days
    return _doc_event(
        kind,
        r,
        company_currency,
        title=title,
        lines=[
            f"{owes} **{amount(r.open, r.currency)}** on {document} {md_text(r.number)} "
            f"(total {amount(r.total, r.currency)}), which was due on {r.due_date}: {_plural(days, 'day')} ago.",
            "",
            *advice,
        ],
        since=r.due_date + dt.timedelta(days=max(threshold_days, 1)),
        days_overdue=days,
    )


def _draft(d: DraftRow, as_of: dt.date, draft_age_days: int) -> Event:
    assert d.age_days is not None
    what = "invoice" if d.kind == "invoice" else "vendor bill"
    action = "sent to the customer" if d.kind == "invoice" else "confirmed"
    return Event(
        key=f"draft_waiting:{d.id}",
        kind=EventKind.DRAFT_WAITING,
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
            f"A draft {what} for **{md_text(d.partner or 'an unknown partner')}** of **{amount(d.total, d.currency)}**"
            + (f", dated {d.invoice_date}," if d.invoice_date else "")
            + f" was created on {d.created} and has not been {action}: {d.age_days} days"
            + (" since its date." if d.invoice_date else "."),
            "",
            "## What you can do",
            f"- Check it in Odoo (draft id {d.id}) and post it, or delete it if it is no longer needed.",
            "- Or ask the assistant to file a `post_invoice` request for your approval.",
        ],
        since=as_of - dt.timedelta(days=d.age_days - draft_age_days),
        model="account.move",
        record_id=d.id,
        partner=d.partner,
        partner_id=None,
        amount=d.total,
    )


def _bill_due(b: DocRow, as_of: dt.date, due_days: int, company_currency: str) -> Event:
    assert b.due_date is not None
    days = (b.due_date - as_of).days
    when = "today" if days == 0 else f"in {_plural(days, 'day')}"
    return _doc_event(
        EventKind.BILL_DUE,
        b,
        company_currency,
        title=f"Vendor bill {md_text(b.number)} is due {when}",
        lines=[
            f"**{md_text(b.partner or 'A vendor')}** is owed **{amount(b.open, b.currency)}** on bill {md_text(b.number)}, due on "
            f"{b.due_date} ({when}).",
            "",
            "## What you can do",
            "- Pay it from your bank, then ask the assistant to register the payment (it files a request for your approval).",
        ],
        since=b.due_date - dt.timedelta(days=due_days),
    )
