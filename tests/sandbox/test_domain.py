"""Domain evaluation over JSON-2: operators, NULL semantics, dotted paths, prefix operators."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Odoo

pytestmark = pytest.mark.anyio


async def ids(api: Odoo, model: str, domain: list[Any], **kw: Any) -> set[int]:
    return set(await api.json2(model, "search", domain=domain, **kw))


async def test_comparison_operators(api: Odoo) -> None:
    rows = await api.json2(
        "account.move",
        "search_read",
        domain=[["move_type", "=", "out_invoice"]],
        fields=["amount_total", "invoice_date", "name", "state"],
    )
    assert rows
    big = {r["id"] for r in rows if r["amount_total"] > 3000}
    assert await ids(api, "account.move", [["move_type", "=", "out_invoice"], ["amount_total", ">", 3000]]) == big
    small = {r["id"] for r in rows if r["amount_total"] <= 3000}
    assert await ids(api, "account.move", [["move_type", "=", "out_invoice"], ["amount_total", "<=", 3000]]) == small
    october = {r["id"] for r in rows if r["invoice_date"] and "2026-10-01" <= r["invoice_date"] < "2026-11-01"}
    assert (
        await ids(
            api,
            "account.move",
            [
                ["move_type", "=", "out_invoice"],
                ["invoice_date", ">=", "2026-10-01"],
                ["invoice_date", "<", "2026-11-01"],
            ],
        )
        == october
    )
    not_posted = {r["id"] for r in rows if r["state"] != "posted"}
    assert await ids(api, "account.move", [["move_type", "=", "out_invoice"], ["state", "!=", "posted"]]) == not_posted
    assert len(not_posted) == 3


async def test_in_like_and_false(api: Odoo) -> None:
    partners = await api.json2("res.partner", "search_read", domain=[], fields=["name", "email", "supplier_rank"])
    by_name = {p["name"]: p for p in partners}
    acme = by_name["Acme Corporation"]["id"]
    assert await ids(api, "res.partner", [["name", "ilike", "acme"]]) == {acme}
    assert await ids(api, "res.partner", [["name", "like", "acme"]]) == set()
    assert await ids(api, "res.partner", [["name", "=ilike", "acme%"]]) == {acme}
    assert await ids(api, "res.partner", [["name", "=like", "Acme_Corporation"]]) == {acme}
    assert acme not in await ids(api, "res.partner", [["name", "not ilike", "acme"]])
    vendors = {p["id"] for p in partners if p["supplier_rank"] > 0}
    assert await ids(api, "res.partner", [["supplier_rank", ">", 0]]) == vendors
    assert await ids(api, "res.partner", [["id", "in", sorted(vendors)]]) == vendors
    assert not vendors & await ids(api, "res.partner", [["id", "not in", sorted(vendors)]])
    taxes = await api.json2("account.tax", "search", domain=[["price_include", "=", False], ["amount", ">", 0]])
    assert taxes == [1, 2]
    assert await api.json2("account.tax", "search", domain=[["price_include", "!=", False]]) == []
    assert len(await api.json2("res.partner", "search", domain=[["is_company", "=", True]])) > 10
    no_email = {p["id"] for p in partners if p["email"] is False}
    assert await ids(api, "res.partner", [["email", "=", False]]) == no_email
    assert await ids(api, "res.partner", [["email", "!=", False]]) == {p["id"] for p in partners} - no_email


async def test_prefix_operators(api: Odoo) -> None:
    base = [["move_type", "in", ["out_invoice", "out_refund"]]]
    refunds = await ids(api, "account.move", [["move_type", "=", "out_refund"]])
    drafts = await ids(api, "account.move", [*base, ["state", "=", "draft"]])
    either = await ids(api, "account.move", ["|", ["move_type", "=", "out_refund"], ["state", "=", "draft"]])
    assert either == refunds | drafts
    everything = await ids(api, "account.move", base)
    assert await ids(api, "account.move", [*base, "!", ["move_type", "=", "out_refund"]]) == everything - refunds
    assert (
        await ids(
            api, "account.move", ["&", *base, "!", "|", ["state", "=", "draft"], ["move_type", "=", "out_refund"]]
        )
        == everything - refunds - drafts
    )


async def test_dotted_paths_and_many2one_names(api: Odoo) -> None:
    acme = (await api.json2("res.partner", "search", domain=[["name", "=", "Acme Corporation"]]))[0]
    by_id = await ids(api, "account.move", [["partner_id", "=", acme]])
    assert by_id
    assert await ids(api, "account.move", [["partner_id.name", "=", "Acme Corporation"]]) == by_id
    assert await ids(api, "account.move", [["partner_id", "ilike", "acme"]]) == by_id
    assert await ids(api, "account.move", [["partner_id", "=", "Acme Corporation"]]) == by_id
    receivable = await api.json2(
        "account.move.line",
        "search_read",
        domain=[["account_id.account_type", "=", "asset_receivable"]],
        fields=["account_type", "move_type"],
    )
    assert receivable and all(line["account_type"] == "asset_receivable" for line in receivable)
    assert await ids(api, "account.move.line", [["account_type", "=", "asset_receivable"]]) == {
        r["id"] for r in receivable
    }
    bills = await ids(api, "account.move.line", [["move_id.move_type", "=", "in_invoice"]])
    lines = await api.json2("account.move.line", "read", ids=sorted(bills), fields=["move_type"])
    assert lines and {line["move_type"] for line in lines} == {"in_invoice"}
    with_tax = await ids(api, "account.move", [["invoice_line_ids", "any", [["tax_ids", "!=", False]]]])
    taxed = await api.json2("account.move", "search_read", domain=[["amount_tax", "!=", 0]], fields=["id"])
    assert with_tax == {m["id"] for m in taxed}
    no_partner_moves = await ids(api, "account.move", [["partner_id", "=", False]])
    assert not no_partner_moves & by_id


async def test_invalid_domains(api: Odoo) -> None:
    response = await api.json2_raw("account.move", "search", domain=[["bogus", "=", 1]])
    assert response.status_code == 500
    assert response.json()["message"] == "Invalid field account.move.bogus in condition ('bogus', '=', 1)"
    response = await api.json2_raw("account.move", "search", domain=[["partner_id.bogus", "=", 1]])
    assert response.json()["message"] == "Invalid field res.partner.bogus in condition ('bogus', '=', 1)"
    response = await api.json2_raw("account.move", "search", domain=["|", ["state", "=", "draft"]])
    assert response.status_code == 500 and response.json()["name"] == "builtins.ValueError"


async def test_orders(api: Odoo) -> None:
    rows = await api.json2(
        "account.move",
        "search_read",
        domain=[["move_type", "=", "out_invoice"], ["state", "=", "posted"]],
        fields=["invoice_date", "name"],
        order="invoice_date desc, id",
    )
    dates = [r["invoice_date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    default = await api.json2(
        "account.move",
        "search_read",
        domain=[["move_type", "=", "out_invoice"], ["state", "=", "posted"]],
        fields=["date", "name"],
    )
    keys = [(r["date"], r["name"]) for r in default]
    assert keys == sorted(keys, reverse=True)
    partners = await api.json2("res.partner", "search_read", domain=[["customer_rank", ">", 0]], fields=["name"])
    names = [p["name"] for p in partners]
    assert names == sorted(names, key=str.casefold)
    bad = await api.json2_raw("res.partner", "search", domain=[], order="bogus desc")
    assert bad.status_code == 500
