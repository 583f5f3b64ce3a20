"""Financial statements from posted journal items, summed by Odoo: cash position, balance sheet,
trial balance and tax summary.

Each answer costs one or two Odoo round trips whatever the number of accounts, journals or taxes:
the independent calls of a round go out together (`asyncio.gather`), sums come from
`formatted_read_group` on `account.move.line`, and the chart of accounts (codes, names, types) is one
`search_read` beside them. Money is Decimal in the company currency.

Odoo Community has no balance sheet report (that is `account_reports`, Enterprise), so the balance
sheet follows what that report shows, and says so in `basis`: income and expense accounts are never
closed into equity by an entry, so their balance up to the day appears in equity as unallocated
earnings, split at the company's fiscal-year start (`fiscalyear_last_day`/`fiscalyear_last_month`)
into the current year's and the previous years'. Accounts of type `equity_unaffected` (Odoo's
"Undistributed Profits/Losses", where opening balances put past results) are listed with their own
balance. Every journal entry balances, so assets = liabilities + equity holds to the cent unless
the books hold an unbalanced entry; the answer says which.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..odoo import Domain, Many2one
from .models import Period, PeriodQuery
from .money import to_money
from .service import EXPENSE_ACCOUNT_TYPES, INCOME_ACCOUNT_TYPES, AccountingService, date_domain
from .statements_models import (
    AccountRef,
    AsOfQuery,
    BalanceSheet,
    CashJournal,
    CashPosition,
    CurrencyAmount,
    Section,
    StatementLine,
    TaxSummary,
    TaxTotal,
    TrialBalance,
    TrialLine,
    TypeTotal,
)

POSTED: Domain = [("parent_state", "=", "posted")]
CASH_JOURNAL_TYPES = ("bank", "cash", "credit")
PNL_TYPES = (*INCOME_ACCOUNT_TYPES, *EXPENSE_ACCOUNT_TYPES)
# Odoo 19's balance-sheet account types, in the order a balance sheet shows them.
ASSET_TYPES = ("asset_cash", "asset_receivable", "asset_current", "asset_prepayments", "asset_non_current", "asset_fixed")
LIABILITY_TYPES = ("liability_payable", "liability_credit_card", "liability_current", "liability_non_current")
EQUITY_TYPES = ("equity", "equity_unaffected")
MAX_JOURNALS = 500
CURRENT_EARNINGS, PREVIOUS_EARNINGS = "current year unallocated earnings", "previous years unallocated earnings"


def section_of(account_type: str) -> Section | None:
    """Where an account type goes on the balance sheet (None: profit and loss, or off balance)."""
    if account_type.startswith("asset_"):
        return "asset"
    if account_type.startswith("liability_"):
        return "liability"
    if account_type in EQUITY_TYPES:
        return "equity"
    return None


def fiscal_year_start(day: dt.date, last_day: int, last_month: int) -> dt.date:
    """The first day of the fiscal year holding `day`, for a year ending on `last_day`/`last_month`
    (a day past the month's end means its last day, as Odoo's `get_fiscal_year` clips it)."""

    def year_end(year: int) -> dt.date:
        return dt.date(year, last_month, min(last_day, calendar.monthrange(year, last_month)[1]))

    end = year_end(day.year)
    return end + dt.timedelta(days=1) if day > end else year_end(day.year - 1) + dt.timedelta(days=1)


def _key_id(group: dict[str, Any], field: str) -> int | None:
    return Many2one.parse(group.get(field)).id


async def _accounts(service: AccountingService) -> dict[int, AccountRef]:
    """The company's chart of accounts (archived accounts too: their items still count), with links."""
    rows = await service.client.search_read(
        "account.account", [("active", "in", [True, False])], ["code", "name", "account_type"]
    )
    return {
        int(row["id"]): AccountRef(
            id=int(row["id"]),
            code=str(row.get("code") or ""),
            name=str(row.get("name") or ""),
            account_type=str(row.get("account_type") or ""),
            url=service.link("account.account", int(row["id"])),
        )
        for row in rows
    }


def _account(accounts: dict[int, AccountRef], group: dict[str, Any]) -> AccountRef:
    """The group's account from the chart; one the chart did not list still gets a line, never a dropped amount."""
    parsed = Many2one.parse(group.get("account_id"))
    found = accounts.get(parsed.id or 0)
    return found or AccountRef(id=parsed.id or 0, code="", name=parsed.name or "?", account_type="")


# -- cash position -----------------------------------------------------------------------------------


