"""The financial statements' figures equal sums the test makes itself from every posted journal item.

On the realistic books (books.py: two companies, two currencies) plus, in the home company, a bank
journal in the foreign currency with two entries on its own account (one before `AS_OF`, one after).
Each check reads every posted journal item of the company with `search_read` and sums in Decimal:
no grouping on the server, none of the tools' code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.accounting import statements as st
from odoo_mcp.accounting.models import PeriodQuery
from odoo_mcp.accounting.money import to_money
from odoo_mcp.accounting.periods import month_bounds
from odoo_mcp.accounting.statements_models import AsOfQuery
from odoo_mcp.odoo import OdooClient

from . import truth
from .books import AS_OF, MONTH, scope
from .targets import Target
from .test_books import COMPANIES, BooksCase, open_books

pytestmark = pytest.mark.anyio

ZERO = Decimal("0.00")
PNL = ("income", "income_other", "expense", "expense_depreciation", "expense_direct_cost")
# The foreign bank journal's two entries: (date, amount in the foreign currency, in the company currency).
FOREIGN_ENTRIES = (("2025-08-10", Decimal("1000.00"), Decimal("1176.47")), ("2025-11-05", Decimal("250.50"), Decimal("313.13")))


# Statement lines: (journal "foreign" or "home", date, amount in the journal's currency).
STATEMENT_LINES = (
    ("foreign", "2025-10-10", Decimal("75.25")),
    ("foreign", "2025-11-12", Decimal("-20.00")),
    ("home", "2025-09-15", Decimal("123.45")),
)


@dataclass(frozen=True)
class ForeignBank:
    journal_id: int
    account_id: int
    home_bank_id: int


_foreign: dict[str, ForeignBank] = {}


async def _foreign_bank(case: BooksCase) -> ForeignBank:
    """A bank journal in the home company's foreign currency, its own account, and two entries on it (once per books)."""
    key = case.books.tag
    if key in _foreign:
        return _foreign[key]
    client, company = case.client, case.books.home
    ctx = scope(company.id)
    currency = await client.search_read("res.currency", [("name", "=", company.foreign)], ["id"])
    currency_id = currency[0]["id"]
    suffix = uuid.uuid4().hex[:4].upper()
    equity = f"39{int(suffix, 16) % 10000:04d}"
    bank_account, capital = await client.create(
        "account.account",
        [
            {"code": f"10{int(suffix, 16) % 10000:04d}", "name": f"{case.books.tag} {company.foreign} bank", "account_type": "asset_cash",
             "currency_id": currency_id, "company_ids": [[6, 0, [company.id]]]},
            {"code": equity, "name": f"{case.books.tag} capital", "account_type": "equity", "company_ids": [[6, 0, [company.id]]]},
        ],
        context=ctx,
    )
    (journal_id,) = await client.create(
        "account.journal",
        [{"name": f"{case.books.tag} {company.foreign} bank", "code": f"F{suffix}", "type": "bank", "currency_id": currency_id,
          "default_account_id": bank_account, "company_id": company.id}],
        context=ctx,
    )
    moves = []
    for day, foreign, amount in FOREIGN_ENTRIES:
        line = {"currency_id": currency_id, "name": f"{case.books.tag} capital paid in"}
        moves.append(
            {
                "move_type": "entry",
                "journal_id": journal_id,
                "date": day,
                "currency_id": currency_id,
                "line_ids": [
                    [0, 0, {**line, "account_id": bank_account, "debit": amount, "credit": 0, "amount_currency": foreign}],
                    [0, 0, {**line, "account_id": capital, "debit": 0, "credit": amount, "amount_currency": -foreign}],
                ],
            }
        )
    ids = await client.create("account.move", moves, context=ctx)
    await client.call("account.move", "action_post", ids=ids, context=ctx)
    home_bank = await client.search_read(
        "account.journal", [("company_id", "=", company.id), ("type", "=", "bank"), ("currency_id", "=", False)], ["id"], limit=1
    )
    await _may_import_statements(client)
    journals = {"foreign": journal_id, "home": home_bank[0]["id"]}
    await client.create(
        "account.bank.statement.line",
        [{"journal_id": journals[which], "date": day, "amount": amount, "payment_ref": f"{case.books.tag} {which} {day}"}
         for which, day, amount in STATEMENT_LINES],
        context=ctx,
    )
    _foreign[key] = ForeignBank(journal_id, bank_account, home_bank[0]["id"])
    return _foreign[key]


async def _may_import_statements(client: OdooClient) -> None:
    """Creating statement lines needs Odoo's basic accounting group (Community's admin lacks it); the sandbox has no groups."""
    group = await client.search_read("ir.model.data", [("module", "=", "account"), ("name", "=", "group_account_basic")], ["res_id"])
    if group:
        await client.call("res.users", "write", ids=[await client.uid()], vals={"group_ids": [[4, group[0]["res_id"]]]})


