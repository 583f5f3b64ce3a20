"""Where one company's generated files go in the vault, and whose a file is.

A user who may access one company keeps the flat layout (`Accounting/2026-11.md`,
`Briefings/...`, `Needs_Action/...`). A user who may access several companies gets one sub-folder
per company in each of the three (`Accounting/<Company>/2026-11.md`), the company's name made safe
for a file name. Either way every generated file names `company` and `company_id` in its front
matter, and a file that names another company is never rewritten (`belongs_elsewhere`): two
companies whose names make the same folder name cannot overwrite each other.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..odoo import OdooClient, OdooError
from .layout import ACCOUNTING, BRIEFINGS, INVOICES, NEEDS_ACTION

if TYPE_CHECKING:
    from ..config import Settings

_UNSAFE = re.compile(r"[^A-Za-z0-9 _.,()+-]+")


def company_folder(name: str, company_id: int) -> str:
    """`Acme EU Ltd` stays; `Café/Bar & Co` becomes `Caf-Bar-Co`; an empty result is `company-<id>`."""
    folded = _UNSAFE.sub("-", name).strip(" .-_")
    folded = re.sub(r"-{2,}", "-", folded)[:80].rstrip(" .-")
    return folded or f"company-{company_id}"


@dataclass(frozen=True)
class VaultScope:
    company_id: int
    company: str
    folder: str | None  # None: the flat single-company layout

    @classmethod
    def of(cls, company: Any, *, several: bool) -> VaultScope:
        return cls(company.id, company.name, company_folder(company.name, company.id) if several else None)

    def _in(self, base: str) -> str:
        return base if self.folder is None else f"{base}/{self.folder}"

    @property
    def accounting(self) -> str:
        return self._in(ACCOUNTING)

    @property
    def briefings(self) -> str:
        return self._in(BRIEFINGS)

    @property
    def needs_action(self) -> str:
        return self._in(NEEDS_ACTION)

    @property
    def invoices(self) -> str:
        """Where invoice PDFs saved from Odoo go (`vault/invoice_pdfs.py`)."""
        return self._in(INVOICES)

    @property
    def events_state(self) -> str:
        """The "already raised" memory: one per company when several are synced."""
        return "events.json" if self.folder is None else f"events-company-{self.company_id}.json"

    def meta(self) -> dict[str, Any]:
        return {"company": self.company, "company_id": self.company_id}

    def belongs_elsewhere(self, meta: dict[str, Any]) -> str | None:
        """Why a generated file (its front matter) is another company's, else None. A file from before files
        named their company id counts as ours unless it names another company."""
        other_id = meta.get("company_id")
        if other_id not in (None, ""):
            try:
                same = int(other_id) == self.company_id
            except (TypeError, ValueError):
                same = False
            if not same:
                return f"it belongs to {meta.get('company') or '?'} (id {other_id}), not to {self.company} (id {self.company_id})"
            return None
        named = str(meta.get("company") or "").strip()
        if named and named != self.company:
            return f"it belongs to {named}, not to {self.company} (id {self.company_id})"
        return None


class ScopeHolder(Protocol):
    """What `scope_for` needs of the runtime (`odoo_mcp.runtime.Runtime`), named here so the vault does not import it."""

    settings: Settings
    client: OdooClient
    vault_scope: VaultScope | None


async def scope_for(rt: ScopeHolder) -> VaultScope:
    """The scope of the runtime's company: Odoo's answer, remembered in the runtime and in the state directory
    (so a run while Odoo is down still finds, and marks stale, this company's files)."""
    if rt.vault_scope is not None:
        return rt.vault_scope
    state = Path(rt.settings.state_dir) / "vault-scope.json"
    key = str(rt.settings.company or "")
    try:
        companies = await rt.client.user_companies()
        company = await rt.client.company()
    except OdooError:
        remembered = _remembered(state, key)
        if remembered is None:
            raise
        return remembered
    scope = VaultScope.of(company, several=len(companies.allowed) > 1)
    rt.vault_scope = scope
    try:
        known = json.loads(state.read_text(encoding="utf-8")) if state.is_file() else {}
        known[key] = asdict(scope)
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except (OSError, ValueError):
        pass
    return scope


def _remembered(state: Path, key: str) -> VaultScope | None:
    try:
        row = json.loads(state.read_text(encoding="utf-8")).get(key)
        return VaultScope(int(row["company_id"]), str(row["company"]), row.get("folder")) if row else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