async def cash_position(service: AccountingService, q: AsOfQuery) -> CashPosition:
    """Each bank, cash and credit-card journal's balance on a day: its default account's posted items up to it.

    Two round trips: the journals, then (together) their accounts' balances grouped by account and
    currency, the payments not yet matched with a bank statement grouped by journal and currency, and
    the statement lines not yet reconciled grouped by journal.
    """
    as_of = q.as_of or service.today()
    (_, journals), company = await asyncio.gather(
        service.client.search_page(
            "account.journal",
            [("type", "in", list(CASH_JOURNAL_TYPES))],
            ["name", "code", "type"],
            limit=MAX_JOURNALS,
            order="sequence, id",
            many2one=("currency_id", "default_account_id"),
            related={"currency_id": ("decimal_places",), "default_account_id": ("code", "name", "account_type")},
        ),
        service.company(),
    )
    decimals, zero = company.decimals, to_money(0, company.decimals)
    account_ids = sorted({a for j in journals if (a := Many2one.parse(j.get("default_account_id")).id) is not None})
    balances: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    statement_lines: list[dict[str, Any]] = []
    journal_ids = [j["id"] for j in journals]
    if journals:
        balances, payments, statement_lines = await asyncio.gather(
            service.client.read_group(
                "account.move.line",
                [*POSTED, ("account_id", "in", account_ids), ("date", "<=", as_of.isoformat())],
                ["account_id", "currency_id"],
                ["balance:sum", "amount_currency:sum"],
            ),
            service.client.read_group(
                "account.payment",
                [("state", "=", "in_process"), ("journal_id", "in", journal_ids), ("date", "<=", as_of.isoformat())],
                ["journal_id", "currency_id", "payment_type"],
                ["amount:sum", "__count"],
            ),
            service.client.read_group(
                "account.bank.statement.line",
                [
                    ("is_reconciled", "=", False),
                    ("move_id.state", "=", "posted"),
                    ("journal_id", "in", journal_ids),
                    ("date", "<=", as_of.isoformat()),
                ],
                ["journal_id"],
                ["amount:sum", "__count"],
            ),
        )
    by_account: dict[int, Decimal] = defaultdict(lambda: zero)
    by_account_currency: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for group in balances:
        account_id = _key_id(group, "account_id")
        if account_id is None:
            continue
        by_account[account_id] += to_money(group.get("balance:sum"), decimals)
        currency = Many2one.parse(group.get("currency_id")).name or "?"
        by_account_currency[account_id, currency] += Decimal(str(group.get("amount_currency:sum") or 0))
    in_process: dict[int, dict[str, list[Any]]] = defaultdict(dict)
    for group in payments:
        journal_id = _key_id(group, "journal_id")
        if journal_id is None:
            continue
        currency = Many2one.parse(group.get("currency_id")).name or "?"
        sign = -1 if group.get("payment_type") == "outbound" else 1
        entry = in_process[journal_id].setdefault(currency, [Decimal(0), 0])
        entry[0] += sign * Decimal(str(group.get("amount:sum") or 0))
        entry[1] += int(group.get("__count") or 0)
    to_reconcile = {_key_id(g, "journal_id"): (g.get("amount:sum"), int(g.get("__count") or 0)) for g in statement_lines}
    rows = []
    for journal in journals:
        unreconciled_amount, unreconciled = to_reconcile.get(int(journal["id"]), (0, 0))
        account = Many2one.parse(journal.get("default_account_id"))
        own = Many2one.parse(journal.get("currency_id")).name
        foreign = own if own and own != company.currency else None
        places = journal.get("currency_id.decimal_places")
        places = int(places) if isinstance(places, int) and foreign else decimals
        rows.append(
            CashJournal(
                id=int(journal["id"]),
                name=str(journal.get("name") or ""),
                code=str(journal.get("code") or ""),
                type=str(journal.get("type") or ""),
                url=service.link("account.journal", int(journal["id"])),
                account=AccountRef(
                    id=account.id,
                    code=str(journal.get("default_account_id.code") or ""),
                    name=str(journal.get("default_account_id.name") or account.name or ""),
                    account_type=str(journal.get("default_account_id.account_type") or ""),
                    url=service.link("account.account", account.id),
                )
                if account.id is not None
                else None,
                balance=by_account[account.id] if account.id is not None else zero,
                currency=foreign or company.currency,
                balance_in_currency=to_money(by_account_currency.get((account.id or 0, foreign), 0), places) if foreign else None,
                statement_lines_to_reconcile=unreconciled,
                statement_lines_to_reconcile_amount=to_money(unreconciled_amount, places),
                payments_in_process=[
                    CurrencyAmount(currency=cur, amount=to_money(amount, places if cur == foreign else decimals), count=count)
                    for cur, (amount, count) in sorted(in_process.get(int(journal["id"]), {}).items())
                ],
            )
        )
    # Two journals sharing one default account would count it twice: the total counts each account once.
    total = sum((by_account[a] for a in account_ids), zero)
    return CashPosition(
        company=company.name,
        as_of=as_of,
        currency=company.currency,
        total=total,
        journals=rows,
        basis=(
            "posted journal items on each bank/cash/credit journal's default account dated on or before the day; "
            "payments in process: posted payments not yet matched with a bank statement (state in_process today) dated by then; "
            "statement lines to reconcile: posted, dated by then, not reconciled today"
        ),
    )


