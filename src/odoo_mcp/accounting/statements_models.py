"""Inputs and outputs of the financial statements: cash position, balance sheet, trial balance, tax summary.

Every amount is in the company currency unless the field says otherwise (a foreign-currency bank
journal's own balance). Records carry `url`, the address that opens them in Odoo (None on the sandbox).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import CompanyChoice, Day, Period
from .money import Money

Section = Literal["asset", "liability", "equity"]


class AsOfQuery(CompanyChoice):
    """A day the figures stand on (posted journal items dated on or before it)."""

    model_config = ConfigDict(extra="forbid")

    as_of: Day | None = Field(None, description="Figures as they stood at the end of this day, YYYY-MM-DD; default today")


class AccountRef(BaseModel):
    id: int
    code: str
    name: str
    account_type: str
    url: str | None = None


# -- cash position -------------------------------------------------------------------------------


class CurrencyAmount(BaseModel):
    currency: str
    amount: Money
    count: int


class CashJournal(BaseModel):
    id: int
    name: str
    code: str
    type: str = Field(description="bank, cash or credit")
    url: str | None = None
    account: AccountRef | None = Field(description="The journal's default account, whose balance is the journal's balance")
    balance: Money = Field(description="Balance of the default account in the company currency")
    currency: str = Field(description="The journal's own currency (the company's when it has none)")
    balance_in_currency: Money | None = Field(
        description="Balance in the journal's own currency (sum of amount_currency), only for a foreign-currency journal"
    )
    statement_lines_to_reconcile: int = Field(description="Posted bank statement lines not yet reconciled (is_reconciled false today)")
    statement_lines_to_reconcile_amount: Money = Field(description="Their amount, in the journal's own currency")
    payments_in_process: list[CurrencyAmount] = Field(
        description="Posted payments of the journal not yet matched with a bank statement (state in_process), "
        "per payment currency, received minus sent"
    )


class CashPosition(BaseModel):
    company: str
    as_of: dt.date
    currency: str = Field(description="The company's currency")
    total: Money = Field(description="Sum of the journals' balances in the company currency")
    journals: list[CashJournal]
    basis: str


# -- balance sheet -------------------------------------------------------------------------------


class StatementLine(BaseModel):
    section: Section
    account_type: str
    account: AccountRef | None = Field(description="None for the computed unallocated-earnings lines")
    label: str
    amount: Money = Field(description="Positive for a normal balance: debit for assets, credit for liabilities and equity")


class TypeTotal(BaseModel):
    section: Section
    account_type: str
    amount: Money


class BalanceSheet(BaseModel):
    company: str
    as_of: dt.date
    currency: str = Field(description="The company's currency, which every amount is in")
    fiscal_year_start: dt.date
    assets: Money
    liabilities: Money
    equity: Money = Field(description="Equity accounts plus unallocated earnings (current and previous years)")
    current_year_earnings: Money = Field(description="Income minus expenses from the fiscal year's start to as_of")
    previous_years_earnings: Money = Field(description="Income minus expenses before the fiscal year's start")
    liabilities_and_equity: Money
    balanced: bool = Field(description="assets == liabilities + equity, to the cent")
    difference: Money = Field(description="assets - (liabilities + equity); zero when balanced")
    by_type: list[TypeTotal]
    lines: list[StatementLine]
    basis: str


# -- trial balance -------------------------------------------------------------------------------


class TrialLine(BaseModel):
    account: AccountRef
    opening: Money = Field(description="Balance (debit - credit) of items dated before the period")
    debit: Money
    credit: Money
    closing: Money = Field(description="opening + debit - credit")


class TrialBalance(BaseModel):
    company: str
    period: Period
    currency: str = Field(description="The company's currency, which every amount is in")
    opening: Money
    debit: Money
    credit: Money
    closing: Money
    balanced: bool = Field(description="total debit == total credit and the openings and closings sum to zero")
    lines: list[TrialLine]
    basis: str


# -- taxes ---------------------------------------------------------------------------------------


class TaxTotal(BaseModel):
    id: int
    name: str
    type_tax_use: str = Field(description="sale (collected), purchase (paid) or none")
    rate: Money | None = Field(description="The tax's amount field (percent or fixed), for reference")
    amount_type: str
    url: str | None = None
    base: Money = Field(description="Taxable base: the balance of posted items carrying the tax, positive for a normal sale or purchase")
    tax: Money = Field(description="Tax amount: the balance of the tax's own items, positive for a normal sale or purchase")
    items: int = Field(description="Number of tax journal items")


class TaxSummary(BaseModel):
    company: str
    period: Period
    currency: str = Field(description="The company's currency, which every amount is in")
    sales_base: Money
    collected: Money = Field(description="Tax on sales (net of credit notes)")
    purchases_base: Money
    paid: Money = Field(description="Tax on purchases (net of refunds)")
    net_due: Money = Field(description="collected - paid")
    taxes: list[TaxTotal]
    basis: str
