"""The read-only accounting tools, each declared once as a spec holding the real callables.

A spec names the `AccountingService` coroutine that answers the tool and the renderer of its
answer as functions, not as method-name strings, so a reader (or a type checker) goes from the
tool's name straight to the query it runs, and a renamed method breaks here, not at call time.
The write tools are declared the same way in `approvals/actions.py` (`ActionName`, `WriteAction`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, ConfigDict

from ..accounting import lookups, models as m
from ..accounting.breakdown import Breakdown, BreakdownQuery, income_expense_breakdown
from ..accounting.comparison import Comparison, ComparisonQuery, compare_periods
from ..accounting.lookup_models import LookupQuery, LookupResult
from ..accounting.service import AccountingService
from ..accounting.statements import balance_sheet, cash_position, tax_summary, trial_balance
from ..accounting.statements_models import AsOfQuery, BalanceSheet, CashPosition, TaxSummary, TrialBalance
from ..runtime import Runtime
from . import render, render_breakdown, render_comparison, render_lookups, render_statements
from .adapter import add_tool

Q = TypeVar("Q", bound=m.CompanyChoice)
R = TypeVar("R", bound=BaseModel)


class ToolName(StrEnum):
    """The read tools' names as clients call them (the write tools' are `approvals.ActionName`)."""

    ODOO_STATUS = "odoo_status"
    LIST_INVOICES = "list_invoices"
    GET_INVOICE = "get_invoice"
    LIST_VENDOR_BILLS = "list_vendor_bills"
    FIND_PARTNERS = "find_partners"
    LIST_PAYMENTS = "list_payments"
    GET_REVENUE = "get_revenue"
    GET_EXPENSES = "get_expenses"
    GET_OVERDUE_INVOICES = "get_overdue_invoices"
    GET_OVERDUE_BILLS = "get_overdue_bills"
    GET_RECEIVABLES_BY_PARTNER = "get_receivables_by_partner"
    GET_PAYABLES_BY_PARTNER = "get_payables_by_partner"
    GET_PROFIT_AND_LOSS = "get_profit_and_loss"
    LOOKUP = "lookup"
    GET_INCOME_EXPENSE_BREAKDOWN = "get_income_expense_breakdown"
    COMPARE_PERIODS = "compare_periods"
    GET_CASH_POSITION = "get_cash_position"
    GET_BALANCE_SHEET = "get_balance_sheet"
    GET_TRIAL_BALANCE = "get_trial_balance"
    GET_TAX_SUMMARY = "get_tax_summary"


class NoArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class ReadTool(Generic[Q, R]):
    name: ToolName
    title: str
    description: str
    input_model: type[Q]
    output_model: type[R]
    answer: Callable[[AccountingService, Q], Awaitable[R]]  # the service coroutine, e.g. `AccountingService.revenue`
    render: Callable[[R], str]

    async def handle(self, rt: Runtime, query: Q) -> R:
        # A tool's optional `company` looks at another company the user may access; every call then carries it.
        return await self.answer(rt.accounting.for_company(query.company), query)


def _moves(what: str) -> Callable[[m.MoveList], str]:
    return lambda result: render.moves(result, what)


READ_TOOLS: dict[ToolName, ReadTool[Any, Any]] = {
    tool.name: tool
    for tool in (
        ReadTool(
            ToolName.LIST_INVOICES,
            "List customer invoices",
            "Customer invoices filtered by state, payment state, customer, invoice date range or number text; paginated with a total.",
            m.MoveQuery,
            m.MoveList,
            AccountingService.list_invoices,
            _moves("customer invoices"),
        ),
        ReadTool(
            ToolName.GET_INVOICE,
            "One invoice or bill with lines",
            "One customer invoice or vendor bill by id or number, with its lines, taxes and totals.",
            m.InvoiceRef,
            m.MoveDetail,
            AccountingService.get_move,
            render.move_detail,
        ),
        ReadTool(
            ToolName.LIST_VENDOR_BILLS,
            "List vendor bills",
            "Vendor bills filtered by state, payment state, vendor, bill date range or reference text; paginated with a total.",
            m.MoveQuery,
            m.MoveList,
            AccountingService.list_vendor_bills,
            _moves("vendor bills"),
        ),
        ReadTool(
            ToolName.FIND_PARTNERS,
            "Find customers and vendors",
            "Search partners by words of name, email, VAT or reference (any order, accents ignored), optionally only customers or vendors.",
            m.PartnerQuery,
            m.PartnerList,
            AccountingService.find_partners,
            render_lookups.partners,
        ),
        ReadTool(
            ToolName.LIST_PAYMENTS,
            "List payments",
            "Payments received (inbound) or sent (outbound) in a date range, newest first.",
            m.PaymentQuery,
            m.PaymentList,
            AccountingService.list_payments,
            render.payments,
        ),
        ReadTool(
            ToolName.GET_REVENUE,
            "Revenue for a period",
            "Untaxed revenue from posted customer invoices net of credit notes, per month, summed by Odoo.",
            m.PeriodQuery,
            m.PeriodTotal,
            AccountingService.revenue,
            render.period_total,
        ),
        ReadTool(
            ToolName.GET_EXPENSES,
            "Expenses for a period",
            "Untaxed expenses from posted vendor bills net of refunds, per month, summed by Odoo.",
            m.PeriodQuery,
            m.PeriodTotal,
            AccountingService.expenses,
            render.period_total,
        ),
        ReadTool(
            ToolName.GET_OVERDUE_INVOICES,
            "Overdue invoices and aging",
            "Customer invoices past due as of a date (past dates use what was open then), "
            "with 1-30/31-60/61-90/90+ day buckets and totals.",
            m.OverdueQuery,
            m.OverdueReport,
            AccountingService.overdue,
            render.overdue,
        ),
        ReadTool(
            ToolName.GET_OVERDUE_BILLS,
            "Overdue vendor bills (payables) and aging",
            "Vendor bills we owe that are past due as of a date (past dates use what was open then), with buckets and totals.",
            m.OverdueQuery,
            m.OverdueReport,
            AccountingService.payables,
            render.overdue,
        ),
        ReadTool(
            ToolName.GET_RECEIVABLES_BY_PARTNER,
            "Who owes us the most",
            "Open and overdue customer invoice amounts per customer (today or on a past date), "
            "largest first, aging buckets, totals across pages.",
            m.PartnerBalanceQuery,
            m.PartnerBalances,
            AccountingService.receivables_by_partner,
            render.partner_balances,
        ),
        ReadTool(
            ToolName.GET_PAYABLES_BY_PARTNER,
            "Whom we owe the most",
            "Open and overdue vendor bill amounts per vendor (today or on a past date), largest first, aging buckets, totals across pages.",
            m.PartnerBalanceQuery,
            m.PartnerBalances,
            AccountingService.payables_by_partner,
            render.partner_balances,
        ),
        ReadTool(
            ToolName.GET_PROFIT_AND_LOSS,
            "Profit and loss",
            "Income, expenses and net profit for a month or date range from posted journal items, per account.",
            m.PeriodQuery,
            m.ProfitAndLoss,
            AccountingService.profit_and_loss,
            render.profit_and_loss,
        ),
        ReadTool(
            ToolName.LOOKUP,
            "Look up taxes, payment terms, journals, products, currencies",
            "Taxes, payment terms, journals, products (name or internal reference) or currencies with today's rate, "
            "by words of name or code.",
            LookupQuery,
            LookupResult,
            lookups.lookup,
            render_lookups.lookup,
        ),
        ReadTool(
            ToolName.GET_INCOME_EXPENSE_BREAKDOWN,
            "Income and expenses by account, partner or product",
            "Income and/or expenses for a period split by account (with codes), customer/vendor or product, "
            "largest first, paginated with totals across pages.",
            BreakdownQuery,
            Breakdown,
            income_expense_breakdown,
            render_breakdown.breakdown,
        ),
        ReadTool(
            ToolName.COMPARE_PERIODS,
            "Compare a period with the previous one and last year",
            "Income, expenses, net and invoiced revenue of a month, quarter, year or range against the period before "
            "and the same period last year, with differences and percent changes.",
            ComparisonQuery,
            Comparison,
            compare_periods,
            render_comparison.comparison,
        ),
        ReadTool(
            ToolName.GET_CASH_POSITION,
            "Cash and bank balances",
            "Each bank and cash journal's balance on a date (default today), in company and journal currency, "
            "with payments not yet matched to a bank statement.",
            AsOfQuery,
            CashPosition,
            cash_position,
            render_statements.cash_position,
        ),
        ReadTool(
            ToolName.GET_BALANCE_SHEET,
            "Balance sheet",
            "Assets, liabilities and equity on a date per account type and account, with current-year earnings; says whether it balances.",
            AsOfQuery,
            BalanceSheet,
            balance_sheet,
            render_statements.balance_sheet,
        ),
        ReadTool(
            ToolName.GET_TRIAL_BALANCE,
            "Trial balance",
            "Per account opening balance, debit, credit and closing balance for a month or date range, with totals.",
            m.PeriodQuery,
            TrialBalance,
            trial_balance,
            render_statements.trial_balance,
        ),
        ReadTool(
            ToolName.GET_TAX_SUMMARY,
            "Tax summary (VAT/sales tax)",
            "Per tax the base and tax amount for a month or date range: collected on sales, paid on purchases, net due.",
            m.PeriodQuery,
            TaxSummary,
            tax_summary,
            render_statements.tax_summary,
        ),
    )
}


async def _status(rt: Runtime, _: NoArguments) -> m.ServerStatus:
    """`odoo_status` is not a spec: it reports on the connection and the settings, not on one company's books."""
    return await rt.accounting.status(url=rt.settings.url, database=rt.client.database, dry_run=rt.settings.dry_run)


def register_read_tools(server: MCPServer[Runtime]) -> None:
    add_tool(
        server,
        ToolName.ODOO_STATUS,
        input_model=NoArguments,
        output_model=m.ServerStatus,
        handler=_status,
        render=render.status,
        title="Odoo connection status",
        description=(
            "Whether Odoo is reachable: version, database, user, the company answered for and every company the user may see, "
            "protocol, sandbox or real."
        ),
    )
    for tool in READ_TOOLS.values():
        add_tool(
            server,
            tool.name,
            input_model=tool.input_model,
            output_model=tool.output_model,
            handler=tool.handle,
            render=tool.render,
            title=tool.title,
            description=tool.description,
        )
