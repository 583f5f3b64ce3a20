"""The request store in a SQLite file in the state directory: one server on one machine (the default).

Each operation opens its own connection (cheap for a local file, and safe across threads and
processes); an exclusive transaction is `BEGIN IMMEDIATE`, which takes SQLite's write lock at once,
so a check-then-update cannot interleave with another process's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .request_store import RequestStoreError, SqlRequestStore, schema

LEGACY_FILE = "store.sqlite3"


class _Session:
    """A sqlite3 connection in the shape the shared logic uses (`Sql`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def one(self, query: str, args: Sequence[Any] = ()) -> Mapping[str, Any] | None:
        row = self.conn.execute(query, tuple(args)).fetchone()
        return dict(row) if row is not None else None

    def all(self, query: str, args: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        return [dict(row) for row in self.conn.execute(query, tuple(args)).fetchall()]

    def run(self, query: str, args: Sequence[Any] = ()) -> int:
        return self.conn.execute(query, tuple(args)).rowcount


class SqliteRequestStore(SqlRequestStore):
    """The requests this server issued, in SQLite outside the vault. Called "the ledger" before it was renamed, so nobody
    confuses it with the accounting store: a store found under the old file name (`store.sqlite3`) is moved to the
    new one (`requests.sqlite3`) the first time it is opened."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        old = self.path.with_name(LEGACY_FILE)
        if not self.path.exists() and old.is_file():
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{old}{suffix}").exists():
                    Path(f"{old}{suffix}").replace(f"{self.path}{suffix}")

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise RequestStoreError(f"cannot open the approval request store at {self.path}: {exc}") from None
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            for statement in schema():
                conn.execute(statement)
            yield conn
        except sqlite3.Error as exc:
            raise RequestStoreError(f"approval store error: {exc}") from None
        finally:
            conn.close()

    @contextmanager
    def _connect(self) -> Iterator[_Session]:
        with self._open() as conn:
            yield _Session(conn)

    @contextmanager
    def _transaction(self) -> Iterator[_Session]:
        """`BEGIN IMMEDIATE`: takes the write lock at once, so check-then-update cannot interleave."""
        with self._open() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _Session(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
