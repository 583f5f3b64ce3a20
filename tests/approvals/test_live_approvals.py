"""The approval happy path against a REAL Odoo 19, through the MCP protocol.

Runs only when `ODOO_LIVE_URL`, `ODOO_LIVE_DB` and credentials (`ODOO_LIVE_API_KEY`, or
`ODOO_LIVE_LOGIN` + `ODOO_LIVE_PASSWORD`) are set; otherwise skipped with the reason. It writes
uniquely named partners, an invoice, a bill and four payments into that database, so point it
at a test database. The tax ids default to a US chart's 6% sale/purchase taxes; override with
`ODOO_LIVE_SALE_TAX` / `ODOO_LIVE_PURCHASE_TAX` (an id or an exact name) and their percentage
`ODOO_LIVE_TAX_RATE`.

    ODOO_LIVE_URL=... ODOO_LIVE_DB=... ODOO_LIVE_API_KEY=... pytest tests/approvals/test_live_approvals.py -m live -s
"""

from __future__ import annotations

import json
import os
import secrets
from decimal import Decimal
from pathlib import Path

import pytest
from mcp import Client

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.server import build_server

from .flow import audit_lines
from .scenario import bill_round_trip, invoice_round_trip

pytestmark = [pytest.mark.live, pytest.mark.anyio]

_NAMES = {"ODOO_URL": "ODOO_LIVE_URL", "ODOO_DB": "ODOO_LIVE_DB", "ODOO_API_KEY": "ODOO_LIVE_API_KEY",
          "ODOO_LOGIN": "ODOO_LIVE_LOGIN", "ODOO_PASSWORD": "ODOO_LIVE_PASSWORD"}


def _live_env() -> dict[str, str]:
    return {ours: os.environ[theirs] for ours, theirs in _NAMES.items() if os.environ.get(theirs)}


def _skip_reason() -> str | None:
    env = _live_env()
    if not (env.get("ODOO_URL") and env.get("ODOO_DB")):
        return "no real Odoo configured: set ODOO_LIVE_URL and ODOO_LIVE_DB (and ODOO_LIVE_API_KEY or ODOO_LIVE_LOGIN/ODOO_LIVE_PASSWORD)"
    if not (env.get("ODOO_API_KEY") or (env.get("ODOO_LOGIN") and env.get("ODOO_PASSWORD"))):
        return "no credentials for the real Odoo: set ODOO_LIVE_API_KEY, or ODOO_LIVE_LOGIN and ODOO_LIVE_PASSWORD"
    return None


def _tax(name: str, default: int) -> int | str:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else (value or default)


@pytest.fixture
def live_settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    vault = tmp_path / "vault"
    vault.mkdir()
    return settings_from_mapping(
        {**_live_env(), "VAULT_PATH": str(vault), "ODOO_MCP_STATE_DIR": str(tmp_path / "state"), "MAX_PAYMENTS_PER_HOUR": "10"}
    )


def _show(vault: Path) -> None:
    """What the owner would see afterwards: the audit lines and the Done/ files (printed with -s)."""
    print("\n===== audit log =====")
    for line in audit_lines(vault):
        print(json.dumps(line, ensure_ascii=False))
    for path in sorted((vault / "Done").glob("*.md")):
        print(f"\n===== Done/{path.name} =====\n{path.read_text(encoding='utf-8')}")


async def test_live_invoice_and_bill_paid_through_approvals(live_settings) -> None:  # type: ignore[no-untyped-def]
    tag = secrets.token_hex(4)
    vault = live_settings.vault_path
    async with Client(build_server(live_settings)) as client:
        status = (await client.call_tool("odoo_status", {})).structured_content
        assert status["reachable"] and not status["sandbox"], status
        rate = Decimal(os.environ.get("ODOO_LIVE_TAX_RATE", "6"))
        invoice = await invoice_round_trip(client, vault, tag=tag, sale_tax=_tax("ODOO_LIVE_SALE_TAX", 14), rate=rate)
        bill = await bill_round_trip(client, vault, tag=tag, purchase_tax=_tax("ODOO_LIVE_PURCHASE_TAX", 37), rate=rate)
    print(f"\ninvoice {invoice['read_back']['number']} {invoice['read_back']['total']} -> {invoice['read_back']['payment_state']}")
    print(f"bill {bill['read_back']['number']} {bill['read_back']['total']} -> {bill['read_back']['payment_state']}")
    assert len(list((vault / "Done").glob("*.md"))) == 9
    assert not list((vault / "Approved").glob("*.md")) and not list((vault / "Pending_Approval").glob("*.md"))
    executed = [line for line in audit_lines(vault) if line["event"] == "executed"]
    assert len(executed) == 9 and all(line["approval_status"] == "done" for line in executed)
    _show(vault)
