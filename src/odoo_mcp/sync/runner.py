"""One sync run: gather every figure, write the month files, raise events, report.

A run gathers every figure first and writes only when all arrived, so a failure half-way
leaves the previous files untouched; then it marks them stale instead (with the time of the
last success), never writing zeros. Runs are serialised by `lock.locked`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..accounting.periods import month_key
from ..odoo import OdooError
from ..reports import dashboard, events as ev, month_file
from ..reports.goals import read_goals
from ..reports.markdown import local_now
from ..reports.models import FileStatus, MonthSnapshot
from ..runtime import Runtime
from ..vault.audit import record_run
from ..vault.layout import LOGS
from ..vault.scope import scope_for
from .events import raise_events
from .files import MonthFiles
from .gather import Progress, gather
from .lock import LOCK_FILE, locked
from .report import MonthOutcome, SyncReport, summary_line


@dataclass(frozen=True)
class SyncOptions:
    months: tuple[str, ...] = ()  # besides the current month
    draft_age_days: int | None = None  # None: Business_Goals.md, else its default
    events: bool = True


class Syncer:
    """One sync run at a time over a `Runtime`."""

    def __init__(
        self,
        runtime: Runtime,
        options: SyncOptions = SyncOptions(),
        *,
        now: Callable[[], dt.datetime] = local_now,
        progress: Progress | None = None,
    ) -> None:
        self.rt = runtime
        self.options = options
        self.now = now
        self.progress = progress or (lambda step, total, what: None)
        self._company: dict[str, Any] | None = None  # for the audit line, once known

    async def run_once(self) -> SyncReport:
        async with locked(Path(self.rt.settings.state_dir) / LOCK_FILE):
            report = await self._run()
        record_run(
            self.rt.vault.folder(LOGS),
            action_type="sync",
            ok=report.ok,
            target=", ".join(o.path for o in report.months),
            parameters={"months": [o.month for o in report.months], "events": self.options.events},
            result={"summary": report.summary, "events_created": len(report.events_created), "error": report.error},
            company=self._company,
        )
        return report

    async def _run(self) -> SyncReport:
        started, clock = self.now(), time.monotonic()
        as_of = self.rt.accounting.today()
        months = sorted({month_key(as_of), *self.options.months})
        goals = read_goals(self.rt.vault)
        try:
            scope = await scope_for(self.rt)
            self._company = {"id": scope.company_id, "name": scope.company}
        except OdooError as exc:  # never synced and Odoo down: which company's files is not known, so none is touched
            outcomes = [MonthOutcome(month=m, path=month_file.relative_path(m), result="no_figures_yet") for m in months]
            return self._report(False, started, clock, as_of, outcomes, None, error=str(exc), notes=goals.problems)
        files = MonthFiles(self.rt.vault, scope)
        repairs = files.repairs(skip=set(months))
        notes = (*goals.problems, *repairs.warnings)
        try:
            items, snapshots = await gather(
                self.rt.accounting,
                sorted({*months, *repairs.resync}),
                as_of,
                progress=self.progress,
            )
        except OdooError as exc:  # files that only needed a repair are left as they are until Odoo answers
            outcomes = [files.mark_stale(month, started, str(exc)) for month in months]
            return self._report(False, started, clock, as_of, outcomes, None, error=str(exc), notes=goals.problems)

        odoo_url = self.rt.client.base_url  # links point at the Odoo answering now, never at an address read from a file
        status = FileStatus(
            updated=started, source=self.rt.source, odoo_connected=True, stale=False, last_success=started, odoo_url=odoo_url
        )
        outcomes = [files.write(snap, status) for snap in snapshots]
        outcomes += [
            files.write(snap, kept.model_copy(update={"odoo_url": odoo_url}), result="re_rendered")
            for _, snap, kept in repairs.re_render.values()
        ]
        current = next(s for s in snapshots if s.month == month_key(as_of))
        dashboard.update(self.rt.vault, current, status, files.relative(current.month), scope)
        raised = None
        if self.options.events:
            raised = raise_events(
                self.rt, items, goals, draft_age_days=self.options.draft_age_days, now=started, scope=scope
            )
        return self._report(True, started, clock, as_of, outcomes, raised, headline=current, notes=notes)

    def _report(
        self,
        ok: bool,
        started: dt.datetime,
        clock: float,
        as_of: dt.date,
        outcomes: list[MonthOutcome],
        raised: ev.RaiseResult | None,
        *,
        headline: MonthSnapshot | None = None,
        error: str | None = None,
        notes: tuple[str, ...] = (),
    ) -> SyncReport:
        seconds = round(time.monotonic() - clock, 3)
        created = [p.relative_to(self.rt.vault.root).as_posix() for _, p in raised.created] if raised else []
        by_kind = raised.by_kind() if raised else {}
        return SyncReport(
            ok=ok,
            source=self.rt.source,
            started=started,
            seconds=seconds,
            as_of=as_of,
            months=outcomes,
            events_created=created,
            events_by_kind=by_kind,
            error=error,
            warnings=[*notes, *(f"{o.path} left alone: it is not readable text" for o in outcomes if o.result == "unreadable")],
            summary=summary_line(
                ok, outcomes, by_kind, seconds, headline=headline, error=error, source=self.rt.source, notes=len(created)
            ),
        )
