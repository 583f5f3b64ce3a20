"""The `mcp` SDK behaviours that `odoo_mcp.server.sdk_private` documents, checked against the installed SDK.

Each test names the point of that module's docstring it guards, so an SDK upgrade that changes one
fails here, with what changed, instead of as a confusing error in a tool test.
"""

from __future__ import annotations

import inspect
import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import pytest
from mcp import Client
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, Tool as MCPTool
from pydantic import BaseModel, Field, ValidationError

from odoo_mcp.server import sdk_private
from odoo_mcp.server.sdk_private import invalid_arguments, set_flat_signature

pytestmark = pytest.mark.anyio

SDK = f"mcp {version('mcp')}"
SRC = Path(sdk_private.__file__).resolve().parents[1]


def changed(point: int, what: str) -> str:
    return f"{SDK} changed what odoo_mcp/server/sdk_private.py relies on (point {point}): {what}"


class Query(BaseModel):
    month: str
    limit: int = Field(20, ge=1, description="rows per page")
    state: Literal["draft", "posted"] | None = None
    tags: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    received: dict[str, Any]
    note: str | None = None


def probe_server(server_class: type[MCPServer[Any]] = MCPServer) -> tuple[MCPServer[Any], list[Any]]:
    """A server with one tool registered exactly as the adapter registers its tools; the list gets each ctx."""
    contexts: list[Any] = []

    async def tool(ctx: Context, **arguments: Any) -> CallToolResult:
        contexts.append(ctx)
        answer = Answer(received=arguments)
        return CallToolResult(
            content=[TextContent(type="text", text=json.dumps(arguments))], structured_content=answer.model_dump(mode="json")
        )

    set_flat_signature(tool, name="probe", input_model=Query, output_model=Answer)
    server = server_class("probe")
    server.add_tool(tool, name="probe", description="probe")
    return server, contexts


async def test_flat_signature_is_the_published_input_and_output_schema() -> None:
    server, _ = probe_server()
    listed = {tool.name: tool for tool in await server.list_tools()}
    assert "probe" in listed, changed(1, f"a tool added with add_tool(fn, name=...) is not listed: {sorted(listed)}")
    schema = listed["probe"].input_schema
    properties = schema.get("properties", {})
    assert set(properties) == {"month", "limit", "state", "tags"}, changed(
        1, f"the input schema no longer comes from __signature__ (properties {sorted(properties)})"
    )
    assert schema.get("required") == ["month"], changed(1, f"required arguments are now {schema.get('required')}")
    assert properties["limit"].get("minimum") == 1 and properties["limit"].get("description") == "rows per page", changed(
        1, f"Annotated[type, FieldInfo] no longer carries constraints and descriptions: {properties['limit']}"
    )
    output = listed["probe"].output_schema or {}
    assert set(output.get("properties", {})) == {"received", "note"}, changed(
        1, f"Annotated[CallToolResult, Model] no longer publishes Model's schema: {output}"
    )


async def test_the_tool_gets_the_context_and_validated_flat_arguments() -> None:
    server, contexts = probe_server()
    result = await server.call_tool("probe", {"month": "2026-10", "limit": "5"})
    assert isinstance(result, CallToolResult), changed(1, f"call_tool returned {type(result).__name__}, not the tool's CallToolResult")
    received = (result.structured_content or {}).get("received")
    assert received == {"month": "2026-10", "limit": 5, "state": None, "tags": []}, changed(
        1, f"the tool no longer receives one validated keyword per field: {received}"
    )
    assert len(contexts) == 1 and isinstance(contexts[0], Context), changed(1, "the parameter annotated Context no longer receives it")


async def test_bad_arguments_are_a_tool_error_caused_by_pydantic() -> None:
    server, _ = probe_server()
    with pytest.raises(ToolError) as caught:
        await server.call_tool("probe", {"month": "2026-10", "limit": 0})
    cause = invalid_arguments(caught.value)
    assert isinstance(cause, ValidationError), changed(
        2, f"a rejected argument is {type(caught.value).__name__} caused by {type(caught.value.__cause__).__name__}"
    )
    assert [error["loc"] for error in cause.errors()] == [("limit",)], changed(2, f"errors are located at {cause.errors()}")


async def test_unknown_arguments_are_dropped_silently() -> None:
    """Why the adapter refuses them: if this fails, the SDK refuses them itself and that check can go."""
    server, _ = probe_server()
    result = await server.call_tool("probe", {"month": "2026-10", "stat": "posted"})
    received = (result.structured_content or {}).get("received", {}) if isinstance(result, CallToolResult) else {}
    assert "stat" not in received and received.get("month") == "2026-10", changed(2, f"an unknown argument now gives {result}")


def test_the_methods_odoo_mcp_overrides_keep_their_signatures() -> None:
    expected = {
        "list_tools": ["self"],
        "call_tool": ["self", "name", "arguments", "context"],
        "add_tool": ["self", "fn"],
        "remove_tool": ["self", "name"],
    }
    for method, names in expected.items():
        assert hasattr(MCPServer, method), changed(3, f"MCPServer.{method} is gone")
        found = list(inspect.signature(getattr(MCPServer, method)).parameters)[: len(names)]
        assert found == names, changed(3, f"MCPServer.{method} now takes {found}, not {names}")
    assert inspect.iscoroutinefunction(MCPServer.list_tools) and inspect.iscoroutinefunction(MCPServer.call_tool), changed(
        3, "list_tools / call_tool are no longer coroutines"
    )


async def test_overridden_list_tools_and_call_tool_are_what_a_client_sees() -> None:
    calls: list[str] = []

    class Overriding(MCPServer[Any]):
        async def list_tools(self) -> list[MCPTool]:
            return [tool.model_copy(update={"title": "from the override"}) for tool in await super().list_tools()]

        async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
            calls.append(name)
            return await super().call_tool(name, arguments, context)

    server, _ = probe_server(Overriding)
    async with Client(server) as client:
        titles = [tool.title for tool in (await client.list_tools()).tools]
        result = await client.call_tool("probe", {"month": "2026-10"})
    assert titles == ["from the override"], changed(3, f"tools/list no longer goes through list_tools(): titles {titles}")
    assert calls == ["probe"] and not result.is_error, changed(3, f"tools/call no longer goes through call_tool(): calls {calls}, {result}")


def test_no_private_sdk_attribute_is_used_anywhere_in_the_package() -> None:
    """New private access belongs in sdk_private.py, with its reason and a test here."""
    private = re.compile(r"\._(tool_manager|resource_manager|prompt_manager|lowlevel_server|subscriptions)\b|\bfn_metadata\b")
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if path.name != "sdk_private.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert not found, f"SDK private attributes used outside server/sdk_private.py: {found}"