# -- balance sheet -----------------------------------------------------------------------------------


async def balance_sheet(service: AccountingService, q: AsOfQuery) -> BalanceSheet:
    """Assets, liabilities and equity on a day, per account type and account, with unallocated earnings.

    Two round trips: (the chart, the company's fiscal year, and every account's balance up to the
    day), then the income and expense accounts' balance from the fiscal year's start.
    """
    as_of = q.as_of or service.today()
    company = await service.company()
    decimals, zero = company.decimals, to_money(0, company.decimals)
    accounts, settings, groups = await asyncio.gather(
        _accounts(service),
        service.client.read("res.company", [company.id], ["fiscalyear_last_day", "fiscalyear_last_month"]),
        service.client.read_group(
            "account.move.line", [*POSTED, ("date", "<=", as_of.isoformat())], ["account_id"], ["balance:sum"]
        ),
    )
    fiscal = settings[0] if settings else {}
    start = fiscal_year_start(as_of, int(fiscal.get("fiscalyear_last_day") or 31), int(fiscal.get("fiscalyear_last_month") or 12))
    current = await service.client.read_group(
        "account.move.line",
        [
            *POSTED,
            ("account_id.account_type", "in", list(PNL_TYPES)),
            *date_domain("date", start, as_of),
        ],
        [],
        ["balance:sum"],
    )
    lines: list[StatementLine] = []
    pnl_to_date = zero
    for group in groups:
        account = _account(accounts, group)
        balance = to_money(group.get("balance:sum"), decimals)
        section = section_of(account.account_type)
        if account.account_type in PNL_TYPES:
            pnl_to_date += balance
        if section is None or not balance:
            continue
        amount = balance if section == "asset" else -balance
        lines.append(StatementLine(section=section, account_type=account.account_type, account=account, label=account.name, amount=amount))
    current_pnl = sum((to_money(g.get("balance:sum"), decimals) for g in current), zero)
    current_earnings, previous_earnings = -current_pnl, current_pnl - pnl_to_date
    for label, amount in ((PREVIOUS_EARNINGS, previous_earnings), (CURRENT_EARNINGS, current_earnings)):
        lines.append(StatementLine(section="equity", account_type="equity_unaffected", account=None, label=label, amount=amount))
    order = {t: i for i, t in enumerate((*ASSET_TYPES, *LIABILITY_TYPES, *EQUITY_TYPES))}
    lines.sort(key=lambda x: (order.get(x.account_type, len(order)), x.account is None, x.account.code if x.account else x.label))
    totals: dict[tuple[Section, str], Decimal] = {}
    for line in lines:
        totals[line.section, line.account_type] = totals.get((line.section, line.account_type), zero) + line.amount

    def total(section: Section) -> Decimal:
        return sum((line.amount for line in lines if line.section == section), zero)

    assets, liabilities, equity = total("asset"), total("liability"), total("equity")
    difference = assets - (liabilities + equity)
    return BalanceSheet(
        company=company.name,
        as_of=as_of,
        currency=company.currency,
        fiscal_year_start=start,
        assets=assets,
        liabilities=liabilities,
        equity=equity,
        current_year_earnings=current_earnings,
        previous_years_earnings=previous_earnings,
        liabilities_and_equity=liabilities + equity,
        balanced=not difference,
        difference=difference,
        by_type=[TypeTotal(section=s, account_type=t, amount=a) for (s, t), a in totals.items()],
        lines=lines,
        basis=(
            f"posted journal items dated on or before {as_of}, company currency; income and expense accounts are not "
            f"closed by an entry in Odoo, so their balance shows in equity as unallocated earnings, split at the fiscal "
            f"year's start {start} (as Odoo Enterprise's balance sheet does); off-balance accounts are left out"
        ),
    )


# -- trial balance -----------------------------------------------------------------------------------


