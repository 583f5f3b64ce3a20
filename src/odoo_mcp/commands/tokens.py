"""`odoo-mcp tokens create|list|revoke`: the bearer tokens of the HTTP transport (the owner's side)."""

from __future__ import annotations

import argparse
import sys

from ..access import TokenError, open_token_store
from . import settings_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tokens_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="make a token and print it once (it is stored hashed)")
    create.add_argument("name", help="who or what the token is for, e.g. laptop or claude-desktop")
    create.add_argument("--read-only", action="store_true", help="the token sees and calls only read tools")
    sub.add_parser("list", help="the tokens: name, access, created (never the tokens themselves)")
    revoke = sub.add_parser("revoke", help="revoke a token: the next request with it gets 401")
    revoke.add_argument("name")


def run(args: argparse.Namespace) -> int:
    store = open_token_store(settings_from_args(args))
    try:
        if args.tokens_command == "create":
            token = store.create(args.name, read_only=args.read_only)
            access = "read-only" if args.read_only else "read-write; writes still need the owner's approval"
            print(f"token {args.name} ({access}); shown once, store it now:", file=sys.stderr)
            print(token)
        elif args.tokens_command == "list":
            records = store.records()
            if not records:
                print("no tokens; create one with `odoo-mcp tokens create NAME`")
            for record in records:
                print(f"{record.name}\t{'read-only' if record.read_only else 'read-write'}\tcreated {record.created_at}")
        else:
            store.revoke(args.name)
            print(f"revoked {args.name}")
    except TokenError as exc:
        print(f"odoo-mcp: {exc}", file=sys.stderr)
        return 2
    return 0
