"""Where the contract suite runs: the sandbox always, a real Odoo 19 when the environment names one.

Live runs need `ODOO_LIVE_URL` and `ODOO_LIVE_DB`, plus `ODOO_LIVE_API_KEY` for JSON-2 and
`ODOO_LIVE_LOGIN` + `ODOO_LIVE_PASSWORD` (or the key) for JSON-RPC.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from odoo_mcp.config import Settings, settings_from_mapping


@dataclass(frozen=True)
class Target:
    name: str
    protocol: str
    live: bool
    env: dict[str, str]

    def settings(self, extra: dict[str, str]) -> Settings:
        return settings_from_mapping({**self.env, "ODOO_PROTOCOL": self.protocol, **extra})


def live_env() -> dict[str, str]:
    names = {
        "ODOO_URL": "ODOO_LIVE_URL",
        "ODOO_DB": "ODOO_LIVE_DB",
        "ODOO_API_KEY": "ODOO_LIVE_API_KEY",
        "ODOO_LOGIN": "ODOO_LIVE_LOGIN",
        "ODOO_PASSWORD": "ODOO_LIVE_PASSWORD",
    }
    env = {ours: os.environ[theirs] for ours, theirs in names.items() if os.environ.get(theirs)}
    env["ODOO_TIMEOUT"] = os.environ.get("ODOO_LIVE_TIMEOUT", "120")
    return env


def live_skip_reason(protocol: str) -> str | None:
    env = live_env()
    if not (env.get("ODOO_URL") and env.get("ODOO_DB")):
        return "no real Odoo configured: set ODOO_LIVE_URL and ODOO_LIVE_DB (and credentials) to run the live contract suite"
    if protocol == "json2" and not env.get("ODOO_API_KEY"):
        return "ODOO_LIVE_API_KEY is not set: JSON-2 needs an API key"
    if protocol == "jsonrpc" and not (env.get("ODOO_LOGIN") and (env.get("ODOO_PASSWORD") or env.get("ODOO_API_KEY"))):
        return "ODOO_LIVE_LOGIN and ODOO_LIVE_PASSWORD are not set: JSON-RPC needs them"
    return None


TARGETS = [
    Target("sandbox-json2", "json2", False, {"ODOO_URL": "sandbox"}),
    Target("sandbox-jsonrpc", "jsonrpc", False, {"ODOO_URL": "sandbox"}),
    Target("live-json2", "json2", True, live_env()),
    Target("live-jsonrpc", "jsonrpc", True, live_env()),
]
