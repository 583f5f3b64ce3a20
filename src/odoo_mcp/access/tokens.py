"""Bearer tokens for the HTTP transport: shown once, stored hashed outside the vault, revocable.

A token is 32 random bytes (URL-safe base64 behind the prefix `omcp_`), printed once by
`odoo-mcp tokens create`. Only its SHA-256 is stored: with 256 bits of entropy a slow password
hash would add nothing, and an indexed lookup keeps every request cheap. The tokens live in the
approval request store (`approvals.request_store`, table `tokens`): SQLite in the state folder, or
the PostgreSQL database several instances share (`ODOO_MCP_STATE_URL`), so every instance accepts
the same tokens and a revocation takes effect on the next request everywhere, without a restart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ..approvals.request_store import RequestStore, RequestStoreError, open_request_store

if TYPE_CHECKING:
    from ..config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

READ_SCOPE = "odoo:read"
WRITE_SCOPE = "odoo:write"
PREFIX = "omcp_"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class TokenError(ValueError):
    """A token command that cannot be done (bad name, duplicate, unknown, store unreachable): nothing changed."""


@dataclass(frozen=True)
class TokenRecord:
    name: str
    sha256: str
    read_only: bool
    created_at: str  # ISO 8601, UTC

    @property
    def scopes(self) -> list[str]:
        return [READ_SCOPE] if self.read_only else [READ_SCOPE, WRITE_SCOPE]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TokenRecord:
        return cls(str(row["name"]), str(row["sha256"]), bool(row["read_only"]), str(row["created_at"]))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    """The tokens of one deployment (one request store)."""

    def __init__(self, rows: RequestStore) -> None:
        self.rows = rows

    # -- the owner's side (CLI) --------------------------------------------------------------------

    def create(self, name: str, *, read_only: bool, now: dt.datetime | None = None) -> str:
        """A new token named `name`; the token itself is returned once and never stored."""
        if not _NAME.fullmatch(name):
            raise TokenError(f"invalid token name {name!r}: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        token = PREFIX + secrets.token_urlsafe(32)
        created = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
        if not self._do(lambda: self.rows.add_token(name, digest(token), read_only=read_only, created_at=created)):
            raise TokenError(f"a token named {name!r} exists; revoke it first or choose another name")
        return token

    def records(self) -> list[TokenRecord]:
        return [TokenRecord.from_row(row) for row in self._do(self.rows.token_rows)]

    def revoke(self, name: str) -> None:
        if not self._do(lambda: self.rows.remove_token(name)):
            raise TokenError(f"no token named {name!r} (see `odoo-mcp tokens list`)")

    # -- the server's side -------------------------------------------------------------------------

    def verify(self, token: str) -> TokenRecord | None:
        """The record of a valid token, else None (an unreachable store refuses: never access by default)."""
        if not token.startswith(PREFIX):
            return None
        try:
            row = self.rows.token_row(digest(token))
        except RequestStoreError as exc:
            log.warning("token check failed (%s): the request is refused", " ".join(str(exc).split()))
            return None
        return TokenRecord.from_row(row) if row is not None else None

    @staticmethod
    def _do(operation: Callable[[], T]) -> T:
        try:
            return operation()
        except RequestStoreError as exc:
            raise TokenError(str(exc)) from None


def open_token_store(settings: Settings) -> TokenStore:
    """The tokens kept with the approval request store the settings name (SQLite, or PostgreSQL when shared)."""
    return TokenStore(open_request_store(settings))
