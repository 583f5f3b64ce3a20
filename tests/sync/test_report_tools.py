"""`sync_accounting`, `generate_briefing` and `monday_briefing` through a real MCP client, in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.reports import month_file
from odoo_mcp.reports.markdown import money
from odoo_mcp.server import build_server

pytestmark = pytest.mark.anyio


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


async def test_report_tools_are_listed_as_vault_writers(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    for name in ("sync_accounting", "generate_briefing"):
        hints = tools[name].annotations
        assert hints is not None
        assert (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint, hints.open_world_hint) == (False, False, True, True)
        assert tools[name].output_schema and len(tools[name].description or "") < 300
    assert tools["sync_accounting"].input_schema["properties"]["months"]["items"]["pattern"], "each month is checked YYYY-MM"
    assert [a.name for a in prompts["monday_briefing"].arguments or []] == ["date"]


async def test_sync_accounting_writes_the_month_and_reports_it(settings: Settings, runtime_factory: Any, vault_path: Path) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("sync_accounting", {"months": ["2026-10"]})
        again = await client.call_tool("sync_accounting", {})
        bad = await client.call_tool("sync_accounting", {"months": ["October"]})
    assert not result.is_error, text_of(result)
    data = result.structured_content
    assert data and data["ok"] is True and data["source"] == "sandbox"
    assert [m["path"] for m in data["months"]] == ["Accounting/2026-10.md", "Accounting/2026-11.md"]
    assert data["events_created"] and text_of(result).splitlines()[1].startswith("sync ok (sandbox)")
    assert again.structured_content and again.structured_content["events_created"] == []
    snap, _ = month_file.parse((vault_path / "Accounting" / "2026-11.md").read_text(encoding="utf-8"))
    assert f"revenue {money(snap.revenue)} USD" in text_of(result)
    assert bad.is_error and "months" in text_of(bad)


async def test_sync_accounting_with_odoo_down_says_the_files_are_stale(settings: Settings, runtime_factory: Any, sandbox: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        await client.call_tool("sync_accounting", {})
        sandbox.offline = True
        result = await client.call_tool("sync_accounting", {})
    assert not result.is_error
    assert result.structured_content and result.structured_content["ok"] is False
    assert "marked stale" in text_of(result) and "do not present them as current" in text_of(result)


async def test_generate_briefing_and_the_prompt(settings: Settings, runtime_factory: Any, vault_path: Path) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("generate_briefing", {"date": "2026-11-16"})
        prompt = await client.get_prompt("monday_briefing", {"date": "2026-11-16"})
        default = await client.get_prompt("monday_briefing", {})
        wrong = await client.get_prompt("monday_briefing", {"date": "next monday"})
        bad = await client.call_tool("generate_briefing", {"date": "16/11/2026"})
    assert not result.is_error, text_of(result)
    assert result.structured_content and result.structured_content["path"] == "Briefings/2026-11-16_Monday_Briefing.md"
    assert (vault_path / "Briefings" / "2026-11-16_Monday_Briefing.md").is_file()
    assert "vault://briefings/2026-11-16_Monday_Briefing" in text_of(result)
    text = prompt.messages[0].content.text  # type: ignore[union-attr]
    assert 'generate_briefing with date="2026-11-16"' in text and "vault://briefings/2026-11-16_Monday_Briefing" in text
    assert "never round, estimate or invent" in text
    assert "no arguments" in default.messages[0].content.text  # type: ignore[union-attr]
    assert "not YYYY-MM-DD" in wrong.messages[0].content.text  # type: ignore[union-attr]
    assert bad.is_error


async def test_generate_briefing_offline_with_nothing_synced_is_a_clear_error(
    settings: Settings, runtime_factory: Any, sandbox: Any
) -> None:
    sandbox.offline = True
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("generate_briefing", {})
    assert result.is_error and "nothing true to report" in text_of(result)
