"""`odoo-mcp`: one entry point for the server and the owner's commands.

Each subcommand lives in `odoo_mcp.commands.<name>` with `add_arguments(parser)` and
`run(args) -> int`. Known failures (bad settings, Odoo errors) end as one line on stderr and a
non-zero exit; only a bug prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from .config import ConfigError

COMMANDS: dict[str, str] = {
    "serve": "Run the MCP server over stdio (the default), or over HTTP with --http HOST:PORT",
    "demo": "Try it: start the server on the sandbox and talk to it through a real MCP client",
    "status": "Check the connection to Odoo and print what the server would report",
    "sync": "Write Accounting/YYYY-MM.md and Needs_Action/ events from Odoo",
    "briefing": "Write the Monday CEO briefing into Briefings/",
    "approvals": "List, show, approve or reject write requests (the owner's side)",
    "doctor": "Check configuration, Odoo, credentials and the vault, line by line",
    "tokens": "Create, list or revoke the bearer tokens of the HTTP transport",
    "setup": "First run: create the Odoo database, install Accounting, write .env",
}


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"odoo_mcp.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"odoo_mcp.commands.{name}":
            return None
        raise


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser. With `only`, just that subcommand's module is imported (and
    added): `odoo-mcp serve` then starts without importing every other command (measured in
    docs/performance.md)."""
    if only is not None and _load(only) is None:
        only = None  # unknown command: build everything so argparse names the valid ones
    parser = argparse.ArgumentParser(prog="odoo-mcp", description="Odoo 19 accounting over MCP, with approved writes.")
    parser.add_argument("--env-file", default=".env", help="settings file read before the environment (default .env)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = _load(name)
        if module is None:
            continue
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(module=module)
    return parser


def configure_logging(level: str = "INFO") -> None:
    """Logs go to stderr: stdout belongs to the MCP protocol."""
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _named_command(argv: list[str]) -> str | None:
    """The subcommand the command line names (`serve` when it names none), without importing any
    command module; None when that is unclear (help, errors), so the full parser handles it."""
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--env-file")
    pre.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        known, extras = pre.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return None
    if not known.rest:
        return None if extras else "serve"
    return known.rest[0] if known.rest[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_named_command(words))
    args = parser.parse_args(words)
    if args.command is None:
        args = parser.parse_args([*words, "serve"])
    from .odoo import OdooError

    try:
        return int(args.module.run(args) or 0)
    except ConfigError as exc:
        print(f"odoo-mcp: configuration error: {exc}", file=sys.stderr)
        return 2
    except OdooError as exc:
        print(f"odoo-mcp: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
