"""Credit notes, cancel, reset to draft and due dates on the sandbox: refusals before the owner is asked (nothing
written, no request filed), a replay, and lost answers that never make a second credit note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.runtime import sandbox_client

from .flow import approved, call, move, record, refused, request

pytestmark = pytest.mark.anyio


async def _posted_invoice(client: Any, vault: Path, price: str = "200.00", **extra: Any) -> dict[str, Any]:
    customer = (await call(client, "find_partners", {"role": "customer", "limit": 1}))["items"][0]["id"]
    args = {"partner_id": customer, "due_date": "2026-12-31", "post": True,
            "lines": [{"description": "Service", "unit_price": price}], **extra}
    return record(await approved(client, vault, "create_invoice", args), "account.move")


async def _refused_before_asking(client: Any, vault: Path, writes: Any, tool: str, args: dict[str, Any], *words: str) -> str:
    before = writes()
    text = await refused(client, tool, args)
    assert all(word in text for word in words), text
    assert writes() == before and not list((vault / "Pending_Approval").glob("*.md")), "something was written or filed"
    return text


async def test_refused_before_the_owner_is_asked(make_client, vault, writes, sandbox) -> None:
    async with make_client() as client:
        posted = await _posted_invoice(client, vault)
        draft = record(await approved(client, vault, "create_invoice", {
            "partner_id": (await call(client, "find_partners", {"role": "customer", "limit": 1}))["items"][0]["id"],
            "lines": [{"description": "Draft", "unit_price": "10.00"}]}), "account.move")
        cases = [
            ("create_credit_note", {"invoice": draft["id"], "reason": "x"}, "is draft: only a posted customer invoice"),
            ("create_credit_note", {"invoice": posted["id"], "reason": "x", "untaxed_amount": "200.01"}, "more than"),
            ("create_credit_note", {"invoice": posted["id"], "reason": "x", "date": "2099-01-01"}, "is in the future"),
            ("create_credit_note", {"invoice": posted["id"], "reason": "x", "taxes": [1]}, "taxes go with untaxed_amount"),
            ("create_credit_note", {"invoice": posted["id"], "reason": "  "}, "give the reason"),
            ("create_credit_note", {"invoice": "NO/SUCH/1", "reason": "x"}, "no single"),
            ("reset_to_draft", {"document": draft["id"]}, "is draft: only a posted or cancel document can be reset to draft"),
            ("change_due_date", {"document": posted["id"]}, "exactly one"),
            ("change_due_date", {"document": posted["id"], "due_date": "2026-12-31"}, "already due 2026-12-31"),
            ("change_due_date", {"document": posted["id"], "due_date": "2020-01-01"}, "is before"),
        ]
        for tool, args, words in cases:
            await _refused_before_asking(client, vault, writes, tool, args, words)
        await approved(client, vault, "cancel_document", {"document": draft["id"]})
        await _refused_before_asking(client, vault, writes, "cancel_document", {"document": draft["id"]}, "is cancel")
        await _refused_before_asking(client, vault, writes, "change_due_date", {"document": draft["id"], "due_date": "2027-01-01"},
                                     "is cancelled")


async def test_draft_gets_a_payment_term_and_a_replay_writes_nothing(make_client, vault, writes) -> None:
    async with make_client() as client:
        customer = (await call(client, "find_partners", {"role": "customer", "limit": 1}))["items"][0]["id"]
        draft = record(await approved(client, vault, "create_invoice", {
            "partner_id": customer, "invoice_date": "2026-11-10", "due_date": "2026-11-20",
            "lines": [{"description": "Draft", "unit_price": "10.00"}]}), "account.move")
        terms = (await call(client, "lookup", {"kind": "payment_term"}))["payment_terms"]
        term = next(t for t in terms if "30" in t["name"])
        args = {"document": draft["id"], "payment_term": term["name"]}
        done = await approved(client, vault, "change_due_date", args)
        shown = await call(client, "get_invoice", {"id": draft["id"]})
        assert shown["due_date"] == "2026-12-10" and done["records"][0]["date"] == "2026-12-10", (shown, done)
        before = writes()
        again = await refused(client, "change_due_date", {**args, "approval_id": done["approval_id"]})
        assert "REFUSED (already_executed)" in again and writes() == before


class _LosesAnswers(httpx.AsyncBaseTransport):
    """Odoo does the work but the answer to one method never arrives (a timeout)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, path: str) -> None:
        self.inner, self.path = inner, path

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith(self.path):
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize(("lost", "carried_on"), [("/account.move/action_post", True), ("/account.move.reversal/refund_moves", False)])
async def test_lost_answer_never_makes_a_second_credit_note(make_client, vault, writes, sandbox, monkeypatch, clock, settings,
                                                           lost, carried_on) -> None:
    """Lost after the credit note was made and marked: the retry finds it and carries on (nothing made twice). Lost
    before it was marked: never retried on the same approval; the credit notes Odoo holds are listed."""
    async with make_client() as client:
        invoice = await _posted_invoice(client, vault, "300.00")
        args = {"invoice": invoice["id"], "reason": "lost answer", "untaxed_amount": "50.00"}
        pending = await request(client, "create_credit_note", args)
        move(vault, pending["file"], "Approved")
        inner = sandbox.transport
        monkeypatch.setattr(sandbox, "transport", lambda: _LosesAnswers(inner(), lost))
    async with make_client() as client:
        text = await refused(client, "create_credit_note", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (outcome_unknown)" in text, text
        monkeypatch.setattr(sandbox, "transport", inner)
    clock.advance(seconds=2 * settings.timeout + 121)
    async with make_client() as client:
        if carried_on:
            done = await call(client, "create_credit_note", {**args, "approval_id": pending["approval_id"]})
            assert done["status"] == "executed" and "carried on" in done["message"], done
            assert done["records"][0]["state"] == "posted" and done["records"][1]["amount_residual"] == "250.00", done
        else:
            text = await refused(client, "create_credit_note", {**args, "approval_id": pending["approval_id"]})
            assert "never retried" in text and "reverse" in text, text
    reversals = [c for c in writes() if c.method == "refund_moves"]
    assert len(reversals) == 1
    async with sandbox_client(settings_from_mapping({"ODOO_URL": "sandbox"}), sandbox) as odoo:
        assert await odoo.search_count("account.move", [("reversed_entry_id", "=", invoice["id"])]) == 1
