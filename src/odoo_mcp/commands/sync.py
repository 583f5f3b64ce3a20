"""`odoo-mcp sync`: keep `Accounting/YYYY-MM.md` and `Needs_Action/` current from Odoo.

`--once` runs one sync and exits (0 when Odoo answered, 1 when the files were only marked
stale); `--interval N` keeps running, for systemd, PM2 or the compose `sync` service, and exits 0
on SIGINT/SIGTERM. One summary line per run goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Callable

from . import settings_from_args

log = logging.getLogger("odoo_mcp.sync")


def _month(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"month must be YYYY-MM, got {text!r}")
    return text


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="sync once and exit")
    mode.add_argument("--interval", type=_seconds, metavar="SECONDS", help="sync every SECONDS until stopped (e.g. 300)")
    parser.add_argument(
        "--month", action="append", type=_month, default=[], metavar="YYYY-MM",
        help="also write this month's file (repeatable); the current month is always written",
    )
    parser.add_argument(
        "--draft-age-days", type=int, metavar="N",
        help="raise an event for drafts older than N days (default: Business_Goals.md alert_thresholds.draft_age_days, else 7)",
    )
    parser.add_argument("--no-events", action="store_true", help="write the month files only, no Needs_Action/ events")
    parser.add_argument(
        "--max-backoff", type=_seconds, metavar="SECONDS",
        help="longest wait between retries while Odoo is unreachable (default: the interval)",
    )


def _progress(step: int, total: int, what: str) -> None:
    log.info("sync [%d/%d] %s", step + 1, total, what)


async def _main(args: argparse.Namespace) -> int:
    from ..runtime import open_runtime
    from ..sync import Syncer, SyncOptions, run_forever, until_stopped

    settings = settings_from_args(args)
    options = SyncOptions(months=tuple(args.month), draft_age_days=args.draft_age_days, events=not args.no_events)
    stop = asyncio.Event()
    _on_signals(stop)
    async with open_runtime(settings) as runtime:
        runtime.vault.ensure()
        syncer = Syncer(runtime, options, progress=_progress if sys.stderr.isatty() or len(args.month) > 1 else None)
        if args.interval:
            log.info("sync every %.0f s from %s into %s (Ctrl-C to stop)", args.interval, runtime.source, runtime.vault.root)
            return await run_forever(syncer, interval=args.interval, stop=stop, max_backoff=args.max_backoff)
        report = await until_stopped(syncer.run_once(), stop)
        if report is None:
            log.info("sync stopped before it finished; no file was changed half-way")
            return 0
        (log.info if report.ok else log.warning)(report.summary)
        return 0 if report.ok else 1


def _on_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set `stop`: the loop ends between runs or cancels the run in progress."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows has no loop signal handlers: Ctrl-C arrives as KeyboardInterrupt instead.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, _stopper(stop, sig))


def _stopper(stop: asyncio.Event, sig: signal.Signals) -> Callable[[], None]:
    def handler() -> None:
        log.info("received %s: stopping", sig.name)
        stop.set()

    return handler


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_main(args))
