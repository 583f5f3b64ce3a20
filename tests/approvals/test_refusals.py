"""The refusal matrix: every way an execution can be asked for without a valid approval.

Each case asserts the refusal's code and that Odoo received no write at all (the sandbox's
write calls are unchanged), and most also that the refusal is in the audit log.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import anyio
import pytest

from odoo_mcp.approvals.request_store import RequestStore, SqlRequestStore, Status, open_request_store

from ..postgres import on_both_stores
from .flow import approved, audit_lines, call, front, move, refused, request

# Every refusal holds on both request stores (SQLite, and PostgreSQL shared by several instances).
pytestmark = [pytest.mark.anyio, on_both_stores]


async def _customer(client: Any) -> int:
    found = await call(client, "find_partners", {"role": "customer", "limit": 1})
    return found["items"][0]["id"]


async def _invoice_args(client: Any) -> dict[str, Any]:
    return {"partner_id": await _customer(client), "lines": [{"description": "Audit", "quantity": 2, "unit_price": "125.50"}],
            "post": True, "reason": "refusal matrix"}


async def _requested(client: Any, vault: Path, folder: str | None = None) -> tuple[dict[str, Any], dict[str, Any], str]:
    """An invoice request (arguments, tool answer, file), optionally moved by the owner into `folder`."""
    args = await _invoice_args(client)
    pending = await request(client, "create_invoice", args)
    return args, pending, move(vault, pending["file"], folder) if folder else pending["file"]


def _ledger(settings: Any) -> RequestStore:
    return open_request_store(settings)


def _refusal_logged(vault: Path, code: str) -> bool:
    return any(line["event"] == "refused" and line["approval_status"] == code for line in audit_lines(vault))


async def _refused_without_write(client: Any, writes: Any, tool: str, args: dict[str, Any], code: str) -> str:
    before = writes()
    text = await refused(client, tool, args)
    assert f"REFUSED ({code})" in text, text
    assert writes() == before, "Odoo received a write"
    return text


async def test_no_file(make_client, vault, writes) -> None:
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault)
        (vault / pending["file"]).unlink()
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "no_file")
    assert _refusal_logged(vault, "no_file")


async def test_still_pending(make_client, vault, writes) -> None:
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault)
        text = await _refused_without_write(
            client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "not_approved"
        )
    assert "still waiting" in text and (vault / pending["file"]).is_file()


async def test_rejected_is_reported_and_stays_rejected(make_client, vault, writes, settings) -> None:
    async with make_client() as client:
        args, pending, where = await _requested(client, vault, "Rejected")
        text = await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "rejected")
        assert "REJECTED" in text
        assert front(vault, where)["status"] == "rejected"
        # moved back to Approved afterwards: the ledger remembers the rejection
        move(vault, where, "Approved")
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "rejected")
        # asking for exactly the same thing again is not re-filed behind the owner's back
        await _refused_without_write(client, writes, "create_invoice", args, "rejected")
    assert _ledger(settings).get(pending["approval_id"]).status is Status.REJECTED
    assert len(list((vault / "Pending_Approval").glob("*.md"))) == 0


async def test_expired(make_client, vault, writes, clock, settings) -> None:
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault, "Approved")
        clock.advance(hours=settings.approval_ttl_hours, seconds=1)
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "expired")
        # the same arguments now make a NEW request instead of reviving the expired one
        again = await request(client, "create_invoice", args)
    assert again["approval_id"] != pending["approval_id"]
    assert _ledger(settings).get(pending["approval_id"]).status is Status.EXPIRED


async def test_payload_edited_in_the_file(make_client, vault, writes) -> None:
    async with make_client() as client:
        args, pending, where = await _requested(client, vault, "Approved")
        path = vault / where
        path.write_text(path.read_text(encoding="utf-8").replace('"125.5"', '"12.5"'), encoding="utf-8")
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "payload_edited")


async def test_summary_edited_in_the_file(make_client, vault, writes) -> None:
    """The JSON is intact but the sentence the owner reads was changed: still refused."""
    async with make_client() as client:
        args, pending, where = await _requested(client, vault, "Approved")
        path = vault / where
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("**In ten seconds:**", "**In ten seconds:** Just a small one."), encoding="utf-8")
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "file_edited")
        path.write_text(text.replace(f"amount: '{pending['amount']}'", "amount: '1.00'"), encoding="utf-8")
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]}, "file_edited")


async def test_arguments_changed_at_execution(make_client, vault, writes) -> None:
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault, "Approved")
        changed = {**args, "lines": [{**args["lines"][0], "unit_price": "999.00"}], "approval_id": pending["approval_id"]}
        await _refused_without_write(client, writes, "create_invoice", changed, "arguments_changed")


async def test_action_mismatch(make_client, vault, writes) -> None:
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault, "Approved")
        bill = {**args, "ref": "X-1", "approval_id": pending["approval_id"]}
        await _refused_without_write(client, writes, "create_vendor_bill", bill, "action_mismatch")


async def test_replayed_after_done(make_client, vault, writes) -> None:
    async with make_client() as client:
        args = await _invoice_args(client)
        done = await approved(client, vault, "create_invoice", args)
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": done["approval_id"]}, "already_executed")
        # a copy of the Done file put back into Approved/ changes nothing
        shutil.copy(vault / done["file"], vault / "Approved" / Path(done["file"]).name)
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": done["approval_id"]}, "already_executed")
        # asking for the very same invoice again is a new request, flagged for the owner
        again = await request(client, "create_invoice", args)
    assert again["approval_id"] != done["approval_id"]
    text = (vault / again["file"]).read_text(encoding="utf-8")
    assert "[!warning] POSSIBLE DUPLICATE" in text and "exactly this was already executed on" in text


async def test_hand_made_file_the_ledger_never_issued(make_client, vault, writes) -> None:
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault)
        forged_id = "apr-0123456789ab"
        text = (vault / pending["file"]).read_text(encoding="utf-8").replace(pending["approval_id"], forged_id)
        (vault / "Approved" / f"CREATE_INVOICE_Forged_2026-11-16_{forged_id}.md").write_text(text, encoding="utf-8")
        text = await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": forged_id}, "unknown_id")
    assert "not issued by this server" in text


@pytest.mark.parametrize("bad_id", ["../Approved/x", "apr-0123456789ab/../../etc", "apr-..%2F", "/etc/passwd", "apr-0123456789AB\\x"])
async def test_id_with_path_separators(make_client, vault, writes, bad_id) -> None:
    async with make_client() as client:
        args = await _invoice_args(client)
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": bad_id}, "invalid_id")
    assert _refusal_logged(vault, "invalid_id")


def _with_latency(sandbox: Any, monkeypatch: Any, seconds: float = 0.02) -> None:
    """Every request to the sandbox takes a little while, as over a network, so concurrent calls interleave."""
    import httpx

    inner_factory = sandbox.transport

    class Slow(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = inner_factory()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await anyio.sleep(seconds)
            return await self.inner.handle_async_request(request)

        async def aclose(self) -> None:
            await self.inner.aclose()

    monkeypatch.setattr(sandbox, "transport", Slow)


async def test_two_concurrent_executions_make_one_record(make_client, vault, writes, sandbox, monkeypatch) -> None:
    """Two servers (two assistants, or a retry racing the original) execute the same approval at once."""
    _with_latency(sandbox, monkeypatch)
    async with make_client() as first, make_client() as second:
        args, pending, _ = await _requested(first, vault, "Approved")
        before = writes()
        results: list[Any] = []

        async def execute(client: Any) -> None:
            results.append(await client.call_tool("create_invoice", {**args, "approval_id": pending["approval_id"]}))

        async with anyio.create_task_group() as group:
            group.start_soon(execute, first)
            group.start_soon(execute, second)
    assert sorted(r.is_error for r in results) == [False, True]
    loser = next(r for r in results if r.is_error)
    assert "REFUSED (in_progress)" in loser.content[0].text, loser.content[0].text
    new = writes()[len(before) :]
    assert [(c.model, c.method) for c in new].count(("account.move", "load")) == 1
    assert await _count_marked(sandbox, pending["approval_id"]) == 1


def test_ledger_claim_is_atomic_across_threads(settings) -> None:
    """Eight connections race for one claim: the store's write lock (SQLite's, or PostgreSQL's advisory lock) lets exactly one win."""
    import datetime as dt
    import threading

    from odoo_mcp.approvals.request_store import Claim, Entry

    ledger = _ledger(settings)
    now = dt.datetime.now(dt.UTC)
    entry = Entry(
        id="apr-00000000000a",
        action="register_payment",
        payload_sha256="x",
        payload={},
        plan={},
        body_sha256="y",
        file_name="f.md",
        created_at=now,
        expires_at=now + dt.timedelta(hours=1),
        status=Status.ISSUED,
    )
    with ledger.issuing(entry):
        pass
    barrier, outcomes = threading.Barrier(8), []

    def claim() -> None:
        barrier.wait()
        outcomes.append(ledger.claim(entry.id, now=now, lease_until=now + dt.timedelta(minutes=3), dry_run=False, hourly_cap=3))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.value for o in outcomes) == sorted([Claim.CLAIMED.value] + [Claim.BUSY.value] * 7)


