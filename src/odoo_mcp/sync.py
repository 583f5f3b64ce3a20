"""The accounting sync: one run writes the month files and raises events; the loop repeats it.

A run gathers every figure first and writes only when all arrived, so a failure half-way
leaves the previous files untouched; then it marks them stale instead (with the time of the
last success), never writing zeros. Runs are serialised by a lock file in the state directory,
so the background service, a manual `--once` and the MCP tool cannot interleave.

The loop waits `interval` seconds after a good run and backs off exponentially (capped) after
a failed one, and stops cleanly between or during runs when asked (SIGINT/SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from .accounting.periods import month_key
from .odoo import OdooError
from .reports import events as ev, month_file
from .reports.goals import read_goals
from .reports.markdown import NotOurs, local_now, money, split_front_matter
from .reports.models import FileStatus, MonthSnapshot
from .reports.snapshot import PAYMENT_LOOKBACK_DAYS, month_snapshot, open_items
from .runtime import Runtime
from .vault.layout import UnreadableFile, atomic_write, read_text_file
from .vault.scope import VaultScope, scope_for

log = logging.getLogger("odoo_mcp.sync")

LOCK_FILE = "sync.lock"
LOCK_WAIT_SECONDS = 60.0
BACKOFF_BASE_SECONDS = 5.0

Progress = Callable[[int, int, str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class SyncOptions:
    months: tuple[str, ...] = ()  # besides the current month
    draft_age_days: int | None = None  # None: Business_Goals.md, else its default
    events: bool = True
    payment_lookback_days: int = PAYMENT_LOOKBACK_DAYS


class MonthOutcome(BaseModel):
    month: str
    path: str
    result: Literal["written", "marked_stale", "no_figures_yet", "not_ours", "other_company", "unreadable"]
    last_success: dt.datetime | None = None


class SyncReport(BaseModel):
    ok: bool
    source: str
    started: dt.datetime
    seconds: float
    as_of: dt.date
    months: list[MonthOutcome]
    events_created: list[str]
    events_by_kind: dict[str, int]
    error: str | None = None
    warnings: list[str] = []  # files left alone or settings not understood: the owner should hear of them
    summary: str


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

    async def run_once(self) -> SyncReport:
        async with _locked(Path(self.rt.settings.state_dir) / LOCK_FILE):
            return await self._run()

    async def _run(self) -> SyncReport:
        started, clock = self.now(), time.monotonic()
        as_of = self.rt.accounting.today()
        months = sorted({month_key(as_of), *self.options.months})
        goals = read_goals(self.rt.vault)
        total = len(months) + 1
        try:
            scope = await scope_for(self.rt)
        except OdooError as exc:  # never synced and Odoo down: which company's files is not known, so none is touched
            outcomes = [MonthOutcome(month=m, path=month_file.relative_path(m), result="no_figures_yet") for m in months]
            return self._report(False, started, clock, as_of, outcomes, None, error=str(exc), notes=goals.problems)
        try:
            self.progress(0, total, "open invoices, bills, drafts and payments")
            items = await open_items(self.rt.accounting, as_of, payment_lookback_days=self.options.payment_lookback_days)
            snapshots = []
            for step, month in enumerate(months, start=1):
                self.progress(step, total, f"figures for {month}")
                snapshots.append(await month_snapshot(self.rt.accounting, month, items=items))
        except OdooError as exc:
            outcomes = [self._mark_stale(month, started, str(exc), scope) for month in months]
            return self._report(False, started, clock, as_of, outcomes, None, error=str(exc), notes=goals.problems)

        status = FileStatus(
            updated=started, source=self.rt.source, odoo_connected=True, stale=False, last_success=started
        )
        outcomes = [self._write(snap, status, scope) for snap in snapshots]
        raised = None
        if self.options.events:
            draft_age = self.options.draft_age_days if self.options.draft_age_days is not None else goals.draft_age_days
            found = ev.detect(items, draft_age_days=draft_age, overdue_days=goals.overdue_days)
            raised = ev.raise_new(
                found,
                vault=self.rt.vault,
                ledger=ev.EventLedger(self.rt.settings.state_dir, self.rt.vault, scope=scope),
                now=started,
                source=self.rt.source,
                scope=scope,
            )
        current = next(s for s in snapshots if s.month == month_key(as_of))
        return self._report(True, started, clock, as_of, outcomes, raised, headline=current, notes=goals.problems)

    # -- files -----------------------------------------------------------------------------------------

    def _other_company(self, relative: str, text: str, scope: VaultScope) -> bool:
        """True (and one warning line) when the file there is another company's: it is never overwritten."""
        why = scope.belongs_elsewhere(split_front_matter(text)[0])
        if why is not None:
            log.warning("%s left alone: %s; this sync is for %s (id %d)", relative, why, scope.company, scope.company_id)
            return True
        return False

    def _existing(self, month: str, relative: str, path: Path, scope: VaultScope) -> str | MonthOutcome | None:
        """The month file's text (None: no file yet), or why it is left alone: not text (perhaps the owner's, never
        overwritten blindly) or another company's."""
        if not path.is_file():
            return None
        try:
            text = read_text_file(path, shown=relative)
        except UnreadableFile as exc:
            log.warning("%s left alone: %s", relative, exc)
            return MonthOutcome(month=month, path=relative, result="unreadable")
        if self._other_company(relative, text, scope):
            return MonthOutcome(month=month, path=relative, result="other_company")
        return text

    def _write(self, snap: MonthSnapshot, status: FileStatus, scope: VaultScope) -> MonthOutcome:
        relative = month_file.relative_path(snap.month, scope.accounting)
        path = self.rt.vault.resolve(relative)
        previous = self._existing(snap.month, relative, path, scope)
        if isinstance(previous, MonthOutcome):
            return previous
        try:
            text = month_file.render(snap, status, previous, company_id=scope.company_id)
        except NotOurs as exc:
            log.warning("%s was not written by odoo-mcp (%s): left alone; rename it to let the sync write", relative, exc)
            return MonthOutcome(month=snap.month, path=relative, result="not_ours")
        atomic_write(path, text)
        return MonthOutcome(month=snap.month, path=relative, result="written", last_success=status.last_success)

    def _mark_stale(self, month: str, now: dt.datetime, error: str, scope: VaultScope) -> MonthOutcome:
        relative = month_file.relative_path(month, scope.accounting)
        path = self.rt.vault.resolve(relative)
        text = self._existing(month, relative, path, scope)
        if isinstance(text, MonthOutcome):
            return text
        if text is None:
            return MonthOutcome(month=month, path=relative, result="no_figures_yet")
        try:
            marked = month_file.mark_stale(text, now=now, error=error)
        except ValueError:
            return MonthOutcome(month=month, path=relative, result="not_ours")
        atomic_write(path, marked)
        last = month_file.status_of(split_front_matter(marked)[0]).last_success
        return MonthOutcome(month=month, path=relative, result="marked_stale", last_success=last)

    # -- the one-line summary -------------------------------------------------------------------------------

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
            summary=summary_line(ok, outcomes, by_kind, seconds, headline=headline, error=error, source=self.rt.source),
        )


