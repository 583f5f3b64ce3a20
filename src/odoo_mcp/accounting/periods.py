"""Calendar arithmetic for accounting periods (months, quarters, years, ranges, aging)."""

from __future__ import annotations

import datetime as dt
import re

#: What a period field accepts, as a one-line hint for error messages and field descriptions.
PERIOD_FORMS = "YYYY-MM, YYYY-Qn or YYYY (e.g. 2026-10, 2026-Q3, 2026)"
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|-[Qq]([1-4]))?$")


def parse_period(text: str) -> str:
    """A month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY`, normalised (`2026-q3` -> `2026-Q3`); ValueError otherwise."""
    match = _PERIOD.match(text.strip()) if isinstance(text, str) else None
    if not match or (match[2] and not 1 <= int(match[2]) <= 12):
        raise ValueError(f"expected {PERIOD_FORMS}; got {text!r}")
    year = match[1]
    return f"{year}-{match[2]}" if match[2] else f"{year}-Q{match[3]}" if match[3] else year


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """`YYYY-MM`, `YYYY-Qn` or `YYYY` -> (first day, last day)."""
    key = parse_period(period)
    year = int(key[:4])
    if len(key) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if key[5] == "Q":
        first_month = 3 * (int(key[6]) - 1) + 1
        return dt.date(year, first_month, 1), month_bounds(f"{year:04d}-{first_month + 2:02d}")[1]
    return month_bounds(key)


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
    """The period a query means: a month, quarter or year, a range (open ends filled), or this month to date."""
    if month:
        return period_bounds(month)
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


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), clipped to the month's end (Mar 31 - 1 month = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_bounds(f"{year:04d}-{month + 1:02d}")[1]
    return last if day.day > last.day else last.replace(day=day.day)


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def previous_period(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The period just before, of the same length: whole months -> as many months before (a quarter the
    quarter before, a year the year before); month to date -> the same days of the previous month;
    any other range -> the same number of days just before it."""
    if first.day == 1 and _month_end(last):
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        return shift_months(first, -months), first - dt.timedelta(days=1)
    if first.day == 1 and (first.year, first.month) == (last.year, last.month):
        start = shift_months(first, -1)
        return start, min(start.replace(day=1) + dt.timedelta(days=last.day - 1), first - dt.timedelta(days=1))
    length = (last - first).days + 1
    return first - dt.timedelta(days=length), first - dt.timedelta(days=1)


def same_period_last_year(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Both ends a year earlier; a period ending on a month's last day still does (Feb 29 -> Feb 28)."""
    end = shift_months(last, -12)
    if _month_end(last):
        end = month_bounds(month_key(end))[1]
    return shift_months(first, -12), end


def whole_months(*periods: tuple[dt.date, dt.date]) -> bool:
    """True when every period starts on a 1st and ends on a month's last day (sums per month then suffice)."""
    return all(first.day == 1 and _month_end(last) for first, last in periods)
