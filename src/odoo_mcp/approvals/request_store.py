"""The request store: what the server itself asked the owner to approve, kept outside the vault.

The vault is shared with the assistant, so nothing in it can prove that a request was issued by
this server or that its payload is the one the owner saw. The request store is that proof: an
approval id the store never issued is refused, the payload hash it recorded is compared with the
file and with the call, and its status column is the single place that says whether a request
was ever executed.

Two backends, one behaviour: SQLite in `settings.state_dir` (`request_store_sqlite`, one server on
one machine) and PostgreSQL at `ODOO_MCP_STATE_URL` (`request_store_postgres`, several server
instances sharing one store). `SqlRequestStore` below holds every query and every decision once, in
SQL both databases run alike; a backend only says how to connect and how to make a transaction
exclusive (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a transaction-level advisory lock). Every state
change is then one SQL statement or one exclusive transaction, so two executions of the same
approval (two tasks, two threads, two processes or two machines) cannot both claim it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..config import Settings

TABLE_COLUMNS = """
    id TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    plan_json TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    status TEXT NOT NULL,
    amount TEXT,
    currency TEXT,
    recipient TEXT,
    new_recipient INTEGER NOT NULL DEFAULT 0,
    dry_run INTEGER NOT NULL DEFAULT 0,
    claimed_at TEXT,
    resume_after TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    finished_at TEXT,
    result_json TEXT,
    error TEXT"""


def schema(extra_columns: str = "") -> tuple[str, ...]:
    """The statements that create the table and its indexes when missing (both databases run them as written).

    Times are ISO 8601 text in UTC with a fixed format, so comparing them as text orders them in time on both."""
    return (
        f"CREATE TABLE IF NOT EXISTS requests ({TABLE_COLUMNS}{extra_columns}\n)",
        "CREATE INDEX IF NOT EXISTS requests_by_payload ON requests (action, payload_sha256, status)",
        "CREATE INDEX IF NOT EXISTS requests_by_claim ON requests (action, claimed_at)",
        # The HTTP transport's bearer tokens (access.tokens), by SHA-256 only: kept here so that every
        # instance sharing this store accepts the same tokens and sees a revocation at once.
        "CREATE TABLE IF NOT EXISTS tokens (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, "
        "read_only INTEGER NOT NULL, created_at TEXT NOT NULL)",
    )


class Status(str, Enum):
    ISSUED = "issued"  # written to Pending_Approval/, not executed yet (the owner may have moved the file)
    EXECUTING = "executing"  # claimed: an execution started and has not recorded its outcome
    DONE = "done"
    FAILED = "failed"  # Odoo refused, or a precondition no longer held: terminal, never retried
    MISMATCH = "mismatch"  # written, but what Odoo stored differs from the plan: terminal, the owner must look
    REJECTED = "rejected"
    EXPIRED = "expired"
    VOID = "void"  # the request file disappeared before anyone approved it


TERMINAL = frozenset({Status.DONE, Status.FAILED, Status.MISMATCH, Status.REJECTED, Status.EXPIRED, Status.VOID})


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Entry:
    """One request as the server recorded it."""

    id: str
    action: str
    payload_sha256: str
    payload: dict[str, Any]
    plan: dict[str, Any]
    body_sha256: str
    file_name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    status: Status
    amount: str | None = None
    currency: str | None = None
    recipient: str | None = None
    new_recipient: bool = False
    dry_run: bool = False
    claimed_at: dt.datetime | None = None
    resume_after: dt.datetime | None = None
    attempts: int = 0
    finished_at: dt.datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Entry:
        return cls(
            id=row["id"],
            action=row["action"],
            payload_sha256=row["payload_sha256"],
            payload=json.loads(row["payload_json"]),
            plan=json.loads(row["plan_json"]),
            body_sha256=row["body_sha256"],
            file_name=row["file_name"],
            created_at=dt.datetime.fromisoformat(row["created_at"]),  # NOT NULL columns, always written
            expires_at=dt.datetime.fromisoformat(row["expires_at"]),
            status=Status(row["status"]),
            amount=row["amount"],
            currency=row["currency"],
            recipient=row["recipient"],
            new_recipient=bool(row["new_recipient"]),
            dry_run=bool(row["dry_run"]),
            claimed_at=_parse(row["claimed_at"]),
            resume_after=_parse(row["resume_after"]),
            attempts=int(row["attempts"]),
            finished_at=_parse(row["finished_at"]),
            result=json.loads(row["result_json"]) if row["result_json"] else None,
            error=row["error"],
        )


class Claim(str, Enum):
    """The answer to "may I execute this now?"."""

    CLAIMED = "claimed"  # yours: execute
    RESUMED = "resumed"  # an earlier execution stopped without recording its outcome: look before writing
    BUSY = "busy"  # another execution holds it
    RATE_LIMITED = "rate_limited"
    NOT_CLAIMABLE = "not_claimable"  # done, failed, rejected ... (re-read the entry to say which)


class RequestStoreError(RuntimeError):
    """The request store could not be read or written: nothing may be executed without it."""


class RequestStore(Protocol):
    """What the gate and the owner's CLI need from a request store, whichever database holds it."""

    @property
    def where(self) -> str:
        """Where the store is, as shown to a person (a path, or an address without its password)."""
        ...

    def get(self, approval_id: str) -> Entry | None: ...

    def entries(self, statuses: tuple[Status, ...] | None = None, limit: int = 200) -> list[Entry]: ...

    def latest(self, action: str, payload_sha256: str) -> Entry | None: ...

    def issuing(self, entry: Entry) -> AbstractContextManager[Entry]: ...

    def claim(
        self, approval_id: str, *, now: dt.datetime, lease_until: dt.datetime, dry_run: bool, hourly_cap: int | None = None
    ) -> Claim: ...

    def release(self, approval_id: str) -> None: ...

    def resume_from(self, approval_id: str, when: dt.datetime) -> None: ...

    def finish(
        self, approval_id: str, status: Status, *, now: dt.datetime, result: dict[str, Any] | None, error: str | None
    ) -> None: ...

    def close_unexecuted(self, approval_id: str, status: Status, *, now: dt.datetime, error: str | None = None) -> bool: ...

    def add_token(self, name: str, sha256: str, *, read_only: bool, created_at: str) -> bool: ...

    def remove_token(self, name: str) -> bool: ...

    def token_rows(self) -> list[Mapping[str, Any]]: ...

    def token_row(self, sha256: str) -> Mapping[str, Any] | None: ...


