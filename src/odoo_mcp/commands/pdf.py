"""`odoo-mcp pdf INVOICE`: save a customer invoice's PDF from Odoo into the vault (as the `save_invoice_pdf` tool does)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from . import settings_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("invoice", help="the invoice's number (INV/2026/00001) or Odoo id")


def run(args: argparse.Namespace) -> int:
    from ..odoo import OdooError
    from ..runtime import open_runtime
    from ..vault import invoice_pdfs
    from ..vault.layout import UnreadableFile, VaultPathError
    from ..vault.scope import scope_for

    settings = settings_from_args(args)
    invoice: int | str = int(args.invoice) if args.invoice.isdigit() else args.invoice

    async def save() -> str:
        async with open_runtime(settings) as rt:
            scope = await scope_for(rt)
            pdf, saved = await invoice_pdfs.fetch_and_save(rt.client, rt.vault, scope.invoices, invoice)
            return f"saved {pdf.number} as {saved.path} in the vault ({saved.size:,} bytes, {saved.pages} page(s), {pdf.source})"

    try:
        print(asyncio.run(save()))
    except (OdooError, UnreadableFile, VaultPathError) as exc:
        print(f"odoo-mcp pdf: {exc}", file=sys.stderr)
        return 1
    return 0