@pytest.fixture
async def case(target: Target, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[BooksCase]:
    async with open_books(target, tmp_path, request.param) as c:
        await _foreign_bank(c)
        yield c


async def _items(client: OdooClient, company_id: int, last: dt.date) -> list[dict[str, Any]]:
    """Every posted journal item of the company dated on or before `last`."""
    return await truth.rows_of(
        client,
        company_id,
        "account.move.line",
        [("company_id", "=", company_id), ("parent_state", "=", "posted"), ("date", "<=", last.isoformat())],
        ["account_id", "account_type", "date", "balance", "debit", "credit", "amount_currency", "currency_id", "tax_line_id", "tax_ids"],
    )


def _day(row: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(row["date"])


def _sums(rows: list[dict[str, Any]], field: str = "balance") -> dict[int, Decimal]:
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        sums[row["account_id"][0]] += to_money(row[field])
    return sums


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize("as_of", [None, AS_OF], ids=["today", "as-of"])
async def test_balance_sheet_is_every_item_summed_and_balances(case: BooksCase, as_of: dt.date | None) -> None:
    day = as_of or case.rt.accounting.today()
    sheet = await st.balance_sheet(case.rt.accounting, AsOfQuery(as_of=as_of))
    rows = await _items(case.client, case.company.id, day)
    fiscal = (await case.client.read("res.company", [case.company.id], ["fiscalyear_last_day", "fiscalyear_last_month"]))[0]
    assert (fiscal["fiscalyear_last_day"], str(fiscal["fiscalyear_last_month"])) == (31, "12"), "the books keep Odoo's default year"
    assert sheet.fiscal_year_start == dt.date(day.year, 1, 1)
    balances = _sums(rows)
    types = {row["account_id"][0]: row["account_type"] for row in rows}
    expected = {
        a: (b if types[a].startswith("asset_") else -b)
        for a, b in balances.items()
        if b and (types[a].startswith(("asset_", "liability_")) or types[a] in ("equity", "equity_unaffected"))
    }
    assert {line.account.id: line.amount for line in sheet.lines if line.account} == expected
    current = -sum((to_money(r["balance"]) for r in rows if r["account_type"] in PNL and _day(r) >= sheet.fiscal_year_start), ZERO)
    previous = -sum((to_money(r["balance"]) for r in rows if r["account_type"] in PNL and _day(r) < sheet.fiscal_year_start), ZERO)
    assert (sheet.current_year_earnings, sheet.previous_years_earnings) == (current, previous)
    assets = sum((v for a, v in expected.items() if types[a].startswith("asset_")), ZERO)
    liabilities = sum((v for a, v in expected.items() if types[a].startswith("liability_")), ZERO)
    equity = sum((v for a, v in expected.items() if types[a] in ("equity", "equity_unaffected")), ZERO) + current + previous
    assert (sheet.assets, sheet.liabilities, sheet.equity) == (assets, liabilities, equity)
    assert sheet.balanced and sheet.assets == sheet.liabilities_and_equity == liabilities + equity and not sheet.difference
    assert sum(t.amount for t in sheet.by_type if t.section == "asset") == assets
    assert (sheet.currency, sheet.company) == (case.company.currency, case.company.name)
    assert assets > 0 and liabilities > 0
    assert as_of is None or current != 0, "the books' own year has results"


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_trial_balance_is_every_item_summed(case: BooksCase) -> None:
    first, last = month_bounds(MONTH)
    report = await st.trial_balance(case.rt.accounting, PeriodQuery(month=MONTH))
    rows = await _items(case.client, case.company.id, last)
    before = [r for r in rows if _day(r) < first]
    during = [r for r in rows if _day(r) >= first]
    opening, debit, credit = _sums(before), _sums(during, "debit"), _sums(during, "credit")
    expected = {
        a: (opening[a], debit[a], credit[a], opening[a] + debit[a] - credit[a])
        for a in set(opening) | set(debit) | set(credit)
        if opening[a] or debit[a] or credit[a]
    }
    assert {line.account.id: (line.opening, line.debit, line.credit, line.closing) for line in report.lines} == expected
    assert report.debit == report.credit == sum(debit.values(), ZERO) > 0
    assert report.balanced and report.opening == report.closing == 0
    assert all(line.account.code for line in report.lines), "every account has its code"
    sandbox = case.rt.settings.url == "sandbox"
    for line in report.lines:
        assert line.account.url is None if sandbox else str(line.account.url).endswith(f"/odoo/account.account/{line.account.id}")


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_tax_summary_is_every_tax_item_and_base_summed(case: BooksCase) -> None:
    first, last = month_bounds(MONTH)
    report = await st.tax_summary(case.rt.accounting, PeriodQuery(month=MONTH))
    rows = [r for r in await _items(case.client, case.company.id, last) if _day(r) >= first]
    taxes = {
        t["id"]: t["type_tax_use"]
        for t in await truth.rows_of(
            case.client, case.company.id, "account.tax", [("active", "in", [True, False])], ["type_tax_use"]
        )
    }
    tax: dict[int, Decimal] = defaultdict(lambda: ZERO)
    base: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row["tax_line_id"]:
            tax[row["tax_line_id"][0]] += to_money(row["balance"])
        for tax_id in row["tax_ids"]:
            base[tax_id] += to_money(row["balance"])
    sign = {t: -1 if use == "sale" else 1 for t, use in taxes.items()}
    expected = {t: (sign[t] * base[t], sign[t] * tax[t]) for t in set(tax) | set(base)}
    assert {x.id: (x.base, x.tax) for x in report.taxes} == expected
    uses = {x.type_tax_use for x in report.taxes}
    assert {"sale", "purchase"} <= uses, "the books tax both sides"
    assert report.collected == sum((v[1] for t, v in expected.items() if taxes[t] == "sale"), ZERO) > 0
    assert report.paid == sum((v[1] for t, v in expected.items() if taxes[t] == "purchase"), ZERO) > 0
    assert report.net_due == report.collected - report.paid
    sandbox = case.rt.settings.url == "sandbox"
    assert all(x.url is None if sandbox else str(x.url).endswith(f"/odoo/account.tax/{x.id}") for x in report.taxes)


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize("as_of", [None, AS_OF], ids=["today", "as-of"])
async def test_cash_position_is_each_journals_account_summed(case: BooksCase, as_of: dt.date | None) -> None:
    day = as_of or case.rt.accounting.today()
    report = await st.cash_position(case.rt.accounting, AsOfQuery(as_of=as_of))
    journals = await truth.rows_of(
        case.client,
        case.company.id,
        "account.journal",
        [("company_id", "=", case.company.id), ("type", "in", ["bank", "cash", "credit"])],
        ["default_account_id", "currency_id"],
    )
    rows = await _items(case.client, case.company.id, day)
    balances, in_currency = _sums(rows), _sums(rows, "amount_currency")
    payments = await truth.rows_of(
        case.client,
        case.company.id,
        "account.payment",
        [("company_id", "=", case.company.id), ("state", "=", "in_process"), ("date", "<=", day.isoformat())],
        ["journal_id", "currency_id", "payment_type", "amount"],
    )
    statement_lines = await truth.rows_of(
        case.client,
        case.company.id,
        "account.bank.statement.line",
        [("company_id", "=", case.company.id), ("is_reconciled", "=", False), ("date", "<=", day.isoformat())],
        ["journal_id", "amount", "move_id"],
    )
    posted = {m["id"] for m in await truth.rows_of(case.client, case.company.id, "account.move", [("state", "=", "posted")], ["id"])}
    statement_lines = [r for r in statement_lines if r["move_id"][0] in posted]
    pending: dict[tuple[int, str], list[Any]] = defaultdict(lambda: [ZERO, 0])
    for p in payments:
        entry = pending[p["journal_id"][0], p["currency_id"][1]]
        entry[0] += (-1 if p["payment_type"] == "outbound" else 1) * to_money(p["amount"])
        entry[1] += 1
    assert {j.id for j in report.journals} == {j["id"] for j in journals}
    for journal in journals:
        ours = next(j for j in report.journals if j.id == journal["id"])
        account = journal["default_account_id"][0]
        assert ours.account is not None and ours.account.id == account
        sandbox = case.rt.settings.url == "sandbox"
        assert ours.url is None if sandbox else str(ours.url).endswith(f"/odoo/account.journal/{ours.id}")
        assert ours.balance == balances[account]
        foreign = journal["currency_id"] and journal["currency_id"][1] != case.company.currency
        assert ours.balance_in_currency == (in_currency[account] if foreign else None)
        lines = [r for r in statement_lines if r["journal_id"][0] == journal["id"]]
        assert (ours.statement_lines_to_reconcile, ours.statement_lines_to_reconcile_amount) == (
            len(lines),
            sum((to_money(r["amount"]) for r in lines), ZERO),
        )
        assert {(p.currency, p.amount, p.count) for p in ours.payments_in_process} == {
            (cur, amount, count) for (j, cur), (amount, count) in pending.items() if j == journal["id"]
        }
    assert report.total == sum((balances[a] for a in {j["default_account_id"][0] for j in journals}), ZERO)
    if case.company.id == case.books.home.id:
        bank = _foreign[case.books.tag]
        ours = next(j for j in report.journals if j.id == bank.journal_id)
        dated = [e for e in FOREIGN_ENTRIES if dt.date.fromisoformat(e[0]) <= day]
        lines_dated = [amount for which, d, amount in STATEMENT_LINES if which == "foreign" and dt.date.fromisoformat(d) <= day]
        assert ours.currency == case.company.foreign
        assert ours.balance_in_currency == sum((e[1] for e in dated), ZERO) + sum(lines_dated, ZERO)
        assert ours.statement_lines_to_reconcile == len(lines_dated) > 0

