"""Compact text of the `lookup` and `find_partners` answers: a header, one line a record, and why it matched.

Deep links travel in the structured content only: a URL a record spends more bytes than the record.
"""

from __future__ import annotations

from ..accounting.lookup_models import LookupResult
from ..accounting.models import PartnerList
from .render import t

_WHAT = {
    "tax": ("tax", "taxes"),
    "payment_term": ("payment term", "payment terms"),
    "journal": ("journal", "journals"),
    "product": ("product", "products"),
    "currency": ("currency", "currencies"),
}


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _head(company: str, total: int, shown: int, singular: str, plural: str, text: str | None) -> str:
    words = f" with {t(text)!r}" if text else ""
    head = f"company {t(company)}: {total} {singular if total == 1 else plural}{words}"
    return head + (f"; showing {shown}" if shown < total else "")


def _misses(suggestions: list[str], note: str | None) -> list[str]:
    lines = []
    if suggestions:
        lines.append("nothing matched; nearest names: " + "; ".join(t(s) for s in suggestions))
    if note:
        lines.append(t(note))
    return lines


def lookup(r: LookupResult) -> str:
    singular, plural = _WHAT[r.kind]
    shown = len(r.taxes) + len(r.payment_terms) + len(r.journals) + len(r.products) + len(r.currencies)
    lines = [_head(r.company, r.total, shown, singular, plural, r.text), *_misses(r.suggestions, r.note)]
    if r.taxes:
        lines.append("id|name|use|computation|amount|price included|active|matched")
        lines += [
            f"{x.id}|{t(x.name)}|{t(x.use)}|{t(x.computation)}|{x.amount}|{_yes(x.price_included)}|{_yes(x.active)}|{t(x.matched)}"
            for x in r.taxes
        ]
    if r.payment_terms:
        lines.append("id|name|active|lines (value amount, days, delay)|matched")
        for p in r.payment_terms:
            terms = "; ".join(f"{t(ln.value)} {ln.value_amount}, {ln.nb_days} days {t(ln.delay_type)}" for ln in p.lines)
            lines.append(f"{p.id}|{t(p.name)}|{_yes(p.active)}|{t(terms)}|{t(p.matched)}")
    if r.journals:
        lines.append("id|code|name|type|currency|active|matched")
        lines += [
            f"{j.id}|{t(j.code)}|{t(j.name)}|{t(j.type)}|{t(j.currency) or r.company_currency}|{_yes(j.active)}|{t(j.matched)}"
            for j in r.journals
        ]
    if r.products:
        cur = r.company_currency
        lines.append(f"id|code|name|sale price {cur}|cost {cur}|unit|income account|expense account|active|matched")
        lines += [
            f"{p.id}|{t(p.code)}|{t(p.name)}|{p.sale_price}|{p.cost}|{t(p.unit)}|{t(p.income_account)}|{t(p.expense_account)}|"
            f"{_yes(p.active)}|{t(p.matched)}"
            for p in r.products
        ]
    if r.currencies:
        lines.append(
            f"rates on {r.as_of} for {t(r.company)}: rate = units of the currency per 1 {r.company_currency}; "
            f"inverse = {r.company_currency} per 1 unit of the currency"
        )
        lines.append("id|code|name|symbol|rate|inverse|company currency|active|matched")
        lines += [
            f"{c.id}|{t(c.name)}|{t(c.full_name)}|{t(c.symbol)}|{c.rate}|{c.inverse_rate}|{_yes(c.is_company_currency)}|"
            f"{_yes(c.active)}|{t(c.matched)}"
            for c in r.currencies
        ]
    return "\n".join(lines)


def partners(result: PartnerList) -> str:
    head = f"company {t(result.company)}: {result.total} partners match"
    if result.items:
        head += f"; showing {result.offset + 1}-{result.offset + len(result.items)}"
    if result.next_offset is not None:
        head += f"; next page: offset={result.next_offset}"
    lines = [head, *_misses(result.suggestions, result.note)]
    if result.items:
        lines.append("id|name|email|roles|vat|ref|city|matched")
    for p in result.items:
        roles = ",".join(r for r, on in (("customer", p.is_customer), ("vendor", p.is_vendor)) if on) or "-"
        lines.append(f"{p.id}|{t(p.name)}|{t(p.email)}|{roles}|{t(p.vat)}|{t(p.ref)}|{t(p.city)}|{t(p.matched)}")
    return "\n".join(lines)
