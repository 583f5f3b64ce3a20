"""The `lookup` tool and the extended `find_partners` through the MCP protocol, on the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.server import build_server

pytestmark = pytest.mark.anyio


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


async def test_lookup_is_one_listed_tool_with_a_kind_enum(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    tool = tools["lookup"]
    assert tool.annotations and tool.annotations.read_only_hint is True
    assert tool.description and len(tool.description) < 200
    kind = tool.input_schema["properties"]["kind"]
    assert kind["enum"] == ["tax", "payment_term", "journal", "product", "currency"]
    assert tool.input_schema["required"] == ["kind"]


@pytest.mark.parametrize(
    ("arguments", "listed", "line"),
    [
        ({"kind": "tax", "text": "SALES"}, "taxes", "|Sales 15%|sale|percent|15|no|yes|name contains 'sales'"),
        ({"kind": "payment_term", "text": "days 30"}, "payment_terms", "|30 Days|yes|percent 100, 30 days days_after|"),
        ({"kind": "journal", "text": "bnk1"}, "journals", "|BNK1|Bank|bank|USD|yes|code contains 'bnk1'"),
        ({"kind": "product", "text": "café"}, "products", "|CAFE-01|Café crème capsules|4.5|1.2|Units|||yes|name contains 'cafe'"),
        ({"kind": "currency", "text": "dollar"}, "currencies", "|USD|United States dollar|$|1.0|1.0|yes|yes|name contains 'dollar'"),
    ],
)
async def test_lookup_answers_each_kind(
    settings: Settings, runtime_factory: Any, arguments: dict[str, Any], listed: str, line: str
) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("lookup", arguments)
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["total"] == len(data[listed]) == 1 and data["kind"] == arguments["kind"]
    assert line in text_of(result)
    assert text_of(result).startswith("[SANDBOX DEMO DATA")


async def test_lookup_misses_name_the_nearest_and_bad_kinds_are_one_line(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        miss = await client.call_tool("lookup", {"kind": "product", "text": "standng desk"})
        bad = await client.call_tool("lookup", {"kind": "vat"})
    assert not miss.is_error and (miss.structured_content or {})["suggestions"] == ["Standing desk"]
    assert "nothing matched; nearest names: Standing desk" in text_of(miss)
    assert bad.is_error and "kind" in text_of(bad) and "\n" not in text_of(bad)


async def test_find_partners_words_any_order_and_accents(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        created = await client.call_tool("find_partners", {"text": "corporation ACMÉ"})
        miss = await client.call_tool("find_partners", {"text": "Acmme Corp"})
    data = created.structured_content or {}
    assert [p["name"] for p in data["items"]] == ["Acme Corporation"]
    assert data["items"][0]["matched"] == "name contains 'corporation' and 'acme'"
    assert "|name contains 'corporation' and 'acme'" in text_of(created)
    assert (miss.structured_content or {})["suggestions"] == ["Acme Corporation"]


async def test_missing_invoice_names_nearest_numbers_in_one_line(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        listed = await client.call_tool("list_invoices", {"state": "posted", "limit": 1})
        number = (listed.structured_content or {})["items"][0]["number"]
        result = await client.call_tool("get_invoice", {"number": number + "9"})
    text = text_of(result)
    assert result.is_error and "\n" not in text
    assert f"No invoice or bill {number}9 found; nearest existing numbers: {number}" in text
