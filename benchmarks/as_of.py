"""Overdue as of a past date on a large database: the tools' answers against the reconciliation-based
figure, their Odoo round trips and time, and how far today's open amounts would be off.

    ODOO_URL=http://127.0.0.1:8069 ODOO_DB=mcp_bench ODOO_API_KEY=... \
        .venv/bin/python benchmarks/as_of.py [--dates 2026-06-30,2026-03-31] [--rounds 3]

Expects the data of `benchmarks/seed.py` (2,000+ invoices with payments over a year). For each
date and side (receivable, payable) it prints: the tool's total, the independent figure computed by
`tests/contract/truth.py` (every item and reconciliation read and summed in Decimal), whether
they are equal to the cent, the round trips the tool sent (counted at the HTTP transport, company
resolution excluded), its median time, and the figure the old method gave (today's open amounts of
the documents due before the date) with its error. Then the same for the per-partner balances.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from odoo_mcp.accounting.models import OverdueQuery, PartnerBalanceQuery
from odoo_mcp.accounting.money import to_money
from odoo_mcp.accounting.service import AccountingService
from odoo_mcp.config import settings_from_mapping
from odoo_mcp.odoo import OdooClient
from tests.contract import truth


class Counting(httpx.AsyncBaseTransport):
    """Counts the requests that reach Odoo (the floor of what a tool costs is its round trips)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def timed(transport: Counting, rounds: int, call):  # type: ignore[no-untyped-def]
    times, result, trips = [], None, 0
    for _ in range(rounds):
        before = transport.count
        start = time.perf_counter()
        result = await call()
        times.append(time.perf_counter() - start)
        trips = transport.count - before
    return result, trips, statistics.median(times) * 1000


async def old_method(client: OdooClient, company_id: int, side: str, as_of: dt.date) -> Decimal:
    """What the tools said before: today's residual of the documents due before the date."""
    move_type, sign = ("out_invoice", 1) if side == "receivable" else ("in_invoice", -1)
    rows = await truth.rows_of(
        client,
        company_id,
        "account.move",
        [("move_type", "=", move_type), ("state", "=", "posted"), ("payment_state", "in", ["not_paid", "partial"]),
         ("invoice_date_due", "<", as_of.isoformat())],
        ["amount_residual_signed"],
    )
    return sum((sign * to_money(r["amount_residual_signed"]) for r in rows), Decimal("0.00"))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", default="2026-06-30,2026-03-31")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = settings_from_mapping({k: v for k, v in os.environ.items() if k.startswith("ODOO_")})
    transport = Counting()
    client = OdooClient.from_settings(settings, http_transport=transport).for_company(settings.company)
    service = AccountingService(client)
    company = await service.company()
    today = dt.date.today()
    invoices = await client.search_count("account.move", [("move_type", "=", "out_invoice"), ("state", "=", "posted")])
    print(f"company {company.name} ({company.currency}), {invoices} posted customer invoices, today {today}\n")
    print("| as of | side | tool total | independent figure | equal | round trips | median ms | old method | old error |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    ok = True
    for day in [today, *(dt.date.fromisoformat(d) for d in args.dates.split(","))]:
        for side, method in (("receivable", service.overdue), ("payable", service.payables)):
            report, trips, ms = await timed(
                transport, args.rounds, lambda method=method, day=day: method(OverdueQuery(as_of=day, limit=50))
            )
            if day >= today:
                expected = (await truth.overdue_today(client, company.id, side, today)).total
            else:
                expected = (await truth.overdue_as_of(client, company.id, side, day)).total
            old = await old_method(client, company.id, side, day)
            error = f"{(old - expected) / expected * 100:+.1f}%" if expected else "-"
            ok &= report.total == expected
            print(f"| {day} | {side} | {report.total} | {expected} | {report.total == expected} | {trips} | {ms:.0f} | {old} | {error} |")
    print("\n| as of | side | partners | open (all pages) | overdue | independent open | equal | round trips | median ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for day in [today, *(dt.date.fromisoformat(d) for d in args.dates.split(","))]:
        for side, method in (("receivable", service.receivables_by_partner), ("payable", service.payables_by_partner)):
            page, trips, ms = await timed(
                transport, args.rounds, lambda method=method, day=day: method(PartnerBalanceQuery(as_of=day, limit=20))
            )
            expected = await truth.open_by_partner(client, company.id, side, day, today)
            total = sum((v.open for v in expected.values()), Decimal("0.00"))
            equal = page.open == total and page.total == len(expected)
            ok &= equal
            print(f"| {day} | {side} | {page.total} | {page.open} | {page.overdue} | {total} | {equal} | {trips} | {ms:.0f} |")
    await client.aclose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
