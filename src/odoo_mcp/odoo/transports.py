"""The two wire formats Odoo 19 speaks, over one pooled HTTP client.

JSON-2 (`/json/2/<model>/<method>`, bearer API key) is Odoo 19's supported API; JSON-RPC
(`/jsonrpc` `execute_kw`) is deprecated in 19 but is what Odoo 16-18 speak, and works with a
password. Both parse numbers with `Decimal` so money never passes through a binary float.

Retries: reads are retried on transient failures; anything else only when the failure proves
the request never left (the connection could not be opened). A write is never retried blindly.
"""

from __future__ import annotations

import asyncio
import json
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

from .errors import (
    OdooAuthError,
    OdooDatabaseError,
    OdooError,
    OdooServerError,
    OdooTimeout,
    OdooUnreachable,
    error_from_odoo,
    first_line,
)

log = logging.getLogger(__name__)

READ_METHODS = frozenset(
    {
        "search_read",
        "search",
        "search_count",
        "read",
        "web_search_read",
        "formatted_read_group",
        "read_group",
        "fields_get",
        "context_get",
        "version",
        "login",
        "authenticate",
        "list",
    }
)


class NotSent(OdooUnreachable):
    """The connection could not be opened: Odoo cannot have seen the request, so any call may retry."""


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot send {type(value).__name__} to Odoo")


def encode(payload: Any) -> bytes:
    return json.dumps(payload, default=_json_default, separators=(",", ":")).encode()


def decode(content: bytes) -> Any:
    return json.loads(content, parse_float=Decimal)


class HttpSession:
    """One keep-alive `httpx.AsyncClient` with explicit timeouts and the retry policy."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        connect_timeout: float,
        read_retries: int,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.read_retries = read_retries
        self.connect_timeout = connect_timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None  # created on the first request: start-up stays offline and light

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
                limits=httpx.Limits(max_keepalive_connections=8, max_connections=16),
                transport=self._transport,
                headers={"User-Agent": "odoo-mcp"},
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def send(
        self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None, read: bool
    ) -> httpx.Response:
        """Send with retries: every failure for reads, only `NotSent` for writes."""
        from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

        attempts = 1 + (self.read_retries if read else 2)
        retryable = (lambda e: isinstance(e, OdooUnreachable | OdooTimeout)) if read else (lambda e: isinstance(e, NotSent))
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=0.2, max=2),
            retry=retry_if_exception(retryable),
            reraise=True,
        ):
            with attempt:
                return await self._send_once(method, path, body=body, headers=headers)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send_once(self, method: str, path: str, *, body: Any, headers: dict[str, str] | None) -> httpx.Response:
        import httpx

        content = encode(body) if body is not None else None
        all_headers = {"Content-Type": "application/json"} if content is not None else {}
        all_headers.update(headers or {})
        try:
            response = await self._http().request(method, path, content=content, headers=all_headers)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise NotSent(f"Cannot reach Odoo at {self.base_url} ({_reason(exc)})") from None
        except httpx.TimeoutException:
            raise OdooTimeout(f"Odoo at {self.base_url} did not answer within {self.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise OdooUnreachable(f"Connection to Odoo at {self.base_url} failed ({_reason(exc)})") from None
        if response.status_code in (502, 503, 504):
            raise OdooUnreachable(f"Odoo at {self.base_url} is unavailable (HTTP {response.status_code})")
        return response


def _reason(exc: Exception) -> str:
    text = first_line(exc) or type(exc).__name__
    return text.replace("[Errno 111] ", "").replace("[Errno -2] ", "")


def _body_or_none(response: httpx.Response) -> Any:
    try:
        return decode(response.content)
    except ValueError:
        return None


class Json2Transport:
    """`POST /json/2/<model>/<method>` with named arguments and a bearer API key."""

    name = "json2"

    def __init__(self, session: HttpSession, *, database: str | None, api_key: str) -> None:
        self._session = session
        self._headers = {"Authorization": f"bearer {api_key}"}
        if database:
            self._headers["X-Odoo-Database"] = database

    async def call(
        self, model: str, method: str, *, ids: list[int] | None, kwargs: dict[str, Any], context: dict[str, Any] | None
    ) -> Any:
        body = dict(kwargs)
        if ids is not None:
            body["ids"] = ids
        if context:
            body["context"] = context
        response = await self._session.send(
            "POST", f"/json/2/{model}/{method}", body=body, headers=self._headers, read=method in READ_METHODS
        )
        payload = _body_or_none(response)
        if response.status_code == 200:
            if payload is None and response.content.strip() not in (b"null", b""):
                raise OdooServerError("Odoo answered with something that is not JSON: is ODOO_URL an Odoo server?")
            return payload
        if isinstance(payload, dict) and payload.get("name"):
            raise error_from_odoo(payload, status=response.status_code)
        if response.status_code == 401:
            raise OdooAuthError("Odoo rejected the API key: check ODOO_API_KEY")
        if response.status_code == 404 and b"database" in response.content.lower():
            raise OdooDatabaseError("Odoo has no such database: check ODOO_DB")
        if response.status_code == 404:
            raise OdooServerError(
                f"Odoo has no JSON-2 endpoint for {model}.{method} (HTTP 404): is this Odoo 19 or later? "
                "Older versions need ODOO_PROTOCOL=jsonrpc"
            )
        raise OdooServerError(f"Odoo answered HTTP {response.status_code} to {model}.{method}")


def jsonrpc_envelope(request_id: int, params: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": "call", "id": request_id, "params": params}


def jsonrpc_result(response: httpx.Response, route: str | None = None) -> Any:
    """The `result` of a JSON-RPC answer, or Odoo's error as a typed error.

    `route` names a web route (`/web/session/authenticate` ...) in the messages; None is `/jsonrpc`.
    """
    payload = _body_or_none(response)
    if not isinstance(payload, dict):
        if route is None and response.status_code == 404:
            raise OdooServerError("Odoo has no /jsonrpc endpoint (HTTP 404): check ODOO_URL")
        to = f" to {route}" if route else ""
        raise OdooServerError(f"Odoo answered HTTP {response.status_code}{to} with something that is not JSON-RPC")
    error = payload.get("error")
    if error:
        data = error.get("data") if isinstance(error, dict) else None
        if isinstance(data, dict) and data.get("name"):
            raise error_from_odoo(data)
        on = f" on {route}" if route else ""
        raise OdooServerError(f"Odoo error{on}: {first_line(error.get('message') if isinstance(error, dict) else error)}")
    return payload.get("result")  # a method returning None has no "result" key at all


class JsonRpcServices:
    """`POST /jsonrpc` to one of Odoo's services by name (`db`, `common`, `object`); no credentials of its own."""

    def __init__(self, session: HttpSession) -> None:
        self._session = session
        self._next_id = 0

    async def rpc(self, service: str, method: str, args: list[Any], *, read: bool = True) -> Any:
        self._next_id += 1
        envelope = jsonrpc_envelope(self._next_id, {"service": service, "method": method, "args": args})
        response = await self._session.send("POST", "/jsonrpc", body=envelope, read=read)
        return jsonrpc_result(response)