async def _count_marked(sandbox: Any, approval_id: str) -> int:
    """Invoices carrying this approval's marker (its external id)."""
    from odoo_mcp.config import settings_from_mapping
    from odoo_mcp.runtime import sandbox_client

    async with sandbox_client(settings_from_mapping({"ODOO_URL": "sandbox"}), sandbox) as client:
        marks = await client.search_read(
            "ir.model.data", [("module", "=", "odoo_mcp"), ("name", "=", approval_id.replace("-", "_"))], ["model", "res_id"]
        )
        ids = [m["res_id"] for m in marks if m["model"] == "account.move"]
        return await client.search_count("account.move", [("id", "in", ids)]) if ids else 0


async def test_crash_after_odoo_answered_then_retry_finds_the_record(make_client, vault, writes, sandbox, monkeypatch) -> None:
    """Odoo created the invoice, then recording the outcome failed (as if the process died):
    the retry looks for the approval id on Odoo's records, finds the invoice and creates nothing."""
    real_finish = SqlRequestStore.finish
    crashes = {"left": 1}

    def flaky_finish(self: SqlRequestStore, *a: Any, **kw: Any) -> None:
        if crashes["left"]:
            crashes["left"] -= 1
            raise OSError("disk vanished")
        real_finish(self, *a, **kw)

    monkeypatch.setattr(SqlRequestStore, "finish", flaky_finish)
    async with make_client() as client:
        args, pending, where = await _requested(client, vault, "Approved")
        text = await refused(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (outcome_unrecorded)" in text
        assert (vault / where).is_file()  # not moved: the outcome is not recorded yet
        assert await _count_marked(sandbox, pending["approval_id"]) == 1
        after_crash = writes()
        retried = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert retried["status"] == "executed" and "found the customer invoice already created" in retried["message"]
    assert writes() == after_crash, "the retry wrote to Odoo"
    assert await _count_marked(sandbox, pending["approval_id"]) == 1
    assert retried["file"].startswith("Done/") and front(vault, retried["file"])["status"] == "done"
    assert retried["records"][0]["state"] == "posted"


async def test_crash_while_moving_the_file_then_retry_finishes_it(make_client, vault, writes, monkeypatch) -> None:
    """Odoo created it and the ledger recorded it, but the file move failed: the retry only moves the file."""
    from odoo_mcp.approvals import gate as approvals

    real_move = approvals.move_to
    crashes = {"left": 1}

    def flaky_move(*a: Any, **kw: Any) -> Any:
        if crashes["left"]:
            crashes["left"] -= 1
            raise OSError("vault is on a disconnected drive")
        return real_move(*a, **kw)

    monkeypatch.setattr(approvals, "move_to", flaky_move)
    async with make_client() as client:
        args, pending, where = await _requested(client, vault, "Approved")
        first = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
        assert first["status"] == "executed" and "could not be moved" in first["message"]
        assert (vault / where).is_file()
        after = writes()
        retried = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert retried["status"] == "already_executed" and retried["file"].startswith("Done/")
    assert writes() == after
    assert retried["records"][0]["name"] == first["records"][0]["name"]


async def test_a_call_that_read_the_request_before_another_finished_it_says_already_executed(
    make_client, vault, writes, settings, monkeypatch
) -> None:
    """Two instances: one read the request (issued), the other executed it and filed it in Done/ before the first looked
    for the file. The late call answers already_executed (what happened), not "in Done/ but never executed"."""
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault, "Approved")
        stale = _ledger(settings).get(pending["approval_id"])
        done = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
        assert done["status"] == "executed" and done["file"].startswith("Done/")
        real_get, reads = SqlRequestStore.get, {"stale": 1}

        def get_read_before_the_other_call_finished(self: SqlRequestStore, approval_id: str) -> Any:
            if reads["stale"]:
                reads["stale"] -= 1
                return stale
            return real_get(self, approval_id)

        monkeypatch.setattr(SqlRequestStore, "get", get_read_before_the_other_call_finished)
        await _refused_without_write(client, writes, "create_invoice", {**args, "approval_id": pending["approval_id"]},
                                     "already_executed")


