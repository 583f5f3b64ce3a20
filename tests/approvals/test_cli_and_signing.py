"""The owner's CLI (`odoo-mcp approvals ...`) and signed approvals."""

from __future__ import annotations

import os
import stat
from typing import Any

import pytest

from odoo_mcp.cli import main
from odoo_mcp.vault.audit import REDACTED, AuditLog

from ..postgres import on_both_stores
from .flow import audit_lines, call, front, move, refused, request

pytestmark = pytest.mark.anyio


@pytest.fixture
def cli(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*argv: str, **extra: str) -> tuple[int, str, str]:
        for key, value in {**env, **extra}.items():
            monkeypatch.setenv(key, value)
        code = main(["--env-file", os.devnull, "approvals", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


async def _bill_payment(client: Any, amount: str) -> dict[str, Any]:
    bill = (await call(client, "list_vendor_bills", {"state": "posted", "payment_state": "not_paid", "limit": 1}))["items"][0]
    return {"invoices": [bill["id"]], "amount": amount}


@on_both_stores  # the owner's CLI and the server share the store, SQLite or PostgreSQL
async def test_signed_mode_refuses_a_moved_file_and_accepts_a_cli_approval(make_client, vault, writes, cli, settings) -> None:
    async with make_client(SIGNED_APPROVALS="true") as client:
        args = await _bill_payment(client, "12.00")
        pending = await request(client, "register_payment", args)
        approval_id = pending["approval_id"]

        code, out, _ = cli("list", SIGNED_APPROVALS="true")
        assert code == 0 and approval_id in out and "12.00 USD" in out
        code, out, _ = cli("show", approval_id, SIGNED_APPROVALS="true")
        assert code == 0 and "file intact" in out and "## Exact payload" in out

        where = move(vault, pending["file"], "Approved")  # moved by hand (or by the assistant): not enough
        text = await refused(client, "register_payment", {**args, "approval_id": approval_id})
        assert "REFUSED (unsigned)" in text and writes() == []

        code, out, _ = cli("approve", approval_id, "--yes", SIGNED_APPROVALS="true")
        assert code == 0 and "approved (signed)" in out
        assert front(vault, where)["signature"].startswith("hmac-sha256:")
        key_mode = stat.S_IMODE(settings.signing_key_path.stat().st_mode)
        assert key_mode == 0o600

        forged = (vault / where).read_text(encoding="utf-8")
        (vault / where).write_text(forged.replace(front(vault, where)["signature"], "hmac-sha256:" + "0" * 64), encoding="utf-8")
        assert "REFUSED (unsigned)" in await refused(client, "register_payment", {**args, "approval_id": approval_id})
        (vault / where).write_text(forged, encoding="utf-8")

        done = await call(client, "register_payment", {**args, "approval_id": approval_id})
    assert done["status"] == "executed"
    executed = next(line for line in audit_lines(vault) if line["event"] == "executed")
    assert executed["approved_by"].endswith("via CLI (signed)")
    assert any(line["event"] == "approved" and line["actor"] == "owner (CLI)" for line in audit_lines(vault))


@on_both_stores
async def test_cli_approve_without_signed_mode_moves_the_file(make_client, vault, cli) -> None:
    async with make_client() as client:
        args = await _bill_payment(client, "13.00")
        pending = await request(client, "register_payment", args)
        code, out, _ = cli("approve", pending["approval_id"], "--yes")
        assert code == 0 and "Approved/" in out and "(signed)" not in out
        assert not (vault / pending["file"]).exists()
        done = await call(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed"


@on_both_stores
async def test_cli_reject_records_the_reason_and_blocks_execution(make_client, vault, writes, cli) -> None:
    async with make_client() as client:
        args = await _bill_payment(client, "14.00")
        pending = await request(client, "register_payment", args)
        code, out, _ = cli("reject", pending["approval_id"], "--reason", "paid by cheque already")
        assert code == 0 and "Rejected/" in out
        rejected = f"Rejected/{pending['file'].split('/', 1)[1]}"
        assert front(vault, rejected)["rejection_reason"] == "paid by cheque already"
        text = await refused(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
    assert "REFUSED (rejected)" in text and writes() == []


@on_both_stores
async def test_cli_refuses_unknown_edited_and_malformed(make_client, vault, cli) -> None:
    async with make_client() as client:
        args = await _bill_payment(client, "15.00")
        pending = await request(client, "register_payment", args)
    path = vault / pending["file"]
    path.write_text(path.read_text(encoding="utf-8").replace('"15.00"', '"1500.00"'), encoding="utf-8")
    code, _, err = cli("approve", pending["approval_id"], "--yes")
    assert code == 1 and "payload was changed" in err
    assert cli("show", pending["approval_id"])[1].count("EDITED") == 1
    code, _, err = cli("approve", "apr-aaaaaaaaaaaa", "--yes")
    assert code == 1 and "not issued by this server" in err
    code, _, err = cli("approve", "../../etc/passwd", "--yes")
    assert code == 1 and "not an approval id" in err
    (vault / "Pending_Approval" / "CREATE_INVOICE_Forged_2026-11-16_apr-bbbbbbbbbbbb.md").write_text("---\nid: x\n---\n")
    assert "NOT ISSUED BY THIS SERVER" in cli("list")[1]
    code, _, err = cli("approve", pending["approval_id"])  # no terminal to confirm on, no --yes
    assert code == 1


def test_audit_redacts_secret_looking_keys(tmp_path) -> None:
    log = AuditLog(tmp_path)
    entry = log.record(action_type="x", event="requested", actor="test", target=None,
                       parameters={"name": "Acme", "api_key": "k-123", "nested": [{"Password": "p-456"}], "signature": "s"},
                       approval_status="pending")
    assert entry["parameters"] == {"name": "Acme", "api_key": REDACTED, "nested": [{"Password": REDACTED}], "signature": REDACTED}
    raw = next(tmp_path.glob("*.jsonl")).read_text(encoding="utf-8")
    assert "k-123" not in raw and "p-456" not in raw and raw.count("\n") == 1
