"""`odoo-mcp doctor`: check configuration, Odoo, credentials and the vault (logic in `odoo_mcp.doctor`).

It reads the same `.env` and environment as `serve`, but never stops at the first problem:
every check prints its own line, so one run shows everything that needs fixing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")


def run(args: argparse.Namespace) -> int:
    from ..doctor import exit_code, render, run_doctor

    checks = asyncio.run(run_doctor(Path(args.env_file)))
    if args.json:
        print(json.dumps([{"name": c.name, "status": c.status.value, "detail": c.detail, "fix": c.fix} for c in checks], indent=2))
    else:
        print(render(checks))
    return exit_code(checks)
