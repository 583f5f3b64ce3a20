"""The Needs_Action note for a write whose read-back differs from what the owner approved.

One file per approval (`VERIFY_<action>_<approval id>.md`), rewritten if the same approval is
checked again, never one per attempt. Values come from Odoo and from the assistant, so each is
shown as inert text (`neutral.md_cell`), one per table cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from ..vault.layout import DONE, NEEDS_ACTION, Vault, atomic_write
from ..vault.neutral import md_cell, md_text
from .request_file import front_block
from .request_store import Entry


class CompanyLike(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


class MismatchLike(Protocol):
    """`approvals.base.Mismatch` (frozen: read-only members)."""

    @property
    def field(self) -> str: ...
    @property
    def approved(self) -> str: ...
    @property
    def stored(self) -> str: ...
    def describe(self) -> str: ...


def write_mismatch_note(vault: Vault, entry: Entry, mismatches: Sequence[MismatchLike], *, records: list[dict[str, Any]],
                        company: CompanyLike | None, now: dt.datetime) -> str:
    """Write the note; returns its path relative to the vault."""
    name = f"VERIFY_{entry.action.upper()}_{entry.id}.md"
    front: dict[str, Any] = {"type": "odoo_verification", "approval_id": entry.id, "action": entry.action, "status": "new",
                             "created": now.isoformat(timespec="seconds")}
    if company is not None:
        front |= {"company": company.name, "company_id": company.id}
    lines = [
        f"# Check in Odoo: {entry.action} {entry.id} does not match what was approved",
        "",
        "The write was done, but Odoo stored something other than what the owner approved. It is **not** reported as done.",
        "Correct the record in Odoo (or reverse it), then move this note to `Done/`.",
        "",
        "| Field | Approved | Odoo stored |",
        "|---|---|---|",
        *[f"| {md_cell(m.field)} | {md_cell(m.approved)} | {md_cell(m.stored)} |" for m in mismatches],
        "",
        "Records:",
        "",
        *[f"- {md_text(r.get('model'))} id {md_text(r.get('id'))} {md_text(r.get('name') or '')}" for r in records],
        "",
        f"The request file with its outcome is in `{DONE}/` ({md_text(entry.file_name)}).",
        "",
    ]
    text = front_block(front) + "\n".join(lines)
    path = vault.folder(NEEDS_ACTION) / name
    atomic_write(path, text)
    return f"{NEEDS_ACTION}/{name}"
