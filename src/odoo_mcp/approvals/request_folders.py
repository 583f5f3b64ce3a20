"""Where a request file is: the approval id that names it, and the vault folder it sits in.

The owner decides by moving the file between folders (`Pending_Approval/`, `Approved/`,
`Rejected/`, `Done/`), so the folder is the decision. An id comes from the assistant and ends
up in a glob pattern, so only ids shaped like ours are ever looked up, and symlinks are never
followed, neither a symlinked file nor a symlinked folder: `Approved/` made a link to
`Pending_Approval/` would otherwise approve every pending request at once. Nothing outside the
real vault folders can pass for a request, and nothing is moved into a symlinked folder.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..vault.layout import APPROVED, DONE, PENDING, REJECTED, Vault, atomic_write, read_text_file

ID_PATTERN = re.compile(r"^apr-[0-9a-f]{12}$")
MAX_REQUEST_BYTES = 1024 * 1024  # a request file is a few KiB; anything near this is not one of ours

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


class SymlinkedFolder(OSError):
    """An approval folder that is a symlink: it is not followed, and nothing is moved into it."""


def approval_folder(vault: Vault, folder: str) -> Path:
    """The path of a decision folder, refusing one that is a symlink (or sits under one) in the vault."""
    path = vault.folder(folder)
    if path.is_symlink() or (path.exists() and path.resolve() != vault.root / folder):
        raise SymlinkedFolder(f"{folder}/ is a symbolic link, not a folder of the vault: it is not followed; "
                              f"make it a real folder again")
    return path


def locate(vault: Vault, approval_id: str) -> Located | None:
    """The request file for a (validated) id, by folder precedence; symlinked files and folders are never followed."""
    if not valid_id(approval_id):
        return None
    for folder in SEARCH_ORDER:
        try:
            base = approval_folder(vault, folder)
        except SymlinkedFolder:
            continue
        if not base.is_dir():
            continue
        for path in sorted(base.glob(f"*_{approval_id}.md")):
            if path.is_file() and not path.is_symlink():
                return Located(folder, path)
    return None


def read_request(vault: Vault, located: Located) -> str:
    """The text of a request file, or `UnreadableFile` (an `OSError`) naming it in one line: not UTF-8, binary, too big."""
    return read_text_file(located.path, shown=located.relative(vault), max_bytes=MAX_REQUEST_BYTES)


def move_to(vault: Vault, located: Located, folder: str, text: str | None = None) -> Located:
    """Rewrite (optionally) and move a request file into another vault folder, atomically; never into a symlinked one."""
    target = approval_folder(vault, folder) / located.path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        atomic_write(located.path, text)
    os.replace(located.path, target)
    return Located(folder, target)
