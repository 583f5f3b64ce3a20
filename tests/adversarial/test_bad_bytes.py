"""Bad bytes: a file that is not UTF-8 text is one line naming it, and only that file is skipped.

A byte that is not UTF-8 (or a NUL: binary) in a request file, a month file, a Needs_Action file
or Business_Goals.md must never surface as a traceback: the owner's CLI prints one line naming
the file, a resource answers with an error naming it, the sync goes on with the other files, and
the gate refuses to execute such a request (Odoo gets no write).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.cli import main
from odoo_mcp.vault.layout import UnreadableFile, Vault, read_text_file

from ..approvals.flow import call, move, refused, request, text_of

pytestmark = pytest.mark.anyio

BAD = {
    "latin1_byte": b"caf\xe9",
    "lone_continuation": b"\x80",
    "truncated_sequence": b"\xe2\x82",
    "overlong_slash": b"\xc0\xaf",
    "surrogate_half": b"\xed\xa0\x80",
    "nul_binary": b"\x00\x01\x02",
}


def _spoil(path: Path, bad: bytes) -> None:
    """Put `bad` into the middle of the file's body, as a broken editor or a hostile one would."""
    data = path.read_bytes()
    middle = data.index(b"\n## ") if b"\n## " in data else len(data) // 2
    path.write_bytes(data[:middle] + b"\n" + bad + data[middle:])


@pytest.fixture
def cli(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def run(*argv: str) -> tuple[int, str, str]:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        code = main(["--env-file", os.devnull, "approvals", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


async def _pending(client: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    customer = (await call(client, "find_partners", {"role": "customer", "limit": 1}))["items"][0]["id"]
    args = {"partner_id": customer, "lines": [{"description": "Bytes", "quantity": 1, "unit_price": "9.00"}]}
    return args, await request(client, "create_invoice", args)


@pytest.mark.parametrize("bad", list(BAD.values()), ids=list(BAD))
@pytest.mark.parametrize("command", ["show", "approve", "reject"])
async def test_cli_names_the_file_in_one_line(bad: bytes, command: str, make_client: Any, vault: Path, cli: Any) -> None:
    async with make_client() as client:
        _, pending = await _pending(client)
    _spoil(vault / pending["file"], bad)
    code, out, err = cli(command, pending["approval_id"], *(["--yes"] if command == "approve" else []))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert pending["file"] in err and ("not UTF-8" in err or "binary" in err), err
    assert (vault / pending["file"]).is_file()  # nothing moved


async def test_cli_list_still_lists_the_other_requests(make_client: Any, vault: Path, cli: Any) -> None:
    async with make_client() as client:
        _, spoiled = await _pending(client)
        other = await request(client, "create_partner", {"name": "Readable Partner Ltd", "role": "customer"})
    _spoil(vault / spoiled["file"], BAD["latin1_byte"])
    code, out, _ = cli("list")
    assert code == 0 and spoiled["approval_id"] in out and other["approval_id"] in out


@pytest.mark.parametrize("bad", list(BAD.values()), ids=list(BAD))
async def test_gate_refuses_an_unreadable_approved_file_without_writing(bad: bytes, make_client: Any, vault: Path, writes: Any) -> None:
    async with make_client() as client:
        args, pending = await _pending(client)
        where = move(vault, pending["file"], "Approved")
        _spoil(vault / where, bad)
        before = writes()
        await refused(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert writes() == before, "Odoo received a write"


async def test_gate_refusal_names_the_unreadable_file(make_client: Any, vault: Path) -> None:
    async with make_client() as client:
        args, pending = await _pending(client)
        where = move(vault, pending["file"], "Approved")
        _spoil(vault / where, BAD["latin1_byte"])
        text = await refused(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert "REFUSED (file_edited)" in text and where in text and "not UTF-8" in text, text


@pytest.mark.parametrize(("uri", "relative"), [
    ("vault://accounting/2026-11", "Accounting/2026-11.md"),
    ("vault://business-goals", "Business_Goals.md"),
    ("vault://dashboard", "Dashboard.md"),
    ("vault://briefings/2026-11-16_Monday_Briefing", "Briefings/2026-11-16_Monday_Briefing.md"),
])
@pytest.mark.parametrize("bad", [BAD["latin1_byte"], BAD["nul_binary"]], ids=["not_utf8", "binary"])
async def test_resource_names_the_unreadable_file(uri: str, relative: str, bad: bytes, make_client: Any, vault: Path) -> None:
    path = vault / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"# Title\n\n" + bad + b"\n")
    async with make_client() as client:
        with pytest.raises(Exception) as info:
            await client.read_resource(uri)
        assert relative in str(info.value) and ("not UTF-8" in str(info.value) or "binary" in str(info.value)), str(info.value)
        index = await client.read_resource("vault://index")  # the server still answers for the other files
    assert index.contents[0].text.startswith("## Accounting months")  # type: ignore[union-attr]


async def test_pending_request_resource_names_the_unreadable_file(make_client: Any, vault: Path) -> None:
    async with make_client() as client:
        _, pending = await _pending(client)
        _spoil(vault / pending["file"], BAD["latin1_byte"])
        name = Path(pending["file"]).stem
        with pytest.raises(Exception) as info:
            await client.read_resource(f"vault://approvals/pending/{name}")
    assert pending["file"] in str(info.value) and "not UTF-8" in str(info.value)


async def test_sync_skips_an_unreadable_needs_action_file_only(make_client: Any, vault: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A Needs_Action file with a bad byte is skipped (one warning naming it) and every event file is still written."""
    (vault / "Needs_Action").mkdir(exist_ok=True)
    (vault / "Needs_Action" / "owner-note.md").write_bytes(b"---\ntype: odoo_event\n---\n\xff\xfe broken\n")
    async with make_client() as client:
        result = await client.call_tool("sync_accounting", {})
    assert not result.is_error, text_of(result)
    events = [p for p in (vault / "Needs_Action").glob("ODOO_*.md")]
    assert events, "no event file was written"
    warnings = [r.getMessage() for r in caplog.records if "owner-note.md" in r.getMessage()]
    assert len(warnings) == 1 and "not UTF-8" in warnings[0] and "\n" not in warnings[0]


@pytest.mark.parametrize("relative", ["Business_Goals.md", "Accounting/2026-11.md"])
async def test_sync_goes_on_past_an_unreadable_goal_or_month_file(relative: str, make_client: Any, vault: Path) -> None:
    path = vault / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\ngenerated_by: odoo-mcp\n---\n\xff\n")
    async with make_client() as client:
        result = await client.call_tool("sync_accounting", {})
    assert not result.is_error and relative in text_of(result), text_of(result)


@pytest.mark.parametrize("bad", list(BAD.values()), ids=list(BAD))
def test_read_text_file_refuses_in_one_line(bad: bytes, tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"ok " + bad + b" ok")
    with pytest.raises(UnreadableFile) as info:
        read_text_file(path, shown="Accounting/x.md")
    assert str(info.value).startswith("Accounting/x.md ") and "\n" not in str(info.value)


def test_read_text_file_refuses_a_file_over_the_cap_and_reads_one_at_it(tmp_path: Path) -> None:
    vault = Vault(tmp_path)
    (tmp_path / "big.md").write_bytes(b"a" * 101)
    (tmp_path / "fits.md").write_bytes(b"a" * 100)
    with pytest.raises(UnreadableFile, match=r"big.md is 101 bytes, more than the 100 allowed"):
        vault.read_text("big.md", max_bytes=100)
    assert vault.read_text("fits.md", max_bytes=100) == "a" * 100
