"""Typed plans: everything a write will put into Odoo, resolved when the owner is asked.

A plan is stored (as JSON) in the request store and printed in the request file; the execution
parses it back into the same model, so what runs is exactly what the owner read. Each plan holds
the facts the owner's decision rests on (a tax's rate, a partner's payment term, the open amount)
so that the execution can check them against Odoo again before writing and compare what Odoo
stored afterwards.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Plan(BaseModel):
    """Every plan is for one company's books."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    company_id: int


class PartnerPlan(Plan):
    name: str
    is_company: bool
    customer: bool
    vendor: bool
    email: str | None = None
    phone: str | None = None
    vat: str | None = None
    street: str | None = None
    city: str | None = None
    zip: str | None = None
    country_id: int | None = None
    country: str | None = None


class TaxFacts(BaseModel):
    """A tax as the owner approved it: a changed rate or computation between approval and execution is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    name: str
    amount: Decimal
    amount_type: str
    price_include: bool
    type_tax_use: str


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    name: str


class LinePlan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    taxes: list[TaxFacts]
    subtotal: Decimal


class MovePlan(Plan):
    move_type: Literal["out_invoice", "in_invoice"]
    partner_id: int
    partner: str
    commercial_partner_id: int
    currency: str
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None  # explicit: Odoo is told "no payment term" so nothing replaces it
    payment_term: Term | None = None  # chosen in the request
    partner_term: Term | None = None  # neither given: the partner's own term, as it was when approved
    ref: str | None = None
    lines: list[LinePlan]
    untaxed: Decimal
    tax: Decimal | None  # None when Odoo's tax cannot be predicted exactly (price-included or non-percent taxes)
    post: bool

    @property
    def total(self) -> Decimal | None:
        return None if self.tax is None else self.untaxed + self.tax


class PostPlan(Plan):
    move_id: int
    move_type: str
    partner_id: int
    partner: str
    currency: str
    amount_untaxed: Decimal
    amount_total: Decimal
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None


class PaymentPlan(Plan):
    move_ids: list[int]
    numbers: list[str]
    partner_id: int
    partner: str
    inbound: bool
    currency: str
    amount: Decimal
    open_total: Decimal
    payment_date: dt.date | None = None
    journal_id: int
    journal: str
    memo: str




class DocumentFacts(BaseModel):
    """An existing invoice, bill or credit note as the owner read it; each field is checked again before writing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    move_id: int
    name: str
    move_type: str
    state: str
    partner_id: int
    partner: str
    currency: str
    amount_untaxed: Decimal
    amount_total: Decimal
    amount_residual: Decimal
    payment_state: str | None = None
    date: dt.date | None = None  # the accounting date (lock dates apply to it)
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None
    payment_term: Term | None = None


class CreditNotePlan(Plan):
    original: DocumentFacts
    refund_type: Literal["out_refund", "in_refund"]
    journal_id: int
    reason: str
    date: dt.date | None = None  # None: the day it is executed (Odoo's default)
    lines: list[LinePlan]  # a partial credit's one line; empty: every line of the original, copied by Odoo
    untaxed: Decimal
    tax: Decimal | None  # None when Odoo's tax cannot be predicted exactly
    post: bool
    original_open_after: Decimal | None = None  # posted: the original's open amount once matched

    @property
    def total(self) -> Decimal | None:
        return None if self.tax is None else self.untaxed + self.tax

    @property
    def full(self) -> bool:
        return not self.lines


class StatePlan(Plan):
    """Cancel a document, or reset it to draft: from the state the owner read to `target`."""

    document: DocumentFacts
    target: Literal["cancel", "draft"]


class DueDatePlan(Plan):
    document: DocumentFacts
    due_date: dt.date | None = None  # the new due date, exactly
    payment_term: Term | None = None  # or a new term (drafts): Odoo computes the date
    term_line_ids: list[int]  # the receivable/payable items whose due date Odoo keeps (date_maturity)
    via_items: bool  # posted with a payment term: the item's due date and the header are written, the term stays


AnyPlan = PartnerPlan | MovePlan | PostPlan | PaymentPlan | CreditNotePlan | StatePlan | DueDatePlan
Kind = Literal["partner", "move", "post", "payment", "credit_note", "state", "due_date"]
