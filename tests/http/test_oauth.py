"""OAuth resource-server mode: tokens from the owner's authorization server, checked by introspection.

The authorization server here is a stand-in that implements RFC 7662 introspection (with client
authentication) for a fixed set of tokens; the MCP server runs as in production, over HTTP.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from odoo_mcp.config import Settings, settings_from_mapping

from .server import client, free_port, running, serving

pytestmark = pytest.mark.anyio

CLIENT = ("odoo-mcp", "introspection-secret")


class AuthorizationServer:
    """Knows some tokens; counts introspection calls; refuses callers without the client's credentials."""

    def __init__(self, resource: str, issuer: str) -> None:
        self.issuer = issuer
        self.calls = 0
        self.tokens: dict[str, dict[str, Any]] = {
            "full": {"active": True, "client_id": "claude", "sub": "owner", "scope": "odoo:read odoo:write", "aud": resource},
            "viewer": {"active": True, "client_id": "claude", "sub": "accountant", "scope": "odoo:read", "aud": [resource, "other"]},
            "elsewhere": {"active": True, "client_id": "x", "scope": "odoo:read odoo:write", "aud": "https://other.example.com/mcp"},
            "no-scope": {"active": True, "client_id": "x", "scope": "profile", "aud": resource},
            "expired": {"active": True, "client_id": "x", "scope": "odoo:read", "aud": resource, "exp": 1_000_000_000},
            "revoked": {"active": False},
        }

    async def introspect(self, request: Request) -> JSONResponse:
        self.calls += 1
        expected = "Basic " + base64.b64encode(":".join(CLIENT).encode()).decode()
        if request.headers.get("authorization") != expected:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        form = await request.form()
        return JSONResponse(self.tokens.get(str(form.get("token")), {"active": False}))


@asynccontextmanager
async def oauth_server(base: dict[str, str], settings: Settings, runtime_factory: Any) -> AsyncIterator[tuple[str, AuthorizationServer]]:
    as_port, mcp_port = free_port(), free_port()
    resource = f"http://127.0.0.1:{mcp_port}/mcp"
    authz = AuthorizationServer(resource, f"http://127.0.0.1:{as_port}")
    app = Starlette(routes=[Route("/introspect", authz.introspect, methods=["POST"])])
    oauth = settings_from_mapping({
        **base,
        "ODOO_MCP_PUBLIC_URL": resource,
        "ODOO_MCP_OAUTH_ISSUER": authz.issuer,
        "ODOO_MCP_OAUTH_INTROSPECTION_URL": f"{authz.issuer}/introspect",
        "ODOO_MCP_OAUTH_CLIENT_ID": CLIENT[0],
        "ODOO_MCP_OAUTH_CLIENT_SECRET": CLIENT[1],
    })
    async with running(app, as_port), serving(oauth, runtime_factory, port=mcp_port) as url:
        yield url, authz


async def test_scopes_decide_what_an_oauth_token_may_do(env: dict[str, str], settings: Settings, runtime_factory: Any) -> None:
    async with oauth_server(env, settings, runtime_factory) as (url, authz):
        async with client(url, "full") as session:
            every = {t.name for t in (await session.list_tools()).tools}
        async with client(url, "viewer") as session:
            seen = {t.name for t in (await session.list_tools()).tools}
            refused = await session.call_tool("create_partner", {"name": "Not Allowed Ltd"})
            status = await session.call_tool("odoo_status", {})
    assert "create_partner" in every and "create_partner" not in seen and seen < every
    assert refused.is_error and not status.is_error
    assert authz.calls == 2, "one introspection per token: answers are cached for a short while"


@pytest.mark.parametrize(("token", "status"), [("elsewhere", 401), ("revoked", 401), ("unknown", 401), ("expired", 401), ("no-scope", 403)])
async def test_tokens_for_another_resource_inactive_or_without_scope_are_refused(
    env: dict[str, str], settings: Settings, runtime_factory: Any, token: str, status: int
) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}
    headers = {"Accept": "application/json, text/event-stream", "Authorization": f"Bearer {token}"}
    async with oauth_server(env, settings, runtime_factory) as (url, _), httpx.AsyncClient() as http:
        answer = await http.post(url, json=initialize, headers=headers)
    assert answer.status_code == status


async def test_clients_discover_the_authorization_server(env: dict[str, str], settings: Settings, runtime_factory: Any) -> None:
    async with oauth_server(env, settings, runtime_factory) as (url, authz), httpx.AsyncClient() as http:
        challenge = await http.post(url, json={}, headers={"Accept": "application/json, text/event-stream"})
        origin = url.removesuffix("/mcp")
        metadata = await http.get(f"{origin}/.well-known/oauth-protected-resource/mcp")
    assert challenge.status_code == 401
    assert "resource_metadata=" in challenge.headers["www-authenticate"]
    assert metadata.status_code == 200
    body = metadata.json()
    assert body["resource"] == url and [s.rstrip("/") for s in body["authorization_servers"]] == [authz.issuer]
    assert body["scopes_supported"] == ["odoo:read"]


async def test_an_unreachable_authorization_server_means_refused(env: dict[str, str], runtime_factory: Any) -> None:
    dead, mcp_port = free_port(), free_port()
    oauth = settings_from_mapping({
        **env,
        "ODOO_MCP_PUBLIC_URL": f"http://127.0.0.1:{mcp_port}/mcp",
        "ODOO_MCP_OAUTH_ISSUER": f"http://127.0.0.1:{dead}",
        "ODOO_MCP_OAUTH_INTROSPECTION_URL": f"http://127.0.0.1:{dead}/introspect",
        "ODOO_MCP_OAUTH_CLIENT_ID": CLIENT[0],
        "ODOO_MCP_OAUTH_CLIENT_SECRET": CLIENT[1],
    })
    async with serving(oauth, runtime_factory, port=mcp_port) as url, httpx.AsyncClient() as http:
        answer = await http.post(url, json={}, headers={"Authorization": "Bearer full", "Accept": "application/json, text/event-stream"})
    assert answer.status_code == 401
