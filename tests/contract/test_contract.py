"""The Odoo-facing contract: every figure a tool reports equals what Odoo itself computes.

Runs against the sandbox on both protocols always, and against a real Odoo 19 when
`ODOO_LIVE_*` is set (see targets.py). Each figure is checked against Odoo's own legacy
`read_group` for the same domain and against a sum the test makes itself from `search_read`,
so neither the tool's query nor the sandbox can be wrong in the same way unnoticed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from odoo_mcp.accounting.models import InvoiceRef, MoveQuery, OverdueQuery, PartnerQuery, PaymentQuery, PeriodQuery
from odoo_mcp.accounting.money import to_money
from odoo_mcp.accounting.periods import aging_bucket, month_bounds
from odoo_mcp.odoo import OdooAuthError, OdooBadRequest, OdooClient, OdooDatabaseError, OdooMissingError, OdooUnreachable
from odoo_mcp.runtime import Runtime, open_runtime

from .seed import MONTH, Seeded, seed
from .targets import Target

pytestmark = pytest.mark.anyio

_live_seeds: dict[str, Seeded] = {}


@dataclass
class Case:
    target: Target
    rt: Runtime
    seeded: Seeded

    @property
    def client(self) -> OdooClient:
        return self.rt.client


@asynccontextmanager
async def open_case(target: Target, tmp_path: Path) -> AsyncIterator[Case]:
    settings = target.settings({"VAULT_PATH": str(tmp_path / "vault"), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")})
    sandbox = None
    if not target.live:
        from odoo_sandbox import SandboxOdoo

        sandbox = SandboxOdoo(today=dt.date(2026, 11, 16))
    async with open_runtime(settings, sandbox=sandbox) as rt:
        key = f"{settings.url} {settings.database} {target.protocol}"
        if target.live and key in _live_seeds:
            seeded = _live_seeds[key]
        else:
            seeded = await seed(rt.client)
            if target.live:
                _live_seeds[key] = seeded
        yield Case(target, rt, seeded)


@pytest.fixture
async def case(target: Target, tmp_path: Path) -> AsyncIterator[Case]:
    async with open_case(target, tmp_path) as c:
        yield c


def _sum(rows: list[dict[str, Any]], field: str) -> Decimal:
    return sum((to_money(r[field]) for r in rows), Decimal("0.00"))


async def _legacy_group_total(client: OdooClient, model: str, domain: list[Any], field: str) -> tuple[Decimal, int]:
    """Odoo's legacy read_group (a different server code path from formatted_read_group)."""
    rows = await client.call(model, "read_group", domain=domain, fields=[f"{field}:sum"], groupby=[], lazy=False)
    if not rows:
        return Decimal("0.00"), 0
    return to_money(rows[0].get(field)), int(rows[0].get("__count") or 0)


async def test_status_reports_the_connection(case: Case) -> None:
    status = await case.rt.accounting.status(url=case.rt.settings.url, database=case.client.database, dry_run=False)
    assert status.reachable and status.error is None
    assert status.protocol == case.target.protocol
    assert status.odoo_version and status.odoo_version.startswith("19")
    assert status.currency and status.user
    assert status.sandbox is (not case.target.live)


@pytest.mark.parametrize(
    ("kind", "types", "sign"), [("revenue", ["out_invoice", "out_refund"], 1), ("expenses", ["in_invoice", "in_refund"], -1)]
)
async def test_period_totals_equal_odoo_grouping_and_a_separate_sum(case: Case, kind: str, types: list[str], sign: int) -> None:
    _first, last = month_bounds(MONTH)
    query = PeriodQuery(date_from=dt.date(2025, 2, 1), date_to=last)
    result = await (case.rt.accounting.revenue(query) if kind == "revenue" else case.rt.accounting.expenses(query))
    domain = [
        ("move_type", "in", types),
        ("state", "=", "posted"),
        ("invoice_date", ">=", result.period.date_from.isoformat()),
        ("invoice_date", "<=", last.isoformat()),
    ]
    grouped, count = await _legacy_group_total(case.client, "account.move", domain, "amount_untaxed_signed")
    rows = await case.client.search_read("account.move", domain, ["amount_untaxed_signed", "invoice_date"])
    assert result.amount == sign * grouped == sign * _sum(rows, "amount_untaxed_signed")
    assert result.count == count == len(rows)
    per_month: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for row in rows:
        per_month[row["invoice_date"][:7]] += sign * to_money(row["amount_untaxed_signed"])
    assert {m.month: m.amount for m in result.months if m.count} == dict(per_month)
    assert [m.month for m in result.months] == ["2025-02", "2025-03"]


async def test_revenue_of_seeded_customer_is_net_of_credit_notes(case: Case) -> None:
    rows = await case.client.search_read(
        "account.move",
        [("partner_id", "=", case.seeded.customer_id), ("state", "=", "posted"), ("move_type", "!=", "entry")],
        ["amount_untaxed_signed", "move_type"],
    )
    # 3 x 333.33 + 120.10 + 1999.99 + 7.5 x 80 - 99.95: computed by hand, independent of Odoo.
    assert _sum(rows, "amount_untaxed_signed") == Decimal("999.99") + Decimal("120.10") + Decimal("1999.99") + Decimal("600.00") - Decimal(
        "99.95"
    )
    assert {r["move_type"] for r in rows} == {"out_invoice", "out_refund"}


