"""Turns a plain async service function into an MCP tool, once, for every tool.

Each tool is one pydantic input model plus one handler `(runtime, query) -> output model`.
The input model's fields become the tool's flat arguments (so a client calls
`list_invoices(state="posted")`, not `list_invoices(query={...})`), its validators run before the
handler, and known failures become one-line error results. The text block the model reads is a
compact rendering (`render`); the full typed answer travels as structured content.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, InputRequiredResult, TextContent, Tool as MCPTool, ToolAnnotations
from pydantic import BaseModel, ValidationError

from ..access import WRITE_SCOPE
from ..odoo import OdooError
from ..runtime import Runtime
from ..vault.neutral import one_line
from .schema import compact_schema
from .sdk_private import invalid_arguments, set_flat_signature

log = logging.getLogger(__name__)

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)

Progress = Callable[[float, float | None, str], None]
"""`progress(step, total, message)`: a handler taking a third parameter gets one; it reaches the
client as MCP progress notifications when the client asked for them (and costs nothing otherwise)."""

SANDBOX_LABEL = "[SANDBOX DEMO DATA: the built-in sandbox, not a real company's books]"

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True)


class UserFacingError(Exception):
    """A refusal or failure whose message is meant for the person (approval refused, limit hit ...)."""


def may_write() -> bool:
    """Whether this request may use tools that change anything (Odoo or the vault).

    Over HTTP every request carries a token and its scopes decide; a read-only token has no
    `odoo:write`. stdio and in-memory connections have no token: they are the owner's own process.
    """
    token = get_access_token()
    return token is None or WRITE_SCOPE in token.scopes


def is_read_only(tool: MCPTool) -> bool:
    return bool(tool.annotations and tool.annotations.read_only_hint)


class OdooMCPServer(MCPServer[Runtime]):
    """MCPServer that publishes compact schemas, reads argument errors as one line, and shows a
    read-only token only the read-only tools.

    All of it goes through the SDK's public `list_tools()` and `call_tool()` (see `sdk_private`, point 3).
    """

    _published: dict[str, MCPTool] | None = None  # tools/list as published, built on first use

    async def list_tools(self) -> list[MCPTool]:
        tools = (await self._published_tools()).values()
        return list(tools) if may_write() else [tool for tool in tools if is_read_only(tool)]

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Runtime, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        tool = (await self._published_tools()).get(name)
        if tool is not None and not is_read_only(tool) and not may_write():
            raise ToolError(f"Error executing tool {name}: this token is read-only; {name} changes Odoo or the vault")
        if tool is not None and arguments:
            accepted = set(tool.input_schema.get("properties", {}))
            unknown = sorted(set(arguments) - accepted)
            if unknown:
                # The SDK drops names it does not know: `list_invoices(stat="posted")` would list everything.
                listed = f"unknown argument(s) {', '.join(unknown)}; accepted: {', '.join(sorted(accepted))}"
                raise ToolError(one_line(f"Error executing tool {name}: {listed}"))
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            # An error may echo what the assistant sent or what Odoo stores (a number, a name):
            # folded to one line, it can say no more than the error it is.
            cause = invalid_arguments(exc)
            if cause is not None:
                raise ToolError(one_line(f"Error executing tool {name}: invalid arguments: {validation_message(cause)}")) from cause
            raise ToolError(one_line(str(exc))) from exc

    def add_tool(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._published = None
        super().add_tool(fn, *args, **kwargs)

    def remove_tool(self, name: str) -> None:
        self._published = None
        super().remove_tool(name)

    async def _published_tools(self) -> dict[str, MCPTool]:
        """The SDK's listing with each input and output schema compacted once (`server/schema.py`)."""
        if self._published is None:
            self._published = {
                tool.name: tool.model_copy(
                    update={
                        "input_schema": compact_schema(tool.input_schema),
                        "output_schema": None if tool.output_schema is None else compact_schema(tool.output_schema),
                    }
                )
                for tool in await super().list_tools()
            }
        return self._published


def validation_message(exc: ValidationError) -> str:
    """Pydantic's errors as one line: `field: problem; field: problem`."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("__root__", "query"))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if str(error.get("type", "")).startswith("date") and "YYYY-MM-DD" not in message:
            message += " (expected YYYY-MM-DD)"
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def add_tool(
    server: MCPServer[Runtime],
    name: str,
    *,
    input_model: type[In],
    output_model: type[Out],
    handler: Callable[[Runtime, In], Awaitable[Out]] | Callable[[Runtime, In, Progress], Awaitable[Out]],
    render: Callable[[Out], str],
    title: str,
    description: str,
    annotations: ToolAnnotations = READ_ONLY,
) -> None:
    wants_progress = len(inspect.signature(handler).parameters) >= 3

    async def tool(ctx: Context[Runtime], **arguments: Any) -> CallToolResult:
        runtime = ctx.request_context.lifespan_context
        try:
            query = input_model.model_validate({k: v for k, v in arguments.items() if v is not None})
        except ValidationError as exc:
            raise ToolError(f"invalid arguments: {validation_message(exc)}") from None
        sent: list[asyncio.Future[Any]] = []

        def progress(step: float, total: float | None, message: str) -> None:
            sent.append(asyncio.ensure_future(ctx.report_progress(step, total, message)))

        try:
            result = await (handler(runtime, query, progress) if wants_progress else handler(runtime, query))  # type: ignore[call-arg]  # wants_progress tells which of the two signatures it has
        except (OdooError, UserFacingError) as exc:
            log.info("%s failed: %s", name, exc)
            raise ToolError(str(exc)) from None
        finally:
            await asyncio.gather(*sent, return_exceptions=True)
        text = render(result)
        if runtime.settings.is_sandbox:
            text = f"{SANDBOX_LABEL}\n{text}"
        return CallToolResult(
            content=[TextContent(type="text", text=text)],
            structured_content=result.model_dump(mode="json"),
        )

    set_flat_signature(tool, name=name, input_model=input_model, output_model=output_model)
    server.add_tool(tool, name=name, title=title, description=description, annotations=annotations)
