"""The write tools' arguments: one pydantic model per write, validated and normalised once.

Normalised so the same request always hashes the same way: the owner approves a payload, the
store stores its hash, and the call that executes must hash to it again (`1000.00` and `1000`
are one request). `payload()` is that payload. The models know nothing of Odoo; what the
arguments refer to is checked read-only by each action's `propose` (see `actions`) when the request is filed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..accounting.models import Day
from ..accounting.money import to_money, to_quantity

_STRICT = ConfigDict(extra="forbid")
ApprovalId = Annotated[
    str | None,
    Field(None, max_length=64, description="Leave empty to request approval; after the owner approved, the id returned then"),
]
Reason = Annotated[str | None, Field(None, max_length=300, description="Why, in one sentence, for the owner")]
Amount = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2, description="Exact amount, at most 2 decimals")]


def _exact(value: Decimal) -> Decimal:
    """One spelling per number (`1000`, `2.5`), so `1000.00` and `1000` request the same thing."""
    return to_quantity(value)


class WriteInput(BaseModel):
    """What every write tool takes besides its own arguments."""

    model_config = _STRICT

    reason: Reason = None
    approval_id: ApprovalId = None

    def payload(self) -> dict[str, Any]:
        """What the owner approves and the request store hashes: every argument except the approval id."""
        return self.model_dump(mode="json", exclude={"approval_id"}, exclude_none=True)


class CreatePartner(WriteInput):
    name: str = Field(min_length=1, max_length=128, description="Company or person name")
    is_company: bool = Field(True, description="A company (true) or an individual (false)")
    role: Literal["customer", "vendor", "both"] = Field("customer", description="Customer, vendor or both")
    email: str | None = Field(None, max_length=128)
    phone: str | None = Field(None, max_length=64)
    vat: str | None = Field(None, max_length=32, description="Tax ID")
    street: str | None = Field(None, max_length=128)
    city: str | None = Field(None, max_length=64)
    zip: str | None = Field(None, max_length=16)
    country_code: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO code, e.g. US")

    @field_validator("name", "email", "phone", "vat", "street", "city", "zip")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) else value

    @field_validator("country_code")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value


class LineInput(BaseModel):
    model_config = _STRICT

    description: str = Field(min_length=1, max_length=500)
    quantity: Decimal = Field(Decimal(1), gt=0, max_digits=15, decimal_places=6)
    unit_price: Decimal = Field(ge=0, max_digits=15, decimal_places=6, description="Before tax")
    discount_pct: Decimal = Field(Decimal(0), ge=0, le=100, decimal_places=2)
    taxes: list[int | str] = Field(default_factory=list, max_length=5, description="Tax ids or exact names; none = no tax")

    @field_validator("quantity", "unit_price", "discount_pct")
    @classmethod
    def _normalise(cls, value: Decimal) -> Decimal:
        return _exact(value)


class _MoveInput(WriteInput):
    partner_id: int = Field(ge=1, description="Odoo id of the partner (find_partners, or create_partner first)")
    lines: list[LineInput] = Field(min_length=1, max_length=100)
    invoice_date: Day | None = Field(None, description="YYYY-MM-DD; empty = the day it is posted")
    due_date: Day | None = Field(None, description="YYYY-MM-DD; or give payment_term")
    payment_term: int | str | None = Field(None, description="Payment term id or exact name, e.g. '30 Days'")
    post: bool = Field(False, description="Also post (confirm) it once created")

    @model_validator(mode="after")
    def _due(self) -> _MoveInput:
        if self.due_date and self.payment_term is not None:
            raise ValueError("give due_date or payment_term, not both")
        if self.due_date and self.invoice_date and self.due_date < self.invoice_date:
            raise ValueError("due_date is before invoice_date")
        return self


class CreateInvoice(_MoveInput):
    ref: str | None = Field(None, max_length=64, description="Customer's reference (e.g. their PO number)")


class CreateVendorBill(_MoveInput):
    ref: str = Field(min_length=1, max_length=64, description="The vendor's bill number")
    invoice_date: Day | None = Field(None, description="Bill date, YYYY-MM-DD; empty = the day it is posted")


class PostInvoice(WriteInput):
    invoice_id: int = Field(ge=1, description="Odoo id of the draft customer invoice or vendor bill")


class RegisterPayment(WriteInput):
    invoices: list[int | str] = Field(min_length=1, max_length=20, description="Ids or numbers of posted invoices/bills of ONE partner")
    amount: Amount | None = Field(None, description="Exact amount; empty = everything still open")
    payment_date: Day | None = Field(None, description="YYYY-MM-DD; empty = the day it is executed")
    journal: int | str | None = Field(None, description="Bank/cash journal id, name or code; empty = the first bank journal")
    memo: str | None = Field(None, max_length=120, description="Payment memo; default: the invoice numbers")

    @field_validator("amount")
    @classmethod
    def _cents(cls, value: Decimal | None) -> Decimal | None:
        return to_money(value) if value is not None else None


DocumentRef = Annotated[int | str, Field(description="Odoo id or number (e.g. INV/2026/00012) of the invoice, bill or credit note")]


class CreateCreditNote(WriteInput):
    """A credit note for a posted customer invoice, or a refund for a posted vendor bill, by Odoo's own reversal."""

    invoice: DocumentRef
    reason: str = Field(min_length=1, max_length=300, description="Why: shown to the owner and printed on the credit note")
    untaxed_amount: Amount | None = Field(None, description="Partial credit, before tax; empty = the whole invoice")
    taxes: list[int | str] | None = Field(None, max_length=5, description="Partial credit's taxes (ids or names); empty = the invoice's")
    date: Day | None = Field(None, description="Credit note date, YYYY-MM-DD; empty = the day it is executed")
    post: bool = Field(True, description="Post it, which matches it against the invoice (false: leave a draft)")

    @field_validator("reason")
    @classmethod
    def _strip(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("give the reason for the credit note")
        return value.strip()

    @field_validator("untaxed_amount")
    @classmethod
    def _cents(cls, value: Decimal | None) -> Decimal | None:
        return to_money(value) if value is not None else None

    @model_validator(mode="after")
    def _taxes_need_amount(self) -> CreateCreditNote:
        if self.taxes is not None and self.untaxed_amount is None:
            raise ValueError("taxes go with untaxed_amount (a partial credit); a full credit note copies the invoice's taxes")
        return self


class CancelDocument(WriteInput):
    document: DocumentRef


class ResetToDraft(WriteInput):
    document: DocumentRef


class ChangeDueDate(WriteInput):
    document: DocumentRef
    due_date: Day | None = Field(None, description="New due date, YYYY-MM-DD; or give payment_term (drafts only)")
    payment_term: int | str | None = Field(None, description="Payment term id or exact name; only on a draft (Odoo locks it once posted)")

    @model_validator(mode="after")
    def _one(self) -> ChangeDueDate:
        if (self.due_date is None) == (self.payment_term is None):
            raise ValueError("give due_date or payment_term (exactly one)")
        return self
