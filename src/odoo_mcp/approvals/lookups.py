"""Read-only lookups the actions share: what a request refers to, resolved or refused with a useful list."""

from __future__ import annotations

from typing import Any

from ..accounting.money import to_money, to_quantity
from ..odoo import Domain, Many2one, OdooClient
from .base import ChangedSinceApproval, InvalidRequest, StaleRequest
from .plans import TaxFacts, Term

TAX_FIELDS = ["name", "amount", "amount_type", "type_tax_use", "price_include"]
MOVE_READ = ["name", "move_type", "state", "partner_id", "commercial_partner_id", "amount_total", "amount_residual",
             "amount_untaxed", "payment_state", "currency_id", "invoice_date", "invoice_date_due", "ref"]
KIND = {"out_invoice": "customer invoice", "in_invoice": "vendor bill", "out_refund": "customer credit note",
        "in_refund": "vendor credit note"}


def tax_facts(row: dict[str, Any]) -> TaxFacts:
    return TaxFacts(id=int(row["id"]), name=str(row.get("name") or ""), amount=to_quantity(row.get("amount")),
                    amount_type=str(row.get("amount_type") or ""), price_include=bool(row.get("price_include")),
                    type_tax_use=str(row.get("type_tax_use") or ""))


async def partner(client: OdooClient, partner_id: int, *, fields: tuple[str, ...] = ()) -> dict[str, Any]:
    rows = await client.search_read("res.partner", [("id", "=", partner_id)], ["name", "active", "commercial_partner_id", *fields], limit=1)
    if not rows:
        raise InvalidRequest(f"partner {partner_id} does not exist (use find_partners, or create_partner first)")
    return rows[0]


async def taxes(client: OdooClient, wanted: list[int | str], use: str) -> dict[int | str, TaxFacts]:
    """Each requested tax (id or exact name) mapped to the one active tax of this use it names."""
    ids = sorted({t for t in wanted if isinstance(t, int)})
    names = sorted({t for t in wanted if isinstance(t, str)})
    found: dict[int | str, TaxFacts] = {}
    if ids:
        for row in await client.search_read("account.tax", [("id", "in", ids)], TAX_FIELDS):
            if row.get("type_tax_use") != use:
                raise InvalidRequest(f"tax {row['id']} ({row.get('name')}) is not a {use} tax")
            found[int(row["id"])] = tax_facts(row)
    if names:
        rows = await client.search_read("account.tax", [("name", "in", names), ("type_tax_use", "=", use)], TAX_FIELDS)
        for name in names:
            matches = [row for row in rows if row.get("name") == name]
            if len(matches) > 1:
                raise InvalidRequest(f"tax name {name!r} is ambiguous ({', '.join(str(m['id']) for m in matches)}): give the id")
            if matches:
                found[name] = tax_facts(matches[0])
    missing = [t for t in wanted if t not in found]
    if missing:
        known = await client.search_read("account.tax", [("type_tax_use", "=", use)], ["name"], limit=15)
        raise InvalidRequest(
            f"no active {use} tax {', '.join(map(repr, missing))}; known {use} taxes: "
            + ", ".join(f"{row['name']} (id {row['id']})" for row in known)
        )
    return found


async def taxes_now(client: OdooClient, approved: list[TaxFacts]) -> None:
    """Refuse when a tax the owner approved changed since (rate, computation, use) or is no longer active."""
    if not approved:
        return
    rows = {
        int(r["id"]): tax_facts(r)
        for r in await client.search_read("account.tax", [("id", "in", sorted({t.id for t in approved}))], TAX_FIELDS)
    }
    for tax in {t.id: t for t in approved}.values():
        now = rows.get(tax.id)
        if now is None:
            raise ChangedSinceApproval(f"the tax {tax.name} (id {tax.id}) no longer exists or is archived; nothing was written")
        if now != tax:
            raise ChangedSinceApproval(
                f"the tax {tax.name} (id {tax.id}) changed since it was approved ({_tax_text(tax)} -> {_tax_text(now)}); "
                "nothing was written"
            )


def _tax_text(tax: TaxFacts) -> str:
    included = ", included in price" if tax.price_include else ""
    return f"{tax.name} {tax.amount} {tax.amount_type}{included}, {tax.type_tax_use}"


async def payment_term(client: OdooClient, term: int | str) -> Term:
    domain: Domain = [("id", "=", term)] if isinstance(term, int) else [("name", "=", term)]
    rows = await client.search_read("account.payment.term", domain, ["name"], limit=2)
    if len(rows) != 1:
        known = await client.search_read("account.payment.term", [], ["name"], limit=15)
        raise InvalidRequest(f"no single payment term {term!r}; known: " + ", ".join(f"{r['name']} (id {r['id']})" for r in known))
    return Term(id=int(rows[0]["id"]), name=str(rows[0]["name"]))


def partner_term(row: dict[str, Any], move_type: str) -> Term | None:
    """The partner's own payment term for this kind of document (customer or vendor), if it has one."""
    value = row.get("property_payment_term_id" if move_type == "out_invoice" else "property_supplier_payment_term_id")
    term = Many2one.parse(value)
    return Term(id=term.id, name=term.name or str(term.id)) if term.id else None


PARTNER_TERMS = ("property_payment_term_id", "property_supplier_payment_term_id")


async def journal(client: OdooClient, wanted: int | str | None) -> dict[str, Any]:
    domain: Domain = [("type", "in", ["bank", "cash"])]
    if isinstance(wanted, int):
        domain.append(("id", "=", wanted))
    elif isinstance(wanted, str):
        domain += ["|", ("name", "=", wanted), ("code", "=", wanted)]
    rows = await client.search_read("account.journal", domain, ["name", "code", "type"], limit=2, order="sequence, id")
    if not rows or (wanted is not None and len(rows) > 1):
        raise InvalidRequest(f"no single bank or cash journal {wanted!r}" if wanted is not None else "Odoo has no bank or cash journal")
    return rows[0]


async def payable_moves(client: OdooClient, refs: list[int | str]) -> list[dict[str, Any]]:
    ids = [r for r in refs if isinstance(r, int)]
    names = [r for r in refs if isinstance(r, str)]
    parts: list[Domain] = ([[("id", "in", ids)]] if ids else []) + ([[("name", "in", names)]] if names else [])
    domain: Domain = ["|", *parts[0], *parts[1]] if len(parts) == 2 else parts[0]
    rows = await client.search_read("account.move", domain, MOVE_READ)
    missing = [r for r in refs if not any(row["id"] == r or row.get("name") == r for row in rows)]
    if missing:
        raise InvalidRequest(f"no invoice or bill {', '.join(map(str, missing))}")
    return rows


async def read_move(client: OdooClient, move_id: int, fields: list[str] | None = None) -> dict[str, Any]:
    rows = await client.read("account.move", [move_id], fields or MOVE_READ)
    if not rows:
        raise StaleRequest(f"invoice/bill {move_id} no longer exists")
    return rows[0]


def move_record(row: dict[str, Any], decimals: int) -> dict[str, Any]:
    """An account.move as the outcome lists it."""
    return {
        "model": "account.move",
        "id": row["id"],
        "name": row.get("name") or "/",
        "move_type": row.get("move_type"),
        "state": row.get("state"),
        "payment_state": row.get("payment_state") or None,
        "partner": Many2one.parse(row.get("partner_id")).name,
        "amount_total": str(to_money(row.get("amount_total"), decimals)),
        "amount_residual": str(to_money(row.get("amount_residual"), decimals)),
    }
