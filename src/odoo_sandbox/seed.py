"""The sandbox company's books: a small US services firm, six months of trading up to `today`.

Everything is fictional and labelled as sandbox data (company "Sandbox Trading Co. (sandbox
data)", `.example` e-mail domains, 555-01xx phone numbers). It is generated with a fixed
random seed relative to `today`, so the same day always gives the same books, and through the
same code paths the RPC methods use (`AccountMove.create`/`action_post`, the payment wizard),
so the seed cannot hold anything the API could not have produced.

What is in it, on purpose, for demos and tests:
- ~60 posted customer invoices with cents, about half with the 15% sales tax; most older
  ones paid, three partially paid, and unpaid overdue invoices in every aging bucket
  (1-30, 31-60, 61-90, 90+ days) as of `today`;
- two customer credit notes (one fully reversing an invoice, one open goodwill credit);
- three draft invoices, one created more than ten days ago;
- ~27 vendor bills from five vendors (rent, cloud hosting whose latest bill jumped by more
  than 20%, accountant, software subscription, supplies), a few due within seven days and
  one overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import models as _models  # noqa: F401 - registers the business model classes
from .constants import SANDBOX_LOGIN, SEED
from .orm import Env
from .payments import reconcile, register_payment
from .records import Database

COMPANY = "Sandbox Trading Co. (sandbox data)"
SALES_TAX, PURCHASE_TAX = 1, 2
TERM_IMMEDIATE, TERM_15, TERM_30 = 1, 2, 3
JOURNAL_INV, JOURNAL_BILL, JOURNAL_MISC, JOURNAL_BANK, JOURNAL_CASH, JOURNAL_EXCHANGE = 1, 2, 3, 4, 5, 6

ACCOUNTS = [  # id, code, name, type, reconcile
    (1, "101401", "Bank", "asset_cash", False),
    (2, "101403", "Outstanding Receipts", "asset_current", True),
    (3, "101404", "Outstanding Payments", "asset_current", True),
    (4, "101501", "Cash", "asset_cash", False),
    (5, "121000", "Account Receivable", "asset_receivable", True),
    (6, "131000", "Tax Paid", "asset_current", False),
    (7, "211000", "Account Payable", "liability_payable", True),
    (8, "251000", "Tax Received", "liability_current", False),
    (9, "400000", "Product Sales", "income", False),
    (10, "400100", "Consulting Revenue", "income", False),
    (11, "500000", "Cost of Revenue", "expense_direct_cost", False),
    (12, "600000", "Expenses", "expense", False),
    (13, "610000", "Rent", "expense", False),
    (14, "620000", "Software Subscriptions", "expense", False),
    (15, "630000", "Professional Fees", "expense", False),
    (16, "640000", "Office Supplies", "expense", False),
    (17, "999999", "Undistributed Profits/Losses", "equity_unaffected", False),
    (18, "441000", "Foreign Exchange Gain", "income", False),
    (19, "641000", "Foreign Exchange Loss", "expense", False),
    (20, "101402", "Bank Suspense Account", "asset_current", False),
]
ACC_EXCHANGE_GAIN, ACC_EXCHANGE_LOSS = 18, 19
ACC_RECEIVABLE, ACC_PAYABLE, ACC_CONSULTING = 5, 7, 10
ACC_COST_OF_REVENUE, ACC_RENT, ACC_SOFTWARE, ACC_FEES, ACC_SUPPLIES = 11, 13, 14, 15, 16

CUSTOMERS = [  # name, city, zip, payment term
    ("Acme Corporation", "Springfield", "62701", TERM_30),
    ("Globex Industries", "Cypress Creek", "97201", TERM_30),
    ("Initech Solutions", "Austin", "73301", TERM_15),
    ("Umbrella Health", "Raccoon City", "30301", TERM_30),
    ("Stark Logistics", "Long Island", "11501", TERM_30),
    ("Wayne Enterprises", "Gotham", "07001", TERM_30),
    ("Hooli Software", "Palo Alto", "94301", TERM_15),
    ("Vandelay Imports", "New York", "10001", TERM_30),
    ("Soylent Foods", "Chicago", "60601", TERM_30),
    ("Cyberdyne Systems", "Sunnyvale", "94085", TERM_30),
]
VENDORS = [  # key, name, city, zip
    ("rent", "Harbor Point Properties", "Boston", "02110"),
    ("hosting", "Nimbus Cloud Hosting", "Seattle", "98101"),
    ("accountant", "Ledger & Lines CPA", "Denver", "80202"),
    ("software", "Pixel Suite Software", "San Francisco", "94103"),
    ("supplies", "Paper Trail Supplies", "Portland", "97204"),
]
SERVICES = [  # label, quantity range, unit price
    ("Consulting hours", (4, 40), "150.00"),
    ("Senior consulting hours", (2, 16), "185.50"),
    ("Implementation package", (1, 1), None),
    ("Monthly support retainer", (1, 1), "950.00"),
    ("Training workshop", (1, 3), "780.25"),
]
HOSTING_HISTORY = ["820.40", "835.10", "842.75", "851.30", "860.95"]
HOSTING_LATEST = "1184.60"  # more than 20% above the previous months


@dataclass
class Plan:
    """A payment the seed registers, in date order, through the wizard's code path."""

    day: dt.date
    move_id: int
    amount: Decimal | None = None


