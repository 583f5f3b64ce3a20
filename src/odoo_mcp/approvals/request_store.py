"""The request store: what the server itself asked the owner to approve, kept outside the vault.

The vault is shared with the assistant, so nothing in it can prove that a request was issued by
this server or that its payload is the one the owner saw. The request store (SQLite, in
`settings.state_dir`) is that proof: an approval id the request store never issued is refused, the
payload hash it recorded is compared with the file and with the call, and its status column is
the single place that says whether a request was ever executed.

Every state change is one SQL statement or one `BEGIN IMMEDIATE` transaction, so two
executions of the same approval (two tasks, two threads or two processes) cannot both claim it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
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
    error TEXT
);
CREATE INDEX IF NOT EXISTS requests_by_payload ON requests (action, payload_sha256, status);
CREATE INDEX IF NOT EXISTS requests_by_claim ON requests (action, claimed_at);
"""


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
    def from_row(cls, row: sqlite3.Row) -> Entry:
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


LEGACY_FILE = "store.sqlite3"


class RequestStoreError(RuntimeError):
    """The request store could not be read or written: nothing may be executed without it."""


class RequestStore:
    """The requests this server issued (SQLite, outside the vault). Called "the request store" before it was renamed, so nobody
    confuses it with the accounting store: a store found under the old file name (`store.sqlite3`) is moved to the
    new one (`requests.sqlite3`) the first time it is opened."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        old = self.path.with_name(LEGACY_FILE)
        if not self.path.exists() and old.is_file():
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{old}{suffix}").exists():
                    Path(f"{old}{suffix}").replace(f"{self.path}{suffix}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        import sqlite3  # here, not at module level: the MCP server starts without it

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise RequestStoreError(f"cannot open the approval request store at {self.path}: {exc}") from None
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(SCHEMA)
            yield conn
        except sqlite3.Error as exc:
            raise RequestStoreError(f"approval store error: {exc}") from None
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """`BEGIN IMMEDIATE`: takes the write lock at once, so check-then-update cannot interleave."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- reading --------------------------------------------------------------------------

    def get(self, approval_id: str) -> Entry | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM requests WHERE id = ?", (approval_id,)).fetchone()
        return Entry.from_row(row) if row else None

    def entries(self, statuses: tuple[Status, ...] | None = None, limit: int = 200) -> list[Entry]:
        query, args = "SELECT * FROM requests", []
        if statuses:
            query += f" WHERE status IN ({','.join('?' * len(statuses))})"
            args = [s.value for s in statuses]
        query += " ORDER BY created_at DESC, id LIMIT ?"
        with self._connect() as conn:
            rows = conn.execute(query, (*args, limit)).fetchall()
        return [Entry.from_row(row) for row in rows]

    def latest(self, action: str, payload_sha256: str) -> Entry | None:
        """The most recent request for exactly this payload, whatever became of it."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM requests WHERE action = ? AND payload_sha256 = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
                (action, payload_sha256),
            ).fetchone()
        return Entry.from_row(row) if row else None

    # -- writing --------------------------------------------------------------------------

    @contextmanager
    def issuing(self, entry: Entry) -> Iterator[Entry]:
        """Insert `entry` unless an open request for the same payload appeared meanwhile.

        The body runs inside the transaction (write the file, write the audit line); if it
        raises, the row is rolled back, so the request store never holds a request nobody was shown.
        Yields the entry that is in force: the new one, or the concurrent twin.
        """
        with self._transaction() as conn:
            twin = conn.execute(
                "SELECT * FROM requests WHERE action = ? AND payload_sha256 = ? AND status = ? AND expires_at > ? LIMIT 1",
                (entry.action, entry.payload_sha256, Status.ISSUED.value, _iso(entry.created_at)),
            ).fetchone()
            if twin is not None:
                yield Entry.from_row(twin)
                return
            conn.execute(
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
        with self._transaction() as conn:
            row = conn.execute("SELECT * FROM requests WHERE id = ?", (approval_id,)).fetchone()
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
                used = conn.execute(
                    "SELECT COUNT(*) FROM requests WHERE action = ? AND claimed_at > ? AND dry_run = ? "
                    "AND status IN (?, ?) AND id != ?",
                    (row["action"], since, int(dry_run), Status.EXECUTING.value, Status.DONE.value, approval_id),
                ).fetchone()[0]
                if used >= hourly_cap:
                    return Claim.RATE_LIMITED
            conn.execute(
                "UPDATE requests SET status = ?, claimed_at = COALESCE(claimed_at, ?), resume_after = ?, "
                "attempts = attempts + 1, dry_run = ? WHERE id = ?",
                (Status.EXECUTING.value, _iso(now), _iso(lease_until), int(dry_run), approval_id),
            )
            return outcome

    def release(self, approval_id: str) -> None:
        """Give a claim back (nothing was sent to Odoo): the approval stays usable."""
        with self._connect() as conn:
            conn.execute(
                "UPDATE requests SET status = ?, claimed_at = NULL, resume_after = NULL WHERE id = ? AND status = ?",
                (Status.ISSUED.value, approval_id, Status.EXECUTING.value),
            )

    def resume_from(self, approval_id: str, when: dt.datetime) -> None:
        """An execution stopped without recording its outcome; a retry may look for its record from `when`."""
        with self._connect() as conn:
            conn.execute(
                "UPDATE requests SET resume_after = ? WHERE id = ? AND status = ?",
                (_iso(when), approval_id, Status.EXECUTING.value),
            )

    def finish(
        self, approval_id: str, status: Status, *, now: dt.datetime, result: dict[str, Any] | None, error: str | None
    ) -> None:
        with self._connect() as conn:
            conn.execute(
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
        with self._connect() as conn:
            cursor = conn.execute(
                "UPDATE requests SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status = ?",
                (status.value, _iso(now), error, approval_id, Status.ISSUED.value),
            )
            return cursor.rowcount == 1
