"""Duplicate checks shown in a create_invoice or create_vendor_bill request, as flags the owner reads first.

Two look-alikes are worth a second look before approving: a vendor bill whose vendor reference the
same vendor (its commercial entity, as Odoo's own duplicate warning) already used, and a document
identical to a recent one: same partner, same kind, same total (the untaxed amount when Odoo alone
can compute the tax) within `RECENT_DAYS` of its date. Cancelled documents do not count. Read-only:
one `search_read` each; a flag never blocks, the owner decides.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..accounting.money import to_money
from ..odoo import Domain, OdooClient
from .lookups import KIND

RECENT_DAYS = 30


def _label(row: dict[str, Any]) -> str:
    day = row.get("invoice_date") or str(row.get("create_date") or "")[:10]
    return f"{row.get('name') or 'draft id ' + str(row['id'])} ({day}, {row.get('state')})"


async def same_vendor_reference(client: OdooClient, commercial_partner_id: int, ref: str) -> str | None:
    rows = await client.search_read(
        "account.move",
        [("move_type", "in", ["in_invoice", "in_refund"]), ("commercial_partner_id", "=", commercial_partner_id),
         ("ref", "=ilike", ref), ("state", "!=", "cancel")],
        ["name", "invoice_date", "create_date", "state"], limit=3, order="id desc",
    )
    if not rows:
        return None
    return f"POSSIBLE DUPLICATE: this vendor already has a bill with reference {ref}: {', '.join(_label(r) for r in rows)}"


async def recent_twin(client: OdooClient, *, move_type: str, commercial_partner_id: int, day: dt.date, amount: Decimal, total: bool,
                      decimals: int) -> str | None:
    """A document of the same kind, partner and total (or untaxed amount) dated within `RECENT_DAYS` of `day`."""
    since, until = day - dt.timedelta(days=RECENT_DAYS), day + dt.timedelta(days=RECENT_DAYS)
    field = "amount_total" if total else "amount_untaxed"
    dated: Domain = ["|", "&", ("invoice_date", ">=", since.isoformat()), ("invoice_date", "<=", until.isoformat()),
                     "&", ("invoice_date", "=", False), ("create_date", ">=", f"{since.isoformat()} 00:00:00")]
    rows = await client.search_read(
        "account.move",
        [("move_type", "=", move_type), ("commercial_partner_id", "=", commercial_partner_id), ("state", "!=", "cancel"), *dated],
        ["name", "invoice_date", "create_date", "state", field], limit=20, order="id desc",
    )
    twins = [r for r in rows if to_money(r.get(field), decimals) == amount][:3]
    if not twins:
        return None
    what = "total" if total else "untaxed amount"
    return (f"POSSIBLE DUPLICATE: a {KIND[move_type]} to the same partner for the same {what} {amount:,} within {RECENT_DAYS} days: "
            f"{', '.join(_label(r) for r in twins)}")
