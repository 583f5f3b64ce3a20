"""Exact money and calendar arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from odoo_mcp.accounting.money import to_money, to_quantity
from odoo_mcp.accounting.periods import aging_bucket, month_bounds, months_between, resolve_period
from odoo_mcp.odoo.transports import decode


def test_float_noise_from_sql_sums_is_removed() -> None:
    parsed = decode(b'{"v": 56950.000000000007, "w": 0.1}')
    assert to_money(parsed["v"]) == Decimal("56950.00")
    assert to_money(parsed["w"]) + to_money(Decimal("0.2")) == Decimal("0.30")


@pytest.mark.parametrize(("raw", "expected"), [(False, "0.00"), (None, "0.00"), (7, "7.00"), (2.675, "2.68"), (Decimal("-1.005"), "-1.01")])
def test_to_money(raw: object, expected: str) -> None:
    assert str(to_money(raw)) == expected


def test_three_decimal_currency() -> None:
    assert str(to_money(Decimal("1.2345"), 3)) == "1.235"


def test_quantity_is_plain() -> None:
    assert str(to_quantity(Decimal("1000.0"))) == "1000"
    assert str(to_quantity(Decimal("2.50"))) == "2.5"


def test_month_bounds_and_range() -> None:
    assert month_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert month_bounds("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert months_between(dt.date(2026, 11, 15), dt.date(2027, 2, 1)) == ["2026-11", "2026-12", "2027-01", "2027-02"]


def test_resolve_period_defaults_to_month_to_date() -> None:
    today = dt.date(2026, 11, 16)
    assert resolve_period(today) == (dt.date(2026, 11, 1), today)
    assert resolve_period(today, date_from=dt.date(2026, 1, 1)) == (dt.date(2026, 1, 1), today)
    assert resolve_period(today, date_to=dt.date(2026, 3, 10)) == (dt.date(2026, 3, 1), dt.date(2026, 3, 10))


@pytest.mark.parametrize(
    ("days", "label"), [(1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"), (90, "61-90"), (91, "90+")]
)
def test_aging_bucket_edges(days: int, label: str) -> None:
    assert aging_bucket(days) == label
