"""`load(fields, data)`: a record and its external id in one call, all or nothing, as on a real Odoo 19.

Every behaviour asserted here was first observed on a real Odoo 19 over both protocols: empty cells
write False (an empty `invoice_payment_term_id/.id` keeps the given due date even when the vendor
has a term), a known external id updates its record and the new one2many rows are added to the
existing lines, any error answers `ids: False` with Odoo's messages and keeps nothing, and an
external id given together with `.id` names a NEW record (Odoo ignores `.id` then), so an existing
record is tagged by creating its `ir.model.data` row instead.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from odoo_sandbox import SandboxOdoo

from .conftest import TODAY, Odoo
from .test_companies import _second_company

pytestmark = pytest.mark.anyio
PROTOCOLS = pytest.mark.parametrize("protocol", ["json2", "jsonrpc"])
INVOICE = [
    "id",
    "move_type",
    "partner_id/.id",
    "invoice_date",
    "invoice_date_due",
    "invoice_payment_term_id/.id",
    "invoice_line_ids/name",
    "invoice_line_ids/quantity",
    "invoice_line_ids/price_unit",
    "invoice_line_ids/tax_ids/.id",
]
_serial = itertools.count(1)


def xmlid() -> str:
    return f"odoo_mcp.apr_{next(_serial):012x}"


async def load(
    api: Odoo, protocol: str, model: str, fields: list[str], data: list[list[str]], **context: Any
) -> dict[str, Any]:
    """`model.load` over one wire format; the answer is the method's result."""
    if protocol == "json2":
        return dict(
            await api.json2(model, "load", fields=fields, data=data, **({"context": context} if context else {}))
        )
    response = await api.execute_kw(model, "load", [fields, data], {"context": context} if context else {})
    assert "error" not in response, response
    return dict(response["result"])


async def xmlids(api: Odoo, *names: str) -> list[dict[str, Any]]:
    domain = [["module", "=", "odoo_mcp"], ["name", "in", [name.split(".", 1)[1] for name in names]]]
    return list(await api.json2("ir.model.data", "search_read", domain=domain, fields=["name", "model", "res_id"]))


async def first_id(api: Odoo, model: str, domain: list[Any]) -> int:
    return int((await api.json2(model, "search", domain=domain, limit=1))[0])


async def sale_tax(api: Odoo) -> tuple[int, Decimal]:
    domain = [["type_tax_use", "=", "sale"], ["amount_type", "=", "percent"], ["amount", ">", 0]]
    (tax,) = await api.json2("account.tax", "search_read", domain=domain, fields=["amount"], limit=1)
    return tax["id"], Decimal(str(tax["amount"]))


async def vendor_with_term(api: Odoo) -> tuple[int, int]:
    """A vendor whose supplier term has days, so the term would move the due date."""
    term = (
        await api.json2("account.payment.term.line", "search_read", domain=[["nb_days", ">", 0]], fields=["payment_id"])
    )[0]
    term_id = term["payment_id"][0]
    vals = {"name": "Termed Vendor (sandbox)", "supplier_rank": 1, "property_supplier_payment_term_id": term_id}
    (vendor,) = await api.json2("res.partner", "create", vals_list=[vals])
    return int(vendor), int(term_id)


