"""Quarters and years wherever a month is accepted, the comparison periods, and one-line format errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from odoo_mcp.accounting.breakdown import Breakdown, BreakdownRow
from odoo_mcp.accounting.comparison import NO_BASE, _any_of, _change
from odoo_mcp.accounting.models import OverdueQuery, Period, PeriodQuery
from odoo_mcp.accounting.periods import parse_period, period_bounds, previous_period, resolve_period, same_period_last_year, shift_months
from odoo_mcp.server.render_breakdown import breakdown

D = dt.date


@pytest.mark.parametrize(
    ("text", "key", "bounds"),
    [
        ("2026-10", "2026-10", (D(2026, 10, 1), D(2026, 10, 31))),
        ("2024-02", "2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2026-Q1", "2026-Q1", (D(2026, 1, 1), D(2026, 3, 31))),
        ("2026-q3", "2026-Q3", (D(2026, 7, 1), D(2026, 9, 30))),
        ("2026-Q4", "2026-Q4", (D(2026, 10, 1), D(2026, 12, 31))),
        ("2026", "2026", (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_months_quarters_and_years(text: str, key: str, bounds: tuple[dt.date, dt.date]) -> None:
    assert parse_period(text) == PeriodQuery(month=text).month == key
    assert period_bounds(text) == resolve_period(D(2030, 1, 1), month=key) == bounds


@pytest.mark.parametrize("bad", ["10/2026", "2026-13", "2026-00", "2026-Q0", "2026-Q5", "26", "2026-1", "Q3 2026", ""])
def test_a_wrong_period_names_the_accepted_forms_in_one_line(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        PeriodQuery(month=bad)
    (error,) = info.value.errors()
    assert error["msg"] == f"Value error, expected YYYY-MM, YYYY-Qn or YYYY (e.g. 2026-10, 2026-Q3, 2026); got {bad!r}"


def test_a_year_out_of_range_says_so() -> None:
    with pytest.raises(ValidationError, match="years 1900-2999; got '0001-Q1'"):
        PeriodQuery(month="0001-Q1")


@pytest.mark.parametrize("bad", ["10/2026", "2026-02-30", "2026-10", 1700000000, "2026-10-31T00:00:00", "31.10.2026"])
def test_a_wrong_day_names_the_accepted_form(bad: object) -> None:
    for model, field in ((OverdueQuery, "as_of"), (PeriodQuery, "date_from"), (PeriodQuery, "date_to")):
        with pytest.raises(ValidationError) as info:
            model.model_validate({field: bad})
        (error,) = info.value.errors()
        assert error["loc"] == (field,) and error["msg"] == f"Value error, expected YYYY-MM-DD (e.g. 2026-10-31); got {bad!r}"


def test_days_still_parse_as_before() -> None:
    assert OverdueQuery.model_validate({"as_of": "2026-10-31"}).as_of == D(2026, 10, 31)
    assert OverdueQuery(as_of=D(2026, 10, 31)).as_of == D(2026, 10, 31)
    assert PeriodQuery.model_validate({"date_from": "2026-01-01", "date_to": "2026-03-31"}).date_to == D(2026, 3, 31)


@pytest.mark.parametrize(
    ("first", "last", "previous", "last_year"),
    [
        (D(2026, 10, 1), D(2026, 10, 31), (D(2026, 9, 1), D(2026, 9, 30)), (D(2025, 10, 1), D(2025, 10, 31))),
        (D(2026, 3, 1), D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28)), (D(2025, 3, 1), D(2025, 3, 31))),
        (D(2026, 7, 1), D(2026, 9, 30), (D(2026, 4, 1), D(2026, 6, 30)), (D(2025, 7, 1), D(2025, 9, 30))),
        (D(2026, 1, 1), D(2026, 12, 31), (D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 1, 1), D(2025, 12, 31))),
        # month to date: the same days of the month before, clipped to its end
        (D(2026, 11, 1), D(2026, 11, 16), (D(2026, 10, 1), D(2026, 10, 16)), (D(2025, 11, 1), D(2025, 11, 16))),
        (D(2026, 3, 1), D(2026, 3, 30), (D(2026, 2, 1), D(2026, 2, 28)), (D(2025, 3, 1), D(2025, 3, 30))),
        # any other range: as many days just before
        (D(2026, 3, 10), D(2026, 3, 19), (D(2026, 2, 28), D(2026, 3, 9)), (D(2025, 3, 10), D(2025, 3, 19))),
        (D(2024, 2, 1), D(2024, 2, 29), (D(2024, 1, 1), D(2024, 1, 31)), (D(2023, 2, 1), D(2023, 2, 28))),
        (D(2025, 2, 1), D(2025, 2, 28), (D(2025, 1, 1), D(2025, 1, 31)), (D(2024, 2, 1), D(2024, 2, 29))),
    ],
)
def test_previous_period_and_last_year(
    first: dt.date, last: dt.date, previous: tuple[dt.date, dt.date], last_year: tuple[dt.date, dt.date]
) -> None:
    assert previous_period(first, last) == previous
    assert same_period_last_year(first, last) == last_year


def test_shift_months_clips_to_the_month_end() -> None:
    assert shift_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert shift_months(D(2026, 1, 15), -13) == D(2024, 12, 15)
    assert shift_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_percent_change_and_a_zero_base() -> None:
    up = _change("income", Decimal("150.00"), Decimal("120.00"))
    assert (up.difference, up.percent, up.note) == (Decimal("30.00"), Decimal("25.0"), None)
    loss_shrinks = _change("net", Decimal("-50.00"), Decimal("-200.00"))
    assert (loss_shrinks.difference, loss_shrinks.percent) == (Decimal("150.00"), Decimal("75.0")), "against |base|"
    zero = _change("expenses", Decimal("10.00"), Decimal("0.00"))
    assert (zero.difference, zero.percent, zero.note) == (Decimal("10.00"), None, NO_BASE)


def test_periods_are_one_domain_of_alternatives() -> None:
    periods = [(D(2026, 1, 1), D(2026, 1, 31)), (D(2025, 12, 1), D(2025, 12, 31)), (D(2025, 1, 1), D(2025, 1, 31))]
    domain = _any_of("date", periods)
    assert domain[:2] == ["|", "|"] and domain.count("&") == 3 and ("date", "<=", "2025-01-31") in domain


def test_a_hostile_name_cannot_add_rows_or_columns() -> None:
    row = BreakdownRow(section="expense", id=7, code="600|1", name="Evil\nexpense|9|999999.00|1", amount=Decimal("1.00"), items=1)
    result = Breakdown(
        company="Co\nmpany",
        period=Period(date_from=D(2026, 1, 1), date_to=D(2026, 1, 31)),
        currency="USD",
        by="account",
        side="expense",
        income=None,
        expenses=Decimal("1.00"),
        net=None,
        total=1,
        offset=0,
        limit=20,
        next_offset=None,
        items=[row],
        basis="b",
    )
    lines = breakdown(result).splitlines()
    assert len(lines) == 4 and lines[-1].count("|") - lines[-1].count("\\|") == 5
