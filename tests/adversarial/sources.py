"""Where hostile text enters: the assistant's arguments, and Odoo's own records.

Each source files one approval request carrying `text` in one place and returns the tool's answer
and the arguments it used (to execute it later). The same source called with a benign word gives
the file to compare with.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from mcp import Client

from odoo_mcp.odoo import OdooClient

from ..approvals.flow import call, request

Source = Callable[[Client, OdooClient, str], Awaitable[tuple[str, dict[str, Any], dict[str, Any]]]]


async def _customer(odoo: OdooClient, name: str | None = None) -> int:
    (partner_id,) = await odoo.create("res.partner", [{"name": name or f"Plain Customer {secrets.token_hex(3)}", "is_company": True,
                                                       "customer_rank": 1}])
    return int(partner_id)


async def _open_invoice(odoo: OdooClient, customer: int, number: str | None = None) -> int:
    (move_id,) = await odoo.create("account.move", [{
        "move_type": "out_invoice", "partner_id": customer, "invoice_date": "2026-10-01", "invoice_date_due": "2026-10-31",
        "invoice_line_ids": [[0, 0, {"name": "Consulting", "quantity": 1, "price_unit": 100}]],
    }])
    await odoo.call("account.move", "action_post", ids=[move_id])
    if number is not None:  # what a person can type into the number of a posted invoice in Odoo
        await odoo.call("account.move", "write", ids=[move_id], vals={"name": number})
    return int(move_id)


async def _invoice(client: Client, odoo: OdooClient, **fields: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    line = {"description": "Consulting", "quantity": 1, "unit_price": "10.00", **fields.pop("line", {})}
    args = {"partner_id": fields.pop("partner_id", None) or await _customer(odoo), "lines": [line], **fields}
    return "create_invoice", args, await request(client, "create_invoice", args)


async def partner_name_from_the_assistant(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    args = {"name": text, "role": "customer"}
    return "create_partner", args, await request(client, "create_partner", args)


async def line_description_from_the_assistant(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return await _invoice(client, odoo, line={"description": text})


async def reason_from_the_assistant(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return await _invoice(client, odoo, reason=text)


async def reference_from_the_assistant(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return await _invoice(client, odoo, ref=text[:64])


async def memo_from_the_assistant(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    invoice = await _open_invoice(odoo, await _customer(odoo))
    args = {"invoices": [invoice], "amount": "1.00", "memo": text[:120]}
    return "register_payment", args, await request(client, "register_payment", args)


async def partner_name_from_odoo(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return await _invoice(client, odoo, partner_id=await _customer(odoo, text))


async def invoice_number_from_odoo(client: Client, odoo: OdooClient, text: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    invoice = await _open_invoice(odoo, await _customer(odoo), number=text)
    args = {"invoices": [invoice], "amount": "1.00"}
    return "register_payment", args, await request(client, "register_payment", args)


SOURCES: list[Source] = [
    partner_name_from_the_assistant,
    line_description_from_the_assistant,
    reason_from_the_assistant,
    reference_from_the_assistant,
    memo_from_the_assistant,
    partner_name_from_odoo,
    invoice_number_from_odoo,
]


async def find_partner_rows(client: Client, name: str) -> str:
    """The text answer of find_partners for `name` (the model's view of Odoo's data)."""
    result = await client.call_tool("find_partners", {"text": name})
    assert not result.is_error
    return "\n".join(getattr(block, "text", "") for block in result.content)


__all__ = ["SOURCES", "Source", "call", "find_partner_rows"]
