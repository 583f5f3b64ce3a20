"""The sync and the briefing against a real Odoo 19, every figure against raw-record sums.

Runs on each protocol the `ODOO_LIVE_*` settings allow (tests/live.py); skipped with the reason
otherwise. It adds a few dozen tagged records through the API (customers, vendors,
invoices across six months, a credit note, payments, drafts, recurring vendor bills with a rise)
so every section has something to show, and copes with whatever else the database holds, even
if another process writes while it runs (it retries until the books hold still).

    ODOO_LIVE_URL=http://127.0.0.1:8069 ODOO_LIVE_DB=... ODOO_LIVE_API_KEY=... \\
        .venv/bin/python -m pytest tests/sync/test_live_sync.py -m live -v
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest

from odoo_mcp.config import Settings
from odoo_mcp.odoo import OdooClient
from odoo_mcp.reports import month_file
from odoo_mcp.reports.briefing_job import generate_briefing
from odoo_mcp.reports.markdown import generated_part, parse_money, parse_tables, table_rows
from odoo_mcp.runtime import open_runtime
from odoo_mcp.sync import Syncer, SyncOptions
from odoo_mcp.vault.scope import scope_for

from ..live import PROTOCOLS, live_settings as settings_for, percent_tax
from .checks import assert_every_amount_explained, check_month_file
from .figures import Rules, expected_events, period_figures, today_figures, vendor_rises
from .helpers import Clock, event_files, front

pytestmark = [pytest.mark.live, pytest.mark.anyio]
T = TypeVar("T")


@pytest.fixture(params=PROTOCOLS)
def live_settings(request: pytest.FixtureRequest, tmp_path: Path, vault_path: Path) -> Settings:
    """Settings for the real Odoo on each protocol (tests/live.py), writing into this test's vault; or a skip saying what to set."""
    return settings_for(request.param, VAULT_PATH=str(vault_path), ODOO_MCP_STATE_DIR=str(tmp_path / "state"))


def _months_back(day: dt.date, n: int) -> dt.date:
    first = day.replace(day=1)
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def _line(name: str, price: str, tax: int | None = None) -> list[Any]:
    vals: dict[str, Any] = {"name": name, "quantity": 1, "price_unit": Decimal(price)}
    if tax:
        vals["tax_ids"] = [[6, 0, [tax]]]
    return [0, 0, vals]


@dataclass(frozen=True)
class Seeded:
    tag: str
    vendor_id: int