class JsonRpcTransport(JsonRpcServices):
    """`POST /jsonrpc` `execute_kw`, authenticating once with login and password (or API key)."""

    name = "jsonrpc"

    def __init__(self, session: HttpSession, *, database: str, login: str, secret: str) -> None:
        super().__init__(session)
        self._database = database
        self._login = login
        self._secret = secret
        self._uid: int | None = None
        self._uid_lock = asyncio.Lock()

    async def uid(self) -> int:
        async with self._uid_lock:
            if self._uid is None:
                uid = await self.rpc("common", "login", [self._database, self._login, self._secret])
                if not uid:
                    raise OdooAuthError("Odoo rejected the login or password: check ODOO_LOGIN and ODOO_PASSWORD")
                self._uid = int(uid)
            return self._uid

    async def call(
        self, model: str, method: str, *, ids: list[int] | None, kwargs: dict[str, Any], context: dict[str, Any] | None
    ) -> Any:
        uid = await self.uid()
        call_kwargs = dict(kwargs)
        if context:
            call_kwargs["context"] = context
        args: list[Any] = [ids] if ids is not None else []
        if method == "create" and "vals_list" in call_kwargs:
            # Odoo's execute_kw special-cases `create` and reads args[0]: the keyword form fails there.
            args = [call_kwargs.pop("vals_list")]
        try:
            return await self.rpc(
                "object",
                "execute_kw",
                [self._database, uid, self._secret, model, method, args, call_kwargs],
                read=method in READ_METHODS,
            )
        except OdooAuthError:
            self._uid = None
            raise


Transport = Json2Transport | JsonRpcTransport

__all__ = [
    "READ_METHODS",
    "HttpSession",
    "Json2Transport",
    "JsonRpcServices",
    "JsonRpcTransport",
    "NotSent",
    "OdooError",
    "Transport",
    "jsonrpc_envelope",
    "jsonrpc_result",
]
