"""`SandboxOdoo`: the in-process Odoo 19 stand-in, its ASGI app and its httpx transport.

The client under test talks to it over HTTP exactly as it talks to a real Odoo: through
`httpx` with `odoo.transport()` (an `httpx.ASGITransport` around `odoo.app`, no socket).
`odoo.offline = True` makes that transport fail like an unreachable server
(`httpx.ConnectError`). `odoo.calls` logs every request; `odoo.write_calls` only the ones
that change data. With `state_path`, the books are loaded from that JSON file when it exists
and saved after every successful write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import persistence, protocol
from .dispatch import Call, Engine
from .records import Database
from .seed import seed

if TYPE_CHECKING:
    import httpx

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class SandboxApp:
    """A plain ASGI application routing Odoo's three endpoints."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        query = scope.get("query_string", b"").decode("latin-1")
        response = self.route(scope["method"].upper(), scope["path"], headers, body, query)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    (k.lower().encode("latin-1"), v.encode("latin-1"))
                    for k, v in {**response.headers, "Content-Length": str(len(response.body))}.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    def route(self, method: str, path: str, headers: dict[str, str], body: bytes, query: str = "") -> protocol.HttpResponse:
        if path in ("/web/version", "/json/version") and method in ("GET", "POST"):
            return protocol.handle_version(self.engine, path)
        if path == "/jsonrpc" and method == "POST":
            return protocol.handle_jsonrpc(self.engine, body)
        if path == "/json/2" or path.startswith("/json/2/"):
            return protocol.handle_json2(self.engine, method, path, headers, body)
        if path.startswith("/my/invoices/") and method == "GET":
            return protocol.handle_portal_pdf(self.engine, path, query)
        return protocol.not_found_page(self.engine, method, path)

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


class SandboxOdoo:
    """An Odoo 19 with a seeded small business, served in-process. All data is sandbox data."""

    def __init__(self, today: dt.date | None = None, state_path: Path | None = None) -> None:
        self.state_path = Path(state_path) if state_path else None
        day = today or dt.date.today()
        if self.state_path and self.state_path.exists():
            self.db = persistence.load(self.state_path, day)
        else:
            self.db = seed(Database(day))
        self.engine = Engine(self.db, on_write=self._save)
        self.offline = False
        self.app = SandboxApp(self.engine)

    @property
    def today(self) -> dt.date:
        return self.db.today

    @today.setter
    def today(self, value: dt.date) -> None:
        self.db.today = value

    @property
    def calls(self) -> list[Call]:
        return self.engine.calls

    @property
    def write_calls(self) -> list[Call]:
        """The calls to methods that change data (create, write, action_post, ...), failed attempts included
        (their `ok` is False and nothing was changed); reads are never listed."""
        return [call for call in self.engine.calls if call.writes]

    def save(self) -> None:
        """Write the books to `state_path` now (they are also saved after every write)."""
        self._save()

    def _save(self) -> None:
        if self.state_path:
            persistence.save(self.db, self.state_path)

    def transport(self) -> httpx.AsyncBaseTransport:
        """An httpx transport to this sandbox: in-process, or a ConnectError while `offline`."""
        import httpx

        sandbox = self

        class SandboxTransport(httpx.AsyncBaseTransport):
            def __init__(self) -> None:
                self._inner = httpx.ASGITransport(app=sandbox.app)

            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                if sandbox.offline:
                    raise httpx.ConnectError("sandbox offline", request=request)
                return await self._inner.handle_async_request(request)

            async def aclose(self) -> None:
                await self._inner.aclose()

        return SandboxTransport()
