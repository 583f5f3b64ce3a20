"""MCP over Streamable HTTP with bearer tokens, end to end with the SDK's client on the sandbox."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from odoo_mcp.access import open_token_store
from odoo_mcp.config import Settings, settings_from_mapping
from odoo_mcp.server.http import Bind

from .server import client, serving

pytestmark = pytest.mark.anyio

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "curl", "version": "0"}},
}
ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def vault_files(settings: Settings) -> set[str]:
    return {str(p.relative_to(settings.vault_path)) for p in settings.vault_path.rglob("*") if p.is_file()}


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


async def test_a_token_lists_every_tool_and_calls_them(settings: Settings, runtime_factory: Any) -> None:
    token = open_token_store(settings).create("laptop", read_only=False)
    async with serving(settings, runtime_factory) as url, client(url, token) as session:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        status = await session.call_tool("odoo_status", {})
        invoices = await session.call_tool("list_invoices", {"limit": 3})
        request = await session.call_tool("create_partner", {"name": "Over HTTP Ltd"})
    writes = {name for name, tool in tools.items() if not (tool.annotations and tool.annotations.read_only_hint)}
    assert {"create_partner", "create_invoice", "register_payment", "post_invoice"} <= writes
    assert not status.is_error and "Sandbox Trading Co." in text_of(status)
    assert not invoices.is_error and len(invoices.structured_content["items"]) == 3
    assert not request.is_error and request.structured_content["status"] == "pending_approval"
    assert (settings.vault_path / request.structured_content["file"]).is_file(), "the request file is in the vault"


async def test_a_read_only_token_sees_and_calls_only_read_tools(settings: Settings, runtime_factory: Any) -> None:
    store = open_token_store(settings)
    full, read_only = store.create("owner", read_only=False), store.create("viewer", read_only=True)
    before = vault_files(settings)
    async with serving(settings, runtime_factory) as url:
        async with client(url, full) as session:
            every = {t.name: t for t in (await session.list_tools()).tools}
        async with client(url, read_only) as session:
            seen = {t.name for t in (await session.list_tools()).tools}
            refused = await session.call_tool("create_partner", {"name": "Sneaky Ltd"})
            allowed = await session.call_tool("get_revenue", {"month": "2026-03"})
    read_tools = {name for name, tool in every.items() if tool.annotations and tool.annotations.read_only_hint}
    assert seen == read_tools and len(seen) < len(every)
    assert refused.is_error and "read-only" in text_of(refused)
    assert not allowed.is_error
    assert vault_files(settings) == before, "a refused call files no request"


@pytest.mark.parametrize("header", [None, "Bearer omcp_not-a-token", "Bearer omcp_", "bearer", "Basic b3duZXI6c2VjcmV0"])
async def test_without_a_valid_token_nothing_runs(settings: Settings, runtime_factory: Any, header: str | None) -> None:
    store = open_token_store(settings)
    store.create("owner", read_only=False)
    before = vault_files(settings)
    async with serving(settings, runtime_factory) as url, httpx.AsyncClient() as http:
        headers = {**ACCEPT, **({"Authorization": header} if header else {})}
        answer = await http.post(url, json=INITIALIZE, headers=headers)
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "create_partner", "arguments": {"name": "X"}}}
        write = await http.post(url, json=call, headers=headers)
    assert answer.status_code == 401 and write.status_code == 401
    assert "www-authenticate" in {k.lower() for k in answer.headers}
    assert vault_files(settings) == before, "nothing was filed or written"


async def test_a_revoked_token_is_refused_at_once(settings: Settings, runtime_factory: Any) -> None:
    store = open_token_store(settings)
    token = store.create("old-laptop", read_only=False)
    headers = {**ACCEPT, "Authorization": f"Bearer {token}"}
    async with serving(settings, runtime_factory) as url, httpx.AsyncClient() as http:
        before = await http.post(url, json=INITIALIZE, headers=headers)
        store.revoke("old-laptop")
        after = await http.post(url, json=INITIALIZE, headers=headers)
    assert before.status_code == 200 and after.status_code == 401


@pytest.mark.parametrize(("text", "bind"), [("8000", ("127.0.0.1", 8000)), (":9", ("127.0.0.1", 9)), ("0.0.0.0:80", ("0.0.0.0", 80)),
                                            ("[::1]:8000", ("::1", 8000)), ("localhost:1", ("localhost", 1))])
def test_bind_defaults_to_loopback(text: str, bind: tuple[str, int]) -> None:
    parsed = Bind.parse(text)
    assert (parsed.host, parsed.port) == bind


@pytest.mark.parametrize("text", ["", "host", "1.2.3:80", "example.com:80", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x"])
def test_bad_binds_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="--http expects"):
        Bind.parse(text)


async def test_on_loopback_only_loopback_names_and_the_public_host_are_served(env: dict[str, str], runtime_factory: Any) -> None:
    settings = settings_from_mapping({**env, "ODOO_MCP_PUBLIC_URL": "https://mcp.example.test/mcp"})
    token = open_token_store(settings).create("proxy", read_only=True)
    async with serving(settings, runtime_factory) as url, httpx.AsyncClient() as http:
        auth = {**ACCEPT, "Authorization": f"Bearer {token}"}
        public = await http.post(url, json=INITIALIZE, headers={**auth, "Host": "mcp.example.test"})
        rebound = await http.post(url, json=INITIALIZE, headers={**auth, "Host": "attacker.example"})
        origin = await http.post(url, json=INITIALIZE, headers={**auth, "Origin": "https://attacker.example"})
    assert public.status_code == 200
    assert rebound.status_code == 421 and origin.status_code == 403


async def test_instances_sharing_a_postgresql_store_share_the_tokens(env: dict[str, str], runtime_factory: Any, postgres_url: str,
                                                                     tmp_path: Any) -> None:
    """Two instances (their own state folders, one PostgreSQL store): a token made once works on both, revoked once on neither."""
    first = settings_from_mapping({**env, "ODOO_MCP_STATE_URL": postgres_url, "ODOO_MCP_STATE_DIR": str(tmp_path / "a")})
    second = settings_from_mapping({**env, "ODOO_MCP_STATE_URL": postgres_url, "ODOO_MCP_STATE_DIR": str(tmp_path / "b")})
    owner = open_token_store(first)
    token = owner.create("shared", read_only=True)
    headers = {**ACCEPT, "Authorization": f"Bearer {token}"}
    async with serving(first, runtime_factory) as one, serving(second, runtime_factory) as two, httpx.AsyncClient() as http:
        before = [(await http.post(url, json=INITIALIZE, headers=headers)).status_code for url in (one, two)]
        owner.revoke("shared")
        after = [(await http.post(url, json=INITIALIZE, headers=headers)).status_code for url in (one, two)]
    assert before == [200, 200] and after == [401, 401]
