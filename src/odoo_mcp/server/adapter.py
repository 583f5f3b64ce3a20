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
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ValidationError

from ..odoo import OdooError
from ..runtime import Runtime
from .schema import compact_schema

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


class OdooMCPServer(MCPServer[Runtime]):
    """MCPServer whose argument errors read as one line (`limit: Input should be >= 1`), not pydantic's dump."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        unknown = self._unknown_arguments(name, arguments)
        if unknown:
            # The SDK drops names it does not know: `list_invoices(stat="posted")` would list everything.
            accepted = ", ".join(sorted(self._accepted(name)))
            raise ToolError(f"Error executing tool {name}: unknown argument(s) {', '.join(unknown)}; accepted: {accepted}")
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                raise ToolError(f"Error executing tool {name}: invalid arguments: {validation_message(exc.__cause__)}") from exc.__cause__
            raise


    def _accepted(self, name: str) -> set[str]:
        tool = self._tool_manager.get_tool(name)  # the SDK has no public lookup of a tool's input schema
        return set((tool.parameters or {}).get("properties", {})) if tool is not None else set()

    def _unknown_arguments(self, name: str, arguments: dict[str, Any] | None) -> list[str]:
        if not arguments or self._tool_manager.get_tool(name) is None:
            return []
        return sorted(set(arguments) - self._accepted(name))


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
            result = await (handler(runtime, query, progress) if wants_progress else handler(runtime, query))  # type: ignore[call-arg]
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

    parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
    hints: dict[str, Any] = {"ctx": Context}
    for field_name, field in input_model.model_fields.items():
        annotation = Annotated[field.annotation, field]
        # A default_factory stays on the FieldInfo (pydantic refuses it next to a plain default).
        default = inspect.Parameter.empty if field.is_required() or field.default_factory else field.default
        parameters.append(inspect.Parameter(field_name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
        hints[field_name] = annotation
    returns = Annotated[CallToolResult, output_model]
    tool.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]
    tool.__annotations__ = {**hints, "return": returns}
    tool.__name__ = name
    server.add_tool(tool, name=name, title=title, description=description, annotations=annotations)
    registered = server._tool_manager.get_tool(name)  # the SDK has no public hook for the published schema
    if registered is not None and registered.fn_metadata.output_schema is not None:
        registered.fn_metadata.output_schema = compact_schema(registered.fn_metadata.output_schema)
