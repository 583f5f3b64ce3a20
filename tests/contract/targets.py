"""Where the contract suite runs: the sandbox always, a real Odoo 19 when the environment names one."""

from __future__ import annotations

from dataclasses import dataclass

from odoo_mcp.config import Settings, settings_from_mapping

from ..live import PROTOCOLS, live_settings


@dataclass(frozen=True)
class Target:
    name: str
    protocol: str
    live: bool

    def settings(self, extra: dict[str, str]) -> Settings:
        if self.live:
            return live_settings(self.protocol, **extra)
        return settings_from_mapping({"ODOO_URL": "sandbox", "ODOO_PROTOCOL": self.protocol, **extra})


TARGETS = [Target(f"sandbox-{p}", p, False) for p in PROTOCOLS] + [Target(f"live-{p}", p, True) for p in PROTOCOLS]
