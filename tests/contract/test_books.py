"""Every read tool's figures on realistic books equal Odoo's own for the right company, currency and date.

The books (books.py) hold two companies in two currencies, foreign-currency documents paid at other
rates, partial payments, credit notes, refunds, drafts and every aging bucket. Each check compares a
tool's answer with the same figure computed by truth.py from every record, for one company.

Until issue 9 (the right company, currency and date) most of these were strict expected failures.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from odoo_mcp.accounting.models import (
    InvoiceRef,
    MoveQuery,
    OverdueQuery,
    OverdueReport,
    PartnerBalanceQuery,
    PaymentQuery,
    PeriodQuery,
)
from odoo_mcp.accounting.money import to_money
from odoo_mcp.accounting.periods import month_bounds
from odoo_mcp.runtime import Runtime, open_runtime

from . import truth
from .books import AS_OF, MONTH, Books, CompanyBooks, build
from .targets import Target

pytestmark = pytest.mark.anyio

# Which company a check looks at: the user's own (the default) or the second one, chosen by ODOO_COMPANY.
HOME, SECOND = "home", "second"
COMPANIES = [HOME, SECOND]

_built: dict[str, Books] = {}
_SANDBOX_STATE = Path(tempfile.mkdtemp(prefix="odoo-mcp-books-"))


@dataclass
class BooksCase:
    rt: Runtime
    books: Books
    company: CompanyBooks

    @property
    def client(self):  # type: ignore[no-untyped-def]
        return self.rt.client


@asynccontextmanager
async def open_books(target: Target, tmp_path: Path, which: str) -> AsyncIterator[BooksCase]:
    base = {"VAULT_PATH": str(tmp_path / "vault"), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")}
    if not target.live:  # one sandbox per protocol for the whole run, as one live database: the books persist
        base["ODOO_SANDBOX_STATE"] = str(_SANDBOX_STATE / f"{target.protocol}.json")
    key = f"{target.settings(base).url} {target.settings(base).database} {target.protocol}"
    if key not in _built:
        async with open_runtime(target.settings(base)) as builder:
            _built[key] = await build(builder.client)
    books = _built[key]
    company = books.home if which == HOME else books.second
    extra = {} if which == HOME else {"ODOO_COMPANY": str(company.id)}
    async with open_runtime(target.settings({**base, **extra})) as rt:
        yield BooksCase(rt, books, company)


@pytest.fixture
async def case(target: Target, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[BooksCase]:
    async with open_books(target, tmp_path, request.param) as c:
        yield c


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_status_names_the_company_and_its_currency(case: BooksCase) -> None:
    status = await case.rt.accounting.status(url=case.rt.settings.url, database=case.client.database, dry_run=False)
    assert (status.company, status.currency) == (case.company.name, case.company.currency)


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_status_lists_the_companies_the_user_may_see(case: BooksCase) -> None:
    status = await case.rt.accounting.status(url=case.rt.settings.url, database=case.client.database, dry_run=False)
    listed = {(c.id, c.name, c.currency) for c in status.companies}
    for books in (case.books.home, case.books.second):
        assert (books.id, books.name, books.currency) in listed


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize(
    ("kind", "types", "sign"), [("revenue", ("out_invoice", "out_refund"), 1), ("expenses", ("in_invoice", "in_refund"), -1)]
)
async def test_revenue_and_expenses_are_the_companys_own(case: BooksCase, kind: str, types: tuple[str, ...], sign: int) -> None:
    first, last = month_bounds(MONTH)
    query = PeriodQuery(month=MONTH)
    result = await (case.rt.accounting.revenue(query) if kind == "revenue" else case.rt.accounting.expenses(query))
    amount, count = await truth.invoiced(case.client, case.company.id, types, first, last)
    assert (result.amount, result.count) == (sign * amount, count)
    assert (result.currency, result.company) == (case.company.currency, case.company.name)


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_profit_and_loss_is_the_companys_own(case: BooksCase) -> None:
    first, last = month_bounds(MONTH)
    result = await case.rt.accounting.profit_and_loss(PeriodQuery(month=MONTH))
    income, expenses = await truth.profit_and_loss(case.client, case.company.id, first, last)
    assert (result.income, result.expenses, result.net_profit) == (income, expenses, income - expenses)
    assert (result.currency, result.company) == (case.company.currency, case.company.name)


def _report_buckets(report: OverdueReport) -> dict[str, Decimal]:
    return {b.label: b.amount for b in report.buckets if b.count}


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_overdue_today_is_the_companys_own(case: BooksCase) -> None:
    today = case.rt.accounting.today()
    report = await case.rt.accounting.overdue(OverdueQuery(limit=200))
    expected = await truth.overdue_today(case.client, case.company.id, "receivable", today)
    assert (report.total, report.count, _report_buckets(report)) == (expected.total, expected.count, expected.buckets)
    assert (report.currency, report.company) == (case.company.currency, case.company.name)


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_overdue_as_of_a_past_date_is_what_was_open_then(case: BooksCase) -> None:
    report = await case.rt.accounting.overdue(OverdueQuery(as_of=AS_OF, limit=200))
    expected = await truth.overdue_as_of(case.client, case.company.id, "receivable", AS_OF)
    assert set(expected.buckets) == {"1-30", "31-60", "61-90", "90+"}, "the books fill every bucket"
    assert (report.total, report.count, _report_buckets(report)) == (expected.total, expected.count, expected.buckets)
    listed = {i.id: i.residual for i in report.invoices}
    paid_since = case.company.invoices["paid_since"]
    assert listed[paid_since] == expected.open_by_move[paid_since] > 0, "overdue on AS_OF, paid in full since"


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize("as_of", [None, AS_OF], ids=["today", "as-of"])
async def test_payables_by_bucket(case: BooksCase, as_of: dt.date | None) -> None:
    report = await case.rt.accounting.payables(OverdueQuery(as_of=as_of, limit=200))
    if as_of is None:
        expected = await truth.overdue_today(case.client, case.company.id, "payable", case.rt.accounting.today())
    else:
        expected = await truth.overdue_as_of(case.client, case.company.id, "payable", as_of)
    assert expected.total > 0
    assert (report.total, report.count, _report_buckets(report)) == (expected.total, expected.count, expected.buckets)


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize("side", ["receivable", "payable"])
@pytest.mark.parametrize("as_of", [None, AS_OF], ids=["today", "as-of"])
async def test_overdue_lists_page_to_the_end(case: BooksCase, side: str, as_of: dt.date | None) -> None:
    """Two documents a page until there is no next page: every overdue document once, each with its own open amount."""
    method = case.rt.accounting.overdue if side == "receivable" else case.rt.accounting.payables
    today = case.rt.accounting.today()
    if as_of is None:
        expected = await truth.overdue_today(case.client, case.company.id, side, today)
    else:
        expected = await truth.overdue_as_of(case.client, case.company.id, side, as_of)
    listed: dict[int, Decimal] = {}
    numbers: dict[int, str] = {}
    offset: int | None = 0
    pages = 0
    while offset is not None:
        report = await method(OverdueQuery(as_of=as_of, limit=2, offset=offset))
        assert len(report.invoices) <= 2 and report.total == expected.total, "every page carries the totals of all"
        assert not set(listed) & {i.id for i in report.invoices}, "no document on two pages"
        listed.update({i.id: i.residual for i in report.invoices})
        numbers.update({i.id: i.number for i in report.invoices})
        offset, pages = report.next_offset, pages + 1
    assert listed == {move: amount for move, amount in expected.open_by_move.items() if amount}
    stored = await case.client.read("account.move", list(numbers), ["name"])
    assert numbers == {row["id"]: row["name"] for row in stored}, "the document's number, nothing added"
    assert pages == -(-len(listed) // 2) and len(listed) == expected.count > 0
    assert side == "payable" or pages > 2, "the books give customer invoices several pages"


async def _moves(case: BooksCase, ids: list[int]) -> dict[int, dict[str, object]]:
    fields = [
        "amount_total",
        "amount_untaxed_signed",
        "amount_total_signed",
        "amount_residual_signed",
        "currency_id",
        "company_id",
        "invoice_date_due",
    ]
    return {r["id"]: r for r in await case.client.read("account.move", ids, fields)}


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_invoice_detail_in_its_own_and_the_company_currency(case: BooksCase) -> None:
    move_id = case.company.invoices["foreign_partial"]
    detail = await case.rt.accounting.get_move(InvoiceRef(id=move_id))
    row = (await _moves(case, [move_id]))[move_id]
    assert (detail.currency, detail.total) == (case.company.foreign, to_money(row["amount_total"]))
    assert detail.total_company_currency == to_money(row["amount_total_signed"]) != detail.total


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_bill_due_dates_are_what_odoo_stored(case: BooksCase) -> None:
    bills = await case.rt.accounting.list_vendor_bills(MoveQuery(partner_id=case.company.vendor_id, limit=200))
    ours = {b.id: b for b in bills.items if b.id in case.company.bills.values()}
    explicit, term = case.company.bills["explicit_due"], case.company.bills["term"]
    stored = await _moves(case, [explicit, term])
    assert ours[explicit].due_date == case.books.explicit_due == dt.date.fromisoformat(str(stored[explicit]["invoice_date_due"]))
    assert ours[term].due_date == dt.date.fromisoformat(str(stored[term]["invoice_date_due"])) == dt.date(2025, 11, 7), "60-day term"


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_invoice_list_is_the_companys_with_both_currencies_and_refunds_negative(case: BooksCase) -> None:
    page = await case.rt.accounting.list_invoices(MoveQuery(partner=case.books.tag, include_refunds=True, limit=200))
    expected = {i for name, i in case.company.invoices.items()}
    assert {i.id for i in page.items} == expected and page.total == len(expected)
    assert (page.company, page.company_currency) == (case.company.name, case.company.currency)
    stored = await _moves(case, list(expected))
    for item in page.items:
        row = stored[item.id]
        sign = -1 if item.move_type == "out_refund" else 1
        assert item.currency == row["currency_id"][1]  # type: ignore[index]
        assert item.total == sign * to_money(row["amount_total"])
        assert (item.untaxed_company_currency, item.total_company_currency, item.residual_company_currency) == (
            to_money(row["amount_untaxed_signed"]),
            to_money(row["amount_total_signed"]),
            to_money(row["amount_residual_signed"]),
        )


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_payments_are_the_companys_own(case: BooksCase) -> None:
    page = await case.rt.accounting.list_payments(PaymentQuery(partner_id=case.company.foreign_customer_id, limit=200))
    rows = await truth.rows_of(
        case.client,
        case.company.id,
        "account.payment",
        [("company_id", "=", case.company.id), ("partner_id", "=", case.company.foreign_customer_id), ("state", "!=", "canceled")],
        ["amount", "amount_company_currency_signed"],
    )
    assert {p.id: (p.amount, p.amount_company_currency) for p in page.items} == {
        r["id"]: (to_money(r["amount"]), to_money(r["amount_company_currency_signed"])) for r in rows
    }
    assert len(rows) == 2, "a partial and a full payment in the foreign currency"


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize("side", ["receivable", "payable"])
@pytest.mark.parametrize("as_of", [None, AS_OF], ids=["today", "as-of"])
async def test_balances_by_partner_paged_to_the_end(case: BooksCase, side: str, as_of: dt.date | None) -> None:
    """Every partner's open and overdue amounts, one partner a page to the end; totals the same on every page."""
    method = case.rt.accounting.receivables_by_partner if side == "receivable" else case.rt.accounting.payables_by_partner
    today = case.rt.accounting.today()
    expected = await truth.open_by_partner(case.client, case.company.id, side, as_of or today, today)
    seen: dict[int, tuple[Decimal, Decimal]] = {}
    offset: int | None = 0
    pages = []
    while offset is not None:
        page = await method(PartnerBalanceQuery(as_of=as_of, limit=1, offset=offset, sort="open"))
        pages.append(page)
        seen.update({p.partner_id or 0: (p.open, p.overdue) for p in page.items})
        offset = page.next_offset
    assert seen == {p: (v.open, v.overdue) for p, v in expected.items()}
    assert len(pages) == len(expected) == pages[0].total
    assert {(p.open, p.overdue) for p in pages} == {(sum(v.open for v in expected.values()), sum(v.overdue for v in expected.values()))}
    opens = [p.items[0].open for p in pages]
    assert opens == sorted(opens, reverse=True), "largest first"
    ours = seen[case.company.customer_id if side == "receivable" else case.company.vendor_id]
    assert ours[0] > 0 and (side == "payable" or ours[1] > 0)
    for page in pages:
        item = page.items[0]
        assert sum(b.amount for b in item.buckets) == item.overdue
