"""The wire formats: `/web/version`, JSON-2 (`/json/2/<model>/<method>`) and JSON-RPC (`/jsonrpc`).

Each handler takes the decoded HTTP request and returns an `HttpResponse`; the ASGI app only
moves bytes. Statuses, headers and bodies copy Odoo 19: JSON-2 maps exceptions to HTTP codes
(`Json2Dispatcher.handle_error`: werkzeug errors keep theirs, `odoo.exceptions` use their
`http_status`, anything else is a 500) with a `{name, message, arguments, context, debug}`
body; JSON-RPC always answers 200 with an `error` envelope, and omits `result` when the
method returned None. An unknown `X-Odoo-Database` gets Odoo's "No database is selected"
HTML page, as a server that cannot open that database does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .constants import (
    SANDBOX_API_KEY,
    SANDBOX_DB,
    SANDBOX_LOGIN,
    SANDBOX_PASSWORD,
    SANDBOX_UID,
    SERVER_VERSION,
    VERSION_INFO,
)
from .dispatch import Call, Engine
from .errors import (
    AccessDenied,
    HttpError,
    OdooException,
    OperationalError,
    not_found,
    serialize_exception,
    unauthorized,
)
from .mail import portal_invoice_pdf
from .orm import Env

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
BEARER = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE)
JSON2_PATH = re.compile(r"^/json/2/([^/]+)/([^/]+)/?$")

NOT_FOUND_NODB = """\
<!DOCTYPE html>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>
<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>

