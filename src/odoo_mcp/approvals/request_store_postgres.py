"""The request store in PostgreSQL (`ODOO_MCP_STATE_URL`): several server instances, one store, one execution.

Instances behind a load balancer may each receive the execute call for the same approval at the
same moment. They share this database, and every change that first reads then writes (filing a
request, claiming one) runs in a transaction that first takes one transaction-level advisory lock
(`pg_advisory_xact_lock`): the second instance waits until the first commits, then reads the row
the first one wrote (READ COMMITTED takes a fresh snapshot per statement), so it sees `executing`
or `done` and does not execute. That is SQLite's `BEGIN IMMEDIATE` held across machines; the other
changes are single `UPDATE ... WHERE status = ...` statements, atomic on their own. The table is
created on first use under another advisory lock, so instances starting together do not collide.

Each operation opens its own connection (approvals are a handful a day; a pool would hold
connections for nothing), with `lock_timeout` so a stuck holder turns into an error, not a hang.
The address's password is never shown: errors and `where` carry the address masked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..config import masked_url
from .request_store import RequestStoreError, SqlRequestStore, schema

if TYPE_CHECKING:
    import psycopg

LOCK_TIMEOUT = "15s"  # as long as SQLite's busy timeout


def _lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key of this program's own, derived from a name (no clash with other users' keys by chance)."""
    return int.from_bytes(hashlib.sha256(f"odoo-mcp request store: {name}".encode()).digest()[:8], "big", signed=True)


WRITE_LOCK = _lock_key("write")
SCHEMA_LOCK = _lock_key("schema")


class _Session:
    """A psycopg connection in the shape the shared logic uses (`Sql`): `?` placeholders become `%s`."""

    def __init__(self, conn: psycopg.Connection[dict[str, Any]]) -> None:
        self.conn = conn

    def one(self, query: str, args: Sequence[Any] = ()) -> Mapping[str, Any] | None:
        return self.conn.execute(_placeholders(query), tuple(args)).fetchone()

    def all(self, query: str, args: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        return list(self.conn.execute(_placeholders(query), tuple(args)).fetchall())

    def run(self, query: str, args: Sequence[Any] = ()) -> int:
        return self.conn.execute(_placeholders(query), tuple(args)).rowcount


def _placeholders(query: str) -> str:
    """The shared queries' `?` as psycopg's `%s` (no query holds a literal `?` or `%`)."""
    return query.replace("?", "%s")


class PostgresRequestStore(SqlRequestStore):
    """The requests the server instances issued, in one PostgreSQL database they all reach."""

    insertion_order = "seq"

    def __init__(self, url: str, *, connect_timeout: float = 5.0) -> None:
        self._url = url
        self.where = masked_url(url)
        self._connect_timeout = max(1, round(connect_timeout))  # libpq takes whole seconds
        self._ready = False

    def _error(self, exc: Exception) -> RequestStoreError:
        """One line naming the store, with the password (if the driver echoed any part of the address) masked."""
        from urllib.parse import unquote, urlsplit

        text = " ".join(str(exc).split())
        password = urlsplit(self._url).password
        for secret in {password, unquote(password or "")} - {None, ""}:
            text = text.replace(str(secret), "***")
        return RequestStoreError(f"approval request store at {self.where}: {text}")

    @contextmanager
    def _open(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:
            raise RequestStoreError(
                "ODOO_MCP_STATE_URL needs the PostgreSQL driver: pip install 'odoo-mcp[postgres]'"
            ) from None
        try:
            conn = psycopg.connect(
                self._url, autocommit=True, row_factory=dict_row, connect_timeout=self._connect_timeout,
                options=f"-c lock_timeout={LOCK_TIMEOUT}", application_name="odoo-mcp",
            )
        except psycopg.Error as exc:
            raise self._error(exc) from None
        try:
            if not self._ready:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                    for statement in schema(",\n    seq BIGSERIAL NOT NULL"):
                        conn.execute(statement)
                self._ready = True
            yield conn
        except psycopg.Error as exc:
            raise self._error(exc) from None
        finally:
            conn.close()

    @contextmanager
    def _connect(self) -> Iterator[_Session]:
        with self._open() as conn:
            yield _Session(conn)

    @contextmanager
    def _transaction(self) -> Iterator[_Session]:
        """One transaction holding the store's write lock from its first statement to its commit (or rollback)."""
        with self._open() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield _Session(conn)
