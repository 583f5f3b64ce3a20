"""Grouping: `formatted_read_group` and the legacy `read_group`, checked against plain reads."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from .conftest import Odoo

pytestmark = pytest.mark.anyio

SALES = [["move_type", "in", ["out_invoice", "out_refund"]], ["state", "=", "posted"]]


async def test_month_grouping_matches_sums_from_search_read(api: Odoo) -> None:
    groups = await api.json2(
        "account.move",
        "formatted_read_group",
        domain=SALES,
        groupby=["invoice_date:month"],
        aggregates=["amount_untaxed_signed:sum", "__count"],
    )
    moves = await api.json2(
        "account.move", "search_read", domain=SALES, fields=["invoice_date", "amount_untaxed_signed"]
    )
    expected: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for move in moves:
        expected[move["invoice_date"][:7] + "-01"] += Decimal(str(move["amount_untaxed_signed"]))
        counts[move["invoice_date"][:7] + "-01"] += 1
    assert [g["invoice_date:month"][0] for g in groups] == sorted(expected)
    for group in groups:
        start, _label = group["invoice_date:month"]
        assert Decimal(str(group["amount_untaxed_signed:sum"])) == expected[start]
        assert group["__count"] == counts[start]
        assert (
            await api.json2("account.move", "search_count", domain=[*SALES, *group["__extra_domain"]]) == counts[start]
        )
        assert group["__extra_domain"][0] == "&" and group["__extra_domain"][1] == ["invoice_date", ">=", start]
    october = next(g for g in groups if g["invoice_date:month"][0] == "2026-10-01")
    assert october["invoice_date:month"][1] == "October 2026"
    assert len(groups) == 6


async def test_granularities_and_many2one(api: Odoo) -> None:
    day = await api.json2(
        "account.move", "formatted_read_group", domain=SALES, groupby=["invoice_date:day"], aggregates=["__count"]
    )
    start, label = day[0]["invoice_date:day"]
    assert label == dt.date.fromisoformat(start).strftime("%d %b %Y")  # e.g. "05 Oct 2026"
    quarter = await api.json2(
        "account.move", "formatted_read_group", domain=SALES, groupby=["invoice_date:quarter"], aggregates=["__count"]
    )
    assert [g["invoice_date:quarter"][1] for g in quarter] == ["Q2 2026", "Q3 2026", "Q4 2026"]
    by_partner = await api.json2(
        "account.move",
        "formatted_read_group",
        domain=SALES,
        groupby=["partner_id"],
        aggregates=["amount_total_signed:sum"],
        order="amount_total_signed:sum desc",
        limit=3,
    )
    assert len(by_partner) == 3
    assert all(isinstance(g["partner_id"], list) and len(g["partner_id"]) == 2 for g in by_partner)
    totals = [g["amount_total_signed:sum"] for g in by_partner]
    assert totals == sorted(totals, reverse=True)
    assert by_partner[0]["__extra_domain"] == [["partner_id", "=", by_partner[0]["partner_id"][0]]]
    whole = await api.json2("account.move", "formatted_read_group", domain=SALES, groupby=[], aggregates=["__count"])
    assert whole == [{"__count": len(await api.json2("account.move", "search", domain=SALES)), "__extra_domain": []}]


async def test_grouping_rules_on_related_fields(api: Odoo) -> None:
    """A real Odoo 19 groups by the non-stored related `account_type` as by its path."""
    direct = await api.json2(
        "account.move.line",
        "formatted_read_group",
        domain=[["parent_state", "=", "posted"]],
        groupby=["account_type"],
        aggregates=["balance:sum"],
    )
    assert all(g["__extra_domain"] == [["account_type", "=", g["account_type"]]] for g in direct)
    through = await api.json2(
        "account.move.line",
        "formatted_read_group",
        domain=[["parent_state", "=", "posted"]],
        groupby=["account_id.account_type"],
        aggregates=["balance:sum"],
    )
    kinds = {g["account_id.account_type"] for g in through}
    assert {g["account_type"]: g["balance:sum"] for g in direct} == {g["account_id.account_type"]: g["balance:sum"] for g in through}
    assert {"income", "asset_receivable", "liability_payable", "expense"} <= kinds
    assert abs(sum(Decimal(str(g["balance:sum"])) for g in through)) == 0  # the books balance


async def test_profit_and_loss_agrees_with_move_totals(api: Odoo) -> None:
    income = await api.json2(
        "account.move.line",
        "formatted_read_group",
        domain=[["parent_state", "=", "posted"], ["account_id.account_type", "in", ["income", "income_other"]]],
        groupby=[],
        aggregates=["balance:sum"],
    )
    sales = await api.json2(
        "account.move", "formatted_read_group", domain=SALES, groupby=[], aggregates=["amount_untaxed_signed:sum"]
    )
    assert Decimal(str(income[0]["balance:sum"])) == -Decimal(str(sales[0]["amount_untaxed_signed:sum"]))
    bills = [["move_type", "in", ["in_invoice", "in_refund"]], ["state", "=", "posted"]]
    costs = await api.json2(
        "account.move.line",
        "formatted_read_group",
        domain=[["parent_state", "=", "posted"], ["account_id.account_type", "in", ["expense", "expense_direct_cost"]]],
        groupby=[],
        aggregates=["balance:sum"],
    )
    spent = await api.json2(
        "account.move", "formatted_read_group", domain=bills, groupby=[], aggregates=["amount_untaxed_signed:sum"]
    )
    assert Decimal(str(costs[0]["balance:sum"])) == -Decimal(str(spent[0]["amount_untaxed_signed:sum"]))


async def test_legacy_read_group_shape(api: Odoo) -> None:
    strict = await api.json2(
        "account.move",
        "read_group",
        domain=SALES,
        groupby=["invoice_date:month"],
        fields=["amount_untaxed_signed:sum"],
        lazy=False,
    )
    october = next(g for g in strict if g["invoice_date:month"] == "October 2026")
    assert set(october) == {"invoice_date:month", "__count", "amount_untaxed_signed", "__domain", "__range"}
    assert october["__range"] == {"invoice_date:month": {"from": "2026-10-01", "to": "2026-11-01"}}
    assert october["__domain"] == [
        "&",
        "&",
        "&",
        *SALES,
        ["invoice_date", ">=", "2026-10-01"],
        ["invoice_date", "<", "2026-11-01"],
    ]
    formatted = await api.json2(
        "account.move",
        "formatted_read_group",
        domain=SALES,
        groupby=["invoice_date:month"],
        aggregates=["amount_untaxed_signed:sum", "__count"],
    )
    same = next(g for g in formatted if g["invoice_date:month"][1] == "October 2026")
    assert same["amount_untaxed_signed:sum"] == october["amount_untaxed_signed"]
    assert same["__count"] == october["__count"]
    lazy = await api.json2(
        "account.move", "read_group", domain=SALES, groupby=["partner_id", "invoice_date"], fields=["amount_total"]
    )
    assert "partner_id_count" in lazy[0] and "__count" not in lazy[0]
    assert lazy[0]["__context"] == {"group_by": ["invoice_date"]}
    legacy_default_month = await api.json2(
        "account.move", "read_group", domain=SALES, groupby=["invoice_date"], fields=[]
    )
    assert legacy_default_month[-1]["invoice_date"] == "November 2026"
    assert "invoice_date_count" in legacy_default_month[-1]


async def test_having_offset_and_errors(api: Odoo) -> None:
    every = await api.json2(
        "account.move", "formatted_read_group", domain=SALES, groupby=["partner_id"], aggregates=["__count"]
    )
    busy = await api.json2(
        "account.move",
        "formatted_read_group",
        domain=SALES,
        groupby=["partner_id"],
        aggregates=["__count"],
        having=[["__count", ">", 6]],
    )
    assert busy == [g for g in every if g["__count"] > 6]
    second = await api.json2(
        "account.move",
        "formatted_read_group",
        domain=SALES,
        groupby=["partner_id"],
        aggregates=["__count"],
        offset=1,
        limit=1,
    )
    assert second == every[1:2]
    for groupby, message in (
        (["invoice_date"], "Granularity not set on a date(time) field: 'invoice_date'"),
        (["partner_id:month"], "Granularity set on a no-datetime field or property: 'partner_id:month'"),
        (["bogus"], "Invalid field 'bogus' on model 'account.move'"),
    ):
        response = await api.json2_raw("account.move", "formatted_read_group", domain=[], groupby=groupby)
        assert response.status_code == 500 and response.json()["message"] == message
