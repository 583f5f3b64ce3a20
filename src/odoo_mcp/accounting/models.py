"""The accounting vocabulary: queries in and answers out, as pydantic models.

These are the MCP tools' input and output schemas too, so field descriptions are written for
the model that reads them, and constraints (limits, date order) are enforced here once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .money import Money
from .periods import PERIOD_FORMS, parse_period

MoveState = Literal["draft", "posted", "cancel"]
PaymentState = Literal["not_paid", "partial", "in_payment", "paid", "reversed", "blocked", "invoicing_legacy"]

_STRICT = ConfigDict(extra="forbid")

# Days an owner can mean: year 1 or 9999 is a typo, and would overflow date arithmetic further on.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_FORM = "YYYY-MM-DD (e.g. 2026-10-31)"


def _day_text(value: object) -> object:
    """Only a date or `YYYY-MM-DD` text is a day: pydantic alone would take a timestamp, `2026-10-31T00:00` or
    answer "input is too short", none of which tells the model what to send."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DAY.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected {DAY_FORM}; got {value!r}")


def _sane_day(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"{value.isoformat()} is outside {FIRST_DAY}..{LAST_DAY} (expected YYYY-MM-DD)")
    return value


def _month(value: str) -> str:
    key = parse_period(value)
    if not FIRST_DAY.year <= int(key[:4]) <= LAST_DAY.year:
        raise ValueError(f"expected {PERIOD_FORMS}, years {FIRST_DAY.year}-{LAST_DAY.year}; got {value!r}")
    return key


Day = Annotated[dt.date, BeforeValidator(_day_text), AfterValidator(_sane_day)]
#: A month, quarter or year (`2026-10`, `2026-Q3`, `2026`), normalised; named for what it first accepted.
Month = Annotated[str, AfterValidator(_month)]


class _DateRange(BaseModel):
    model_config = _STRICT

    date_from: Day | None = Field(None, description="First day included, YYYY-MM-DD")
    date_to: Day | None = Field(None, description="Last day included, YYYY-MM-DD")

    @model_validator(mode="after")
    def _ordered(self) -> _DateRange:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        return self


# Every read tool's optional `company` (which of the user's companies to answer for); `server/read_tools.py` relies on it.
class CompanyChoice(BaseModel):
    company: str | None = Field(
        None, min_length=1, max_length=100, description="Company id or exact name (odoo_status lists them); default the configured one"
    )


class _Page(BaseModel):
    limit: int = Field(20, ge=1, le=200, description="Rows per page (1-200)")
    offset: int = Field(0, ge=0, description="Rows to skip, for the next page")


# -- inputs ------------------------------------------------------------------------------------


class MoveQuery(_DateRange, _Page, CompanyChoice):
    """Filters shared by customer invoices and vendor bills."""

    state: MoveState | None = Field(None, description="draft, posted or cancel; default all")
    payment_state: PaymentState | None = Field(None, description="e.g. not_paid, partial, paid")
    partner_id: int | None = Field(None, ge=1, description="Exact partner id")
    partner: str | None = Field(None, min_length=1, max_length=100, description="Part of the partner's name")
    text: str | None = Field(None, min_length=1, max_length=100, description="Part of the number or reference")
    include_refunds: bool = Field(False, description="Also list credit notes / refunds")
    open_only: bool = Field(False, description="Only posted documents with an amount still to pay")


class InvoiceRef(CompanyChoice):
    model_config = _STRICT

    id: int | None = Field(None, ge=1, description="Odoo id of the invoice or bill")
    number: str | None = Field(None, min_length=1, max_length=64, description="Its number, e.g. INV/2026/00012")

    @model_validator(mode="after")
    def _one(self) -> InvoiceRef:
        if (self.id is None) == (self.number is None):
            raise ValueError("give exactly one of id or number")
        return self


class PartnerQuery(_Page, CompanyChoice):
    model_config = _STRICT

    text: str | None = Field(
        None, min_length=1, max_length=100, description="Words of the name, email, VAT or reference; any order, case and accents ignored"
    )
    role: Literal["any", "customer", "vendor"] = Field("any", description="Customers, vendors or both")


