"""change_due_date: a document's due date (or, on a draft, its payment term), written the way Odoo 19 allows.

What a real Odoo 19 lets change (checked on the kit, 2026-12-06):
- a draft: anything. A due date is written with "no payment term" (as create_invoice does, so no
  term recomputes it); a payment term is written and Odoo computes the due date, read back.
- a posted document without payment term: its due date (`invoice_date_due`, editable in Odoo's form);
  Odoo moves the receivable/payable item's `date_maturity` with it.
- a posted document with a payment term: the term is read-only ("You cannot modify the following
  readonly fields on a posted move: invoice_payment_term_id"), and writing `invoice_date_due` alone
  changes only the header, not the item aging and follow-ups read. Odoo's form lets the item's
  `date_maturity` be edited, so both are written: the item, then the header. With several
  instalments the new date would be ambiguous: refused.
A paid or cancelled document has nothing left to fall due: refused. Writing the same date twice is
harmless, so the marker is the date itself: a document already due on the approved date is done.
"""

from __future__ import annotations

from typing import Any

from ..odoo import Many2one
from . import documents, lookups
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Outcome, Proposal, compare
from .inputs import ChangeDueDate
from .lookups import KIND
from .plans import DueDatePlan, Term

_TERM_LINES = ["display_type", "date_maturity", "account_id"]


async def _term_lines(books: Books, move_id: int) -> list[dict[str, Any]]:
    """The document's receivable/payable items (Odoo's `payment_term` lines), with their due dates."""
    rows = await books.client.search_read("account.move.line", [("move_id", "=", move_id), ("display_type", "=", "payment_term")],
                                          _TERM_LINES, order="id")
    return rows


async def propose(books: Books, q: ChangeDueDate) -> Proposal:
    company = await books.accounting.company()
    row = await documents.find(books.client, q.document)
    doc = documents.facts(row, company.decimals, company.currency)
    if doc.state == "cancel":
        raise InvalidRequest(f"{doc.name} is cancelled: it has no due date to change")
    if doc.state == "posted" and doc.payment_state in ("paid", "in_payment", "reversed"):
        raise InvalidRequest(f"{doc.name} is {(doc.payment_state or 'paid').replace('_', ' ')}: nothing is left to fall due")
    term: Term | None = None
    if q.payment_term is not None:
        if doc.state == "posted":
            raise InvalidRequest(f"Odoo does not let the payment term of a posted document change ({doc.name}); give due_date instead, "
                                 "or reset it to draft first (reset_to_draft)")
        term = await lookups.payment_term(books.client, q.payment_term)
    if q.due_date is not None and doc.invoice_date is not None and q.due_date < doc.invoice_date:
        raise InvalidRequest(f"{q.due_date.isoformat()} is before {doc.name}'s date {doc.invoice_date.isoformat()}")
    items = await _term_lines(books, doc.move_id)
    if q.due_date is not None and doc.due_date == q.due_date and all(r.get("date_maturity") == q.due_date.isoformat() for r in items):
        raise InvalidRequest(f"{doc.name} is already due {q.due_date.isoformat()}")
    if term is not None and doc.payment_term is not None and doc.payment_term.id == term.id:
        raise InvalidRequest(f"{doc.name} already has the payment term {term.name}")
    via_items = doc.state == "posted" and doc.payment_term is not None
    if via_items and len(items) != 1:
        raise InvalidRequest(f"{doc.name} is due in {len(items)} instalments ({doc.payment_term.name if doc.payment_term else ''}): "
                             "Odoo cannot say which one moves; change it in Odoo")
    plan = DueDatePlan(company_id=company.id, document=doc, due_date=q.due_date, payment_term=term,
                       term_line_ids=[int(r["id"]) for r in items], via_items=via_items)
    kind = KIND.get(doc.move_type, doc.move_type)
    was = f"due {doc.due_date.isoformat() if doc.due_date else '(none)'}" + (f", term {doc.payment_term.name}" if doc.payment_term else "")
    if term is not None:
        headline = (f"Give the draft {kind} {doc.name} for {doc.partner} the payment term {term.name} (now {was}); "
                    "Odoo computes the due date.")
        how = f"Payment term {term.name} written on the draft; the due date Odoo computes from it is read back"
    else:
        assert q.due_date is not None
        headline = f"Move the due date of {doc.name} ({kind}, {doc.partner}) to {q.due_date.isoformat()} (now {was})."
        if via_items:
            how = (f"Posted with the term {doc.payment_term.name if doc.payment_term else ''}: Odoo keeps the term; the receivable/payable "
                   "item's due date and the document's are both set to the new date")
        elif doc.state == "posted":
            how = "Posted without payment term: the document's due date is written, Odoo moves its receivable/payable item with it"
        else:
            how = "A draft: the due date is written exactly, with no payment term (none can recompute it)"
    return documents.proposal("change_due_date", headline, doc, [f"Now: {was}", how], doc.amount_residual, plan,
                              "state, totals, open amount, due date, term")


