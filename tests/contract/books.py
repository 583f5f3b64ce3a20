"""Realistic books, built through the API in whatever database the suite is given.

What owners' books look like and single-company fixtures hide: two companies with the API user in
both (the home company in its currency, a second one in EUR), customer invoices and vendor bills in
the company currency and in a foreign one, exchange rates that move between invoice and payment (so
Odoo books exchange differences), full and partial payments, credit notes and vendor refunds,
drafts, invoices due in every aging bucket as of `AS_OF`, one invoice overdue on `AS_OF` and paid
since, a vendor with a supplier payment term, and a bill with an explicit due date.

Everything is named with a unique tag, so the books can be built again in the same database; the
checks never rely on being alone in it (they compare with Odoo's figures for the whole company).
Dates are fixed, so "as of `AS_OF`" means the same thing on every run.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from odoo_mcp.odoo import OdooClient

# The month most documents fall in, the past date the aging checks use, and the rates' dates.
MONTH = "2025-09"
AS_OF = dt.date(2025, 10, 31)
# Units of the foreign currency per 1 unit of the company currency, per company and date: the
# rate moves between invoice (September) and payment (October/November).
RATES = {
    "home": {"2025-06-01": Decimal("0.90"), "2025-09-01": Decimal("0.85"), "2025-10-16": Decimal("0.80")},
    "second": {"2025-06-01": Decimal("1.10"), "2025-09-01": Decimal("1.20"), "2025-10-16": Decimal("1.25")},
}


@dataclass(frozen=True)
class CompanyBooks:
    """One company's part of the books: what the checks look up by id."""

    id: int
    name: str
    currency: str
    foreign: str
    customer_id: int
    foreign_customer_id: int
    vendor_id: int
    invoices: dict[str, int] = field(default_factory=dict)
    bills: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Books:
    tag: str
    home: CompanyBooks
    second: CompanyBooks
    # The invoice that was overdue on AS_OF and has been paid in full since.
    paid_since: int
    # The bill whose approved-style explicit due date must survive the vendor's payment term.
    explicit_due_bill: int
    explicit_due: dt.date
    term_bill: int
    payment_term_id: int


def _day(text: str) -> str:
    return dt.date.fromisoformat(text).isoformat()


def _line(name: str, qty: str, price: str, tax_id: int | None) -> list[object]:
    vals: dict[str, object] = {"name": name, "quantity": Decimal(qty), "price_unit": Decimal(price)}
    if tax_id:
        vals["tax_ids"] = [[6, 0, [tax_id]]]
    return [0, 0, vals]


def scope(company_id: int) -> dict[str, Any]:
    return {"allowed_company_ids": [company_id]}


async def _tax(client: OdooClient, company_id: int, use: str) -> int | None:
    rows = await client.call(
        "account.tax",
        "search_read",
        context=scope(company_id),
        domain=
        [
            ("company_id", "=", company_id),
            ("type_tax_use", "=", use),
            ("amount_type", "=", "percent"),
            ("amount", ">", 0),
            ("price_include", "=", False),
        ],
        fields=["id"],
        limit=1,
        order="id",
    )
    return rows[0]["id"] if rows else None


async def _currency(client: OdooClient, code: str) -> int:
    rows = await client.search_read("res.currency", [("name", "=", code), ("active", "in", [True, False])], ["active"])
    if not rows[0]["active"]:
        await client.call("res.currency", "write", ids=[rows[0]["id"]], vals={"active": True})
    return int(rows[0]["id"])


async def _rates(client: OdooClient, company_id: int, currency_id: int, rates: dict[str, Decimal]) -> None:
    """The company's rates for a foreign currency, set to these values (kept if a rerun finds them)."""
    existing = await client.call(
        "res.currency.rate",
        "search_read",
        domain=[("company_id", "=", company_id), ("currency_id", "=", currency_id), ("name", "in", list(rates))],
        fields=["name"],
        context=scope(company_id),
    )
    found = {row["name"]: row["id"] for row in existing}
    for day, rate in rates.items():
        if day in found:
            await client.call("res.currency.rate", "write", ids=[found[day]], vals={"rate": rate}, context=scope(company_id))
        else:
            await client.create(
                "res.currency.rate",
                [{"currency_id": currency_id, "name": day, "rate": rate, "company_id": company_id}],
                context=scope(company_id),
            )


