"""The Monday briefing's facts: live from Odoo, or, when Odoo is down, from the last synced month files.

Both paths fill the same `BriefingFacts`, so the renderer cannot tell them apart except by the
`live` flag it must show. Offline, a figure no synced file holds stays `None` and is shown as
missing: a month that was never synced is not a month with zero revenue.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from decimal import Decimal

from pydantic import BaseModel

from ..accounting.models import PartnerMonthAmount, PeriodQuery
from ..accounting.money import Money
from ..accounting.periods import month_bounds, month_key, months_between
from ..accounting.service import AccountingService
from ..vault.front_matter import properties
from ..vault.layout import ACCOUNTING, UnreadableFile, Vault, read_text_file
from ..vault.scope import VaultScope
from . import month_file
from .models import DocRow, DraftRow, FileStatus, MonthSnapshot, Receivables
from .snapshot import DUE_SOON_DAYS, due_within, open_items, payables, receivables

log = logging.getLogger(__name__)

TREND_MONTHS = 6


class NoSyncedData(Exception):
    """Odoo is unreachable and no month file was ever synced: there is nothing true to report."""


class TrendMonth(BaseModel):
    month: str
    revenue: Money | None  # None: not known (offline and never synced), never "zero"
    expenses: Money | None
    to_date: dt.date | None = None  # set for the month still running


class BriefingFacts(BaseModel):
    date: dt.date
    week_from: dt.date
    week_to: dt.date
    live: bool
    source: str
    company: str
    currency: str
    synced_at: dt.datetime | None = None  # offline: when the files used were last synced
    offline_reason: str | None = None
    files_used: list[str] = []
    week_revenue: Money | None
    week_count: int | None
    mtd_from: dt.date
    mtd_to: dt.date
    mtd_revenue: Money | None
    mtd_expenses: Money | None
    mtd_net_profit: Money | None
    mtd_income: Money | None = None  # profit and loss, by accounting date
    mtd_pnl_expenses: Money | None = None
    trend: list[TrendMonth]
    receivables: Receivables | None
    payables: Receivables | None = None  # overdue vendor bills (we are late paying); None: not known (an older file)
    drafts: list[DraftRow] | None
    due_to: dt.date
    due_invoices: list[DocRow] | None
    due_bills: list[DocRow] | None
    vendor_spend: list[PartnerMonthAmount]


def week_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The seven days before `day`: on a Monday, last Monday to yesterday (Sunday)."""
    return day - dt.timedelta(days=7), day - dt.timedelta(days=1)


