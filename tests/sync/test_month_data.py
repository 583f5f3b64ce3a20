"""A month file carries its snapshot: read back by validation; older files and edited tables are repaired by the sync."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest

from odoo_mcp.reports import data_block, month_file
from odoo_mcp.reports.briefing_data import synced_months
from odoo_mcp.reports.markdown import generated_part
from odoo_mcp.vault.layout import Vault

from .helpers import Clock, sync_once
from .test_units import STATUS, snapshot

pytestmark = pytest.mark.anyio


def without_data(text: str) -> str:
    """The file as the previous version wrote it: no data line."""
    lines = [line for line in text.split("\n") if not line.startswith(data_block.PREFIX)]
    assert len(lines) == len(text.split("\n")) - 1
    return "\n".join(lines)


def edit_cell(text: str, anchor: str) -> str:
    """Change the last amount on the table row starting with `anchor` by one cent, as an owner's edit would."""
    start = text.index(anchor)
    end = text.index("\n", start)
    row = text[start:end]
    cells = row.split("|")
    at = max(i for i, c in enumerate(cells) if c.strip()[-3:-2] == "." and c.strip()[-1:].isdigit())
    amount = cells[at].strip()
    cells[at] = f" {amount[:-1]}{(int(amount[-1]) + 1) % 10} "
    return text[:start] + "|".join(cells) + text[end:]


def test_the_data_line_is_one_line_above_the_end_marker_and_is_what_parse_reads() -> None:
    text = month_file.render(snapshot(), STATUS)
    data = data_block.find(generated_part(text), month_file.DATA_KIND)
    assert data is not None and "\n" not in data
    assert month_file.parse(text) == (snapshot(), STATUS)
    assert month_file.disagreement(text, snapshot()) is None


def test_a_file_without_data_line_is_a_legacy_file_not_figures() -> None:
    legacy = without_data(month_file.render(snapshot(), STATUS))
    with pytest.raises(month_file.LegacyFile):
        month_file.parse(legacy)


@pytest.mark.parametrize("damage", ["twice", "not_json", "wrong_shape", "other_month"])
def test_damaged_data_is_refused_not_guessed(damage: str) -> None:
    text = month_file.render(snapshot(), STATUS)
    line = next(x for x in text.split("\n") if x.startswith(data_block.PREFIX))
    damaged = {
        "twice": text.replace(line, line + "\n" + line),
        "not_json": text.replace(line, line.replace("{", "{oops", 1)),
        "wrong_shape": text.replace(line, data_block.line(month_file.DATA_KIND, {"month": "2026-11"})),
        "other_month": text.replace(line, line.replace('"month":"2026-11"', '"month":"2026-10"')),
    }[damage]
    assert damaged != text
    with pytest.raises(ValueError) as caught:
        month_file.parse(damaged)
    assert not isinstance(caught.value, month_file.LegacyFile)


@pytest.mark.parametrize(("anchor", "where"), [
    ("| Net profit |", "Profit and loss / Totals"),
    ("| INV/2026/00001 |", "Receivables / Customer invoices due by 2026-11-23"),  # its first table
    ("| 31-60 |", "Receivables"),
])
def test_an_edited_table_is_named_and_the_data_wins(anchor: str, where: str) -> None:
    text = month_file.render(snapshot(), STATUS)
    edited = edit_cell(text, anchor)
    assert edited != text
    assert month_file.parse(edited)[0] == snapshot()  # the figures read are the data's, not the edited cell's
    assert month_file.disagreement(edited, snapshot()) == f"its table under '{where}' differs from its data"


def test_an_edited_front_matter_figure_is_named() -> None:
    text = month_file.render(snapshot(), STATUS)
    edited = text.replace("\nrevenue: '-5.00'\n", "\nrevenue: '5.00'\n")
    assert edited != text
    assert month_file.disagreement(edited, snapshot()) == "its front matter (revenue) differs from its data"


def test_the_stale_marker_keeps_the_data_and_agrees_with_it() -> None:
    text = month_file.render(snapshot(), STATUS)
    stale = month_file.mark_stale(text, now=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC), error="down")
    assert month_file.parse(stale)[0] == snapshot() and month_file.disagreement(stale, snapshot()) is None


