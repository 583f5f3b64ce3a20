"""The one place that knows how live tests find a real Odoo 19 in the environment.

`ODOO_LIVE_URL` and `ODOO_LIVE_DB`, plus `ODOO_LIVE_API_KEY` for JSON-2 and `ODOO_LIVE_LOGIN` +
`ODOO_LIVE_PASSWORD` (or the key) for JSON-RPC; `ODOO_LIVE_TIMEOUT` (default 120 s). Without
them every live test is skipped with a reason that says what to set.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from odoo_mcp.config import Settings, settings_from_mapping
from odoo_mcp.odoo import OdooClient

PROTOCOLS = ("json2", "jsonrpc")

_NAMES = {
    "ODOO_URL": "ODOO_LIVE_URL",
    "ODOO_DB": "ODOO_LIVE_DB",
    "ODOO_API_KEY": "ODOO_LIVE_API_KEY",
    "ODOO_LOGIN": "ODOO_LIVE_LOGIN",
    "ODOO_PASSWORD": "ODOO_LIVE_PASSWORD",
}


def live_env() -> dict[str, str]:
    env = {ours: os.environ[theirs] for ours, theirs in _NAMES.items() if os.environ.get(theirs)}
    env["ODOO_TIMEOUT"] = os.environ.get("ODOO_LIVE_TIMEOUT", "120")
    return env


def skip_reason(protocol: str) -> str | None:
    env = live_env()
    if not (env.get("ODOO_URL") and env.get("ODOO_DB")):
        return "no real Odoo configured: set ODOO_LIVE_URL and ODOO_LIVE_DB (and credentials) to run live tests"
    if protocol == "json2" and not env.get("ODOO_API_KEY"):
        return "ODOO_LIVE_API_KEY is not set: JSON-2 needs an API key"
    if protocol == "jsonrpc" and not (env.get("ODOO_LOGIN") and (env.get("ODOO_PASSWORD") or env.get("ODOO_API_KEY"))):
        return "ODOO_LIVE_LOGIN and ODOO_LIVE_PASSWORD are not set: JSON-RPC needs them"
    return None


def live_settings(protocol: str, **extra: str) -> Settings:
    """Settings for the real Odoo on one protocol, or skip the test saying what is missing."""
    reason = skip_reason(protocol)
    if reason:
        pytest.skip(reason)
    return settings_from_mapping({**live_env(), "ODOO_PROTOCOL": protocol, **extra})


def live_with_vault(protocol: str, tmp_path: Path, **extra: str) -> Settings:
    """`live_settings` writing into a fresh vault and state directory under `tmp_path`."""
    vault = tmp_path / "vault"
    vault.mkdir()
    return live_settings(protocol, VAULT_PATH=str(vault), ODOO_MCP_STATE_DIR=str(tmp_path / "state"), **extra)


async def percent_tax(client: OdooClient, use: str) -> tuple[int, Decimal] | None:
    """A plain percentage tax of the chart in use (sale or purchase): ids differ between charts."""
    rows = await client.search_read(
        "account.tax",
        [("type_tax_use", "=", use), ("amount_type", "=", "percent"), ("amount", ">", 0), ("price_include", "=", False)],
        ["id", "amount"],
        limit=1,
        order="id",
    )
    return (rows[0]["id"], Decimal(str(rows[0]["amount"]))) if rows else None
