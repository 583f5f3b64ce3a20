"""`odoo-mcp serve`: the MCP server over stdio."""

from __future__ import annotations

import argparse

from . import settings_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults()


def run(args: argparse.Namespace) -> int:
    from ..server import build_server

    settings = settings_from_args(args)
    build_server(settings).run()
    return 0
