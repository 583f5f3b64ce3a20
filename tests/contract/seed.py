"""The contract suite's own data, made through the API with a unique tag: it never relies on demo data.

The same function seeds the sandbox and a real Odoo, so both are checked on identical shapes:
a customer with three invoices and a credit note in a fixed past month, one invoice half paid,
one invoice long overdue, and a vendor with a bill.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from odoo_mcp.odoo import OdooClient

from ..live import percent_tax

MONTH = "2025-03"


@dataclass(frozen=True)
class Seeded:
    tag: str
    customer_id: int
    vendor_id: int
    invoice_ids: list[int]
    refund_id: int
    bill_id: int
    paid_invoice_id: int
    payment_amount: Decimal


def _line(name: str, qty: str, price: str, tax_id: int | None) -> list[object]:
    vals: dict[str, object] = {"name": name, "quantity": Decimal(qty), "price_unit": Decimal(price)}
    if tax_id:
        vals["tax_ids"] = [[6, 0, [tax_id]]]
    return [0, 0, vals]


async def seed(client: OdooClient) -> Seeded:
    tag = f"odoo-mcp contract {uuid.uuid4().hex[:10]}"
    customer_id, vendor_id = await client.create(
        "res.partner",
        [
            {"name": f"{tag} customer", "email": "contract@example.com", "is_company": True},
            {"name": f"{tag} vendor", "is_company": True},
        ],
    )
    sale, purchase = await percent_tax(client, "sale"), await percent_tax(client, "purchase")
    sale_tax, purchase_tax = (sale[0] if sale else None), (purchase[0] if purchase else None)
    day = dt.date.fromisoformat(f"{MONTH}-01")
    invoices = [
        {
            "move_type": "out_invoice",
            "partner_id": customer_id,
            "invoice_date": (day + dt.timedelta(days=offset)).isoformat(),
            "invoice_date_due": (day + dt.timedelta(days=offset + 30)).isoformat(),
            "ref": f"{tag} #{offset}",
            "invoice_line_ids": lines,
        }
        for offset, lines in [
            (2, [_line("Consulting", "3", "333.33", sale_tax), _line("Travel", "1", "120.10", None)]),
            (9, [_line("Workshop", "1", "1999.99", sale_tax)]),
            (20, [_line("Support", "7.5", "80.00", None)]),
        ]
    ]
    refund = {
        "move_type": "out_refund",
        "partner_id": customer_id,
        "invoice_date": (day + dt.timedelta(days=25)).isoformat(),
        "invoice_line_ids": [_line("Goodwill credit", "1", "99.95", sale_tax)],
    }
    bill = {
        "move_type": "in_invoice",
        "partner_id": vendor_id,
        "invoice_date": (day + dt.timedelta(days=5)).isoformat(),
        "invoice_date_due": (day + dt.timedelta(days=35)).isoformat(),
        "ref": f"{tag} vendor ref",
        "invoice_line_ids": [_line("Hosting", "1", "245.67", purchase_tax)],
    }
    ids = await client.create("account.move", [*invoices, refund, bill])
    await client.call("account.move", "action_post", ids=ids)
    invoice_ids, refund_id, bill_id = ids[:3], ids[3], ids[4]
    payment_amount = Decimal("500.00")
    context = {"active_model": "account.move", "active_ids": [invoice_ids[1]]}
    wizard = await client.create(
        "account.payment.register",
        [{"amount": payment_amount, "payment_date": (day + dt.timedelta(days=15)).isoformat()}],
        context=context,
    )
    await client.call("account.payment.register", "action_create_payments", ids=wizard, context=context)
    return Seeded(tag, customer_id, vendor_id, invoice_ids, refund_id, bill_id, invoice_ids[1], payment_amount)