async def test_overdue_aging_matches_a_separate_bucketing(case: Case) -> None:
    as_of = dt.date.fromisoformat(f"{MONTH}-01") + dt.timedelta(days=45)
    report = await case.rt.accounting.overdue(OverdueQuery(as_of=as_of, limit=200))
    domain = [
        ("move_type", "=", "out_invoice"),
        ("state", "=", "posted"),
        ("payment_state", "in", ["not_paid", "partial"]),
        ("invoice_date_due", "<", as_of.isoformat()),
    ]
    rows = await case.client.search_read("account.move", domain, ["amount_residual_signed", "invoice_date_due"])
    buckets: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for row in rows:
        buckets[aging_bucket((as_of - dt.date.fromisoformat(row["invoice_date_due"])).days)] += to_money(row["amount_residual_signed"])
    assert {b.label: b.amount for b in report.buckets if b.count} == dict(buckets)
    grouped, count = await _legacy_group_total(case.client, "account.move", domain, "amount_residual_signed")
    assert report.total == grouped == _sum(rows, "amount_residual_signed")
    assert report.count == count == len(rows)
    ours = {i.id: i for i in report.invoices if i.partner_id == case.seeded.customer_id}
    assert set(ours) == set(case.seeded.invoice_ids[:2]), "invoices due before as_of and not fully paid"
    assert ours[case.seeded.paid_invoice_id].residual == to_money(
        (await case.client.read("account.move", [case.seeded.paid_invoice_id], ["amount_residual_signed"]))[0]["amount_residual_signed"]
    )


async def test_profit_and_loss_matches_journal_items(case: Case) -> None:
    result = await case.rt.accounting.profit_and_loss(PeriodQuery(month=MONTH))
    first, last = month_bounds(MONTH)
    lines = await case.client.search_read(
        "account.move.line",
        [("parent_state", "=", "posted"), ("date", ">=", first.isoformat()), ("date", "<=", last.isoformat())],
        ["balance", "account_type"],
    )
    income = -sum((to_money(r["balance"]) for r in lines if r["account_type"] in ("income", "income_other")), Decimal("0.00"))
    expense = sum((to_money(r["balance"]) for r in lines if str(r["account_type"]).startswith("expense")), Decimal("0.00"))
    assert (result.income, result.expenses, result.net_profit) == (income, expense, income - expense)
    assert sum((line.amount for line in result.lines if line.section == "income"), Decimal("0.00")) == income


async def test_invoice_list_page_and_total_match_odoo(case: Case) -> None:
    query = MoveQuery(partner_id=case.seeded.customer_id, include_refunds=True, limit=2)
    page = await case.rt.accounting.list_invoices(query)
    domain = [("move_type", "in", ["out_invoice", "out_refund"]), ("partner_id", "=", case.seeded.customer_id)]
    assert page.total == await case.client.search_count("account.move", domain) == 4
    assert page.next_offset == 2 and len(page.items) == 2
    rest = await case.rt.accounting.list_invoices(query.model_copy(update={"offset": 2}))
    assert rest.next_offset is None
    assert {i.id for i in page.items + rest.items} == {*case.seeded.invoice_ids, case.seeded.refund_id}
    rows = {
        r["id"]: r for r in await case.client.search_read("account.move", domain, ["amount_total", "amount_residual", "name", "move_type"])
    }
    for item in page.items + rest.items:
        row = rows[item.id]
        sign = -1 if row["move_type"] == "out_refund" else 1  # credit notes are listed negative
        assert (item.total, item.residual, item.number) == (
            sign * to_money(row["amount_total"]),
            sign * to_money(row["amount_residual"]),
            row["name"],
        )
    assert [i.total < 0 for i in page.items + rest.items].count(True) == 1, "the one credit note"
    by_text = await case.rt.accounting.list_invoices(MoveQuery(text=f"{case.seeded.tag} #9"))
    assert [i.id for i in by_text.items] == [case.seeded.invoice_ids[1]]
    assert by_text.items[0].payment_state == "partial"


async def test_invoice_detail_lines_add_up(case: Case) -> None:
    number = (await case.client.read("account.move", [case.seeded.invoice_ids[0]], ["name"]))[0]["name"]
    by_number = await case.rt.accounting.get_move(InvoiceRef(number=number))
    by_id = await case.rt.accounting.get_move(InvoiceRef(id=case.seeded.invoice_ids[0]))
    assert by_number == by_id
    assert [line.description for line in by_id.lines] == ["Consulting", "Travel"]
    assert sum((line.subtotal for line in by_id.lines), Decimal("0.00")) == by_id.untaxed == Decimal("1120.09")
    assert by_id.untaxed + by_id.tax == by_id.total
    assert by_id.lines[0].taxes and not by_id.lines[1].taxes, "a line without tax_ids gets no tax"


