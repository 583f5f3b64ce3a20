"""The statements' calendar and classification rules."""

from __future__ import annotations

import datetime as dt

import pytest

from odoo_mcp.accounting.statements import fiscal_year_start, section_of


@pytest.mark.parametrize(
    ("day", "last_day", "last_month", "start"),
    [
        (dt.date(2026, 11, 28), 31, 12, dt.date(2026, 1, 1)),
        (dt.date(2026, 1, 1), 31, 12, dt.date(2026, 1, 1)),
        (dt.date(2026, 12, 31), 31, 12, dt.date(2026, 1, 1)),
        (dt.date(2026, 3, 31), 31, 3, dt.date(2025, 4, 1)),
        (dt.date(2026, 4, 1), 31, 3, dt.date(2026, 4, 1)),
        (dt.date(2026, 6, 30), 30, 6, dt.date(2025, 7, 1)),
        # A year ending on 29 February ends on the 28th in a common year.
        (dt.date(2025, 3, 1), 29, 2, dt.date(2025, 3, 1)),
        (dt.date(2024, 2, 29), 29, 2, dt.date(2023, 3, 1)),
        (dt.date(2024, 3, 1), 29, 2, dt.date(2024, 3, 1)),
    ],
)
def test_fiscal_year_start(day: dt.date, last_day: int, last_month: int, start: dt.date) -> None:
    assert fiscal_year_start(day, last_day, last_month) == start


@pytest.mark.parametrize(
    ("account_type", "section"),
    [
        ("asset_cash", "asset"),
        ("asset_fixed", "asset"),
        ("liability_credit_card", "liability"),
        ("equity", "equity"),
        ("equity_unaffected", "equity"),
        ("income", None),
        ("expense_direct_cost", None),
        ("off_balance", None),
    ],
)
def test_section_of(account_type: str, section: str | None) -> None:
    assert section_of(account_type) == section
