"""create_credit_note: a credit note for a posted customer invoice, or a refund for a posted vendor bill, by Odoo's reversal.

Odoo 19's "Credit Note" button is the `account.move.reversal` wizard (`refund_moves`): for an
invoice it copies the document as a draft `out_refund`/`in_refund` with `reversed_entry_id`, the
reason in its reference ("Reversal of: INV/..., <reason>"), dated the wizard's date (due that day,
no payment term). Posting that draft matches it against the original's receivable/payable item
(`_post` -> `_reconcile_reversed_moves`), so the invoice's open amount drops by the credit.
A partial credit is what Odoo's users do: reverse, then change the draft's lines before posting;
here the draft's lines are replaced by one line (the reason, the untaxed amount, the invoice's
taxes or those asked for), then it is posted. The wizard needs its journal given over RPC (its
compute runs only in the form): the original's.

The wizard cannot create an external id with the credit note, so the marker is attached right
after (as for payments, `markers.attach`). A found credit note is carried on to where the plan
ends (lines, post); an interrupted attempt without a marked credit note is not retried: the
credit notes Odoo holds for the original are listed for the owner to check.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..accounting.money import to_money
from ..odoo import Many2one
from . import documents, lookups, markers
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Mismatch, Outcome, Proposal, StaleRequest, compare, fmt
from .inputs import CreateCreditNote
from .lookups import KIND
from .moves import estimate_tax, rounding_method
from .plans import CreditNotePlan, DocumentFacts, LinePlan, TaxFacts

_REFUND = {"out_invoice": "out_refund", "in_invoice": "in_refund"}
_LINE_READ = ["name", "quantity", "price_unit", "discount", "tax_ids", "display_type"]
_STORED = [*documents.READ, "reversed_entry_id", "invoice_line_ids"]


async def _invoice_taxes(books: Books, move_id: int) -> list[TaxFacts]:
    """The taxes of the invoice's lines when every line has the same ones; else the owner must say which."""
    lines = await books.client.search_read("account.move.line", [("move_id", "=", move_id), ("display_type", "=", "product")],
                                           ["tax_ids"])
    sets = {tuple(sorted(int(t) for t in line.get("tax_ids") or [])) for line in lines}
    if len(sets) != 1:
        raise InvalidRequest("the invoice's lines have different taxes: give the partial credit's taxes (ids or names)")
    ids = list(sets.pop())
    if not ids:
        return []
    rows = await books.client.search_read("account.tax", [("id", "in", ids)], lookups.TAX_FIELDS)
    return sorted((lookups.tax_facts(r) for r in rows), key=lambda t: t.id)


def _open_after(open_now: Decimal, credit: Decimal | None) -> Decimal | None:
    """Posting matches the credit against what is still open: the invoice keeps the rest (never below zero)."""
    return None if credit is None else open_now - min(open_now, credit)


async def propose(books: Books, q: CreateCreditNote) -> Proposal:
    client = books.client
    company = await books.accounting.company()
    decimals = company.decimals
    row = await documents.find(client, q.invoice, kinds=tuple(_REFUND))
    doc = documents.facts(row, decimals, company.currency)
    kind = KIND[doc.move_type]
    if doc.state != "posted":
        raise InvalidRequest(f"{doc.name} is {doc.state}: only a posted {kind} gets a credit note (a draft is changed or cancelled)")
    if doc.currency != company.currency:
        raise InvalidRequest(f"{doc.name} is in {doc.currency}; only {company.currency} documents are credited here")
    if q.date is not None and q.date > books.accounting.today():
        raise InvalidRequest(f"{q.date.isoformat()} is in the future: Odoo would hold the credit note until then")
    lines: list[LinePlan] = []
    tax: Decimal | None
    if q.untaxed_amount is None:
        untaxed, tax = doc.amount_untaxed, to_money(row.get("amount_tax"), decimals)
    else:
        if q.untaxed_amount > doc.amount_untaxed:
            raise InvalidRequest(f"{fmt(q.untaxed_amount, doc.currency)} is more than {doc.name}'s untaxed amount "
                                 f"{fmt(doc.amount_untaxed, doc.currency)}")
        use = "sale" if doc.move_type == "out_invoice" else "purchase"
        taxes = (list({t.id: t for t in (await lookups.taxes(client, q.taxes, use)).values()}.values()) if q.taxes is not None
                 else await _invoice_taxes(books, doc.move_id))
        lines = [LinePlan(description=q.reason, quantity=Decimal(1), unit_price=q.untaxed_amount, discount=Decimal(0),
                          taxes=sorted(taxes, key=lambda t: t.id), subtotal=q.untaxed_amount)]
        untaxed = q.untaxed_amount
        tax = estimate_tax(lines, decimals, await rounding_method(client, company.id))
    plan = CreditNotePlan(
        company_id=company.id, original=doc, refund_type="out_refund" if doc.move_type == "out_invoice" else "in_refund",
        journal_id=Many2one.parse(row.get("journal_id")).id or 0, reason=q.reason, date=q.date, lines=lines, untaxed=untaxed,
        tax=tax, post=q.post,
        original_open_after=_open_after(doc.amount_residual, untaxed + tax if tax is not None else None) if q.post else None,
    )
    earlier = await client.search_read("account.move", [("reversed_entry_id", "=", doc.move_id), ("state", "!=", "cancel")],
                                       ["name", "amount_total", "state"], limit=5)
    flags = []
    if earlier:
        listed = ", ".join(f"{r.get('name') or 'draft ' + str(r['id'])} ({to_money(r.get('amount_total'), decimals):,}, {r.get('state')})"
                           for r in earlier)
        flags.append(f"ALREADY CREDITED: {doc.name} already has credit notes: {listed}")
    return _proposal(plan, doc, kind, flags)


