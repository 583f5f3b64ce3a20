"""The three e-mail actions end to end through the MCP client on the sandbox, checked against its outbox.

The sandbox records what it sends (`mail.mail`, state `sent`), so each test reads the outbox after
the approval ran: recipient, subject, the PDF (a real, one-page PDF), the figures in the body,
read from the sandbox's books in the test itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from odoo_mcp.odoo import OdooError
from odoo_mcp.odoo.invoice_pdf import invoice_pdf
from odoo_mcp.runtime import sandbox_client

from .flow import approved, call, front, losing_answers, move, record, refused, request

pytestmark = pytest.mark.anyio


def _overdue(sandbox: Any) -> dict[str, Any]:
    today = sandbox.db.today.isoformat()
    return next(
        m for m in sorted(sandbox.db.tables["account.move"].values(), key=lambda m: m["id"])
        if m["move_type"] == "out_invoice" and m["state"] == "posted" and m["amount_residual"] > 0 and m["invoice_date_due"] < today
    )


def _outbox(sandbox: Any, email: str) -> list[dict[str, Any]]:
    return [m for m in sorted(sandbox.db.tables["mail.mail"].values(), key=lambda m: m["id"]) if m["email_to"] == email]


def _pdfs(sandbox: Any, mail: dict[str, Any]) -> list[tuple[str, bytes]]:
    rows = [sandbox.db.tables["ir.attachment"][i] for i in mail["attachment_ids"]]
    return [(row["name"], base64.b64decode(row["datas"])) for row in rows]


def _partner(sandbox: Any, partner_id: int) -> dict[str, Any]:
    return sandbox.db.tables["res.partner"][partner_id]


async def test_send_invoice_mails_the_pdf_once_through_the_send_wizard(make_client, vault, sandbox, writes) -> None:
    invoice = _overdue(sandbox)
    email = _partner(sandbox, invoice["partner_id"])["email"]
    async with make_client() as client:
        pending = await request(client, "send_invoice", {"invoice": invoice["name"]})
        text = (vault / pending["file"]).read_text(encoding="utf-8")
        pdf_name = invoice["name"].replace("/", "_") + ".pdf"
        assert f"\\<{email}\\>" in text and f'"attachment": "{pdf_name}"' in text and f"(Ref {invoice['name']})" in text, text
        assert _outbox(sandbox, email) == []  # filing a request sends nothing
        move(vault, pending["file"], "Approved")
        before = len(writes())
        done = await call(client, "send_invoice", {"invoice": invoice["name"], "approval_id": pending["approval_id"]})
        assert done["status"] == "executed"
        message = record(done, "mail.message")
        assert f"{email}: sent" in message["state"]
        [mail] = _outbox(sandbox, email)
        assert mail["state"] == "sent" and mail["subject"] == message["name"] and invoice["name"] in mail["subject"]
        [(name, pdf)] = _pdfs(sandbox, mail)
        assert name == pdf_name and len(PdfReader(io.BytesIO(pdf)).pages) == 1
        assert sandbox.db.tables["account.move"][invoice["id"]]["is_move_sent"]
        assert [(c.model, c.method) for c in writes()[before:]] == [
            ("account.move.send.wizard", "create"), ("account.move.send.wizard", "action_send_and_print"), ("ir.model.data", "create"),
        ]
        again = await refused(client, "send_invoice", {"invoice": invoice["name"], "approval_id": pending["approval_id"]})
        assert "already executed" in again and len(_outbox(sandbox, email)) == 1
        second = await request(client, "send_invoice", {"invoice": invoice["name"], "reason": "again"})
        assert "ALREADY SENT" in (vault / second["file"]).read_text(encoding="utf-8")
        assert "ALREADY SENT" not in text
    assert front(vault, done["file"])["status"] == "done"


async def test_reminder_says_open_amount_and_days_overdue_with_the_pdf(make_client, vault, sandbox) -> None:
    invoice = _overdue(sandbox)
    email = _partner(sandbox, invoice["partner_id"])["email"]
    days = (sandbox.db.today - dt.date.fromisoformat(invoice["invoice_date_due"])).days
    async with make_client() as client:
        done = await approved(client, vault, "send_payment_reminder", {"invoice": invoice["id"]})
    [mail] = _outbox(sandbox, email)
    open_amount = Decimal(invoice["amount_residual"]).quantize(Decimal("0.01"))
    assert f"{days} days overdue" in mail["subject"] and f"{days} days overdue" in mail["body_html"]
    assert f"{open_amount:,}" in mail["body_html"], mail["body_html"]
    [(name, pdf)] = _pdfs(sandbox, mail)
    assert name == invoice["name"].replace("/", "_") + ".pdf" and pdf.startswith(b"%PDF-")
    assert record(done, "account.move")["amount_residual"] == str(open_amount)


async def test_statement_lists_open_invoices_with_odoos_totals(make_client, vault, sandbox) -> None:
    invoice = _overdue(sandbox)
    partner = invoice["commercial_partner_id"]
    today = sandbox.db.today.isoformat()
    opens = [m for m in sandbox.db.tables["account.move"].values()
             if m["move_type"] == "out_invoice" and m["state"] == "posted" and m["commercial_partner_id"] == partner
             and m["payment_state"] in ("not_paid", "partial")]
    total = sum((Decimal(m["amount_residual"]) for m in opens), Decimal(0)).quantize(Decimal("0.01"))
    overdue = sum((Decimal(m["amount_residual"]) for m in opens if m["invoice_date_due"] < today), Decimal(0)).quantize(Decimal("0.01"))
    async with make_client() as client:
        pending = await request(client, "send_customer_statement", {"partner_id": partner})
        text = (vault / pending["file"]).read_text(encoding="utf-8")
        assert f"Total open {total:,}" in text and f"overdue {overdue:,}" in text, text
        move(vault, pending["file"], "Approved")
        await call(client, "send_customer_statement", {"partner_id": partner, "approval_id": pending["approval_id"]})
    [mail] = _outbox(sandbox, _partner(sandbox, partner)["email"])
    assert all(m["name"] in mail["body_html"] for m in opens) and f"{total:,}" in mail["body_html"]
    message = sandbox.db.tables["mail.message"][mail["mail_message_id"]]
    assert (message["model"], message["res_id"]) == ("res.partner", partner)


async def test_refusals_say_why_and_send_nothing(make_client, vault, sandbox) -> None:
    invoice = _overdue(sandbox)
    later = next(m for m in sandbox.db.tables["account.move"].values()
                 if m["move_type"] == "out_invoice" and m["state"] == "posted" and m["invoice_date_due"] >= sandbox.db.today.isoformat())
    draft = next(m for m in sandbox.db.tables["account.move"].values() if m["move_type"] == "out_invoice" and m["state"] == "draft")
    async with make_client() as client:
        assert "not overdue yet" in await refused(client, "send_payment_reminder", {"invoice": later["id"]})
        assert "only posted invoices can be sent" in await refused(client, "send_invoice", {"invoice": draft["id"]})
        sandbox.db.update("res.partner", invoice["partner_id"], {"email": None})
        text = await refused(client, "send_invoice", {"invoice": invoice["id"]})
        assert "has no e-mail address" in text, text
        assert "has no e-mail address" in await refused(client, "send_payment_reminder", {"invoice": invoice["id"]})
        sandbox.db.update("res.partner", invoice["partner_id"], {"email": "new@example.com"})
        company = invoice["company_id"]
        sandbox.db.update("res.company", company, {"email": None})
        assert "no e-mail address to send from" in await refused(client, "send_customer_statement", {"partner_id": invoice["partner_id"]})
    assert sandbox.db.tables["mail.mail"] == {} and not list((vault / "Pending_Approval").glob("*.md"))


async def test_changed_since_approval_sends_nothing(make_client, vault, sandbox) -> None:
    invoice = _overdue(sandbox)
    email = _partner(sandbox, invoice["partner_id"])["email"]
    async with make_client() as client:
        pending = await request(client, "send_payment_reminder", {"invoice": invoice["id"]})
        move(vault, pending["file"], "Approved")
        sandbox.db.update("res.partner", invoice["partner_id"], {"email": "someone-else@example.com"})
        text = await refused(client, "send_payment_reminder", {"invoice": invoice["id"], "approval_id": pending["approval_id"]})
        assert "changed_since_approval" in text and email in text, text
    assert _outbox(sandbox, email) == [] and _outbox(sandbox, "someone-else@example.com") == []


async def test_mail_queue_and_portal_pdf_behave_as_odoo(settings, sandbox) -> None:
    """The cron's queue runner has nothing to do (the sandbox sends at once); the portal serves the PDF only with the token."""
    invoice = _overdue(sandbox)
    async with sandbox_client(settings, sandbox) as odoo:
        assert await odoo.call("mail.mail", "process_email_queue") is None
        pdf = await invoice_pdf(odoo, invoice["id"])
        assert pdf.source == "customer portal" and pdf.content.startswith(b"%PDF-")
        assert pdf.filename == invoice["name"].replace("/", "_") + ".pdf"
        with pytest.raises(OdooError, match="HTTP 404"):
            await odoo.download(f"/my/invoices/{invoice['id']}?access_token=wrong&report_type=pdf")


async def test_interrupted_send_is_never_sent_again(make_client, vault, sandbox, monkeypatch, clock, settings) -> None:
    """Odoo sent the invoice but the answer was lost: after the lease the retry finds no marked message and refuses,
    naming the message that looks like it; the customer got one e-mail."""
    invoice = _overdue(sandbox)
    email = _partner(sandbox, invoice["partner_id"])["email"]
    inner_factory = sandbox.transport

    LosesSendAnswers = losing_answers(
        inner_factory, lambda r: r.url.path.endswith("/action_send_and_print") or b"action_send_and_print" in r.content
    )

    args = {"invoice": invoice["id"]}
    async with make_client() as client:
        pending = await request(client, "send_invoice", args)
        move(vault, pending["file"], "Approved")
        monkeypatch.setattr(sandbox, "transport", LosesSendAnswers)
    async with make_client() as client:
        assert "REFUSED (outcome_unknown)" in await refused(client, "send_invoice", {**args, "approval_id": pending["approval_id"]})
        clock.advance(seconds=2 * settings.timeout + 121)
        text = await refused(client, "send_invoice", {**args, "approval_id": pending["approval_id"]})
    assert "never sent again" in text and "look like it: message" in text, text
    assert len(_outbox(sandbox, email)) == 1
