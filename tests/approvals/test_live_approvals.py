"""The approval happy path against a REAL Odoo 19, through the MCP protocol.

Runs on each protocol for which `ODOO_LIVE_*` gives credentials (see tests/live.py); otherwise
skipped with the reason. It writes uniquely named partners, an invoice, a bill and four payments
into that database, so point it at a test database. Taxes are looked up in the chart in use.

    ODOO_LIVE_URL=... ODOO_LIVE_DB=... ODOO_LIVE_API_KEY=... pytest tests/approvals/test_live_approvals.py -m live -s
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.runtime import open_runtime
from odoo_mcp.server import build_server

from ..live import PROTOCOLS, live_with_vault, percent_tax
from .flow import audit_lines
from .scenario import bill_round_trip, invoice_round_trip

pytestmark = [pytest.mark.live, pytest.mark.anyio]

@pytest.fixture(params=PROTOCOLS)
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return live_with_vault(request.param, tmp_path, MAX_PAYMENTS_PER_HOUR="10")


def _show(vault: Path) -> None:
    """What the owner would see afterwards: the audit lines and the Done/ files (printed with -s)."""
    print("\n===== audit log =====")
    for line in audit_lines(vault):
        print(json.dumps(line, ensure_ascii=False))
    for path in sorted((vault / "Done").glob("*.md")):
        print(f"\n===== Done/{path.name} =====\n{path.read_text(encoding='utf-8')}")


async def test_live_invoice_and_bill_paid_through_approvals(live: Settings) -> None:
    tag = secrets.token_hex(4)
    vault = live.vault_path
    async with open_runtime(live) as rt:
        sale, purchase = await percent_tax(rt.client, "sale"), await percent_tax(rt.client, "purchase")
    if not (sale and purchase):
        pytest.skip("the real Odoo has no plain percentage sale and purchase taxes to invoice with")
    async with Client(build_server(live)) as client:
        status = (await client.call_tool("odoo_status", {})).structured_content
        assert status["reachable"] and not status["sandbox"] and status["protocol"] == live.protocol.value, status
        invoice = await invoice_round_trip(client, vault, tag=tag, sale_tax=sale[0], rate=sale[1])
        bill = await bill_round_trip(client, vault, tag=tag, purchase_tax=purchase[0], rate=purchase[1])
    print(f"\ninvoice {invoice['read_back']['number']} {invoice['read_back']['total']} -> {invoice['read_back']['payment_state']}")
    print(f"bill {bill['read_back']['number']} {bill['read_back']['total']} -> {bill['read_back']['payment_state']}")
    assert len(list((vault / "Done").glob("*.md"))) == 9
    assert not list((vault / "Approved").glob("*.md")) and not list((vault / "Pending_Approval").glob("*.md"))
    executed = [line for line in audit_lines(vault) if line["event"] == "executed"]
    assert len(executed) == 9 and all(line["approval_status"] == "done" for line in executed)
    _show(vault)