async def test_vendor_bills_payments_and_partners(case: Case) -> None:
    bills = await case.rt.accounting.list_vendor_bills(MoveQuery(partner_id=case.seeded.vendor_id))
    assert [b.id for b in bills.items] == [case.seeded.bill_id] and bills.items[0].ref == f"{case.seeded.tag} vendor ref"
    payments = await case.rt.accounting.list_payments(PaymentQuery(partner_id=case.seeded.customer_id, direction="inbound"))
    assert [p.amount for p in payments.items] == [case.seeded.payment_amount]
    assert payments.items[0].amount_company_currency == case.seeded.payment_amount
    partners = await case.rt.accounting.find_partners(PartnerQuery(text=case.seeded.tag, role="customer"))
    assert [p.id for p in partners.items] == [case.seeded.customer_id]


async def test_missing_invoice_and_bad_field_are_typed_errors(case: Case) -> None:
    with pytest.raises(OdooMissingError):
        await case.rt.accounting.get_move(InvoiceRef(number="NO/SUCH/0000"))
    with pytest.raises(OdooBadRequest):
        await case.client.search_read("res.partner", [("bogus_field", "=", 1)], ["name"])


async def test_wrong_credentials_and_database(target: Target, tmp_path: Path) -> None:
    base = {"VAULT_PATH": str(tmp_path)}
    if target.live:
        bad_secret = {"ODOO_API_KEY": "wrong-key"} if target.protocol == "json2" else {"ODOO_PASSWORD": "wrong", "ODOO_API_KEY": ""}
        cases = [
            (target.settings({**base, **bad_secret}), OdooAuthError),
            (target.settings({**base, "ODOO_DB": "no_such_db_x"}), OdooDatabaseError),
        ]
        for settings, error in cases:
            async with open_runtime(settings) as rt:
                with pytest.raises(error):
                    await rt.client.search_count("res.partner", [])
        return
    from odoo_mcp.config import Protocol
    from odoo_sandbox import SANDBOX_DB, SANDBOX_LOGIN, SandboxOdoo

    sandbox = SandboxOdoo(today=dt.date(2026, 11, 16))
    protocol = Protocol(target.protocol)

    def client(**overrides: str) -> OdooClient:
        values = {"database": SANDBOX_DB, "login": SANDBOX_LOGIN, "password": "wrong", "api_key": "wrong", **overrides}
        return OdooClient(
            base_url="http://sandbox.invalid", protocol=protocol, http_transport=sandbox.transport(), read_retries=0, **values
        )

    from odoo_sandbox import SANDBOX_API_KEY, SANDBOX_PASSWORD

    for bad, error in [
        (client(), OdooAuthError),
        (client(database="no_such_db_x", password=SANDBOX_PASSWORD, api_key=SANDBOX_API_KEY), OdooDatabaseError),
    ]:
        async with bad:
            with pytest.raises(error):
                await bad.search_count("res.partner", [])
    sandbox.offline = True
    async with client(password=SANDBOX_PASSWORD, api_key=SANDBOX_API_KEY) as down:
        with pytest.raises(OdooUnreachable):
            await down.search_count("res.partner", [])


async def test_open_only_and_weekly_revenue_match_their_long_forms(case: Case) -> None:
    """One call each where the long form takes several: same answers."""
    open_page = await case.rt.accounting.list_invoices(MoveQuery(partner_id=case.seeded.customer_id, open_only=True))
    long_form = [
        i.id
        for state in ("not_paid", "partial")
        for i in (
            await case.rt.accounting.list_invoices(MoveQuery(partner_id=case.seeded.customer_id, state="posted", payment_state=state))
        ).items
    ]
    assert sorted(i.id for i in open_page.items) == sorted(long_form) and long_form
    first, last = month_bounds(MONTH)
    weeks = await case.rt.accounting.revenue_by_week(first, last)
    assert next((w.date_from, w.date_to) for w in weeks) == (first, dt.date(2025, 3, 2))
    for week in weeks:
        one = await case.rt.accounting.revenue(PeriodQuery(date_from=week.date_from, date_to=week.date_to))
        assert (week.amount, week.count) == (one.amount, one.count)


async def test_a_listed_document_links_to_its_form_in_odoo(case: Case) -> None:
    page = await case.rt.accounting.list_invoices(MoveQuery(partner_id=case.seeded.customer_id, limit=1))
    item = page.items[0]
    if not case.target.live:
        assert item.url is None, "the sandbox has no web client to link to"
        return
    assert item.url == f"{case.rt.settings.url.rstrip('/')}/odoo/account.move/{item.id}"
    async with httpx.AsyncClient() as http:
        answer = await http.get(item.url)
    # Odoo's web client route takes it and sends a visitor without a session to log in, then back to this record.
    assert answer.status_code in (302, 303)
    assert "/web/login" in answer.headers["location"] and f"account.move%2F{item.id}" in answer.headers["location"].replace("/", "%2F")