async def trial_balance(service: AccountingService, q: PeriodQuery) -> TrialBalance:
    """Per account: balance before the period, debit and credit in it, balance at its end. One round trip."""
    first, last = service.period(q)
    accounts, opening, moves, company = await asyncio.gather(
        _accounts(service),
        service.client.read_group("account.move.line", [*POSTED, ("date", "<", first.isoformat())], ["account_id"], ["balance:sum"]),
        service.client.read_group(
            "account.move.line", [*POSTED, *date_domain("date", first, last)], ["account_id"], ["debit:sum", "credit:sum"]
        ),
        service.company(),
    )
    decimals, zero = company.decimals, to_money(0, company.decimals)
    rows: dict[int, list[Any]] = {}
    for group in opening:
        account = _account(accounts, group)
        rows.setdefault(account.id, [account, zero, zero, zero])[1] += to_money(group.get("balance:sum"), decimals)
    for group in moves:
        account = _account(accounts, group)
        row = rows.setdefault(account.id, [account, zero, zero, zero])
        row[2] += to_money(group.get("debit:sum"), decimals)
        row[3] += to_money(group.get("credit:sum"), decimals)
    lines = [
        TrialLine(account=account, opening=o, debit=d, credit=c, closing=o + d - c)
        for account, o, d, c in rows.values()
        if o or d or c
    ]
    lines.sort(key=lambda line: (line.account.code, line.account.id))
    opening_total = sum((line.opening for line in lines), zero)
    debit, credit = sum((line.debit for line in lines), zero), sum((line.credit for line in lines), zero)
    closing = sum((line.closing for line in lines), zero)
    return TrialBalance(
        company=company.name,
        period=Period(date_from=first, date_to=last),
        currency=company.currency,
        opening=opening_total,
        debit=debit,
        credit=credit,
        closing=closing,
        balanced=debit == credit and not opening_total and not closing,
        lines=lines,
        basis=(
            "posted journal items by accounting date, company currency; opening = every item dated before the period "
            "(income and expense accounts are not reset at the fiscal year's start)"
        ),
    )


# -- taxes -------------------------------------------------------------------------------------------


async def tax_summary(service: AccountingService, q: PeriodQuery) -> TaxSummary:
    """Per tax: base and tax amount of posted items in the period, collected on sales and paid on purchases.

    One round trip: the tax items grouped by their tax (`tax_line_id`), the base items grouped by the
    taxes they carry (`tax_ids`, a line with two taxes counts in both bases), and the taxes themselves.
    """
    first, last = service.period(q)
    period: Domain = [*POSTED, *date_domain("date", first, last)]
    tax_groups, base_groups, taxes, company = await asyncio.gather(
        service.client.read_group(
            "account.move.line", [*period, ("tax_line_id", "!=", False)], ["tax_line_id"], ["balance:sum", "__count"]
        ),
        service.client.read_group("account.move.line", [*period, ("tax_ids", "!=", False)], ["tax_ids"], ["balance:sum"]),
        service.client.search_read(
            "account.tax", [("active", "in", [True, False])], ["name", "type_tax_use", "amount", "amount_type"]
        ),
        service.company(),
    )
    decimals, zero = company.decimals, to_money(0, company.decimals)
    by_id = {int(t["id"]): t for t in taxes}
    amounts: dict[int, list[Any]] = {}
    for group in tax_groups:
        tax_id = _key_id(group, "tax_line_id")
        if tax_id is not None:
            entry = amounts.setdefault(tax_id, [zero, zero, 0])
            entry[1] += to_money(group.get("balance:sum"), decimals)
            entry[2] += int(group.get("__count") or 0)
    for group in base_groups:
        tax_id = _key_id(group, "tax_ids")
        if tax_id is not None:
            amounts.setdefault(tax_id, [zero, zero, 0])[0] += to_money(group.get("balance:sum"), decimals)
    rows = []
    for tax_id, (base, tax, count) in amounts.items():
        info = by_id.get(tax_id, {})
        use = str(info.get("type_tax_use") or "none")
        # Sales are credits (negative balance), purchases debits: a normal sale or purchase reads positive either way.
        sign = -1 if use == "sale" else 1
        rate = info.get("amount")
        rows.append(
            TaxTotal(
                id=tax_id,
                name=str(info.get("name") or f"tax {tax_id}"),
                type_tax_use=use,
                rate=to_money(rate, 4) if rate is not None and rate is not False else None,
                amount_type=str(info.get("amount_type") or ""),
                url=service.link("account.tax", tax_id),
                base=sign * base,
                tax=sign * tax,
                items=count,
            )
        )
    rows.sort(key=lambda r: ({"sale": 0, "purchase": 1}.get(r.type_tax_use, 2), r.name, r.id))

    def total(use: str, field: str) -> Decimal:
        return sum((getattr(r, field) for r in rows if r.type_tax_use == use), zero)

    collected, paid = total("sale", "tax"), total("purchase", "tax")
    return TaxSummary(
        company=company.name,
        period=Period(date_from=first, date_to=last),
        currency=company.currency,
        sales_base=total("sale", "base"),
        collected=collected,
        purchases_base=total("purchase", "base"),
        paid=paid,
        net_due=collected - paid,
        taxes=rows,
        basis=(
            "posted journal items by accounting date, company currency: tax = items of the tax (tax_line_id), "
            "base = items carrying it (tax_ids); credit notes and refunds reduce both"
        ),
    )
