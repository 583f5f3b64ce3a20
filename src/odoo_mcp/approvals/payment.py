"""register_payment: one payment against posted invoices or bills of one partner, through Odoo's own wizard.

The wizard makes the payment and reconciles it (exchange differences included); the payment is
then marked with the approval's external id. Memo: the owner's text or the invoice numbers, no
marker (the memo reaches the customer or the vendor's bank). If an attempt was cut off and no
marked payment exists, it is never tried again on the same approval: a payment Odoo made but we
could not mark is listed for the owner to check instead.
"""

from __future__ import annotations

from typing import Any

from ..accounting.money import to_money
from ..odoo import Domain, Many2one
from . import lookups, markers
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Outcome, Proposal, StaleRequest, compare, fmt
from .inputs import RegisterPayment
from .lookups import MOVE_READ
from .plans import PaymentPlan

_PAYMENT_READ = ["name", "amount", "state", "date", "memo", "partner_id", "journal_id", "payment_type"]


def _partner(move: dict[str, Any]) -> Many2one:
    """Whom a document is with: its commercial entity (the company behind a contact), else its partner."""
    return Many2one.parse(move.get("commercial_partner_id")) or Many2one.parse(move.get("partner_id"))


async def propose(books: Books, q: RegisterPayment) -> Proposal:
    client = books.client
    moves = await lookups.payable_moves(client, q.invoices)
    company = await books.accounting.company()
    currency, decimals = company.currency, company.decimals
    types = {row.get("move_type") for row in moves}
    if len(types) != 1 or not types <= {"out_invoice", "in_invoice"}:
        raise InvalidRequest("pay customer invoices or vendor bills, not both, and not credit notes")
    partners = {_partner(row).id for row in moves}
    if len(partners) != 1:
        raise InvalidRequest("all invoices in one payment must belong to the same partner")
    for row in moves:
        label = row.get("name") or row["id"]
        if row.get("state") != "posted":
            raise InvalidRequest(f"{label} is {row.get('state')}: only posted invoices can be paid (post_invoice first)")
        own = Many2one.parse(row.get("currency_id")).name
        if own not in (None, currency):
            raise InvalidRequest(f"{label} is in {own}; only {currency} payments are supported")
        if to_money(row.get("amount_residual"), decimals) <= 0:
            raise InvalidRequest(f"{label} has nothing left to pay ({row.get('payment_state')})")
    open_total = sum((to_money(row.get("amount_residual"), decimals) for row in moves), to_money(0, decimals))
    amount = q.amount if q.amount is not None else open_total
    if amount > open_total:
        raise InvalidRequest(f"{fmt(amount, currency)} is more than the {fmt(open_total, currency)} still open")
    journal = await lookups.journal(client, q.journal)
    inbound = types.pop() == "out_invoice"
    partner_id = partners.pop() or 0
    partner = _partner(moves[0]).name or str(partner_id)
    earlier = await client.search_count(
        "account.payment",
        [("partner_id", "=", partner_id), ("payment_type", "=", "inbound" if inbound else "outbound"), ("state", "!=", "canceled")],
    )
    numbers = [str(row.get("name")) for row in moves]
    memo = q.memo or " ".join(numbers)
    new_recipient = earlier == 0 and not inbound  # money going out to someone never paid before
    flags = []
    if new_recipient:
        flags.append(f"NEW RECIPIENT: {partner} has never been paid before. Check the bank details with the vendor before approving.")
    remaining = open_total - amount
    kind = "full" if remaining == 0 else "partial"
    direction = f"received from {partner}" if inbound else f"paid to {partner}"
    plan = PaymentPlan(
        company_id=company.id,
        move_ids=[int(row["id"]) for row in moves],
        numbers=numbers,
        partner_id=partner_id,
        partner=partner,
        inbound=inbound,
        currency=currency,
        amount=amount,
        open_total=open_total,
        payment_date=q.payment_date,
        journal_id=int(journal["id"]),
        journal=f"{journal['name']} ({journal['code']})",
        memo=memo,
    )
    headline = (
        f"Register a {kind} payment of {fmt(amount, currency)} {direction} against {', '.join(numbers)} "
        f"(open {fmt(open_total, currency)}; {fmt(remaining, currency)} stays open)."
    )
    details = [
        f"{'Customer' if inbound else 'Vendor'}: {partner} (partner id {partner_id})",
        *[
            f"{row.get('name')}: total {to_money(row.get('amount_total'), decimals):,}, "
            f"open {to_money(row.get('amount_residual'), decimals):,}"
            for row in moves
        ],
        f"Amount: {fmt(amount, currency)} ({kind})",
        f"Date: {q.payment_date.isoformat() if q.payment_date else 'the day it is executed'}",
        f"Journal: {plan.journal}",
        f"Memo: {memo}",
        *(["First payment ever recorded from this customer"] if inbound and earlier == 0 else []),
    ]
    return Proposal(
        action="register_payment",
        headline=headline,
        details=details,
        amount=amount,
        currency=currency,
        recipient=partner,
        target=f"account.payment for {', '.join(numbers)}",
        flags=flags,
        new_recipient=new_recipient,
        plan=plan,
    )


def _candidates_domain(plan: PaymentPlan) -> Domain:
    return [
        ("partner_id", "=", plan.partner_id),
        ("amount", "=", plan.amount),
        ("journal_id", "=", plan.journal_id),
        ("memo", "=", plan.memo),
        ("state", "!=", "canceled"),
    ]


