"""The request store keeps what an older version recorded under its old name ("the ledger")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from odoo_mcp.approvals.request_store import LEGACY_FILE, Entry, RequestStore, Status


def test_a_store_under_the_old_name_is_moved_and_read(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    entry = Entry(id="apr-0000000000aa", action="create_partner", payload_sha256="p", payload={"name": "X"}, plan={}, body_sha256="b",
                  file_name="f.md", created_at=now, expires_at=now + dt.timedelta(hours=1), status=Status.ISSUED)
    with RequestStore(tmp_path / LEGACY_FILE).issuing(entry):
        pass
    store = RequestStore(tmp_path / "requests.sqlite3")
    assert not (tmp_path / LEGACY_FILE).exists() and (tmp_path / "requests.sqlite3").is_file()
    found = store.get(entry.id)
    assert found is not None and found.payload == {"name": "X"} and found.status is Status.ISSUED
