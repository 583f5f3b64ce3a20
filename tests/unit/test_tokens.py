"""The tokens: shown once, stored hashed in the request store, names checked, revocation seen by every reader.

Each test runs on both request stores: SQLite in the state folder, and a real PostgreSQL shared by
several instances (tests/postgres.py starts one; in CI a missing server fails instead of skipping).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_mcp.access import READ_SCOPE, WRITE_SCOPE, TokenError, TokenStore
from odoo_mcp.approvals.request_store_postgres import PostgresRequestStore
from odoo_mcp.approvals.request_store_sqlite import SqliteRequestStore


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A function giving a new TokenStore over the same store each call, as a second instance would open it."""
    if request.param == "sqlite":
        path = tmp_path / "state" / "requests.sqlite3"
        return lambda: TokenStore(SqliteRequestStore(path))
    url = request.getfixturevalue("postgres_url")
    return lambda: TokenStore(PostgresRequestStore(url))


def test_a_token_is_returned_once_and_only_its_hash_is_stored(open_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    token = store.create("laptop", read_only=False)
    assert token.startswith("omcp_") and len(token) > 40
    rows = store.rows.token_rows()
    assert len(rows) == 1 and token not in str(rows) and token.removeprefix("omcp_") not in str(rows)
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert token.encode() not in file.read_bytes(), file
    record = store.verify(token)
    assert record is not None and record.name == "laptop" and record.scopes == [READ_SCOPE, WRITE_SCOPE]


def test_read_only_tokens_have_no_write_scope_and_each_token_is_its_own(open_store) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    a, b = store.create("a", read_only=True), store.create("b", read_only=False)
    assert a != b
    assert store.verify(a).scopes == [READ_SCOPE]  # type: ignore[union-attr]
    assert store.verify(b).name == "b"  # type: ignore[union-attr]
    for wrong in ("", a[:-1], a + "x", b.upper(), "Bearer " + a, a.removeprefix("omcp_")):
        assert store.verify(wrong) is None, wrong


def test_another_instance_sees_a_token_and_its_revocation_at_once(open_store) -> None:  # type: ignore[no-untyped-def]
    server_side, owner_side = open_store(), open_store()
    token = owner_side.create("phone", read_only=False)
    assert server_side.verify(token) is not None
    owner_side.revoke("phone")
    assert server_side.verify(token) is None
    assert [r.name for r in server_side.records()] == []


@pytest.mark.parametrize("name", ["", "two words", "-leading", "x" * 65, "tab\there", "new\nline", "../etc"])
def test_bad_names_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    store = TokenStore(SqliteRequestStore(tmp_path / "requests.sqlite3"))
    with pytest.raises(TokenError, match="invalid token name"):
        store.create(name, read_only=False)
    assert store.records() == []


def test_duplicates_unknown_names_and_an_unreachable_store_are_one_line_errors(open_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    store.create("laptop", read_only=False)
    with pytest.raises(TokenError, match="exists"):
        store.create("laptop", read_only=True)
    with pytest.raises(TokenError, match="no token named 'desk'"):
        store.revoke("desk")
    assert [(r.name, r.read_only) for r in store.records()] == [("laptop", False)]
    down = TokenStore(PostgresRequestStore("postgresql://odoo_mcp:s3cret-pw@127.0.0.1:1/none", connect_timeout=1))
    with pytest.raises(TokenError) as refused:
        down.records()
    assert "\n" not in str(refused.value) and "s3cret-pw" not in str(refused.value)
    assert down.verify("omcp_" + "x" * 43) is None, "an unreachable store refuses, never admits"
