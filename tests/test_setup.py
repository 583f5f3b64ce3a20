"""`odoo-mcp setup` against a scripted Odoo 19: the exact RPC sequence, idempotency, and the .env rules.

The sandbox has no database service, so `FakeOdoo` answers the calls setup makes the way a real
Odoo 19 does (request and error shapes as in /work/shared/odoo19-facts.md and Odoo's
`odoo/service/db.py`): `db` service, `common.login`, `execute_kw`, the web session used to
create an API key, and `/json/2` to verify it. `test_live_setup.py` runs the same against a
real server. `test_doctor.py` reuses `FakeOdoo`.
"""

from __future__ import annotations

import io
import json
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from odoo_mcp.bootstrap.console import Console, StepStatus
from odoo_mcp.bootstrap.env_file import env_line, merge_env
from odoo_mcp.bootstrap.options import SetupError, SetupOptions
from odoo_mcp.bootstrap.steps import run_setup, succeeded

pytestmark = pytest.mark.anyio

URL = "http://odoo.test"
MASTER = "master-secret-pw"
ADMIN_PW = "admin-secret-pw"
DB = "books"


@dataclass
class FakeDatabase:
    login: str
    password: str
    modules: dict[str, str] = field(default_factory=lambda: {"account": "uninstalled"})
    company: dict[str, Any] = field(default_factory=lambda: {"id": 1, "name": "My Company", "currency_id": 1})
    currencies: dict[int, dict[str, Any]] = field(
        default_factory=lambda: {1: {"name": "USD", "active": True}, 2: {"name": "EUR", "active": False}}
    )
    keys: dict[str, str] = field(default_factory=dict)  # key -> name
    wizards: dict[int, dict[str, Any]] = field(default_factory=dict)


