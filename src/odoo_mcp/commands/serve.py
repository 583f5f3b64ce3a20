"""`odoo-mcp serve`: the MCP server over stdio (the default), or over Streamable HTTP with `--http`."""

from __future__ import annotations

import argparse

from ..config import ConfigError
from . import settings_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        metavar="HOST:PORT",
        help="serve MCP over Streamable HTTP at http://HOST:PORT/mcp instead of stdio; every request needs a "
        "token from `odoo-mcp tokens create` (bind 127.0.0.1 unless a TLS proxy is in front, see deploy/)",
    )


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    if args.http is None:
        from ..server import build_server

        build_server(settings).run()
        return 0
    from ..server.http import Bind, serve

    try:
        bind = Bind.parse(args.http)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    serve(settings, bind)
    return 0
