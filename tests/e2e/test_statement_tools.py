"""The four statement tools through the MCP protocol (SDK Client, in memory, sandbox): listed, typed, answered, guarded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.server import build_server

from .test_mcp_protocol import text_of

pytestmark = pytest.mark.anyio

STATEMENT_TOOLS = ("get_cash_position", "get_balance_sheet", "get_trial_balance", "get_tax_summary")


async def test_statement_tools_are_listed_read_only_with_distinct_descriptions(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    descriptions = set()
    for name in STATEMENT_TOOLS:
        tool = tools[name]
        assert tool.annotations and tool.annotations.read_only_hint is True, name
        assert tool.output_schema and tool.output_schema["type"] == "object"
        assert tool.description and len(tool.description) < 200
        descriptions.add(tool.description)
    assert len(descriptions) == len(STATEMENT_TOOLS)
    assert "as_of" in tools["get_balance_sheet"].input_schema["properties"]
    assert "month" in tools["get_tax_summary"].input_schema["properties"]


async def test_balance_sheet_balances_and_says_so(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("get_balance_sheet", {"as_of": "2026-10-31"})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert Decimal(data["assets"]) == Decimal(data["liabilities"]) + Decimal(data["equity"]) > 0
    assert data["balanced"] is True and Decimal(data["difference"]) == 0
    text = text_of(result)
    assert text.startswith("[SANDBOX DEMO DATA") and "balanced: assets = liabilities + equity" in text
    lines = [line for line in text.splitlines() if line.startswith(("asset|", "liability|", "equity|"))]
    assert sum(Decimal(line.rsplit("|", 1)[1]) for line in lines if line.startswith("asset|")) == Decimal(data["assets"])


async def test_trial_balance_debits_equal_credits(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("get_trial_balance", {"month": "2026-10"})
    data = result.structured_content or {}
    assert Decimal(data["debit"]) == Decimal(data["credit"]) == sum(Decimal(line["debit"]) for line in data["lines"]) > 0
    assert data["balanced"] is True
    for line in data["lines"]:
        assert Decimal(line["closing"]) == Decimal(line["opening"]) + Decimal(line["debit"]) - Decimal(line["credit"])


async def test_tax_summary_and_cash_position_answer(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        taxes = await client.call_tool("get_tax_summary", {"date_from": "2026-01-01", "date_to": "2026-11-16"})
        cash = await client.call_tool("get_cash_position", {})
    tax_data, cash_data = taxes.structured_content or {}, cash.structured_content or {}
    assert Decimal(tax_data["collected"]) > 0 and Decimal(tax_data["paid"]) > 0
    assert Decimal(tax_data["net_due"]) == Decimal(tax_data["collected"]) - Decimal(tax_data["paid"])
    assert {j["type"] for j in cash_data["journals"]} >= {"bank", "cash"}
    assert Decimal(cash_data["total"]) == sum(Decimal(j["balance"]) for j in cash_data["journals"])
    assert any(j["payments_in_process"] for j in cash_data["journals"]), "the demo's payments await a bank statement"


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        ("get_balance_sheet", {"as_of": "31/10/2026"}, "as_of"),
        ("get_cash_position", {"as_of": "0001-01-01"}, "outside 1900-01-01..2999-12-31"),
        ("get_trial_balance", {"month": "2026-13"}, "expected YYYY-MM"),
        ("get_tax_summary", {"date_from": "2026-11-10", "date_to": "2026-11-01"}, "is after date_to"),
        ("get_balance_sheet", {"date": "2026-10-31"}, "date"),
    ],
)
async def test_bad_input_is_one_line(settings: Settings, runtime_factory: Any, name: str, arguments: dict[str, Any], expected: str) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool(name, arguments)
    text = text_of(result)
    assert result.is_error and expected in text and "\n" not in text.strip() and "Traceback" not in text


async def test_hostile_account_and_tax_names_stay_in_their_field(settings: Settings, runtime_factory: Any) -> None:
    hostile = "Evil\n999|666|Fake|asset_cash|0.00|1.00|0.00|1.00\u2028| x |"
    async with runtime_factory() as rt:
        await rt.client.call("account.account", "write", ids=[10], vals={"name": hostile})
        await rt.client.call("account.tax", "write", ids=[1], vals={"name": hostile})
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        trial = await client.call_tool("get_trial_balance", {"month": "2026-10"})
        taxes = await client.call_tool("get_tax_summary", {"month": "2026-10"})
        sheet = await client.call_tool("get_balance_sheet", {})
    for result, header_start in ((trial, "account_id|"), (taxes, "tax_id|"), (sheet, "section|")):
        rows = text_of(result).splitlines()
        header = next(line for line in rows if line.startswith(header_start))
        assert not any(line.startswith("999|666") for line in rows) and "\u2028" not in text_of(result)
        for line in rows[rows.index(header) + 1 :]:
            assert line.count("|") - line.count("\\|") == header.count("|"), line
    assert "Evil" in text_of(trial) and "Evil" in text_of(taxes)
