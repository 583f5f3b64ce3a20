"""Where a request file is: the approval id that names it, and the vault folder it sits in.

The owner decides by moving the file between folders (`Pending_Approval/`, `Approved/`,
`Rejected/`, `Done/`), so the folder is the decision. An id comes from the assistant and ends
up in a glob pattern, so only ids shaped like ours are ever looked up, and symlinks are never
followed: nothing outside the vault folders can pass for a request.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from .layout import APPROVED, DONE, PENDING, REJECTED, Vault, atomic_write

ID_PATTERN = re.compile(r"^apr-[0-9a-f]{12}$")

# Precedence when copies exist in several folders: a rejection wins, then a completed run.
SEARCH_ORDER = (REJECTED, DONE, APPROVED, PENDING)


def new_id() -> str:
    return f"apr-{secrets.token_hex(6)}"


def valid_id(approval_id: str) -> bool:
    """Only ids shaped like ours: no path separators, dots or wildcards can reach a file lookup."""
    return bool(ID_PATTERN.fullmatch(approval_id))


@dataclass(frozen=True)
class Located:
    folder: str
    path: Path

    def relative(self, vault: Vault) -> str:
        return self.path.relative_to(vault.root).as_posix()


def locate(vault: Vault, approval_id: str) -> Located | None:
    """The request file for a (validated) id, by folder precedence; symlinks are never followed."""
    if not valid_id(approval_id):
        return None
    for folder in SEARCH_ORDER:
        base = vault.folder(folder)
        if not base.is_dir():
            continue
        for path in sorted(base.glob(f"*_{approval_id}.md")):
            if path.is_file() and not path.is_symlink():
                return Located(folder, path)
    return None


def move_to(vault: Vault, located: Located, folder: str, text: str | None = None) -> Located:
    """Rewrite (optionally) and move a request file into another vault folder, atomically."""
    target = vault.folder(folder) / located.path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        atomic_write(located.path, text)
    os.replace(located.path, target)
    return Located(folder, target)
