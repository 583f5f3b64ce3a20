"""Reference lookups (taxes, payment terms, journals, products, currencies), the partner search by
words, and the nearest existing names or numbers when a lookup finds nothing.

Each answer is one `web_search_read` (the records and their count together; nested specifications
bring a payment term's lines and a product's unit and accounts in the same call), scoped to the
company like every call of the service's client. When the words match nothing, one more bounded
call reads the candidates the suggestions are ranked from (`words.nearest`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..odoo import Domain, Many2one
from . import words
from .lookup_models import (
    CurrencyInfo,
    JournalInfo,
    LookupKind,
    LookupQuery,
    LookupResult,
    PaymentTermInfo,
    PaymentTermLine,
    ProductInfo,
    TaxInfo,
)
from .models import PartnerList, PartnerQuery, PartnerSummary
from .money import to_quantity

if TYPE_CHECKING:
    from .service import AccountingService

# Records read to choose from when words are given: matched and ranked here, then cut to the page.
CANDIDATES = 200
# Records read to rank suggestions from when nothing matched.
SUGGESTION_POOL = 500

Row = dict[str, Any]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _m2o(value: Any) -> str | None:
    return Many2one.parse(value).name


_NAMED: dict[str, Any] = {"fields": {"display_name": {}}}


@dataclass(frozen=True)
class Kind:
    """How one kind is looked up: its model, the fields words are searched in (with the label an
    explanation uses), what is read, in which order, and how a row becomes an answer record."""

    model: str
    searched: dict[str, str]  # field -> label
    spec: dict[str, Any]
    order: str
    build: Callable[[AccountingService, Row, str | None], BaseModel]
    context: Callable[[AccountingService], dict[str, Any]] = lambda service: {}
    # A company has a few dozen at most: suggestions rank all of them, not only those sharing a fragment.
    few: bool = True


def _tax(service: AccountingService, row: Row, matched: str | None) -> TaxInfo:
    return TaxInfo(
        id=row["id"],
        name=str(row.get("name") or ""),
        use=str(row.get("type_tax_use") or ""),
        computation=str(row.get("amount_type") or ""),
        amount=to_quantity(row.get("amount")),
        price_included=bool(row.get("price_include")),
        active=bool(row.get("active")),
        matched=matched,
        url=service.link("account.tax", row["id"]),
    )


def _term(service: AccountingService, row: Row, matched: str | None) -> PaymentTermInfo:
    return PaymentTermInfo(
        id=row["id"],
        name=str(row.get("name") or ""),
        active=bool(row.get("active")),
        lines=[
            PaymentTermLine(
                value=str(line.get("value") or ""),
                value_amount=to_quantity(line.get("value_amount")),
                nb_days=int(line.get("nb_days") or 0),
                delay_type=str(line.get("delay_type") or ""),
            )
            for line in row.get("line_ids") or []
            if isinstance(line, dict)
        ],
        matched=matched,
        url=service.link("account.payment.term", row["id"]),
    )


def _journal(service: AccountingService, row: Row, matched: str | None) -> JournalInfo:
    return JournalInfo(
        id=row["id"],
        name=str(row.get("name") or ""),
        code=str(row.get("code") or ""),
        type=str(row.get("type") or ""),
        currency=_m2o(row.get("currency_id")),
        active=bool(row.get("active")),
        matched=matched,
        url=service.link("account.journal", row["id"]),
    )


def _product(service: AccountingService, row: Row, matched: str | None) -> ProductInfo:
    return ProductInfo(
        id=row["id"],
        name=str(row.get("name") or ""),
        code=_text(row.get("default_code")),
        barcode=_text(row.get("barcode")),
        sale_price=to_quantity(row.get("lst_price")),
        cost=to_quantity(row.get("standard_price")),
        unit=_text(row.get("uom_name")),
        income_account=_m2o(row.get("property_account_income_id")),
        expense_account=_m2o(row.get("property_account_expense_id")),
        active=bool(row.get("active")),
        matched=matched,
        url=service.link("product.product", row["id"]),
    )


def _currency(service: AccountingService, row: Row, matched: str | None) -> CurrencyInfo:
    return CurrencyInfo(
        id=row["id"],
        name=str(row.get("name") or ""),
        full_name=_text(row.get("full_name")),
        symbol=_text(row.get("symbol")),
        rate=to_quantity_exact(row.get("rate")),
        inverse_rate=to_quantity_exact(row.get("inverse_rate")),
        is_company_currency=bool(row.get("is_current_company_currency")),
        active=bool(row.get("active")),
        matched=matched,
        url=service.link("res.currency", row["id"]),
    )


def to_quantity_exact(value: Any) -> Decimal:
    """A rate as Odoo computed it (digits=0: full precision), not rounded to 6 places."""
    if value is None or value is False:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _rates_day(service: AccountingService) -> dict[str, Any]:
    """The rates of the day the answer says (Odoo's default is the server's today, in the user's zone)."""
    day: dt.date = service.today()
    return {"date": day.isoformat()}


KINDS: dict[LookupKind, Kind] = {
    "tax": Kind(
        "account.tax",
        {"name": "name"},
        {f: {} for f in ("name", "type_tax_use", "amount_type", "amount", "price_include", "active")},
        "type_tax_use, sequence, name, id",
        _tax,
    ),
    "payment_term": Kind(
        "account.payment.term",
        {"name": "name"},
        {
            "name": {},
            "active": {},
            "line_ids": {"fields": {f: {} for f in ("value", "value_amount", "nb_days", "delay_type")}},
        },
        "sequence, name, id",
        _term,
    ),
    "journal": Kind(
        "account.journal",
        {"name": "name", "code": "code"},
        {"name": {}, "code": {}, "type": {}, "active": {}, "currency_id": _NAMED},
        "sequence, type, code, id",
        _journal,
    ),
    "product": Kind(
        "product.product",
        {"name": "name", "default_code": "internal reference", "barcode": "barcode"},
        {
            **{f: {} for f in ("name", "default_code", "barcode", "lst_price", "standard_price", "uom_name", "active")},
            "property_account_income_id": _NAMED,
            "property_account_expense_id": _NAMED,
        },
        "default_code, name, id",
        _product,
        few=False,
    ),
    "currency": Kind(
        "res.currency",
        {"name": "code", "full_name": "name"},
        {f: {} for f in ("name", "full_name", "symbol", "rate", "inverse_rate", "is_current_company_currency", "active")},
        "active desc, name, id",
        _currency,
        _rates_day,
    ),
}

_LISTS: dict[LookupKind, str] = {
    "tax": "taxes",
    "payment_term": "payment_terms",
    "journal": "journals",
    "product": "products",
    "currency": "currencies",
}


@dataclass(frozen=True)
class Matches:
    """Rows that matched, each with why, best first; `total` counts beyond the rows read."""

    rows: list[tuple[Row, str | None]]
    total: int
    capped: bool


async def _search(
    service: AccountingService,
    model: str,
    base: Domain,
    searched: dict[str, str],
    spec: dict[str, Any],
    order: str,
    text: str | None,
    *,
    limit: int,
    offset: int = 0,
    context: dict[str, Any] | None = None,
) -> Matches:
    """One `web_search_read`. Without words, Odoo pages; with words, up to `CANDIDATES` rows come back,
    are checked word by word here (accents folded) and ranked, and the page is cut from them."""
    query_words = words.words(text)
    if not query_words:
        result = await service.client.call(
            model, "web_search_read", domain=base, specification=spec, offset=offset, limit=limit, order=order, context=context
        )
        rows = list(result.get("records") or [])
        return Matches([(row, None) for row in rows], int(result.get("length", len(rows))), capped=False)
    domain = base + words.domain(query_words, list(searched))
    result = await service.client.call(
        model, "web_search_read", domain=domain, specification=spec, limit=CANDIDATES, order=order, context=context
    )
    candidates = list(result.get("records") or [])
    matched = []
    for position, row in enumerate(candidates):
        why = words.explain(query_words, {label: _text(row.get(field)) for field, label in searched.items()})
        if why is not None:
            matched.append((words.rank(query_words, _text(row.get("name"))), position, row, why))
    matched.sort(key=lambda item: (item[0], item[1]))
    capped = int(result.get("length", len(candidates))) > len(candidates)
    return Matches([(row, why) for _, _, row, why in matched[offset : offset + limit]], len(matched), capped)


async def _suggest(
    service: AccountingService,
    model: str,
    base: Domain,
    fields: list[str],
    text: str,
    *,
    few: bool = False,
    context: dict[str, Any] | None = None,
) -> list[str]:
    """The nearest names when nothing matched: one bounded read of all the names (`few`), or of
    those sharing a fragment of a word."""
    query_words = words.words(text)
    if not query_words:
        return []
    rows = await service.client.call(
        model,
        "search_read",
        domain=base if few else base + words.fragment_domain(query_words, fields),
        fields=fields,
        limit=SUGGESTION_POOL,
        context=context,
    )
    names = {str(row.get(f)) for row in rows for f in fields if _text(row.get(f))}
    return words.nearest(text, names)


def _active(include_archived: bool) -> Domain:
    return [("active", "in", [True, False])] if include_archived else []


CAPPED_NOTE = f"more than {CANDIDATES} records contain these words; only the first {CANDIDATES} were ranked: add a word"


async def lookup(service: AccountingService, q: LookupQuery) -> LookupResult:
    """Taxes, payment terms, journals, products or currencies whose name or code has the words."""
    kind = KINDS[q.kind]
    base = _active(q.include_archived)
    context = kind.context(service) or None
    found, company = await asyncio.gather(
        _search(service, kind.model, base, kind.searched, kind.spec, kind.order, q.text, limit=q.limit, context=context),
        service.company(),
    )
    suggestions: list[str] = []
    if q.text and not found.total:
        suggestions = await _suggest(service, kind.model, base, list(kind.searched), q.text, few=kind.few, context=context)
    items = [kind.build(service, row, why) for row, why in found.rows]
    return LookupResult(
        kind=q.kind,
        company=company.name,
        company_currency=company.currency,
        text=q.text,
        total=found.total,
        as_of=service.today() if q.kind == "currency" else None,
        suggestions=suggestions,
        note=CAPPED_NOTE if found.capped else None,
        **{_LISTS[q.kind]: items},
    )


# -- partners -------------------------------------------------------------------------------------

PARTNER_SEARCHED = {"name": "name", "email": "email", "vat": "VAT", "ref": "reference"}
PARTNER_SPEC: dict[str, Any] = {
    **{f: {} for f in ("name", "email", "phone", "is_company", "customer_rank", "supplier_rank", "vat", "ref", "city")},
    "country_id": _NAMED,
}


def _partner(service: AccountingService, row: Row, matched: str | None) -> PartnerSummary:
    return PartnerSummary(
        id=row["id"],
        name=str(row.get("name") or ""),
        email=_text(row.get("email")),
        phone=_text(row.get("phone")),
        is_company=bool(row.get("is_company")),
        is_customer=(row.get("customer_rank") or 0) > 0,
        is_vendor=(row.get("supplier_rank") or 0) > 0,
        vat=_text(row.get("vat")),
        city=_text(row.get("city")),
        country=_m2o(row.get("country_id")),
        ref=_text(row.get("ref")),
        matched=matched,
        url=service.link("res.partner", row["id"]),
    )


async def find_partners(service: AccountingService, q: PartnerQuery) -> PartnerList:
    """Partners whose name, email, VAT or reference hold every word, in any order, accents and case
    ignored, each with why it matched; nothing found: the nearest names."""
    base: Domain = []
    if q.role == "customer":
        base.append(("customer_rank", ">", 0))
    elif q.role == "vendor":
        base.append(("supplier_rank", ">", 0))
    found, company = await asyncio.gather(
        _search(service, "res.partner", base, PARTNER_SEARCHED, PARTNER_SPEC, "name, id", q.text, limit=q.limit, offset=q.offset),
        service.company(),
    )
    suggestions: list[str] = []
    if q.text and not found.total:
        suggestions = await _suggest(service, "res.partner", base, ["name"], q.text)
    items = [_partner(service, row, why) for row, why in found.rows]
    return PartnerList(
        company=company.name,
        total=found.total,
        offset=q.offset,
        limit=q.limit,
        next_offset=q.offset + len(items) if q.offset + len(items) < found.total else None,
        items=items,
        suggestions=suggestions,
        note=CAPPED_NOTE if found.capped else None,
    )


# -- numbers --------------------------------------------------------------------------------------

NUMBER_POOL = 300


async def nearest_numbers(service: AccountingService, number: str, move_types: tuple[str, ...]) -> list[str]:
    """Up to 5 existing numbers most like one that does not exist, from one bounded read of the
    company's documents sharing its head ("INV/2026/"), its first word or its last digits."""
    domain: Domain = [("move_type", "in", list(move_types)), ("name", "!=", "/"), *words.number_domain(number)]
    rows = await service.client.search_read("account.move", domain, ["name"], limit=NUMBER_POOL, order="id desc")
    names = {words.one_line(str(row["name"])) for row in rows if _text(row.get("name"))}
    return words.nearest(number, names, cutoff=0.0)
