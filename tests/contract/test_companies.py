"""Every company the user may see, on whatever data the database holds: the tools' figures equal Odoo's.

Unlike test_books.py this builds nothing: it is meant for data no one here wrote, such as Odoo's
own demo database (two companies, the admin in both; the kit makes one with `ODOO_KIT_DEMO=1`).
For each company (chosen through `ODOO_COMPANY`, the way an owner would), revenue, expenses,
profit and loss and today's overdue receivables and payables of the current and the previous year
are compared with truth.py's sums over every record of that company.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from odoo_mcp.accounting.models import OverdueQuery, PeriodQuery
from odoo_mcp.odoo.companies import Company
from odoo_mcp.runtime import Runtime, open_runtime

from ..live import PROTOCOLS, live_settings
from . import truth

pytestmark = [pytest.mark.live, pytest.mark.anyio]


@pytest.fixture(params=PROTOCOLS)
async def companies(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, list[Company]]]:
    settings = live_settings(request.param, VAULT_PATH=str(tmp_path))
    async with open_runtime(settings) as rt:
        yield request.param, list((await rt.client.user_companies()).allowed)


async def _check_company(rt: Runtime, company: Company) -> None:
    assert (await rt.accounting.company()).id == company.id
    today = rt.accounting.today()
    for year in (today.year - 1, today.year):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        query = PeriodQuery(date_from=first, date_to=last)
        revenue, expenses, pnl = (
            await rt.accounting.revenue(query),
            await rt.accounting.expenses(query),
            await rt.accounting.profit_and_loss(query),
        )
        assert {revenue.company, expenses.company, pnl.company} == {company.name}
        assert {revenue.currency, expenses.currency, pnl.currency} == {company.currency}
        amount, count = await truth.invoiced(rt.client, company.id, ("out_invoice", "out_refund"), first, last)
        assert (revenue.amount, revenue.count) == (amount, count), f"{company.name} revenue {year}"
        amount, count = await truth.invoiced(rt.client, company.id, ("in_invoice", "in_refund"), first, last)
        assert (expenses.amount, expenses.count) == (-amount, count), f"{company.name} expenses {year}"
        income, costs = await truth.profit_and_loss(rt.client, company.id, first, last)
        assert (pnl.income, pnl.expenses) == (income, costs), f"{company.name} profit and loss {year}"
    for side, method in (("receivable", rt.accounting.overdue), ("payable", rt.accounting.payables)):
        report = await method(OverdueQuery(limit=200))
        expected = await truth.overdue_today(rt.client, company.id, side, today)
        assert (report.total, report.count) == (expected.total, expected.count), f"{company.name} overdue {side}"
        assert {b.label: b.amount for b in report.buckets if b.count} == expected.buckets


async def test_every_company_through_odoo_company(companies: tuple[str, list[Company]], tmp_path: Path) -> None:
    protocol, found = companies
    assert found, "the user has at least one company"
    for company in found:
        settings = live_settings(protocol, VAULT_PATH=str(tmp_path), ODOO_COMPANY=str(company.id))
        async with open_runtime(settings) as rt:
            await _check_company(rt, company)
