"""Over HTTP on a real Odoo 19, both protocols: the token's session reads Odoo's own figures."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from odoo_mcp.access import open_token_store
from odoo_mcp.odoo import OdooClient

from ..live import PROTOCOLS, live_with_vault
from .server import client, serving

pytestmark = [pytest.mark.anyio, pytest.mark.live]


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_read_only_token_reads_odoos_figures_over_http(protocol: str, tmp_path: Path) -> None:
    settings = live_with_vault(protocol, tmp_path)
    viewer = open_token_store(settings).create("viewer", read_only=True)
    tag = f"odoo-mcp http {uuid.uuid4().hex[:8]}"
    async with OdooClient.from_settings(settings) as odoo:
        (partner,) = await odoo.create("res.partner", [{"name": f"{tag} customer"}])
        line = {"name": "Consulting over HTTP", "quantity": Decimal("3"), "price_unit": Decimal("123.45")}
        invoice_values = {"move_type": "out_invoice", "partner_id": partner, "invoice_line_ids": [[0, 0, line]]}
        (move_id,) = await odoo.create("account.move", [invoice_values])
        await odoo.call("account.move", "action_post", ids=[move_id])
        (row,) = await odoo.search_read("account.move", [("id", "=", move_id)], ["name", "amount_total_signed", "amount_untaxed_signed"])
    async with serving(settings) as url, client(url, viewer) as session:
        tools = {t.name for t in (await session.list_tools()).tools}
        status = await session.call_tool("odoo_status", {})
        invoice = await session.call_tool("get_invoice", {"id": move_id})
        refused = await session.call_tool("create_partner", {"name": f"{tag} refused"})
    assert "odoo_status" in tools and "create_partner" not in tools
    assert not status.is_error and status.structured_content["protocol"] == protocol
    assert not invoice.is_error, invoice.content[0].text
    got = invoice.structured_content
    assert got["number"] == row["name"]
    assert Decimal(got["total_company_currency"]) == Decimal(str(row["amount_total_signed"]))
    assert Decimal(got["untaxed_company_currency"]) == Decimal(str(row["amount_untaxed_signed"])) == Decimal("370.35")
    assert refused.is_error and "read-only" in refused.content[0].text
    async with OdooClient.from_settings(settings) as odoo:
        assert await odoo.search_read("res.partner", [("name", "=", f"{tag} refused")], ["id"]) == []
