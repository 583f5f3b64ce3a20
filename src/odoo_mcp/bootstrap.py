"""First run: take a fresh Odoo 19 server to one odoo-mcp can use, and be safe to run again.

`odoo-mcp setup` walks these steps, each reporting `ok` (already right, left alone), `done`
(changed) or `skipped` (with the reason), and stops at the first `FAIL`:

1. `odoo`: `GET /web/version` (reachable, and which API it speaks).
2. `database`: Odoo's `db` service. An existing database is reused, never recreated; a missing
   one is created (master password, no demo data, admin login and password, language, country).
3. `login`: the admin login works on that database (JSON-RPC: there is no API key yet).
4. `accounting`: `ir.module.module.button_immediate_install` for `account`, unless installed.
5. `company` and `currency`: `res.company.write`, only for what differs. The currency is set
   AFTER the app: installing Accounting loads the chart of accounts, which resets the company
   currency to the fiscal country's.
6. `api key`: Odoo 19 refuses to create an API key over its external APIs: the key wizard is
   guarded by `check_identity`, which raises "This method can only be accessed over HTTP" on
   `/jsonrpc` (it runs without a request), and `/json/2` needs a key to begin with. So setup
   does what the browser does on My Preferences > Security > Add API Key: a web session with
   the admin password, the identity check with that same password, the key read once, the
   session destroyed. If that fails (two-factor login, a changed web client), it prints the
   steps to do it by hand and configures JSON-RPC with the password meanwhile.
7. `.env`: written atomically with mode 600, never over an existing file without `force`;
   with `force` only the lines setup owns change and every other line is kept.

Secrets (master password, admin password, the new key) are never printed. The master password
is asked for only when a database has to be created.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import re
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Protocol as TypingProtocol, TextIO

import httpx

from .config import Protocol
from .odoo import (
    OdooAccessError,
    OdooAuthError,
    OdooClient,
    OdooError,
    OdooTimeout,
    OdooUnreachable,
    OdooValidationError,
)
from .odoo.errors import OdooServerError, error_from_odoo, first_line
from .odoo.transports import HttpSession, JsonRpcTransport, NotSent, decode
from .vault.layout import atomic_write

# Odoo's own rule for database names (odoo/service/db.py, DBNAME_PATTERN in the web manager).
DBNAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
# The key durations Odoo's "New API Key" wizard offers an administrator (days; 0 = no expiry).
API_KEY_DAYS = (0, 1, 7, 30, 90, 180, 365)
# The .env lines setup owns; every other line of an existing .env is kept as it is.
MANAGED = ("ODOO_URL", "ODOO_DB", "ODOO_LOGIN", "ODOO_API_KEY", "ODOO_PASSWORD", "ODOO_PROTOCOL")

MANUAL_KEY_STEPS = """\
To use JSON-2 (Odoo 19's supported API) instead of the password, create an API key by hand:
  1. Open {url}/odoo and log in as {login} (database {db}).
  2. Click your avatar (top right) > My Preferences > the Security tab.
  3. Under API Keys click "Add API Key" and confirm your password.
  4. Description: odoo-mcp; Duration: Persistent Key (or the longest allowed); Generate key.
  5. Copy the key (Odoo shows it only once). In {env_file} set ODOO_API_KEY=<the key>,
     ODOO_PROTOCOL=json2, and delete the ODOO_PASSWORD line.
  6. Run `odoo-mcp doctor`: it should report "credentials (JSON-2) ... ok".\
"""


class SetupError(Exception):
    """A known failure: one line that says what went wrong and what to do, never a secret."""


class StepStatus(str, Enum):
    OK = "ok"
    DONE = "done"
    SKIPPED = "skipped"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Step:
    name: str
    status: StepStatus
    detail: str

    def line(self) -> str:
        return f"{'[' + self.status.value + ']':<10} {self.name:<11} {self.detail}"


class Secrets(TypingProtocol):
    """Where passwords come from: the CLI reads the environment or prompts, tests hand them in.

    Asked lazily so that a rerun against an existing database never needs the master password.
    """

    def master_password(self) -> str: ...

    def admin_password(self, *, new_database: bool) -> str: ...


@dataclass(frozen=True)
class SetupOptions:
    url: str
    database: str
    env_file: Path
    login: str = "admin"
    lang: str = "en_US"
    country: str | None = None  # ISO 3166 alpha-2, e.g. "US"; sets the company's country and currency at creation
    company_name: str | None = None
    currency: str | None = None  # ISO 4217, e.g. "EUR"
    force: bool = False
    create_api_key: bool = True
    api_key_days: int = 0
    api_key_name: str = field(default_factory=lambda: f"odoo-mcp on {socket.gethostname()} {dt.date.today():%Y-%m-%d}")
    timeout: float = 600.0

    def validate(self) -> None:
        """Reject what Odoo would reject (or half-do) before anything is sent."""
        if not DBNAME.match(self.database):
            raise SetupError(
                f"{self.database!r} is not a valid Odoo database name: use letters, digits, '_', '-' or '.'"
            )
        if self.country is not None and not re.fullmatch(r"[A-Za-z]{2}", self.country):
            raise SetupError(f"--country must be a two-letter ISO code such as US or BE, got {self.country!r}")
        if self.currency is not None and not re.fullmatch(r"[A-Za-z]{3}", self.currency):
            raise SetupError(f"--currency must be a three-letter ISO code such as USD or EUR, got {self.currency!r}")
        if self.api_key_days not in API_KEY_DAYS:
            raise SetupError(f"--api-key-days must be one of {', '.join(map(str, API_KEY_DAYS))} (0 = no expiry)")


class Console:
    """Step lines and a progress ticker for the slow calls (creating a database, installing an app)."""

    def __init__(self, out: TextIO = sys.stdout, *, tick: float = 1.0, quiet_tick: float = 15.0) -> None:
        self.out = out
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.tick = tick if self.tty else quiet_tick

    def step(self, step: Step) -> None:
        print(step.line(), file=self.out, flush=True)

    def note(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    @asynccontextmanager
    async def waiting(self, label: str) -> AsyncIterator[None]:
        """Show that a call that takes a minute is still running: a live counter on a terminal, a line every 15 s otherwise."""
        start = time.monotonic()

        async def ticker() -> None:
            while True:
                await asyncio.sleep(self.tick)
                elapsed = time.monotonic() - start
                if self.tty:
                    print(f"\r           {label} ... {elapsed:.0f} s ", end="", file=self.out, flush=True)
                else:
                    print(f"           {label} ... still working ({elapsed:.0f} s)", file=self.out, flush=True)

        task = asyncio.create_task(ticker())
        try:
            yield
        finally:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            if self.tty:
                print("\r\033[K", end="", file=self.out, flush=True)


class OdooServices:
    """Odoo's endpoints that are not model calls: the `db` service and the web session.

    Both ride on the project's `HttpSession` (timeouts, retry policy, error mapping); only
    `OdooClient` speaks to models. The web session is needed for exactly one thing, creating
    an API key (see the module docstring), and keeps its cookie in this session only.
    """

    def __init__(
        self, url: str, *, timeout: float = 30.0, connect_timeout: float = 5.0, http_transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.url = url
        self._session = HttpSession(url, timeout=timeout, connect_timeout=connect_timeout, read_retries=1, transport=http_transport)
        # The db service needs no login: the transport's credentials are never used by `rpc`.
        self._rpc = JsonRpcTransport(self._session, database="", login="", secret="")
        self._next_id = 0

    async def aclose(self) -> None:
        await self._session.aclose()

    async def db(self, method: str, *args: Any, read: bool = True) -> Any:
        """`db.<method>` over /jsonrpc; the master password, where needed, is the first argument."""
        return await self._rpc.rpc("db", method, list(args), read=read)

    async def web(self, path: str, params: Mapping[str, Any]) -> Any:
        """A JSON-RPC call to the web client's routes (`/web/session/...`, `/web/dataset/call_kw`)."""
        self._next_id += 1
        envelope = {"jsonrpc": "2.0", "method": "call", "id": self._next_id, "params": dict(params)}
        response = await self._session.send("POST", path, body=envelope, read=False)
        try:
            payload = decode(response.content)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise OdooServerError(f"Odoo answered HTTP {response.status_code} to {path} with something that is not JSON-RPC")
        error = payload.get("error")
        if error:
            data = error.get("data") if isinstance(error, dict) else None
            if isinstance(data, dict) and data.get("name"):
                raise error_from_odoo(data)
            raise OdooServerError(f"Odoo error on {path}: {first_line(error.get('message') if isinstance(error, dict) else error)}")
        return payload.get("result")

    async def call_kw(self, model: str, method: str, args: list[Any], kwargs: Mapping[str, Any] | None = None) -> Any:
        """A model method through the web session, as the browser calls it (positional args)."""
        params = {"model": model, "method": method, "args": args, "kwargs": dict(kwargs or {})}
        return await self.web(f"/web/dataset/call_kw/{model}.{method}", params)


# -- .env ------------------------------------------------------------------------------------


def read_env_file(path: Path) -> dict[str, str] | None:
    """The settings in an existing .env (None when there is none), parsed as `load_settings` parses them."""
    if not path.is_file():
        return None
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def env_line(name: str, value: str) -> str:
    """`NAME=value`, quoted so python-dotenv (and Compose's env_file) read back exactly `value`."""
    from dotenv import dotenv_values

    if re.fullmatch(r"[A-Za-z0-9_./:@+-]*", value):
        line = f"{name}={value}"
    else:
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        line = f"{name}='{escaped}'"
    if dotenv_values(stream=io.StringIO(line)).get(name) != value:
        raise SetupError(f"the value for {name} contains characters a .env file cannot hold (such as '${{'): choose another")
    return line


def merge_env(text: str, values: Mapping[str, str | None], *, header: str) -> str:
    """`text` with the managed lines set to `values` (None removes the line); all other lines kept in place."""
    out: list[str] = []
    seen: set[str] = set()
    assignment = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
    for line in text.splitlines():
        match = assignment.match(line)
        name = match.group(1) if match else None
        if name in values:
            value = values[name]
            if value is not None and name not in seen:
                out.append(env_line(name, value))
            seen.add(name)  # a later duplicate is dropped: dotenv lets the last one win, which would undo ours
            continue
        out.append(line)
    missing = [name for name, value in values.items() if value is not None and name not in seen]
    if missing:
        if out and out[-1].strip():
            out.append("")
        out.append(header)
        out.extend(env_line(name, values[name] or "") for name in missing)
    return "\n".join(out) + "\n"


def write_env_file(path: Path, text: str) -> None:
    """Atomically, readable by the owner only: the file holds an API key or a password."""
    atomic_write(path, text)
    os.chmod(path, 0o600)


# -- the steps ------------------------------------------------------------------------------


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
            for current, step in steps:
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
        try:
            async with self.console.waiting(f"creating database {self.o.database}"):
                await self.services.db(
                    "create_database", master, self.o.database, False, self.o.lang, self._password, self.o.login, country, read=False
                )
        except NotSent:
            raise
        except (OdooTimeout, OdooUnreachable) as exc:
            raise SetupError(
                f"no answer while creating {self.o.database} ({exc}); Odoo may still be working: wait a minute and run setup again"
            ) from None
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
            async with self.console.waiting("installing Accounting (about a minute)"):
                await self.client.call("ir.module.module", "button_immediate_install", ids=[rows[0]["id"]])
        except NotSent:
            raise
        except (OdooTimeout, OdooUnreachable) as exc:
            raise SetupError(
                f"no answer while installing Accounting ({exc}); Odoo may still be working: wait a minute and run setup again"
            ) from None
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
        company_id = users[0]["company_id"][0]
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
        current = str(company["currency_id"][1])
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
        existing = read_env_file(self.o.env_file)
        base: dict[str, str | None] = {"ODOO_URL": self.o.url, "ODOO_DB": self.o.database, "ODOO_LOGIN": self.o.login}
        protocol = "json2" if self.major >= 19 else "jsonrpc"
        with_password = {**base, "ODOO_API_KEY": None, "ODOO_PASSWORD": self._password or "", "ODOO_PROTOCOL": "jsonrpc"}

        key = await self.working_key(existing)
        if key is not None:
            self.report("api key", StepStatus.OK, f"the API key in {self.o.env_file} works: no new key created")
            return self.write_env(existing, {**base, "ODOO_API_KEY": key, "ODOO_PASSWORD": None, "ODOO_PROTOCOL": protocol})

        if existing is not None and not self.o.force:
            # Creating a key now would leave it unused in Odoo, since the .env may not change.
            if all(existing.get(name) == value for name, value in with_password.items()):
                self.report(
                    "api key", StepStatus.SKIPPED, f"{self.o.env_file} uses the password over JSON-RPC; --force creates a key instead"
                )
                return self.write_env(existing, with_password)
            self.report("api key", StepStatus.SKIPPED, f"not created: {self.o.env_file} exists and may not change without --force")
            return self.write_env(existing, {**base, "ODOO_API_KEY": "(a new key)", "ODOO_PASSWORD": None, "ODOO_PROTOCOL": protocol})

        key, reason = await self.create_key() if self.o.create_api_key else (None, "--no-api-key given")
        if key is None:
            self.report("api key", StepStatus.SKIPPED, f"{reason}; JSON-RPC with the password is configured meanwhile")
            self.console.note(MANUAL_KEY_STEPS.format(url=self.o.url, login=self.o.login, db=self.o.database, env_file=self.o.env_file))
            return self.write_env(existing, with_password)
        try:
            self.write_env(existing, {**base, "ODOO_API_KEY": key, "ODOO_PASSWORD": None, "ODOO_PROTOCOL": protocol})
        except OSError as exc:
            raise SetupError(
                f"cannot write {self.o.env_file} ({exc.strerror or exc}); the new key {self.o.api_key_name!r} is unused: "
                "revoke it in My Preferences > Security"
            ) from None

    async def working_key(self, existing: Mapping[str, str] | None) -> str | None:
        """The .env's API key when it is for this server and database and Odoo accepts it."""
        if not existing or not existing.get("ODOO_API_KEY"):
            return None
        if existing.get("ODOO_URL", "").rstrip("/") != self.o.url or existing.get("ODOO_DB") != self.o.database:
            return None
        key = existing["ODOO_API_KEY"]
        return key if await self.key_works(key) else None

    async def key_works(self, key: str) -> bool:
        protocol = Protocol.JSON2 if self.major >= 19 else Protocol.JSONRPC
        async with OdooClient(
            base_url=self.o.url,
            database=self.o.database,
            login=self.o.login,
            api_key=key,
            protocol=protocol,
            http_transport=self.http_transport,
        ) as probe:
            try:
                return await probe.uid() == self.uid
            except OdooAuthError:
                return False

    async def create_key(self) -> tuple[str | None, str]:
        """A new API key through a web session, as Preferences > Add API Key does; (None, why) when that fails."""
        web = self.services
        try:
            info = await web.web("/web/session/authenticate", {"db": self.o.database, "login": self.o.login, "password": self._password})
            if not isinstance(info, dict) or not info.get("uid"):
                return None, "Odoo wants a second factor for this login, so setup cannot create a key"
            try:
                duration = str(self.o.api_key_days)
                ids = await web.call_kw("res.users.apikeys.description", "create", [[{"name": self.o.api_key_name, "duration": duration}]])
                action = await web.call_kw("res.users.apikeys.description", "make_key", [ids])
                if isinstance(action, dict) and action.get("res_model") == "res.users.identitycheck":
                    action = await web.call_kw(
                        "res.users.identitycheck", "run_check", [[action["res_id"]]], {"context": {"password": self._password}}
                    )
            finally:
                try:
                    await web.web("/web/session/destroy", {})
                except OdooError:
                    pass
        except OdooError as exc:
            return None, f"Odoo did not create an API key ({exc})"
        key = (action.get("context") or {}).get("default_key") if isinstance(action, dict) else None
        if not key:
            return None, "Odoo's key wizard answered without a key"
        if not await self.key_works(key):
            return None, f"the new key {self.o.api_key_name!r} does not work: revoke it in My Preferences > Security"
        expiry = "no expiry" if self.o.api_key_days == 0 else f"valid {self.o.api_key_days} days"
        via = "JSON-2" if self.major >= 19 else "JSON-RPC"
        self.report("api key", StepStatus.DONE, f"created {self.o.api_key_name!r} for {self.o.login} ({expiry}); it works over {via}")
        return key, ""

    def write_env(self, existing: Mapping[str, str] | None, wanted: Mapping[str, str | None]) -> None:
        path = self.o.env_file
        header = f"# odoo-mcp setup, {dt.date.today():%Y-%m-%d}: the Odoo connection (keep this file private)"
        if existing is None:
            write_env_file(path, merge_env("", wanted, header=header))
            names = ", ".join(name for name, value in wanted.items() if value is not None)
            self.report(".env", StepStatus.DONE, f"wrote {path} (mode 600): {names}")
            return
        changed = [name for name, value in wanted.items() if existing.get(name) != value]
        if not changed:
            mode = path.stat().st_mode & 0o777
            if mode & 0o077 and os.name != "nt":
                os.chmod(path, 0o600)
                self.report(".env", StepStatus.DONE, f"{path} was already right; made it private (mode {mode:o} -> 600)")
            else:
                self.report(".env", StepStatus.OK, f"{path} is already up to date")
            return
        if not self.o.force:
            raise SetupError(
                f"{path} exists and differs in {', '.join(changed)}: not changed; rerun with --force to update "
                "those lines (all other lines are kept)"
            )
        write_env_file(path, merge_env(path.read_text(encoding="utf-8"), wanted, header=header))
        self.report(".env", StepStatus.DONE, f"updated {', '.join(changed)} in {path} (mode 600); other lines kept")


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
