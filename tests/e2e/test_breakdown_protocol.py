"""The breakdown, the period comparison and the period/date format errors, through the MCP protocol on the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from odoo_mcp.accounting.breakdown import BreakdownQuery, income_expense_breakdown
from odoo_mcp.accounting.comparison import ComparisonQuery, compare_periods
from odoo_mcp.config import Settings
from odoo_mcp.server import build_server

from .test_mcp_protocol import text_of

pytestmark = pytest.mark.anyio

LINE = {"description": "Consulting", "unit_price": "100"}
PERIOD_ERROR = "month: expected YYYY-MM, YYYY-Qn or YYYY (e.g. 2026-10, 2026-Q3, 2026); got '10/2026'"


def day_error(field: str) -> str:
    return f"{field}: expected YYYY-MM-DD (e.g. 2026-10-31); got '10/2026'"


async def test_three_biggest_expense_accounts_in_one_call(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        top = await client.call_tool("get_income_expense_breakdown", {"side": "expense", "by": "account", "limit": 3, "month": "2026"})
        everything = await client.call_tool("get_income_expense_breakdown", {"side": "expense", "limit": 200, "month": "2026"})
    assert not top.is_error, text_of(top)
    data, full = top.structured_content or {}, everything.structured_content or {}
    assert [r["id"] for r in data["items"]] == [r["id"] for r in full["items"][:3]] and full["total"] > 3
    amounts = [float(r["amount"]) for r in full["items"]]
    assert amounts == sorted(amounts, reverse=True) and data["expenses"] == full["expenses"] and data["next_offset"] == 3
    assert all(r["code"] and r["section"] == "expense" for r in data["items"])
    text = text_of(top)
    assert text.startswith("[SANDBOX DEMO DATA") and "by accounting date" in text and "journal items" in text
    rows = [line for line in text.splitlines() if line.startswith("expense|")]
    assert len(rows) == 3 and all(f"|{r['code']}|" in line for r, line in zip(data["items"], rows, strict=True))


async def test_comparison_through_the_protocol(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("compare_periods", {"month": "2026-Q3"})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert (data["current"]["period"], data["previous"]["period"]) == (
        {"date_from": "2026-07-01", "date_to": "2026-09-30"},
        {"date_from": "2026-04-01", "date_to": "2026-06-30"},
    )
    assert {c["figure"] for c in data["vs_previous"]} == {"income", "expenses", "net", "invoiced_revenue"}
    text = text_of(result)
    assert "accounting date" in text and "invoice date" in text
    if any(c["percent"] is None for c in data["vs_last_year"]):
        assert "n/a (base is zero)" in text
    assert text.splitlines()[-4].startswith("income|") and text.count("\n") == 7


async def test_each_answer_is_one_odoo_round_trip_per_grouping(runtime_factory: Any) -> None:
    async with runtime_factory() as rt:
        await rt.accounting.company()  # cached once per process
        sent: list[str] = []
        call = rt.client.call

        async def counting(model: str, method: str, **kwargs: Any) -> Any:
            sent.append(f"{model}.{method}")
            return await call(model, method, **kwargs)

        rt.client.call = counting  # type: ignore[method-assign]
        await income_expense_breakdown(rt.accounting, BreakdownQuery(month="2026-Q3", by="product"))
        assert sent == ["account.move.line.formatted_read_group"]
        sent.clear()
        await compare_periods(rt.accounting, ComparisonQuery(month="2026"))
        assert sorted(sent) == ["account.move.formatted_read_group", "account.move.line.formatted_read_group"]


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        *(
            (tool, {"month": "10/2026"}, PERIOD_ERROR)
            for tool in ("get_revenue", "get_expenses", "get_profit_and_loss", "get_income_expense_breakdown", "compare_periods")
        ),
        *(
            (tool, {field: "10/2026"}, day_error(field))
            for tool in (
                "list_invoices",
                "list_vendor_bills",
                "list_payments",
                "get_revenue",
                "get_income_expense_breakdown",
                "compare_periods",
            )
            for field in ("date_from", "date_to")
        ),
        ("create_invoice", {"partner_id": 1, "lines": [LINE], "invoice_date": "10/2026"}, day_error("invoice_date")),
        ("create_invoice", {"partner_id": 1, "lines": [LINE], "due_date": "10/2026"}, day_error("due_date")),
        ("create_vendor_bill", {"partner_id": 1, "ref": "B1", "lines": [LINE], "invoice_date": "10/2026"}, day_error("invoice_date")),
        ("register_payment", {"invoices": [1], "payment_date": "10/2026"}, day_error("payment_date")),
        *(
            (tool, {"as_of": "10/2026"}, day_error("as_of"))
            for tool in ("get_overdue_invoices", "get_overdue_bills", "get_receivables_by_partner", "get_payables_by_partner")
        ),
    ],
)
async def test_a_wrong_date_or_period_answers_one_line_naming_the_forms(
    settings: Settings, runtime_factory: Any, name: str, arguments: dict[str, Any], expected: str
) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool(name, arguments)
    text = text_of(result)
    assert result.is_error and text.endswith(expected) and "\n" not in text.strip(), text


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [("2026-10", "2026-10-01", "2026-10-31"), ("2026-Q3", "2026-07-01", "2026-09-30"), ("2026", "2026-01-01", "2026-12-31")],
)
async def test_existing_period_tools_take_quarters_and_years(
    settings: Settings, runtime_factory: Any, period: str, first: str, last: str
) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        for tool in ("get_revenue", "get_expenses", "get_profit_and_loss", "get_income_expense_breakdown"):
            shortcut = await client.call_tool(tool, {"month": period})
            by_range = await client.call_tool(tool, {"date_from": first, "date_to": last})
            assert not shortcut.is_error, text_of(shortcut)
            assert shortcut.structured_content == by_range.structured_content and text_of(shortcut) == text_of(by_range)


async def test_the_new_tools_are_listed_read_only_with_short_descriptions(settings: Settings, runtime_factory: Any) -> None:
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    for name in ("get_income_expense_breakdown", "compare_periods"):
        tool = tools[name]
        assert tool.annotations and tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False
        assert tool.description and len(tool.description) < 200 and tool.output_schema
    props = tools["get_income_expense_breakdown"].input_schema["properties"]
    assert props["by"]["enum"] == ["account", "partner", "product"] and props["limit"]["maximum"] == 200
    assert "2026-Q3" in props["month"]["description"]
