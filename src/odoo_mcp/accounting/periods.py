"""Calendar arithmetic for accounting periods (months, ranges, aging)."""

from __future__ import annotations

import datetime as dt


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """`YYYY-MM` -> (first day, last day)."""
    year, mon = (int(part) for part in month.split("-"))
    first = dt.date(year, mon, 1)
    return first, next_month(first) - dt.timedelta(days=1)


def next_month(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    return (first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1))


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """Every `YYYY-MM` touched by the range, so empty months show as zero instead of vanishing."""
    keys, cursor = [], first.replace(day=1)
    while cursor <= last:
        keys.append(month_key(cursor))
        cursor = next_month(cursor)
    return keys


def resolve_period(
    today: dt.date, *, month: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The period a query means: a month, a range (open ends filled), or this month to date."""
    if month:
        return month_bounds(month)
    if date_from or date_to:
        start = date_from or (date_to or today).replace(day=1)
        return start, date_to or max(today, start)
    return today.replace(day=1), today


def week_ranges(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Monday-Sunday weeks covering [first, last], clipped to it."""
    weeks, start = [], first
    while start <= last:
        end = min(last, start + dt.timedelta(days=6 - start.weekday()))
        weeks.append((start, end))
        start = end + dt.timedelta(days=1)
    return weeks


def aging_bucket(days_overdue: int) -> str:
    if days_overdue <= 30:
        return "1-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


AGING_LABELS = ("1-30", "31-60", "61-90", "90+")
