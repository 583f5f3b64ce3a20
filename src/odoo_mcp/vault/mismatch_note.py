"""The Needs_Action note for a write whose read-back differs from what the owner approved.

One file per approval (`VERIFY_<action>_<approval id>.md`), rewritten if the same approval is
checked again, never one per attempt. Values come from Odoo and from the assistant, so each is
shown as inert text (see `inert`), one per table cell.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol

from .layout import DONE, NEEDS_ACTION, Vault, atomic_write
from .ledger import Entry

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~=$&{}])")


def inert(value: Any, limit: int = 200) -> str:
    """Text that stays text in a Markdown table cell: one line, Markdown and HTML characters escaped, bounded."""
    line = " ".join(str(value).split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", line)


class CompanyLike(Protocol):
    id: int
    name: str


class MismatchLike(Protocol):
    field: str
    approved: str
    stored: str


def write_mismatch_note(vault: Vault, entry: Entry, mismatches: list[MismatchLike], *, records: list[dict[str, Any]],
                        company: CompanyLike | None, now: dt.datetime) -> str:
    """Write the note; returns its path relative to the vault."""
    import yaml

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
        *[f"| {inert(m.field)} | {inert(m.approved)} | {inert(m.stored)} |" for m in mismatches],
        "",
        "Records:",
        "",
        *[f"- {inert(r.get('model'))} id {inert(r.get('id'))} {inert(r.get('name') or '')}" for r in records],
        "",
        f"The request file with its outcome is in `{DONE}/` ({inert(entry.file_name)}).",
        "",
    ]
    text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000) + "---\n" + "\n".join(lines)
    path = vault.folder(NEEDS_ACTION) / name
    atomic_write(path, text)
    return f"{NEEDS_ACTION}/{name}"