def trend_start(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    for _ in range(TREND_MONTHS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


async def live_facts(acc: AccountingService, day: dt.date, *, source: str) -> BriefingFacts:
    """Everything from Odoo in one concurrent batch of the same service calls the tools use."""
    week_from, week_to = week_before(day)
    first, since = day.replace(day=1), trend_start(day)
    trend_q = PeriodQuery(date_from=since, date_to=day)
    (company, week, revenue, expenses, late), (pnl, aging, items, vendors) = await asyncio.gather(
        asyncio.gather(
            acc.company(),
            acc.revenue(PeriodQuery(date_from=week_from, date_to=week_to)),
            acc.revenue(trend_q),
            acc.expenses(trend_q),
            payables(acc, day),
        ),
        asyncio.gather(
            acc.profit_and_loss(PeriodQuery(date_from=first, date_to=day)),
            receivables(acc, day),
            open_items(acc, day),
            acc.expenses_by_vendor(trend_q),
        ),
    )
    spent = {m.month: m.amount for m in expenses.months}
    trend = [
        TrendMonth(month=m.month, revenue=m.amount, expenses=spent[m.month], to_date=day if m.month == month_key(day) else None)
        for m in revenue.months
    ]
    return BriefingFacts(
        date=day,
        week_from=week_from,
        week_to=week_to,
        live=True,
        source=source,
        company=company.name,
        currency=company.currency,
        week_revenue=week.amount,
        week_count=week.count,
        mtd_from=first,
        mtd_to=day,
        mtd_revenue=trend[-1].revenue,
        mtd_expenses=trend[-1].expenses,
        mtd_net_profit=pnl.net_profit,
        mtd_income=pnl.income,
        mtd_pnl_expenses=pnl.expenses,
        trend=trend,
        receivables=aging,
        payables=late,
        drafts=items.drafts,
        due_to=day + dt.timedelta(days=DUE_SOON_DAYS),
        due_invoices=due_within(items.open_invoices, day),
        due_bills=due_within(items.open_bills, day),
        vendor_spend=vendors,
    )


def synced_months(vault: Vault, scope: VaultScope | None = None) -> dict[str, tuple[MonthSnapshot, FileStatus]]:
    """Every month file the sync wrote for this company (its folder, its company id) that still parses, by month."""
    accounting = scope.accounting if scope is not None else ACCOUNTING
    folder = vault.folder(accounting)
    texts: dict[str, str] = {}  # by the file's path in the vault, which the warnings name
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            texts[month_file.relative_path(path.stem, accounting)] = read_text_file(path, shown=f"{folder.name}/{path.name}")
        except UnreadableFile as exc:  # one bad file costs only its month
            log.warning("%s; that month is left out", exc)
    if scope is not None:
        texts = {k: t for k, t in texts.items() if scope.belongs_elsewhere(properties(t)) is None}
    return {snap.month: (snap, status) for snap, status in month_file.read_month_files(texts).values()}


def _week_from_files(months: dict[str, MonthSnapshot], first: dt.date, last: dt.date) -> tuple[Decimal, int] | None:
    """A week's revenue from the month files' week rows; None unless every day of it is covered."""
    amount, count, covered = Decimal(0), 0, 0
    for key in months_between(first, last):
        snap = months.get(key)
        if snap is None:
            return None
        for week in snap.weeks:
            if week.date_from >= first and week.date_to <= last:
                amount += week.amount
                count += week.count
                covered += (week.date_to - week.date_from).days + 1
    return (amount, count) if covered == (last - first).days + 1 else None


def _figures_date(snap: MonthSnapshot | None, status: FileStatus | None, day: dt.date) -> dt.date | None:
    """The day a month file's figures describe: the accounting day of its sync (not the wall clock), at most `day`."""
    if snap is None or status is None:
        return None
    described = snap.current.as_of if snap.current else status.last_success.date() if status.last_success else None
    return min(described, day) if described else None


def _latest_today(snaps: dict[str, MonthSnapshot], day: dt.date) -> str:
    """The month file whose "today" sections (receivables, drafts, due dates) are the newest not after `day`."""
    candidates = [(s.current.as_of, key) for key, s in snaps.items() if s.current is not None and s.current.as_of <= day]
    return max(candidates)[1] if candidates else max(snaps)


def offline_facts(vault: Vault, day: dt.date, *, reason: str, scope: VaultScope | None = None) -> BriefingFacts:
    """The same facts from the last synced `Accounting/` files (this company's); what they cannot tell stays None."""
    synced = synced_months(vault, scope)
    if not synced:
        raise NoSyncedData(f"{reason}; and no month file in {ACCOUNTING}/ was ever synced, so there is nothing true to report")
    snaps = {key: snap for key, (snap, _) in synced.items()}
    latest_key = _latest_today(snaps, day)
    latest, latest_status = synced[latest_key]
    week_from, week_to = week_before(day)
    week = _week_from_files(snaps, week_from, week_to)
    this_month, this_status = synced.get(month_key(day), (None, None))
    synced_to = _figures_date(this_month, this_status, day)
    window = months_between(trend_start(day), day)
    trend = [
        TrendMonth(
            month=key,
            revenue=snaps[key].revenue if key in snaps else None,
            expenses=snaps[key].expenses if key in snaps else None,
            to_date=synced_to if key == month_key(day) else None,
        )
        for key in window
    ]
    current = latest.current
    due_to = day + dt.timedelta(days=DUE_SOON_DAYS)
    used = sorted({latest_key, *(k for k in window if k in snaps)})
    return BriefingFacts(
        date=day,
        week_from=week_from,
        week_to=week_to,
        live=False,
        source=latest_status.source,
        company=latest.company,
        currency=latest.currency,
        synced_at=latest_status.last_success,
        offline_reason=reason,
        files_used=[month_file.relative_path(k, scope.accounting if scope is not None else ACCOUNTING) for k in used],
        week_revenue=week[0] if week else None,
        week_count=week[1] if week else None,
        mtd_from=month_bounds(month_key(day))[0],
        mtd_to=synced_to or day,
        mtd_revenue=this_month.revenue if this_month else None,
        mtd_expenses=this_month.expenses if this_month else None,
        mtd_net_profit=this_month.net_profit if this_month else None,
        mtd_income=this_month.income if this_month else None,
        mtd_pnl_expenses=this_month.pnl_expenses if this_month else None,
        trend=trend,
        receivables=current.receivables if current else None,
        payables=current.payables if current else None,
        drafts=current.drafts if current else None,
        due_to=due_to,
        due_invoices=due_within(current.due_invoices, day) if current else None,
        due_bills=due_within(current.due_bills, day) if current else None,
        vendor_spend=[v for k in window if k in snaps for v in snaps[k].vendors],
    )