async def run(books: Books, plan: PaymentPlan, attempt: Attempt) -> Outcome:
    client = books.client
    decimals = (await books.accounting.company()).decimals
    found = await markers.find(client, "account.payment", attempt.approval_id)
    if found is not None:
        records, mismatches = await _verify(books, plan, found, decimals, check_open=False)
        return Outcome(
            records,
            f"found the payment already registered for this approval (id {found}); nothing paid twice",
            found_existing=True,
            mismatches=mismatches,
        )
    if attempt.resume and not attempt.dry_run:
        maybe = await client.search_read("account.payment", _candidates_domain(plan), ["name", "date"], limit=5, order="id desc")
        listed = (
            f" Odoo holds payments that look like it: {', '.join(str(p.get('name') or p['id']) for p in maybe)}; check them."
            if maybe
            else ""
        )
        raise StaleRequest(
            "an earlier attempt was interrupted and Odoo holds no payment marked with this approval; a payment is "
            f"never retried on the same approval: check Odoo, then file a new request if it is still due.{listed}"
        )
    moves = await client.read("account.move", plan.move_ids, MOVE_READ)
    if len(moves) != len(plan.move_ids) or any(row.get("state") != "posted" for row in moves):
        raise ChangedSinceApproval("an invoice of this payment is no longer posted or no longer exists; nothing was paid")
    open_now = sum((to_money(row.get("amount_residual"), decimals) for row in moves), to_money(0, decimals))
    if open_now != plan.open_total:
        raise ChangedSinceApproval(f"the open amount changed from {plan.open_total} to {open_now} since the request; nothing was paid")
    journals = await client.search_read(
        "account.journal", [("id", "=", plan.journal_id), ("type", "in", ["bank", "cash"])], ["name"], limit=1
    )
    if not journals:
        raise ChangedSinceApproval(f"the journal {plan.journal} is gone or no longer a bank or cash journal; nothing was paid")
    if attempt.dry_run:
        return Outcome([], f"would register a payment of {plan.amount} against {', '.join(plan.numbers)}", dry_run=True)
    context = {"active_model": "account.move", "active_ids": plan.move_ids}
    vals: dict[str, Any] = {"amount": plan.amount, "journal_id": plan.journal_id, "communication": plan.memo}
    if plan.payment_date:
        vals["payment_date"] = plan.payment_date.isoformat()
    if len(plan.move_ids) > 1:
        vals["group_payment"] = True
    wizard = (await client.create("account.payment.register", [vals], context=context))[0]
    action = await client.call("account.payment.register", "action_create_payments", ids=[wizard], context=context)
    payment_id = action.get("res_id") if isinstance(action, dict) else None
    if not payment_id:
        newest = await client.search_read("account.payment", _candidates_domain(plan), ["id"], limit=1, order="id desc")
        payment_id = newest[0]["id"] if newest else None
    if not payment_id:
        raise StaleRequest("Odoo accepted the payment but it cannot be found by its partner, amount, journal and memo; check Odoo")
    marked = await markers.attach(client, "account.payment", int(payment_id), attempt.approval_id)
    records, mismatches = await _verify(books, plan, int(payment_id), decimals, check_open=True)
    unmarked = "" if marked else " (not marked with the approval: the API user may not create external ids)"
    return Outcome(
        records,
        f"registered payment {records[0]['name']} of {records[0]['amount']} against {', '.join(plan.numbers)}{unmarked}",
        mismatches=mismatches,
    )


async def _verify(
    books: Books, plan: PaymentPlan, payment_id: int, decimals: int, *, check_open: bool
) -> tuple[list[dict[str, Any]], list[Any]]:
    """The payment as Odoo stored it (amount, partner, journal, date, memo, direction) and, right after paying,
    the invoices' open amount lowered by exactly the amount."""
    client = books.client
    payments = await client.read("account.payment", [payment_id], _PAYMENT_READ)
    moves = await client.read("account.move", plan.move_ids, MOVE_READ)
    pay = payments[0] if payments else {"id": payment_id}
    checks: list[tuple[str, Any, Any]] = [
        ("amount", plan.amount, to_money(pay.get("amount"), decimals)),
        ("partner id", plan.partner_id, Many2one.parse(pay.get("partner_id")).id),
        ("journal id", plan.journal_id, Many2one.parse(pay.get("journal_id")).id),
        ("direction", "inbound" if plan.inbound else "outbound", pay.get("payment_type")),
        ("memo", plan.memo, pay.get("memo") or None),
        (
            "state",
            "not draft or canceled",
            "not draft or canceled" if pay.get("state") not in ("draft", "canceled", None) else pay.get("state"),
        ),
    ]
    if plan.payment_date:
        checks.append(("date", plan.payment_date.isoformat(), pay.get("date") or None))
    if check_open:
        open_after = sum((to_money(row.get("amount_residual"), decimals) for row in moves), to_money(0, decimals))
        checks.append(("still open afterwards", plan.open_total - plan.amount, open_after))
    record = {
        "model": "account.payment",
        "id": payment_id,
        "name": pay.get("name"),
        "state": pay.get("state"),
        "amount": str(to_money(pay.get("amount"), decimals)),
        "date": pay.get("date") or None,
    }
    return [record, *[lookups.move_record(row, decimals) for row in moves]], compare(checks)
