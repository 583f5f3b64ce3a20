"""Steps 6 and 7: the credentials odoo-mcp will use, and the `.env` that holds them.

An API key in an existing `.env` is kept when it is for this server and database and Odoo
accepts it. Otherwise, if the `.env` may change, a new key is created through a web session
(see `odoo.web_session` for why only a browser-like session can), checked, and written; if that
is not possible the password over JSON-RPC is configured and the manual steps are printed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Mapping

import httpx

from ..config import Protocol
from ..odoo import OdooAuthError, OdooClient, OdooError
from ..odoo.web_session import WebSession
from .console import Console, StepStatus
from .env_file import merge_env, read_env_file, write_env_file
from .options import SetupError, SetupOptions

# The .env lines setup owns; every other line of an existing .env is kept as it is.

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


class Credentials:
    """Decides and writes the Odoo lines of `.env`; runs after the login step, whose findings it is given."""

    def __init__(
        self,
        options: SetupOptions,
        *,
        report: Callable[[str, StepStatus, str], None],
        console: Console,
        major: int,
        uid: int,
        password: str,
        http_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.o = options
        self.report = report
        self.console = console
        self.major = major  # JSON-2 from 19 on
        self.uid = uid  # the admin's user id: a key must log in as the same user
        self._password = password
        self.http_transport = http_transport

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
        try:
            async with WebSession(self.o.url, timeout=self.o.timeout, http_transport=self.http_transport) as web:
                info = await web.authenticate(self.o.database, self.o.login, self._password)
                if not isinstance(info, dict) or not info.get("uid"):
                    return None, "Odoo wants a second factor for this login, so setup cannot create a key"
                try:
                    duration = str(self.o.api_key_days)
                    ids = await web.call_kw(
                        "res.users.apikeys.description", "create", [[{"name": self.o.api_key_name, "duration": duration}]]
                    )
                    action = await web.call_kw("res.users.apikeys.description", "make_key", [ids])
                    if isinstance(action, dict) and action.get("res_model") == "res.users.identitycheck":
                        action = await web.call_kw(
                            "res.users.identitycheck", "run_check", [[action["res_id"]]], {"context": {"password": self._password}}
                        )
                finally:
                    with contextlib.suppress(OdooError):
                        await web.destroy()
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
