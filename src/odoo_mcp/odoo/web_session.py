"""`WebSession`: Odoo as a browser sees it, for the one thing only a browser may do: create an API key.

Odoo 19 refuses to create an API key over its external APIs: the key wizard is guarded by
`check_identity`, which raises "This method can only be accessed over HTTP" on `/jsonrpc` (it
runs without a request), and `/json/2` needs a key to begin with. A web session can: log in
with the password (`/web/session/authenticate`), call the wizard through the web client's
`/web/dataset/call_kw`, and log out. The session cookie lives in this object's own HTTP client
and goes away with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .transports import HttpSession, jsonrpc_envelope, jsonrpc_result


class WebSession:
    def __init__(
        self, url: str, *, timeout: float = 30.0, connect_timeout: float = 5.0, http_transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.url = url
        self._session = HttpSession(url, timeout=timeout, connect_timeout=connect_timeout, read_retries=1, transport=http_transport)
        self._next_id = 0

    async def __aenter__(self) -> WebSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._session.aclose()

    async def post(self, route: str, params: Mapping[str, Any]) -> Any:
        """A JSON-RPC call to a web client route; never retried unless the connection could not be opened."""
        self._next_id += 1
        response = await self._session.send("POST", route, body=jsonrpc_envelope(self._next_id, dict(params)), read=False)
        return jsonrpc_result(response, route)

    async def authenticate(self, database: str, login: str, password: str) -> Any:
        """Log in; Odoo's session info, whose `uid` is empty when the login needs a second factor."""
        return await self.post("/web/session/authenticate", {"db": database, "login": login, "password": password})

    async def call_kw(self, model: str, method: str, args: list[Any], kwargs: Mapping[str, Any] | None = None) -> Any:
        """A model method through the web session, as the browser calls it (positional args)."""
        params = {"model": model, "method": method, "args": args, "kwargs": dict(kwargs or {})}
        return await self.post(f"/web/dataset/call_kw/{model}.{method}", params)

    async def destroy(self) -> None:
        """Log out: the session ends on the server too, not only here."""
        await self.post("/web/session/destroy", {})