async def test_a_store_that_cannot_be_reached_files_and_executes_nothing(make_client, vault, writes, store_url) -> None:
    """The request store is down (PostgreSQL not answering; for SQLite a folder that cannot be created): one line, nothing
    written to Odoo or the vault, and the PostgreSQL password is not in it."""
    blocker = vault.parent / "a-file-not-a-folder"
    blocker.write_text("")
    broken = {"ODOO_MCP_STATE_URL": "postgresql://mcp:sekrit-pw@127.0.0.1:1/approvals"} if store_url else \
        {"ODOO_MCP_STATE_DIR": str(blocker / "state")}
    async with make_client(**broken) as client:
        text = await _refused_without_write(client, writes, "create_partner", {"name": "Nobody Co"}, "store_unavailable")
        again = await _refused_without_write(client, writes, "create_partner", {"name": "Nobody Co", "approval_id": "apr-0123456789ab"},
                                             "store_unavailable")
    assert "sekrit-pw" not in text + again and not list((vault / "Pending_Approval").glob("*.md"))


async def test_a_file_another_instance_already_moved_to_done_is_not_reported_as_a_failure(make_client, vault, writes, monkeypatch) -> None:
    """Two instances finish the same request: the second finds the file gone from Approved/ and already in Done/.
    That is not a failed move: no warning, the answer points at Done/."""
    from odoo_mcp.approvals import gate as approvals

    real_move = approvals.move_to

    def raced_move(vault_: Any, located: Any, folder: str, text: str | None = None) -> Any:
        real_move(vault_, located, folder, text)  # the other instance gets there first ...
        raise FileNotFoundError(2, "No such file or directory", str(located.path))  # ... so this one finds nothing to move

    monkeypatch.setattr(approvals, "move_to", raced_move)
    async with make_client() as client:
        args, pending, _ = await _requested(client, vault, "Approved")
        done = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed" and "could not be moved" not in done["message"], done["message"]
    assert done["file"].startswith("Done/"), "the answer names where the file is"
    assert list((vault / "Done").glob("*.md")) and not list((vault / "Approved").glob("*.md"))
