"""The Monday briefing on the sandbox: every figure against raw-record sums; the offline path."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.reports import month_file
from odoo_mcp.reports.briefing_data import NoSyncedData
from odoo_mcp.reports.briefing_job import generate_briefing
from odoo_mcp.reports.markdown import generated_part, money, parse_money, parse_tables, table_rows
from odoo_mcp.vault.front_matter import split as split_front

from .checks import amounts_in
from .figures import month_range, period_figures, today_figures, vendor_rises
from .helpers import Clock, sync_once

pytestmark = pytest.mark.anyio
UTC = dt.UTC


def _approval(folder: Path, name: str, **meta: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["---", "type: approval_request"] + [f"{k}: {v}" for k, v in meta.items()] + ["---", "# request", ""]
    (folder / name).write_text("\n".join(lines), encoding="utf-8")


def _tables(text: str) -> Any:
    tables = parse_tables(generated_part(text))
    return lambda section, sub=None: table_rows(tables, section, sub)


def _chart(text: str) -> dict[str, list[Any]]:
    block = text.split("```mermaid", 1)[1].split("```", 1)[0]
    labels = re.search(r"x-axis \[(.*)\]", block).group(1)  # type: ignore[union-attr]
    return {
        "labels": [s.strip().strip('"') for s in labels.split('",')],
        "bar": [Decimal(v) for v in re.search(r"bar \[(.*)\]", block).group(1).split(", ")],  # type: ignore[union-attr]
        "lines": [[Decimal(v) for v in m.split(", ")] for m in re.findall(r"line \[(.*)\]", block)],
    }


def _money_cell(value: str) -> Decimal:
    return parse_money(value.split()[0])


async def test_briefing_states_every_figure_exactly(runtime_factory, sandbox, vault_path: Path) -> None:
    day = sandbox.today
    assert day.weekday() == 0
    _approval(vault_path / "Done", "POST_INVOICE_done.md", id="a1", action="post_invoice", status="done", amount="1234.50",
              currency="USD", recipient="Acme", created="'2026-11-10T09:00:00+00:00'", executed="'2026-11-12T10:00:00+00:00'")
    _approval(vault_path / "Done", "OLD_done.md", id="a0", action="create_invoice", status="done", amount="10",
              currency="USD", recipient="Old", created="'2026-10-01T09:00:00+00:00'", executed="'2026-10-01T10:00:00+00:00'")
    _approval(vault_path / "Pending_Approval", "REGISTER_PAYMENT_wait.md", id="a2", action="register_payment",
              status="pending", amount="300.00", currency="USD", recipient="Nimbus", created="'2026-11-14T08:00:00+00:00'")
    async with runtime_factory() as rt:
        result = await generate_briefing(rt, now=Clock())
        client = rt.client
        week = await period_figures(client, day - dt.timedelta(days=7), day - dt.timedelta(days=1))
        mtd = await period_figures(client, day.replace(day=1), day)
        trend = await period_figures(client, dt.date(2026, 6, 1), day)
        today = await today_figures(client, day)
    assert result.live and result.path == "Briefings/2026-11-16_Monday_Briefing.md"
    text = (vault_path / result.path).read_text(encoding="utf-8")
    table = _tables(text)
    front = split_front(text)
    meta, body = front.data, front.body
    assert meta["type"] == "ceo_briefing" and meta["odoo_connected"] is True and meta["data"] == "live"
    assert meta["period"] == "2026-11-09 to 2026-11-15" and meta["source"] == "sandbox"
    assert meta["week_revenue"] == str(week.revenue) and meta["mtd_revenue"] == str(mtd.revenue)
    assert body.index("## Executive Summary") < body.index("## Revenue") < body.index("## Completed Tasks")
    assert body.index("## Completed Tasks") < body.index("## Bottlenecks") < body.index("## Proactive Suggestions")

    # Revenue: week, month to date, target from Business_Goals.md (20,000, alert below 80% of pace).
    revenue = {r["Figure"]: parse_money(r["Amount (USD)"]) for r in table("Revenue")}
    assert week.revenue_count > 0 and revenue["Invoiced revenue last week, by invoice date (2026-11-09 to 2026-11-15)"] == week.revenue
    assert revenue["Invoiced revenue month to date, by invoice date (2026-11-01 to 2026-11-16)"] == mtd.revenue
    assert revenue["Invoiced expenses month to date, by bill date (2026-11-01 to 2026-11-16)"] == mtd.expenses
    assert revenue["Net profit month to date (profit and loss, by accounting date)"] == mtd.net_profit
    assert revenue["Income month to date (profit and loss, by accounting date)"] == mtd.income
    assert revenue["Expenses month to date (profit and loss, by accounting date)"] == mtd.pnl_expenses
    assert ("Why net profit is above invoiced revenue" in text) == (mtd.net_profit > mtd.revenue)
    assert revenue["Monthly target"] == Decimal("20000.00")
    pro_rata = (Decimal(20000) * 16 / 30).quantize(Decimal("0.01"))
    assert revenue["Target pro-rata to day 16"] == pro_rata
    of_target = (mtd.revenue / 200).quantize(Decimal("0.1"))
    assert f"Reached {of_target}% of the monthly target" in text
    assert f"from {week.revenue_count} posted documents" in text

    # Trend: six months, table and chart agree with the raw sums.
    months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    rows = table("Revenue", "Trend")
    assert [r["Month"] for r in rows] == ["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026 (to 16 Nov)"]
    want_rev = [trend.revenue_months.get(m, Decimal("0.00")) for m in months]
    want_exp = [trend.expense_months.get(m, Decimal("0.00")) for m in months]
    assert [parse_money(r["Revenue (USD)"]) for r in rows] == want_rev
    assert [parse_money(r["Expenses (USD)"]) for r in rows] == want_exp
    assert [parse_money(r["Revenue minus expenses (USD)"]) for r in rows] == [a - b for a, b in zip(want_rev, want_exp, strict=True)]
    chart = _chart(text)
    assert chart["bar"] == want_rev and chart["lines"][0] == want_exp and chart["lines"][1] == [Decimal(20000)] * 6
    assert "xychart-beta" in text and chart["labels"] == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov (MTD)"]

    # Completed tasks: only the one finished in the period.
    (done,) = table("Completed Tasks")
    assert (done["Action"], done["For"], done["Amount"], done["Status"]) == ("post_invoice", "Acme", "1,234.50 USD", "done")

    # Bottlenecks: aging, the invoices past the 30-day threshold, drafts, approvals waiting.
    aging = {r["Days overdue"]: (int(r["Invoices"]), parse_money(r["Open (USD)"])) for r in table("Bottlenecks", "Overdue invoices by age")}
    assert aging.pop("Total") == (len(today.overdue), today.overdue_total) and aging == today.buckets
    long = [o for o in today.overdue if o["days"] > 30]
    assert f"; {len(long)} more than 30 days." in text
    listed = table("Bottlenecks", "Overdue more than 30 days")
    assert long and [(r["Invoice"], int(r["Days overdue"]), parse_money(r["Open (USD)"])) for r in listed] == [
        (o["number"], o["days"], o["open"]) for o in long[:10]
    ]
    drafts = table("Bottlenecks", "Drafts not sent")
    assert {(r["Partner"], int(r["Age (days)"]), _money_cell(r["Total"])) for r in drafts} == {
        (d["partner"], d["age_days"], d["total"]) for d in today.drafts.values()
    }
    assert {r["Partner"] for r in drafts if r["Flag"]} == {d["partner"] for d in today.drafts.values() if d["age_days"] >= 7}
    # we are late paying: Odoo's aging of the payable side, against the raw open bills
    late = today.overdue_bills
    assert late, "the sandbox books should have an overdue vendor bill"
    aged = table("Bottlenecks", "Overdue vendor bills (we are late paying)")
    paying = {r["Days overdue"]: (int(r["Bills"]), parse_money(r["Open (USD)"])) for r in aged}
    assert paying.pop("Total") == (len(late), today.owed(late))
    assert sum(n for n, _ in paying.values()) == len(late)
    bills = table("Bottlenecks", f"Most overdue vendor bills ({min(len(late), 10)} of {len(late)})")
    assert sorted(r["Bill"] for r in bills) == sorted(b["name"] for b in late)
    assert f"Late paying: **{len(late)} vendor bill{'s' if len(late) != 1 else ''}, {money(today.owed(late))} USD**" in text
    (waiting,) = table("Bottlenecks", "Approvals waiting")
    assert waiting["Action"] == "register_payment" and waiting["Amount"] == "300.00 USD"

    # Suggestions: recurring vendor costs that rose more than 20%, and what falls due this week.
    rises = vendor_rises(trend.vendor_months, Decimal(20), {"2026-11", "2026-10"})
    listed_rises = table("Proactive Suggestions", "Recurring vendor costs")
    assert rises, "the sandbox books should show at least one recurring cost that rose"
    names = {pid: name for pid, (name, _, _) in trend.vendors.items()}
    assert {r["Vendor"]: Decimal(r["Change"].strip("+%")) for r in listed_rises} == {names[p]: c for p, c in rises.items()}
    collect = table("Proactive Suggestions", "Customer invoices to collect")
    pay = table("Proactive Suggestions", "Vendor bills to pay")
    assert [(r["Number"], _money_cell(r["Open"])) for r in collect] == [(d["number"], d["open"]) for d in today.due_invoices]
    assert [(r["Number"], _money_cell(r["Open"])) for r in pay] == [(d["number"], d["open"]) for d in today.due_bills]
    assert result.summary[0].startswith("Invoiced revenue month to date (by invoice date)") and (
        "on track" in result.summary[0] or "behind" in result.summary[0]
    )

    explained = {week.revenue, mtd.revenue, mtd.expenses, mtd.net_profit, Decimal(20000), pro_rata, *want_rev, *want_exp}
    explained |= {a - b for a, b in zip(want_rev, want_exp, strict=True)} | {b[1] for b in today.buckets.values()} | {today.overdue_total}
    explained |= {o["open"] for o in long} | {d["total"] for d in today.drafts.values()}
    explained |= {d["open"] for d in today.due_invoices + today.due_bills}
    explained |= {sum((d["open"] for d in today.due_invoices), Decimal("0.00")), sum((d["open"] for d in today.due_bills), Decimal("0.00"))}
    explained |= {Decimal("1234.50"), Decimal("300.00"), pro_rata - mtd.revenue}
    explained |= {today.owed(late), Decimal("0.00")} | {today.owed([b]) for b in late}  # 0.00: the empty age buckets
    for r in listed_rises:
        explained |= {parse_money(r["Latest (USD)"]), parse_money(r["Earlier average (USD)"])}
    unexplained = amounts_in(generated_part(text)) - explained
    assert not unexplained, sorted(unexplained)


async def test_offline_briefing_is_built_from_the_last_synced_files_and_says_so(runtime_factory, sandbox, vault_path: Path) -> None:
    # The wall clock runs days ahead of the books' day: figure dates must follow the books, not the clock.
    clock = Clock(dt.datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    assert (await sync_once(runtime_factory, clock, months=("2026-07", "2026-08", "2026-09", "2026-10"))).ok
    async with runtime_factory() as rt:
        live = await generate_briefing(rt, now=clock)
    live_text = (vault_path / live.path).read_text(encoding="utf-8")
    sandbox.offline = True
    async with runtime_factory() as rt:
        offline = await generate_briefing(rt, now=clock)
    assert not offline.live and "sandbox offline" in (offline.offline_reason or "")
    text = (vault_path / offline.path).read_text(encoding="utf-8")
    front = split_front(text)
    meta, body = front.data, front.body
    assert meta["odoo_connected"] is False and meta["data"] == "last_sync" and meta["last_success"] == "2026-11-22T08:01:00+00:00"
    first_lines = body.strip().splitlines()[:3]
    assert first_lines[0].startswith("# Monday Briefing") and "Odoo is offline: built from the last synced files" in first_lines[2]
    assert "Accounting/2026-11.md" in text and "2026-11-22 08:01 UTC" in text
    assert offline.summary[0].startswith("Odoo is offline")

    files = {
        m: month_file.parse((vault_path / "Accounting" / f"{m}.md").read_text(encoding="utf-8"))[0]
        for m in ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
    }
    table = _tables(text)
    rows = {r["Month"]: r for r in table("Revenue", "Trend")}
    assert rows["Jun 2026"]["Revenue (USD)"] == "not known", "a month never synced is not a zero month"
    for key, label in (("2026-07", "Jul 2026"), ("2026-08", "Aug 2026"), ("2026-09", "Sep 2026"), ("2026-10", "Oct 2026")):
        assert parse_money(rows[label]["Revenue (USD)"]) == files[key].revenue
        assert parse_money(rows[label]["Expenses (USD)"]) == files[key].expenses
    chart = _chart(text)
    assert len(chart["labels"]) == 5 and chart["bar"] == [files[k].revenue for k in sorted(files)]
    assert "Not charted (never synced while Odoo was offline): 2026-06" in text

    revenue = {r["Figure"]: r["Amount (USD)"] for r in table("Revenue")}
    nov = files["2026-11"]
    assert parse_money(revenue["Invoiced revenue month to date, by invoice date (2026-11-01 to 2026-11-16)"]) == nov.revenue
    assert parse_money(revenue["Net profit month to date (profit and loss, by accounting date)"]) == nov.net_profit
    assert parse_money(revenue["Target pro-rata to day 16"]) == Decimal("10666.67")
    assert [r["Month"] for r in table("Revenue", "Trend")][-1] == "Nov 2026 (to 16 Nov)"
    # Last week rebuilt from the month file's week rows equals what Odoo said live.
    live_rev = {r["Figure"]: r["Amount (USD)"] for r in _tables(live_text)("Revenue")}
    assert (
        revenue["Invoiced revenue last week, by invoice date (2026-11-09 to 2026-11-15)"]
        == live_rev["Invoiced revenue last week, by invoice date (2026-11-09 to 2026-11-15)"]
    )
    # Bottlenecks and due dates come from the current month file, identical to the live ones.
    for section, sub in (
        ("Bottlenecks", "Overdue invoices by age"),
        ("Bottlenecks", "Overdue more than"),
        ("Proactive Suggestions", "Customer invoices to collect"),
        ("Proactive Suggestions", "Vendor bills to pay"),
    ):
        assert table(section, sub) == _tables(live_text)(section, sub), (section, sub)
    # Vendor costs offline: the same rule over the months the files hold (June was never synced).
    vendor_months = {(v.partner_id or 0, k): v.amount for k, snap in files.items() for v in snap.vendors}
    names = {v.partner_id or 0: v.partner for snap in files.values() for v in snap.vendors}
    rises = vendor_rises(vendor_months, Decimal(20), {"2026-11", "2026-10"})
    assert rises
    listed = table("Proactive Suggestions", "Recurring vendor costs")
    assert {r["Vendor"]: Decimal(r["Change"].strip("+%")) for r in listed} == {names[p]: c for p, c in rises.items()}
    assert "Offline, and never synced: 2026-06" in text


async def test_offline_with_nothing_ever_synced_writes_no_briefing(runtime_factory, sandbox, vault_path: Path) -> None:
    sandbox.offline = True
    async with runtime_factory() as rt:
        with pytest.raises(NoSyncedData, match="nothing true to report"):
            await generate_briefing(rt)
    assert not list(vault_path.glob("Briefings/*_Monday_Briefing.md"))


async def test_regenerating_keeps_the_owners_notes(runtime_factory, vault_path: Path) -> None:
    async with runtime_factory() as rt:
        result = await generate_briefing(rt)
        path = vault_path / result.path
        path.write_text(path.read_text(encoding="utf-8") + "Ask Dana about Nimbus.\n", encoding="utf-8")
        await generate_briefing(rt, dt.date(2026, 11, 16))
    assert path.read_text(encoding="utf-8").endswith("Ask Dana about Nimbus.\n")


async def test_month_range_helper_is_sane() -> None:
    assert month_range("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month_range("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


async def test_the_briefing_links_each_invoice_bill_and_draft_to_odoo(runtime_factory, vault_path: Path) -> None:
    async with runtime_factory() as rt:
        plain = (vault_path / (await generate_briefing(rt)).path).read_text(encoding="utf-8")
        rt.client.base_url = "https://books.example.com"  # what a real Odoo's address gives; the sandbox has none
        linked = (vault_path / (await generate_briefing(rt)).path).read_text(encoding="utf-8")
        overdue = await rt.client.search_read(
            "account.move", [("move_type", "=", "out_invoice"), ("payment_state", "in", ["not_paid", "partial"])], ["name"]
        )
    assert "/odoo/account.move/" not in plain, "no link on the sandbox"
    links = {f"[{row['name']}](https://books.example.com/odoo/account.move/{row['id']})" for row in overdue}
    assert any(link in linked for link in links), "the most overdue invoices open in Odoo"
    assert linked.count("](https://books.example.com/odoo/account.move/") >= 3


async def test_a_briefing_written_on_saturday_is_named_after_its_weeks_monday(runtime_factory, vault_path: Path) -> None:
    async with runtime_factory() as rt:
        saturday = await generate_briefing(rt, dt.date(2026, 11, 21))
        written_saturday = (vault_path / saturday.path).read_text(encoding="utf-8")
        monday = await generate_briefing(rt, dt.date(2026, 11, 16))
    assert saturday.path == monday.path == "Briefings/2026-11-16_Monday_Briefing.md", "one file a week"
    assert saturday.date == dt.date(2026, 11, 21)
    assert "# Monday Briefing: week of 16 November 2026 (written Saturday 21 November)\n" in written_saturday
    text = (vault_path / monday.path).read_text(encoding="utf-8")
    assert text.split("\n---\n", 1)[1].lstrip().startswith("# Monday Briefing: week of 16 November 2026\n")


def test_every_day_of_a_week_names_the_same_file() -> None:
    from odoo_mcp.reports.briefing import relative_path, week_monday

    assert [week_monday(dt.date(2026, 11, d)) for d in (23, 26, 28, 29)] == [dt.date(2026, 11, 23)] * 4
    assert relative_path(dt.date(2026, 11, 28), "Briefings/Acme") == "Briefings/Acme/2026-11-23_Monday_Briefing.md"


async def test_a_draft_ages_from_its_document_date_not_from_when_it_was_typed_in(runtime_factory, sandbox) -> None:
    from odoo_mcp.reports.snapshot import open_items

    async with runtime_factory() as rt:
        partner = (await rt.client.search_read("res.partner", [("customer_rank", ">", 0)], ["id"], limit=1))[0]["id"]
        dated = sandbox.today - dt.timedelta(days=40)
        (move,) = await rt.client.create("account.move", [{
            "move_type": "out_invoice", "partner_id": partner, "invoice_date": dated.isoformat(),
            "invoice_line_ids": [[0, 0, {"name": "Typed in today", "quantity": 1, "price_unit": 10}]],
        }])
        created = (await rt.client.read("account.move", [move], ["create_date"]))[0]["create_date"][:10]
        items = await open_items(rt.accounting, sandbox.today)
    draft = next(d for d in items.drafts if d.id == move)
    assert created == sandbox.today.isoformat() and draft.created == sandbox.today
    assert draft.age_days == 40 and draft.invoice_date == dated


async def test_a_target_far_from_recent_months_is_called_mis_set_not_graded(runtime_factory, vault_path: Path) -> None:
    goals = vault_path / "Business_Goals.md"
    template = goals.read_text(encoding="utf-8")
    texts = {}
    for target in ("20000", "2000000", "200"):
        goals.write_text(template.replace("monthly_revenue_target: 20000", f"monthly_revenue_target: {target}"), encoding="utf-8")
        async with runtime_factory() as rt:
            result = await generate_briefing(rt)
        texts[target] = " ".join(result.summary)
    assert "on track" in texts["20000"] or "behind" in texts["20000"], "a sensible target is graded"
    for wrong in ("2000000", "200"):
        assert "looks mis-set" in texts[wrong] and "on track" not in texts[wrong] and "behind" not in texts[wrong], texts[wrong]
    assert "2,000,000.00 USD) is " in texts["2000000"]


def test_misset_target_bounds() -> None:
    from decimal import Decimal as D

    from odoo_mcp.reports.insights import misset_target

    recent = [D("9000"), D("11000")]  # average 10,000
    assert misset_target(D("30000"), recent, "USD") is None and misset_target(D("3334"), recent, "USD") is None
    assert "3.01x" in (misset_target(D("30100"), recent, "USD") or "")
    assert "0.33x" in (misset_target(D("3300"), recent, "USD") or "")
    assert misset_target(D("1"), [], "USD") is None and misset_target(D("1"), [D(0)], "USD") is None
