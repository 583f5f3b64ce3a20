"""Deterministic benchmark data for a fresh Odoo 19 database with Accounting installed.

    ODOO_URL=http://127.0.0.1:8069 ODOO_DB=mcp_bench ODOO_API_KEY=... \
        .venv/bin/python benchmarks/seed.py [--invoices 2400]

Creates, through Odoo's JSON-2 API with the project's `OdooClient`:
  - 200 customers and 50 vendors,
  - N posted customer invoices (default 2,400: 200 a month over the 12 months
    2025-11 .. 2026-10, 30-day terms, mostly taxed), 5% as many credit notes,
  - 40 vendor bills a month and a few vendor refunds, all posted,
  - payments through `account.payment.register`: ~60% of the invoices paid in full (one
    wizard per month with ~120 active_ids), ~8% paid in part (one wizard each), ~70% of the
    bills paid in full; the rest stays open, so overdue/aging has something to age.

Everything comes from one seeded `random.Random`, so two runs plan the same documents.
Idempotent: every document carries a `ref` `BENCH-...`; a rerun creates only the missing
ones, posts only the drafts and pays only what is still `not_paid`. When everything is done it
creates the marker partner `BENCH-SEED-COMPLETE-v1`, and a later run stops at once.
Creates are batched (`create` with 100 `vals_list` entries) and posts too (`action_post` on
100 ids at once).
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import datetime as dt
import os
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

from odoo_mcp.config import Protocol
from odoo_mcp.odoo import OdooClient

MARKER = "BENCH-SEED-COMPLETE-v1"
SEED = 19
BATCH = 100
MONTHS = [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]
N_CUSTOMERS = 200
N_VENDORS = 50
BILLS_PER_MONTH = 40

ADJECTIVES = ["Northern", "Blue", "Golden", "Rapid", "Quiet", "Bright", "Silver", "Green", "Prime", "Urban",
              "Coastal", "Summit", "Iron", "Maple", "Cedar", "Harbor", "Atlas", "Nova", "Pioneer", "Crescent"]
NOUNS = ["Bakery", "Logistics", "Dental", "Studio", "Builders", "Analytics", "Garden", "Printing", "Motors",
         "Consulting", "Foods", "Clinic", "Textiles", "Robotics", "Media", "Outfitters", "Labs", "Travel",
         "Legal", "Energy"]
SERVICES = ["Consulting", "Implementation", "Support plan", "Training day", "Hosting", "Design work",
            "Maintenance", "Audit", "Licence", "Workshop"]
EXPENSES = ["Office rent", "Cloud services", "Accounting fees", "Travel", "Office supplies", "Utilities",
            "Insurance", "Marketing", "Equipment lease", "Telephone"]


def log(message: str) -> None:
    print(f"[seed {time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass
class Doc:
    ref: str
    move_type: str
    partner: int  # index into customers or vendors
    date: dt.date
    lines: list[tuple[str, int, float, bool]]  # name, qty, unit price, taxed
    fate: str  # paid, partial, open


def plan(n_invoices: int) -> tuple[list[Doc], list[Doc]]:
    """Every document the seed should create, from one seeded generator (no database state)."""
    rng = random.Random(SEED)
    customer_docs: list[Doc] = []
    per_month = [n_invoices // len(MONTHS) + (1 if i < n_invoices % len(MONTHS) else 0) for i in range(len(MONTHS))]
    counter = refund_counter = 0
    for (year, month), count in zip(MONTHS, per_month, strict=True):
        for _ in range(count):
            counter += 1
            day = dt.date(year, month, rng.randint(1, 28))
            lines = [
                (rng.choice(SERVICES), rng.randint(1, 10), round(rng.uniform(40, 1500), 2), rng.random() < 0.8)
                for _ in range(rng.randint(1, 3))
            ]
            roll = rng.random()
            fate = "paid" if roll < 0.60 else "partial" if roll < 0.68 else "open"
            customer_docs.append(Doc(f"BENCH-INV-{counter:05d}", "out_invoice", rng.randrange(N_CUSTOMERS), day, lines, fate))
            if rng.random() < 0.05:
                refund_counter += 1
                rday = min(day + dt.timedelta(days=rng.randint(1, 20)), dt.date(year, month, calendar.monthrange(year, month)[1]))
                name, _, price, taxed = lines[0]
                customer_docs.append(
                    Doc(
                        f"BENCH-RINV-{refund_counter:05d}",
                        "out_refund",
                        customer_docs[-1].partner,
                        rday,
                        [(f"Credit: {name}", 1, price, taxed)],
                        "open",
                    )
                )
    vendor_docs: list[Doc] = []
    counter = refund_counter = 0
    for year, month in MONTHS:
        for _ in range(BILLS_PER_MONTH):
            counter += 1
            day = dt.date(year, month, rng.randint(1, 28))
            lines = [(rng.choice(EXPENSES), 1, round(rng.uniform(30, 3000), 2), rng.random() < 0.5) for _ in range(rng.randint(1, 2))]
            fate = "paid" if rng.random() < 0.70 else "open"
            vendor_docs.append(Doc(f"BENCH-BILL-{counter:05d}", "in_invoice", rng.randrange(N_VENDORS), day, lines, fate))
            if rng.random() < 0.05:
                refund_counter += 1
                name, _, price, taxed = lines[0]
                vendor_docs.append(
                    Doc(
                        f"BENCH-RBILL-{refund_counter:05d}",
                        "in_refund",
                        vendor_docs[-1].partner,
                        day,
                        [(f"Refund: {name}", 1, round(price / 2, 2), taxed)],
                        "open",
                    )
                )
    customer_docs.sort(key=lambda d: (d.date, d.ref))
    vendor_docs.sort(key=lambda d: (d.date, d.ref))
    return customer_docs, vendor_docs


def chunks(items: list[Any], size: int = BATCH) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


class Seeder:
    def __init__(self, client: OdooClient, n_invoices: int) -> None:
        self.c = client
        self.n_invoices = n_invoices

    async def partners(self, prefix: str, count: int, *, vendor: bool) -> list[int]:
        existing = await self.c.search_read("res.partner", [("ref", "=like", f"{prefix}-%")], ["ref"])
        by_ref = {row["ref"]: row["id"] for row in existing}
        rng = random.Random(f"{SEED}-{prefix}")
        vals = []
        for i in range(1, count + 1):
            name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {i:03d}" + (" Supplies" if vendor else "")
            ref = f"{prefix}-{i:03d}"
            if ref not in by_ref:
                vals.append(
                    {
                        "name": name,
                        "ref": ref,
                        "is_company": True,
                        "email": f"{'ap' if vendor else 'billing'}{i:03d}@{name.split()[1].lower()}{i:03d}.example.com",
                        "city": rng.choice(["Austin", "Boston", "Denver", "Seattle", "Chicago", "Miami"]),
                        "country_id": self.us,
                        ("supplier_rank" if vendor else "customer_rank"): 1,
                    }
                )
        for batch in chunks(vals):
            ids = await self.c.create("res.partner", batch)
            for v, i in zip(batch, ids, strict=True):
                by_ref[v["ref"]] = i
        log(f"{prefix}: {count} partners ({len(vals)} created)")
        return [by_ref[f"{prefix}-{i:03d}"] for i in range(1, count + 1)]

    def vals(self, doc: Doc, partner_id: int) -> dict[str, Any]:
        sale = doc.move_type.startswith("out")
        tax = self.sale_tax if sale else self.purchase_tax
        vals: dict[str, Any] = {
            "move_type": doc.move_type,
            "partner_id": partner_id,
            "invoice_date": doc.date.isoformat(),
            "ref": doc.ref,
            "invoice_line_ids": [
                [0, 0, {"name": name, "quantity": qty, "price_unit": price, "tax_ids": [[6, 0, [tax] if taxed else []]]}]
                for name, qty, price, taxed in doc.lines
            ],
        }
        if doc.move_type in ("out_invoice", "in_invoice"):
            vals["invoice_payment_term_id"] = self.term
        if not sale:
            vals["date"] = doc.date.isoformat()  # else a bill's accounting date can default to today
        return vals

    async def moves(self, docs: list[Doc], partner_ids: list[int], prefixes: tuple[str, ...], label: str) -> dict[str, dict[str, Any]]:
        domain: list[Any] = ["|"] * (len(prefixes) - 1) + [("ref", "=like", f"{p}-%") for p in prefixes]
        existing = await self.c.search_read("account.move", domain, ["ref", "state", "payment_state", "move_type"])
        by_ref = {row["ref"]: row for row in existing}
        missing = [d for d in docs if d.ref not in by_ref]
        started = time.monotonic()
        for n, batch in enumerate(chunks(missing), 1):
            ids = await self.c.create("account.move", [self.vals(d, partner_ids[d.partner]) for d in batch])
            for d, i in zip(batch, ids, strict=True):
                by_ref[d.ref] = {"id": i, "ref": d.ref, "state": "draft", "payment_state": "not_paid"}
            log(f"{label}: created {min(n * BATCH, len(missing))}/{len(missing)} ({time.monotonic() - started:.0f} s)")
        drafts = [by_ref[d.ref]["id"] for d in docs if by_ref[d.ref]["state"] == "draft"]  # chronological order
        started = time.monotonic()
        for n, batch in enumerate(chunks(drafts), 1):
            await self.c.call("account.move", "action_post", ids=batch)
            log(f"{label}: posted {min(n * BATCH, len(drafts))}/{len(drafts)} ({time.monotonic() - started:.0f} s)")
        return by_ref

    async def register(self, move_ids: list[int], payment_date: dt.date, amount: float | None = None) -> None:
        context = {"active_model": "account.move", "active_ids": move_ids}
        vals: dict[str, Any] = {"payment_date": payment_date.isoformat()}
        if amount is not None:
            vals["amount"] = amount
        [wizard] = await self.c.create("account.payment.register", [vals], context=context)
        await self.c.call("account.payment.register", "action_create_payments", ids=[wizard], context=context)

    async def payments(self, docs: list[Doc], label: str, last_day: dt.date) -> None:
        refs = [d.ref for d in docs if d.fate in ("paid", "partial")]
        rows = await self.c.search_read("account.move", [("ref", "in", refs)], ["ref", "payment_state", "amount_total", "invoice_date"])
        state = {row["ref"]: row for row in rows}
        full: dict[dt.date, list[int]] = {}
        partial: list[tuple[int, dt.date, float]] = []
        for d in docs:
            row = state.get(d.ref)
            if row is None or row["payment_state"] != "not_paid":
                continue
            pay_on = min(month_end(month_end(d.date) + dt.timedelta(days=1)), last_day)  # end of the following month
            if d.fate == "paid":
                full.setdefault(pay_on, []).append(row["id"])
            elif d.fate == "partial":
                partial.append((row["id"], pay_on, float(round(row["amount_total"] * 4 / 10, 2))))
        started = time.monotonic()
        done = 0
        for pay_on, ids in sorted(full.items()):
            for batch in chunks(ids, 150):
                await self.register(batch, pay_on)
                done += len(batch)
                log(f"{label}: paid in full {done}/{sum(map(len, full.values()))} ({time.monotonic() - started:.0f} s)")
        for n, (move_id, pay_on, amount) in enumerate(partial, 1):
            await self.register([move_id], pay_on, amount)
            if n % 25 == 0 or n == len(partial):
                log(f"{label}: paid in part {n}/{len(partial)} ({time.monotonic() - started:.0f} s)")

    async def run(self) -> int:
        marker = await self.c.search_read("res.partner", [("ref", "=", MARKER)], ["name"])
        if marker:
            log(f"already seeded ({marker[0]['name']}): nothing to do")
            return 0
        [company] = await self.c.search_read("res.company", [], ["account_sale_tax_id", "account_purchase_tax_id"], limit=1, order="id")
        self.sale_tax = company["account_sale_tax_id"][0]
        self.purchase_tax = company["account_purchase_tax_id"][0]
        [term] = await self.c.search_read("account.payment.term", [("name", "=", "30 Days")], ["id"], limit=1)
        self.term = term["id"]
        [us] = await self.c.search_read("res.country", [("code", "=", "US")], ["id"], limit=1)
        self.us = us["id"]
        customer_docs, vendor_docs = plan(self.n_invoices)
        log(
            f"plan: {sum(d.move_type == 'out_invoice' for d in customer_docs)} invoices, "
            f"{sum(d.move_type == 'out_refund' for d in customer_docs)} credit notes, "
            f"{sum(d.move_type == 'in_invoice' for d in vendor_docs)} bills, "
            f"{sum(d.move_type == 'in_refund' for d in vendor_docs)} vendor refunds"
        )
        customers = await self.partners("BENCH-C", N_CUSTOMERS, vendor=False)
        vendors = await self.partners("BENCH-V", N_VENDORS, vendor=True)
        await self.moves(customer_docs, customers, ("BENCH-INV", "BENCH-RINV"), "customer documents")
        await self.moves(vendor_docs, vendors, ("BENCH-BILL", "BENCH-RBILL"), "vendor documents")
        last_day = dt.date(MONTHS[-1][0], MONTHS[-1][1], 28)
        await self.payments([d for d in customer_docs if d.move_type == "out_invoice"], "invoices", last_day)
        await self.payments([d for d in vendor_docs if d.move_type == "in_invoice"], "bills", last_day)
        await self.c.create("res.partner", [{"name": f"[bench] seed complete ({self.n_invoices} invoices)", "ref": MARKER}])
        log("done")
        return 0


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=2400, help="posted customer invoices to create (default 2400)")
    args = parser.parse_args()
    try:
        url, db, key = os.environ["ODOO_URL"], os.environ["ODOO_DB"], os.environ["ODOO_API_KEY"]
    except KeyError as exc:
        print(f"seed: set {exc.args[0]} (and ODOO_URL, ODOO_DB, ODOO_API_KEY)", file=sys.stderr)
        return 2
    started = time.monotonic()
    async with OdooClient(base_url=url, database=db, api_key=key, protocol=Protocol.JSON2, timeout=900.0) as client:
        code = await Seeder(client, args.invoices).run()
    log(f"finished in {time.monotonic() - started:.0f} s")
    return code


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
