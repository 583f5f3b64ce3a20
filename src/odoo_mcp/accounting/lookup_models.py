"""The `lookup` tool's vocabulary: which reference records to look up, and what each kind answers.

One tool with a `kind` enum rather than five tools: the kinds share one question ("find the
records of this kind whose name or code has these words") and one input, so the model reads one
short description and picks the kind from an enum it sees in the schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import CompanyChoice
from .money import Money

LookupKind = Literal["tax", "payment_term", "journal", "product", "currency"]


class LookupQuery(CompanyChoice):
    model_config = ConfigDict(extra="forbid")

    kind: LookupKind = Field(
        description="tax, payment_term, journal, product (by name or internal reference) or currency (with today's rate)"
    )
    text: str | None = Field(
        None, min_length=1, max_length=100, description="Words of the name or code, any order, case and accents ignored; omit for all"
    )
    include_archived: bool = Field(False, description="Also archived (inactive) records")
    limit: int = Field(50, ge=1, le=200, description="Most records listed (1-200); total counts all matches")


class TaxInfo(BaseModel):
    id: int
    name: str
    use: str = Field(description="sale, purchase or none (type_tax_use)")
    computation: str = Field(description="percent, fixed, division (percentage included) or group (amount_type)")
    amount: Money = Field(description="The rate in % for percent/division, the fixed amount for fixed")
    price_included: bool
    active: bool
    matched: str | None = None
    url: str | None = None


class PaymentTermLine(BaseModel):
    value: str = Field(description="percent or fixed")
    value_amount: Money = Field(description="% of the total (percent) or an amount (fixed)")
    nb_days: int
    delay_type: str = Field(description="e.g. days_after (invoice date), days_after_end_of_month")


class PaymentTermInfo(BaseModel):
    id: int
    name: str
    active: bool
    lines: list[PaymentTermLine]
    matched: str | None = None
    url: str | None = None


class JournalInfo(BaseModel):
    id: int
    name: str
    code: str
    type: str = Field(description="sale, purchase, cash, bank, credit or general")
    currency: str | None = Field(description="The journal's own currency, if it has one")
    active: bool
    matched: str | None = None
    url: str | None = None


class ProductInfo(BaseModel):
    id: int
    name: str
    code: str | None = Field(description="Internal reference (default_code)")
    barcode: str | None
    sale_price: Money = Field(description="Sales price (lst_price), company currency")
    cost: Money = Field(description="Cost (standard_price) for this company, company currency")
    unit: str | None
    income_account: str | None = Field(description="The product's own income account for this company; none: its category's")
    expense_account: str | None = Field(description="The product's own expense account for this company; none: its category's")
    active: bool
    matched: str | None = None
    url: str | None = None


class CurrencyInfo(BaseModel):
    id: int
    name: str = Field(description="ISO code")
    full_name: str | None
    symbol: str | None
    rate: Money = Field(description="Units of this currency for 1 unit of the company currency, today (res.currency rate)")
    inverse_rate: Money = Field(description="Units of the company currency for 1 unit of this currency, today (inverse_rate)")
    is_company_currency: bool
    active: bool
    matched: str | None = None
    url: str | None = None


class LookupResult(BaseModel):
    kind: LookupKind
    company: str
    company_currency: str
    text: str | None
    total: int = Field(description="How many match, beyond those listed")
    as_of: dt.date | None = Field(None, description="Currencies: the day the rates are for")
    taxes: list[TaxInfo] = Field(default_factory=list)
    payment_terms: list[PaymentTermInfo] = Field(default_factory=list)
    journals: list[JournalInfo] = Field(default_factory=list)
    products: list[ProductInfo] = Field(default_factory=list)
    currencies: list[CurrencyInfo] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list, description="When nothing matched: the nearest names")
    note: str | None = None