async def _done(books: Books, plan: DueDatePlan) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    row = await lookups.read_move(books.client, plan.document.move_id, documents.READ)
    return row, await _term_lines(books, plan.document.move_id)


def _checks(plan: DueDatePlan, row: dict[str, Any], items: list[dict[str, Any]]) -> list[tuple[str, Any, Any]]:
    due = row.get("invoice_date_due") or None
    term = Many2one.parse(row.get("invoice_payment_term_id")).name
    checks: list[tuple[str, Any, Any]] = [("state", plan.document.state, row.get("state"))]
    if plan.payment_term is not None:
        checks.append(("payment term", plan.payment_term.name, term))
        checks += [(f"item {r['id']} due date", due, r.get("date_maturity") or None) for r in items[-1:]]
        return checks
    assert plan.due_date is not None
    want = plan.due_date.isoformat()
    checks.append(("due date", want, due))
    checks += [(f"item {r['id']} due date", want, r.get("date_maturity") or None) for r in items]
    if plan.document.state == "draft":
        checks.append(("payment term", None, term))
    return checks


async def run(books: Books, plan: DueDatePlan, attempt: Attempt) -> Outcome:
    client = books.client
    company = await books.accounting.company()
    doc = plan.document
    row, items = await _done(books, plan)
    if not compare(_checks(plan, row, items)) and plan.due_date is not None:
        return _outcome(row, items, company.decimals, f"{doc.name} is already due {plan.due_date.isoformat()}; nothing to do", [],
                        found=True)
    if plan.payment_term is not None and Many2one.parse(row.get("invoice_payment_term_id")).id == plan.payment_term.id \
            and row.get("state") == "draft":
        return _outcome(row, items, company.decimals, f"{doc.name} already has the term {plan.payment_term.name}; nothing to do", [],
                        found=True)
    documents.unchanged(doc, row, company.decimals, "changed")
    now_items = [int(r["id"]) for r in items]
    if now_items != plan.term_line_ids:
        raise ChangedSinceApproval(f"{doc.name}'s receivable/payable items changed since the request; nothing was changed")
    if attempt.dry_run:
        return Outcome([], f"would change the due date of {doc.name}; it is still as approved", dry_run=True)
    if plan.payment_term is not None:
        await client.call("account.move", "write", ids=[doc.move_id], vals={"invoice_payment_term_id": plan.payment_term.id})
    else:
        assert plan.due_date is not None
        day = plan.due_date.isoformat()
        if plan.via_items:
            await client.call("account.move.line", "write", ids=plan.term_line_ids, vals={"date_maturity": day})
            await client.call("account.move", "write", ids=[doc.move_id], vals={"invoice_date_due": day})
        elif doc.state == "draft":
            await client.call("account.move", "write", ids=[doc.move_id], vals={"invoice_date_due": day, "invoice_payment_term_id": False})
        else:
            await client.call("account.move", "write", ids=[doc.move_id], vals={"invoice_date_due": day})
    row, items = await _done(books, plan)
    due = row.get("invoice_date_due") or "(none)"
    return _outcome(row, items, company.decimals, f"{doc.name} (id {doc.move_id}) is now due {due}", compare(_checks(plan, row, items)),
                    found=False)


def _outcome(row: dict[str, Any], items: list[dict[str, Any]], decimals: int, summary: str, mismatches: list[Any], *,
             found: bool) -> Outcome:
    record = {**lookups.move_record(row, decimals), "date": row.get("invoice_date_due") or None}
    return Outcome([record], summary, found_existing=found, mismatches=mismatches)
