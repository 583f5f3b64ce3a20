"""An existing invoice, bill or credit note, for the actions that change one: found, described, checked again.

The credit note, cancel, reset-to-draft and due-date actions all start from a document the owner
names by id or number. `find` reads it (one round trip) into `DocumentFacts`, the facts the owner's
decision rests on; `changes` lists what differs in Odoo now, for `ChangedSinceApproval`. The rules
Odoo applies before it lets a posted entry change (lock dates, the inalterable hash) are read here
too, so a request Odoo would refuse is refused before the owner is asked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..accounting.money import to_money
from ..odoo import Domain, Many2one, OdooClient
from .base import ChangedSinceApproval, InvalidRequest, Proposal, compare, fmt
from .lookups import KIND, MOVE_READ
from .plans import DocumentFacts, Plan, Term

#: `lookups.MOVE_READ` plus what these actions decide on: the tax (lock dates), the accounting date, the term, the
#: journal (the reversal's) and the hash.
READ = [*MOVE_READ, "amount_tax", "date", "invoice_payment_term_id", "journal_id", "inalterable_hash"]
#: Payment states of a document something has been matched with (a payment, a credit note).
MATCHED = ("partial", "paid", "in_payment", "reversed")
_LOCKS = ("user_fiscalyear_lock_date", "user_hard_lock_date", "user_sale_lock_date", "user_purchase_lock_date",
          "user_tax_lock_date")


def _day(value: Any) -> dt.date | None:
    """An Odoo date; Odoo sends `date.min` (`1-01-01`) for "no lock date", which reads as None."""
    if not value or not isinstance(value, str):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day.year > 1 else None


async def find(client: OdooClient, ref: int | str, *, kinds: tuple[str, ...] = tuple(KIND)) -> dict[str, Any]:
    """The one invoice, bill or credit note with this id or number (read-only), or a one-line refusal."""
    domain: Domain = [("id", "=", ref)] if isinstance(ref, int) else [("name", "=", ref)]
    rows = await client.search_read("account.move", [*domain, ("move_type", "in", list(kinds))], READ, limit=2)
    if len(rows) != 1:
        wanted = " or ".join(sorted({KIND[k] for k in kinds}))
        raise InvalidRequest(f"no single {wanted} {ref!r} in this company (give its Odoo id or exact number)")
    return rows[0]


def facts(row: dict[str, Any], decimals: int, company_currency: str) -> DocumentFacts:
    term = Many2one.parse(row.get("invoice_payment_term_id"))
    partner = Many2one.parse(row.get("commercial_partner_id")) or Many2one.parse(row.get("partner_id"))
    return DocumentFacts(
        move_id=int(row["id"]),
        name=str(row.get("name") or f"draft id {row['id']}"),
        move_type=str(row.get("move_type")),
        state=str(row.get("state")),
        partner_id=partner.id or 0,
        partner=partner.name or "(no partner)",
        currency=Many2one.parse(row.get("currency_id")).name or company_currency,
        amount_untaxed=to_money(row.get("amount_untaxed"), decimals),
        amount_total=to_money(row.get("amount_total"), decimals),
        amount_residual=to_money(row.get("amount_residual"), decimals),
        payment_state=row.get("payment_state") or None,
        date=_day(row.get("date")),
        invoice_date=_day(row.get("invoice_date")),
        due_date=_day(row.get("invoice_date_due")),
        payment_term=Term(id=term.id, name=term.name or str(term.id)) if term.id else None,
    )


def describe(doc: DocumentFacts) -> str:
    """One line the owner reads: number, kind, partner, state, total and what is still open."""
    paid = f", {doc.payment_state.replace('_', ' ')}" if doc.state == "posted" and doc.payment_state else ""
    return (f"{doc.name} ({KIND.get(doc.move_type, doc.move_type)}, {doc.partner}, {doc.state}{paid}): total "
            f"{fmt(doc.amount_total, doc.currency)}, open {fmt(doc.amount_residual, doc.currency)}")


def proposal(action: str, headline: str, doc: DocumentFacts, details: list[str], amount: Decimal, plan: Plan,
             rechecked: str) -> Proposal:
    """What the owner reads about a change to this existing document: it first, then the details, then what is re-checked."""
    return Proposal(action=action, headline=headline,
                    details=[describe(doc), *details, f"Refused if {doc.name} changes ({rechecked}) before it runs"],
                    amount=amount, currency=doc.currency, recipient=doc.partner, target=f"account.move {doc.move_id} ({doc.name})",
                    plan=plan)


def changes(approved: DocumentFacts, now: DocumentFacts) -> str:
    """What differs between the document the owner approved and Odoo's now ('' when nothing)."""
    keys = ["state", "partner_id", "currency", "amount_untaxed", "amount_total", "amount_residual", "payment_state", "date",
            "due_date", "payment_term"]
    found = compare([(key.replace("_", " "), getattr(approved, key), getattr(now, key)) for key in keys])
    return "; ".join(m.describe().replace("Odoo stored", "now") for m in found)


async def still(client: OdooClient, approved: DocumentFacts, decimals: int, what: str) -> dict[str, Any]:
    """The document read again just before writing: unchanged, or `ChangedSinceApproval` (nothing written)."""
    rows = await client.read("account.move", [approved.move_id], READ)
    if not rows:
        raise ChangedSinceApproval(f"{approved.name} no longer exists; nothing was {what}")
    return unchanged(approved, rows[0], decimals, what)


def unchanged(approved: DocumentFacts, row: dict[str, Any], decimals: int, what: str) -> dict[str, Any]:
    """`row` (the document as just read, with `READ`) if it is as approved, else `ChangedSinceApproval` (nothing written)."""
    changed = changes(approved, facts(row, decimals, approved.currency))
    if changed:
        raise ChangedSinceApproval(f"{approved.name} changed since the request ({changed}); nothing was {what}")
    return row


async def lock_refusal(client: OdooClient, row: dict[str, Any], company_id: int) -> str | None:
    """Why Odoo would refuse to take this posted entry out of posted (hash, lock dates), or None.

    Odoo checks the company's lock dates (global, hard, sales or purchases by journal, tax when the
    entry has taxes) against the entry's accounting date when its state leaves `posted`, and refuses
    any change to a hashed entry. The `user_*` dates are the ones that apply to this user (exceptions
    included), `1-01-01` when none is set."""
    if row.get("inalterable_hash"):
        return f"{row.get('name')} is protected by Odoo's inalterable hash (a locked journal): Odoo refuses to change it"
    day = _day(row.get("date"))
    rows = await client.read("res.company", [company_id], list(_LOCKS))
    if day is None or not rows:
        return None
    sale = row.get("move_type") in ("out_invoice", "out_refund")
    applies = ["user_fiscalyear_lock_date", "user_hard_lock_date", "user_sale_lock_date" if sale else "user_purchase_lock_date"]
    if to_money(row.get("amount_tax"), 2) != Decimal(0):
        applies.append("user_tax_lock_date")
    for name in applies:
        lock = _day(rows[0].get(name))
        if lock is not None and day <= lock:
            label = name.removeprefix("user_").replace("_", " ")
            return (f"{row.get('name')} is dated {day.isoformat()}, in a locked period ({label} {lock.isoformat()}): Odoo refuses "
                    "to change it (a credit note dated after the lock corrects it instead)")
    return None
