"""The vault's accounting files as MCP resources (read-only, confined to the vault)."""

from __future__ import annotations

import re

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError

from ..runtime import Runtime
from ..vault.layout import ACCOUNTING, BRIEFINGS, BUSINESS_GOALS, DASHBOARD, PENDING, Vault, VaultPathError, safe_name

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MARKDOWN = "text/markdown"


def _read(vault: Vault, relative: str) -> str:
    try:
        return vault.read_text(relative)
    except (FileNotFoundError, VaultPathError) as exc:
        raise ResourceNotFoundError(str(exc)) from None


def _in_folder(vault: Vault, folder: str, name: str) -> str:
    try:
        safe_name(name)
    except VaultPathError as exc:
        raise ResourceNotFoundError(str(exc)) from None
    return _read(vault, f"{folder}/{name.removesuffix('.md')}.md")


def register_resources(server: MCPServer[Runtime], vault: Vault) -> None:
    @server.resource("vault://business-goals", mime_type=MARKDOWN, title="Business goals")
    def business_goals() -> str:
        """Targets and alert thresholds the owner set (Business_Goals.md)."""
        return _read(vault, BUSINESS_GOALS)

    @server.resource("vault://dashboard", mime_type=MARKDOWN, title="Dashboard")
    def dashboard() -> str:
        """The owner's dashboard (Dashboard.md)."""
        return _read(vault, DASHBOARD)

    @server.resource("vault://accounting/{month}", mime_type=MARKDOWN, title="Monthly accounting")
    def accounting_month(month: str) -> str:
        """Accounting/YYYY-MM.md as last synced from Odoo."""
        if not _MONTH.match(month):
            raise ResourceNotFoundError(f"month must be YYYY-MM, got {month!r}")
        return _read(vault, f"{ACCOUNTING}/{month}.md")

    @server.resource("vault://briefings/{name}", mime_type=MARKDOWN, title="CEO briefing")
    def briefing(name: str) -> str:
        """A Monday briefing, e.g. 2026-11-23_Monday_Briefing."""
        return _in_folder(vault, BRIEFINGS, name)

    @server.resource("vault://approvals/pending/{name}", mime_type=MARKDOWN, title="Pending approval request")
    def pending_approval(name: str) -> str:
        """An approval request waiting for the owner in Pending_Approval/."""
        return _in_folder(vault, PENDING, name)

    @server.resource("vault://index", mime_type=MARKDOWN, title="Vault index")
    def index() -> str:
        """Which accounting months, briefings and pending approvals exist, as resource URIs."""
        sections = [
            ("Accounting months", "vault://accounting/", vault.list_names(ACCOUNTING)),
            ("Briefings", "vault://briefings/", vault.list_names(BRIEFINGS)),
            ("Pending approvals", "vault://approvals/pending/", vault.list_names(PENDING)),
        ]
        out = []
        for title, prefix, names in sections:
            out.append(f"## {title}")
            out += [f"- {prefix}{name}" for name in names] or ["- (none)"]
        return "\n".join(out) + "\n"
