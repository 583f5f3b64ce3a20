"""The read-only accounting tools: thin adapters over `AccountingService`."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, ConfigDict

from ..accounting import models as m
from ..runtime import Runtime
from . import render
from .adapter import add_tool


class NoArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


async def _status(rt: Runtime, _: NoArguments) -> m.ServerStatus:
    return await rt.accounting.status(url=rt.settings.url, database=rt.client.database, dry_run=rt.settings.dry_run)


async def _invoices(rt: Runtime, q: m.MoveQuery) -> m.MoveList:
    return await rt.accounting.list_invoices(q)


async def _bills(rt: Runtime, q: m.MoveQuery) -> m.MoveList:
    return await rt.accounting.list_vendor_bills(q)


async def _invoice(rt: Runtime, q: m.InvoiceRef) -> m.MoveDetail:
    return await rt.accounting.get_move(q)


async def _partners(rt: Runtime, q: m.PartnerQuery) -> m.PartnerList:
    return await rt.accounting.find_partners(q)


async def _payments(rt: Runtime, q: m.PaymentQuery) -> m.PaymentList:
    return await rt.accounting.list_payments(q)


async def _revenue(rt: Runtime, q: m.PeriodQuery) -> m.PeriodTotal:
    return await rt.accounting.revenue(q)


async def _expenses(rt: Runtime, q: m.PeriodQuery) -> m.PeriodTotal:
    return await rt.accounting.expenses(q)


async def _overdue(rt: Runtime, q: m.OverdueQuery) -> m.OverdueReport:
    return await rt.accounting.overdue(q)


async def _pnl(rt: Runtime, q: m.PeriodQuery) -> m.ProfitAndLoss:
    return await rt.accounting.profit_and_loss(q)


def register_read_tools(server: MCPServer[Runtime]) -> None:
    add_tool(
        server, "odoo_status", input_model=NoArguments, output_model=m.ServerStatus, handler=_status, render=render.status,
        title="Odoo connection status",
        description="Whether Odoo is reachable: version, database, user, company, currency, protocol, sandbox or real.",
    )
    add_tool(
        server, "list_invoices", input_model=m.MoveQuery, output_model=m.MoveList, handler=_invoices,
        render=lambda r: render.moves(r, "customer invoices"),
        title="List customer invoices",
        description="Customer invoices filtered by state, payment state, customer, invoice date range or number text; paginated with a total.",
    )
    add_tool(
        server, "get_invoice", input_model=m.InvoiceRef, output_model=m.MoveDetail, handler=_invoice, render=render.move_detail,
        title="One invoice or bill with lines",
        description="One customer invoice or vendor bill by id or number, with its lines, taxes and totals.",
    )
    add_tool(
        server, "list_vendor_bills", input_model=m.MoveQuery, output_model=m.MoveList, handler=_bills,
        render=lambda r: render.moves(r, "vendor bills"),
        title="List vendor bills",
        description="Vendor bills filtered by state, payment state, vendor, bill date range or reference text; paginated with a total.",
    )
    add_tool(
        server, "find_partners", input_model=m.PartnerQuery, output_model=m.PartnerList, handler=_partners,
        render=render.partners,
        title="Find customers and vendors",
        description="Search partners by name, email or VAT, optionally only customers or only vendors.",
    )
    add_tool(
        server, "list_payments", input_model=m.PaymentQuery, output_model=m.PaymentList, handler=_payments,
        render=render.payments,
        title="List payments",
        description="Payments received (inbound) or sent (outbound) in a date range, newest first.",
    )
    add_tool(
        server, "get_revenue", input_model=m.PeriodQuery, output_model=m.PeriodTotal, handler=_revenue,
        render=render.period_total,
        title="Revenue for a period",
        description="Untaxed revenue from posted customer invoices net of credit notes, per month, summed by Odoo.",
    )
    add_tool(
        server, "get_expenses", input_model=m.PeriodQuery, output_model=m.PeriodTotal, handler=_expenses,
        render=render.period_total,
        title="Expenses for a period",
        description="Untaxed expenses from posted vendor bills net of refunds, per month, summed by Odoo.",
    )
    add_tool(
        server, "get_overdue_invoices", input_model=m.OverdueQuery, output_model=m.OverdueReport, handler=_overdue,
        render=render.overdue,
        title="Overdue invoices and aging",
        description="Unpaid customer invoices past due as of a date, with 1-30/31-60/61-90/90+ day buckets and totals.",
    )
    add_tool(
        server, "get_profit_and_loss", input_model=m.PeriodQuery, output_model=m.ProfitAndLoss, handler=_pnl,
        render=render.profit_and_loss,
        title="Profit and loss",
        description="Income, expenses and net profit for a month or date range from posted journal items, per account.",
    )