class PaymentQuery(_DateRange, _Page, CompanyChoice):
    direction: Literal["any", "inbound", "outbound"] = Field("any", description="inbound = received, outbound = paid out")
    partner_id: int | None = Field(None, ge=1, description="Exact partner id")


class PeriodQuery(_DateRange, CompanyChoice):
    """A month, quarter or year, or a date range; default: the current month to date."""

    month: Month | None = Field(None, description=f"A month, quarter or year: {PERIOD_FORMS}")

    @model_validator(mode="after")
    def _not_both(self) -> PeriodQuery:
        if self.month and (self.date_from or self.date_to):
            raise ValueError("give either month or date_from/date_to, not both")
        return self


class OverdueQuery(CompanyChoice):
    model_config = _STRICT

    as_of: Day | None = Field(None, description="What was open and overdue on this date, YYYY-MM-DD; default today")
    partner_id: int | None = Field(None, ge=1, description="Only this partner")
    limit: int = Field(50, ge=1, le=200, description="Documents listed per page, most overdue first (totals cover all)")
    offset: int = Field(0, ge=0, description="Documents to skip, for the next page")


class PartnerBalanceQuery(_Page, CompanyChoice):
    model_config = _STRICT

    as_of: Day | None = Field(None, description="Balances as they stood on this date, YYYY-MM-DD; default today")
    sort: Literal["open", "overdue"] = Field("open", description="Largest open amount first, or largest overdue amount first")


# -- outputs -----------------------------------------------------------------------------------


class Period(BaseModel):
    date_from: dt.date
    date_to: dt.date


class MoveSummary(BaseModel):
    """Amounts are signed so that credit notes and refunds are negative, in the document's own currency
    (`currency`) and in the company's currency (`*_company_currency`)."""

    id: int
    number: str = Field(description="'/' for a draft, which has no number yet")
    move_type: str
    partner: str | None
    partner_id: int | None
    state: str
    payment_state: str | None
    invoice_date: dt.date | None
    due_date: dt.date | None
    ref: str | None = None
    currency: str = Field(description="The document's own currency")
    untaxed: Money
    total: Money
    residual: Money = Field(description="Still to pay")
    untaxed_company_currency: Money
    total_company_currency: Money
    residual_company_currency: Money
    url: str | None = Field(None, description="Opens it in Odoo (none on the sandbox)")


class MoveList(BaseModel):
    company: str
    company_currency: str
    total: int = Field(description="How many match, across all pages")
    offset: int
    limit: int
    next_offset: int | None = Field(description="Offset of the next page, or null on the last page")
    items: list[MoveSummary]


class MoveLine(BaseModel):
    description: str
    quantity: Money
    unit_price: Money
    discount_pct: Money
    taxes: list[str]
    subtotal: Money
    total: Money


class MoveDetail(MoveSummary):
    company: str
    company_currency: str
    tax: Money
    payment_reference: str | None = None
    lines: list[MoveLine]


class PartnerSummary(BaseModel):
    id: int
    name: str
    email: str | None
    phone: str | None
    is_company: bool
    is_customer: bool
    is_vendor: bool
    vat: str | None
    city: str | None
    country: str | None
    ref: str | None = None
    matched: str | None = Field(None, description="Why it matched, e.g. name contains 'dupont' and 'marie'")
    url: str | None = None


class PartnerList(BaseModel):
    company: str
    total: int
    offset: int
    limit: int
    next_offset: int | None
    items: list[PartnerSummary]
    suggestions: list[str] = Field(default_factory=list, description="When nothing matched: the nearest names")
    note: str | None = None


class PaymentSummary(BaseModel):
    id: int
    name: str
    date: dt.date | None
    partner: str | None
    partner_id: int | None
    direction: str
    amount: Money
    currency: str
    amount_company_currency: Money = Field(description="Signed: received positive, paid out negative")
    state: str
    journal: str | None
    memo: str | None
    url: str | None = Field(None, description="Opens it in Odoo (none on the sandbox)")


