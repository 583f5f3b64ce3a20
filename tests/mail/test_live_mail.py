"""The three e-mail actions against a REAL Odoo 19, delivered to a local SMTP sink, on both protocols.

The test starts an SMTP sink on 127.0.0.1, points a uniquely named `ir.mail_server` at it, makes
a customer with an address, one without, and two posted invoices (one overdue), then runs
send_invoice, send_payment_reminder and send_customer_statement through the MCP client and the
approval gate, makes Odoo send its queue, and checks what arrived: recipients, subject, the PDF
(Odoo renders it with wkhtmltopdf: without it the test fails, it does not skip), its page count,
the open amounts Odoo reports. Figures are read from Odoo in the test itself.

    ODOO_LIVE_URL=... ODOO_LIVE_DB=... ODOO_LIVE_API_KEY=... pytest tests/mail/test_live_mail.py -m live -s
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.odoo import OdooClient
from odoo_mcp.runtime import open_runtime
from odoo_mcp.server import build_server

from ..approvals.flow import approved, move, record, refused, request
from ..live import PROTOCOLS, live_with_vault
from .sink import Received, flush, mail_server, pdf_pages, smtp_sink

pytestmark = [pytest.mark.live, pytest.mark.anyio]


@pytest.fixture(params=PROTOCOLS)
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return live_with_vault(request.param, tmp_path)


async def _invoice(client: OdooClient, partner: int, day: dt.date, due: dt.date, price: str) -> int:
    move_id = (await client.create("account.move", [{
        "move_type": "out_invoice", "partner_id": partner, "invoice_date": day.isoformat(), "invoice_date_due": due.isoformat(),
        "invoice_line_ids": [[0, 0, {"name": "Consulting", "quantity": 2, "price_unit": price, "tax_ids": [[6, 0, []]]}]],
    }]))[0]
    await client.call("account.move", "action_post", ids=[move_id])
    return move_id


async def _company_email(client: OdooClient, tag: str) -> tuple[int, Any]:
    """The company needs an address to send from: give it one for the test (restored afterwards)."""
    company = await client.company()
    old = (await client.read("res.company", [company.id], ["email"]))[0].get("email")
    if not old:
        await client.call("res.company", "write", ids=[company.id], vals={"email": f"accounts-{tag}@example.com"})
    return company.id, old


async def _saved_pdf(client: Client, vault: Path, invoice: int | str, source: str) -> dict[str, Any]:
    """save_invoice_pdf, then the file and the resource hold the same real PDF."""
    result = await client.call_tool("save_invoice_pdf", {"invoice": invoice})
    assert not result.is_error, result.content
    saved = result.structured_content
    content = (vault / saved["file"]).read_bytes()
    assert saved["source"] == source and saved["size"] == len(content) and saved["pages"] == pdf_pages(content) >= 1, saved
    blob = await client.read_resource(saved["resource"])
    assert base64.b64decode(blob.contents[0].blob) == content
    return saved


def _show(what: str, got: Received) -> None:
    pdfs = got.pdfs()
    print(f"\n[{what}] from {got.mail_from} to {got.rcpt_tos}: {got.message['subject']!r}, {got.size} bytes; "
          + (", ".join(f"{name} {len(content)} bytes, {pdf_pages(content)} page(s)" for name, content in pdfs) or "no PDF"))


async def test_live_send_invoice_reminder_and_statement(live: Settings) -> None:
    tag = secrets.token_hex(4)
    vault = live.vault_path
    customer = f"cust-{tag}@example.com"
    today = dt.date.today()
    with smtp_sink() as sink:
        async with open_runtime(live) as rt:
            odoo = rt.client
            company_id, old_email = await _company_email(odoo, tag)
            try:
                partner = (await odoo.create("res.partner", [{"name": f"Mail customer {tag}", "email": customer}]))[0]
                silent = (await odoo.create("res.partner", [{"name": f"No e-mail {tag}"}]))[0]
                overdue = await _invoice(odoo, partner, today - dt.timedelta(days=60), today - dt.timedelta(days=30), "150.25")
                current = await _invoice(odoo, partner, today, today + dt.timedelta(days=30), "99.50")
                unreachable = await _invoice(odoo, silent, today, today + dt.timedelta(days=30), "10")
                number = (await odoo.read("account.move", [overdue], ["name"]))[0]["name"]
                async with mail_server(odoo, sink, tag), Client(build_server(live)) as client:
                    portal = await _saved_pdf(client, vault, current, "customer portal")
                    text = await refused(client, "send_invoice", {"invoice": unreachable})
                    assert "has no e-mail address" in text, text

                    sent = await approved(client, vault, "send_invoice", {"invoice": number})
                    message = record(sent, "mail.message")
                    assert customer in message["state"] and "exception" not in message["state"], message
                    [mail] = await flush(odoo, sink, customer, 1)
                    [(name, pdf)] = mail.pdfs()
                    assert name == number.replace("/", "_") + ".pdf" and pdf.startswith(b"%PDF-") and pdf_pages(pdf) >= 1
                    assert mail.message["subject"] == message["name"] and number in mail.message["subject"]
                    _show("send_invoice", mail)
                    again = await refused(client, "send_invoice", {"invoice": number, "approval_id": sent["approval_id"]})
                    assert "already executed" in again and len(sink.to(customer)) == 1, again
                    second = await request(client, "send_invoice", {"invoice": number, "reason": "again"})
                    assert "ALREADY SENT" in (vault / second["file"]).read_text(encoding="utf-8")
                    move(vault, second["file"], "Rejected")
                    done = (vault / sent["file"]).read_text(encoding="utf-8")
                    assert "status: done" in done and customer in done, done
                    print(f"\n===== {sent['file']} =====\n{done}")
                    legal = await _saved_pdf(client, vault, number, "legal PDF stored by Odoo")
                    assert legal["size"] == len(pdf), (legal, len(pdf))  # the very PDF the customer received
                    print(f"\n[save_invoice_pdf] {portal}\n[save_invoice_pdf] {legal}")

                    reminder = await approved(client, vault, "send_payment_reminder", {"invoice": overdue})
                    mails = await flush(odoo, sink, customer, 2)
                    residual = Decimal(str((await odoo.read("account.move", [overdue], ["amount_residual"]))[0]["amount_residual"]))
                    body = mails[1].html()
                    assert "30 days overdue" in body and f"{residual:,.2f}" in body, body
                    [(name, pdf)] = mails[1].pdfs()
                    assert pdf.startswith(b"%PDF-") and pdf_pages(pdf) >= 1
                    _show("send_payment_reminder", mails[1])
                    print(f"\n===== {reminder['file']} =====\n{(vault / reminder['file']).read_text(encoding='utf-8')}")

                    statement = await approved(client, vault, "send_customer_statement", {"partner_id": partner})
                    mails = await flush(odoo, sink, customer, 3)
                    opens = await odoo.read("account.move", [overdue, current], ["amount_residual"])
                    total = sum((Decimal(str(r["amount_residual"])) for r in opens), Decimal(0))
                    body = mails[2].html()
                    assert f"{total:,.2f}" in body and f"{residual:,.2f}" in body, body
                    _show("send_customer_statement", mails[2])
                    assert record(statement, "mail.message")["name"] == mails[2].message["subject"]
                    for path in (statement["file"],):
                        print(f"\n===== {path} =====\n{(vault / path).read_text(encoding='utf-8')}")
                    assert not list((vault / "Approved").glob("*.md")) and not list((vault / "Pending_Approval").glob("*.md"))
            finally:
                if not old_email:
                    await odoo.call("res.company", "write", ids=[company_id], vals={"email": False})
