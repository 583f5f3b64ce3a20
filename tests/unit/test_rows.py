"""The one many2one rule (`odoo/rows.py`): every shape Odoo sends a link in reads the same way."""

from __future__ import annotations

import pytest

from odoo_mcp.odoo import Many2one


@pytest.mark.parametrize(
    "value",
    [
        [7, "Acme Ltd"],  # read, search_read, grouping keys
        (7, "Acme Ltd"),
        {"id": 7, "display_name": "Acme Ltd"},  # web_search_read / web_read specifications
        {"id": 7, "display_name": "Acme Ltd", "decimal_places": 2},  # with more fields asked for
    ],
)
def test_a_set_link_reads_as_id_and_name(value: object) -> None:
    link = Many2one.parse(value)
    assert link == Many2one(7, "Acme Ltd") and link
    assert link.pair() == [7, "Acme Ltd"]


def test_a_bare_id_has_no_name() -> None:
    assert Many2one.parse(7) == Many2one(7, None)


@pytest.mark.parametrize("value", [False, None, [], 0, True, "7", {}, {"id": False}, [False, "x"]])
def test_an_unset_link_is_falsy_with_neither(value: object) -> None:
    link = Many2one.parse(value)
    assert not link and link.id is None and link.name is None


def test_a_missing_or_false_name_is_none() -> None:
    assert Many2one.parse([7]) == Many2one(7, None)
    assert Many2one.parse([7, False]) == Many2one(7, None)
    assert Many2one.parse({"id": 7}) == Many2one(7, None)
