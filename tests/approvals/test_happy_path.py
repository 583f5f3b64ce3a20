"""The approved-write happy path end to end through the MCP protocol, on the sandbox."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .flow import audit_lines, front
from .scenario import bill_round_trip, invoice_round_trip

pytestmark = pytest.mark.anyio

SANDBOX_SALE_TAX, SANDBOX_PURCHASE_TAX, RATE = "Sales 15%", "Purchase 15%", Decimal(15)


async def test_invoice_requested_approved_created_posted_and_paid_in_two_parts(make_client, vault, writes) -> None:
    async with make_client() as client:
        result = await invoice_round_trip(client, vault, tag="T1", sale_tax=SANDBOX_SALE_TAX, rate=RATE)
    done = sorted(p.name for p in (vault / "Done").glob("*.md"))
    assert [name.split("_")[0] + "_" + name.split("_")[1] for name in done].count("REGISTER_PAYMENT") == 2
    invoice_file = result["invoice"]["file"]
    meta = front(vault, invoice_file)
    assert meta["status"] == "done" and meta["odoo"][0]["name"] == result["read_back"]["number"]
    assert result["read_back"]["payment_state"] == "paid"
    events = [(line["action_type"], line["event"]) for line in audit_lines(vault)]
    assert events.count(("register_payment", "executed")) == 2
    assert ("create_invoice", "requested") in events and ("create_invoice", "executing") in events
    # exactly the writes the four approvals asked for: partner and invoice each with its marker (load), the post,
    # 2 x (wizard + payment + the payment's marker)
    methods = [(c.model, c.method) for c in writes()]
    assert sorted(methods) == sorted([
        ("res.partner", "load"), ("account.move", "load"), ("account.move", "action_post"),
        *[("account.payment.register", "create"), ("account.payment.register", "action_create_payments"), ("ir.model.data", "create")] * 2,
    ])


async def test_vendor_bill_created_posted_separately_and_paid_in_two_parts(make_client, vault) -> None:
    async with make_client() as client:
        result = await bill_round_trip(client, vault, tag="T2", purchase_tax=SANDBOX_PURCHASE_TAX, rate=RATE)
    assert result["read_back"]["payment_state"] == "paid"
    assert result["read_back"]["ref"] and result["read_back"]["ref"] == "VB-T2"
    first_payment_file = result["payments"][0]["file"]
    assert front(vault, first_payment_file)["new_recipient"] is True
    assert "NEW RECIPIENT" in (vault / first_payment_file).read_text(encoding="utf-8")
