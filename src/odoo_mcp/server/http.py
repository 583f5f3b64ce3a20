"""MCP over Streamable HTTP at `/mcp`, behind bearer tokens; stdio stays the default transport.

Stateless: every POST is answered on its own (no session to pin a client to one instance), so
several instances behind a proxy are interchangeable. The runtime (Odoo client, services) is
opened once when the app starts, by the SDK's session manager, and shared by every request.
A request without a valid token is answered 401 by the SDK's bearer middleware before any
handler runs; what a valid token may do is its scopes (`access.tokens`), enforced by
`OdooMCPServer.list_tools`/`call_tool`.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import AnyHttpUrl
from starlette.applications import Starlette

from ..access import TokenStore
from ..config import ConfigError, Settings

if TYPE_CHECKING:
    from . import RuntimeFactory

log = logging.getLogger(__name__)

PATH = "/mcp"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Bind:
    """Where to listen: `HOST:PORT` (IPv6 as `[::1]:8000`)."""

    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Bind:
        host, sep, port = text.rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"--http expects HOST:PORT (e.g. 127.0.0.1:8000), got {text!r}")
        if host != "localhost":
            try:
                ipaddress.ip_address(host)
            except ValueError:
                raise ValueError(f"--http expects an IP address or localhost as HOST, got {host!r}") from None
        return cls(host, int(port))

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


class LocalTokens(TokenVerifier):
    """Tokens made by `odoo-mcp tokens create`, checked against the hashed store."""

    def __init__(self, store: TokenStore) -> None:
        self.store = store

    async def verify_token(self, token: str) -> AccessToken | None:
        record = self.store.verify(token)
        if record is None:
            return None
        return AccessToken(token=token, client_id=record.name, scopes=record.scopes)


def http_app(settings: Settings, bind: Bind, verifier: TokenVerifier, *, runtime_factory: RuntimeFactory | None = None) -> Starlette:
    from . import build_server

    # Local tokens have no authorization server: the issuer is this server itself, and no
    # protected-resource metadata is published (there is no OAuth flow to discover).
    auth = AuthSettings(issuer_url=AnyHttpUrl(bind.url), resource_server_url=None)
    server = build_server(settings, runtime_factory=runtime_factory, token_verifier=verifier, auth=auth)
    security = None
    if bind.host not in LOOPBACK:
        # Behind a reverse proxy the Host header is the public name: the proxy (TLS, host
        # checks) is the boundary, see deploy/. On loopback the SDK checks Host and Origin.
        security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    return server.streamable_http_app(
        streamable_http_path=PATH, stateless_http=True, transport_security=security, host=bind.host
    )


def serve(settings: Settings, bind: Bind) -> None:
    import uvicorn

    store = TokenStore(settings.tokens_path)
    if not store.records():
        raise ConfigError("no token yet: create one with `odoo-mcp tokens create NAME`; every request needs one")
    app = http_app(settings, bind, LocalTokens(store))
    log.info("serving MCP over HTTP at %s%s", bind.url, PATH)
    uvicorn.run(app, host=bind.host, port=bind.port, log_level=settings.log_level.lower(), access_log=False)
