"""What one sync run did: per month file an outcome, the events raised, and one summary line for the log."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from ..reports.markdown import money
from ..reports.models import MonthSnapshot


class MonthOutcome(BaseModel):
    month: str
    path: str
    result: Literal["written", "marked_stale", "no_figures_yet", "not_ours", "other_company", "unreadable", "re_rendered"]
    last_success: dt.datetime | None = None


class SyncReport(BaseModel):
    ok: bool
    source: str
    started: dt.datetime
    seconds: float
    as_of: dt.date
    months: list[MonthOutcome]
    events_created: list[str]
    events_by_kind: dict[str, int]  # the new events the notes cover (a summary or a partner's note covers several)
    error: str | None = None
    warnings: list[str] = []  # files left alone or settings not understood: the owner should hear of them
    summary: str


def summary_line(
    ok: bool,
    outcomes: list[MonthOutcome],
    by_kind: dict[str, int],
    seconds: float,
    *,
    headline: MonthSnapshot | None,
    error: str | None,
    source: str,
    notes: int | None = None,
) -> str:
    """What one run did, in one line for the log (`journalctl`, `pm2 logs`, `docker compose logs`)."""
    files = "; ".join(f"{o.path} {o.result.replace('_', ' ')}" for o in outcomes)
    if not ok:
        kept = [o for o in outcomes if o.result == "marked_stale"]
        since = f", last good figures from {kept[0].last_success:%Y-%m-%d %H:%M}" if kept and kept[0].last_success else ""
        return f"sync FAILED ({source}): {error}; {files}{since}; {seconds:.1f} s"
    figures = ""
    if headline is not None:
        c = headline.currency
        figures = (
            f"{headline.month}: revenue {money(headline.revenue)} {c}, expenses {money(headline.expenses)}, "
            f"net profit {money(headline.net_profit)}"
        )
        if headline.current:
            r = headline.current.receivables
            figures += f", overdue {r.count} ({money(r.total)})"
        figures += "; "
    events = sum(by_kind.values())
    detail = f" ({', '.join(f'{n} {k}' for k, n in sorted(by_kind.items()))})" if events else ""
    raised = f"{events} new event{'s' if events != 1 else ''}{detail}"
    if notes is not None and notes != events:
        raised += f" in {notes} note{'s' if notes != 1 else ''}"
    return f"sync ok ({source}): {figures}{files}; {raised}; {seconds:.1f} s"