def _proposal(plan: CreditNotePlan, doc: DocumentFacts, kind: str, flags: list[str]) -> Proposal:
    what = "credit note" if plan.refund_type == "out_refund" else "vendor refund"
    total = plan.total
    amount_text = fmt(total, doc.currency) if total is not None else f"{fmt(plan.untaxed, doc.currency)} plus taxes Odoo computes"
    scope = "the whole invoice" if plan.full else f"part of it: {fmt(plan.untaxed, doc.currency)} before tax"
    if not plan.post:
        matching = "Left as a draft: not posted, not matched against the invoice until someone posts it"
    elif doc.amount_residual == 0:
        holder = "for the customer (refund it or use it on another invoice)" if plan.refund_type == "out_refund" else "from the vendor"
        matching = f"Posted. {doc.name} is already fully {doc.payment_state or 'paid'}: the {what} stays open as a credit {holder}"
    else:
        matching = (f"Posted and matched against {doc.name}: its open amount goes from {fmt(doc.amount_residual, doc.currency)} to "
                    f"{fmt(plan.original_open_after, doc.currency)}")
    details = [
        f"Original: {documents.describe(doc)}",
        f"Reason (printed on the {what}): {plan.reason}",
        f"Credits {scope}; total {amount_text}",
        *[f"Line: {line.description} — {line.unit_price:,} ("
          f"{', '.join(t.name for t in line.taxes) or 'no tax'})" for line in plan.lines],
        f"Date: {plan.date.isoformat() if plan.date else 'the day it is executed'}",
        matching,
        f"Made by Odoo's own reversal of {doc.name}; refused if {doc.name} changes (totals, open amount, state) before it runs",
    ]
    return Proposal(
        action="create_credit_note",
        headline=f"Issue a {what} for {doc.name} ({kind}, {doc.partner}) of {amount_text}, {scope}: {plan.reason}.",
        details=details,
        amount=total if total is not None else plan.untaxed,
        currency=doc.currency,
        recipient=doc.partner,
        target=f"account.move (new {plan.refund_type}) reversing {doc.name}",
        plan=plan,
        flags=flags,
    )


async def _reverse(books: Books, plan: CreditNotePlan) -> int:
    """Odoo's reversal wizard on the original: the draft credit note's id."""
    client = books.client
    original = plan.original.move_id
    context = {"active_model": "account.move", "active_ids": [original]}
    vals: dict[str, Any] = {"reason": plan.reason, "journal_id": plan.journal_id}
    if plan.date is not None:
        vals["date"] = plan.date.isoformat()
    (wizard,) = await client.create("account.move.reversal", [vals], context=context)
    action = await client.call("account.move.reversal", "refund_moves", ids=[wizard], context=context)
    made = action.get("res_id") if isinstance(action, dict) else None
    if not made:
        newest = await client.search_read("account.move", [("reversed_entry_id", "=", original)], ["id"], limit=1, order="id desc")
        made = newest[0]["id"] if newest else None
    if not made:
        raise StaleRequest(f"Odoo reversed {plan.original.name} but its credit note cannot be found; check Odoo")
    return int(made)


async def _lines(books: Books, move_id: int) -> list[dict[str, Any]]:
    rows = await books.client.search_read("account.move.line", [("move_id", "=", move_id), ("display_type", "=", "product")],
                                          _LINE_READ, order="sequence, id")
    return rows


def _line_checks(plan: CreditNotePlan, lines: list[dict[str, Any]]) -> list[tuple[str, Any, Any]]:
    if plan.full:
        return []
    checks: list[tuple[str, Any, Any]] = [("number of lines", len(plan.lines), len(lines))]
    for i, (want, got) in enumerate(zip(plan.lines, lines, strict=False), start=1):
        checks += [
            (f"line {i} description", want.description, got.get("name")),
            (f"line {i} quantity", want.quantity, to_money(got.get("quantity"), 6)),
            (f"line {i} unit price", want.unit_price, to_money(got.get("price_unit"), 6)),
            (f"line {i} taxes", [t.id for t in want.taxes], sorted(int(t) for t in got.get("tax_ids") or [])),
        ]
    return checks


