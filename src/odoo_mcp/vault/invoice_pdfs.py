"""Invoice PDFs saved from Odoo into the vault: `Invoices/<number>.pdf` (`Invoices/<company>/...` with several companies).

The file name comes from the invoice number, neutralised (`file_part`: `INV/2026/00001` ->
`INV-2026-00001.pdf`), so no number can name a path, a hidden file or a reserved name. The file is
written whole (temporary file, then rename) and only if it is a PDF; reading one back for the MCP
resource refuses anything else, and anything larger than `MAX_BYTES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..odoo import OdooClient
from ..odoo.invoice_pdf import PDF_MAGIC, SALE_DOCUMENTS, InvoicePdf, NoPdf, invoice_pdf
from .layout import UnreadableFile, Vault, atomic_write_bytes, safe_name
from .neutral import file_name, file_part

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SavedPdf:
    path: str  # relative to the vault
    size: int
    pages: int


async def fetch_and_save(client: OdooClient, vault: Vault, folder: str, invoice: int | str) -> tuple[InvoicePdf, SavedPdf]:
    """The invoice's PDF from Odoo (id or number), saved into `folder` of the vault."""
    move_id = invoice if isinstance(invoice, int) else await _by_number(client, invoice)
    pdf = await invoice_pdf(client, move_id)
    return pdf, save(vault, folder, pdf.number, pdf.content)


async def _by_number(client: OdooClient, number: str) -> int:
    rows = await client.search_read("account.move", [("name", "=", number.strip()), ("move_type", "in", list(SALE_DOCUMENTS))],
                                    ["id"], limit=2)
    if len(rows) != 1:
        raise NoPdf(f"no single customer invoice or credit note numbered {number!r}")
    return int(rows[0]["id"])


def pdf_name(number: str) -> str:
    return file_name(file_part(number, limit=80, fallback="invoice"), ".pdf")


def save(vault: Vault, folder: str, number: str, content: bytes) -> SavedPdf:
    if not content.startswith(PDF_MAGIC):
        raise UnreadableFile(f"the document for {number} is not a PDF: not saved")
    relative = f"{folder}/{pdf_name(number)}"
    atomic_write_bytes(vault.resolve(relative), content)
    return SavedPdf(relative, len(content), page_count(content))


def read(vault: Vault, folder: str, name: str) -> bytes:
    """A saved PDF's bytes (`name` with or without `.pdf`); `FileNotFoundError`, `VaultPathError`, `UnreadableFile`."""
    relative = f"{folder}/{safe_name(name).removesuffix('.pdf')}.pdf"
    path = vault.resolve(relative)
    if not path.is_file():
        raise FileNotFoundError(f"{relative} is not in the vault")
    if path.stat().st_size > MAX_BYTES:
        raise UnreadableFile(f"{relative} is more than {MAX_BYTES:,} bytes: not read")
    content = path.read_bytes()
    if not content.startswith(PDF_MAGIC):
        raise UnreadableFile(f"{relative} is not a PDF: not read")
    return content


def page_count(content: bytes) -> int:
    """Pages of a PDF, counted by its page objects (`/Type /Page`, not `/Pages`) as Odoo's reports write them."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", content))