def summary_line(
    ok: bool,
    outcomes: list[MonthOutcome],
    by_kind: dict[str, int],
    seconds: float,
    *,
    headline: MonthSnapshot | None,
    error: str | None,
    source: str,
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
    return f"sync ok ({source}): {figures}{files}; {events} new event{'s' if events != 1 else ''}{detail}; {seconds:.1f} s"


# -- serialising runs -----------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _locked(path: Path, wait: float = LOCK_WAIT_SECONDS) -> AsyncIterator[None]:
    """An exclusive lock on `path` across processes (filelock: flock, or msvcrt on Windows).

    Waited for by polling, so the event loop keeps serving while another run holds it; after
    `wait` seconds the run is refused with an `OdooError` that `run_forever` logs and retries.
    """
    # Imported by a sync run, not by `serve` at start-up.
    from filelock import AsyncFileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    # One lock object per run: two runs in one process exclude each other like two processes do.
    lock = AsyncFileLock(path, timeout=wait, poll_interval=0.2, mode=0o600, run_in_executor=False)
    try:
        await lock.acquire()
    except Timeout:
        raise OdooError(f"another sync has been running for over {wait:.0f} s (lock {path}); try again later") from None
    try:
        yield
    finally:
        await lock.release()


# -- the loop ----------------------------------------------------------------------------------------------------


def backoff_delay(failures: int, *, cap: float, base: float = BACKOFF_BASE_SECONDS) -> float:
    """5, 10, 20, 40 ... seconds after consecutive failures, never more than `cap`."""
    factor: int = 2 ** max(0, failures - 1)
    return min(cap, min(base, cap) * factor)


async def run_forever(
    syncer: Syncer, *, interval: float, stop: asyncio.Event, max_backoff: float | None = None
) -> int:
    """Sync every `interval` seconds until `stop` is set; a run in progress when it is set is cancelled.

    Cancelling is safe: figures are gathered before anything is written, and each file is
    written atomically, so a cancelled run leaves every file as it was or as it should be.
    """
    cap = max_backoff if max_backoff is not None else interval
    failures = 0
    while not stop.is_set():
        try:
            report = await until_stopped(syncer.run_once(), stop)
        except OdooError as exc:  # e.g. another sync holding the lock for too long
            log.warning("sync skipped: %s", exc)
            report = None
        except Exception:  # a bug, not Odoo: keep the service alive and retry, but say so loudly
            log.exception("sync run crashed")
            report = None
        if stop.is_set():
            break
        if report is not None and report.ok:
            failures, delay = 0, interval
            log.info(report.summary)
        else:
            failures += 1
            delay = backoff_delay(failures, cap=cap)
            log.warning("%s; retry %d in %.0f s", report.summary if report else "sync did not run", failures, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
    log.info("sync stopped")
    return 0


async def until_stopped(run: Coroutine[Any, Any, T], stop: asyncio.Event) -> T | None:
    """The run's result, or None if `stop` was set first (the run is then cancelled and awaited)."""
    task = asyncio.ensure_future(run)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return None
    return task.result()
