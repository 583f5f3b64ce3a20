"""Several companies, exchange rates, exchange differences and reconciliation dates in the sandbox.

Expected values are computed by hand from Odoo 19's rules and were observed on a real Odoo 19 with the
same documents (tests/contract/books.py): 1200 EUR at 0.85 EUR per USD is 1411.76 USD; 500 EUR paid
at 0.80 is 625.00 USD, of which 588.23 settle the invoice (its own rate) and 36.77 is an exchange gain.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Odoo

pytestmark = pytest.mark.anyio
EUR = 2


async def _second_company(api: Odoo) -> int:
    (company,) = await api.json2("res.company", "create", vals_list=[{"name": "EUR Ltd", "currency_id": EUR}])
    await api.json2("res.users", "write", ids=[2], vals={"company_ids": [[4, company]]})
    await api.json2("account.chart.template", "try_loading", ids=[], template_code="generic_coa", company=company)
    await api.json2("res.company", "write", ids=[company], vals={"currency_id": EUR})
    return int(company)


async def _eur_rates(api: Odoo, company: int, rates: dict[str, float]) -> None:
    await api.json2("res.currency", "write", ids=[EUR], vals={"active": True})
    await api.json2(
        "res.currency.rate",
        "create",
        vals_list=[{"currency_id": EUR, "name": day, "rate": rate, "company_id": company} for day, rate in rates.items()],
    )


def _in(company: int, **extra: Any) -> dict[str, Any]:
    return {"allowed_company_ids": [company], **extra}


async def _invoice(api: Odoo, company: int, **vals: Any) -> int:
    (move,) = await api.json2("account.move", "create", vals_list=[{"company_id": company, **vals}], context=_in(company))
    await api.json2("account.move", "action_post", ids=[move], context=_in(company))
    return int(move)


async def _pay(api: Odoo, company: int, move: int, day: str, amount: float | None = None) -> None:
    context = _in(company, active_model="account.move", active_ids=[move])
    vals: dict[str, Any] = {"payment_date": day, **({"amount": amount} if amount is not None else {})}
    wizard = await api.json2("account.payment.register", "create", vals_list=[vals], context=context)
    await api.json2("account.payment.register", "action_create_payments", ids=wizard, context=context)


async def test_second_company_records_are_scoped_by_allowed_company_ids(api: Odoo) -> None:
    company = await _second_company(api)
    user = await api.json2("res.users", "read", ids=[2], fields=["company_id", "company_ids"])
    assert user[0]["company_id"][0] == 1 and user[0]["company_ids"] == [1, company]
    both = await api.json2("account.journal", "search_read", domain=[["code", "=", "EXCH"]], fields=["company_id"])
    assert sorted(j["company_id"][0] for j in both) == [1, company], "no context: every company of the user"
    only = await api.json2(
        "account.journal", "search_read", domain=[["code", "=", "EXCH"]], fields=["company_id"], context=_in(company)
    )
    assert [j["company_id"][0] for j in only] == [company]
    (move,) = await api.json2(
        "account.move", "create", vals_list=[{"move_type": "out_invoice", "partner_id": 7}], context=_in(company)
    )
    row = (await api.json2("account.move", "read", ids=[move], fields=["company_id", "currency_id"]))[0]
    assert (row["company_id"][0], row["currency_id"][0]) == (company, EUR), "env.company and its currency"
    refused = await api.json2_raw("account.move", "search_count", domain=[], context={"allowed_company_ids": [99]})
    assert refused.status_code == 403 and "unauthorized or invalid companies" in refused.text


async def test_foreign_invoice_is_converted_at_its_invoice_date_rate(api: Odoo) -> None:
    await _eur_rates(api, 1, {"2025-06-01": 0.90, "2025-09-01": 0.85, "2025-10-16": 0.80})
    line = {"name": "Training", "quantity": 3, "price_unit": 400}
    move = await _invoice(
        api, 1, move_type="out_invoice", partner_id=7, currency_id=EUR, invoice_date="2025-09-20",
        invoice_date_due="2025-10-15", invoice_payment_term_id=False, invoice_line_ids=[[0, 0, line]],
    )
    fields = ["amount_total", "amount_total_signed", "amount_untaxed_signed", "amount_residual_signed", "currency_id"]
    row = (await api.json2("account.move", "read", ids=[move], fields=fields))[0]
    assert (row["amount_total"], row["amount_total_signed"], row["amount_untaxed_signed"]) == (1200.0, 1411.76, 1411.76)
    assert row["amount_residual_signed"] == 1411.76 and row["currency_id"][1] == "EUR"


async def test_partial_payment_at_a_later_rate_books_an_exchange_difference(api: Odoo) -> None:
    await _eur_rates(api, 1, {"2025-09-01": 0.85, "2025-10-16": 0.80})
    line = {"name": "Training", "quantity": 3, "price_unit": 400}
    move = await _invoice(
        api, 1, move_type="out_invoice", partner_id=7, currency_id=EUR, invoice_date="2025-09-20",
        invoice_date_due="2025-10-15", invoice_payment_term_id=False, invoice_line_ids=[[0, 0, line]],
    )
    await _pay(api, 1, move, "2025-10-20", 500)
    row = (await api.json2("account.move", "read", ids=[move], fields=["amount_residual", "amount_residual_signed", "payment_state"]))[0]
    assert (row["amount_residual"], row["amount_residual_signed"], row["payment_state"]) == (700.0, 823.53, "partial")
    term = await api.json2(
        "account.move.line", "search_read",
        domain=[["move_id", "=", move], ["account_id.account_type", "=", "asset_receivable"]], fields=["id"],
    )
    partials = await api.json2(
        "account.partial.reconcile", "search_read", domain=[["debit_move_id", "=", term[0]["id"]]],
        fields=["amount", "debit_amount_currency", "credit_amount_currency", "max_date"],
    )
    assert [(p["amount"], p["debit_amount_currency"], p["credit_amount_currency"], p["max_date"]) for p in partials] == [
        (588.23, 500.0, 500.0, "2025-10-20")  # the later of invoice (09-20) and payment (10-20)
    ]
    payment = await api.json2(
        "account.payment", "search_read", domain=[["date", "=", "2025-10-20"]], fields=["amount", "amount_company_currency_signed", "state"]
    )
    assert [(p["amount"], p["amount_company_currency_signed"], p["state"]) for p in payment] == [(500.0, 625.0, "in_process")]
    exchange = await api.json2(
        "account.move.line", "search_read",
        domain=[["journal_id.code", "=", "EXCH"], ["parent_state", "=", "posted"]],
        fields=["date", "balance", "amount_currency", "account_type"],
    )
    # 625.00 received for 588.23 of invoice: a gain of 36.77, dated at the end of the payment's month.
    assert sorted((x["date"], x["account_type"], x["balance"], x["amount_currency"]) for x in exchange) == [
        ("2025-10-31", "asset_receivable", 36.77, 0.0),
        ("2025-10-31", "income", -36.77, 0.0),
    ]


async def test_full_payment_of_a_customer_invoice_makes_the_payment_paid(api: Odoo) -> None:
    move = await _invoice(
        api, 1, move_type="out_invoice", partner_id=7, invoice_date="2025-09-01", invoice_date_due="2025-09-10",
        invoice_payment_term_id=False, invoice_line_ids=[[0, 0, {"name": "Workshop", "quantity": 1, "price_unit": 1200}]],
    )
    await _pay(api, 1, move, "2025-10-05")
    payments = await api.json2("account.payment", "search_read", domain=[["date", "=", "2025-10-05"]], fields=["state"])
    assert [p["state"] for p in payments] == ["paid"]


async def test_vendor_payment_term_gives_the_due_date_unless_one_is_given(api: Odoo) -> None:
    (term,) = await api.json2(
        "account.payment.term",
        "create",
        vals_list=[
            {"name": "60 days", "company_id": False, "line_ids": [[0, 0, {"value": "percent", "value_amount": 100, "nb_days": 60}]]}
        ],
    )
    (vendor,) = await api.json2("res.partner", "create", vals_list=[{"name": "Vendor", "property_supplier_payment_term_id": term}])
    line = [[0, 0, {"name": "Rent", "quantity": 1, "price_unit": 1800}]]
    by_term = await _invoice(api, 1, move_type="in_invoice", partner_id=vendor, invoice_date="2025-09-08", invoice_line_ids=line)
    explicit = await _invoice(
        api,
        1,
        move_type="in_invoice",
        partner_id=vendor,
        invoice_date="2025-09-05",
        invoice_date_due="2025-10-05",
        invoice_payment_term_id=False,
        invoice_line_ids=line,
    )
    rows = await api.json2("account.move", "read", ids=[by_term, explicit], fields=["invoice_date_due"])
    assert [r["invoice_date_due"] for r in rows] == ["2025-11-07", "2025-10-05"]
