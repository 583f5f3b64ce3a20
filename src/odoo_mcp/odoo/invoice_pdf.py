"""An invoice's PDF as Odoo renders it, fetched with the API credentials only.

Odoo 19 has no report RPC: `ir.actions.report._render_qweb_pdf` is private ("Private methods cannot
be called remotely", on JSON-2 and JSON-RPC alike), and `/report/pdf/...` needs a browser session
(a password login; an API key is refused there). Two ways work with what the server has:

1. The invoice's legal PDF, once Odoo made one (sending the invoice stores it as
   `invoice_pdf_report_id`): an `ir.attachment` whose `datas` any RPC reads.
2. Otherwise the customer portal's download, the link Odoo puts in every invoice e-mail:
   `get_portal_url(report_type="pdf", download=True)` (public) gives `/my/invoices/<id>?access_token=...`,
   and a plain GET of it returns the PDF Odoo renders for the customer (wkhtmltopdf on the server).
   `get_portal_url` creates the invoice's portal access token when it has none, as Odoo does when
   it shows or sends the customer link; nothing else is written.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from .client import OdooClient
from .errors import OdooError
from .rows import Many2one

PDF_MAGIC = b"%PDF-"
SALE_DOCUMENTS = ("out_invoice", "out_refund")


@dataclass(frozen=True)
class InvoicePdf:
    move_id: int
    number: str
    filename: str  # Odoo's own name for the file (INV_2026_00001.pdf)
    content: bytes
    source: str  # "legal PDF stored by Odoo" or "customer portal"

    @property
    def size(self) -> int:
        return len(self.content)


class NoPdf(OdooError):
    """The document has no PDF Odoo would give a customer (not a posted customer invoice or credit note)."""

    kind = "invalid_request"


async def invoice_pdf(client: OdooClient, move_id: int) -> InvoicePdf:
    rows = await client.read("account.move", [move_id], ["name", "move_type", "state", "invoice_pdf_report_id"])
    if not rows:
        raise NoPdf(f"no invoice with id {move_id}")
    row = rows[0]
    number = str(row.get("name") or move_id)
    if row.get("move_type") not in SALE_DOCUMENTS or row.get("state") != "posted":
        raise NoPdf(f"{number} is not a posted customer invoice or credit note: Odoo prints no PDF for it")
    legal = Many2one.parse(row.get("invoice_pdf_report_id"))
    if legal.id:
        attachments = await client.read("ir.attachment", [legal.id], ["name", "datas"])
        if attachments and attachments[0].get("datas"):
            content = _decoded(attachments[0]["datas"], number)
            return InvoicePdf(move_id, number, str(attachments[0].get("name") or pdf_filename(number)), _checked(content, number),
                              "legal PDF stored by Odoo")
    url = await client.call("account.move", "get_portal_url", ids=[move_id], report_type="pdf", download=True)
    if not isinstance(url, str) or not url.startswith("/"):
        raise OdooError(f"Odoo gave no portal address for {number}")
    content, _type = await client.download(url)
    return InvoicePdf(move_id, number, pdf_filename(number), _checked(content, number), "customer portal")


def pdf_filename(number: str) -> str:
    """Odoo's `_get_invoice_report_filename`: the number with slashes as underscores."""
    return f"{number.replace('/', '_')}.pdf"


def _decoded(datas: str, number: str) -> bytes:
    try:
        return base64.b64decode(datas, validate=True)
    except (binascii.Error, ValueError):
        raise OdooError(f"the stored PDF of {number} is not valid base64") from None


def _checked(content: bytes, number: str) -> bytes:
    if not content.startswith(PDF_MAGIC):
        raise OdooError(
            f"Odoo did not return a PDF for {number} (got {content[:40]!r}...): is wkhtmltopdf installed on the Odoo server?"
        )
    return content

