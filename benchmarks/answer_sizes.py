"""How big the answers and the tool listing are, against a baseline measured in the same run.

A model reads `tools/list` at the start of every conversation and every answer in full, so size is
context spent. Baselines: an answer's text against its structured content as pretty JSON (what a
client shows without our text), and the published listing against the SDK's own, uncompacted one.
Tokens are estimated as bytes / 4 (no tokenizer ships offline); ratios are exact.

    .venv/bin/python benchmarks/answer_sizes.py        # on the sandbox, no Odoo needed
"""

from __future__ import annotations

import json
import tempfile
from typing import Any

import anyio
from mcp import Client
from mcp.server.mcpserver import MCPServer

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.server import build_server

ROWS = 50
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("list_invoices", {"limit": ROWS, "include_refunds": True}),
    ("list_vendor_bills", {"limit": ROWS, "include_refunds": True}),
    ("list_payments", {"limit": ROWS}),
    ("find_partners", {"limit": ROWS}),
    ("get_overdue_invoices", {"limit": ROWS}),
    ("get_receivables_by_partner", {"limit": ROWS}),
]


def _listing_bytes(tools: list[Any]) -> int:
    return len(json.dumps([t.model_dump(mode="json", exclude_none=True, by_alias=True) for t in tools]))


def _model_bytes(tools: list[Any]) -> int:
    """What a model is shown of a tool: name, description and input schema (output schemas are for programs)."""
    return len(json.dumps([[t.name, t.description, t.input_schema] for t in tools]))


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_from_mapping({"ODOO_URL": "sandbox", "VAULT_PATH": f"{tmp}/vault", "ODOO_MCP_STATE_DIR": f"{tmp}/state"})
        server = build_server(settings)
        async with Client(server) as client:
            published = (await client.list_tools()).tools
            sdk = await MCPServer.list_tools(server)  # the SDK's own listing, before compaction
            print(f"tools/list: {len(published)} tools")
            print(f"  published {_listing_bytes(published):7d} bytes (~{_listing_bytes(published) // 4} tokens); "
                  f"SDK's own {_listing_bytes(sdk):7d}; ratio {_listing_bytes(published) / _listing_bytes(sdk):.2f}")
            shown, shown_sdk = _model_bytes(published), _model_bytes(sdk)
            print(f"  shown to a model (name, description, input schema) {shown:6d} bytes "
                  f"(~{shown // 4} tokens); SDK's own {shown_sdk}; ratio {shown / shown_sdk:.2f}")
            print(f"answers of up to {ROWS} rows: text bytes, rows, structured content as pretty JSON, ratio")
            for name, arguments in CALLS:
                result = await client.call_tool(name, arguments)
                text = "\n".join(block.text for block in result.content if hasattr(block, "text"))
                pretty = json.dumps(result.structured_content, indent=2)
                rows = max(0, len(text.splitlines()) - 3)
                size = len(text.encode())
                print(f"  {name:28s} {size:6d} bytes, ~{rows:3d} rows; JSON {len(pretty):6d}; ratio {size / len(pretty):.2f}")


if __name__ == "__main__":
    anyio.run(main)
