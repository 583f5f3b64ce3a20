"""Vault paths cannot escape; writes are atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from odoo_mcp.vault.layout import Vault, VaultPathError, atomic_write, safe_name


@pytest.mark.parametrize("bad", ["../secret.md", "/etc/passwd", "Accounting/../../x", "a\x00b", "C:\\x", "..\\x", "\\\\server\\share"])
def test_resolve_rejects_path_tricks(tmp_path: Path, bad: str) -> None:
    with pytest.raises(VaultPathError):
        Vault(tmp_path).resolve(bad)


def test_symlink_out_of_vault_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret")
    root = tmp_path / "vault"
    (root / "Accounting").mkdir(parents=True)
    os.symlink(outside / "secret.md", root / "Accounting" / "2026-11.md")
    vault = Vault(root)
    with pytest.raises(VaultPathError):
        vault.read_text("Accounting/2026-11.md")
    assert vault.list_names("Accounting") == []


def test_inside_paths_resolve(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    vault.ensure()
    path = vault.write_text("Accounting/2026-11.md", "# November\n")
    assert path == (tmp_path / "Accounting" / "2026-11.md").resolve()
    assert vault.read_text("Accounting/2026-11.md") == "# November\n"
    assert vault.list_names("Accounting") == ["2026-11"]


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "f.md"
    target.write_text("old")

    with pytest.raises(TypeError):
        atomic_write(target, 12345)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.md"]


@pytest.mark.parametrize("bad", ["a/b", "..", "../x", "", ".hidden", "x\x00"])
def test_safe_name(bad: str) -> None:
    with pytest.raises(VaultPathError):
        safe_name(bad)
