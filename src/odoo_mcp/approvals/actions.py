"""The write actions, each declared once: its name, its input, its typed plan, how it is proposed and run.

The MCP write tools and the owner's CLI reach writes only through `ACTIONS` and the approval gate;
`runner` is what the gate calls to execute an approved plan.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from . import credit_note, due_date, moves, partner, payment, post, state_change
from .base import Attempt, Books, Outcome, Proposal, StaleRequest
from .inputs import (
    CancelDocument,
    ChangeDueDate,
    CreateCreditNote,
    CreateInvoice,
    CreatePartner,
    CreateVendorBill,
    PostInvoice,
    RegisterPayment,
    ResetToDraft,
    WriteInput,
)
from .plans import CreditNotePlan, DueDatePlan, MovePlan, PartnerPlan, PaymentPlan, Plan, PostPlan, StatePlan

In = TypeVar("In", bound=WriteInput)
P = TypeVar("P", bound=Plan)


class ActionName(StrEnum):
    CREATE_PARTNER = "create_partner"
    CREATE_INVOICE = "create_invoice"
    CREATE_VENDOR_BILL = "create_vendor_bill"
    POST_INVOICE = "post_invoice"
    REGISTER_PAYMENT = "register_payment"
    CREATE_CREDIT_NOTE = "create_credit_note"
    CANCEL_DOCUMENT = "cancel_document"
    RESET_TO_DRAFT = "reset_to_draft"
    CHANGE_DUE_DATE = "change_due_date"


@dataclass(frozen=True)
class WriteAction(Generic[In, P]):
    name: ActionName
    input_model: type[In]
    plan_model: type[P]
    propose: Callable[[Books, In], Awaitable[Proposal]]
    run: Callable[[Books, P, Attempt], Awaitable[Outcome]]


ACTIONS: dict[ActionName, WriteAction[Any, Any]] = {
    action.name: action
    for action in (
        WriteAction(ActionName.CREATE_PARTNER, CreatePartner, PartnerPlan, partner.propose, partner.run),
        WriteAction(ActionName.CREATE_INVOICE, CreateInvoice, MovePlan, moves.propose_invoice, moves.run),
        WriteAction(ActionName.CREATE_VENDOR_BILL, CreateVendorBill, MovePlan, moves.propose_bill, moves.run),
        WriteAction(ActionName.POST_INVOICE, PostInvoice, PostPlan, post.propose, post.run),
        WriteAction(ActionName.REGISTER_PAYMENT, RegisterPayment, PaymentPlan, payment.propose, payment.run),
        WriteAction(ActionName.CREATE_CREDIT_NOTE, CreateCreditNote, CreditNotePlan, credit_note.propose, credit_note.run),
        WriteAction(ActionName.CANCEL_DOCUMENT, CancelDocument, StatePlan, state_change.propose_cancel, state_change.run),
        WriteAction(ActionName.RESET_TO_DRAFT, ResetToDraft, StatePlan, state_change.propose_reset, state_change.run),
        WriteAction(ActionName.CHANGE_DUE_DATE, ChangeDueDate, DueDatePlan, due_date.propose, due_date.run),
    )
}


def proposer(action: WriteAction[In, P], books: Books, query: In) -> Callable[[], Awaitable[Proposal]]:
    return lambda: action.propose(books, query)


def runner(action: WriteAction[Any, P], books: Books) -> Callable[..., Awaitable[Outcome]]:
    """What the gate calls: the stored plan parsed back into its model (an unreadable plan is refused, nothing written)."""

    async def run(plan: dict[str, Any], approval_id: str, *, resume: bool, dry_run: bool) -> Outcome:
        try:
            typed = action.plan_model.model_validate(plan)
        except ValidationError as exc:
            raise StaleRequest(f"the stored plan of {approval_id} cannot be read ({exc.error_count()} problems; it was made by "
                               "an older version): nothing was written. File a new request") from None
        return await action.run(books, typed, Attempt(approval_id, resume, dry_run))

    return run