def month_starts(today: dt.date, months: int = 6) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        month_index = first.year * 12 + first.month - 1 - back
        starts.append(dt.date(month_index // 12, month_index % 12 + 1, 1))
    return starts


def _days_in(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def _price(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)}.{rng.randint(0, 99):02d}"


class Seeder:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.env = Env(db)
        self.rng = random.Random(SEED)
        self.today = db.today
        self.plans: list[Plan] = []
        self.customers: list[int] = []
        self.vendors: dict[str, int] = {}
        self.products: dict[str, int] = {}
        self._clock = 0

    # -- helpers ------------------------------------------------------------------------------
    def stamp(self, day: dt.date) -> None:
        """Freeze the clock at `day`, a few minutes apart per document, for create_date/write_date."""
        self._clock += 7
        self.db.frozen_now = f"{day.isoformat()} {9 + self._clock // 60 % 8:02d}:{self._clock % 60:02d}:00"

    def move(self, vals: dict[str, Any], *, post: bool = True) -> int:
        day = dt.date.fromisoformat(vals.get("invoice_date") or self.today.isoformat())
        self.stamp(day)
        move = self.env["account.move"].create([vals])
        if post:
            move.action_post()
        return int(move.ids[0])

    # -- static data --------------------------------------------------------------------------
    def base(self) -> None:
        db = self.db
        start = f"{(self.today - dt.timedelta(days=200)).isoformat()} 08:00:00"
        self.db.frozen_now = start
        for rid, (name, code) in enumerate(
            [("United States", "US"), ("Canada", "CA"), ("United Kingdom", "GB"), ("Germany", "DE")], start=1
        ):
            db.insert("res.country", {"name": name, "code": code, **self._magic(start)}, rid)
        db.insert(
            "res.currency",
            {
                "name": "USD",
                "full_name": "United States dollar",
                "symbol": "$",
                "decimal_places": 2,
                "rounding": Decimal("0.01"),
                "position": "before",
                "active": True,
                **self._magic(start),
            },
            1,
        )
        db.insert(
            "res.currency",
            {
                "name": "EUR",
                "full_name": "Euro",
                "symbol": "\u20ac",
                "decimal_places": 2,
                "rounding": Decimal("0.01"),
                "position": "after",
                "active": False,
                **self._magic(start),
            },
            2,
        )
        partners = self.env["res.partner"]
        company_partner = partners.create(
            [
                {
                    "name": COMPANY,
                    "is_company": True,
                    "email": "hello@sandbox-trading.example",
                    "city": "Cambridge",
                    "zip": "02139",
                    "country_id": 1,
                    "street": "1 Demo Plaza (sandbox)",
                }
            ]
        ).ids[0]
        bot = partners.create([{"name": "OdooBot", "active": False, "email": "odoobot@sandbox-trading.example"}]).ids[0]
        admin = partners.create([{"name": "Sandbox Administrator", "email": "admin@sandbox-trading.example"}]).ids[0]
        db.insert(
            "res.company",
            {
                "name": COMPANY,
                "currency_id": 1,
                "partner_id": company_partner,
                "country_id": 1,
                "sequence": 10,
                "email": "hello@sandbox-trading.example",
                "street": "1 Demo Plaza (sandbox)",
                "city": "Cambridge",
                "zip": "02139",
                "fiscalyear_last_day": 31,
                "fiscalyear_last_month": "12",
                **self._magic(start),
            },
            1,
        )
        for rid in (company_partner, bot, admin):
            db.update("res.partner", rid, {"company_id": 1 if rid == company_partner else None})
        db.insert(
            "res.users",
            {
                "login": "__system__",
                "partner_id": bot,
                "company_id": 1,
                "company_ids": [1],
                "active": False,
                "lang": "en_US",
                "tz": "UTC",
                **self._magic(start),
            },
            1,
        )
        db.insert(
            "res.users",
            {
                "login": SANDBOX_LOGIN,
                "partner_id": admin,
                "company_id": 1,
                "company_ids": [1],
                "active": True,
                "lang": "en_US",
                "tz": "UTC",
                **self._magic(start),
            },
            2,
        )
        modules = [
            ("base", "Base", "installed", False),
            ("web", "Web", "installed", False),
            ("mail", "Discuss", "installed", True),
            ("rpc", "RPC", "installed", False),
            ("account", "Invoicing", "installed", True),
            ("sale_management", "Sales", "uninstalled", True),
            ("purchase", "Purchase", "uninstalled", True),
        ]
        for seq, (name, title, state, app) in enumerate(modules, start=1):
            db.insert(
                "ir.module.module",
                {
                    "name": name,
                    "shortdesc": title,
                    "state": state,
                    "application": app,
                    "latest_version": "19.0.1.0" if state == "installed" else None,
                    "sequence": seq,
                    **self._magic(start),
                },
            )

    @staticmethod
    def _magic(when: str) -> dict[str, Any]:
        return {"create_date": when, "write_date": when, "create_uid": 1, "write_uid": 1}

    def chart(self) -> None:
        db, start = self.db, self.db.frozen_now or ""
        for rid, code, name, kind, reconcilable in ACCOUNTS:
            db.insert(
                "account.account",
                {
                    "code": code,
                    "name": name,
                    "account_type": kind,
                    "reconcile": reconcilable,
                    "active": True,
                    "company_ids": [1],
                    **self._magic(start),
                },
                rid,
            )
        for rid, name, use, account in (
            (SALES_TAX, "Sales 15%", "sale", 8),
            (PURCHASE_TAX, "Purchase 15%", "purchase", 6),
        ):
            db.insert(
                "account.tax",
                {
                    "name": name,
                    "type_tax_use": use,
                    "amount_type": "percent",
                    "amount": Decimal(15),
                    "price_include": False,
                    "active": True,
                    "description": "15%",
                    "company_id": 1,
                    "sequence": 1,
                    "account_id": account,
                    **self._magic(start),
                },
                rid,
            )
        journals: list[tuple[int, str, str, str, int | None, int]] = [
            (JOURNAL_INV, "Customer Invoices", "INV", "sale", ACC_CONSULTING, 5),
            (JOURNAL_BILL, "Vendor Bills", "BILL", "purchase", 12, 6),
            (JOURNAL_MISC, "Miscellaneous Operations", "MISC", "general", None, 9),
            (JOURNAL_BANK, "Bank", "BNK1", "bank", 1, 10),
            (JOURNAL_CASH, "Cash", "CSH1", "cash", 4, 11),
            (JOURNAL_EXCHANGE, "Exchange Difference", "EXCH", "general", None, 9),
        ]
        for journal_id, title, code, kind, default_account, seq in journals:
            db.insert(
                "account.journal",
                {
                    "name": title,
                    "code": code,
                    "type": kind,
                    "active": True,
                    "company_id": 1,
                    "default_account_id": default_account,
                    "refund_sequence": kind in ("sale", "purchase"),
                    "payment_sequence": kind in ("bank", "cash"),
                    "sequence": seq,
                    **self._magic(start),
                },
                journal_id,
            )
        db.update(
            "res.company",
            1,
            {
                "chart_template": "generic_coa",
                "currency_exchange_journal_id": JOURNAL_EXCHANGE,
                "income_currency_exchange_account_id": ACC_EXCHANGE_GAIN,
                "expense_currency_exchange_account_id": ACC_EXCHANGE_LOSS,
            },
        )
        for rid, name, days in (
            (TERM_IMMEDIATE, "Immediate Payment", 0),
            (TERM_15, "15 Days", 15),
            (TERM_30, "30 Days", 30),
        ):
            db.insert(
                "account.payment.term", {"name": name, "active": True, "sequence": rid, **self._magic(start)}, rid
            )
            db.insert(
                "account.payment.term.line",
                {
                    "payment_id": rid,
                    "value": "percent",
                    "value_amount": Decimal(100),
                    "nb_days": days,
                    "delay_type": "days_after",
                    **self._magic(start),
                },
                rid,
            )

    def catalogue(self) -> None:
        """Units and a few products, with an accented name and one with its own accounts."""
        start = self.db.frozen_now or ""
        for rid, name in ((1, "Units"), (2, "Hours")):
            self.db.insert("uom.uom", {"name": name, "sequence": rid, "active": True, **self._magic(start)}, rid)
        for rid, (code, name, price, cost, unit, income, expense) in enumerate(
            [
                ("CONS-H", "Consulting hour", "150.00", "0.00", 2, ACC_CONSULTING, None),
                ("CAFE-01", "Café crème capsules", "4.50", "1.20", 1, None, None),
                ("DESK-01", "Standing desk", "649.00", "410.00", 1, None, ACC_SUPPLIES),
            ],
            start=1,
        ):
            self.db.insert(
                "product.product",
                {
                    "name": name,
                    "default_code": code,
                    "list_price": Decimal(price),
                    "standard_price": Decimal(cost),
                    "uom_id": unit,
                    "active": True,
                    "sale_ok": True,
                    "purchase_ok": True,
                    "company_id": None,
                    "property_account_income_id": income,
                    "property_account_expense_id": expense,
                    **self._magic(start),
                },
                rid,
            )

    def partners(self) -> None:
        partners = self.env["res.partner"]
        for index, (name, city, zip_code, term) in enumerate(CUSTOMERS, start=1):
            slug = name.split()[0].lower()
            self.customers.append(
                partners.create(
                    [
                        {
                            "name": name,
                            "is_company": True,
                            "email": f"accounts@{slug}.example",
                            "phone": f"+1 555-01{index:02d}",
                            "street": f"{100 + index * 7} Market Street",
                            "city": city,
                            "zip": zip_code,
                            "country_id": 1,
                            "ref": f"C{index:04d}",
                            "property_payment_term_id": term,
                            "comment": "<p>Fictional customer (sandbox data).</p>",
                        }
                    ]
                ).ids[0]
            )
        for index, (key, name, city, zip_code) in enumerate(VENDORS, start=1):
            slug = name.split()[0].lower()
            self.vendors[key] = partners.create(
                [
                    {
                        "name": name,
                        "is_company": True,
                        "email": f"billing@{slug}.example",
                        "phone": f"+1 555-01{50 + index:02d}",
                        "street": f"{20 + index * 11} Commerce Way",
                        "city": city,
                        "zip": zip_code,
                        "country_id": 1,
                        "ref": f"V{index:04d}",
                        "comment": "<p>Fictional vendor (sandbox data).</p>",
                    }
                ]
            ).ids[0]

    def services(self) -> None:
        """The services invoiced, as products, so journal items can be told apart by product."""
        for index, (label, _quantity, _price) in enumerate(SERVICES, start=1):
            values = {"name": label, "default_code": f"SRV{index:02d}", "active": True, "sale_ok": True, "purchase_ok": False}
            (self.products[label],) = self.env["product.product"].create([values]).ids

    # -- customer side ------------------------------------------------------------------------
    def invoice_lines(self, taxed: bool) -> list[Any]:
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            label, (low, high), price = self.rng.choice(SERVICES)
            unit = price or _price(self.rng, 1500, 6500)
            line: dict[str, Any] = {"name": label, "quantity": self.rng.randint(low, high), "price_unit": float(unit)}
            line["product_id"] = self.products[label]
            if taxed:
                line["tax_ids"] = [[6, 0, [SALES_TAX]]]
            lines.append([0, 0, line])
        return lines

    def invoice_dates(self) -> Iterator[dt.date]:
        """About ten invoices per month, fewer in the current month (up to `today`)."""
        for start in month_starts(self.today):
            last = min(
                _days_in(start),
                self.today.day if start.month == self.today.month and start.year == self.today.year else 31,
            )
            count = 10 if last >= _days_in(start) else max(2, round(10 * last / _days_in(start)))
            for _ in range(count):
                yield start + dt.timedelta(days=self.rng.randint(0, last - 1))

    def customer_invoices(self) -> None:
        overdue = [(3, TERM_IMMEDIATE), (12, TERM_15), (45, TERM_30), (75, TERM_30), (100, TERM_IMMEDIATE)]
        overdue_days = {
            self.today - dt.timedelta(days=d + (30 if t == TERM_30 else 15 if t == TERM_15 else 0)): (d, t)
            for d, t in overdue
        }
        dated = sorted(
            [(day, None) for day in self.invoice_dates()] + [(day, term) for day, (_d, term) in overdue_days.items()],
            key=lambda item: item[0],
        )
        invoices: list[tuple[int, bool]] = []
        for day, forced_term in dated:
            vals: dict[str, Any] = {
                "move_type": "out_invoice",
                "partner_id": self.rng.choice(self.customers),
                "invoice_date": day.isoformat(),
                "invoice_line_ids": self.invoice_lines(taxed=self.rng.random() < 0.5),
            }
            if forced_term:
                vals["invoice_payment_term_id"] = forced_term
            invoices.append((self.move(vals), forced_term is not None))
        open_ids = [move_id for move_id, forced in invoices if not forced]
        partial = self.rng.sample(open_ids[5:-5], 3)
        reversed_id = self.rng.choice([i for i in open_ids[:20] if i not in partial])
        for move_id in open_ids:
            if move_id in partial:
                self.plan_partial(move_id)
            elif move_id != reversed_id:
                self.plan_customer_payment(move_id)
        self.credit_notes(reversed_id)

    def plan_customer_payment(self, move_id: int) -> None:
        move = self.db.tables["account.move"][move_id]
        invoiced, due = dt.date.fromisoformat(move["invoice_date"]), dt.date.fromisoformat(move["invoice_date_due"])
        if due < self.today:  # older invoices are paid, around their due date
            day = min(self.today, due - dt.timedelta(days=self.rng.randint(-6, 8)))
            self.plans.append(Plan(max(day, invoiced), move_id))
        elif self.rng.random() < 0.4:  # some customers pay early
            self.plans.append(
                Plan(invoiced + dt.timedelta(days=self.rng.randint(0, (self.today - invoiced).days)), move_id)
            )

    def plan_partial(self, move_id: int) -> None:
        move = self.db.tables["account.move"][move_id]
        invoiced = dt.date.fromisoformat(move["invoice_date"])
        share = Decimal(self.rng.randint(30, 60)) / 100
        amount = (Decimal(move["amount_residual"]) * share).quantize(Decimal("0.01"))
        self.plans.append(
            Plan(
                invoiced + dt.timedelta(days=self.rng.randint(0, max(0, (self.today - invoiced).days))), move_id, amount
            )
        )

    def credit_notes(self, reversed_id: int) -> None:
        """One credit note cancelling an invoice in full (it reads `reversed`), one open goodwill credit."""
        original = self.db.tables["account.move"][reversed_id]
        lines = [
            [
                0,
                0,
                {
                    "name": line["name"],
                    "quantity": float(line["quantity"]),
                    "price_unit": float(line["price_unit"]),
                    "tax_ids": [[6, 0, list(line.get("tax_ids") or [])]],
                },
            ]
            for line in self.db.browse_rows(
                "account.move.line", self.db.children("account.move.line", "move_id", reversed_id)
            )
            if line["display_type"] == "product"
        ]
        day = min(self.today, dt.date.fromisoformat(original["invoice_date"]) + dt.timedelta(days=6))
        refund = self.move(
            {
                "move_type": "out_refund",
                "partner_id": original["partner_id"],
                "invoice_date": day.isoformat(),
                "ref": f"Reversal of: {original['name']}, wrong project billed",
                "reversed_entry_id": reversed_id,
                "invoice_line_ids": lines,
            }
        )
        terms = [
            line["id"]
            for move_id in (reversed_id, refund)
            for line in self.db.browse_rows(
                "account.move.line", self.db.children("account.move.line", "move_id", move_id)
            )
            if line["display_type"] == "payment_term"
        ]
        reconcile(self.db, terms)
        goodwill_day = self.today - dt.timedelta(days=9)
        self.move(
            {
                "move_type": "out_refund",
                "partner_id": self.customers[1],
                "invoice_date": goodwill_day.isoformat(),
                "ref": "Goodwill credit for delayed delivery",
                "invoice_line_ids": [[0, 0, {"name": "Goodwill discount", "quantity": 1, "price_unit": 250.0}]],
            }
        )

    def drafts(self) -> None:
        for days_ago, dated in ((14, True), (2, False), (0, False)):
            day = self.today - dt.timedelta(days=days_ago)
            self.stamp(day)
            vals: dict[str, Any] = {
                "move_type": "out_invoice",
                "partner_id": self.rng.choice(self.customers),
                "invoice_line_ids": self.invoice_lines(taxed=days_ago != 2),
            }
            if dated:
                vals["invoice_date"] = day.isoformat()
            self.env["account.move"].create([vals])

    # -- vendor side --------------------------------------------------------------------------
    def bill(
        self, vendor: str, day: dt.date, due: dt.date, label: str, price: str, account: int, *, taxed: bool, ref: str
    ) -> int:
        line: dict[str, Any] = {"name": label, "quantity": 1, "price_unit": float(price), "account_id": account}
        if taxed:
            line["tax_ids"] = [[6, 0, [PURCHASE_TAX]]]
        return self.move(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendors[vendor],
                "invoice_date": day.isoformat(),
                "date": day.isoformat(),
                "invoice_date_due": due.isoformat(),
                "ref": ref,
                "invoice_line_ids": [[0, 0, line]],
            }
        )

    def vendor_bills(self) -> None:
        starts = month_starts(self.today)
        supply_months = set(self.rng.sample(range(5), 3))
        for index, start in enumerate(starts):
            current = index == len(starts) - 1
            tag = start.strftime("%Y-%m")
            month_name = start.strftime("%B %Y")
            rent_due = self.today + dt.timedelta(days=3) if current else start + dt.timedelta(days=5)
            self.pay_bill(
                self.bill(
                    "rent",
                    start,
                    rent_due,
                    f"Office rent {month_name}",
                    "3200.00",
                    ACC_RENT,
                    taxed=False,
                    ref=f"HPP-{tag}",
                ),
                current,
                rent_due,
            )
            hosting_day = max(start, self.today - dt.timedelta(days=2)) if current else start + dt.timedelta(days=2)
            hosting_due = self.today + dt.timedelta(days=5) if current else hosting_day + dt.timedelta(days=15)
            price = HOSTING_LATEST if current else HOSTING_HISTORY[index]
            self.pay_bill(
                self.bill(
                    "hosting",
                    hosting_day,
                    hosting_due,
                    f"Cloud hosting {month_name}",
                    price,
                    ACC_COST_OF_REVENUE,
                    taxed=True,
                    ref=f"NCH-{tag}",
                ),
                current,
                hosting_due,
            )
            software_day = max(start, self.today - dt.timedelta(days=1)) if current else start + dt.timedelta(days=4)
            software_due = self.today + dt.timedelta(days=6) if current else software_day + dt.timedelta(days=10)
            self.pay_bill(
                self.bill(
                    "software",
                    software_day,
                    software_due,
                    "Design suite subscription (10 seats)",
                    "299.00",
                    ACC_SOFTWARE,
                    taxed=True,
                    ref=f"PSS-{tag}",
                ),
                current,
                software_due,
            )
            fees_day = min(self.today, start + dt.timedelta(days=_days_in(start) - 3))
            fees_due = fees_day + dt.timedelta(days=15)
            overdue_fees = index == len(starts) - 3
            self.pay_bill(
                self.bill(
                    "accountant",
                    fees_day,
                    fees_due,
                    f"Bookkeeping and payroll {month_name}",
                    "450.00",
                    ACC_FEES,
                    taxed=False,
                    ref=f"LLC-{tag}",
                ),
                current or overdue_fees,
                fees_due,
            )
            if index in supply_months:
                day = start + dt.timedelta(days=self.rng.randint(8, 20))
                self.pay_bill(
                    self.bill(
                        "supplies",
                        day,
                        day + dt.timedelta(days=30),
                        "Printer paper, toner and stationery",
                        _price(self.rng, 60, 250),
                        ACC_SUPPLIES,
                        taxed=True,
                        ref=f"PTS-{tag}",
                    ),
                    False,
                    day + dt.timedelta(days=30),
                )

    def pay_bill(self, move_id: int, unpaid: bool, due: dt.date) -> None:
        if not unpaid and due <= self.today + dt.timedelta(days=30):
            self.plans.append(Plan(min(self.today, due - dt.timedelta(days=self.rng.randint(0, 3))), move_id))

    # -- payments -----------------------------------------------------------------------------
    def register_payments(self) -> None:
        for plan in sorted(self.plans, key=lambda p: (p.day, p.move_id)):
            self.stamp(plan.day)
            values: dict[str, Any] = {"payment_date": plan.day.isoformat()}
            if plan.amount is not None:
                values["amount"] = plan.amount
            register_payment(self.db, [plan.move_id], **values)

    def run(self) -> None:
        self.base()
        self.chart()
        self.catalogue()
        self.partners()
        self.services()
        self.customer_invoices()
        self.vendor_bills()
        self.register_payments()
        self.drafts()
        self.db.frozen_now = None


def seed(db: Database) -> Database:
    """Fill an empty database with the sandbox company's books as of `db.today`."""
    Seeder(db).run()
    return db
