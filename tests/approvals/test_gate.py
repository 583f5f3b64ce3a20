"""The gate's other promises: one request per payload, dry run, limits, flags, failures, audit."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from odoo_mcp.approvals.request_store import Status, open_request_store

from ..postgres import on_both_stores
from .flow import approved, audit_lines, call, front, move, record, refused, request

# Every promise holds on both request stores (SQLite, and PostgreSQL shared by several instances).
pytestmark = [pytest.mark.anyio, on_both_stores]

AUDIT_KEYS = {"timestamp", "action_type", "actor", "target", "parameters", "approval_status", "approved_by", "result"}


async def _open_invoices(client: Any, **filters: Any) -> list[dict[str, Any]]:
    found = await call(client, "list_invoices", {"state": "posted", "payment_state": "not_paid", "limit": 50, **filters})
    return found["items"]


async def _open_bill(client: Any) -> dict[str, Any]:
    return (await call(client, "list_vendor_bills", {"state": "posted", "payment_state": "not_paid", "limit": 1}))["items"][0]


async def test_same_payload_twice_gives_the_same_request(make_client, vault, writes) -> None:
    async with make_client() as client:
        invoice = (await _open_invoices(client))[0]
        args = {"invoices": [invoice["id"]], "amount": "10"}
        first = await request(client, "register_payment", args)
        again = await request(
            client, "register_payment", {"invoices": [invoice["id"]], "amount": "10.00"}
        )  # same amount, spelled differently
        other = await request(client, "register_payment", {"invoices": [invoice["id"]], "amount": "11.00"})
        move(vault, first["file"], "Approved")
        approved_already = await call(client, "register_payment", args)
    assert again["approval_id"] == first["approval_id"] and again["file"] == first["file"]
    assert other["approval_id"] != first["approval_id"]
    assert approved_already["status"] == "approved" and approved_already["approval_id"] == first["approval_id"]
    assert len(list((vault / "Pending_Approval").glob("*.md"))) == 1
    assert writes() == []


async def test_request_file_format(make_client, vault) -> None:
    async with make_client() as client:
        bill = await _open_bill(client)
        pending = await request(client, "register_payment", {"invoices": [bill["number"]], "reason": "rent for November"})
        status = await call(client, "odoo_status", {})
    text = (vault / pending["file"]).read_text(encoding="utf-8")
    meta = front(vault, pending["file"])
    assert {"type", "id", "action", "amount", "currency", "recipient", "reason", "created", "expires", "status", "payload_sha256"} <= set(
        meta
    )
    assert meta["type"] == "approval_request" and meta["status"] == "pending" and meta["action"] == "register_payment"
    assert Decimal(meta["amount"]) == Decimal(bill["residual"]) and meta["recipient"] == bill["partner"]
    assert meta["new_recipient"] is False  # this vendor has been paid before
    assert pending["file"].split("/")[1].startswith("REGISTER_PAYMENT_") and pending["file"].endswith(f"_{meta['id']}.md")
    assert "**In ten seconds:**" in text and "To approve:" in text and "To reject:" in text
    block = text.split("## Exact payload", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    # the tool's arguments plus the company they are for: the hash binds the request to that company's books
    assert json.loads(block) == {"invoices": [bill["number"]], "reason": "rent for November", "company_id": status["company_id"]}
    assert (meta["company"], meta["company_id"]) == (status["company"], status["company_id"])
    assert f"Company: **{status['company']}** (Odoo id {status['company_id']})" in text.split("## Exact payload")[0]


async def test_payment_against_two_invoices_of_one_customer(make_client, vault) -> None:
    async with make_client() as client:
        by_partner: dict[int, list[dict[str, Any]]] = {}
        for invoice in await _open_invoices(client):
            by_partner.setdefault(invoice["partner_id"], []).append(invoice)
        pair = next(items[:2] for items in by_partner.values() if len(items) >= 2)
        done = await approved(client, vault, "register_payment", {"invoices": [pair[0]["number"], pair[1]["id"]]})
        moves = [r for r in done["records"] if r["model"] == "account.move"]
        for invoice in pair:
            read_back = await call(client, "get_invoice", {"id": invoice["id"]})
            assert read_back["payment_state"] == "paid" and Decimal(read_back["residual"]) == 0
    assert Decimal(record(done, "account.payment")["amount"]) == Decimal(pair[0]["residual"]) + Decimal(pair[1]["residual"])
    assert len(moves) == 2


async def test_payment_refused_at_request_time_when_it_does_not_fit(make_client, writes) -> None:
    async with make_client() as client:
        invoice = (await _open_invoices(client))[0]
        too_much = str(Decimal(invoice["residual"]) + Decimal("0.01"))
        assert "REFUSED (invalid_request)" in await refused(client, "register_payment", {"invoices": [invoice["id"]], "amount": too_much})
        assert "REFUSED (invalid_request)" in await refused(client, "register_payment", {"invoices": [999999]})
        assert "invalid arguments" in await refused(client, "register_payment", {"invoices": [invoice["id"]], "amount": "1.001"})
        assert "REFUSED (invalid_request)" in await refused(
            client,
            "create_invoice",
            {"partner_id": invoice["partner_id"], "lines": [{"description": "x", "unit_price": 1, "taxes": ["No such tax"]}]},
        )
    assert writes() == []


async def test_dry_run_runs_the_whole_flow_and_writes_nothing(make_client, vault, writes) -> None:
    async with make_client(DRY_RUN="true") as client:
        invoice = (await _open_invoices(client))[0]
        pending = await request(client, "register_payment", {"invoices": [invoice["id"]], "amount": "5.00"})
        assert "DRY RUN" in (vault / pending["file"]).read_text(encoding="utf-8")
        done = await approved(client, vault, "register_payment", {"invoices": [invoice["id"]], "amount": "5.00", "reason": "dry"})
        result = await client.call_tool("register_payment", {"invoices": [invoice["id"]], "amount": "5.00", "reason": "dry"})
    assert done["status"] == "dry_run" and done["dry_run"] is True
    assert done["message"].startswith("DRY RUN: nothing was written to Odoo")
    assert front(vault, done["file"])["status"] == "dry_run"
    assert writes() == []
    assert not result.is_error  # a new request, still simulated
    assert "DRY RUN" in result.content[0].text


async def test_payments_per_hour_cap(make_client, vault, writes, clock) -> None:
    async with make_client(MAX_PAYMENTS_PER_HOUR="1") as client:
        first, second = (await _open_invoices(client))[:2]
        await approved(client, vault, "register_payment", {"invoices": [first["id"]], "amount": "1.00"})
        args = {"invoices": [second["id"]], "amount": "2.00"}
        pending = await request(client, "register_payment", args)
        move(vault, pending["file"], "Approved")
        before = writes()
        text = await refused(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (rate_limited)" in text and "MAX_PAYMENTS_PER_HOUR=1" in text
        assert writes() == before
        clock.advance(minutes=61)
        later = await call(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
    assert later["status"] == "executed"


async def test_stale_payment_fails_and_is_never_retried(make_client, vault, writes, settings) -> None:
    """Approved for the full open amount, but someone paid part of it meanwhile: closed as failed, nothing paid,
    and a fresh request for what is open now is filed for the owner."""
    async with make_client() as client:
        invoice = (await _open_invoices(client))[0]
        full = {"invoices": [invoice["id"]]}
        pending = await request(client, "register_payment", full)
        move(vault, pending["file"], "Approved")
        await approved(client, vault, "register_payment", {"invoices": [invoice["id"]], "amount": "3.00"})
        before = writes()
        text = await refused(client, "register_payment", {**full, "approval_id": pending["approval_id"]})
        assert "REFUSED (changed_since_approval)" in text and "open amount changed" in text
        assert "A new request with what Odoo holds now was filed" in text
        again = await refused(client, "register_payment", {**full, "approval_id": pending["approval_id"]})
    assert "REFUSED (failed_before)" in again
    assert writes() == before
    done_file = f"Done/{pending['file'].split('/', 1)[1]}"
    assert front(vault, done_file)["status"] == "failed" and "open amount changed" in front(vault, done_file)["error"]
    assert open_request_store(settings).get(pending["approval_id"]).status is Status.FAILED


async def test_unwritable_audit_log_stops_the_write(make_client, vault, writes, settings) -> None:
    async with make_client() as client:
        invoice = (await _open_invoices(client))[0]
        args = {"invoices": [invoice["id"]], "amount": "4.00"}
        pending = await request(client, "register_payment", args)
        move(vault, pending["file"], "Approved")
        logs = vault / "Logs"
        logs.rename(vault / "Logs.moved")
        logs.write_text("not a folder")
        text = await refused(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (audit_failed)" in text and writes() == []
        assert open_request_store(settings).get(pending["approval_id"]).status is Status.ISSUED
        logs.unlink()
        (vault / "Logs.moved").rename(logs)
        done = await call(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed"


async def test_odoo_unreachable_sends_nothing_and_keeps_the_approval(make_client, vault, writes, sandbox) -> None:
    async with make_client(ODOO_READ_RETRIES="0") as client:
        invoice = (await _open_invoices(client))[0]
        args = {"invoices": [invoice["id"]], "amount": "6.00"}
        pending = await request(client, "register_payment", args)
        move(vault, pending["file"], "Approved")
        sandbox.offline = True
        text = await refused(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
        sandbox.offline = False
        assert "REFUSED (odoo_unreachable)" in text and writes() == []
        done = await call(client, "register_payment", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed"


async def test_lost_answer_then_retry_after_the_lease_creates_nothing_twice(
    make_client, vault, writes, sandbox, monkeypatch, clock, settings
) -> None:
    """Odoo created the invoice but the answer never arrived (timeout): the retry waits out the lease, finds it, creates nothing."""
    inner_factory = sandbox.transport

    class LosesCreateAnswers(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = inner_factory()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            if request.url.path.endswith("/account.move/load"):
                raise httpx.ReadTimeout("answer lost", request=request)
            return response

        async def aclose(self) -> None:
            await self.inner.aclose()

    async with make_client() as client:
        customer = (await _open_invoices(client))[0]["partner_id"]
        args = {"partner_id": customer, "lines": [{"description": "Lost answer", "unit_price": "42.00"}]}
        pending = await request(client, "create_invoice", args)
        move(vault, pending["file"], "Approved")
        monkeypatch.setattr(sandbox, "transport", LosesCreateAnswers)
    async with make_client() as client:  # a runtime whose transport loses create answers
        text = await refused(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (outcome_unknown)" in text
        creates = [c for c in writes() if c.method == "load" and c.model == "account.move"]
        assert len(creates) == 1  # Odoo did create it
        busy = await refused(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (in_progress)" in busy  # too early: an answer might still be on its way
        clock.advance(seconds=2 * settings.timeout + 121)
        done = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed" and "already created for this approval" in done["message"]
    assert [c for c in writes() if c.method == "load" and c.model == "account.move"] == creates


async def test_audit_lines_have_the_fields_and_no_secret(make_client, vault, sandbox) -> None:
    from odoo_sandbox import SANDBOX_API_KEY

    async with make_client() as client:
        bill = await _open_bill(client)
        await approved(client, vault, "register_payment", {"invoices": [bill["id"]], "amount": "1.00", "reason": "audit"})
        await refused(client, "register_payment", {"invoices": [bill["id"]], "amount": "1.00", "approval_id": "apr-ffffffffffff"})
    lines = audit_lines(vault)
    assert [line["event"] for line in lines] == ["requested", "executing", "executed", "refused"]
    assert all(set(line) >= AUDIT_KEYS for line in lines)
    executed = lines[2]
    assert executed["action_type"] == "register_payment" and executed["approved_by"] == "owner (file moved to Approved/)"
    assert executed["result"]["records"][0]["model"] == "account.payment"
    raw = "".join(p.read_text(encoding="utf-8") for p in (vault / "Logs").glob("*.jsonl"))
    assert SANDBOX_API_KEY not in raw
