"""The pure pieces: Markdown round trips, goals, the judgements, the ledger's fallbacks."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from odoo_mcp.accounting.models import AgingBucket, PartnerMonthAmount, PnlLine
from odoo_mcp.reports import events, month_file
from odoo_mcp.reports.briefing_data import _week_from_files
from odoo_mcp.reports.goals import parse_goals
from odoo_mcp.reports.insights import target_pace, vendor_rises
from odoo_mcp.reports.markdown import END_MARKER, NotOurs, generated_part, money, owned_document, parse_tables, table, table_rows
from odoo_mcp.reports.models import (
    CurrentState,
    DocRow,
    DraftRow,
    FileStatus,
    MonthSnapshot,
    OpenItems,
    OverdueRow,
    PaymentRow,
    Receivables,
    WeekRevenue,
)
from odoo_mcp.vault.layout import Vault

UTC = dt.UTC
D = Decimal


def _doc(i: int, **kw: object) -> DocRow:
    base = dict(id=i, number=f"INV/2026/{i:05d}", kind="invoice", partner="Acme | Sons", invoice_date=dt.date(2026, 11, 2),
                due_date=dt.date(2026, 11, 20), status="not paid", total=D("1060.00"), open=D("1060.00"), currency="USD")
    return DocRow(**{**base, **kw})  # type: ignore[arg-type]


def snapshot(current: bool = True) -> MonthSnapshot:
    as_of = dt.date(2026, 11, 16)
    return MonthSnapshot(
        month="2026-11",
        date_from=dt.date(2026, 11, 1),
        date_to=dt.date(2026, 11, 30),
        company="Demo Ltd",
        currency="USD",
        revenue=D("-5.00"),
        revenue_count=2,
        expenses=D("0.00"),
        expenses_count=0,
        weeks=[
            WeekRevenue(date_from=dt.date(2026, 11, 1), date_to=dt.date(2026, 11, 1), amount=D("0.00"), count=0),
            WeekRevenue(date_from=dt.date(2026, 11, 2), date_to=dt.date(2026, 11, 30), amount=D("-5.00"), count=2),
        ],
        income=D("1234567.89"),
        pnl_expenses=D("0.01"),
        net_profit=D("1234567.88"),
        pnl_lines=[PnlLine(section="income", account_type="income", account="400000 Sales", amount=D("1234567.89"))],
        vendors=[PartnerMonthAmount(month="2026-11", partner_id=None, partner=None, amount=D("0.01"), count=1)],
        invoices=[_doc(1), _doc(2, kind="credit note", total=D("-1065.00"), open=D("0.00"), partner=None, due_date=None)],
        payments=[
            PaymentRow(
                id=3,
                name="PBNK1/2026/00001",
                date=dt.date(2026, 11, 3),
                partner="Acme | Sons",
                amount=D("10.00"),
                state="paid",
                memo="card | ref 12",
            )
        ],
        bills=[],
        current=CurrentState(
            as_of=as_of,
            receivables=Receivables(
                as_of=as_of,
                total=D("99.99"),
                count=1,
                buckets=[
                    AgingBucket(
                        label=label,
                        amount=D("99.99") if label == "90+" else D("0.00"),  # type: ignore[arg-type]
                        count=1 if label == "90+" else 0,
                    )
                    for label in ("1-30", "31-60", "61-90", "90+")
                ],
                most_overdue=[
                    OverdueRow(
                        id=9, number="INV/2025/00009", partner="Old", due_date=dt.date(2025, 1, 1), days_overdue=684, open=D("99.99")
                    )
                ],
            ),
            due_invoices=[_doc(1)],
            due_bills=[],
            drafts=[
                DraftRow(id=7, kind="bill", partner=None, created=None, age_days=None, invoice_date=None, total=D("0.00"), currency="USD")
            ],
        )
        if current
        else None,
    )


STATUS = FileStatus(
    updated=dt.datetime(2026, 11, 16, 8, tzinfo=UTC),
    source="odoo",
    odoo_connected=True,
    stale=False,
    last_success=dt.datetime(2026, 11, 16, 8, tzinfo=UTC),
)


@pytest.mark.parametrize("current", [True, False])
def test_month_file_reads_back_exactly_what_it_wrote(current: bool) -> None:
    snap = snapshot(current)
    text = month_file.render(snap, STATUS)
    parsed, status = month_file.parse(text)
    assert parsed == snap and status == STATUS
    assert month_file.render(parsed, status, text) == text


def test_multi_line_memos_are_flattened_not_broken() -> None:
    snap = snapshot()
    snap.payments[0] = snap.payments[0].model_copy(update={"memo": "multi\nline | memo"})
    text = month_file.render(snap, STATUS)
    parsed, _ = month_file.parse(text)
    # the view flattens it to one table cell; the data line keeps it exactly (reading back is no longer lossy)
    assert table_rows(parse_tables(generated_part(text)), "Payments received")[0]["Memo"] == "multi line | memo"
    assert parsed.payments[0].memo == "multi\nline | memo"
    assert parsed.invoices[0].partner == "Acme | Sons"
    assert month_file.disagreement(text, parsed) is None


def test_mark_stale_is_idempotent_and_works_on_text_alone() -> None:
    text = month_file.render(snapshot(), STATUS)
    later = dt.datetime(2026, 11, 16, 9, tzinfo=UTC)
    once = month_file.mark_stale(text, now=later, error="Cannot reach Odoo")
    twice = month_file.mark_stale(once, now=later + dt.timedelta(minutes=5), error="Cannot reach Odoo")
    assert once.count(month_file.STALE_OPEN) == 1 and twice.count(month_file.STALE_OPEN) == 1 == twice.count(month_file.STALE_CLOSE)
    assert month_file.parse(twice)[0] == snapshot()
    with pytest.raises(ValueError):
        month_file.mark_stale("# the owner's own file\n", now=later, error="x")


def test_money_never_prints_negative_zero() -> None:
    assert money(-D("0.00")) == "0.00" and money(D("-1234.5")) == "-1,234.5" and money(D("1234567.891")) == "1,234,567.891"


def test_tables_escape_pipes_and_render_empty_as_none() -> None:
    assert table(["a"], []) == "_None._"
    (parsed,) = parse_tables("## S\n\n" + table(["a", "b"], [("x | y", None)]))
    assert parsed.rows == [{"a": "x | y", "b": None}]


def test_owned_documents_refuse_files_they_did_not_write() -> None:
    with pytest.raises(NotOurs):
        owned_document({"type": "x"}, "# body", "# owner's file\n")
    doc = owned_document({"type": "x"}, "# body", None)
    assert doc.rstrip().endswith("## Notes") and END_MARKER in doc


def test_goals_are_read_leniently() -> None:
    goals = parse_goals("---\nmonthly_revenue_target: 20,000\ncurrency: usd\nalert_thresholds:\n  draft_age_days: ten\n---\n")
    assert goals.monthly_revenue_target == D(20000) and goals.currency == "USD"
    assert goals.draft_age_days == 7 and goals.revenue_below_target_pct == 80
    assert any("draft_age_days" in p for p in goals.problems)
    assert parse_goals(None).monthly_revenue_target is None and parse_goals(None).problems
    assert parse_goals("no front matter").problems


def test_the_note_thresholds_are_read_and_compared_in_their_currency() -> None:
    from odoo_mcp.reports.goals import min_amount_in

    goals = parse_goals("---\ncurrency: EUR\nalert_thresholds:\n  min_amount: 1,000\n  bill_overdue_days: 0\n---\n")
    assert goals.min_amount == D(1000) and goals.bill_overdue_days == 1  # a bill is late from the day after its due date
    assert min_amount_in(goals, "EUR") == D(1000)
    assert min_amount_in(goals, "USD") is None, "an amount in another currency holds nothing back"
    defaults = parse_goals("---\ntype: business_goals\n---\n")
    assert (defaults.min_amount, defaults.bill_overdue_days, defaults.problems) == (D(50), 1, ())
    assert any("min_amount" in p for p in parse_goals("---\nalert_thresholds:\n  min_amount: lots\n---\n").problems)


def test_target_pace_is_pro_rata() -> None:
    pace = target_pace(D("8000.00"), D("20000"), dt.date(2026, 11, 16), D(80))
    assert pace.pro_rata == D("10666.67") and pace.of_target == D("40.0") and pace.of_pro_rata == D("75.0") and pace.behind
    assert not target_pace(D("9000.00"), D("20000"), dt.date(2026, 11, 16), D(80)).behind


def test_vendor_rises_need_recurrence_recency_and_more_than_the_threshold() -> None:
    def rows(name: str, amounts: dict[str, str]) -> list[PartnerMonthAmount]:
        return [PartnerMonthAmount(month=m, partner_id=hash(name) % 1000, partner=name, amount=D(a), count=1) for m, a in amounts.items()]

    data = (
        rows("Steady", {"2026-08": "100", "2026-09": "100", "2026-10": "120"})  # exactly +20%: not more than
        + rows("Rising", {"2026-08": "100", "2026-09": "100", "2026-11": "121"})
        + rows("Once", {"2026-11": "500"})
        + rows("Gone", {"2026-05": "1", "2026-06": "1", "2026-07": "9"})
    )
    (rise,) = vendor_rises(data, D(20), recent={"2026-11", "2026-10"})
    assert (rise.partner, rise.previous_average, rise.change_pct, rise.previous_months) == ("Rising", D("100.00"), D("21.0"), 2)


def test_a_week_is_only_known_offline_if_every_day_is_covered() -> None:
    snap = snapshot()
    week = (dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    assert _week_from_files({"2026-11": snap}, *week) is None  # the file's week row runs to the 30th
    monday = (dt.date(2026, 11, 2), dt.date(2026, 11, 30))
    assert _week_from_files({"2026-11": snap}, *monday) == (D("-5.00"), 2)
    assert _week_from_files({}, *week) is None


def test_ledger_survives_a_damaged_state_file(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault")
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "events.json").write_text("{not json", encoding="utf-8")
    items = OpenItems(
        as_of=dt.date(2026, 11, 16),
        currency="USD",
        open_invoices=[_doc(1, due_date=dt.date(2026, 11, 1))],
        open_bills=[],
        drafts=[],
    )
    found = events.detect(items, events.Thresholds(overdue_days=1))
    ledger = events.EventLedger(tmp_path / "state", vault)
    now = dt.datetime(2026, 11, 16, tzinfo=UTC)
    first = events.raise_new(found, vault=vault, ledger=ledger, now=now, source="odoo", currency="USD")
    again = events.EventLedger(tmp_path / "state", vault)
    second = events.raise_new(found, vault=vault, ledger=again, now=now, source="odoo", currency="USD")
    assert len(first.created) == 1 and second.created == [] and second.already_known == 1
    assert "invoice_overdue:1:2026-11-01" in json.loads((tmp_path / "state" / "events.json").read_text())["events"]


def _started(state: Path) -> None:
    """A state directory of an installation that raised events before: notes one by one, not a first summary."""
    state.mkdir(parents=True, exist_ok=True)
    (state / "events.json").write_text('{"version": 1, "events": {}}', encoding="utf-8")


def test_an_event_note_opens_its_record_in_odoo(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault")
    items = OpenItems(
        as_of=dt.date(2026, 11, 16),
        currency="USD",
        open_invoices=[_doc(7, due_date=dt.date(2026, 9, 1))],
        open_bills=[],
        drafts=[],
    )
    found = events.detect(items, events.Thresholds())
    now = dt.datetime(2026, 11, 16, tzinfo=UTC)
    _started(tmp_path / "s1")
    made = events.raise_new(
        found, vault=vault, ledger=events.EventLedger(tmp_path / "s1", vault), now=now, source="odoo", currency="USD", odoo_url="https://books.example.com"
    )
    (_, path), = made.created
    assert "[Open it in Odoo](https://books.example.com/odoo/account.move/7)" in path.read_text(encoding="utf-8")
    for odoo_url in (None, "http://sandbox.invalid", "https://x.example/) [pay](https://evil.example"):
        other = Vault(tmp_path / f"v{abs(hash(odoo_url))}")
        _started(tmp_path / "s2")
        again = events.raise_new(found, vault=other, ledger=events.EventLedger(tmp_path / "s2", other), now=now, source="odoo",
                                 currency="USD", odoo_url=odoo_url)
        (_, plain), = again.created
        assert "Open it in Odoo" not in plain.read_text(encoding="utf-8")
        (tmp_path / "s2" / "events.json").unlink()


@pytest.mark.anyio
async def test_a_sync_and_a_briefing_each_leave_one_audit_line(runtime_factory, vault_path: Path) -> None:
    from odoo_mcp.reports.briefing_job import generate_briefing
    from odoo_mcp.sync import Syncer

    async with runtime_factory() as rt:
        report = await Syncer(rt).run_once()
        briefing = await generate_briefing(rt)
    lines = [json.loads(line) for path in sorted((vault_path / "Logs").glob("*.jsonl")) for line in path.read_text().splitlines()]
    runs = [line for line in lines if line["action_type"] in ("sync", "briefing")]
    assert [(r["action_type"], r["event"], r["approval_status"]) for r in runs] == [
        ("sync", "completed", "not_required"),
        ("briefing", "completed", "not_required"),
    ]
    assert runs[0]["result"]["summary"] == report.summary and runs[0]["company"]["name"]
    assert runs[1]["target"] == briefing.path and runs[1]["result"]["live"] is True


def test_a_partners_note_covers_its_invoices_and_a_later_one_gets_its_own(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault")
    _started(tmp_path / "state")
    rows = [_doc(i, partner_id=4, due_date=dt.date(2026, 9, i), open_company_currency=D("1060.00")) for i in (1, 2)]
    late = _doc(3, partner_id=4, due_date=dt.date(2026, 10, 20), open_company_currency=D("1060.00"))

    def run(day: dt.date, docs: list[DocRow]) -> events.RaiseResult:
        items = OpenItems(as_of=day, currency="USD", open_invoices=docs, open_bills=[], drafts=[])
        ledger = events.EventLedger(tmp_path / "state", vault)
        return events.raise_new(events.detect(items, events.Thresholds()), vault=vault, ledger=ledger,
                                now=dt.datetime.combine(day, dt.time(9), tzinfo=UTC), source="odoo", currency="USD")

    first = run(dt.date(2026, 11, 16), [*rows, late])  # the third is 27 days late: under the 30-day threshold
    (_, note), = first.created
    assert first.by_kind() == {"invoice_overdue": 2} and "has 2 overdue invoices" in note.read_text(encoding="utf-8")
    assert run(dt.date(2026, 11, 17), [*rows, late]).created == []
    later = run(dt.date(2026, 11, 20), [*rows, late])  # now the third crosses: a note of its own, the first two not again
    (_, single), = later.created
    assert later.by_kind() == {"invoice_overdue": 1} and "INV-2026-00003" in single.name
    assert run(dt.date(2026, 11, 21), [*rows, late]).created == []
