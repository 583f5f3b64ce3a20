"""The setup steps in order, against one Odoo server: each reports one line, the first failure stops the run.

Steps 1 to 5 (server, database, login, Accounting, company and currency) are here; 6 and 7
(API key and `.env`) are in `credentials`. Every step looks before it changes anything, so a
second run reports `ok` throughout and changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ..config import Protocol
from ..odoo import (
    Many2one,
    OdooAccessError,
    OdooAuthError,
    OdooClient,
    OdooError,
    OdooTimeout,
    OdooUnreachable,
    OdooValidationError,
)
from ..odoo.services import OdooServices
from ..odoo.transports import NotSent
from .console import Console, Step, StepStatus
from .credentials import Credentials
from .options import Secrets, SetupError, SetupOptions


class Bootstrap:
    def __init__(
        self,
        options: SetupOptions,
        secrets: Secrets,
        console: Console,
        *,
        http_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.o = options
        self.secrets = secrets
        self.console = console
        self.http_transport = http_transport
        self.steps: list[Step] = []
        self.services = OdooServices(options.url, timeout=options.timeout, http_transport=http_transport)
        self._password: str | None = None
        self._client: OdooClient | None = None
        self.major = 19  # from /web/version: JSON-2 from 19 on
        self.uid = 0
        self.new_database = False  # created by this run: a failed login then means a failed initialisation
        self.company_record: dict[str, Any] = {}

    # -- plumbing --

    def report(self, name: str, status: StepStatus, detail: str) -> None:
        step = Step(name, status, detail)
        self.steps.append(step)
        self.console.step(step)

    @property
    def client(self) -> OdooClient:
        """Model calls over JSON-RPC with the admin password: the only way in before an API key exists."""
        if self._client is None:
            assert self._password is not None
            self._client = OdooClient(
                base_url=self.o.url,
                database=self.o.database,
                login=self.o.login,
                password=self._password,
                protocol=Protocol.JSONRPC,
                timeout=self.o.timeout,
                http_transport=self.http_transport,
            )
        return self._client

    @asynccontextmanager
    async def slow_call(self, label: str, doing: str) -> AsyncIterator[None]:
        """A call that takes a minute: a ticker meanwhile, and no answer in time is a SetupError that
        says Odoo may still be at it (a rerun then finds the work done), not a failure to retry now."""
        try:
            async with self.console.waiting(label):
                yield
        except NotSent:
            raise  # provably never reached Odoo: the plain connection error says it best
        except (OdooTimeout, OdooUnreachable) as exc:
            raise SetupError(f"no answer while {doing} ({exc}); Odoo may still be working: wait a minute and run setup again") from None

    async def aclose(self) -> None:
        await self.services.aclose()
        if self._client is not None:
            await self._client.aclose()

    async def run(self) -> list[Step]:
        """All steps in order; a `SetupError` or Odoo error ends the run as one FAIL line."""
        steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
            ("odoo", self.check_server),
            ("database", self.ensure_database),
            ("login", self.check_login),
            ("accounting", self.ensure_accounting),
            ("company", self.ensure_company_name),
            ("currency", self.ensure_currency),
            (".env", self.ensure_env),
        ]
        current = "options"
        try:
            self.o.validate()
            for name, step in steps:
                current = name
                await step()
        except (SetupError, OdooError) as exc:
            self.report(current, StepStatus.FAIL, str(exc))
        except OSError as exc:  # reading or writing .env
            self.report(current, StepStatus.FAIL, f"{exc.strerror or exc}: {exc.filename or self.o.env_file}")
        finally:
            await self.aclose()
        return self.steps

    # -- 1. the server --

    async def check_server(self) -> None:
        try:
            version = await self.client_free_version()
        except OdooError as exc:
            raise SetupError(f"{exc}: is Odoo running, and is the address right?") from None
        self.major = int(version["version_info"][0])
        label = str(version.get("server_version") or version.get("version") or self.major)
        if self.major < 19:
            self.report("odoo", StepStatus.OK, f"Odoo {label} at {self.o.url}: older than 19, so no JSON-2; JSON-RPC will be configured")
        else:
            self.report("odoo", StepStatus.OK, f"Odoo {label} answers at {self.o.url}")

    async def client_free_version(self) -> dict[str, Any]:
        """/web/version through an OdooClient that holds no credentials (none may be known yet)."""
        async with OdooClient(base_url=self.o.url, database=None, timeout=30.0, http_transport=self.http_transport) as probe:
            return await probe.version()

    # -- 2. the database --

    async def ensure_database(self) -> None:
        """Create the database unless it exists; an existing one is reused as it is."""
        if await self.services.db("db_exist", self.o.database):
            note = " (--country applies only when creating one)" if self.o.country else ""
            self.report("database", StepStatus.OK, f"{self.o.database} exists: reused, not recreated{note}")
            return
        master = self.secrets.master_password()
        await self.check_database_manager(master)
        self._password = self.secrets.admin_password(new_database=True)
        country = self.o.country.upper() if self.o.country else None
        async with self.slow_call(f"creating database {self.o.database}", f"creating {self.o.database}"):
            await self.services.db(
                "create_database", master, self.o.database, False, self.o.lang, self._password, self.o.login, country, read=False
            )
        where = f", country {country}" if country else ""
        self.report(
            "database", StepStatus.DONE, f"created {self.o.database} (no demo data, language {self.o.lang}{where}, login {self.o.login})"
        )
        self.new_database = True

    async def check_database_manager(self, master: str) -> None:
        """Before the long create: is the manager enabled, is the master password right, are lang and country known?

        `create_database` swallows initialisation errors (an unknown country leaves a database
        with no admin password set), so everything it needs is checked first.
        """
        try:
            await self.services.db("list")
        except OdooAuthError:
            raise SetupError(
                "Odoo's database manager is disabled (list_db = False in odoo.conf, ODOO_LIST_DB=False in docker/.env): "
                "enable it for the first run, or create the database in Odoo and run setup again"
            ) from None
        try:
            countries = await self.services.db("list_countries", master)
        except OdooAuthError:
            raise SetupError(
                "Odoo rejected the master password (admin_passwd in odoo.conf; ODOO_MASTER_PASSWORD in docker/.env)"
            ) from None
        codes = {str(code).upper() for code, _name in countries}
        if self.o.country and self.o.country.upper() not in codes:
            raise SetupError(f"Odoo knows no country with the code {self.o.country!r}: use an ISO code such as US, GB or BE")
        languages = {str(code) for code, _name in await self.services.db("list_lang")}
        if self.o.lang not in languages:
            raise SetupError(f"Odoo has no language {self.o.lang!r}: use a code such as en_US, fr_FR or de_DE")

    # -- 3. the login --

    async def check_login(self) -> None:
        if self._password is None:
            self._password = self.secrets.admin_password(new_database=False)
        try:
            uid = await self.client.uid()
        except OdooAuthError:
            if self.new_database:
                raise SetupError(
                    f"Odoo created {self.o.database} but its initialisation failed (Odoo's log says why): "
                    "drop it in /web/database/manager and run setup again"
                ) from None
            raise SetupError(
                f"Odoo rejected the login {self.o.login!r} on {self.o.database}: give the login (--login) and password "
                "of an administrator of that database"
            ) from None
        self.uid = uid
        self.report("login", StepStatus.OK, f"{self.o.login} can log in to {self.o.database} (user id {uid})")

    # -- 4. the Accounting app --

    async def ensure_accounting(self) -> None:
        rows = await self.client.search_read("ir.module.module", [("name", "=", "account")], ["state"])
        if not rows:
            raise SetupError("this Odoo has no Accounting module (account) in its addons path")
        state = rows[0]["state"]
        if state == "installed":
            self.report("accounting", StepStatus.OK, "Accounting (account) is installed: not reinstalled")
            return
        if state not in ("uninstalled", "to install"):
            raise SetupError(f"Accounting (account) is in state {state!r}: finish or cancel that in Odoo's Apps, then run setup again")
        started = time.monotonic()
        try:
            async with self.slow_call("installing Accounting (about a minute)", "installing Accounting"):
                await self.client.call("ir.module.module", "button_immediate_install", ids=[rows[0]["id"]])
        except OdooAccessError:
            raise SetupError(f"{self.o.login} may not install apps: use an administrator's login") from None
        except OdooValidationError as exc:
            raise SetupError(f"Odoo could not install Accounting: {exc}") from None
        rows = await self.client.search_read("ir.module.module", [("name", "=", "account")], ["state"])
        if not rows or rows[0]["state"] != "installed":
            raise SetupError("Odoo answered but Accounting is still not installed: see Odoo's log")
        self.report("accounting", StepStatus.DONE, f"installed Accounting (account) in {time.monotonic() - started:.0f} s")

    # -- 5. the company --

    async def company(self) -> dict[str, Any]:
        users = await self.client.read("res.users", [self.uid], ["company_id"])
        company_id = Many2one.parse(users[0]["company_id"]).id
        if company_id is None:
            raise SetupError("Odoo reports no company for this user: check the user in Odoo")
        companies = await self.client.read("res.company", [company_id], ["name", "currency_id"])
        return companies[0]

    async def ensure_company_name(self) -> None:
        company = self.company_record = await self.company()
        name = str(company["name"])
        wanted = self.o.company_name
        if wanted is None:
            self.report("company", StepStatus.SKIPPED, f"no --company-name given: it stays {name!r}")
        elif wanted == name:
            self.report("company", StepStatus.OK, f"already named {name!r}")
        else:
            await self.client.call("res.company", "write", ids=[company["id"]], vals={"name": wanted})
            self.report("company", StepStatus.DONE, f"renamed {name!r} to {wanted!r}")

    async def ensure_currency(self) -> None:
        company = self.company_record
        current = Many2one.parse(company["currency_id"]).name or "?"
        if self.o.currency is None:
            self.report("currency", StepStatus.SKIPPED, f"no --currency given: the company keeps {current}")
            return
        code = self.o.currency.upper()
        if code == current:
            self.report("currency", StepStatus.OK, f"the company currency is already {code}")
            return
        rows = await self.client.call(
            "res.currency", "search_read", domain=[("name", "=", code)], fields=["active"], context={"active_test": False}
        )
        if not rows:
            raise SetupError(f"Odoo has no currency {code}: give an ISO 4217 code such as USD, EUR or GBP")
        activated = ""
        if not rows[0]["active"]:
            await self.client.call("res.currency", "write", ids=[rows[0]["id"]], vals={"active": True})
            activated = f" (activated {code})"
        try:
            await self.client.call("res.company", "write", ids=[company["id"]], vals={"currency_id": rows[0]["id"]})
        except OdooValidationError as exc:
            raise SetupError(f"Odoo refused to change the currency from {current} to {code}: {exc}") from None
        self.report("currency", StepStatus.DONE, f"changed the company currency from {current} to {code}{activated}")

    # -- 6 and 7. the API key and .env --

    async def ensure_env(self) -> None:
        assert self._password is not None  # the login step asked for it
        credentials = Credentials(
            self.o, report=self.report, console=self.console, major=self.major, uid=self.uid, password=self._password,
            http_transport=self.http_transport,
        )
        await credentials.ensure_env()


async def run_setup(
    options: SetupOptions,
    secrets: Secrets,
    console: Console | None = None,
    *,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> list[Step]:
    """Run every step; the last step is a FAIL when the run stopped early."""
    return await Bootstrap(options, secrets, console or Console(), http_transport=http_transport).run()


def succeeded(steps: list[Step]) -> bool:
    return not any(step.status is StepStatus.FAIL for step in steps)
