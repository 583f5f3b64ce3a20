"""The owner's everyday questions, each asked in one tool call through the MCP protocol.

Prints, per question: the call, the Odoo round trips it cost (HTTP requests sent while answering,
after a warm-up call has cached the user and company), the size of the answer's text and the
answer itself. Point it at a real Odoo with the usual settings:

    ODOO_URL=... ODOO_DB=... ODOO_API_KEY=... .venv/bin/python benchmarks/questions.py [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import anyio
from mcp import Client

from odoo_mcp.config import load_settings
from odoo_mcp.server import build_server

QUESTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("Who owes us the most, and how late?", "get_receivables_by_partner", {"limit": 5}),
    ("Whom are we late paying?", "get_payables_by_partner", {"limit": 5, "sort": "overdue"}),
    ("What was overdue at the end of June?", "get_overdue_invoices", {"as_of": "2026-06-30", "limit": 5}),
    ("Which bills do we owe, with the vendor's reference?", "list_vendor_bills", {"open_only": True, "limit": 5}),
    ("Invoices and credit notes this year", "list_invoices", {"include_refunds": True, "date_from": "2026-01-01", "limit": 5}),
    ("Our three biggest expense accounts (2025)", "get_income_expense_breakdown", {"month": "2025", "side": "expense", "limit": 3}),
    ("Our best customers in 2025-Q3", "get_income_expense_breakdown", {"month": "2025-Q3", "side": "income", "by": "partner", "limit": 3}),
    ("How did 2025-Q3 go against the quarter before and last year?", "compare_periods", {"month": "2025-Q3"}),
    ("Which sales taxes do we have?", "lookup", {"kind": "tax", "text": "15%"}),
    ("Which payment terms exist?", "lookup", {"kind": "payment_term"}),
    ("Our journals", "lookup", {"kind": "journal"}),
    ("Currencies and today's rate", "lookup", {"kind": "currency"}),
    ("Find a customer by words in any order", "find_partners", {"text": "customer books"}),
    ("Cash in the bank", "get_cash_position", {}),
    ("Balance sheet at the end of 2025", "get_balance_sheet", {"as_of": "2025-12-31"}),
    ("Trial balance for 2025", "get_trial_balance", {"month": "2025"}),
    ("Sales tax collected and paid in 2025", "get_tax_summary", {"month": "2025"}),
    ("A wrong date format", "get_overdue_invoices", {"as_of": "30/06/2026"}),
    ("A wrong period format", "get_revenue", {"month": "10/2025"}),
    ("An invoice number that does not exist", "get_invoice", {"number": "INV/2025/0001"}),
]


class _Requests(logging.Handler):
    """Counts the HTTP requests httpx logs (one per Odoo round trip)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage().startswith("HTTP Request:")


async def ask(markdown: Path | None) -> None:
    requests = _Requests()
    logging.getLogger("httpx").addHandler(requests)
    logging.getLogger("httpx").setLevel(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(environ={**os.environ, "VAULT_PATH": f"{tmp}/vault", "ODOO_MCP_STATE_DIR": f"{tmp}/state"})
        out: list[str] = []
        async with Client(build_server(settings)) as client:
            await client.call_tool("odoo_status", {})  # warm-up: the user and company are read once per process
            for question, tool, arguments in QUESTIONS:
                before = requests.count
                result = await client.call_tool(tool, arguments)
                trips = requests.count - before
                text = "\n".join(block.text for block in result.content if hasattr(block, "text"))
                out += [
                    f"### {question}",
                    "",
                    f"`{tool} {json.dumps(arguments)}`: {trips} Odoo round trips, {len(text.encode())} bytes of text"
                    + (" (error)" if result.is_error else ""),
                    "",
                    "```",
                    text,
                    "```",
                    "",
                ]
        report = "\n".join(out)
        print(report)
        if markdown:
            markdown.write_text(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", type=Path, help="also write the answers to this Markdown file")
    anyio.run(ask, parser.parse_args().markdown)


if __name__ == "__main__":
    main()
