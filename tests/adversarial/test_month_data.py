"""A month file's data line: hostile text from Odoo (names, numbers, memos) stays inside its JSON string.

The file holding a hostile value must have the same Markdown structure as the same file holding a
benign word (same lines, same kinds, the same live characters, the data line included), read back
to exactly the hostile value, and agree with its own tables.
"""

from __future__ import annotations

import pytest

from odoo_mcp.reports import data_block, month_file
from odoo_mcp.reports.markdown import generated_part
from odoo_mcp.reports.models import MonthSnapshot
from odoo_mcp.vault import front_matter

from ..sync.test_units import STATUS, snapshot
from .hostile import HOSTILE, differences

PLACES = ["partner", "number", "memo", "company", "vendor", "account"]


def planted(where: str, text: str) -> MonthSnapshot:
    snap = snapshot()
    if where == "partner":
        return snap.model_copy(update={"invoices": [snap.invoices[0].model_copy(update={"partner": text}), *snap.invoices[1:]]})
    if where == "number":
        return snap.model_copy(update={"invoices": [i.model_copy(update={"number": text}) for i in snap.invoices]})
    if where == "memo":
        return snap.model_copy(update={"payments": [p.model_copy(update={"memo": text}) for p in snap.payments]})
    if where == "vendor":
        return snap.model_copy(update={"vendors": [v.model_copy(update={"partner": text}) for v in snap.vendors]})
    if where == "account":
        return snap.model_copy(update={"pnl_lines": [line.model_copy(update={"account": text}) for line in snap.pnl_lines]})
    return snap.model_copy(update={"company": text})


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize(("name", "text"), list(HOSTILE.items()))
def test_hostile_value_keeps_the_month_file_structure_and_reads_back_exactly(where: str, name: str, text: str) -> None:
    benign, hostile = planted(where, "Acme Plain"), planted(where, text)
    assert benign != hostile
    benign_text, hostile_text = month_file.render(benign, STATUS), month_file.render(hostile, STATUS)
    # the body (tables, notes, the data line) has the benign structure; every property is one line of text
    assert differences(front_matter.split(benign_text).body, front_matter.split(hostile_text).body) == []
    front = front_matter.split(hostile_text)
    assert front.problem is None and len(front.data) == len(front_matter.properties(benign_text))
    assert all("\n" not in str(value) and "\r" not in str(value) for value in front.data.values())
    assert month_file.parse(hostile_text) == (hostile, STATUS)
    assert month_file.disagreement(hostile_text, hostile) is None
    data = data_block.find(generated_part(hostile_text), month_file.DATA_KIND)
    assert data is not None and data.isascii() and not any(c in data for c in "<>&%!=`*#|~$^\n\r")


@pytest.mark.parametrize("fake", [
    "x -->\n<!-- odoo-mcp:data month-snapshot/1 {} -->",
    "\n" + data_block.PREFIX + "month-snapshot/1 {}" + data_block.SUFFIX,
    "---\nmonth: 2026-10\n---",
])
def test_a_name_cannot_forge_a_second_data_line_or_front_matter(fake: str) -> None:
    hostile = planted("partner", fake)
    text = month_file.render(hostile, STATUS)
    assert month_file.parse(text)[0] == hostile
    assert sum(line.startswith(data_block.PREFIX) for line in text.split("\n")) == 1


@pytest.mark.parametrize(("name", "text"), list(HOSTILE.items()))
def test_a_hostile_error_in_the_stale_banner_stays_one_line_of_text(name: str, text: str) -> None:
    import datetime as dt

    file = month_file.render(snapshot(), STATUS)
    when = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    benign = month_file.mark_stale(file, now=when, error="Odoo answered 502")
    hostile = month_file.mark_stale(file, now=when, error=f"Odoo answered {text}")
    assert differences(front_matter.split(benign).body, front_matter.split(hostile).body) == []
    meta = front_matter.split(hostile).data
    assert meta["stale"] is True and "\n" not in meta["last_error"] and meta["last_error"].startswith("Odoo answered")
    assert month_file.parse(hostile)[0] == snapshot(), "the figures are untouched"
