"""What was open and overdue on a date, receivable or payable, in Odoo's own terms.

Today, an open document's `amount_residual` is what is owed. On a past day D it is not: payments
made since D have reduced it. What was open on D is each receivable (payable) journal item of a
document dated on or before D, minus its reconciliations (`account.partial.reconcile`) dated on or
before D (`max_date`: the later of the two items' dates). Amounts are in the company currency.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .periods import AGING_LABELS, aging_bucket


class Side(str, Enum):
    RECEIVABLE = "receivable"
    PAYABLE = "payable"

    @property
    def move_type(self) -> str:
        return "out_invoice" if self is Side.RECEIVABLE else "in_invoice"

    @property
    def account_type(self) -> str:
        return "asset_receivable" if self is Side.RECEIVABLE else "liability_payable"

    @property
    def sign(self) -> int:
        """Odoo's signed amounts are positive for what customers owe, negative for what we owe: make both positive."""
        return 1 if self is Side.RECEIVABLE else -1

    @property
    def reconcile_field(self) -> str:
        """The side of `account.partial.reconcile` our item is on: a receivable is a debit, a payable a credit."""
        return "debit_move_id" if self is Side.RECEIVABLE else "credit_move_id"


@dataclass(frozen=True)
class OpenItem:
    """One overdue document's open amount on the day, positive = still owed."""

    move_id: int
    number: str
    partner_id: int | None
    partner: str | None
    due: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Aged:
    items: list[OpenItem]  # most overdue first: the page asked for (buckets, total and count cover all)
    buckets: dict[str, tuple[Decimal, int]]
    total: Decimal
    count: int


def age(as_of: dt.date, items: list[OpenItem], zero: Decimal) -> Aged:
    """Buckets by each item's days overdue on `as_of` (as Odoo's aged report does: a document paid in
    instalments can fall in several); the list has one row per document, at its earliest overdue due date."""
    amounts: dict[str, Decimal] = defaultdict(lambda: zero)
    counts: dict[str, int] = defaultdict(int)
    by_move: dict[int, OpenItem] = {}
    for item in items:
        if not item.amount or item.due >= as_of:
            continue
        label = aging_bucket((as_of - item.due).days)
        amounts[label] += item.amount
        counts[label] += 1
        seen = by_move.get(item.move_id)
        by_move[item.move_id] = (
            item
            if seen is None
            else OpenItem(seen.move_id, seen.number, seen.partner_id, seen.partner, min(seen.due, item.due), seen.amount + item.amount)
        )
    ordered = sorted(by_move.values(), key=lambda i: (i.due, i.move_id))
    return Aged(
        items=ordered,
        buckets={label: (amounts[label], counts[label]) for label in AGING_LABELS},
        total=sum((i.amount for i in ordered), zero),
        count=len(ordered),
    )


@dataclass
class PartnerTotals:
    """One partner's open amount on a day, the overdue part and its buckets, built from amounts by due date."""

    partner_id: int | None
    partner: str | None
    open: Decimal
    overdue: Decimal
    documents: int = 0
    oldest_due: dt.date | None = None
    buckets: dict[str, tuple[Decimal, int]] = field(default_factory=dict)


def by_partner(as_of: dt.date, amounts: list[tuple[int | None, str | None, dt.date, Decimal, int]], zero: Decimal) -> list[PartnerTotals]:
    """`amounts` are (partner id, partner, due date, open amount, documents it adds); zero amounts are dropped."""
    partners: dict[int | None, PartnerTotals] = {}
    for partner_id, partner, due, amount, documents in amounts:
        if not amount:
            continue
        row = partners.setdefault(partner_id, PartnerTotals(partner_id, partner, zero, zero))
        row.open += amount
        row.documents += documents
        row.oldest_due = due if row.oldest_due is None else min(row.oldest_due, due)
        if due < as_of:
            row.overdue += amount
            label = aging_bucket((as_of - due).days)
            total, count = row.buckets.get(label, (zero, 0))
            row.buckets[label] = (total + amount, count + documents)
    return [row for row in partners.values() if row.open]
