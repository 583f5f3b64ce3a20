"""`odoo-mcp briefing`: write the Monday CEO briefing into `Briefings/`.

Live from Odoo when it answers; otherwise from the last synced `Accounting/` files, which the
briefing says at the top. Prints the file's path and its executive summary.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys

from . import settings_from_args


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date must be YYYY-MM-DD, got {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the briefing's day (default today; usually a Monday)")


async def _main(args: argparse.Namespace) -> int:
    from ..reports.briefing_data import NoSyncedData
    from ..reports.briefing_job import generate_briefing
    from ..reports.markdown import NotOurs
    from ..runtime import open_runtime

    settings = settings_from_args(args)
    async with open_runtime(settings) as runtime:
        runtime.vault.ensure()
        try:
            result = await generate_briefing(runtime, args.date)
        except (NoSyncedData, NotOurs) as exc:
            print(f"odoo-mcp: briefing not written: {exc}", file=sys.stderr)
            return 1
    how = "live from Odoo" if result.live else f"from the last synced files (Odoo: {result.offline_reason})"
    print(f"Wrote {runtime.vault.root / result.path} ({result.source} data, {how})")
    for line in result.summary:
        print(f"- {line.replace('**', '')}")
    return 0


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_main(args))
