"""Approval files the briefing reports on: completed ones in `Done/`, waiting ones in `Pending_Approval/`.

Read from their YAML front matter only (`type: approval_request`, `action`, `amount`, `status`,
`executed`, `odoo` ...), which the approval gate writes; a file that is not an approval, or whose
front matter the owner broke, is skipped rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..approvals.request_file import REQUEST_TYPE
from ..vault.front_matter import properties
from ..vault.layout import DONE, PENDING, Vault


@dataclass(frozen=True)
class ApprovalItem:
    file: str  # vault-relative, e.g. Done/POST_INVOICE_Acme_2026-11-12_ab12.md
    action: str
    status: str
    recipient: str | None
    amount: Decimal | None
    currency: str | None
    created: dt.datetime | None
    finished: dt.datetime | None  # `executed` in the front matter
    odoo: tuple[str, ...]  # what was written in Odoo, e.g. "account.move INV/2026/00012"

    @property
    def when(self) -> dt.datetime | None:
        return self.finished or self.created


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str) and value:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.astimezone()


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    # YAML reads `1234.50` as the float 1234.5: give back the cents an amount is written with.
    return amount.quantize(Decimal("0.01")) if amount.as_tuple().exponent > -2 else amount  # type: ignore[operator]  # exponent is a str only for NaN/Infinity, which fail here as before


def _odoo_refs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    refs = []
    for record in value:
        if isinstance(record, dict):
            refs.append(" ".join(str(record[k]) for k in ("model", "name") if record.get(k)) or str(record.get("id", "")))
    return tuple(refs)


def _items(vault: Vault, folder: str) -> list[ApprovalItem]:
    base = vault.folder(folder)
    if not base.is_dir():
        return []
    items = []
    for path in sorted(base.glob("*.md")):
        try:
            meta = properties(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if meta.get("type") != REQUEST_TYPE:
            continue
        items.append(
            ApprovalItem(
                file=f"{folder}/{path.name}",
                action=str(meta.get("action") or "?"),
                status=str(meta.get("status") or "?"),
                recipient=str(meta["recipient"]) if meta.get("recipient") else None,
                amount=_amount(meta.get("amount")),
                currency=str(meta["currency"]) if meta.get("currency") else None,
                created=_moment(meta.get("created")),
                finished=_moment(meta.get("executed")),
                odoo=_odoo_refs(meta.get("odoo")),
            )
        )
    return items


def completed(vault: Vault, first: dt.date, last: dt.date) -> list[ApprovalItem]:
    """Approval files in `Done/` finished (or, lacking that, created) between `first` and `last` inclusive."""
    found = [i for i in _items(vault, DONE) if i.when and first <= i.when.date() <= last]
    return sorted(found, key=lambda i: i.when or dt.datetime.min)


def waiting(vault: Vault) -> list[ApprovalItem]:
    """Requests still in `Pending_Approval/`, oldest first."""
    return sorted(_items(vault, PENDING), key=lambda i: (i.created is None, i.created or dt.datetime.min))
