"""Everything odoo-mcp relies on in the `mcp` SDK beyond what it documents, in one place.

`MCPServer.add_tool(fn)` derives a tool's input schema, its argument validation and its output
schema from the function's signature; there is no public way to pass them explicitly, to look up
or to change what a registered tool publishes. odoo-mcp needs all three, so it depends on these
undocumented behaviours of the SDK (checked against mcp 2.3):

1. The signature is read with `inspect.signature(fn, eval_str=True)`, which honours
   `__signature__`. `set_flat_signature` gives the tool function one built from the input model's
   fields, so a client calls `list_invoices(state="posted")` rather than `list_invoices(query={})`;
   each parameter is `Annotated[type, FieldInfo]`, so constraints (`ge=1`), defaults and
   descriptions reach the published schema and the SDK's own validation. The return annotation
   `Annotated[CallToolResult, Model]` publishes `Model`'s schema and validates the structured
   content against `Model` while the tool still returns its own text block.
2. Arguments the SDK's validation rejects arrive as `ToolError` whose `__cause__` is pydantic's
   `ValidationError` (`invalid_arguments`); names the schema does not list are dropped silently,
   which is why the adapter refuses them itself.
3. The server answers `tools/list` through its public `list_tools()` and `tools/call` through
   `call_tool(name, arguments, context)`, so a subclass overriding them changes what goes on the
   wire: `server/adapter.py` publishes compact output schemas and refuses unknown arguments there.

No private attribute is touched: the adapter used to reach into `MCPServer._tool_manager` to
rewrite a tool's output schema and read its input schema; the public `list_tools()` gives both.
`tests/unit/test_sdk_private.py` checks each point against the installed SDK and fails naming the
point when an upgrade changes it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import BaseModel, ValidationError


def set_flat_signature(
    fn: Callable[..., Any], *, name: str, input_model: type[BaseModel], output_model: type[BaseModel]
) -> None:
    """Make `fn(ctx, **arguments)` read, to the SDK, as one keyword parameter per field of `input_model` (point 1)."""
    parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
    hints: dict[str, Any] = {"ctx": Context}
    for field_name, field in input_model.model_fields.items():
        annotation = Annotated[field.annotation, field]  # type: ignore[name-defined]  # a type built at run time, per field
        # A default_factory stays on the FieldInfo (pydantic refuses it next to a plain default).
        default = inspect.Parameter.empty if field.is_required() or field.default_factory else field.default
        parameters.append(inspect.Parameter(field_name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
        hints[field_name] = annotation
    returns = Annotated[CallToolResult, output_model]
    fn.__signature__ = inspect.Signature(parameters, return_annotation=returns)  # type: ignore[attr-defined]  # inspect.signature reads this attribute of any callable
    fn.__annotations__ = {**hints, "return": returns}
    fn.__name__ = name


def invalid_arguments(exc: ToolError) -> ValidationError | None:
    """The pydantic error behind a `ToolError` the SDK raised for bad arguments, if that is what it is (point 2)."""
    return exc.__cause__ if isinstance(exc.__cause__, ValidationError) else None
