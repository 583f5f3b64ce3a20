"""An invoice's PDF saved into the vault and read back as an MCP resource, on the sandbox."""

from __future__ import annotations

import base64
import io

import pytest
from mcp import Client
from pypdf import PdfReader

from odoo_mcp.server import build_server

pytestmark = pytest.mark.anyio


def _posted_invoice(sandbox) -> dict:  # type: ignore[no-untyped-def]
    return next(m for m in sorted(sandbox.db.tables["account.move"].values(), key=lambda m: m["id"])
                if m["move_type"] == "out_invoice" and m["state"] == "posted")


async def test_pdf_saved_under_invoices_with_a_neutral_name_and_read_as_resource(settings, runtime_factory, sandbox, vault_path) -> None:
    invoice = _posted_invoice(sandbox)
    async with Client(build_server(settings, runtime_factory=runtime_factory)) as client:
        result = await client.call_tool("save_invoice_pdf", {"invoice": invoice["name"]})
        assert not result.is_error, result
        saved = result.structured_content
        stem = invoice["name"].replace("/", "-")
        assert saved["file"] == f"Invoices/{stem}.pdf" and saved["resource"] == f"vault://invoices/{stem}"
        content = (vault_path / saved["file"]).read_bytes()
        assert saved["size"] == len(content) and saved["pages"] == len(PdfReader(io.BytesIO(content)).pages) == 1
        assert saved["source"] == "customer portal"
        blob = await client.read_resource(saved["resource"])
        assert blob.contents[0].mime_type == "application/pdf"
        assert base64.b64decode(blob.contents[0].blob) == content
        draft = next(m for m in sandbox.db.tables["account.move"].values() if m["state"] == "draft")
        refused = await client.call_tool("save_invoice_pdf", {"invoice": draft["id"]})
        assert refused.is_error and "not a posted customer invoice" in refused.content[0].text
        missing = await client.call_tool("save_invoice_pdf", {"invoice": "INV/1999/99999"})
        assert missing.is_error and "no single customer invoice" in missing.content[0].text
    assert sorted(p.name for p in (vault_path / "Invoices").iterdir()) == [f"{stem}.pdf"]


def test_cli_pdf_saves_the_invoice_and_refuses_an_unknown_one(env, monkeypatch, capsys, vault_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from odoo_mcp.cli import main
    from odoo_sandbox import SandboxOdoo

    number = _posted_invoice(SandboxOdoo())["name"]  # the CLI's sandbox runs on today's date, as this one
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["--env-file", os.devnull, "pdf", number]) == 0
    stem = number.replace("/", "-")
    assert f"saved {number} as Invoices/{stem}.pdf" in capsys.readouterr().out
    assert (vault_path / "Invoices" / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["--env-file", os.devnull, "pdf", "XYZ"]) == 1
    assert "no single customer invoice or credit note numbered 'XYZ'" in capsys.readouterr().err
