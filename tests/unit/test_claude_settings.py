"""`.claude/settings.json`: every tool the server publishes has a rule, and the assistant cannot reach around the gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.server import build_server

pytestmark = pytest.mark.anyio

SETTINGS = Path(__file__).resolve().parents[2] / ".claude" / "settings.json"


def rules() -> dict[str, list[str]]:
    permissions: dict[str, list[str]] = json.loads(SETTINGS.read_text(encoding="utf-8"))["permissions"]
    return permissions


async def test_read_tools_are_allowed_and_every_tool_that_changes_odoo_asks(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        tools = (await client.list_tools()).tools
    allow, ask = set(rules()["allow"]), set(rules()["ask"])
    for tool in tools:
        name = f"mcp__odoo__{tool.name}"
        assert name in allow or name in ask, f"{tool.name} has no rule in .claude/settings.json"
        if tool.annotations and tool.annotations.read_only_hint:
            assert name in allow, tool.name
        elif tool.name not in ("sync_accounting", "generate_briefing"):  # they write only the vault's own reports
            assert name in ask, f"{tool.name} changes Odoo (or fetches from it into the vault): the owner is asked"
    published = {f"mcp__odoo__{t.name}" for t in tools}
    assert (allow | ask) - published == set(), "rules for tools that no longer exist"


def test_the_assistant_cannot_read_the_credentials_or_loosen_its_own_rules() -> None:
    deny = set(rules()["deny"])
    for rule in ("Read(.env)", "Edit(.env)", "Write(.env)", "Edit(.claude/**)", "Write(.claude/**)", "Edit(.mcp.json)",
                 "Read(.state/**)", "Bash(odoo-mcp approvals approve:*)", "Bash(odoo-mcp tokens:*)", "Bash(sqlite3:*)", "Bash(psql:*)"):
        assert rule in deny, rule
