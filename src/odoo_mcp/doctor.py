"""`odoo-mcp doctor`: every reason the server might not work, checked and explained line by line.

An owner who sees "it doesn't work" in Claude Code needs to know which of a dozen things is
wrong: a setting, Odoo being down, a revoked API key, a wrong database name, the Accounting
app missing, a vault folder that cannot be written, a request store the assistant could edit, a `.env`
anyone on the machine can read. Each check prints one line, `[ok]`, `[warn]` or `[FAIL]`, and
a failing one says what to do. A check that cannot run because an earlier one failed says so
as `[skip]` instead of piling up consequential failures.

Nothing here prints a secret: settings show as "set"/"not set", and errors come from
`odoo/errors.py`, which drops Odoo's tracebacks.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import httpx

from .config import SETTING_NAMES, ConfigError, Protocol, Settings, settings_from_mapping
from .odoo import OdooAccessError, OdooAuthError, OdooBadRequest, OdooClient, OdooDatabaseError, OdooError
from .odoo.services import OdooServices
from .vault.layout import BUSINESS_GOALS, FOLDERS

NEW_KEY = "create one in Odoo (avatar > My Preferences > Security > Add API Key) or run `odoo-mcp setup --force`"


class Status(str, Enum):
    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"
    SKIP = "skip"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str | None = None

    def line(self) -> str:
        text = f"{'[' + self.status.value + ']':<7}{self.name:<23}{self.detail}"
        return f"{text} -> fix: {self.fix}" if self.fix else text


def render(checks: list[Check]) -> str:
    counts = {status: sum(1 for c in checks if c.status is status) for status in Status}
    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    summary = f"{counts[Status.OK]} ok, {plural(counts[Status.WARN], 'warning')}, {plural(counts[Status.FAIL], 'failure')}"
    if counts[Status.SKIP]:
        summary += f", {counts[Status.SKIP]} not checked"
    return "\n".join([*(c.line() for c in checks), summary])


def exit_code(checks: list[Check]) -> int:
    """0 when nothing failed (warnings are advice), 1 otherwise."""
    return 1 if any(c.status is Status.FAIL for c in checks) else 0


def _writable(folder: Path) -> bool:
    """Really create and delete a file: `os.access` is wrong on network shares, ACLs and read-only mounts."""
    try:
        fd, name = tempfile.mkstemp(prefix=".odoo-mcp-doctor-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class Doctor:
    def __init__(
        self,
        env_file: Path,
        environ: Mapping[str, str],
        *,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sandbox: Any = None,
    ) -> None:
        self.env_file = env_file
        self.environ = environ
        self.http_transport = http_transport
        self.sandbox = sandbox
        self.checks: list[Check] = []

    def add(self, name: str, status: Status, detail: str, fix: str | None = None) -> None:
        self.checks.append(Check(name, status, detail, fix))

    async def run(self) -> list[Check]:
        try:
            file_values = self.read_env_file()
        except OSError as exc:
            self.add(
                "env file",
                Status.FAIL,
                f"cannot read {self.env_file} ({exc.strerror or exc})",
                f"make it readable by your user: chmod 600 {self.env_file}",
            )
            file_values = {}
        merged = {**file_values, **self.environ}
        settings = self.check_settings(file_values, merged)
        self.check_env_file(file_values)
        if settings is None:
            self.add("odoo", Status.SKIP, "not checked: the configuration above must be fixed first")
        else:
            await self.check_odoo(settings)
        vault = Path(settings.vault_path if settings else merged.get("VAULT_PATH") or "AI_Employee_Vault").expanduser()
        state = Path(settings.state_dir if settings else merged.get("ODOO_MCP_STATE_DIR") or ".state").expanduser()
        self.check_vault(vault)
        self.check_state_dir(state, vault, settings)
        if settings is not None and settings.state_url is not None:
            self.check_shared_store(settings)
        return self.checks

    # -- configuration ----------------------------------------------------------------------

    def read_env_file(self) -> dict[str, str]:
        if not self.env_file.is_file():
            return {}
        from dotenv import dotenv_values

        return {k: v for k, v in dotenv_values(self.env_file).items() if v is not None}

    def check_settings(self, file_values: Mapping[str, str], merged: Mapping[str, str]) -> Settings | None:
        def source(name: str) -> str:
            if name in self.environ:
                return "environment" + (f", overrides {self.env_file}" if name in file_values else "")
            return str(self.env_file) if name in file_values else "default"

        try:
            settings = settings_from_mapping(merged)
        except ConfigError as exc:
            self.add("configuration", Status.FAIL, str(exc), f"set it in {self.env_file} or the environment (see docs/setup.md)")
            return None
        described = settings.describe()  # secrets appear only as "set" / "not set"
        shown = {
            "ODOO_URL": "url",
            "ODOO_DB": "database",
            "ODOO_LOGIN": "login",
            "ODOO_API_KEY": "api_key",
            "ODOO_PASSWORD": "password",
            "ODOO_PROTOCOL": "protocol",
        }
        for env_name, key in shown.items():
            if settings.is_sandbox and env_name not in ("ODOO_URL", "ODOO_PROTOCOL"):
                continue  # the sandbox brings its own database and credentials
            value = "not set" if described[key] is None else described[key]
            if env_name in merged:
                value = f"{value} ({source(env_name)})"
            self.add(f"setting {env_name}", Status.OK, str(value))
        if settings.api_key and settings.password and settings.protocol is not Protocol.JSONRPC:
            self.add(
                "setting ODOO_PASSWORD",
                Status.WARN,
                "set but unused: the API key is used",
                f"delete the ODOO_PASSWORD line from {self.env_file}: a password lying around is a risk",
            )
        if settings.dry_run:
            self.add(
                "setting DRY_RUN", Status.WARN, "on: approved writes are simulated, nothing is sent to Odoo", "set DRY_RUN=false when ready"
            )
        unknown = sorted(
            n for n in file_values if n.startswith(("ODOO_", "VAULT")) and n not in SETTING_NAMES and n != "ODOO_MASTER_PASSWORD"
        )
        if unknown:
            self.add(
                "settings file", Status.WARN, f"{', '.join(unknown)} in {self.env_file} are not settings odoo-mcp reads", "check for typos"
            )
        return settings

    def check_env_file(self, file_values: Mapping[str, str]) -> None:
        path = self.env_file
        if not path.is_file():
            self.add("env file", Status.OK, f"no {path}: settings come from the environment only")
            return
        if "ODOO_MASTER_PASSWORD" in file_values:
            self.add(
                "env file",
                Status.WARN,
                f"{path} holds ODOO_MASTER_PASSWORD, which the server never needs",
                "remove that line; keep the master password where Odoo runs (docker/.env) and in your password manager",
            )
        if os.name == "nt":
            self.add("env file", Status.OK, f"{path} present (permissions are not checked on Windows)")
            return
        mode = stat.S_IMODE(path.stat().st_mode)
        secret = any(file_values.get(k) for k in ("ODOO_API_KEY", "ODOO_PASSWORD", "ODOO_MASTER_PASSWORD"))
        if mode & stat.S_IROTH and secret:
            self.add(
                "env file",
                Status.FAIL,
                f"{path} has mode {mode:o}: every user of this computer can read its credentials",
                f"chmod 600 {path}",
            )
        elif mode & (stat.S_IRGRP | stat.S_IROTH):
            self.add("env file", Status.WARN, f"{path} has mode {mode:o}: readable by others", f"chmod 600 {path}")
        else:
            self.add("env file", Status.OK, f"{path}: mode {mode:o}, private to its owner")

    # -- Odoo -------------------------------------------------------------------------------

    def client(self, settings: Settings, protocol: Protocol | None = None) -> OdooClient:
        chosen = settings if protocol is None else settings.model_copy(update={"protocol": protocol})
        if settings.is_sandbox:
            from .runtime import sandbox_client

            return sandbox_client(chosen, self.sandbox)
        return OdooClient.from_settings(chosen, http_transport=self.http_transport)

    async def check_odoo(self, settings: Settings) -> None:
        if settings.is_sandbox and self.sandbox is None:
            from .runtime import open_sandbox

            try:
                self.sandbox = open_sandbox(settings.sandbox_state)
            except ImportError:
                self.add("odoo", Status.FAIL, "ODOO_URL=sandbox but this installation has no sandbox", "reinstall odoo-mcp")
                return
        main = self.client(settings)
        try:
            version = await self.check_reachable(settings, main)
            if version is None or not await self.check_database(settings):
                self.add("credentials", Status.SKIP, "not checked: Odoo or the database is not available")
                return
            accepted = await self.check_credentials(settings, version)
            protocol = await self.check_protocol(settings, main, version)
            if protocol is None or not accepted.get(protocol, False):
                self.add("apps", Status.SKIP, "not checked: the credentials in use were refused")
                return
            if await self.check_apps(settings, main):
                await self.check_company(settings, main)
        finally:
            await main.aclose()

    async def check_reachable(self, settings: Settings, client: OdooClient) -> int | None:
        started = time.monotonic()
        try:
            version = await client.version()
        except OdooError as exc:
            fix = "start Odoo (docker/start.sh) or correct ODOO_URL"
            self.add("reachable", Status.FAIL, str(exc), fix)
            return None
        elapsed = (time.monotonic() - started) * 1000
        label = str(version.get("server_version") or version.get("version") or "?")
        major = int(version["version_info"][0])
        where = "the sandbox (demo data)" if settings.is_sandbox else settings.url
        if major >= 19:
            self.add("reachable", Status.OK, f"Odoo {label} answers at {where} ({elapsed:.0f} ms)")
        elif settings.protocol is Protocol.JSONRPC:
            self.add("reachable", Status.OK, f"Odoo {label} answers at {where}; JSON-RPC is configured, as it needs")
        else:
            self.add(
                "reachable",
                Status.WARN,
                f"Odoo {label} answers at {where} but has no JSON-2 (Odoo 19 and later)",
                "set ODOO_PROTOCOL=jsonrpc with ODOO_LOGIN and ODOO_PASSWORD (or the API key)",
            )
        return major

    async def check_database(self, settings: Settings) -> bool:
        if settings.is_sandbox:
            self.add("database", Status.OK, "the sandbox's own data (no database service)")
            return True
        services = OdooServices(settings.url, timeout=settings.timeout, http_transport=self.http_transport)
        try:
            if await services.db("db_exist", settings.database):
                self.add("database", Status.OK, f"{settings.database} exists")
                return True
            try:
                others = [name for name in await services.db("list") if name != settings.database]
            except OdooError:
                others = []
            listed = f" (this server has: {', '.join(others)})" if others else ""
            self.add(
                "database",
                Status.FAIL,
                f"Odoo has no database {settings.database!r}{listed}",
                "correct ODOO_DB, or create it with `odoo-mcp setup`",
            )
            return False
        except OdooError as exc:
            self.add("database", Status.WARN, f"could not ask Odoo's database service ({exc}); the credentials check below tells")
            return True
        finally:
            await services.aclose()

    async def check_credentials(self, settings: Settings, major: int) -> dict[str, bool]:
        """Each configured way in, tried on its own: JSON-2 with the key, JSON-RPC with the login."""
        accepted: dict[str, bool] = {}
        sandbox = settings.is_sandbox  # the sandbox brings its own key and login
        if sandbox or (settings.api_key and (major >= 19 or settings.protocol is Protocol.JSON2)):
            accepted["json2"] = await self.try_login(
                settings,
                Protocol.JSON2,
                "credentials (JSON-2)",
                "Odoo refused the API key",
                f"ODOO_API_KEY is wrong, revoked or expired: {NEW_KEY}",
            )
        if sandbox or (settings.login and (settings.password or settings.api_key)):
            secret = "ODOO_PASSWORD" if settings.password else "ODOO_API_KEY"
            accepted["jsonrpc"] = await self.try_login(
                settings,
                Protocol.JSONRPC,
                "credentials (JSON-RPC)",
                f"Odoo refused ODOO_LOGIN with {secret}",
                f"check ODOO_LOGIN and {secret} (log in to Odoo with them to be sure)",
            )
        return accepted

    async def try_login(self, settings: Settings, protocol: Protocol, name: str, refused: str, fix: str) -> bool:
        client = self.client(settings, protocol)
        try:
            uid = await client.uid()
            users = await client.read("res.users", [uid], ["name", "login"])
        except OdooAuthError:
            self.add(name, Status.FAIL, refused, fix)
            return False
        except OdooDatabaseError as exc:
            self.add(name, Status.FAIL, str(exc), "correct ODOO_DB")
            return False
        except OdooError as exc:
            self.add(name, Status.FAIL, str(exc))
            return False
        finally:
            await client.aclose()
        user = users[0] if users else {}
        self.add(name, Status.OK, f"accepted for {user.get('name')} ({user.get('login')}, user id {uid})")
        return True

    async def check_protocol(self, settings: Settings, client: OdooClient, major: int) -> str | None:
        try:
            protocol = await client.protocol_name()
        except OdooError as exc:
            self.add("protocol", Status.FAIL, str(exc), "see the settings above")
            return None
        if protocol == "json2":
            self.add("protocol", Status.OK, "JSON-2 with the API key (Odoo 19's supported API)")
        elif major >= 19:
            self.add(
                "protocol",
                Status.WARN,
                "JSON-RPC: deprecated in Odoo 19, which logs a warning on every call",
                f"use an API key ({NEW_KEY}), then set ODOO_API_KEY and ODOO_PROTOCOL=json2",
            )
        else:
            self.add("protocol", Status.OK, f"JSON-RPC (Odoo {major} has no JSON-2)")
        return protocol

    async def check_apps(self, settings: Settings, client: OdooClient) -> bool:
        fix = "run `odoo-mcp setup`, or install Invoicing in Odoo's Apps"
        try:
            rows = await client.search_read("ir.module.module", [("name", "=", "account")], ["state"])
            state = rows[0]["state"] if rows else "absent"
            if state != "installed":
                self.add("apps", Status.FAIL, f"Accounting (account) is not installed (state: {state})", fix)
                return False
        except OdooAccessError:
            pass  # this user may not read the app list; whether invoices can be read tells the same
        try:
            await client.search_count("account.move", [("id", "=", 0)])
        except OdooAccessError:
            self.add(
                "apps",
                Status.FAIL,
                "Accounting is installed but this user may not read invoices",
                "in Odoo, Settings > Users > this user > Invoicing: Billing Administrator (or Accountant)",
            )
            return False
        except OdooBadRequest:
            self.add("apps", Status.FAIL, "Accounting (account) is not installed", fix)
            return False
        self.add("apps", Status.OK, "Accounting (account) installed; the user can read invoices")
        return True

    async def check_company(self, settings: Settings, client: OdooClient) -> None:
        scoped = client.for_company(settings.company)
        try:
            company, companies = await scoped.company(), await scoped.user_companies()
        except OdooError as exc:
            self.add(
                "company", Status.FAIL, str(exc), "set ODOO_COMPANY to the id or exact name of one of them" if settings.company else None
            )
            return
        chosen = "ODOO_COMPANY" if settings.company else "the user's default company"
        others = f"; the user may also see {len(companies.allowed) - 1} other(s)" if len(companies.allowed) > 1 else ""
        self.add(
            "company",
            Status.OK,
            f"{company.name!r} (id {company.id}, {chosen}), currency {company.currency} ({company.decimals} decimals){others}",
        )

    # -- files ------------------------------------------------------------------------------

    def check_vault(self, vault: Path) -> None:
        root = vault.resolve()
        if not root.is_dir():
            self.add(
                "vault",
                Status.FAIL,
                f"{root} does not exist",
                "copy the AI_Employee_Vault template there, or point VAULT_PATH at your vault",
            )
            return
        if not _writable(root):
            self.add("vault", Status.FAIL, f"{root} is not writable", f"give your user write access to {root}")
            return
        missing = [name for name in FOLDERS if not (root / name).is_dir()]
        blocked = [name for name in FOLDERS if name not in missing and not _writable(root / name)]
        if blocked:
            self.add("vault", Status.FAIL, f"cannot write in {', '.join(blocked)} under {root}", "give your user write access to them")
        elif missing:
            self.add(
                "vault",
                Status.WARN,
                f"{root} lacks {', '.join(missing)}",
                f"create them (mkdir) or copy them from the AI_Employee_Vault template; approvals need {', '.join(missing)}",
            )
        else:
            self.add("vault", Status.OK, f"{root}: all {len(FOLDERS)} folders present and writable")
        if not (root / BUSINESS_GOALS).is_file():
            self.add(
                "vault goals",
                Status.WARN,
                f"no {BUSINESS_GOALS}: the Monday briefing has no targets",
                "copy it from the AI_Employee_Vault template",
            )

    def check_state_dir(self, state: Path, vault: Path, settings: Settings | None) -> None:
        state_dir, root = state.resolve(), vault.resolve()
        if _inside(state_dir, root):
            self.add(
                "state dir",
                Status.FAIL,
                f"{state_dir} is inside the vault: the assistant could edit the approval request store",
                "set ODOO_MCP_STATE_DIR to a folder outside VAULT_PATH (the default is .state next to .env)",
            )
            return
        if state_dir.is_dir():
            if not _writable(state_dir):
                self.add("state dir", Status.FAIL, f"{state_dir} is not writable", f"give your user write access to {state_dir}")
                return
            ledger = (
                "request store present"
                if any((state_dir / n).is_file() for n in ("requests.sqlite3", "ledger.sqlite3"))
                else "no requests yet"
            )
            self.add("state dir", Status.OK, f"{state_dir}: outside the vault, writable ({ledger})")
        else:
            parent = next((p for p in state_dir.parents if p.exists()), None)
            if parent is None or not _writable(parent):
                self.add(
                    "state dir", Status.FAIL, f"{state_dir} does not exist and cannot be created", "create it, or set ODOO_MCP_STATE_DIR"
                )
                return
            self.add("state dir", Status.OK, f"{state_dir}: outside the vault; created on first use")
        if settings is not None and settings.signed_approvals:
            key = settings.signing_key_path
            if key.is_file() and os.name != "nt" and stat.S_IMODE(key.stat().st_mode) & 0o077:
                self.add("signing key", Status.FAIL, f"{key} is readable by others", f"chmod 600 {key}")

    def check_shared_store(self, settings: Settings) -> None:
        """ODOO_MCP_STATE_URL: reachable, the table readable; shown with its password masked."""
        from .approvals.request_store import RequestStoreError, open_request_store

        store = open_request_store(settings)
        try:
            store.get("apr-000000000000")
        except RequestStoreError as exc:
            fix = "check ODOO_MCP_STATE_URL, that PostgreSQL runs, and that its user may create a table"
            self.add("request store", Status.FAIL, str(exc), fix)
            return
        self.add("request store", Status.OK, f"{settings.request_store_shown}: shared by every instance with this address")
        if settings.signed_approvals:
            self.add(
                "signing key",
                Status.WARN if not settings.signing_key_path.is_file() else Status.OK,
                f"{settings.signing_key_path}: every instance sharing the store must hold this same file (it is never put in the store)",
                "copy it (mode 600) into each instance's ODOO_MCP_STATE_DIR, or mount one secret file there",
            )


async def run_doctor(
    env_file: Path,
    environ: Mapping[str, str] | None = None,
    *,
    http_transport: httpx.AsyncBaseTransport | None = None,
    sandbox: Any = None,
) -> list[Check]:
    """All checks, in order; never raises for a known failure (each becomes a `[FAIL]` line)."""
    doctor = Doctor(env_file, os.environ if environ is None else environ, http_transport=http_transport, sandbox=sandbox)
    return await doctor.run()