class FakeOdoo:
    """An Odoo 19 server as seen over HTTP by setup and doctor; `calls` records every call in order."""

    def __init__(self, *, version: int = 19, list_db: bool = True, totp: bool = False) -> None:
        self.version = version
        self.list_db = list_db
        self.totp = totp  # a login with two-factor authentication: the web session gives no uid
        self.databases: dict[str, FakeDatabase] = {}
        self.calls: list[str] = []
        self.sessions: dict[str, str] = {}  # cookie -> database
        self.down = False
        self.time_out_on: str | None = None  # a model method whose answer never comes
        self._next = 100

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def add_database(self, name: str = DB, *, login: str = "admin", password: str = ADMIN_PW, installed: bool = True) -> FakeDatabase:
        db = FakeDatabase(login=login, password=password)
        if installed:
            db.modules["account"] = "installed"
        self.databases[name] = db
        return db

    def new_id(self) -> int:
        self._next += 1
        return self._next

    # -- HTTP --

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("All connection attempts failed", request=request)
        path = request.url.path
        if path == "/web/version":
            self.calls.append("GET /web/version")
            return httpx.Response(200, json={"version_info": [self.version, 0, 0, "final", 0, ""], "version": f"{self.version}.0"})
        body = json.loads(request.content or b"{}")
        if path == "/jsonrpc":
            return self.jsonrpc(body)
        if path.startswith("/web/"):
            return self.web(request, path, body)
        if path.startswith("/json/2/"):
            return self.json2(request, path, body)
        return httpx.Response(404, text="<html>Not Found</html>")

    @staticmethod
    def error(name: str, message: str) -> dict[str, Any]:
        return {
            "code": 200,
            "message": "Odoo Server Error",
            "data": {"name": name, "message": message, "debug": "Traceback (most recent call last): SECRET_INTERNALS"},
        }

    def envelope(self, body: dict[str, Any], call: Any) -> httpx.Response:
        try:
            result = call()
        except OdooFault as fault:
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": body.get("id"), "error": self.error(fault.name, fault.message)})
        payload: dict[str, Any] = {"jsonrpc": "2.0", "id": body.get("id")}
        if result is not None:  # Odoo omits "result" for None
            payload["result"] = result
        return httpx.Response(200, json=payload)

    # -- /jsonrpc --

    def jsonrpc(self, body: dict[str, Any]) -> httpx.Response:
        params = body["params"]
        service, method, args = params["service"], params["method"], params["args"]
        if service == "db":
            self.calls.append(f"db.{method}")
            return self.envelope(body, lambda: self.db_service(method, args))
        if service == "common" and method == "login":
            self.calls.append("common.login")
            return self.envelope(body, lambda: self.login(*args))
        db, _uid, secret, model, meth, margs, mkwargs = args
        self.calls.append(f"rpc {model}.{meth}")
        if meth == self.time_out_on:
            raise httpx.ReadTimeout("timed out")
        return self.envelope(body, lambda: self.execute(db, secret, model, meth, margs, mkwargs, jsonrpc=True))

    def db_service(self, method: str, args: list[Any]) -> Any:
        if method in ("db_exist", "list", "list_lang", "server_version"):
            if method == "db_exist":
                return args[0] in self.databases
            if method == "list":
                if not self.list_db:
                    raise OdooFault("odoo.exceptions.AccessDenied", "Access Denied")
                return sorted(self.databases)
            if method == "list_lang":
                return [["en_US", "English (US)"], ["fr_FR", "French / Français"]]
        if not self.list_db or args[0] != MASTER:
            raise OdooFault("odoo.exceptions.AccessDenied", "Access Denied")
        if method == "list_countries":
            return [["be", "Belgium"], ["us", "United States"]]
        if method == "create_database":
            _master, name, demo, _lang, password, login, country = (args + [None] * 7)[:7]
            assert demo is False, "setup must never ask for demo data"
            if name in self.databases:
                raise OdooFault("odoo.service.db.DatabaseExists", f"database {name!r} already exists!")
            db = self.add_database(name, login=login, password=password, installed=False)
            db.company["country"] = (country or "").upper()
            if db.company["country"] == "BE":
                db.company["currency_id"] = 2
                db.currencies[2]["active"] = True
            return True
        if method == "drop":
            return self.databases.pop(args[1], None) is not None
        raise OdooFault("builtins.KeyError", f"Method not found: {method}")

    def login(self, db: str, login: str, password: str) -> Any:
        if db not in self.databases:
            raise OdooFault("psycopg2.OperationalError", f'connection to server failed: FATAL:  database "{db}" does not exist')
        found = self.databases[db]
        ok = login == found.login and (password == found.password or password in found.keys)
        return 2 if ok else False

    # -- models --

    def execute(self, dbname: str, secret: str, model: str, method: str, args: list[Any], kwargs: dict[str, Any], *, jsonrpc: bool) -> Any:
        if dbname not in self.databases:
            raise OdooFault("psycopg2.OperationalError", f'database "{dbname}" does not exist')
        db = self.databases[dbname]
        if secret != db.password and secret not in db.keys:
            raise OdooFault("odoo.exceptions.AccessDenied", "Access Denied")
        if jsonrpc and method == "create" and not args:
            # Odoo 19's call_kw reads args[0] for create: a keyword vals_list fails like this
            raise OdooFault("builtins.IndexError", "list index out of range")
        record_methods = {"read", "web_read", "write", "button_immediate_install", "make_key", "run_check"}
        ids = (args[0] if args else kwargs.pop("ids", [])) if method in record_methods else None
        rest = args[1:] if method in record_methods else args
        context = kwargs.pop("context", {}) or {}
        account = db.modules["account"] == "installed"
        if model == "ir.module.module" and method == "search_read":
            return [{"id": 1, "state": db.modules["account"]}]
        if model == "ir.module.module" and method == "button_immediate_install":
            db.modules["account"] = "installed"
            db.company["currency_id"] = 2 if db.company.get("country") == "BE" else 1  # the chart resets it
            return {"type": "ir.actions.act_url", "target": "self", "url": "/odoo"}
        if model == "res.users" and method == "read":
            return [{"id": 2, "name": "Administrator", "login": db.login, "company_id": [1, db.company["name"]]}]
        if model == "res.users" and method == "context_get":
            return {"lang": "en_US", "tz": "Europe/Brussels", "uid": 2}
        if model == "res.company" and method == "read":
            cur = db.company["currency_id"]
            return [{"id": 1, "name": db.company["name"], "currency_id": [cur, db.currencies[cur]["name"]]}]
        if model == "res.users" and method == "web_read":
            cur = db.company["currency_id"]
            rec = {"id": 1, "name": db.company["name"], "currency_id": {"id": cur, "name": db.currencies[cur]["name"], "decimal_places": 2}}
            return [{"id": 2, "company_id": rec, "company_ids": [rec]}]
        if model == "res.company" and method == "write":
            vals = rest[0] if rest else kwargs["vals"]
            db.company.update(vals)
            return True
        if model == "res.currency" and method == "search_read":
            domain = kwargs.get("domain") or args[0]
            name = domain[0][2]
            show_inactive = context.get("active_test") is False
            return [
                {"id": cid, "active": c["active"]}
                for cid, c in db.currencies.items()
                if c["name"] == name and (c["active"] or show_inactive)
            ]
        if model == "res.currency" and method == "write":
            vals = rest[0] if rest else kwargs["vals"]
            for cid in ids or []:
                db.currencies[cid].update(vals)
            return True
        if model == "account.move" and method == "search_count":
            if not account:
                raise OdooFault("werkzeug.exceptions.NotFound", "the model 'account.move' does not exist")
            return 0
        raise OdooFault("werkzeug.exceptions.NotFound", f"{model}.{method} is not scripted")

    # -- web session (key creation) --

    def web(self, request: httpx.Request, path: str, body: dict[str, Any]) -> httpx.Response:
        params = body.get("params", {})
        cookie = dict(part.strip().split("=", 1) for part in request.headers.get("cookie", "").split(";") if "=" in part).get("session_id")
        if path == "/web/session/authenticate":
            self.calls.append("web authenticate")
            db = self.databases.get(params["db"])
            if db is None or params["login"] != db.login or params["password"] != db.password:
                return self.envelope(body, lambda: (_ for _ in ()).throw(OdooFault("odoo.exceptions.AccessDenied", "Access Denied")))
            if self.totp:
                return self.envelope(body, lambda: {"uid": None})
            session = f"s{self.new_id()}"
            self.sessions[session] = params["db"]
            response = self.envelope(body, lambda: {"uid": 2, "db": params["db"]})
            response.headers["set-cookie"] = f"session_id={session}; Path=/; HttpOnly"
            return response
        if path == "/web/session/destroy":
            self.calls.append("web destroy")
            self.sessions.pop(cookie or "", None)
            return self.envelope(body, lambda: None)
        if path.startswith("/web/dataset/call_kw/"):
            model, method, args, kwargs = params["model"], params["method"], params["args"], params["kwargs"]
            self.calls.append(f"web {model}.{method}")
            if cookie not in self.sessions:
                return self.envelope(body, lambda: (_ for _ in ()).throw(OdooFault("odoo.http.SessionExpiredException", "Session expired")))
            return self.envelope(body, lambda: self.web_call(self.databases[self.sessions[cookie]], model, method, args, kwargs))
        return httpx.Response(404, text="not found")

    def web_call(self, db: FakeDatabase, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if model == "res.users.apikeys.description" and method == "create":
            wid = self.new_id()
            db.wizards[wid] = dict(args[0][0])
            return [wid]
        if model == "res.users.apikeys.description" and method == "make_key":
            check = self.new_id()
            db.wizards[check] = {"pending": args[0][0]}
            return {"type": "ir.actions.act_window", "res_model": "res.users.identitycheck", "res_id": check}
        if model == "res.users.identitycheck" and method == "run_check":
            if kwargs.get("context", {}).get("password") != db.password:
                raise OdooFault(
                    "odoo.exceptions.UserError", "Incorrect Password, try again or click on Forgot Password to reset your password."
                )
            wizard = db.wizards[db.wizards[args[0][0]]["pending"]]
            key = f"k{self.new_id():040d}"
            db.keys[key] = wizard["name"]
            return {"type": "ir.actions.act_window", "res_model": "res.users.apikeys.show", "context": {"default_key": key}}
        raise OdooFault("werkzeug.exceptions.NotFound", f"{model}.{method} is not scripted")

    # -- /json/2 --

    def json2(self, request: httpx.Request, path: str, body: dict[str, Any]) -> httpx.Response:
        _, _, _, model, method = path.split("/", 4)
        self.calls.append(f"json2 {model}.{method}")
        dbname = request.headers.get("x-odoo-database", "")
        if dbname not in self.databases:
            return httpx.Response(404, text="<html>No database is selected</html>")
        key = (request.headers.get("authorization") or "").removeprefix("bearer ")
        if key not in self.databases[dbname].keys:
            return httpx.Response(401, json={"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey", "debug": "Traceback"})
        try:
            result = self.execute(dbname, key, model, method, [], dict(body), jsonrpc=False)
        except OdooFault as fault:
            status = 404 if fault.name.endswith("NotFound") else 500
            return httpx.Response(status, json={"name": fault.name, "message": fault.message, "debug": "Traceback"})
        return httpx.Response(200, json=result)


class OdooFault(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


class StaticSecrets:
    """The passwords setup asks for, counting how often each was needed."""

    def __init__(self, master: str | None = MASTER, admin: str = ADMIN_PW) -> None:
        self.master = master
        self.admin = admin
        self.asked: list[str] = []

    def master_password(self) -> str:
        self.asked.append("master")
        if self.master is None:
            raise SetupError("database books does not exist and creating it needs Odoo's master password: set ODOO_MASTER_PASSWORD")
        return self.master

    def admin_password(self, *, new_database: bool) -> str:
        self.asked.append("admin-new" if new_database else "admin")
        return self.admin


def options(tmp_path: Path, **overrides: Any) -> SetupOptions:
    values: dict[str, Any] = {
        "url": URL,
        "database": DB,
        "env_file": tmp_path / ".env",
        "country": "US",
        "company_name": "Acme Ltd",
        "currency": "EUR",
        "api_key_name": "odoo-mcp test",
    }
    values.update(overrides)
    return SetupOptions(**values)


async def setup(odoo: FakeOdoo, opts: SetupOptions, secrets: StaticSecrets | None = None) -> tuple[list[Any], str]:
    out = io.StringIO()
    steps = await run_setup(opts, secrets or StaticSecrets(), Console(out), http_transport=odoo.transport())
    return steps, out.getvalue()


def statuses(steps: list[Any]) -> dict[str, str]:
    return {step.name: step.status.value for step in steps}


def env_values(path: Path) -> dict[str, str | None]:
    from dotenv import dotenv_values

    return dict(dotenv_values(path))


FIRST_RUN = [
    "GET /web/version",
    "db.db_exist",
    "db.list",
    "db.list_countries",
    "db.list_lang",
    "db.create_database",
    "common.login",
    "rpc ir.module.module.search_read",
    "rpc ir.module.module.button_immediate_install",
    "rpc ir.module.module.search_read",
    "rpc res.users.read",
    "rpc res.company.read",
    "rpc res.company.write",  # the name
    "rpc res.currency.search_read",
    "rpc res.currency.write",  # EUR was inactive
    "rpc res.company.write",  # the currency, after the app (the chart resets it)
    "web authenticate",
    "web res.users.apikeys.description.create",
    "web res.users.apikeys.description.make_key",
    "web res.users.identitycheck.run_check",
    "web destroy",
    "json2 res.users.context_get",  # the new key is verified before it is written
]

SECOND_RUN = [
    "GET /web/version",
    "db.db_exist",
    "common.login",
    "rpc ir.module.module.search_read",
    "rpc res.users.read",
    "rpc res.company.read",
    "json2 res.users.context_get",  # the key in .env still works
]


async def test_fresh_server_exact_sequence_then_idempotent_rerun(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    secrets = StaticSecrets()
    steps, out = await setup(odoo, options(tmp_path), secrets)
    assert succeeded(steps), out
    assert odoo.calls == FIRST_RUN
    assert statuses(steps) == {
        "odoo": "ok",
        "database": "done",
        "login": "ok",
        "accounting": "done",
        "company": "done",
        "currency": "done",
        "api key": "done",
        ".env": "done",
    }
    db = odoo.databases[DB]
    assert db.modules["account"] == "installed"
    assert db.company["name"] == "Acme Ltd" and db.company["currency_id"] == 2 and db.currencies[2]["active"]
    [key] = db.keys
    assert db.keys[key] == "odoo-mcp test"
    assert secrets.asked == ["master", "admin-new"]
    env_file = tmp_path / ".env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert env_values(env_file) == {
        "ODOO_URL": URL,
        "ODOO_DB": DB,
        "ODOO_LOGIN": "admin",
        "ODOO_API_KEY": key,
        "ODOO_PROTOCOL": "json2",
    }
    for secret in (MASTER, ADMIN_PW, key):
        assert secret not in out
    first_env = env_file.read_bytes()

    odoo.calls.clear()
    secrets = StaticSecrets(master=None)  # a rerun must not need the master password
    steps, out = await setup(odoo, options(tmp_path), secrets)
    assert succeeded(steps), out
    assert odoo.calls == SECOND_RUN
    assert set(statuses(steps).values()) == {"ok"}
    assert "reused, not recreated" in out and "not reinstalled" in out
    assert secrets.asked == ["admin"]
    assert list(odoo.databases[DB].keys) == [key]  # no second key
    assert env_file.read_bytes() == first_env


async def test_existing_database_and_app_are_reused_and_settings_left_alone(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    steps, out = await setup(odoo, options(tmp_path, company_name=None, currency=None, country=None))
    assert succeeded(steps), out
    assert "db.create_database" not in odoo.calls and "rpc ir.module.module.button_immediate_install" not in odoo.calls
    assert not any("write" in call for call in odoo.calls)
    assert statuses(steps)["company"] == "skipped" and statuses(steps)["currency"] == "skipped"
    assert "no --company-name given" in out


async def test_existing_env_is_never_overwritten_without_force(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    env_file = tmp_path / ".env"
    env_file.write_text("# mine\nODOO_URL=sandbox\nVAULT_PATH=/somewhere/vault\n")
    before = env_file.read_bytes()
    steps, _out = await setup(odoo, options(tmp_path))
    assert not succeeded(steps)
    assert steps[-1].name == ".env" and steps[-1].status is StepStatus.FAIL
    assert "--force" in steps[-1].detail and "ODOO_URL" in steps[-1].detail
    assert env_file.read_bytes() == before
    assert not any(call.startswith("web ") for call in odoo.calls), "no key may be created that would not be saved"
    assert odoo.databases[DB].keys == {}


async def test_force_updates_only_the_managed_lines(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# my settings\nODOO_URL=sandbox\nVAULT_PATH=/somewhere/vault\nODOO_PASSWORD=old\nODOO_DB=old\nODOO_DB=dup\nDRY_RUN=true\n"
    )
    env_file.chmod(0o644)
    steps, out = await setup(odoo, options(tmp_path, force=True))
    assert succeeded(steps), out
    [key] = odoo.databases[DB].keys
    lines = env_file.read_text().splitlines()
    assert lines[:4] == ["# my settings", f"ODOO_URL={URL}", "VAULT_PATH=/somewhere/vault", f"ODOO_DB={DB}"]
    assert "DRY_RUN=true" in lines
    assert not any(line.startswith("ODOO_PASSWORD") for line in lines), "the key replaces the password"
    assert env_values(env_file) == {
        "ODOO_URL": URL,
        "VAULT_PATH": "/somewhere/vault",
        "ODOO_DB": DB,
        "DRY_RUN": "true",
        "ODOO_LOGIN": "admin",
        "ODOO_API_KEY": key,
        "ODOO_PROTOCOL": "json2",
    }
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600


async def test_key_creation_refused_falls_back_to_password_with_instructions(tmp_path: Path) -> None:
    odoo = FakeOdoo(totp=True)
    odoo.add_database()
    steps, out = await setup(odoo, options(tmp_path))
    assert succeeded(steps), out
    assert statuses(steps)["api key"] == "skipped" and "second factor" in out
    assert "My Preferences > the Security tab" in out and "Add API Key" in out
    assert env_values(tmp_path / ".env") == {
        "ODOO_URL": URL,
        "ODOO_DB": DB,
        "ODOO_LOGIN": "admin",
        "ODOO_PASSWORD": ADMIN_PW,
        "ODOO_PROTOCOL": "jsonrpc",
    }
    assert ADMIN_PW not in out
    # Rerun without --force: the password configuration is accepted as it is.
    odoo.calls.clear()
    steps, out = await setup(odoo, options(tmp_path))
    assert succeeded(steps), out
    assert statuses(steps)["api key"] == "skipped" and statuses(steps)[".env"] == "ok"
    assert not any(call.startswith("web ") for call in odoo.calls)


async def test_no_api_key_flag(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    steps, out = await setup(odoo, options(tmp_path, create_api_key=False))
    assert succeeded(steps)
    assert "--no-api-key given" in out
    assert env_values(tmp_path / ".env")["ODOO_PROTOCOL"] == "jsonrpc"
    assert odoo.databases[DB].keys == {}


async def test_a_revoked_key_in_env_is_replaced_with_force(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    steps, _ = await setup(odoo, options(tmp_path))
    odoo.databases[DB].keys.clear()  # the owner revoked it
    steps, out = await setup(odoo, options(tmp_path))
    assert steps[-1].status is StepStatus.FAIL and "ODOO_API_KEY" in steps[-1].detail
    steps, out = await setup(odoo, options(tmp_path, force=True))
    assert succeeded(steps), out
    [key] = odoo.databases[DB].keys
    assert env_values(tmp_path / ".env")["ODOO_API_KEY"] == key


@pytest.mark.parametrize(
    ("odoo_kwargs", "opts", "secrets", "expected"),
    [
        ({}, {}, StaticSecrets(master="wrong"), "Odoo rejected the master password"),
        ({"list_db": False}, {}, StaticSecrets(), "database manager is disabled"),
        ({}, {"country": "XX"}, StaticSecrets(), "no country with the code 'XX'"),
        ({}, {"lang": "xx_XX"}, StaticSecrets(), "no language 'xx_XX'"),
        ({}, {}, StaticSecrets(master=None), "needs Odoo's master password"),
    ],
)
async def test_database_creation_is_checked_before_the_long_call(
    tmp_path: Path, odoo_kwargs: dict[str, Any], opts: dict[str, Any], secrets: StaticSecrets, expected: str
) -> None:
    odoo = FakeOdoo(**odoo_kwargs)
    steps, out = await setup(odoo, options(tmp_path, **opts), secrets)
    assert steps[-1].status is StepStatus.FAIL and steps[-1].name == "database"
    assert expected in steps[-1].detail
    assert "db.create_database" not in odoo.calls and DB not in odoo.databases
    assert "Traceback" not in out and "SECRET_INTERNALS" not in out and MASTER not in out
    assert not (tmp_path / ".env").exists()


async def test_wrong_admin_password_on_existing_database(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database(password="another")
    steps, _out = await setup(odoo, options(tmp_path))
    assert steps[-1].name == "login" and steps[-1].status is StepStatus.FAIL
    assert "rejected the login 'admin'" in steps[-1].detail


async def test_unknown_currency_and_invalid_options(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    steps, _ = await setup(odoo, options(tmp_path, currency="ZZZ"))
    assert steps[-1].name == "currency" and "no currency ZZZ" in steps[-1].detail
    for bad, message in [({"database": "bad name!"}, "not a valid Odoo database name"), ({"currency": "EURO"}, "three-letter")]:
        odoo.calls.clear()
        steps, _ = await setup(odoo, options(tmp_path, **bad))
        assert steps[-1].status is StepStatus.FAIL and message in steps[-1].detail
        assert odoo.calls == [], "invalid options are refused before anything is sent"


async def test_odoo_down_is_one_line(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.down = True
    steps, out = await setup(odoo, options(tmp_path))
    assert [s.name for s in steps] == ["odoo"] and steps[0].status is StepStatus.FAIL
    assert "Cannot reach Odoo at http://odoo.test" in out and "is Odoo running" in out
    assert len(out.strip().splitlines()) == 1


async def test_an_unwritable_env_file_is_one_line_and_names_the_unused_key(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database()
    (tmp_path / "a-file").write_text("not a folder")
    steps, out = await setup(odoo, options(tmp_path, env_file=tmp_path / "a-file" / ".env"))
    assert steps[-1].name == ".env" and steps[-1].status is StepStatus.FAIL
    assert "the new key 'odoo-mcp test' is unused: revoke it" in steps[-1].detail
    assert "Traceback" not in out


async def test_a_slow_install_is_not_retried_and_says_to_wait(tmp_path: Path) -> None:
    odoo = FakeOdoo()
    odoo.add_database(installed=False)
    odoo.time_out_on = "button_immediate_install"
    steps, _out = await setup(odoo, options(tmp_path))
    assert steps[-1].name == "accounting" and steps[-1].status is StepStatus.FAIL
    assert "Odoo may still be working: wait a minute and run setup again" in steps[-1].detail
    assert odoo.calls.count("rpc ir.module.module.button_immediate_install") == 1, "a write is never retried blindly"


async def test_older_odoo_gets_jsonrpc_with_the_key(tmp_path: Path) -> None:
    odoo = FakeOdoo(version=17)
    odoo.add_database()
    steps, out = await setup(odoo, options(tmp_path))
    assert succeeded(steps), out
    values = env_values(tmp_path / ".env")
    assert values["ODOO_PROTOCOL"] == "jsonrpc" and values["ODOO_API_KEY"] in odoo.databases[DB].keys
    assert not any(call.startswith("json2") for call in odoo.calls)


async def test_progress_is_shown_while_waiting(tmp_path: Path) -> None:
    import asyncio

    out = io.StringIO()
    console = Console(out, quiet_tick=0.01)
    async with console.waiting("installing Accounting"):
        await asyncio.sleep(0.05)
    assert "installing Accounting ... still working" in out.getvalue()


@pytest.mark.parametrize(
    "value", ["plain-Value_1.2:3/4@5+6", "with space", "quote'and\"double", "hash # here", "back\\slash", "dollar $HOME"]
)
def test_env_line_round_trips(value: str) -> None:
    from dotenv import dotenv_values

    line = env_line("ODOO_PASSWORD", value)
    assert dotenv_values(stream=io.StringIO(line))["ODOO_PASSWORD"] == value


def test_env_line_refuses_what_dotenv_would_expand() -> None:
    with pytest.raises(SetupError, match="cannot hold"):
        env_line("ODOO_PASSWORD", "a${HOME}b")


def test_merge_env_appends_missing_under_a_header() -> None:
    text = merge_env("A=1\n", {"ODOO_DB": "books", "ODOO_PASSWORD": None}, header="# odoo-mcp")
    assert text == "A=1\n\n# odoo-mcp\nODOO_DB=books\n"


def test_cli_options_and_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from odoo_mcp.cli import build_parser
    from odoo_mcp.commands.setup import PromptSecrets, options_from_args

    (tmp_path / ".env").write_text("ODOO_URL=http://from-env-file:8069/\nODOO_DB=fromfile\n")
    args = build_parser().parse_args(["--env-file", str(tmp_path / ".env"), "setup", "--currency", "EUR"])
    opts = options_from_args(args, {})
    assert (opts.url, opts.database, opts.login, opts.currency) == ("http://from-env-file:8069", "fromfile", "admin", "EUR")
    opts = options_from_args(args, {"ODOO_DB": "fromenv"})
    assert opts.database == "fromenv"
    with pytest.raises(SetupError, match="sandbox needs no setup"):
        options_from_args(argparse.Namespace(**{**vars(args), "url": "sandbox"}), {})
    help_text = build_parser()._subparsers._group_actions[0].choices["setup"].format_help()  # type: ignore[union-attr]
    assert "--master-password " not in help_text and "--password " not in help_text, "secrets never go on the command line"

    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal
    secrets = PromptSecrets({"MY_MASTER": "m"}, master_var="MY_MASTER", admin_var="ODOO_PASSWORD", login="admin", database="books")
    assert secrets.master_password() == "m"
    with pytest.raises(SetupError, match="set ODOO_PASSWORD"):
        secrets.admin_password(new_database=True)
