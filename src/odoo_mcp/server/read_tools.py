"""The read-only accounting tools: one row each, mapping a tool onto an `AccountingService` method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, ConfigDict

from ..accounting import models as m
from ..runtime import Runtime
from . import render
from .adapter import add_tool


class NoArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class ReadTool:
    name: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    method: str  # the AccountingService coroutine answering it
    render: Callable[[Any], str]
    title: str
    description: str


READ_TOOLS = (
    ReadTool(
        "list_invoices", m.MoveQuery, m.MoveList, "list_invoices", lambda r: render.moves(r, "customer invoices"),
        "List customer invoices",
        "Customer invoices filtered by state, payment state, customer, invoice date range or number text; paginated with a total.",
    ),
    ReadTool(
        "get_invoice", m.InvoiceRef, m.MoveDetail, "get_move", render.move_detail,
        "One invoice or bill with lines",
        "One customer invoice or vendor bill by id or number, with its lines, taxes and totals.",
    ),
    ReadTool(
        "list_vendor_bills", m.MoveQuery, m.MoveList, "list_vendor_bills", lambda r: render.moves(r, "vendor bills"),
        "List vendor bills",
        "Vendor bills filtered by state, payment state, vendor, bill date range or reference text; paginated with a total.",
    ),
    ReadTool(
        "find_partners", m.PartnerQuery, m.PartnerList, "find_partners", render.partners,
        "Find customers and vendors",
        "Search partners by name, email or VAT, optionally only customers or only vendors.",
    ),
    ReadTool(
        "list_payments", m.PaymentQuery, m.PaymentList, "list_payments", render.payments,
        "List payments",
        "Payments received (inbound) or sent (outbound) in a date range, newest first.",
    ),
    ReadTool(
        "get_revenue", m.PeriodQuery, m.PeriodTotal, "revenue", render.period_total,
        "Revenue for a period",
        "Untaxed revenue from posted customer invoices net of credit notes, per month, summed by Odoo.",
    ),
    ReadTool(
        "get_expenses", m.PeriodQuery, m.PeriodTotal, "expenses", render.period_total,
        "Expenses for a period",
        "Untaxed expenses from posted vendor bills net of refunds, per month, summed by Odoo.",
    ),
    ReadTool(
        "get_overdue_invoices", m.OverdueQuery, m.OverdueReport, "overdue", render.overdue,
        "Overdue invoices and aging",
        "Customer invoices past due as of a date (past dates use what was open then), with 1-30/31-60/61-90/90+ day buckets and totals.",
    ),
    ReadTool(
        "get_overdue_bills", m.OverdueQuery, m.OverdueReport, "payables", render.overdue,
        "Overdue vendor bills (payables) and aging",
        "Vendor bills we owe that are past due as of a date (past dates use what was open then), with buckets and totals.",
    ),
    ReadTool(
        "get_receivables_by_partner", m.PartnerBalanceQuery, m.PartnerBalances, "receivables_by_partner", render.partner_balances,
        "Who owes us the most",
        "Open and overdue customer invoice amounts per customer (today or on a past date), largest first, aging buckets, totals across pages.",
    ),
    ReadTool(
        "get_payables_by_partner", m.PartnerBalanceQuery, m.PartnerBalances, "payables_by_partner", render.partner_balances,
        "Whom we owe the most",
        "Open and overdue vendor bill amounts per vendor (today or on a past date), largest first, aging buckets, totals across pages.",
    ),
    ReadTool(
        "get_profit_and_loss", m.PeriodQuery, m.ProfitAndLoss, "profit_and_loss", render.profit_and_loss,
        "Profit and loss",
        "Income, expenses and net profit for a month or date range from posted journal items, per account.",
    ),
)


async def _status(rt: Runtime, _: NoArguments) -> m.ServerStatus:
    return await rt.accounting.status(url=rt.settings.url, database=rt.client.database, dry_run=rt.settings.dry_run)


def _service_handler(method: str) -> Callable[[Runtime, Any], Any]:
    async def handler(rt: Runtime, query: Any) -> Any:
        # A tool's optional `company` looks at another company the user may access; every call then carries it.
        return await getattr(rt.accounting.for_company(query.company), method)(query)

    return handler


def register_read_tools(server: MCPServer[Runtime]) -> None:
    add_tool(
        server, "odoo_status", input_model=NoArguments, output_model=m.ServerStatus, handler=_status, render=render.status,
        title="Odoo connection status",
        description="Whether Odoo is reachable: version, database, user, the company answered for and every company the user may see, protocol, sandbox or real.",
    )
    for tool in READ_TOOLS:
        add_tool(
            server,
            tool.name,
            input_model=tool.input_model,
            output_model=tool.output_model,
            handler=_service_handler(tool.method),
            render=tool.render,
            title=tool.title,
            description=tool.description,
        )
