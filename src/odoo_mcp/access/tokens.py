"""Bearer tokens for the HTTP transport: shown once, stored hashed outside the vault, revocable.

A token is 32 random bytes (URL-safe base64 behind the prefix `omcp_`), printed once by
`odoo-mcp tokens create`. Only its SHA-256 is stored: with 256 bits of entropy a slow password
hash would add nothing, and a constant-cost lookup keeps every request cheap. The store is one
JSON file in the state folder (mode 0600, written atomically under a file lock); a running
server re-reads it when its modification time or size changes, so a token created or revoked
takes effect on the next request, without a restart and in every instance sharing the folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock

READ_SCOPE = "odoo:read"
WRITE_SCOPE = "odoo:write"
PREFIX = "omcp_"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class TokenError(ValueError):
    """A token command that cannot be done (bad name, duplicate, unknown, unreadable store): nothing changed."""


@dataclass(frozen=True)
class TokenRecord:
    name: str
    sha256: str
    read_only: bool
    created_at: str  # ISO 8601, UTC

    @property
    def scopes(self) -> list[str]:
        return [READ_SCOPE] if self.read_only else [READ_SCOPE, WRITE_SCOPE]


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    """The tokens of one state folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int] | None = None  # (mtime_ns, size) of the file last read
        self._by_digest: dict[str, TokenRecord] = {}

    # -- the owner's side (CLI) --------------------------------------------------------------------

    def create(self, name: str, *, read_only: bool, now: dt.datetime | None = None) -> str:
        """A new token named `name`; the token itself is returned once and never stored."""
        if not _NAME.fullmatch(name):
            raise TokenError(f"invalid token name {name!r}: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        token = PREFIX + secrets.token_urlsafe(32)
        created = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
        with self._locked():
            records = self._read()
            if any(r.name == name for r in records):
                raise TokenError(f"a token named {name!r} exists; revoke it first or choose another name")
            self._write([*records, TokenRecord(name, digest(token), read_only, created)])
        return token

    def records(self) -> list[TokenRecord]:
        return self._read()

    def revoke(self, name: str) -> None:
        with self._locked():
            records = self._read()
            kept = [r for r in records if r.name != name]
            if len(kept) == len(records):
                raise TokenError(f"no token named {name!r} (see `odoo-mcp tokens list`)")
            self._write(kept)

    # -- the server's side -------------------------------------------------------------------------

    def verify(self, token: str) -> TokenRecord | None:
        """The record of a valid token, else None; re-reads the file only when it changed."""
        if not token.startswith(PREFIX):
            return None
        self._refresh()
        wanted = digest(token)
        for known, record in self._by_digest.items():
            if hmac.compare_digest(known, wanted):
                return record
        return None

    def _refresh(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._seen, self._by_digest = None, {}
            return
        seen = (stat.st_mtime_ns, stat.st_size)
        if seen != self._seen:
            self._by_digest = {r.sha256: r for r in self._read()}
            self._seen = seen

    # -- the file ----------------------------------------------------------------------------------

    def _locked(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=10)

    def _read(self) -> list[TokenRecord]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise TokenError(f"the token store {self.path} cannot be read ({type(exc).__name__}); fix or remove it") from None
        try:
            return [TokenRecord(str(t["name"]), str(t["sha256"]), bool(t["read_only"]), str(t["created_at"])) for t in data["tokens"]]
        except (KeyError, TypeError) as exc:
            raise TokenError(f"the token store {self.path} is not in the expected shape ({exc}); fix or remove it") from None

    def _write(self, records: list[TokenRecord]) -> None:
        text = json.dumps({"tokens": [asdict(r) for r in records]}, indent=2) + "\n"
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
