"""The judgements in a briefing, as plain arithmetic on Odoo's figures: target pace and rising vendor costs.

Kept apart from rendering so each rule is stated once and tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..accounting.models import PartnerMonthAmount
from ..accounting.periods import month_bounds, month_key

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
MIN_PREVIOUS_MONTHS = 2  # a vendor billed in at least two earlier months counts as recurring


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TargetPace:
    """Month-to-date revenue against the monthly target, pro-rata to the day."""

    target: Decimal
    mtd: Decimal
    pro_rata: Decimal  # what the target asks for by this day of the month
    of_target: Decimal  # % of the whole month's target reached
    of_pro_rata: Decimal  # % of the pro-rata target reached
    alert_below_pct: Decimal
    behind: bool  # below `alert_below_pct` % of the pro-rata target


def target_pace(mtd: Decimal, target: Decimal, day: dt.date, alert_below_pct: Decimal) -> TargetPace:
    days_in_month = month_bounds(month_key(day))[1].day
    pro_rata = (target * day.day / days_in_month).quantize(CENT, rounding=ROUND_HALF_UP)
    of_pro_rata = pct(mtd, pro_rata) if pro_rata else Decimal(0)
    return TargetPace(
        target=target,
        mtd=mtd,
        pro_rata=pro_rata,
        of_target=pct(mtd, target),
        of_pro_rata=of_pro_rata,
        alert_below_pct=alert_below_pct,
        behind=of_pro_rata < alert_below_pct,
    )


MISSET_FACTOR = Decimal(3)  # a target above 3x, or below a third of, recent months' revenue is not a target


def misset_target(target: Decimal, recent: list[Decimal], currency: str) -> str | None:
    """Why the monthly target looks mis-set against the average of recent complete months, or None.

    A pace judged against a target 46 times what the company invoices ("on track at 4,592%") tells the
    owner nothing; the briefing says the target looks wrong instead of grading the month against it.
    """
    if not recent:
        return None
    average = (sum(recent, Decimal(0)) / len(recent)).quantize(CENT, rounding=ROUND_HALF_UP)
    if average <= 0 or average / MISSET_FACTOR <= target <= average * MISSET_FACTOR:
        return None
    ratio = (target / average).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return (
        f"The monthly target ({target:,.2f} {currency}) is {ratio}x the average invoiced revenue of the last "
        f"{len(recent)} complete months ({average:,.2f} {currency}): it looks mis-set, so the month is not graded "
        "against it. Check `monthly_revenue_target` in Business_Goals.md."
    )


@dataclass(frozen=True)
class VendorRise:
    partner: str
    partner_id: int | None
    latest_month: str
    latest: Decimal
    previous_average: Decimal
    previous_months: int
    change_pct: Decimal


def vendor_rises(rows: list[PartnerMonthAmount], threshold_pct: Decimal, *, recent: set[str]) -> list[VendorRise]:
    """Recurring vendors whose latest month cost more than `threshold_pct` % above their average before.

    A vendor is recurring when it billed in at least two months before its latest one; its latest
    month must be one of `recent` (this month or last), so a vendor dropped long ago is not news.
    """
    by_vendor: dict[tuple[int | None, str], dict[str, Decimal]] = {}
    for row in rows:
        key = (row.partner_id, row.partner or "?")
        months = by_vendor.setdefault(key, {})
        months[row.month] = months.get(row.month, Decimal(0)) + row.amount
    rises = []
    for (partner_id, partner), months in by_vendor.items():
        billed = sorted((m, a) for m, a in months.items() if a > 0)
        if len(billed) < MIN_PREVIOUS_MONTHS + 1 or billed[-1][0] not in recent:
            continue
        latest_month, latest = billed[-1]
        previous = [a for _, a in billed[:-1]]
        average = (sum(previous, Decimal(0)) / len(previous)).quantize(CENT, rounding=ROUND_HALF_UP)
        change = pct(latest - average, average)
        if change > threshold_pct:
            rises.append(VendorRise(partner, partner_id, latest_month, latest, average, len(previous), change))
    return sorted(rises, key=lambda r: (-r.change_pct, r.partner))


def expense_change(previous: Decimal | None, latest: Decimal | None) -> Decimal | None:
    """% change of expenses from one month to the next; None when either is unknown or the base is zero."""
    if previous is None or latest is None or previous <= 0:
        return None
    return pct(latest - previous, previous)
