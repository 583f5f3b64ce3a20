"""`odoo-mcp setup`: first run against a fresh Odoo server (logic in `odoo_mcp.bootstrap`).

Passwords never travel as command-line arguments (they would land in shell history and in
`ps`): they come from environment variables named by `--master-password-env` and
`--admin-password-env`, or from a hidden prompt when a terminal is attached.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from ..bootstrap.console import Console
from ..bootstrap.options import API_KEY_DAYS, SetupError, SetupOptions
from ..bootstrap.steps import run_setup, succeeded
from ..config import SANDBOX_URL


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="Odoo's address (default: ODOO_URL from the environment or .env, else http://localhost:8069)")
    parser.add_argument("--db", help="database to create or reuse (default: ODOO_DB, else odoo)")
    parser.add_argument("--login", help="administrator login (default: ODOO_LOGIN, else admin)")
    parser.add_argument("--country", help="two-letter country code for a new database, e.g. US, GB, BE (sets its currency too)")
    parser.add_argument("--lang", default="en_US", help="language of a new database (default en_US)")
    parser.add_argument("--company-name", help="set the company's name")
    parser.add_argument("--currency", help="set the company currency, e.g. USD, EUR (activated if inactive)")
    parser.add_argument("--force", action="store_true", help="update the Odoo lines of an existing .env (other lines are kept)")
    parser.add_argument("--no-api-key", action="store_true", help="do not create an API key; configure JSON-RPC with the password")
    parser.add_argument(
        "--api-key-days", type=int, default=0, choices=API_KEY_DAYS, help="lifetime of the new API key in days (default 0: no expiry)"
    )
    parser.add_argument(
        "--master-password-env", default="ODOO_MASTER_PASSWORD", metavar="VAR",
        help="environment variable holding Odoo's master password, needed only to create the database (default ODOO_MASTER_PASSWORD)",
    )
    parser.add_argument(
        "--admin-password-env", default="ODOO_PASSWORD", metavar="VAR",
        help="environment variable holding the administrator's password (default ODOO_PASSWORD); prompted for when unset",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for database creation and app installs (default 600)")


class PromptSecrets:
    """Passwords from the environment, else a hidden prompt on a terminal, else a one-line error."""

    def __init__(self, environ: Mapping[str, str], *, master_var: str, admin_var: str, login: str, database: str) -> None:
        self.environ = environ
        self.master_var = master_var
        self.admin_var = admin_var
        self.login = login
        self.database = database
        self.interactive = sys.stdin.isatty()

    def master_password(self) -> str:
        value = self.environ.get(self.master_var)
        if value:
            return value
        if not self.interactive:
            raise SetupError(
                f"database {self.database} does not exist and creating it needs Odoo's master password: set {self.master_var}"
            )
        value = getpass.getpass(f"Odoo master password (to create database {self.database}): ")
        if not value:
            raise SetupError("no master password given")
        return value

    def admin_password(self, *, new_database: bool) -> str:
        value = self.environ.get(self.admin_var)
        if value:
            return value
        if not self.interactive:
            raise SetupError(f"the password for {self.login} is needed: set {self.admin_var} or run setup in a terminal")
        if not new_database:
            value = getpass.getpass(f"Password of {self.login} on {self.database}: ")
        else:
            value = getpass.getpass(f"Choose a password for {self.login} on the new database {self.database}: ")
            if len(value) < 8:
                raise SetupError("choose a password of at least 8 characters")
            if getpass.getpass("Type it again: ") != value:
                raise SetupError("the two passwords differ")
        if not value:
            raise SetupError("no password given")
        return value


def options_from_args(args: argparse.Namespace, environ: Mapping[str, str]) -> SetupOptions:
    """Flags first, then the environment, then the existing .env, then defaults."""
    from dotenv import dotenv_values

    env_file = Path(args.env_file)
    known: dict[str, str] = {}
    if env_file.is_file():
        known.update({k: v for k, v in dotenv_values(env_file).items() if v})
    known.update({k: v for k, v in environ.items() if v})
    url = (args.url or known.get("ODOO_URL") or "http://localhost:8069").rstrip("/")
    if url.lower() == SANDBOX_URL:
        raise SetupError("the sandbox needs no setup: try `odoo-mcp demo`, or give your Odoo's address with --url")
    return SetupOptions(
        url=url,
        database=args.db or known.get("ODOO_DB") or "odoo",
        login=args.login or known.get("ODOO_LOGIN") or "admin",
        env_file=env_file,
        lang=args.lang,
        country=args.country,
        company_name=args.company_name,
        currency=args.currency,
        force=args.force,
        create_api_key=not args.no_api_key,
        api_key_days=args.api_key_days,
        timeout=args.timeout,
    )


def run(args: argparse.Namespace) -> int:
    try:
        options = options_from_args(args, os.environ)
    except SetupError as exc:
        print(f"odoo-mcp setup: {exc}", file=sys.stderr)
        return 2
    secrets = PromptSecrets(
        os.environ, master_var=args.master_password_env, admin_var=args.admin_password_env, login=options.login, database=options.database
    )
    console = Console(sys.stdout)
    console.note(f"odoo-mcp setup: {options.url}, database {options.database}, login {options.login}, settings file {options.env_file}")
    steps = asyncio.run(run_setup(options, secrets, console))
    if succeeded(steps):
        console.note("Setup complete. Next: `odoo-mcp doctor` checks everything, `odoo-mcp status` shows the connection.")
        return 0
    console.note("Setup stopped at the step marked FAIL; fix that and run it again (finished steps are not redone).")
    return 1