async def _second_company(client: OdooClient, tag: str, currency_id: int, uid: int) -> int:
    (company_id,) = await client.create("res.company", [{"name": f"{tag} EUR Ltd", "currency_id": currency_id}])
    await client.call("res.users", "write", ids=[uid], vals={"company_ids": [[4, company_id]]})
    # A record method, not @api.model: JSON-RPC needs the (empty) ids, JSON-2 accepts them.
    await client.call(
        "account.chart.template", "try_loading", ids=[], template_code="generic_coa", company=company_id, context=scope(company_id)
    )
    # The generic chart sets its template's currency (USD): put the company's own back before any entry exists.
    await client.call("res.company", "write", ids=[company_id], vals={"currency_id": currency_id}, context=scope(company_id))
    return company_id


async def _pay(client: OdooClient, company_id: int, move_id: int, day: str, amount: Decimal | None = None) -> None:
    context = {**scope(company_id), "active_model": "account.move", "active_ids": [move_id]}
    vals: dict[str, Any] = {"payment_date": _day(day)}
    if amount is not None:
        vals["amount"] = amount
    wizard = await client.create("account.payment.register", [vals], context=context)
    await client.call("account.payment.register", "action_create_payments", ids=wizard, context=context)


async def _documents(
    client: OdooClient, company_id: int, specs: dict[str, dict[str, Any]], *, post: set[str]
) -> dict[str, int]:
    names = list(specs)
    ids = await client.create("account.move", [{**specs[n], "company_id": company_id} for n in names], context=scope(company_id))
    by_name = dict(zip(names, ids, strict=True))
    to_post = [by_name[n] for n in names if n in post]
    if to_post:
        await client.call("account.move", "action_post", ids=to_post, context=scope(company_id))
    return by_name


async def _company_books(
    client: OdooClient,
    company_id: int,
    name: str,
    currency: str,
    foreign: tuple[str, int],
    partners: tuple[int, int, int],
    payment_term_id: int,
) -> tuple[CompanyBooks, dict[str, Any]]:
    customer, foreign_customer, vendor = partners
    sale, purchase = await _tax(client, company_id, "sale"), await _tax(client, company_id, "purchase")
    fx = {"currency_id": foreign[1]}

    def invoice(date: str, due: str, lines: list[list[object]], **extra: Any) -> dict[str, Any]:
        return {
            "move_type": "out_invoice",
            "partner_id": customer,
            "invoice_date": date,
            "invoice_date_due": due,
            "invoice_payment_term_id": False,
            "invoice_line_ids": lines,
            **extra,
        }

    invoices = {
        # Aging as of AS_OF: 90+ (due 07-15), 61-90 (08-20), 31-60 (09-10, 09-25), 1-30 (10-15, 10-25).
        "ninety_plus": invoice("2025-06-15", "2025-07-15", [_line("Annual licence", "1", "1500.00", sale)]),
        "sixty_one": invoice("2025-08-05", "2025-08-20", [_line("Consulting", "4", "250.00", sale)]),
        "partial": invoice("2025-09-01", "2025-09-10", [_line("Workshop", "1", "1200.00", None)]),
        "paid_since": invoice(
            "2025-09-03", "2025-09-25", [_line("Implementation", "2", "1000.00", sale)], partner_id=foreign_customer, **fx
        ),
        "foreign_partial": invoice(
            "2025-09-20", "2025-10-15", [_line("Training", "3", "400.00", None)], partner_id=foreign_customer, **fx
        ),
        "one_to_thirty": invoice("2025-09-25", "2025-10-25", [_line("Support", "7.5", "80.00", sale)]),
        "not_due": invoice("2025-09-28", "2025-12-15", [_line("Retainer", "1", "999.99", None)]),
        "credit_note": {
            "move_type": "out_refund",
            "partner_id": customer,
            "invoice_date": "2025-09-18",
            "invoice_line_ids": [_line("Goodwill credit", "1", "99.95", sale)],
        },
        "foreign_credit_note": {
            "move_type": "out_refund",
            "partner_id": foreign_customer,
            "invoice_date": "2025-09-22",
            "invoice_line_ids": [_line("Discount", "1", "150.00", None)],
            **fx,
        },
        "draft": invoice("2025-09-29", "2025-10-29", [_line("Not sent yet", "1", "777.00", sale)]),
    }
    explicit_due = "2025-10-05"
    bills = {
        # Explicit due date for a vendor whose supplier payment term would give another one.
        "explicit_due": {
            "move_type": "in_invoice",
            "partner_id": vendor,
            "invoice_date": "2025-09-05",
            "invoice_date_due": explicit_due,
            "invoice_payment_term_id": False,
            "ref": f"{name} bill explicit due",
            "invoice_line_ids": [_line("Hosting", "1", "245.67", purchase)],
        },
        # No due date given: the vendor's payment term decides.
        "term": {
            "move_type": "in_invoice",
            "partner_id": vendor,
            "invoice_date": "2025-09-08",
            "ref": f"{name} bill with term",
            "invoice_line_ids": [_line("Office rent", "1", "1800.00", purchase)],
        },
        "foreign": {
            "move_type": "in_invoice",
            "partner_id": vendor,
            "invoice_date": "2025-09-10",
            "invoice_date_due": "2025-09-30",
            "invoice_payment_term_id": False,
            "ref": f"{name} foreign bill",
            "invoice_line_ids": [_line("Cloud services", "1", "640.00", None)],
            **fx,
        },
        "refund": {
            "move_type": "in_refund",
            "partner_id": vendor,
            "invoice_date": "2025-09-25",
            "ref": f"{name} vendor refund",
            "invoice_line_ids": [_line("Returned chair", "1", "120.00", purchase)],
        },
        "draft_bill": {
            "move_type": "in_invoice",
            "partner_id": vendor,
            "invoice_date": "2025-09-27",
            "invoice_line_ids": [_line("Unchecked bill", "1", "55.00", None)],
        },
    }
    posted_invoices = set(invoices) - {"draft"}
    posted_bills = set(bills) - {"draft_bill"}
    invoice_ids = await _documents(client, company_id, invoices, post=posted_invoices)
    bill_ids = await _documents(client, company_id, bills, post=posted_bills)
    # Payments: partial in the company currency, partial and full in the foreign one at later rates.
    await _pay(client, company_id, invoice_ids["partial"], "2025-10-05", Decimal("300.00"))
    await _pay(client, company_id, invoice_ids["foreign_partial"], "2025-10-20", Decimal("500.00"))
    await _pay(client, company_id, invoice_ids["paid_since"], "2025-11-10")
    await _pay(client, company_id, bill_ids["foreign"], "2025-10-20", Decimal("200.00"))
    await _pay(client, company_id, bill_ids["explicit_due"], "2025-10-02")
    books = CompanyBooks(
        id=company_id,
        name=name,
        currency=currency,
        foreign=foreign[0],
        customer_id=customer,
        foreign_customer_id=foreign_customer,
        vendor_id=vendor,
        invoices=invoice_ids,
        bills=bill_ids,
    )
    return books, {"explicit_due": dt.date.fromisoformat(explicit_due), "term_id": payment_term_id}