def cents(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@PROTOCOLS
async def test_invoice_with_two_lines_and_taxes_is_created_with_its_external_id(api: Odoo, protocol: str) -> None:
    customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
    tax, rate = await sale_tax(api)
    name = xmlid()
    rows = [
        [name, "out_invoice", str(customer), "2025-10-01", "2025-12-31", "", "Line A", "2", "845.55", str(tax)],
        ["", "", "", "", "", "", "Line B", "1", "19.99", ""],  # continues the invoice: empty cell = no taxes
    ]
    result = await load(api, protocol, "account.move", INVOICE, rows)
    assert result["messages"] == [] and result["nextrow"] == 0
    (move_id,) = result["ids"]

    fields = ["partner_id", "invoice_line_ids", "amount_untaxed", "amount_tax", "amount_total", "state"]
    (move,) = await api.json2("account.move", "read", ids=[move_id], fields=fields)
    lines = await api.json2("account.move.line", "read", ids=move["invoice_line_ids"], fields=["name", "tax_ids"])
    assert [(line["name"], line["tax_ids"]) for line in lines] == [("Line A", [tax]), ("Line B", [])]
    untaxed = 2 * Decimal("845.55") + Decimal("19.99")
    tax_amount = cents(2 * Decimal("845.55") * rate / 100)
    assert (move["partner_id"][0], move["state"]) == (customer, "draft")
    assert (move["amount_untaxed"], move["amount_tax"]) == (cents(untaxed), tax_amount)
    assert move["amount_total"] == cents(untaxed + Decimal(str(tax_amount)))
    assert [(r["name"], r["model"], r["res_id"]) for r in await xmlids(api, name)] == [
        (name.split(".")[1], "account.move", move_id)
    ]


@PROTOCOLS
async def test_empty_term_cell_keeps_the_due_date_of_a_vendor_with_a_supplier_term(api: Odoo, protocol: str) -> None:
    vendor, term = await vendor_with_term(api)
    row = [xmlid(), "in_invoice", str(vendor), "2025-10-01", "2025-12-31", "", "Hosting", "1", "100", ""]
    (bill,) = (await load(api, protocol, "account.move", INVOICE, [row]))["ids"]
    without_column = [i for i, name in enumerate(INVOICE) if name != "invoice_payment_term_id/.id"]
    other = [[row[i] for i in without_column]]
    other[0][0] = xmlid()
    (termed,) = (await load(api, protocol, "account.move", [INVOICE[i] for i in without_column], other))["ids"]

    fields = ["invoice_payment_term_id", "invoice_date_due"]
    explicit, default = await api.json2("account.move", "read", ids=[bill, termed], fields=fields)
    assert explicit == {"id": bill, "invoice_payment_term_id": False, "invoice_date_due": "2025-12-31"}
    assert default["invoice_payment_term_id"][0] == term, "no column: the vendor's term applies"
    assert default["invoice_date_due"] != "2025-12-31", "and it computes the due date"


@PROTOCOLS
async def test_same_external_id_updates_its_record_and_adds_the_new_lines(api: Odoo, protocol: str) -> None:
    customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
    name = xmlid()
    first = [name, "out_invoice", str(customer), "2025-10-01", "2025-12-31", "", "Line A", "1", "100", ""]
    (move_id,) = (await load(api, protocol, "account.move", INVOICE, [first]))["ids"]
    moves = await api.json2("account.move", "search_count", domain=[])

    again = [name, "out_invoice", str(customer), "2025-10-02", "2025-12-30", "", "Line C", "3", "10", "", "REF2"]
    result = await load(api, protocol, "account.move", [*INVOICE, "ref"], [again])
    assert result == {"ids": [move_id], "messages": [], "nextrow": 0}
    assert await api.json2("account.move", "search_count", domain=[]) == moves, "updated, not duplicated"
    assert len(await xmlids(api, name)) == 1
    fields = ["ref", "invoice_date", "invoice_date_due", "invoice_line_ids", "amount_untaxed"]
    (move,) = await api.json2("account.move", "read", ids=[move_id], fields=fields)
    assert (move["ref"], move["invoice_date"], move["invoice_date_due"]) == ("REF2", "2025-10-02", "2025-12-30")
    assert len(move["invoice_line_ids"]) == 2 and move["amount_untaxed"] == 130.0, "lines are added, as Odoo does"


@PROTOCOLS
async def test_an_error_answers_ids_false_with_messages_and_keeps_nothing(
    api: Odoo, odoo: SandboxOdoo, protocol: str
) -> None:
    customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
    unknown = max(odoo.db.tables["res.partner"]) + 1000
    good, bad = xmlid(), xmlid()
    rows = [
        [good, "out_invoice", str(customer), "2025-10-01", "", "", "Fine", "1", "100", ""],
        [bad, "out_invoice", str(unknown), "2025-10-01", "", "", "Broken", "1", "100", ""],
    ]
    moves = await api.json2("account.move", "search_count", domain=[])
    result = await load(api, protocol, "account.move", INVOICE, rows)

    assert result["ids"] is False and result["nextrow"] == 0
    (message,) = result["messages"]
    assert {key: message[key] for key in ("type", "record", "rows", "field", "field_name")} == {
        "type": "error",
        "record": 1,
        "rows": {"from": 1, "to": 1},
        "field": "partner_id",
        "field_name": "Partner",
    }
    assert message["message"] == f"No matching record found for database id '{unknown}' in field 'Partner'"
    assert await api.json2("account.move", "search_count", domain=[]) == moves, "the valid first row is gone too"
    assert await xmlids(api, good, bad) == []
    assert odoo.write_calls[-1].method == "load" and odoo.write_calls[-1].ok


@PROTOCOLS
async def test_a_refused_write_is_reported_on_its_row_and_rolls_back_the_rest(api: Odoo, protocol: str) -> None:
    customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
    posted = xmlid()
    row = [posted, "out_invoice", str(customer), "2025-10-01", "", "", "Line", "1", "100", ""]
    (move_id,) = (await load(api, protocol, "account.move", INVOICE, [row]))["ids"]
    await api.json2("account.move", "action_post", ids=[move_id])
    fresh = xmlid()
    moves = await api.json2("account.move", "search_count", domain=[])

    changed = [posted, "out_invoice", str(customer), "2025-10-05", "", "", "More", "1", "5", ""]
    result = await load(api, protocol, "account.move", INVOICE, [[fresh, *row[1:]], changed])
    assert result["ids"] is False
    # Odoo first tries the batch and blames its first row, then retries row by row and blames the culprit.
    assert [(m["type"], m["record"], m["rows"]) for m in result["messages"]] == [
        ("error", 0, {"from": 0, "to": 0}),
        ("error", 1, {"from": 1, "to": 1}),
    ]
    assert "posted" in result["messages"][1]["message"]
    assert await api.json2("account.move", "search_count", domain=[]) == moves
    assert await xmlids(api, fresh) == []


@PROTOCOLS
async def test_external_id_with_dot_id_names_a_new_record_and_dot_id_alone_updates(api: Odoo, protocol: str) -> None:
    payment = await first_id(api, "account.payment", [["state", "!=", "draft"]])
    tag = xmlid()
    result = await load(api, protocol, "account.payment", [".id", "id"], [[str(payment), tag]])
    (created,) = result["ids"]
    assert created != payment, "Odoo ignores .id once an external id is given: a new empty draft"
    (new,) = await api.json2("account.payment", "read", ids=[created], fields=["state", "amount"])
    assert (new["state"], new["amount"]) == ("draft", 0.0)
    assert [row["res_id"] for row in await xmlids(api, tag)] == [created]

    updated = await load(api, protocol, "account.payment", [".id", "memo"], [[str(payment), "tagged"]])
    assert updated == {"ids": [payment], "messages": [], "nextrow": 0}
    assert (await api.json2("account.payment", "read", ids=[payment], fields=["memo"]))[0]["memo"] == "tagged"


async def test_an_existing_record_is_tagged_once_by_creating_its_external_id(api: Odoo) -> None:
    payment = await first_id(api, "account.payment", [])
    vals = {"module": "odoo_mcp", "name": "apr_0000000000aa", "model": "account.payment", "res_id": payment}
    (row,) = await api.json2("ir.model.data", "create", vals_list=[vals])
    assert await load(api, "json2", "account.payment", ["id"], [["odoo_mcp.apr_0000000000aa"]]) == {
        "ids": [payment],
        "messages": [],
        "nextrow": 0,
    }
    again = await api.json2_raw("ir.model.data", "create", vals_list=[vals])
    assert again.status_code == 422 and again.json()["name"] == "odoo.exceptions.ValidationError"
    assert "duplicate key value violates unique constraint" in again.json()["message"]
    spaced = await api.json2_raw("ir.model.data", "create", vals_list=[{**vals, "name": "a b"}])
    assert spaced.json()["message"] == "The operation cannot be completed: External IDs cannot contain spaces"
    assert await api.json2("ir.model.data", "search", domain=[["res_id", "=", payment]]) == [row]


async def test_external_ids_are_read_and_searched_like_any_model(api: Odoo) -> None:
    customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
    names = [xmlid(), xmlid()]
    rows = [[name, "out_invoice", str(customer), "2025-10-01", "", "", "L", "1", "1", ""] for name in names]
    ids = (await load(api, "jsonrpc", "account.move", INVOICE, rows))["ids"]
    domain = [["module", "=", "odoo_mcp"], ["model", "=", "account.move"]]
    assert await api.json2("ir.model.data", "search_count", domain=domain) == 2
    fields = ["complete_name", "module", "name", "model", "res_id", "noupdate", "display_name"]
    found = await api.json2("ir.model.data", "search_read", domain=domain, fields=fields, order="res_id")
    assert [(r["complete_name"], r["res_id"], r["noupdate"]) for r in found] == list(zip(names, ids, [False, False], strict=True))
    moves = await api.json2("account.move", "read", ids=ids, fields=["display_name"])
    assert [r["display_name"] for r in found] == [m["display_name"] for m in moves] == ["Draft Invoice"] * 2
    assert await api.json2("ir.model.data", "read", ids=[found[0]["id"]], fields=["res_id"]) == [
        {"id": found[0]["id"], "res_id": ids[0]}
    ]
    described = await api.json2("ir.model.data", "fields_get", attributes=["type"])
    assert described["res_id"] == {"type": "many2one_reference"}


@PROTOCOLS
async def test_partner_cells_are_converted_by_field_type(api: Odoo, protocol: str) -> None:
    country = await first_id(api, "res.country", [])
    fields = ["id", "name", "is_company", "email", "phone", "vat", "street", "city", "zip"]
    fields += ["customer_rank", "supplier_rank", "country_id/.id"]
    row = ["apr_partner", "Load Co", "1", "a@b.test", "+1 555", "BE0477472701", "Main 1", "Town", "1000", "1", "0"]
    (partner,) = (await load(api, protocol, "res.partner", fields, [[*row, str(country)]]))["ids"]
    (read,) = await api.json2("res.partner", "read", ids=[partner], fields=[f.split("/")[0] for f in fields[1:]])
    assert read == {
        "id": partner,
        "name": "Load Co",
        "is_company": True,
        "email": "a@b.test",
        "phone": "+1 555",
        "vat": "BE0477472701",
        "street": "Main 1",
        "city": "Town",
        "zip": "1000",
        "customer_rank": 1,
        "supplier_rank": 0,
        "country_id": [country, read["country_id"][1]],
    }
    (tag,) = await api.json2("ir.model.data", "search_read", domain=[["res_id", "=", partner]], fields=["module"])
    assert tag["module"] == "__import__", "an external id without a dot goes to module __import__"
    bad = await load(api, protocol, "res.partner", ["name", "is_company", "customer_rank"], [["X", "maybe", "x"]])
    assert bad["ids"] is False
    assert [m["message"] for m in bad["messages"]] == [
        "Unknown value 'maybe' for boolean field 'Is a Company'",
        "'x' does not seem to be an integer for field 'Customer Rank'",
    ]


async def test_bad_columns_are_refused_as_errors_not_messages(api: Odoo) -> None:
    unknown = await api.json2_raw("account.move", "load", fields=["name", "bogus"], data=[["a", "b"]])
    assert unknown.status_code == 500 and unknown.json()["message"] == "Invalid field name 'bogus'"
    with_ids = await api.json2_raw("account.move", "load", ids=[1], fields=["ref"], data=[["a"]])
    assert with_ids.status_code == 422


async def test_load_follows_allowed_company_ids_like_create(api: Odoo) -> None:
    company = await _second_company(api)
    customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
    row = [xmlid(), "out_invoice", str(customer), "2025-10-01", "", "", "L", "1", "10", ""]
    (move,) = (await load(api, "json2", "account.move", INVOICE, [row], allowed_company_ids=[company]))["ids"]
    (read,) = await api.json2("account.move", "read", ids=[move], fields=["company_id", "journal_id"])
    (journal,) = await api.json2("account.journal", "read", ids=[read["journal_id"][0]], fields=["company_id"])
    assert read["company_id"][0] == journal["company_id"][0] == company


async def test_load_is_a_logged_write_and_is_saved(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    first = SandboxOdoo(today=TODAY, state_path=state)
    name = xmlid()
    async with httpx.AsyncClient(transport=first.transport(), base_url="http://sandbox") as http:
        api = Odoo(http)
        customer = await first_id(api, "res.partner", [["customer_rank", ">", 0]])
        row = [name, "out_invoice", str(customer), "2025-10-01", "", "", "L", "1", "10", ""]
        (move,) = (await load(api, "json2", "account.move", INVOICE, [row]))["ids"]
    assert [(c.method, c.writes, c.ok) for c in first.write_calls] == [("load", True, True)]
    second = SandboxOdoo(today=TODAY, state_path=state)
    async with httpx.AsyncClient(transport=second.transport(), base_url="http://sandbox") as http:
        assert [row["res_id"] for row in await xmlids(Odoo(http), name)] == [move]