async def _finish(books: Books, plan: CreditNotePlan, move_id: int) -> None:
    """Carry a draft credit note to where the plan ends: a partial credit's line, then posted if asked (each step once)."""
    client = books.client
    row = await lookups.read_move(client, move_id, ["state"])
    if row.get("state") != "draft":
        return
    lines = await _lines(books, move_id)
    if compare(_line_checks(plan, lines)):
        commands: list[Any] = [[2, int(line["id"])] for line in lines]
        commands += [[0, 0, {"name": line.description, "quantity": line.quantity, "price_unit": line.unit_price,
                             "tax_ids": [[6, 0, [t.id for t in line.taxes]]]}] for line in plan.lines]
        await client.call("account.move", "write", ids=[move_id], vals={"invoice_line_ids": commands})
    if plan.post:
        await client.call("account.move", "action_post", ids=[move_id])


async def _verify(books: Books, plan: CreditNotePlan, move_id: int, decimals: int, *, check_open: bool) -> tuple[list[dict[str, Any]],
                                                                                                           list[Mismatch]]:
    client = books.client
    row = await lookups.read_move(client, move_id, _STORED)
    original = await lookups.read_move(client, plan.original.move_id, documents.READ)
    lines = await _lines(books, move_id)
    partner = Many2one.parse(row.get("commercial_partner_id")) or Many2one.parse(row.get("partner_id"))
    checks: list[tuple[str, Any, Any]] = [
        ("document type", plan.refund_type, row.get("move_type")),
        ("reverses", plan.original.move_id, Many2one.parse(row.get("reversed_entry_id")).id),
        ("partner id", plan.original.partner_id, partner.id),
        ("currency", plan.original.currency, Many2one.parse(row.get("currency_id")).name),
        ("state", "posted" if plan.post else "draft", row.get("state")),
        ("reason in the reference", True, plan.reason in str(row.get("ref") or "")),
        ("untaxed amount", plan.untaxed, to_money(row.get("amount_untaxed"), decimals)),
        *_line_checks(plan, lines),
    ]
    if plan.tax is not None:
        checks += [("tax", plan.tax, to_money(row.get("amount_tax"), decimals)),
                   ("total", plan.total, to_money(row.get("amount_total"), decimals))]
    if plan.date is not None:
        checks.append(("date", plan.date.isoformat(), row.get("invoice_date") or None))
    if check_open and plan.original_open_after is not None:
        checks.append((f"{plan.original.name} still open afterwards", plan.original_open_after,
                       to_money(original.get("amount_residual"), decimals)))
    return [lookups.move_record(row, decimals), lookups.move_record(original, decimals)], compare(checks)


async def run(books: Books, plan: CreditNotePlan, attempt: Attempt) -> Outcome:
    client = books.client
    company = await books.accounting.company()
    found = await markers.find(client, "account.move", attempt.approval_id)
    marked = True
    if found is None:
        if attempt.resume and not attempt.dry_run:
            maybe = await client.search_read("account.move", [("reversed_entry_id", "=", plan.original.move_id)], ["name", "state"],
                                             limit=5, order="id desc")
            listed = ", ".join(str(r.get("name") or f"draft id {r['id']}") for r in maybe)
            seen = f" ({listed} reverse {plan.original.name})" if listed else ""
            raise StaleRequest("an earlier attempt was interrupted and Odoo holds no credit note marked with this approval; it is "
                               f"never retried on the same approval: check Odoo{seen}, then file a new request if it is still due")
        if company.id != plan.company_id:
            raise ChangedSinceApproval(f"approved for company {plan.company_id}, but the server now runs for {company.name}; "
                                       "nothing was written")
        await documents.still(client, plan.original, company.decimals, "credited")
        await lookups.taxes_now(client, [t for line in plan.lines for t in line.taxes])
        if attempt.dry_run:
            return Outcome([], f"would credit {plan.original.name}; it and the approved taxes still hold", dry_run=True)
        move_id = await _reverse(books, plan)
        marked = await markers.attach(client, "account.move", move_id, attempt.approval_id)
    else:
        move_id = found
    if not attempt.dry_run:
        await _finish(books, plan, move_id)
    records, mismatches = await _verify(books, plan, move_id, company.decimals, check_open=found is None)
    note = records[0]
    unmarked = "" if marked else " (not marked with the approval: the API user may not create external ids)"
    verb = "carried on the credit note already made for this approval" if found is not None else "created"
    return Outcome(records, f"{verb}: {note['name']} (id {move_id}) reversing {plan.original.name}, total {note['amount_total']}, "
                            f"{note['state']}; {plan.original.name} open {records[1]['amount_residual']}{unmarked}",
                   found_existing=found is not None, mismatches=mismatches)

