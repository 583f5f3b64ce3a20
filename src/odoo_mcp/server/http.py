"""MCP over Streamable HTTP at `/mcp`, behind bearer tokens; stdio stays the default transport.

Stateless: every POST is answered on its own (no session to pin a client to one instance), so
several instances behind a proxy are interchangeable. The runtime (Odoo client, services) is
opened once when the app starts, by the SDK's session manager, and shared by every request.
A request without a valid token is answered 401 by the SDK's bearer middleware before any
handler runs; what a valid token may do is its scopes (`odoo:read`, `odoo:write`), enforced by
`OdooMCPServer.list_tools`/`call_tool`. Tokens are local (`odoo-mcp tokens`, the default) or, with
ODOO_MCP_OAUTH_ISSUER, issued by the owner's OAuth authorization server and checked by
introspection; then the server publishes its protected-resource metadata (RFC 9728) so that
clients such as claude.ai find the authorization server themselves.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import anyio.to_thread
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import AnyHttpUrl
from starlette.applications import Starlette

from ..access import READ_SCOPE, TokenError, TokenStore, open_token_store
from ..access.introspection import Introspection
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
        """`HOST:PORT`; a bare `PORT` (or `:PORT`) binds 127.0.0.1, never every interface."""
        host, _, port = text.rpartition(":")
        host = host.removeprefix("[").removesuffix("]") or "127.0.0.1"
        if not port.isdigit() or not 0 < int(port) < 65536:
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
        # The store is a database (a PostgreSQL connection per lookup, about 5 ms): asked off the event loop.
        record = await anyio.to_thread.run_sync(self.store.verify, token)
        if record is None:
            return None
        return AccessToken(token=token, client_id=record.name, scopes=record.scopes)


class OAuthTokens(TokenVerifier):
    """Tokens of the owner's authorization server, checked by introspection (`access.introspection`).

    `resource` is this server's public URL when the token's audience names it, so the SDK's
    bearer middleware (with `validate_token_resource`) refuses a token issued for another service.
    """

    def __init__(self, introspection: Introspection, public_url: str) -> None:
        self.introspection = introspection
        self.public_url = public_url

    async def verify_token(self, token: str) -> AccessToken | None:
        found = await self.introspection.check(token)
        if found is None:
            return None
        mine = [aud for aud in found.audience if aud.rstrip("/") == self.public_url.rstrip("/")]
        return AccessToken(
            token=token,
            client_id=found.client_id,
            subject=found.subject,
            scopes=found.scopes,
            expires_at=found.expires_at,
            resource=mine[0] if mine else (found.audience[0] if found.audience else None),
        )


def verifier_for(settings: Settings) -> tuple[TokenVerifier, AuthSettings]:
    """Local tokens, or OAuth when ODOO_MCP_OAUTH_ISSUER is set (config checked that the rest is)."""
    oauth = settings.oauth
    if oauth is not None:
        introspection = Introspection(oauth.introspection_url, oauth.client_id, oauth.client_secret.get_secret_value())
        auth = AuthSettings(
            issuer_url=AnyHttpUrl(oauth.issuer),
            resource_server_url=AnyHttpUrl(oauth.public_url),
            validate_token_resource=True,
            required_scopes=[READ_SCOPE],
        )
        return OAuthTokens(introspection, oauth.public_url), auth
    store = open_token_store(settings)
    try:
        known = store.records()
    except TokenError as exc:
        raise ConfigError(f"cannot read the tokens: {exc}") from None
    if not known:
        raise ConfigError("no token yet: create one with `odoo-mcp tokens create NAME`; every request needs one")
    # Local tokens have no authorization server: the issuer is this server itself, and no
    # protected-resource metadata is published (there is no OAuth flow to discover).
    return LocalTokens(store), AuthSettings(issuer_url=AnyHttpUrl(settings.public_url or "http://127.0.0.1"), resource_server_url=None)


def http_app(
    settings: Settings, bind: Bind, verifier: TokenVerifier, auth: AuthSettings, *, runtime_factory: RuntimeFactory | None = None
) -> Starlette:
    from . import build_server

    server = build_server(settings, runtime_factory=runtime_factory, token_verifier=verifier, auth=auth)
    return server.streamable_http_app(
        streamable_http_path=PATH, stateless_http=True, transport_security=host_checks(settings, bind), host=bind.host
    )


def host_checks(settings: Settings, bind: Bind) -> TransportSecuritySettings:
    """DNS-rebinding protection: on loopback only loopback names (and the public URL's host, for a
    proxy on the same machine that passes it on) may be asked for. Bound elsewhere (a container
    behind a proxy) the proxy's TLS and host rules are the boundary (deploy/http/)."""
    if bind.host not in LOOPBACK:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    origins = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    if settings.public_url:
        public = urlsplit(settings.public_url)
        hosts.append(public.netloc)
        origins.append(f"{public.scheme}://{public.netloc}")
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins)


def serve(settings: Settings, bind: Bind) -> None:
    import uvicorn

    verifier, auth = verifier_for(settings)
    app = http_app(settings, bind, verifier, auth)
    log.info("serving MCP over HTTP at %s%s", bind.url, PATH)
    uvicorn.run(app, host=bind.host, port=bind.port, log_level=settings.log_level.lower(), access_log=False)
