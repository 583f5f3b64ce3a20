"""The vault's folders, safe path resolution and atomic writes.

The assistant and the owner both edit the vault, and names often come from a model's tool
call, so every path is resolved here: no absolute paths, no `..`, no symlink that leads out of
the vault. Files are written whole or not at all (temp file, fsync, rename). Files are read
here too (`read_text_file`), so a file that is not UTF-8 text, is binary or is too big is one
`UnreadableFile` error naming it, never a traceback: its reader skips that file and goes on.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

NEEDS_ACTION = "Needs_Action"
PENDING = "Pending_Approval"
APPROVED = "Approved"
REJECTED = "Rejected"
DONE = "Done"
ACCOUNTING = "Accounting"
BRIEFINGS = "Briefings"
LOGS = "Logs"
FOLDERS = (NEEDS_ACTION, PENDING, APPROVED, REJECTED, DONE, ACCOUNTING, BRIEFINGS, LOGS)
INVOICES = "Invoices"  # made on the first saved invoice PDF (`vault/invoice_pdfs.py`), not with the vault
BUSINESS_GOALS = "Business_Goals.md"
DASHBOARD = "Dashboard.md"

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.,()+-]{0,150}$")
_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)", re.I)


class VaultPathError(ValueError):
    """A name or path that would leave the vault, or is not a plain file name."""


class UnreadableFile(OSError):
    """A vault file that cannot be read as text (not UTF-8, binary, too big); the message names it in one line.

    An `OSError`, so every reader that already survives a vanished or locked file (skip it, say so,
    go on) survives this one the same way."""


def safe_name(name: str) -> str:
    """A single file name from untrusted input: letters, digits and a few separators, no path parts,
    no `..`, no name Windows reserves (`CON`, `NUL.md` ...)."""
    if not _SAFE_NAME.match(name) or ".." in name or _WINDOWS_RESERVED.match(name):
        raise VaultPathError(f"not a plain file name: {name!r}")
    return name


def read_text_file(path: Path, *, shown: str | None = None, max_bytes: int | None = None) -> str:
    """The text of a file, refusing in one line (naming `shown`, else the file name) what is not text:
    more than `max_bytes`, a NUL byte (binary), or bytes that are not UTF-8. A leading BOM is dropped."""
    label = shown or path.name
    if max_bytes is not None:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(f"{label} is {size:,} bytes, more than the {max_bytes:,} allowed: not read")
    with path.open("rb") as handle:
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # it grew meanwhile
        raise UnreadableFile(f"{label} is more than the {max_bytes:,} bytes allowed: not read")
    if b"\x00" in data:
        raise UnreadableFile(f"{label} is binary (it contains NUL bytes), not a text file: not read")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{label} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): not read") from None
    return text.removeprefix("\ufeff")


class Vault:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()

    def folder(self, name: str) -> Path:
        return self.root / name

    def ensure(self) -> None:
        """Create the folders the project writes to; an owner's existing files are left as they are."""
        for name in FOLDERS:
            (self.root / name).mkdir(parents=True, exist_ok=True)

    def resolve(self, relative: str | Path) -> Path:
        """`relative` inside the vault, refusing absolute paths, `..`, NUL and symlink escapes."""
        text = str(relative)
        if "\x00" in text:
            raise VaultPathError("path contains a NUL byte")
        candidate = Path(text)
        if candidate.is_absolute() or text.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", text):
            raise VaultPathError(f"absolute paths are not allowed: {text!r}")
        if any(part == ".." for part in candidate.parts) or "\\" in text:
            raise VaultPathError(f"path leaves the vault: {text!r}")
        full = (self.root / candidate).resolve()
        if full != self.root and self.root not in full.parents:
            raise VaultPathError(f"path leads outside the vault (symlink?): {text!r}")
        return full

    def read_text(self, relative: str | Path, *, max_bytes: int | None = None) -> str:
        """A vault file's text; `FileNotFoundError`, `VaultPathError`, or `UnreadableFile` naming the file."""
        path = self.resolve(relative)
        if not path.is_file():
            raise FileNotFoundError(f"{relative} is not in the vault")
        return read_text_file(path, shown=Path(relative).as_posix(), max_bytes=max_bytes)

    def write_text(self, relative: str | Path, text: str) -> Path:
        path = self.resolve(relative)
        atomic_write(path, text)
        return path

    def list_names(self, folder: str, suffix: str = ".md") -> list[str]:
        """File stems in a vault folder, sorted; symlinks pointing outside are skipped."""
        base = self.root / folder
        if not base.is_dir():
            return []
        names = []
        for entry in base.iterdir():
            if entry.suffix == suffix and entry.is_file():
                try:
                    self.resolve(entry.relative_to(self.root))
                except VaultPathError:
                    continue
                names.append(entry.stem)
        return sorted(names)


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never half of either (UTF-8, `\n` as written)."""
    _replace(path, text, "w", encoding="utf-8", newline="\n")


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """`atomic_write` for bytes (a PDF)."""
    _replace(path, content, "wb")


def _replace(path: Path, data: str | bytes, mode: str, **options: Any) -> None:
    """A temporary file beside `path`, flushed to disk, then renamed over it; removed if anything fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **options) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