def test_the_briefing_reads_legacy_files_as_not_synced_and_edited_ones_by_their_data(tmp_path: Path, caplog) -> None:
    vault = Vault(tmp_path)
    folder = tmp_path / "Accounting"
    folder.mkdir()
    october = snapshot(current=False).model_copy(update={"month": "2026-10", "date_from": dt.date(2026, 10, 1),
                                                         "date_to": dt.date(2026, 10, 31)})
    (folder / "2026-10.md").write_text(without_data(month_file.render(october, STATUS)), encoding="utf-8")
    (folder / "2026-11.md").write_text(edit_cell(month_file.render(snapshot(), STATUS), "| Net profit |"), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        synced = synced_months(vault)
    assert set(synced) == {"2026-11"} and synced["2026-11"][0] == snapshot()
    assert "Accounting/2026-10.md: the month file was written by an older odoo-mcp" in caplog.text
    assert "Accounting/2026-11.md: its table under 'Profit and loss / Totals' differs from its data" in caplog.text


async def test_the_sync_syncs_a_legacy_month_again_and_re_renders_an_edited_one(runtime_factory, vault_path: Path) -> None:
    clock = Clock()
    first = await sync_once(runtime_factory, clock, months=("2026-09", "2026-10"), events=False)
    assert first.ok and not first.warnings, first
    september, october = vault_path / "Accounting" / "2026-09.md", vault_path / "Accounting" / "2026-10.md"
    written = {p: p.read_text(encoding="utf-8") for p in (september, october)}
    notes = "\nthe owner's note\n"
    september.write_text(without_data(written[september]) + notes, encoding="utf-8")
    october.write_text(edit_cell(written[october], "| Net profit |") + notes, encoding="utf-8")

    report = await sync_once(runtime_factory, clock, events=False)  # the current month only, as the service runs

    assert report.ok, report.summary
    results = {o.month: o.result for o in report.months}
    assert results == {"2026-09": "written", "2026-10": "re_rendered", "2026-11": "written"}
    assert report.warnings == [
        "Accounting/2026-09.md: the month file was written by an older odoo-mcp and carries no data line; synced again from Odoo",
        "Accounting/2026-10.md: its table under 'Profit and loss / Totals' differs from its data (edited by hand?); "
        "re-rendered from its data, which the briefing uses",
    ]
    # September: Odoo's figures again, with its data line; October: byte for byte what the sync wrote, notes kept
    assert month_file.parse(september.read_text(encoding="utf-8"))[0] == month_file.parse(written[september])[0]
    assert october.read_text(encoding="utf-8") == written[october] + notes
    assert september.read_text(encoding="utf-8").endswith(notes)
    again = await sync_once(runtime_factory, clock, events=False)
    assert not again.warnings and [o.month for o in again.months] == ["2026-11"]


async def test_odoo_down_leaves_files_to_repair_as_they_are(runtime_factory, sandbox, vault_path: Path) -> None:
    clock = Clock()
    await sync_once(runtime_factory, clock, months=("2026-10",), events=False)
    october = vault_path / "Accounting" / "2026-10.md"
    legacy = without_data(october.read_text(encoding="utf-8"))
    october.write_text(legacy, encoding="utf-8")
    sandbox.offline = True
    report = await sync_once(runtime_factory, clock, events=False)
    assert not report.ok and [o.month for o in report.months] == ["2026-11"]
    assert october.read_text(encoding="utf-8") == legacy


def test_unchanged_is_decided_on_the_text_and_agrees_with_check() -> None:
    text = month_file.render(snapshot(), STATUS)
    stale = month_file.mark_stale(text, now=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC), error="down")
    edited_table = edit_cell(text, "| Net profit |")
    edited_front = text.replace("\nrevenue: '-5.00'\n", "\nrevenue: '5.00'\n")
    assert month_file.unchanged(text) and month_file.unchanged(stale) and month_file.unchanged(text + "\nmy notes | 1.00\n")
    assert not month_file.unchanged(edited_table) and not month_file.unchanged(edited_front)
    assert not month_file.unchanged(without_data(text)) and not month_file.unchanged("# a note\n")
    assert month_file.check(stale)[2] is None
    assert month_file.check(edited_table)[2] == "its table under 'Profit and loss / Totals' differs from its data"
    assert month_file.check(edited_front)[2] == "its front matter (revenue) differs from its data"


def test_every_record_links_to_odoo_and_a_hostile_address_links_nowhere() -> None:
    snap = snapshot()
    text = month_file.render(snap, STATUS.model_copy(update={"odoo_url": "https://books.example.com/"}))
    ids = [d.id for d in snap.invoices] + [p.id for p in snap.payments]
    assert ids and all(f"/odoo/account.move/{d.id})" in text for d in snap.invoices)
    assert all(f"[{p.id}](https://books.example.com/odoo/account.payment/{p.id})" in text for p in snap.payments)
    assert month_file.check(text)[2] is None, "the links are part of the view the data renders"
    for hostile in ("https://x.example/) [pay here](https://evil.example", "javascript:alert(1)", "https://a b", "sandbox"):
        plain = month_file.render(snap, STATUS.model_copy(update={"odoo_url": hostile}))
        assert "/odoo/account." not in plain and "evil" not in plain.split("<!-- odoo-mcp:data", 1)[0].split("odoo_url", 1)[0]
        assert f"| {snap.invoices[0].id} |" in plain


async def test_a_re_rendered_file_links_to_the_odoo_answering_not_to_an_address_in_the_file(
    runtime_factory, vault_path: Path
) -> None:
    clock = Clock()
    assert (await sync_once(runtime_factory, clock, months=("2026-10",), events=False)).ok
    october = vault_path / "Accounting" / "2026-10.md"
    text = october.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^odoo_url: .*$", "odoo_url: https://evil.example", edit_cell(text, "| Net profit |"), count=1)
    assert "odoo_url: https://evil.example" in edited
    october.write_text(edited, encoding="utf-8")
    report = await sync_once(runtime_factory, clock, events=False)
    assert {o.month: o.result for o in report.months}["2026-10"] == "re_rendered"
    assert "evil.example" not in october.read_text(encoding="utf-8")
