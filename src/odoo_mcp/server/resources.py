"""The vault's accounting files as MCP resources (read-only, confined to the vault).

The vault is shared with the assistant and fed by Odoo, so a resource is read like any untrusted
file: at most `MAX_BYTES` (a month file is a few KiB; a huge file would flood the model's context),
text only (a NUL byte or bytes that are not UTF-8 are refused, naming the file, instead of a
traceback), and only inside the vault: a file or folder that is a symlink leading out of it is
not followed, and the approval folder is not followed when it is a symlink at all (as the gate
treats it, see `request_folders`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError

from ..approvals.request_folders import SymlinkedFolder, approval_folder
from ..runtime import Runtime
from ..vault.layout import ACCOUNTING, BRIEFINGS, BUSINESS_GOALS, DASHBOARD, PENDING, UnreadableFile, Vault, VaultPathError, safe_name

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MARKDOWN = "text/markdown"
MAX_BYTES = 1024 * 1024


def _read(vault: Vault, relative: str) -> str:
    try:
        return vault.read_text(relative, max_bytes=MAX_BYTES)
    except (FileNotFoundError, VaultPathError) as exc:
        raise ResourceNotFoundError(str(exc)) from None
    except UnreadableFile as exc:
        raise ResourceError(str(exc)) from None
    except OSError as exc:
        raise ResourceError(f"{relative} could not be read: {exc.strerror or exc}") from None


def _in_folder(vault: Vault, folder: str, name: str) -> str:
    try:
        safe_name(name)
    except VaultPathError as exc:
        raise ResourceNotFoundError(str(exc)) from None
    return _read(vault, f"{folder}/{name.removesuffix('.md')}.md")


def _pending(vault: Vault, name: str) -> str:
    """A request in `Pending_Approval/`, refusing the folder when it is a symlink (the gate never follows one)."""
    try:
        approval_folder(vault, PENDING)
    except SymlinkedFolder as exc:
        raise ResourceNotFoundError(str(exc)) from None
    return _in_folder(vault, PENDING, name)


def _company_dir(vault: Vault, folder: str, company: str) -> str:
    """`Accounting/<company>`: a company folder as the sync names it (see `vault.scope`)."""
    try:
        safe_name(company)
    except VaultPathError as exc:
        raise ResourceNotFoundError(str(exc)) from None
    return f"{folder}/{company}"


def _companies(vault: Vault, folder: str) -> list[str]:
    """The company folders under `Accounting/` (or `Briefings/`) when several companies are synced."""
    base = vault.folder(folder)
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.is_symlink()) if base.is_dir() else []


def _one_company(vault: Vault, folder: str, name: str, prefix: str) -> str:
    """The flat file (a single-company vault), else the one company folder holding it; several: name them."""
    flat = vault.root / folder / f"{name}.md"
    if flat.is_file():
        return _read(vault, f"{folder}/{name}.md")
    holders = [c for c in _companies(vault, folder) if (vault.root / folder / c / f"{name}.md").is_file()]
    if len(holders) == 1:
        return _read(vault, f"{folder}/{holders[0]}/{name}.md")
    if holders:
        choices = ", ".join(f"{prefix}{quote(c)}/{name}" for c in holders)
        raise ResourceNotFoundError(f"{name} exists for several companies: read one of {choices}")
    raise ResourceNotFoundError(f"{folder}/{name}.md is not in the vault")


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
        """Accounting/YYYY-MM.md as last synced from Odoo (with several companies: the only company that has
        that month, else use vault://accounting/{company}/{month})."""
        if not _MONTH.match(month):
            raise ResourceNotFoundError(f"month must be YYYY-MM, got {month!r}")
        return _one_company(vault, ACCOUNTING, month, "vault://accounting/")

    @server.resource("vault://accounting/{company}/{month}", mime_type=MARKDOWN, title="Monthly accounting of one company")
    def accounting_company_month(company: str, month: str) -> str:
        """Accounting/<company>/YYYY-MM.md, when several companies are synced into the vault."""
        if not _MONTH.match(month):
            raise ResourceNotFoundError(f"month must be YYYY-MM, got {month!r}")
        return _read(vault, f"{_company_dir(vault, ACCOUNTING, company)}/{month}.md")

    @server.resource("vault://briefings/{name}", mime_type=MARKDOWN, title="CEO briefing")
    def briefing(name: str) -> str:
        """A Monday briefing, e.g. 2026-11-23_Monday_Briefing (with several companies: as for accounting months)."""
        try:
            safe_name(name)
        except VaultPathError as exc:
            raise ResourceNotFoundError(str(exc)) from None
        return _one_company(vault, BRIEFINGS, name.removesuffix(".md"), "vault://briefings/")

    @server.resource("vault://briefings/{company}/{name}", mime_type=MARKDOWN, title="CEO briefing of one company")
    def company_briefing(company: str, name: str) -> str:
        """Briefings/<company>/<name>.md, when several companies are synced into the vault."""
        return _in_folder(vault, _company_dir(vault, BRIEFINGS, company), name)

    @server.resource("vault://approvals/pending/{name}", mime_type=MARKDOWN, title="Pending approval request")
    def pending_approval(name: str) -> str:
        """An approval request waiting for the owner in Pending_Approval/."""
        return _pending(vault, name)

    @server.resource("vault://index", mime_type=MARKDOWN, title="Vault index")
    def index() -> str:
        """Which accounting months, briefings and pending approvals exist, as resource URIs."""
        per_company = [
            (f"{title} of {company}", f"{prefix}{quote(company)}/", vault.list_names(f"{folder}/{company}"))
            for title, prefix, folder in (
                ("Accounting months", "vault://accounting/", ACCOUNTING),
                ("Briefings", "vault://briefings/", BRIEFINGS),
            )
            for company in _companies(vault, folder)
        ]
        sections = [
            ("Accounting months", "vault://accounting/", vault.list_names(ACCOUNTING)),
            ("Briefings", "vault://briefings/", vault.list_names(BRIEFINGS)),
            *per_company,
            ("Pending approvals", "vault://approvals/pending/", _pending_names(vault)),
        ]
        out = []
        for title, prefix, names in sections:
            out.append(f"## {title}")
            out += [f"- {prefix}{name}" for name in names if _plain(name)] or ["- (none)"]
        return "\n".join(out) + "\n"


def _pending_names(vault: Vault) -> list[str]:
    try:
        approval_folder(vault, PENDING)
    except SymlinkedFolder:
        return []
    return vault.list_names(PENDING)


def _plain(name: str) -> bool:
    """A file name the resource templates accept; any other (a newline in a name, say) is not listed."""
    try:
        safe_name(name)
    except VaultPathError:
        return False
    return True
