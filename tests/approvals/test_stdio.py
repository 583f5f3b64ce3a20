"""The gate over stdio, as Claude Code runs it: `python -m odoo_mcp serve` in a subprocess."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from .flow import approved, audit_lines, call, front, record

pytestmark = pytest.mark.anyio


def _params(tmp_path: Path, vault: Path) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k in ("HOME", "PATH", "LANG", "TMPDIR", "SYSTEMROOT")}
    env.update({
        "ODOO_URL": "sandbox",
        "VAULT_PATH": str(vault),
        "ODOO_MCP_STATE_DIR": str(tmp_path / "state"),
        "ODOO_SANDBOX_STATE": str(tmp_path / "sandbox.json"),
        "LOG_LEVEL": "WARNING",
    })
    return StdioServerParameters(command=sys.executable, args=["-m", "odoo_mcp", "--env-file", os.devnull, "serve"], env=env)


async def test_partner_and_invoice_approved_over_stdio(tmp_path: Path, vault: Path) -> None:
    params = _params(tmp_path, vault)
    async with Client(params) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert tools["register_payment"].annotations.destructive_hint is True
        assert tools["create_invoice"].annotations.read_only_hint is False
        partner = await approved(client, vault, "create_partner", {"name": "Stdio Test Customer", "email": "stdio@example.com"})
        partner_id = record(partner, "res.partner")["id"]
        invoice = await approved(
            client, vault, "create_invoice",
            {"partner_id": partner_id, "lines": [{"description": "Setup", "quantity": 2, "unit_price": "150.00"}], "post": True},
        )
    number = record(invoice, "account.move")["name"]
    assert number.startswith("INV/") and record(invoice, "account.move")["amount_total"] == "300.00"
    assert front(vault, invoice["file"])["odoo"][0]["name"] == number
    assert [line["event"] for line in audit_lines(vault)].count("executed") == 2
    # a new server process over the same state: the invoice is in Odoo, the approval cannot run again
    async with Client(params) as client:
        found = await call(client, "list_invoices", {"text": number})
        replay = await client.call_tool("create_invoice", {
            "partner_id": partner_id, "lines": [{"description": "Setup", "quantity": 2, "unit_price": "150.00"}], "post": True,
            "approval_id": invoice["approval_id"],
        })
    assert found["total"] == 1
    assert replay.is_error and "REFUSED (already_executed)" in replay.content[0].text