async def _seed(client: OdooClient, today: dt.date) -> Seeded:
    """Tagged books that touch every section: six months of invoices, overdue and due-soon ones,
    a credit note, full and partial payments, drafts, and a vendor whose monthly bill rose 50%."""
    tag = f"odoo-mcp sync live {uuid.uuid4().hex[:8]}"
    customer, other, vendor, supplier = await client.create("res.partner", [
        {"name": f"{tag} customer", "is_company": True},
        {"name": f"{tag} second customer", "is_company": True},
        {"name": f"{tag} hosting vendor", "is_company": True},
        {"name": f"{tag} supplies vendor", "is_company": True},
    ])
    found = await percent_tax(client, "sale")
    tax = found[0] if found else None
    first = today.replace(day=1)
    invoices: list[dict[str, Any]] = []
    for back in range(1, 6):
        start = _months_back(today, back)
        for offset, price in ((4, "1200.00"), (17, "845.55")):
            day = start + dt.timedelta(days=offset)
            invoices.append({"move_type": "out_invoice", "partner_id": customer, "invoice_date": day.isoformat(),
                             "invoice_date_due": (day + dt.timedelta(days=30)).isoformat(),
                             "invoice_line_ids": [_line("Monthly retainer", price, tax)]})
    this_month = [first + dt.timedelta(days=d) for d in range(0, (today - first).days + 1)] or [today]
    for i, (due_shift, price) in enumerate([(-12, "990.00"), (-3, "410.10"), (2, "1500.00"), (5, "275.25"), (25, "3333.33"),
                                            (-40, "120.00"), (6, "80.80"), (30, "650.00")]):
        day = this_month[(i * 3) % len(this_month)]
        invoices.append({"move_type": "out_invoice", "partner_id": other if i % 2 else customer, "invoice_date": day.isoformat(),
                         "invoice_date_due": (today + dt.timedelta(days=due_shift)).isoformat(),
                         "invoice_line_ids": [_line(f"Project work {i}", price, tax), _line("Expenses", "19.99")]})
    invoices.append({"move_type": "out_refund", "partner_id": customer, "invoice_date": this_month[-1].isoformat(),
                     "invoice_line_ids": [_line("Goodwill credit", "99.95", tax)]})
    posted = await client.create("account.move", invoices)
    bills: list[dict[str, Any]] = []
    for back, price in ((3, "100.00"), (2, "100.00"), (1, "100.00"), (0, "150.00")):
        day = _months_back(today, back) + dt.timedelta(days=1 if back else 0)
        bills.append(
            {
                "move_type": "in_invoice",
                "partner_id": vendor,
                "invoice_date": min(day, today).isoformat(),
                "invoice_date_due": (today + dt.timedelta(days=3)).isoformat() if back == 0 else (day + dt.timedelta(days=20)).isoformat(),
                "ref": f"{tag} hosting {back}",
                "invoice_line_ids": [_line("Hosting", price)],
            }
        )
    bills.append(
        {
            "move_type": "in_invoice",
            "partner_id": supplier,
            "invoice_date": today.isoformat(),
            "invoice_date_due": (today + dt.timedelta(days=6)).isoformat(),
            "ref": f"{tag} supplies",
            "invoice_line_ids": [_line("Paper", "42.42")],
        }
    )
    posted += await client.create("account.move", bills)
    await client.call("account.move", "action_post", ids=posted)
    # Drafts: one invoice, one bill (they stay drafts; the test counts drafts of any age).
    await client.create(
        "account.move",
        [
            {"move_type": "out_invoice", "partner_id": other, "invoice_line_ids": [_line("Not sent yet", "500.00")]},
            {"move_type": "in_invoice", "partner_id": supplier, "invoice_line_ids": [_line("Not confirmed yet", "12.34")]},
        ],
    )
    # Payments: one invoice in full, one in part.
    current_month = posted[10:18]  # after the ten invoices of the five previous months
    for move_id, vals in ((current_month[2], {}), (current_month[0], {"amount": Decimal("200.00")})):
        context = {"active_model": "account.move", "active_ids": [move_id]}
        (wizard,) = await client.create("account.payment.register", [vals], context=context)
        await client.call("account.payment.register", "action_create_payments", ids=[wizard], context=context)
    return Seeded(tag=tag, vendor_id=vendor)


async def _steady(compute: Callable[[], Awaitable[Any]], action: Callable[[], Awaitable[T]], attempts: int = 4) -> tuple[T, Any]:
    """Run `action` between two identical readings of the books: a real Odoo may have other writers."""
    for _ in range(attempts):
        before = await compute()
        result = await action()
        after = await compute()
        if before == after:
            return result, after
        await asyncio.sleep(2)
    pytest.fail("the live books kept changing while the test ran (another writer?); try again later")


