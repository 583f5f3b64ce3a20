"""Invoice PDFs: the `save_invoice_pdf` tool (Odoo -> vault) and the `vault://invoices/...` resources (vault -> assistant).

The tool writes a vault file, and in Odoo at most the invoice's portal access token (created the first
time the portal PDF is asked for, as Odoo's own preview and e-mails do; see `odoo/invoice_pdf.py`), so
it is not read-only; the token is never written to the vault or an answer; saving the same invoice again rewrites the same file,
so it is idempotent and not destructive. The resource returns the PDF's bytes (a blob, MIME
`application/pdf`), only from the vault's `Invoices/` folder.
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from pydantic import BaseModel, ConfigDict, Field

from ..odoo import OdooError
from ..runtime import Runtime
from ..vault import invoice_pdfs
from ..vault.layout import INVOICES, UnreadableFile, Vault, VaultPathError, safe_name
from ..vault.scope import scope_for
from .adapter import UserFacingError, add_tool
from .render import t
from .report_tools import WRITES_VAULT


class SavePdfInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    invoice: int | str = Field(description="Id or number of a posted customer invoice or credit note")


class SavedInvoicePdf(BaseModel):
    invoice_id: int
    number: str
    file: str = Field(description="The PDF, relative to the vault")
    resource: str = Field(description="The MCP resource that returns it")
    size: int = Field(description="Bytes")
    pages: int
    source: str = Field(description="Odoo's stored legal PDF, or the customer portal's rendering")


def resource_uri(relative: str) -> str:
    return "vault://" + relative.removesuffix(".pdf").replace(INVOICES, "invoices", 1)


async def save_invoice_pdf(rt: Runtime, q: SavePdfInput) -> SavedInvoicePdf:
    scope = await scope_for(rt)
    try:
        pdf, saved = await invoice_pdfs.fetch_and_save(rt.client, rt.vault, scope.invoices, q.invoice)
    except (OdooError, UnreadableFile, VaultPathError) as exc:
        raise UserFacingError(f"PDF not saved: {exc}") from None
    return SavedInvoicePdf(invoice_id=pdf.move_id, number=pdf.number, file=saved.path, resource=resource_uri(saved.path), size=saved.size,
                           pages=saved.pages, source=pdf.source)


def render(r: SavedInvoicePdf) -> str:
    return f"saved {t(r.number)} as {t(r.file)} ({r.size:,} bytes, {r.pages} page(s), {t(r.source)}); read it as {t(r.resource)}"


def _pdf(vault: Vault, folder: str, name: str) -> bytes:
    try:
        return invoice_pdfs.read(vault, folder, name)
    except (FileNotFoundError, VaultPathError) as exc:
        raise ResourceNotFoundError(str(exc)) from None
    except (UnreadableFile, OSError) as exc:
        raise ResourceError(str(exc)) from None


def register(server: MCPServer[Runtime], vault: Vault) -> None:
    add_tool(
        server, "save_invoice_pdf", input_model=SavePdfInput, output_model=SavedInvoicePdf, handler=save_invoice_pdf, render=render,
        title="Save an invoice PDF into the vault",
        description="Download a posted customer invoice's PDF from Odoo (as the customer gets it) into the vault's Invoices/ folder; "
        "returns the file and its vault://invoices/... resource. Writes a vault file; in Odoo at most the invoice's portal link token.",
        annotations=WRITES_VAULT,
    )

    @server.resource("vault://invoices/{name}", mime_type="application/pdf", title="Invoice PDF")
    def invoice(name: str) -> bytes:
        """An invoice PDF saved with save_invoice_pdf, e.g. vault://invoices/INV-2026-00001."""
        return _pdf(vault, INVOICES, name)

    @server.resource("vault://invoices/{company}/{name}", mime_type="application/pdf", title="Invoice PDF of one company")
    def company_invoice(company: str, name: str) -> bytes:
        """Invoices/<company>/<name>.pdf, when several companies are synced into the vault."""
        try:
            folder = f"{INVOICES}/{safe_name(company)}"
        except VaultPathError as exc:
            raise ResourceNotFoundError(str(exc)) from None
        return _pdf(vault, folder, name)
