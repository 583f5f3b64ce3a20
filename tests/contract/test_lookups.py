"""The lookups and the partner search against an independent read, on the sandbox and a real Odoo 19.

Each check reads the same records with `search_read` (or `read`) itself and compares field by
field; the accent checks create uniquely tagged records spelled with and without accents, so they
prove that Odoo returns the candidates (no `unaccent` needed) and that the folding here keeps the
right ones; the rate check recomputes `_get_rates` from the company's `res.currency.rate` rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.accounting import lookups, words
from odoo_mcp.accounting.lookup_models import LookupQuery
from odoo_mcp.accounting.models import InvoiceRef, PartnerQuery
from odoo_mcp.odoo import Many2one, OdooClient, OdooMissingError
from odoo_mcp.runtime import Runtime, open_runtime

from .targets import Target
from .test_books import HOME, SECOND, BooksCase, open_books

pytestmark = pytest.mark.anyio


@pytest.fixture
async def rt(target: Target, tmp_path: Path) -> AsyncIterator[Runtime]:
    settings = target.settings({"VAULT_PATH": str(tmp_path / "vault"), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")})
    sandbox = None
    if not target.live:
        from odoo_sandbox import SandboxOdoo

        sandbox = SandboxOdoo(today=dt.date(2026, 11, 16))
    async with open_runtime(settings, sandbox=sandbox) as runtime:
        yield runtime


def _tag() -> str:
    # Letters that have no accented forms (see words.ACCENTABLE), so the tag itself is matched exactly.
    return "qx" + "".join("bdfghjkmprtvwx"[int(c, 16) % 14] for c in uuid.uuid4().hex[:8])


async def _partners(client: OdooClient, names: list[dict[str, Any]]) -> list[int]:
    return await client.create("res.partner", names)


# -- partners ------------------------------------------------------------------------------------


async def test_partner_words_any_order_accents_both_ways(rt: Runtime) -> None:
    tag = _tag()
    accented, plain, near_miss, by_email, by_ref = await _partners(
        rt.client,
        [
            {"name": f"Hélène Dürr {tag}"},
            {"name": f"Helene Martin {tag}"},
            {"name": f"Dapont Dorr {tag}"},
            {"name": f"Other Person {tag}", "email": f"compta.{tag}@dupont.example"},
            {"name": f"Someone Else {tag}", "ref": f"REF-{tag}-9"},
        ],
    )
    service = rt.accounting

    # Unaccented words in any order find the accented name; an accented word finds the unaccented one.
    found = await service.find_partners(PartnerQuery(text=f"{tag} DURR helene"))
    assert [p.id for p in found.items] == [accented] and found.total == 1
    assert found.items[0].matched == f"name contains '{tag}' and 'durr' and 'helene'"
    found = await service.find_partners(PartnerQuery(text=f"Hélène {tag}"))
    assert {p.id for p in found.items} == {accented, plain}

    # Odoo returns "Dapont Dorr" for the wildcard pattern of "dupont dürr"; the folded check drops it.
    candidates = await rt.client.search_read("res.partner", words.domain(words.words(f"düpont dörr {tag}"), ["name"]), ["name"])
    assert near_miss in {row["id"] for row in candidates}, "the accent-free pattern reaches Odoo's candidates"
    assert (await service.find_partners(PartnerQuery(text=f"düpont dörr {tag}"))).total == 0
    assert [p.id for p in (await service.find_partners(PartnerQuery(text=f"dapont dorr {tag}"))).items] == [near_miss]

    # Email and reference, each said.
    by = await service.find_partners(PartnerQuery(text=f"dupont.example compta {tag}"))
    assert [p.id for p in by.items] == [by_email]
    assert by.items[0].matched == f"email contains 'dupont.example' and 'compta'; name contains '{tag}'"
    by = await service.find_partners(PartnerQuery(text=f"ref-{tag}-9"))
    assert [p.id for p in by.items] == [by_ref] and by.items[0].matched == f"reference contains 'ref-{tag}-9'"

    # Every answered field equals an independent read.
    rows = await rt.client.read("res.partner", [accented, by_email, by_ref], ["name", "email", "ref", "vat"])
    answered = {
        p.id: p for q in (f"{tag} durr", f"compta {tag}", f"ref-{tag}") for p in (await service.find_partners(PartnerQuery(text=q))).items
    }
    for row in rows:
        p = answered[row["id"]]
        assert (p.name, p.email, p.ref, p.vat) == (row["name"], row["email"] or None, row["ref"] or None, row["vat"] or None)
        assert p.url is None if rt.accounting.sandbox else str(p.url).endswith(f"/odoo/res.partner/{p.id}")

    # Nothing matched: the nearest names, from one bounded read.
    miss = await service.find_partners(PartnerQuery(text=f"Helen Durrr {tag}"))
    assert miss.total == 0 and miss.items == []
    assert miss.suggestions and miss.suggestions[0] == f"Hélène Dürr {tag}"


async def test_partner_search_without_words_pages_like_odoo(rt: Runtime) -> None:
    page = await rt.accounting.find_partners(PartnerQuery(role="customer", limit=3, offset=1))
    rows = await rt.client.search_read("res.partner", [("customer_rank", ">", 0)], ["name"], limit=3, offset=1, order="name, id")
    assert [p.id for p in page.items] == [row["id"] for row in rows]
    assert page.total == await rt.client.search_count("res.partner", [("customer_rank", ">", 0)])
    assert all(p.matched is None for p in page.items)


# -- reference lookups ---------------------------------------------------------------------------


async def test_taxes_equal_an_independent_read(rt: Runtime) -> None:
    tag = _tag()
    (tax_id,) = await rt.client.create(
        "account.tax", [{"name": f"TVA réduite {tag}", "amount": 5.5, "amount_type": "percent", "type_tax_use": "sale"}]
    )
    result = await lookups.lookup(rt.accounting, LookupQuery(kind="tax", limit=200))
    fields = ["name", "type_tax_use", "amount_type", "amount", "price_include", "active"]
    rows = {row["id"]: row for row in await rt.client.search_read("account.tax", [], fields)}
    assert result.total == len(rows) and {t.id for t in result.taxes} == set(rows)
    for tax in result.taxes:
        row = rows[tax.id]
        assert (tax.name, tax.use, tax.computation, tax.price_included, tax.active) == (
            row["name"], row["type_tax_use"], row["amount_type"], row["price_include"], row["active"]
        )
        assert tax.amount == Decimal(str(row["amount"]))
    found = await lookups.lookup(rt.accounting, LookupQuery(kind="tax", text=f"tva reduite {tag}"))
    assert [t.id for t in found.taxes] == [tax_id] and found.taxes[0].amount == Decimal("5.5")
    assert found.taxes[0].matched == f"name contains 'tva' and 'reduite' and '{tag}'"


async def test_payment_terms_with_lines_equal_an_independent_read(rt: Runtime) -> None:
    result = await lookups.lookup(rt.accounting, LookupQuery(kind="payment_term", limit=200))
    terms = {row["id"]: row for row in await rt.client.search_read("account.payment.term", [], ["name", "active"])}
    assert {t.id for t in result.payment_terms} == set(terms) and result.total == len(terms)
    lines = await rt.client.search_read(
        "account.payment.term.line", [("payment_id", "in", list(terms))], ["payment_id", "value", "value_amount", "nb_days", "delay_type"]
    )
    for term in result.payment_terms:
        assert term.name == terms[term.id]["name"]
        mine = [row for row in lines if Many2one.parse(row["payment_id"]).id == term.id]
        assert [(ln.value, ln.value_amount, ln.nb_days, ln.delay_type) for ln in term.lines] == [
            (row["value"], Decimal(str(row["value_amount"])).normalize(), row["nb_days"], row["delay_type"]) for row in mine
        ]


async def test_journals_equal_an_independent_read_and_misspelt_names_get_suggestions(rt: Runtime) -> None:
    result = await lookups.lookup(rt.accounting, LookupQuery(kind="journal", limit=200))
    rows = {row["id"]: row for row in await rt.client.search_read("account.journal", [], ["name", "code", "type", "currency_id"])}
    assert {j.id for j in result.journals} == set(rows)
    for journal in result.journals:
        row = rows[journal.id]
        assert (journal.name, journal.code, journal.type, journal.currency) == (
            row["name"], row["code"], row["type"], Many2one.parse(row["currency_id"]).name
        )
    bank = next(j for j in result.journals if j.type == "bank")
    misspelt = bank.name[1] + bank.name[0] + bank.name[2:] if len(bank.name) > 2 else bank.name + "x"
    miss = await lookups.lookup(rt.accounting, LookupQuery(kind="journal", text=misspelt))
    assert miss.total == 0 and bank.name in miss.suggestions


async def test_products_by_name_or_code_equal_an_independent_read(rt: Runtime) -> None:
    tag = _tag()
    (product_id,) = await rt.client.create(
        "product.product",
        [{"name": f"Crème brûlée {tag}", "default_code": f"CB-{tag}", "list_price": 7.25, "standard_price": 2.1}],
    )
    by_name = await lookups.lookup(rt.accounting, LookupQuery(kind="product", text=f"creme brulee {tag}"))
    by_code = await lookups.lookup(rt.accounting, LookupQuery(kind="product", text=f"cb-{tag}"))
    assert [p.id for p in by_name.products] == [p.id for p in by_code.products] == [product_id]
    assert by_code.products[0].matched == f"internal reference contains 'cb-{tag}'"
    (row,) = await rt.client.read("product.product", [product_id], ["name", "default_code", "lst_price", "standard_price", "uom_id"])
    product = by_name.products[0]
    assert (product.name, product.code, product.unit) == (row["name"], row["default_code"], Many2one.parse(row["uom_id"]).name)
    assert (product.sale_price, product.cost) == (Decimal("7.25"), Decimal("2.1"))
    assert (product.sale_price, product.cost) == (Decimal(str(row["lst_price"])), Decimal(str(row["standard_price"])))
    listed = await lookups.lookup(rt.accounting, LookupQuery(kind="product", limit=200))
    assert listed.total == await rt.client.search_count("product.product", [])
    miss = await lookups.lookup(rt.accounting, LookupQuery(kind="product", text=f"creme brulee {tag}x"))
    assert miss.total == 0 and f"Crème brûlée {tag}" in miss.suggestions


# -- currencies: the company's rate today ----------------------------------------------------------


def _expected_rates(rates: list[dict[str, Any]], currency_ids: list[int], company_id: int, day: str) -> dict[int, float]:
    """`res.currency._get_rates(company, day)`: the company's own latest rate on or before the day before a
    shared one; none that old: the oldest; none at all: 1."""
    out: dict[int, float] = {}
    for cid in currency_ids:
        mine = [r for r in rates if Many2one.parse(r["currency_id"]).id == cid]
        own_first = lambda r: Many2one.parse(r.get("company_id")).id != company_id  # noqa: E731
        before = sorted((r for r in mine if r["name"] <= day), key=lambda r: (own_first(r), [-ord(c) for c in r["name"]]))
        oldest = sorted(mine, key=lambda r: (own_first(r), r["name"]))
        pick = before[0] if before else oldest[0] if oldest else None
        out[cid] = float(pick["rate"]) if pick else 1.0
    return out


@pytest.fixture
async def books_case(target: Target, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[BooksCase]:
    async with open_books(target, tmp_path, request.param) as c:
        yield c


@pytest.mark.parametrize("books_case", [HOME, SECOND], indirect=True)
async def test_currency_rates_are_the_companys_today(books_case: BooksCase) -> None:
    rt, company = books_case.rt, books_case.company
    result = await lookups.lookup(rt.accounting, LookupQuery(kind="currency", limit=200))
    day = rt.accounting.today().isoformat()
    currencies = await rt.client.search_read("res.currency", [], ["name"])
    assert {c.id for c in result.currencies} == {row["id"] for row in currencies} and result.as_of == rt.accounting.today()
    rates = await rt.client.search_read("res.currency.rate", [], ["currency_id", "company_id", "name", "rate"])
    own = next(c for c in result.currencies if c.name == company.currency)
    assert own.is_company_currency and own.rate == own.inverse_rate == 1
    expected = _expected_rates(rates, [c.id for c in result.currencies], company.id, day)
    for c in result.currencies:
        ratio = expected[c.id] / expected[own.id]  # Odoo divides floats
        assert c.rate == Decimal(repr(ratio)), c.name
        assert c.inverse_rate == Decimal(repr(1 / ratio)), c.name
    foreign = next(c for c in result.currencies if c.name == company.foreign)
    assert foreign.rate != 1, "the books give the foreign currency a rate of its own for this company"


# -- numbers -------------------------------------------------------------------------------------


async def test_missing_number_names_the_nearest_existing_ones(rt: Runtime) -> None:
    rows = await rt.client.search_read(
        "account.move", [("move_type", "=", "out_invoice"), ("state", "=", "posted")], ["name"], limit=1, order="id desc"
    )
    if not rows:
        pytest.skip("no posted invoice in this database")
    number = rows[0]["name"]
    head, _, digits = number.rpartition("/")
    wrong = f"{head}/{'9' * (len(digits) + 1)}"
    with pytest.raises(OdooMissingError) as raised:
        await rt.accounting.get_move(InvoiceRef(number=wrong))
    message = str(raised.value)
    assert message.startswith(f"No invoice or bill {wrong} found; nearest existing numbers: ") and "\n" not in message
    named = message.split(": ", 1)[1].split(", ")
    assert 1 <= len(named) <= 5
    existing = await rt.client.search_read("account.move", [("name", "in", named)], ["name"])
    assert {row["name"] for row in existing} == set(named), "every suggestion is an existing number of this company"
    assert named[0].startswith(head), "the nearest shares the number's year and prefix"
