"""The breakdown and the period comparison equal what the test itself adds up from every journal item.

Runs on the realistic books (books.py: two companies, two currencies, refunds, exchange differences)
plus a few product lines made here, on the sandbox and live on both protocols. Every figure is checked
against `search_read` of each journal item (or invoice) of one company, summed in Decimal by the test.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.accounting.breakdown import Breakdown, BreakdownQuery, income_expense_breakdown
from odoo_mcp.accounting.comparison import ComparisonQuery, compare_periods
from odoo_mcp.accounting.models import PeriodQuery
from odoo_mcp.accounting.money import to_money
from odoo_mcp.accounting.periods import period_bounds, previous_period, same_period_last_year
from odoo_mcp.odoo import OdooClient

from . import truth
from .books import MONTH, scope
from .targets import Target
from .test_books import COMPANIES, BooksCase, open_books

pytestmark = pytest.mark.anyio

QUARTER = f"{MONTH[:4]}-Q{(int(MONTH[5:]) - 1) // 3 + 1}"
YEAR = MONTH[:4]  # the books' year: exchange differences (income_other and expense) fall after MONTH
_products_seeded: set[str] = set()


async def _product_lines(client: OdooClient, company_id: int) -> None:
    """Two products on an invoice and a bill of MONTH, and one line without a product: the product split has
    something to tell apart in every company (the books' own lines carry no product)."""
    tag = uuid.uuid4().hex[:8]
    widget, service = await client.create(
        "product.product", [{"name": f"breakdown {tag} widget"}, {"name": f"breakdown {tag} service", "default_code": f"S{tag}"}]
    )
    partner = (await client.create("res.partner", [{"name": f"breakdown {tag} partner", "is_company": True}]))[0]

    def line(product: int | None, qty: str, price: str) -> list[object]:
        vals: dict[str, object] = {
            "name": f"breakdown {tag}",
            "quantity": Decimal(qty),
            "price_unit": Decimal(price),
            "tax_ids": [[6, 0, []]],
        }
        if product:
            vals["product_id"] = product
        return [0, 0, vals]

    day = f"{MONTH}-12"
    moves = [
        {
            "move_type": "out_invoice",
            "partner_id": partner,
            "invoice_date": day,
            "invoice_line_ids": [line(widget, "3", "41.10"), line(service, "1", "250.00"), line(None, "1", "9.99")],
        },
        {"move_type": "in_invoice", "partner_id": partner, "invoice_date": day, "invoice_line_ids": [line(service, "2", "35.55")]},
    ]
    ids = await client.create("account.move", [{**m, "company_id": company_id} for m in moves], context=scope(company_id))
    await client.call("account.move", "action_post", ids=ids, context=scope(company_id))


@pytest.fixture
async def case(target: Target, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[BooksCase]:
    async with open_books(target, tmp_path, request.param) as c:
        key = f"{c.rt.settings.url} {c.rt.settings.database} {target.protocol} {c.company.id}"
        if key not in _products_seeded:
            await _product_lines(c.client, c.company.id)
            _products_seeded.add(key)
        yield c


def _expected(rows: list[dict[str, Any]], field: str, side: str) -> dict[tuple[str, int | None], tuple[Decimal, int]]:
    """(section, record id) -> (amount, items), summed by the test from each journal item."""
    sums: dict[tuple[str, int | None], Decimal] = defaultdict(lambda: truth.ZERO)
    counts: dict[tuple[str, int | None], int] = defaultdict(int)
    for row in rows:
        if row["account_type"] in truth.INCOME and side != "expense":
            key, amount = ("income", row[field][0] if row[field] else None), -to_money(row["balance"])
        elif row["account_type"] in truth.EXPENSE and side != "income":
            key, amount = ("expense", row[field][0] if row[field] else None), to_money(row["balance"])
        else:
            continue
        sums[key] += amount
        counts[key] += 1
    return {key: (sums[key], counts[key]) for key in sums}


async def _all_pages(case: BooksCase, query: BreakdownQuery) -> tuple[Breakdown, list[Any]]:
    first = await income_expense_breakdown(case.rt.accounting, query)
    rows, page = list(first.items), first
    while page.next_offset is not None:
        page = await income_expense_breakdown(case.rt.accounting, query.model_copy(update={"offset": page.next_offset}))
        assert (page.income, page.expenses, page.total) == (first.income, first.expenses, first.total), "totals cover all pages"
        rows += page.items
    return first, rows


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize(("by", "field"), [("account", "account_id"), ("partner", "partner_id"), ("product", "product_id")])
@pytest.mark.parametrize("side", ["both", "income", "expense"])
async def test_breakdown_equals_every_journal_item_summed(case: BooksCase, by: str, field: str, side: str) -> None:
    first_day, last_day = period_bounds(YEAR)
    query = BreakdownQuery(month=YEAR, by=by, side=side, limit=2)  # type: ignore[arg-type]
    head, rows = await _all_pages(case, query)
    items = await truth.posted_items(case.client, case.company.id, first_day, last_day, ["balance", "account_type", field])
    expected = _expected(items, field, side)
    assert {(r.section, r.id): (r.amount, r.items) for r in rows} == expected
    assert len(rows) == head.total == len(expected)
    income = sum((a for (s, _), (a, _) in expected.items() if s == "income"), truth.ZERO)
    expenses = sum((a for (s, _), (a, _) in expected.items() if s == "expense"), truth.ZERO)
    assert head.income == (income if side != "expense" else None)
    assert head.expenses == (expenses if side != "income" else None)
    assert head.net == (income - expenses if side == "both" else None)
    assert (head.company, head.currency) == (case.company.name, case.company.currency)
    assert (head.period.date_from, head.period.date_to) == (first_day, last_day)
    for section in ("income", "expense"):
        amounts = [r.amount for r in rows if r.section == section]
        assert amounts == sorted(amounts, reverse=True), "largest first"
    assert [r.section for r in rows] == sorted((r.section for r in rows), key=lambda s: s != "income")
    if by == "product":
        assert any(r.id is not None for r in rows) and any(r.id is None for r in rows), "products and lines without one"


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_breakdown_by_account_names_each_account_and_its_code(case: BooksCase) -> None:
    result = await income_expense_breakdown(case.rt.accounting, BreakdownQuery(month=MONTH, side="expense", limit=3))
    assert 0 < len(result.items) <= 3 and all(r.section == "expense" for r in result.items)
    ids = [r.id for r in result.items if r.id is not None]
    accounts = await case.client.call("account.account", "read", ids=ids, fields=["code", "name"], context=scope(case.company.id))
    by_id = {a["id"]: (a["code"], a["name"]) for a in accounts}
    assert {r.id: (r.code, r.name) for r in result.items} == by_id
    for r in result.items:
        assert r.url is None if case.rt.accounting.sandbox else r.url == f"{case.rt.settings.url.rstrip('/')}/odoo/account.account/{r.id}"


async def _figures(client: OdooClient, company_id: int, period: tuple[dt.date, dt.date]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    income, expenses = await truth.profit_and_loss(client, company_id, *period)
    invoiced, _ = await truth.invoiced(client, company_id, ("out_invoice", "out_refund"), *period)
    return income, expenses, income - expenses, invoiced


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
@pytest.mark.parametrize(
    "period", [{"month": MONTH}, {"month": QUARTER}, {"month": MONTH[:4]}, {"date_from": f"{MONTH}-03", "date_to": f"{MONTH}-17"}]
)
async def test_comparison_equals_each_period_summed_from_every_item(case: BooksCase, period: dict[str, str]) -> None:
    result = await compare_periods(case.rt.accounting, ComparisonQuery.model_validate(period))
    current = (result.current.period.date_from, result.current.period.date_to)
    assert current == case.rt.accounting.period(PeriodQuery.model_validate(period))
    for figures, expected_period in (
        (result.current, current),
        (result.previous, previous_period(*current)),
        (result.last_year, same_period_last_year(*current)),
    ):
        assert (figures.period.date_from, figures.period.date_to) == expected_period
        expected = await _figures(case.client, case.company.id, expected_period)
        assert (figures.income, figures.expenses, figures.net, figures.invoiced_revenue) == expected
    for changes, base in ((result.vs_previous, result.previous), (result.vs_last_year, result.last_year)):
        for change in changes:
            now, then = getattr(result.current, change.figure), getattr(base, change.figure)
            assert (change.current, change.base, change.difference) == (now, then, now - then)
            if then:
                assert change.percent == ((now - then) * 100 / abs(then)).quantize(Decimal("0.1")) and change.note is None
            else:
                assert change.percent is None and change.note
    assert (result.company, result.currency) == (case.company.name, case.company.currency)


@pytest.mark.parametrize("case", COMPANIES, indirect=True)
async def test_quarter_and_year_shortcuts_mean_their_ranges_in_existing_tools(case: BooksCase) -> None:
    for shortcut in (QUARTER, MONTH[:4]):
        first, last = period_bounds(shortcut)
        by_shortcut = await case.rt.accounting.profit_and_loss(PeriodQuery(month=shortcut))
        by_range = await case.rt.accounting.profit_and_loss(PeriodQuery(date_from=first, date_to=last))
        income, expenses = await truth.profit_and_loss(case.client, case.company.id, first, last)
        assert (by_shortcut.income, by_shortcut.expenses) == (by_range.income, by_range.expenses) == (income, expenses)
        revenue = await case.rt.accounting.revenue(PeriodQuery(month=shortcut))
        assert (revenue.amount, revenue.count) == await truth.invoiced(
            case.client, case.company.id, ("out_invoice", "out_refund"), first, last
        )
