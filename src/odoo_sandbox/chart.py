"""`account.chart.template.try_loading(template_code, company)`: a new company's books, Odoo's generic chart.

What a company needs for invoicing and payments, with the generic chart's codes (`1210` receivable,
`2110` payable, `4410`/`6410` exchange gain/loss...): accounts shared with no other company, the 15%
sale and purchase taxes, and the sale, purchase, miscellaneous, exchange difference, bank and cash
journals. Like Odoo, loading the chart sets the company's currency to the template's (USD): the caller
sets its own back before the first entry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import UserError
from .records import Database

ACCOUNTS = [  # key, code, name, type, reconcile
    ("bank", "1014", "Bank", "asset_cash", False),
    ("suspense", "101402", "Bank Suspense Account", "asset_current", False),
    ("outstanding_receipts", "1015", "Outstanding Receipts", "asset_current", True),
    ("outstanding_payments", "1016", "Outstanding Payments", "asset_current", True),
    ("cash", "1017", "Cash", "asset_cash", False),
    ("receivable", "1210", "Account Receivable", "asset_receivable", True),
    ("tax_paid", "1310", "Tax Paid", "asset_current", False),
    ("payable", "2110", "Account Payable", "liability_payable", True),
    ("tax_received", "2510", "Tax Received", "liability_current", False),
    ("income", "4000", "Product Sales", "income", False),
    ("income_currency_exchange", "4410", "Foreign Exchange Gain", "income", False),
    ("expense", "6000", "Expenses", "expense", False),
    ("expense_currency_exchange", "6410", "Foreign Exchange Loss", "expense", False),
    ("unaffected", "999999", "Undistributed Profits/Losses", "equity_unaffected", False),
]
JOURNALS = [  # name, code, type, default account key, sequence
    ("Customer Invoices", "INV", "sale", "income", 5),
    ("Vendor Bills", "BILL", "purchase", "expense", 6),
    ("Miscellaneous Operations", "MISC", "general", None, 9),
    ("Exchange Difference", "EXCH", "general", None, 9),
    ("Bank", "BNK1", "bank", "bank", 10),
    ("Cash", "CSH1", "cash", "cash", 11),
]
TEMPLATES = ("generic_coa",)


def try_loading(db: Database, template_code: str, company_id: int, stamp: dict[str, Any]) -> None:
    if template_code not in TEMPLATES:
        raise UserError(f"The sandbox only knows the chart templates {', '.join(TEMPLATES)}.")
    if not db.exists("res.company", company_id):
        raise UserError(f"No company {company_id}.")
    if any(company_id in (a.get("company_ids") or []) for a in db.rows("account.account")):
        return  # a chart is already installed: Odoo leaves it alone
    accounts = {
        key: db.insert(
            "account.account",
            {"code": code, "name": name, "account_type": kind, "reconcile": rec, "active": True,
             "company_ids": [company_id], **stamp},
        )
        for key, code, name, kind, rec in ACCOUNTS
    }
    for name, use, account in (("15%", "sale", "tax_received"), ("15%", "purchase", "tax_paid")):
        db.insert(
            "account.tax",
            {"name": name, "type_tax_use": use, "amount_type": "percent", "amount": Decimal(15),
             "price_include": False, "active": True, "description": "15%", "company_id": company_id,
             "sequence": 1, "account_id": accounts[account], **stamp},
        )
    journals = {}
    for name, code, kind, default_account, seq in JOURNALS:
        journals[code] = db.insert(
            "account.journal",
            {"name": name, "code": code, "type": kind, "active": True, "company_id": company_id,
             "default_account_id": accounts[default_account] if default_account else None,
             "refund_sequence": kind in ("sale", "purchase"), "payment_sequence": kind in ("bank", "cash"),
             "sequence": seq, **stamp},
        )
    usd = next((c["id"] for c in db.rows("res.currency") if c["name"] == "USD"), None)
    db.update(
        "res.company",
        company_id,
        {
            "chart_template": template_code,
            "currency_exchange_journal_id": journals["EXCH"],
            "income_currency_exchange_account_id": accounts["income_currency_exchange"],
            "expense_currency_exchange_account_id": accounts["expense_currency_exchange"],
            **({"currency_id": usd} if usd else {}),
        },
    )
