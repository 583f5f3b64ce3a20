"""What the generated vault files hold, as models: one shape for Odoo's answer and for the file read back.

Rows are signed the way an owner reads them: credit notes and vendor refunds negative, so a
column sums to the net figure. Every amount is Odoo's, as `Decimal`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..accounting.models import AgingBucket, PartnerMonthAmount, PnlLine
from ..accounting.money import Money

DocKind = Literal["invoice", "credit note", "bill", "refund"]

_FROZEN = ConfigDict(frozen=True)


class DocRow(BaseModel):
    """One posted invoice, credit note, bill or refund; `total`/`open` negative for credit notes and refunds."""

    model_config = _FROZEN

    id: int
    number: str
    kind: DocKind
    partner: str | None
    invoice_date: dt.date | None
    due_date: dt.date | None
    status: str
    total: Money
    open: Money
    currency: str
    partner_id: int | None = None
    open_company_currency: Money | None = None  # `open` in the company's currency (None in files from before it was kept)

    @property
    def open_in_company_currency(self) -> Money:
        return self.open if self.open_company_currency is None else self.open_company_currency


class DraftRow(BaseModel):
    """A draft invoice or bill: not sent (or not confirmed) yet; `age_days` counts from its document date, else its creation."""

    model_config = _FROZEN

    id: int
    kind: Literal["invoice", "bill"]
    partner: str | None
    created: dt.date | None
    age_days: int | None
    invoice_date: dt.date | None
    total: Money
    currency: str


class PaymentRow(BaseModel):
    model_config = _FROZEN

    id: int
    name: str
    date: dt.date | None
    partner: str | None
    amount: Money  # company currency, as Odoo signs it (received positive)
    state: str
    memo: str | None


class OverdueRow(BaseModel):
    model_config = _FROZEN

    id: int
    number: str
    partner: str | None
    due_date: dt.date
    days_overdue: int
    open: Money


class Receivables(BaseModel):
    """Overdue customer invoices (or vendor bills, for payables) on a day: Odoo's aging buckets, and the most overdue ones."""

    as_of: dt.date
    total: Money
    count: int
    buckets: list[AgingBucket]
    most_overdue: list[OverdueRow]


class WeekRevenue(BaseModel):
    """Revenue of one Monday-Sunday week, clipped to the month: lets a briefing rebuild any week offline."""

    date_from: dt.date
    date_to: dt.date
    amount: Money
    count: int


class CurrentState(BaseModel):
    """What is true today rather than of a month: shown in the current month's file only."""

    as_of: dt.date
    receivables: Receivables
    due_invoices: list[DocRow]  # open customer invoices due within the next 7 days
    due_bills: list[DocRow]  # open vendor bills due within the next 7 days
    drafts: list[DraftRow]
    # None in files written before they were kept: shown as not known, never as zero
    payables: Receivables | None = None  # overdue vendor bills (same shape: Odoo's aging of the payable side)
    open_receivables: Money | None = None  # everything customers owe, due or not (Odoo's sum, company currency)
    open_payables: Money | None = None  # everything we owe vendors, due or not


class MonthSnapshot(BaseModel):
    """Everything `Accounting/YYYY-MM.md` states, exactly as Odoo answered it."""

    month: str
    date_from: dt.date
    date_to: dt.date
    company: str
    currency: str
    revenue: Money
    revenue_count: int
    expenses: Money
    expenses_count: int
    weeks: list[WeekRevenue]
    income: Money
    pnl_expenses: Money
    net_profit: Money
    pnl_lines: list[PnlLine]
    vendors: list[PartnerMonthAmount]
    invoices: list[DocRow]
    payments: list[PaymentRow]
    bills: list[DocRow]
    current: CurrentState | None = None


class OpenItems(BaseModel):
    """Today's open documents, read once per sync and shared by the month file, the events and the briefing."""

    as_of: dt.date
    currency: str  # the company's, in which payments are stated
    open_invoices: list[DocRow]
    open_bills: list[DocRow]
    drafts: list[DraftRow]


class FileStatus(BaseModel):
    """The freshness part of a generated file's front matter."""

    updated: dt.datetime
    source: str
    odoo_connected: bool
    stale: bool
    last_success: dt.datetime | None
    last_error: str | None = None
    odoo_url: str | None = None  # the Odoo the figures came from: where the file's links point


__all__ = [
    "AgingBucket",
    "CurrentState",
    "DocRow",
    "DraftRow",
    "FileStatus",
    "MonthSnapshot",
    "OpenItems",
    "OverdueRow",
    "PartnerMonthAmount",
    "PaymentRow",
    "PnlLine",
    "Receivables",
    "WeekRevenue",
]
