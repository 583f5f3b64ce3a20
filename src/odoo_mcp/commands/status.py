"""`odoo-mcp status`: the same answer as the `odoo_status` tool, from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import json

from ..accounting.models import ServerStatus
from . import settings_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the status as JSON")


def run(args: argparse.Namespace) -> int:
    from ..runtime import open_runtime
    from ..server.render import status as render_status

    settings = settings_from_args(args)

    async def check() -> ServerStatus:
        async with open_runtime(settings) as rt:
            return await rt.accounting.status(url=settings.url, database=rt.client.database, dry_run=settings.dry_run)

    result = asyncio.run(check())
    print(json.dumps(result.model_dump(mode="json"), indent=2) if args.json else render_status(result))
    return 0 if result.reachable and not result.error else 1
