"""The happy path the issue asks for, written once and run on the sandbox and on a real Odoo 19.

A customer invoice is requested, approved by moving its file, created and posted, paid in two
partial payments (each its own approval) and read back as `paid`; a vendor bill goes the same
way, posted through `post_invoice`. Every step asserts Odoo's own figures to the cent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from mcp import Client

from .flow import approved, call, front, record

CENT = Decimal("0.01")


def _tax(base: str, rate: Decimal) -> Decimal:
    return (Decimal(base) * rate / 100).quantize(CENT)


async def invoice_round_trip(client: Client, vault: Path, *, tag: str, sale_tax: int | str, rate: Decimal) -> dict[str, Any]:
    partner = await approved(client, vault, "create_partner", {"name": f"MCP Approval Customer {tag}", "email": f"ap-{tag}@example.com"})
    partner_id = record(partner, "res.partner")["id"]
    invoice = await approved(
        client, vault, "create_invoice",
        {
            "partner_id": partner_id,
            "lines": [
                {"description": "Consulting, November", "quantity": "3", "unit_price": "333.33", "taxes": [sale_tax]},
                {"description": "Travel (no tax)", "quantity": 1, "unit_price": "120.50"},
            ],
            "due_date": "2026-12-31",
            "ref": f"PO-{tag}",
            "post": True,
            "reason": "November consulting per the signed quote",
        },
    )
    move = record(invoice, "account.move")
    total = Decimal("999.99") + _tax("999.99", rate) + Decimal("120.50")  # 3 x 333.33 taxed, 120.50 untaxed
    assert move["state"] == "posted" and move["name"].startswith("INV/"), move
    assert Decimal(move["amount_total"]) == total, move
    assert Decimal(invoice["amount"]) == total  # the owner was shown the exact figure Odoo computed
    first = await approved(client, vault, "register_payment", {"invoices": [move["id"]], "amount": "500.00", "reason": "first instalment"})
    assert record(first, "account.move")["payment_state"] == "partial"
    rest = total - Decimal("500.00")
    assert Decimal(record(first, "account.move")["amount_residual"]) == rest
    second = await approved(client, vault, "register_payment", {"invoices": [move["name"]], "amount": str(rest), "reason": "balance"})
    assert Decimal(record(second, "account.move")["amount_residual"]) == Decimal("0.00")
    read_back = await call(client, "get_invoice", {"id": move["id"]})
    assert read_back["payment_state"] == "paid", read_back
    return {"partner": partner, "invoice": invoice, "payments": [first, second], "read_back": read_back}


async def bill_round_trip(client: Client, vault: Path, *, tag: str, purchase_tax: int | str, rate: Decimal) -> dict[str, Any]:
    vendor = await approved(client, vault, "create_partner", {"name": f"MCP Approval Vendor {tag}", "role": "vendor"})
    vendor_id = record(vendor, "res.partner")["id"]
    bill = await approved(
        client, vault, "create_vendor_bill",
        {
            "partner_id": vendor_id,
            "ref": f"VB-{tag}",
            "invoice_date": "2026-11-10",
            "due_date": "2026-12-10",
            "lines": [{"description": "Printer paper", "quantity": 4, "unit_price": "25.25", "taxes": [purchase_tax]}],
        },
    )
    draft = record(bill, "account.move")
    assert draft["state"] == "draft"
    assert front(vault, bill["file"])["status"] == "done"
    posted = await approved(client, vault, "post_invoice", {"invoice_id": draft["id"]})
    move = record(posted, "account.move")
    total = Decimal("101.00") + _tax("101.00", rate)  # 4 x 25.25 taxed
    assert move["state"] == "posted" and move["name"].startswith("BILL/"), move
    assert Decimal(move["amount_total"]) == total, move
    first = await approved(client, vault, "register_payment", {"invoices": [move["id"]], "amount": str(total - 100)})
    assert first["new_recipient"] is True  # nobody had ever paid this vendor
    second = await approved(client, vault, "register_payment", {"invoices": [move["id"]]})  # the rest, 100.00
    assert Decimal(record(second, "account.payment")["amount"]) == Decimal("100.00")
    assert second["new_recipient"] is False
    read_back = await call(client, "get_invoice", {"id": move["id"]})
    assert read_back["payment_state"] == "paid", read_back
    return {"vendor": vendor, "bill": bill, "posted": posted, "payments": [first, second], "read_back": read_back}
