"""The token store: shown once, stored hashed, names checked, revocation seen by a running reader."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from odoo_mcp.access import READ_SCOPE, WRITE_SCOPE, TokenError, TokenStore


def test_a_token_is_returned_once_and_only_its_hash_is_stored(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "state" / "tokens.json")
    token = store.create("laptop", read_only=False)
    text = store.path.read_text()
    assert token.startswith("omcp_") and len(token) > 40
    assert token not in text and token.removeprefix("omcp_") not in text
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    record = store.verify(token)
    assert record is not None and record.name == "laptop" and record.scopes == [READ_SCOPE, WRITE_SCOPE]


def test_read_only_tokens_have_no_write_scope_and_each_token_is_its_own(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    a, b = store.create("a", read_only=True), store.create("b", read_only=False)
    assert a != b
    assert store.verify(a).scopes == [READ_SCOPE]  # type: ignore[union-attr]
    assert store.verify(b).name == "b"  # type: ignore[union-attr]
    for wrong in ("", a[:-1], a + "x", b.upper(), "Bearer " + a, a.removeprefix("omcp_")):
        assert store.verify(wrong) is None, wrong


def test_a_reader_sees_a_revocation_made_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    server_side, owner_side = TokenStore(path), TokenStore(path)
    token = owner_side.create("phone", read_only=False)
    assert server_side.verify(token) is not None
    owner_side.revoke("phone")
    assert server_side.verify(token) is None
    assert [r.name for r in owner_side.records()] == []


@pytest.mark.parametrize("name", ["", "two words", "-leading", "x" * 65, "tab\there", "new\nline", "../etc"])
def test_bad_names_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    with pytest.raises(TokenError, match="invalid token name"):
        store.create(name, read_only=False)
    assert not store.path.exists()


def test_duplicates_unknown_names_and_a_broken_store_are_one_line_errors(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "tokens.json")
    store.create("laptop", read_only=False)
    before = store.path.read_bytes()
    with pytest.raises(TokenError, match="exists"):
        store.create("laptop", read_only=True)
    with pytest.raises(TokenError, match="no token named 'desk'"):
        store.revoke("desk")
    assert store.path.read_bytes() == before
    store.path.write_text("{not json")
    with pytest.raises(TokenError, match="cannot be read") as broken:
        store.records()
    assert "\n" not in str(broken.value)
