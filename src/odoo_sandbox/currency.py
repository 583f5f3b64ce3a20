"""Exchange rates and conversion to a company's currency, as Odoo 19's `res.currency` does it.

A rate is how many units of a currency make one unit of the company currency (`res.currency.rate.rate`),
per company and date: the latest rate on or before the date, the company's own before a shared one
(`company_id` false); when none is that old, the oldest one; when there is none at all, 1
(`res.currency._get_rates`). Converting multiplies by `to_rate / from_rate` and rounds to the target
currency (`_convert`), so every amount stays an exact `Decimal`.
"""

from __future__ import annotations

from decimal import Decimal

from .records import Database
from .values import money

ONE = Decimal(1)


def company_currency(db: Database, company_id: int) -> int:
    company = db.row("res.company", company_id) or {}
    return int(company.get("currency_id") or 1)


def rate(db: Database, company_id: int, currency_id: int, day: str) -> Decimal:
    """`_get_rates(company, date)` for one currency."""
    rows = [
        r
        for r in db.rows("res.currency.rate")
        if r["currency_id"] == currency_id and r.get("company_id") in (None, company_id)
    ]
    # ORDER BY company_id (NULL last), name DESC, among the rates dated on or before the day.
    before = sorted(
        (r for r in rows if r["name"] <= day), key=lambda r: (r.get("company_id") is None, _neg_date(r["name"]))
    )
    if before:
        return Decimal(before[0]["rate"])
    oldest = sorted(rows, key=lambda r: (r.get("company_id") is None, r["name"]))
    return Decimal(oldest[0]["rate"]) if oldest else ONE


def _neg_date(day: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in day.split("-"))


def conversion_rate(db: Database, company_id: int, from_currency: int, to_currency: int, day: str) -> Decimal:
    """`_get_conversion_rate`: units of `to_currency` per unit of `from_currency`."""
    if from_currency == to_currency:
        return ONE
    return rate(db, company_id, to_currency, day) / rate(db, company_id, from_currency, day)


def to_company(db: Database, company_id: int, currency_id: int, amount: Decimal, day: str) -> Decimal:
    """An amount in `currency_id` in the company currency at the day's rate, rounded (`_convert`)."""
    target = company_currency(db, company_id)
    if currency_id == target:
        return money(amount)
    return money(Decimal(amount) * conversion_rate(db, company_id, currency_id, target, day))
