"""cancel_document and reset_to_draft: Odoo's own buttons (`button_cancel`, `button_draft`), refused where Odoo would refuse.

Odoo 19 cancels a draft directly and a posted entry through draft (`button_cancel` calls
`button_draft`, then removes the entry's reconciliations); it resets a posted or cancelled entry to
draft unless it is hashed, in a locked period (global, hard, sales/purchases or tax lock date) or
needs a cancellation request. Those refusals are read before the owner is asked. One rule is
ours: a document something is matched with (a payment, a credit note) is refused, because Odoo
would silently unmatch it (cancel) or leave a draft that still counts as paid (reset): the owner
unmatches it in Odoo first. Changing state twice is harmless, so the marker is the state itself:
a document already in the target state is reported as done, nothing written again.
"""

from __future__ import annotations

from typing import Any, Literal

from . import documents, lookups
from .base import Attempt, Books, InvalidRequest, Outcome, Proposal, StaleRequest, compare
from .inputs import CancelDocument, ResetToDraft
from .lookups import KIND
from .plans import StatePlan

_FROM = {"cancel": ("draft", "posted"), "draft": ("posted", "cancel")}
_VERB = {"cancel": "cancelled", "draft": "reset to draft"}


async def propose_cancel(books: Books, q: CancelDocument) -> Proposal:
    return await _propose(books, q.document, "cancel")


async def propose_reset(books: Books, q: ResetToDraft) -> Proposal:
    return await _propose(books, q.document, "draft")


async def _propose(books: Books, ref: int | str, target: Literal["cancel", "draft"]) -> Proposal:
    company = await books.accounting.company()
    row = await documents.find(books.client, ref)
    doc = documents.facts(row, company.decimals, company.currency)
    if doc.state not in _FROM[target]:
        raise InvalidRequest(f"{doc.name} is {doc.state}: only a {' or '.join(_FROM[target])} document can be {_VERB[target]}")
    if doc.state == "posted" and doc.payment_state in documents.MATCHED:
        raise InvalidRequest(
            f"{doc.name} is {doc.payment_state.replace('_', ' ') if doc.payment_state else 'matched'} (open "
            f"{doc.amount_residual} of {doc.amount_total}): a payment or credit note is matched with it. Unmatch it in Odoo "
            "first, or issue a credit note (create_credit_note) instead"
        )
    if doc.state == "posted":
        locked = await documents.lock_refusal(books.client, row, company.id)
        if locked:
            raise InvalidRequest(locked)
    plan = StatePlan(company_id=company.id, document=doc, target=target)
    kind = KIND.get(doc.move_type, doc.move_type)
    if target == "cancel":
        headline = f"Cancel the {kind} {doc.name} for {doc.partner}, {doc.amount_total:,} {doc.currency}: it stops counting in the books."
        effect = ("Posted: Odoo resets it to draft, then cancels it; its number stays used" if doc.state == "posted"
                  else "A draft: it is cancelled as it is")
    else:
        headline = f"Reset the {kind} {doc.name} for {doc.partner} to draft: it stops counting in the books until posted again."
        effect = "It keeps its number; posting it again (post_invoice) puts it back in the books"
    action = "cancel_document" if target == "cancel" else "reset_to_draft"
    return documents.proposal(action, headline, doc, [effect], doc.amount_total, plan, "state, totals, open amount, partner")


async def run(books: Books, plan: StatePlan, attempt: Attempt) -> Outcome:
    client = books.client
    company = await books.accounting.company()
    doc = plan.document
    row = await lookups.read_move(client, doc.move_id, documents.READ)
    if row.get("state") == plan.target:
        return _outcome(plan, row, company.decimals, f"{doc.name} is already {_VERB[plan.target]}; nothing to do", found=True)
    what = _VERB[plan.target]
    documents.unchanged(doc, row, company.decimals, what)
    if doc.state == "posted":
        locked = await documents.lock_refusal(client, row, company.id)
        if locked:
            raise StaleRequest(f"{locked}; nothing was {what}")
    if attempt.dry_run:
        return Outcome([], f"would have {doc.name} {what}; it is still as approved", dry_run=True)
    await client.call("account.move", "button_cancel" if plan.target == "cancel" else "button_draft", ids=[doc.move_id])
    row = await lookups.read_move(client, doc.move_id, documents.READ)
    return _outcome(plan, row, company.decimals, f"{doc.name} (id {doc.move_id}) {what}", found=False)


def _outcome(plan: StatePlan, row: dict[str, Any], decimals: int, summary: str, *, found: bool) -> Outcome:
    doc = plan.document
    now = documents.facts(row, decimals, doc.currency)
    mismatches = compare([
        ("state", plan.target, now.state),
        ("partner id", doc.partner_id, now.partner_id),
        ("total", doc.amount_total, now.amount_total),
    ])
    return Outcome([lookups.move_record(row, decimals)], summary, found_existing=found, mismatches=mismatches)