class PaymentList(BaseModel):
    company: str
    company_currency: str
    total: int
    offset: int
    limit: int
    next_offset: int | None
    items: list[PaymentSummary]


class RangeAmount(BaseModel):
    date_from: dt.date
    date_to: dt.date
    amount: Money
    count: int


class MonthAmount(BaseModel):
    month: str = Field(description="YYYY-MM")
    amount: Money
    count: int


class PartnerMonthAmount(MonthAmount):
    """One partner's total in one month (e.g. what a vendor billed), as Odoo grouped it."""

    partner_id: int | None
    partner: str | None


class PeriodTotal(BaseModel):
    kind: Literal["revenue", "expenses"]
    company: str
    period: Period
    currency: str = Field(description="The company's currency, which every amount is in")
    amount: Money = Field(description="Untaxed, net of credit notes/refunds, company currency")
    count: int = Field(description="Posted documents counted")
    months: list[MonthAmount]
    basis: str


class AgingBucket(BaseModel):
    label: Literal["1-30", "31-60", "61-90", "90+"]
    amount: Money
    count: int


class OverdueInvoice(BaseModel):
    id: int
    number: str
    partner: str | None
    partner_id: int | None
    due_date: dt.date
    days_overdue: int
    bucket: str
    residual: Money = Field(description="Still owed on as_of, company currency")
    url: str | None = Field(None, description="Opens it in Odoo (none on the sandbox)")


class OverdueReport(BaseModel):
    side: Literal["receivable", "payable"] = Field(description="receivable: customers owe us; payable: we owe vendors")
    company: str
    as_of: dt.date
    currency: str = Field(description="The company's currency, which every amount is in")
    total: Money
    count: int
    buckets: list[AgingBucket]
    offset: int = 0
    limit: int = 50
    next_offset: int | None = Field(None, description="Offset of the next page, or null on the last page")
    invoices: list[OverdueInvoice] = Field(description="Most overdue first, one page")
    basis: str


class PartnerBalance(BaseModel):
    partner_id: int | None
    partner: str | None
    open: Money = Field(description="Everything still to pay on as_of, company currency")
    overdue: Money = Field(description="The part of it past due on as_of")
    documents: int
    oldest_due: dt.date | None = Field(description="Earliest due date still open")
    buckets: list[AgingBucket] = Field(description="The overdue part by days past due")
    url: str | None = Field(None, description="Opens the partner in Odoo (none on the sandbox)")


class PartnerBalances(BaseModel):
    side: Literal["receivable", "payable"] = Field(description="receivable: customers owe us; payable: we owe vendors")
    company: str
    as_of: dt.date
    currency: str = Field(description="The company's currency, which every amount is in")
    open: Money = Field(description="Total across all partners and pages")
    overdue: Money = Field(description="Total across all partners and pages")
    total: int = Field(description="Partners with something open, across all pages")
    offset: int
    limit: int
    next_offset: int | None
    items: list[PartnerBalance]
    basis: str


class PnlLine(BaseModel):
    section: Literal["income", "expense"]
    account_type: str
    account: str
    amount: Money


class ProfitAndLoss(BaseModel):
    company: str
    period: Period
    currency: str = Field(description="The company's currency, which every amount is in")
    income: Money
    expenses: Money
    net_profit: Money
    lines: list[PnlLine]
    basis: str


class CompanyInfo(BaseModel):
    id: int
    name: str
    currency: str


class ServerStatus(BaseModel):
    reachable: bool
    sandbox: bool
    url: str
    database: str | None
    protocol: str | None
    odoo_version: str | None
    user: str | None
    company: str | None = Field(description="The company tools answer for unless told otherwise")
    company_id: int | None = None
    currency: str | None
    companies: list[CompanyInfo] = Field(default_factory=list, description="Every company the user may access")
    dry_run: bool
    error: str | None = None