async def build(client: OdooClient) -> Books:
    """Both companies' books; about 40 Odoo calls and 10-20 s on a real server."""
    tag = f"odoo-mcp books {uuid.uuid4().hex[:8]}"
    uid = await client.uid()
    home_id = int((await client.read("res.users", [uid], ["company_id"]))[0]["company_id"][0])
    home = (await client.read("res.company", [home_id], ["name", "currency_id"]))[0]
    home_currency = str(home["currency_id"][1])
    other_code = "EUR" if home_currency != "EUR" else "USD"
    other_currency = await _currency(client, other_code)
    home_currency_id = int(home["currency_id"][0])
    second_id = await _second_company(client, tag, other_currency, uid)
    await _rates(client, home_id, other_currency, RATES["home"])
    await _rates(client, second_id, home_currency_id, RATES["second"])
    (term_id,) = await client.create(
        "account.payment.term",
        [{"name": f"{tag} 60 days", "company_id": False, "line_ids": [[0, 0, {"value": "percent", "value_amount": 100, "nb_days": 60}]]}],
    )
    customer, foreign_customer, vendor = await client.create(
        "res.partner",
        [
            {"name": f"{tag} customer", "is_company": True, "email": "books@example.com"},
            {"name": f"{tag} foreign customer", "is_company": True},
            {"name": f"{tag} vendor", "is_company": True, "property_supplier_payment_term_id": term_id},
        ],
    )
    partners = (customer, foreign_customer, vendor)
    home_books, extra = await _company_books(
        client, home_id, str(home["name"]), home_currency, (other_code, other_currency), partners, term_id
    )
    # The vendor's supplier payment term is a company-dependent property: set it in the second company too.
    await client.call(
        "res.partner", "write", ids=[vendor], vals={"property_supplier_payment_term_id": term_id}, context=scope(second_id)
    )
    second_books, _ = await _company_books(
        client, second_id, f"{tag} EUR Ltd", other_code, (home_currency, home_currency_id), partners, term_id
    )
    return Books(
        tag=tag,
        home=home_books,
        second=second_books,
        paid_since=home_books.invoices["paid_since"],
        explicit_due_bill=home_books.bills["explicit_due"],
        explicit_due=extra["explicit_due"],
        term_bill=home_books.bills["term"],
        payment_term_id=term_id,
    )