class Sql(Protocol):
    """One open connection, as the shared logic uses it: `?` placeholders, rows as mappings."""

    def one(self, query: str, args: Sequence[Any] = ()) -> Mapping[str, Any] | None: ...

    def all(self, query: str, args: Sequence[Any] = ()) -> list[Mapping[str, Any]]: ...

    def run(self, query: str, args: Sequence[Any] = ()) -> int:
        """Execute a statement; the number of rows it changed."""
        ...


class SqlRequestStore:
    """Every query and decision of the request store, once; a backend supplies `_connect` and `_transaction`.

    `_connect` opens a connection in which each statement commits on its own; `_transaction` opens one
    that holds the store's write lock until it commits, so a read-then-write inside it cannot interleave
    with another one anywhere (the other waits)."""

    where: str  # set by the backend: its path, or its address without the password
    insertion_order = "rowid"  # the column that orders two requests filed in the same second

    def _connect(self) -> AbstractContextManager[Sql]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Sql]:
        raise NotImplementedError

    # -- reading --------------------------------------------------------------------------

    def get(self, approval_id: str) -> Entry | None:
        with self._connect() as sql:
            row = sql.one("SELECT * FROM requests WHERE id = ?", (approval_id,))
        return Entry.from_row(row) if row else None

    def entries(self, statuses: tuple[Status, ...] | None = None, limit: int = 200) -> list[Entry]:
        query, args = "SELECT * FROM requests", []
        if statuses:
            query += f" WHERE status IN ({','.join('?' * len(statuses))})"
            args = [s.value for s in statuses]
        query += " ORDER BY created_at DESC, id LIMIT ?"
        with self._connect() as sql:
            rows = sql.all(query, (*args, limit))
        return [Entry.from_row(row) for row in rows]

    def latest(self, action: str, payload_sha256: str) -> Entry | None:
        """The most recent request for exactly this payload, whatever became of it."""
        with self._connect() as sql:
            row = sql.one(
                "SELECT * FROM requests WHERE action = ? AND payload_sha256 = ? "
                f"ORDER BY created_at DESC, {self.insertion_order} DESC LIMIT 1",
                (action, payload_sha256),
            )
        return Entry.from_row(row) if row else None

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def issuing(self, entry: Entry) -> Iterator[Entry]:
        """Insert `entry` unless an open request for the same payload appeared meanwhile.

        The body runs inside the transaction (write the file, write the audit line); if it
        raises, the row is rolled back, so the request store never holds a request nobody was shown.
        Yields the entry that is in force: the new one, or the concurrent twin.
        """
        with self._transaction() as sql:
            twin = sql.one(
                "SELECT * FROM requests WHERE action = ? AND payload_sha256 = ? AND status = ? AND expires_at > ? LIMIT 1",
                (entry.action, entry.payload_sha256, Status.ISSUED.value, _iso(entry.created_at)),
            )
            if twin is not None:
                yield Entry.from_row(twin)
                return
            sql.run(
                "INSERT INTO requests (id, action, payload_sha256, payload_json, plan_json, body_sha256, file_name, "
                "created_at, expires_at, status, amount, currency, recipient, new_recipient, dry_run) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.id,
                    entry.action,
                    entry.payload_sha256,
                    json.dumps(entry.payload, sort_keys=True),
                    json.dumps(entry.plan, sort_keys=True),
                    entry.body_sha256,
                    entry.file_name,
                    _iso(entry.created_at),
                    _iso(entry.expires_at),
                    Status.ISSUED.value,
                    entry.amount,
                    entry.currency,
                    entry.recipient,
                    int(entry.new_recipient),
                    int(entry.dry_run),
                ),
            )
            yield entry

    def claim(
        self,
        approval_id: str,
        *,
        now: dt.datetime,
        lease_until: dt.datetime,
        dry_run: bool,
        hourly_cap: int | None = None,
    ) -> Claim:
        """Atomically take the right to execute: from `issued`, or from a stale `executing` claim.

        `hourly_cap` (payments) counts the other claims of the same action in the last hour,
        made in the same mode (dry run or real), inside the same transaction.
        """
        with self._transaction() as sql:
            row = sql.one("SELECT * FROM requests WHERE id = ?", (approval_id,))
            if row is None:
                return Claim.NOT_CLAIMABLE
            status = Status(row["status"])
            if status is Status.EXECUTING:
                resume_after = _parse(row["resume_after"])
                if resume_after is not None and resume_after > now:
                    return Claim.BUSY
                outcome = Claim.RESUMED
            elif status is Status.ISSUED:
                outcome = Claim.CLAIMED
            else:
                return Claim.NOT_CLAIMABLE
            if hourly_cap is not None and outcome is Claim.CLAIMED:
                since = _iso(now - dt.timedelta(hours=1))
                used = sql.one(
                    "SELECT COUNT(*) AS used FROM requests WHERE action = ? AND claimed_at > ? AND dry_run = ? "
                    "AND status IN (?, ?) AND id != ?",
                    (row["action"], since, int(dry_run), Status.EXECUTING.value, Status.DONE.value, approval_id),
                )
                if used is not None and int(used["used"]) >= hourly_cap:
                    return Claim.RATE_LIMITED
            sql.run(
                "UPDATE requests SET status = ?, claimed_at = COALESCE(claimed_at, ?), resume_after = ?, "
                "attempts = attempts + 1, dry_run = ? WHERE id = ?",
                (Status.EXECUTING.value, _iso(now), _iso(lease_until), int(dry_run), approval_id),
            )
            return outcome

    def release(self, approval_id: str) -> None:
        """Give a claim back (nothing was sent to Odoo): the approval stays usable."""
        with self._connect() as sql:
            sql.run(
                "UPDATE requests SET status = ?, claimed_at = NULL, resume_after = NULL WHERE id = ? AND status = ?",
                (Status.ISSUED.value, approval_id, Status.EXECUTING.value),
            )

    def resume_from(self, approval_id: str, when: dt.datetime) -> None:
        """An execution stopped without recording its outcome; a retry may look for its record from `when`."""
        with self._connect() as sql:
            sql.run(
                "UPDATE requests SET resume_after = ? WHERE id = ? AND status = ?",
                (_iso(when), approval_id, Status.EXECUTING.value),
            )

    def finish(
        self, approval_id: str, status: Status, *, now: dt.datetime, result: dict[str, Any] | None, error: str | None
    ) -> None:
        with self._connect() as sql:
            sql.run(
                "UPDATE requests SET status = ?, finished_at = ?, result_json = ?, error = ? WHERE id = ? AND status = ?",
                (
                    status.value,
                    _iso(now),
                    json.dumps(result, sort_keys=True, default=str) if result is not None else None,
                    error,
                    approval_id,
                    Status.EXECUTING.value,
                ),
            )

    def close_unexecuted(self, approval_id: str, status: Status, *, now: dt.datetime, error: str | None = None) -> bool:
        """Reject, expire or void a request that was never claimed; False if it had moved on meanwhile."""
        with self._connect() as sql:
            changed = sql.run(
                "UPDATE requests SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status = ?",
                (status.value, _iso(now), error, approval_id, Status.ISSUED.value),
            )
        return changed == 1

    # -- the HTTP transport's bearer tokens (access.tokens) ----------------------------------------

    def add_token(self, name: str, sha256: str, *, read_only: bool, created_at: str) -> bool:
        """False when a token of that name exists (nothing changed)."""
        with self._connect() as sql:
            added = sql.run(
                "INSERT INTO tokens (name, sha256, read_only, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                (name, sha256, int(read_only), created_at),
            )
        return added == 1

    def remove_token(self, name: str) -> bool:
        with self._connect() as sql:
            return sql.run("DELETE FROM tokens WHERE name = ?", (name,)) == 1

    def token_rows(self) -> list[Mapping[str, Any]]:
        with self._connect() as sql:
            return sql.all("SELECT name, sha256, read_only, created_at FROM tokens ORDER BY created_at, name")

    def token_row(self, sha256: str) -> Mapping[str, Any] | None:
        with self._connect() as sql:
            return sql.one("SELECT name, sha256, read_only, created_at FROM tokens WHERE sha256 = ?", (sha256,))


def open_request_store(settings: Settings) -> RequestStore:
    """The store the settings name: PostgreSQL at `ODOO_MCP_STATE_URL` when set, else SQLite in the state directory.

    Opening connects to nothing; the first read or write does (and says what went wrong, as `RequestStoreError`)."""
    if settings.state_url is not None:
        from .request_store_postgres import PostgresRequestStore

        return PostgresRequestStore(settings.state_url.get_secret_value(), connect_timeout=settings.connect_timeout)
    from .request_store_sqlite import SqliteRequestStore

    return SqliteRequestStore(settings.request_store_path)
