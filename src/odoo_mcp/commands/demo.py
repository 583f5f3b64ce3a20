"""`odoo-mcp demo`: a new user's first look, through the real protocol.

Starts `odoo-mcp serve` on the sandbox as a subprocess, talks to it over stdio with the
official MCP client (exactly as Claude Code would), prints what an assistant would see, and
ends with the `.mcp.json` snippet to connect Claude Code. Every figure shown is sandbox data
and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

CALLS: list[tuple[str, dict[str, Any]]] = [
    ("odoo_status", {}),
    ("get_revenue", {}),
    ("get_overdue_invoices", {"limit": 5}),
    ("list_invoices", {"limit": 5}),
    ("get_profit_and_loss", {}),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vault", default=os.environ.get("VAULT_PATH", "AI_Employee_Vault"), help="vault folder to expose")


def server_env(vault: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("HOME", "PATH", "LANG", "TMPDIR", "SYSTEMROOT")}
    env.update({"ODOO_URL": "sandbox", "VAULT_PATH": vault, "LOG_LEVEL": "WARNING"})
    return env


async def session(vault: str, out: Any = sys.stdout) -> int:
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(
        command=sys.executable, args=["-m", "odoo_mcp", "--env-file", os.devnull, "serve"], env=server_env(vault)
    )
    def say(text: str = "") -> None:
        print(text, file=out)

    async with Client(params) as client:
        tools = (await client.list_tools()).tools
        say(f"== Connected over stdio: {len(tools)} tools ==")
        for tool in tools:
            kind = _kind(tool)
            say(f"  {tool.name:<22} {kind:<24} {tool.description or ''}")
        templates = (await client.list_resource_templates()).resource_templates
        say(f"\n== Vault resources: {', '.join(t.uri_template for t in templates)} ==")
        for name, arguments in CALLS:
            result = await client.call_tool(name, arguments)
            text = "\n".join(getattr(block, "text", "") for block in result.content)
            say(f"\n== {name}({json.dumps(arguments) if arguments else ''}) [SANDBOX DATA] ==")
            say(text if not result.is_error else f"ERROR: {text}")
    say("\n== Connect Claude Code: this is .mcp.json (see README); settings come from .env ==")
    say(json.dumps(mcp_json_snippet(), indent=2))
    say("To try Claude Code on the sandbox first: echo ODOO_URL=sandbox > .env")
    say("\nEverything above is sandbox demo data. Point ODOO_URL at your Odoo to see your own books.")
    return 0


def _kind(tool: Any) -> str:
    if tool.annotations and tool.annotations.read_only_hint:
        return "read-only"
    if "approval_id" in (tool.input_schema.get("properties") or {}):
        return "Odoo write, approval"
    return "writes vault files"


def mcp_json_snippet() -> dict[str, Any]:
    """What Claude Code needs; ODOO_* stay in .env so that no secret lands in .mcp.json."""
    command = Path(sys.executable).with_name("odoo-mcp")
    return {
        "mcpServers": {
            "odoo": {
                "command": str(command) if command.exists() else "odoo-mcp",
                "args": ["serve"],
                "env": {"VAULT_PATH": "${VAULT_PATH:-./AI_Employee_Vault}"},
            }
        }
    }


def run(args: argparse.Namespace) -> int:
    vault = str(Path(args.vault).resolve())
    return asyncio.run(session(vault))