async def test_live_month_files_briefing_and_stale_marker(live_settings: Settings, vault_path: Path) -> None:
    clock = Clock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    async with open_runtime(live_settings) as rt:
        today = rt.accounting.today()
        seeded = await _seed(rt.client, today)
        month = f"{today:%Y-%m}"
        previous = f"{_months_back(today, 1):%Y-%m}"
        syncer = Syncer(rt, SyncOptions(months=(previous,), draft_age_days=0), now=clock)

        async def books() -> Any:
            first = today.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            prev_first = _months_back(today, 1)
            return (
                await period_figures(rt.client, first, last),
                await period_figures(rt.client, prev_first, first - dt.timedelta(days=1)),
                await today_figures(rt.client, today),
                await expected_events(rt.client, today, Rules(draft_age_days=0)),
            )

        report, (current, prior, now_figures, expected_now) = await _steady(books, syncer.run_once)
        assert report.ok, report.summary
        assert current.revenue_count >= 9 and current.expenses_count >= 2 and now_figures.overdue and now_figures.drafts

        # The user may see several companies (the contract books add one): files go to this company's folders.
        scope = await scope_for(rt)
        for key, figures, today_part in ((month, current, now_figures), (previous, prior, None)):
            text = (vault_path / scope.accounting / f"{key}.md").read_text(encoding="utf-8")
            explained = check_month_file(text, figures, today_part)
            assert_every_amount_explained(text, explained)
        month_text = (vault_path / scope.accounting / f"{month}.md").read_text(encoding="utf-8")
        assert f"{seeded.tag} hosting vendor" in month_text
        ids = [row["id"] for row in await rt.client.search_read("account.move", [("partner_id.name", "ilike", seeded.tag)], ["id"])]
        links = [f"[{i}]({live_settings.url.rstrip('/')}/odoo/account.move/{i})" for i in ids]
        assert any(link in month_text for link in links), "the month's documents open in Odoo from the file"

        # The first sync of the company: one summary note, every event it covers counted as raised.
        expected = set(expected_now)
        assert expected, "the seeded books call for events (overdue invoices, drafts)"
        (summary,) = [p for p in (vault_path / scope.needs_action).glob("ODOO_*.md")]
        meta = front(summary)
        assert meta["event"] == "first_sync_summary" and report.events_created == [f"{scope.needs_action}/{summary.name}"]
        for kind in {k for k, _, _ in expected_now.values()}:
            mine = [a for k, _, a in expected_now.values() if k == kind]
            assert (meta[f"count_{kind}"], Decimal(meta[f"total_{kind}"])) == (len(mine), sum(mine, Decimal(0))), kind
        state = json.loads((live_settings.state_dir / scope.events_state).read_text(encoding="utf-8"))["events"]
        assert set(state) == expected
        again = await syncer.run_once()
        repeated = {
            k
            for k, path in event_files(vault_path, scope.needs_action).items()
            if f"{scope.needs_action}/{path.name}" in again.events_created
        }
        assert not repeated & expected, "an event was raised twice"  # (new ones may come from other writers)

        # The briefing, live: week, month to date, six-month trend, vendor rise, aging.
        async def briefing_books() -> Any:
            return (
                await period_figures(rt.client, today - dt.timedelta(days=7), today - dt.timedelta(days=1)),
                await period_figures(rt.client, _months_back(today, 5), today),
                await today_figures(rt.client, today),
            )

        result, (week, trend, bfig) = await _steady(briefing_books, lambda: generate_briefing(rt, today, now=clock))
        assert result.live
        text = (vault_path / result.path).read_text(encoding="utf-8")
        tables = parse_tables(generated_part(text))
        cur = (await rt.accounting.company()).currency
        revenue = {r["Figure"]: r[f"Amount ({cur})"] for r in table_rows(tables, "Revenue")}
        assert (
            parse_money(
                revenue[f"Invoiced revenue last week, by invoice date ({today - dt.timedelta(days=7)} to {today - dt.timedelta(days=1)})"]
            )
            == week.revenue
        )
        trend_rows = table_rows(tables, "Revenue", "Trend")
        months = sorted({f"{_months_back(today, n):%Y-%m}" for n in range(6)})
        assert [parse_money(r[f"Revenue ({cur})"]) for r in trend_rows] == [trend.revenue_months.get(m, Decimal("0.00")) for m in months]
        assert [parse_money(r[f"Expenses ({cur})"]) for r in trend_rows] == [trend.expense_months.get(m, Decimal("0.00")) for m in months]
        aging = {
            r["Days overdue"]: (int(r["Invoices"]), parse_money(r[f"Open ({cur})"]))
            for r in table_rows(tables, "Bottlenecks", "Overdue invoices by age")
        }
        assert aging.pop("Total") == (len(bfig.overdue), bfig.overdue_total) and aging == bfig.buckets
        assert f"; {sum(1 for o in bfig.overdue if o['days'] > 30)} more than 30 days." in text
        rises = vendor_rises(trend.vendor_months, Decimal(20), {months[-1], months[-2]})
        assert seeded.vendor_id in rises and rises[seeded.vendor_id] == Decimal("50.0")
        listed = {
            r["Vendor"]: Decimal(r["Change"].strip("+%")) for r in table_rows(tables, "Proactive Suggestions", "Recurring vendor costs")
        }
        assert listed[f"{seeded.tag} hosting vendor"] == Decimal(50)
        assert len(listed) == len(rises)

    # Odoo "stopped": the same vault, an address where nothing answers. Figures stay, marked stale.
    before = month_file.parse((vault_path / scope.accounting / f"{month}.md").read_text(encoding="utf-8"))[0]
    down = live_settings.model_copy(update={"url": "http://127.0.0.1:9", "read_retries": 0, "connect_timeout": 2.0})
    async with open_runtime(down) as rt:
        failed = await Syncer(rt, SyncOptions(months=(previous,)), now=clock).run_once()
    assert not failed.ok and {o.result for o in failed.months} == {"marked_stale"}
    snap, status = month_file.parse((vault_path / scope.accounting / f"{month}.md").read_text(encoding="utf-8"))
    assert snap == before and status.stale and not status.odoo_connected
    async with open_runtime(live_settings) as rt:
        assert (await Syncer(rt, SyncOptions(months=(previous,)), now=clock).run_once()).ok
    snap, status = month_file.parse((vault_path / scope.accounting / f"{month}.md").read_text(encoding="utf-8"))
    assert not status.stale and status.odoo_connected