<!-- Alternatively, use the X-Odoo-Database header. -->
"""
NOT_FOUND_PAGE = """\
<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling \
and try again.</p>
"""

UNSUPPORTED_MEDIA_TYPE = """\
<!doctype html>
<html lang=en>
<title>415 Unsupported Media Type</title>
<h1>Unsupported Media Type</h1>
<p>Request inferred type is compatible with [&#x27;http&#x27;] but {path} is type=json2.<br><br>\
Please verify the Content-Type request header and try again.</p>
"""


@dataclass
class HttpResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    """Encode like Odoo's `make_json_response`; an unencodable result raises `TypeError` here."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    return HttpResponse(status, body, {"Content-Type": JSON_TYPE, **(headers or {})})


def html_response(page: str, status: int) -> HttpResponse:
    return HttpResponse(status, page.encode(), {"Content-Type": HTML_TYPE})


def version_payload() -> dict[str, Any]:
    return {"version_info": list(VERSION_INFO), "version": SERVER_VERSION, "sandbox": True}


def handle_version(engine: Engine, path: str) -> HttpResponse:
    engine.log(Call("http", None, f"GET {path}"))
    return json_response(version_payload())


def not_found_page(engine: Engine, method: str, path: str) -> HttpResponse:
    engine.log(Call("http", None, f"{method} {path}", ok=False, error="werkzeug.exceptions.NotFound"))
    return html_response(NOT_FOUND_PAGE, 404)


def handle_portal_pdf(engine: Engine, path: str, query: str) -> HttpResponse:
    """The customer portal's invoice PDF (`/my/invoices/<id>?access_token=...&report_type=pdf`), no session needed."""
    answer = portal_invoice_pdf(Env(engine.db), path, query)
    if answer is None:
        return not_found_page(engine, "GET", path)
    engine.log(Call("http", None, f"GET {path}"))
    status, body, headers = answer
    return HttpResponse(status, body, headers)


# -- JSON-2 ---------------------------------------------------------------------------------------
def json2_error(exc: BaseException) -> HttpResponse:
    if isinstance(exc, HttpError):
        return json_response(serialize_exception(exc), exc.status, exc.headers)
    status = exc.http_status if isinstance(exc, OdooException) else 500
    return json_response(serialize_exception(exc), status)


def handle_json2(engine: Engine, method: str, path: str, headers: dict[str, str], body: bytes) -> HttpResponse:
    database = headers.get("x-odoo-database")
    if database is not None and database != SANDBOX_DB:
        engine.log(Call("json2", None, f"{method} {path}", ok=False, error="werkzeug.exceptions.NotFound"))
        return html_response(NOT_FOUND_NODB, 404)
    match = JSON2_PATH.match(path)
    if method != "POST" or not match:
        engine.log(Call("json2", None, f"{method} {path}", ok=False, error="werkzeug.exceptions.NotFound"))
        return json2_error(not_found("Did you mean POST /json/2/<model>/<method>?"))
    model, model_method = match.groups()
    mimetype = headers.get("content-type", "").split(";")[0].strip().lower()
    if body and mimetype != "application/json":
        engine.log(Call("json2", model, model_method, ok=False, error="werkzeug.exceptions.UnsupportedMediaType"))
        return html_response(UNSUPPORTED_MEDIA_TYPE.format(path=path), 415)
    try:
        _authenticate_bearer(headers)
        params = _json2_params(body)
    except HttpError as exc:
        engine.log(Call("json2", model, model_method, ok=False, error=exc.odoo_name))
        return json2_error(exc)
    ids = params.pop("ids", None) or []
    ids = [ids] if isinstance(ids, int) else list(ids)
    context = params.pop("context", None) or {}
    try:
        result = engine.execute_json2(model, model_method, ids, params, context)
        return json_response(result)
    except Exception as exc:  # every error becomes an Odoo-shaped answer
        return json2_error(exc)


def _authenticate_bearer(headers: dict[str, str]) -> None:
    match = BEARER.match(headers.get("authorization", ""))
    if not match:
        raise unauthorized("User not authenticated, use an API Key with a Bearer Authorization header.")
    if match.group(1).strip() != SANDBOX_API_KEY:
        raise unauthorized("Invalid apikey")


def _json2_params(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    try:
        params = json.loads(body)
    except ValueError as exc:
        raise HttpError(400, "BadRequest", f"could not parse the body as json: {exc.args[0]}") from None
    return dict(params) if isinstance(params, dict) else {}


# -- JSON-RPC -------------------------------------------------------------------------------------
def handle_jsonrpc(engine: Engine, body: bytes) -> HttpResponse:
    try:
        request = json.loads(body or b"{}")
    except ValueError as exc:
        return json_response(
            {
                "jsonrpc": "2.0",
                "id": None,
                "error": {"code": 400, "message": f"could not parse the body as json: {exc.args[0]}", "data": {}},
            },
            400,
        )
    request_id = request.get("id") if isinstance(request, dict) else None
    params = request.get("params") or {} if isinstance(request, dict) else {}
    service, method, args = params.get("service"), params.get("method"), list(params.get("args") or [])
    try:
        result = _dispatch_rpc(engine, service, method, args)
        envelope: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id}
        if result is not None:
            envelope["result"] = result
        return json_response(envelope)
    except Exception as exc:  # every error becomes an Odoo-shaped envelope
        return json_response({"jsonrpc": "2.0", "id": request_id, "error": _rpc_error(exc)})


def _rpc_error(exc: BaseException) -> dict[str, Any]:
    error = {"code": 200, "message": "Odoo Server Error", "data": serialize_exception(exc)}
    if isinstance(exc, HttpError) and exc.status == 404:
        error.update(code=404, message="404: Not Found")
    return error


def _check_database(database: Any) -> None:
    if database != SANDBOX_DB:
        raise OperationalError(
            'connection to server at "localhost" (127.0.0.1), port 5432 failed: '
            f'FATAL:  database "{database}" does not exist\n'
        )


def _valid_secret(login_or_uid: Any, secret: Any) -> bool:
    return login_or_uid in (SANDBOX_LOGIN, SANDBOX_UID) and secret in (SANDBOX_PASSWORD, SANDBOX_API_KEY)


def _dispatch_rpc(engine: Engine, service: Any, method: Any, args: list[Any]) -> Any:
    """`odoo.http.dispatch_rpc` for the `common`, `db` and `object` services."""
    if service == "object":
        database, uid, secret, *rest = [*args, None, None, None][:3] + args[3:]
        _check_database(database)
        if method not in ("execute_kw", "execute"):
            engine.log(Call("jsonrpc", None, f"object.{method}", ok=False, error="builtins.NameError"))
            raise NameError(f"Method not available {method}")
        if not _valid_secret(uid, secret):
            engine.log(
                Call(
                    "jsonrpc",
                    rest[0] if rest else None,
                    str(rest[1]) if len(rest) > 1 else "",
                    ok=False,
                    error="odoo.exceptions.AccessDenied",
                )
            )
            raise AccessDenied()
        model, model_method = rest[0], rest[1]
        if method == "execute":
            return engine.execute_kw(int(uid), model, model_method, list(rest[2:]), {})
        call_args = rest[2] if len(rest) > 2 else []
        call_kwargs = rest[3] if len(rest) > 3 and rest[3] else {}
        return engine.execute_kw(int(uid), model, model_method, list(call_args), dict(call_kwargs))
    engine.log(Call("jsonrpc", None, f"{service}.{method}", kwargs={"args": _redact(service, method, args)}))
    if service == "common":
        if method == "version":
            return {
                "server_version": SERVER_VERSION,
                "server_version_info": list(VERSION_INFO),
                "server_serie": SERVER_VERSION,
                "protocol_version": 1,
            }
        if method in ("login", "authenticate"):
            database, login, secret = [*args, None, None, None][:3]
            _check_database(database)
            return SANDBOX_UID if _valid_secret(login, secret) else False
        raise KeyError(f"Method not found: {method}")
    if service == "db":
        if method == "list":
            return [SANDBOX_DB]
        if method == "server_version":
            return SERVER_VERSION
        if method == "db_exist":
            return bool(args) and args[0] == SANDBOX_DB
        raise KeyError(f"Method not found: {method}")
    raise KeyError(service)


def _redact(service: Any, method: Any, args: list[Any]) -> list[Any]:
    """Keep passwords out of the call log."""
    if service == "common" and method in ("login", "authenticate") and len(args) >= 3:
        return [args[0], args[1], "***", *args[3:]]
    return list(args)
