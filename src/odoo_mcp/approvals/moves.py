"""create_invoice and create_vendor_bill: a customer invoice or vendor bill exactly as approved.

Proposed: the partner, each tax (rate, computation), the payment term or explicit due date and
the totals are resolved and recorded in a `MovePlan`. Run: those facts are checked against Odoo
again (a tax changed since approval is refused, nothing written); the move is created with its
marker in one `load` (an explicit due date goes with "no payment term", so a vendor's term cannot
replace it); posted if asked; then read back and compared with the plan line by line.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from ..accounting.money import to_money
from ..odoo import Many2one, OdooClient, OdooError, OdooTimeout, OdooUnreachable
from . import duplicates, lookups, markers
from .base import Attempt, Books, ChangedSinceApproval, InvalidRequest, Mismatch, Outcome, Proposal, StaleRequest, compare, fmt
from .inputs import CreateInvoice, CreateVendorBill
from .lookups import KIND
from .plans import LinePlan, MovePlan, TaxFacts


def _predictable(tax: TaxFacts) -> bool:
    """Plain percentage taxes on the price before tax: Odoo's figure follows from the rate alone."""
    return tax.amount_type == "percent" and not tax.price_include


def estimate_tax(lines: list[LinePlan], decimals: int, rounding: str) -> Decimal | None:
    """Odoo's tax total for plain percentage taxes, rounded per line and tax, or once per tax (`round_globally`);
    None when Odoo alone can compute it."""
    amounts = [(tax.id, line.subtotal * tax.amount / 100) for line in lines for tax in line.taxes]
    if not all(_predictable(tax) for line in lines for tax in line.taxes):
        return None
    if rounding == "round_globally":
        per_tax: dict[int, Decimal] = {}
        for tax_id, amount in amounts:
            per_tax[tax_id] = per_tax.get(tax_id, Decimal(0)) + amount
        return sum((to_money(v, decimals) for v in per_tax.values()), to_money(0, decimals))
    return sum((to_money(amount, decimals) for _, amount in amounts), to_money(0, decimals))


async def rounding_method(client: OdooClient, company_id: int) -> str:
    """The company's tax rounding (`round_per_line` or `round_globally`), which `estimate_tax` follows."""
    rows = await client.read("res.company", [company_id], ["tax_calculation_rounding_method"])
    return str((rows[0] if rows else {}).get("tax_calculation_rounding_method") or "round_per_line")


async def propose_invoice(books: Books, q: CreateInvoice) -> Proposal:
    return await _propose(books, "create_invoice", "out_invoice", q)


async def propose_bill(books: Books, q: CreateVendorBill) -> Proposal:
    return await _propose(books, "create_vendor_bill", "in_invoice", q)


async def _propose(books: Books, action: str, move_type: str, q: CreateInvoice | CreateVendorBill) -> Proposal:
    client = books.client
    use = "sale" if move_type == "out_invoice" else "purchase"
    partner = await lookups.partner(client, q.partner_id, fields=lookups.PARTNER_TERMS)
    company = await books.accounting.company()
    decimals = company.decimals
    taxes = await lookups.taxes(client, [t for line in q.lines for t in line.taxes], use)
    rounding = await rounding_method(client, company.id)
    lines = [
        LinePlan(description=line.description, quantity=line.quantity, unit_price=line.unit_price, discount=line.discount_pct,
                 taxes=sorted({taxes[t].id: taxes[t] for t in line.taxes}.values(), key=lambda t: t.id),
                 subtotal=to_money(line.quantity * line.unit_price * (1 - line.discount_pct / 100), decimals))
        for line in q.lines
    ]
    untaxed = sum((line.subtotal for line in lines), to_money(0, decimals))
    tax = estimate_tax(lines, decimals, rounding)
    term = await lookups.payment_term(client, q.payment_term) if q.payment_term is not None else None
    default_term = lookups.partner_term(partner, move_type) if term is None and q.due_date is None else None
    name = str(partner.get("name") or q.partner_id)
    plan = MovePlan(
        company_id=company.id, move_type=move_type, partner_id=q.partner_id, partner=name,
        commercial_partner_id=Many2one.parse(partner.get("commercial_partner_id")).id or q.partner_id, currency=company.currency,
        invoice_date=q.invoice_date, due_date=q.due_date, payment_term=term, partner_term=default_term, ref=q.ref,
        lines=lines, untaxed=untaxed, tax=tax, post=q.post,
    )
    flags = await _duplicates(books, plan)
    currency = company.currency
    kind = KIND[move_type]
    details = []
    for line in lines:
        discount = f" less {line.discount}%" if line.discount else ""
        tax_names = ", ".join(f"{t.name} ({t.amount}%)" if t.amount_type == "percent" else t.name for t in line.taxes) or "no tax"
        details.append(f"Line: {line.description} — {line.quantity} × {line.unit_price}{discount} = {line.subtotal:,} ({tax_names})")
    if term is not None:
        due_text = f"payment term {term.name}"
    elif q.due_date:
        due_text = f"due {q.due_date.isoformat()} (exactly; no payment term)"
    elif default_term is not None:
        due_text = f"the partner's payment term {default_term.name}"
    else:
        due_text = "due on the invoice date (the partner has no payment term)"
    exact = tax is not None
    headline = (
        f"{'Create and post' if q.post else 'Create (as a draft)'} a {kind} {'to' if use == 'sale' else 'from'} {name} "
        f"for {fmt(untaxed, currency)} before tax, {fmt(plan.total, currency) if exact else 'plus taxes Odoo computes'}"
        f"{' in total' if exact else ''}; {due_text}."
    )
    details += [
        f"Partner: {name} (id {q.partner_id})",
        *([f"{'Customer reference' if use == 'sale' else 'Vendor bill number'}: {q.ref}"] if q.ref else []),
        f"Invoice date: {q.invoice_date.isoformat() if q.invoice_date else 'the day it is posted'}",
        f"Due: {due_text}",
        f"Untaxed {fmt(untaxed, currency)}; tax {fmt(tax, currency) if exact else 'computed by Odoo'}; "
        f"total {fmt(plan.total, currency) if exact else 'computed by Odoo'}",
        "Before writing, the taxes, partner and payment term are checked again; a change is refused. Afterwards what Odoo "
        "stored is compared with this request",
        f"Posted afterwards: {'yes' if q.post else 'no, it stays a draft'}",
    ]
    return Proposal(action=action, headline=headline, details=details, amount=plan.total if exact else untaxed, currency=currency,
                    recipient=name, target=f"account.move (new {move_type}) for {name}", flags=flags, plan=plan)


async def _duplicates(books: Books, plan: MovePlan) -> list[str]:
    """The look-alikes shown to the owner (`duplicates`): the vendor's reference used before, a recent identical document."""
    decimals = (await books.accounting.company()).decimals
    total = plan.total
    found = [
        await duplicates.same_vendor_reference(books.client, plan.commercial_partner_id, plan.ref)
        if plan.move_type == "in_invoice" and plan.ref else None,
        await duplicates.recent_twin(books.client, move_type=plan.move_type, commercial_partner_id=plan.commercial_partner_id,
                                     day=plan.invoice_date or books.accounting.today(), amount=plan.untaxed if total is None else total,
                                     total=total is not None, decimals=decimals),
    ]
    return [flag for flag in found if flag]


async def _recheck(books: Books, plan: MovePlan) -> None:
    """The facts the owner approved, checked against Odoo again just before writing (the reads run together)."""
    client = books.client
    company = await books.accounting.company()
    if company.id != plan.company_id or company.currency != plan.currency:
        raise ChangedSinceApproval(f"approved for company {plan.company_id} in {plan.currency}, but the server now runs for "
                                   f"{company.name} (id {company.id}) in {company.currency}; nothing was written")
    await asyncio.gather(_partner_holds(books, plan), _term_holds(books, plan),
                         lookups.taxes_now(client, [tax for line in plan.lines for tax in line.taxes]))


async def _partner_holds(books: Books, plan: MovePlan) -> None:
    """Same partner, same commercial entity, and (when it sets the due date) the same payment term of its own."""
    rows = await books.client.search_read("res.partner", [("id", "=", plan.partner_id)],
                                          ["name", "commercial_partner_id", *lookups.PARTNER_TERMS], limit=1)
    if not rows:
        raise ChangedSinceApproval(
            f"the partner {plan.partner} (id {plan.partner_id}) no longer exists or is archived; nothing was written"
        )
    now = rows[0]
    if (
        str(now.get("name") or "") != plan.partner
        or (Many2one.parse(now.get("commercial_partner_id")).id or plan.partner_id) != plan.commercial_partner_id
    ):
        raise ChangedSinceApproval(
            f"the partner {plan.partner} (id {plan.partner_id}) changed since it was approved (now {now.get('name')}); nothing was written"
        )
    now_term = lookups.partner_term(now, plan.move_type)
    if plan.due_date is None and plan.payment_term is None and now_term != plan.partner_term:
        raise ChangedSinceApproval(
            f"the partner's payment term changed since it was approved ({_term(plan.partner_term)} -> {_term(now_term)}); "
            "nothing was written"
        )


async def _term_holds(books: Books, plan: MovePlan) -> None:
    """The payment term chosen in the request still exists under the name the owner read."""
    if plan.payment_term is None:
        return
    terms = await books.client.search_read("account.payment.term", [("id", "=", plan.payment_term.id)], ["name"], limit=1)
    if not terms or terms[0].get("name") != plan.payment_term.name:
        raise ChangedSinceApproval(f"the payment term {plan.payment_term.name} changed or is gone; nothing was written")


def _term(term: Any) -> str:
    return term.name if term is not None else "none"


def _load_rows(plan: MovePlan) -> tuple[list[str], list[list[str]]]:
    """The move and its lines as `load` rows: the first row carries the move, each row one line."""
    head_fields = ["move_type", "partner_id/.id", "ref"]
    head = [plan.move_type, str(plan.partner_id), plan.ref or ""]
    if plan.invoice_date:
        head_fields.append("invoice_date")
        head.append(plan.invoice_date.isoformat())
    if plan.due_date:  # exactly this date: "no payment term" so that no term (the vendor's) recomputes it
        head_fields += ["invoice_date_due", "invoice_payment_term_id/.id"]
        head += [plan.due_date.isoformat(), ""]
    elif plan.payment_term:
        head_fields.append("invoice_payment_term_id/.id")
        head.append(str(plan.payment_term.id))
    line_fields = [
        "invoice_line_ids/name",
        "invoice_line_ids/quantity",
        "invoice_line_ids/price_unit",
        "invoice_line_ids/discount",
        "invoice_line_ids/tax_ids/.id",
    ]
    rows = []
    for i, line in enumerate(plan.lines):
        cells = [line.description, str(line.quantity), str(line.unit_price), str(line.discount), ",".join(str(t.id) for t in line.taxes)]
        rows.append((head if i == 0 else [""] * len(head)) + cells)
    return head_fields + line_fields, rows


_STORED = [*lookups.MOVE_READ, "company_id", "amount_tax", "invoice_payment_term_id", "invoice_line_ids"]
_LINE_READ = ["name", "quantity", "price_unit", "discount", "tax_ids", "display_type", "sequence"]


async def verify(books: Books, plan: MovePlan, move_id: int, decimals: int) -> tuple[dict[str, Any], list[Mismatch]]:
    """What Odoo stored, compared with the plan: header, due date or term, totals, and every line."""
    client = books.client
    row = await lookups.read_move(client, move_id, _STORED)
    lines = [
        r
        for r in await client.read("account.move.line", list(row.get("invoice_line_ids") or []), _LINE_READ)
        if r.get("display_type") in (None, False, "product")
    ]
    lines.sort(key=lambda r: (r.get("sequence") or 0, r["id"]))

    def money(v: Any) -> Decimal:
        return to_money(v, decimals)

    checks: list[tuple[str, Any, Any]] = [
        ("document type", plan.move_type, row.get("move_type")),
        ("company", plan.company_id, Many2one.parse(row.get("company_id")).id),
        ("partner id", plan.partner_id, Many2one.parse(row.get("partner_id")).id),
        ("currency", plan.currency, Many2one.parse(row.get("currency_id")).name),
        ("reference", plan.ref or None, row.get("ref") or None),
        ("untaxed amount", plan.untaxed, money(row.get("amount_untaxed"))),
        ("state", "posted" if plan.post else "draft", row.get("state")),
        ("number of lines", len(plan.lines), len(lines)),
    ]
    if plan.invoice_date:
        checks.append(("invoice date", plan.invoice_date.isoformat(), row.get("invoice_date") or None))
    if plan.due_date:
        checks += [
            ("due date", plan.due_date.isoformat(), row.get("invoice_date_due") or None),
            ("payment term", None, Many2one.parse(row.get("invoice_payment_term_id")).name),
        ]
    else:
        term = plan.payment_term or plan.partner_term
        checks.append(("payment term", term.name if term else None, Many2one.parse(row.get("invoice_payment_term_id")).name))
    if plan.tax is not None:
        checks += [("tax", plan.tax, money(row.get("amount_tax"))), ("total", plan.total, money(row.get("amount_total")))]
    for i, (want, got) in enumerate(zip(plan.lines, lines, strict=False), start=1):
        checks += [
            (f"line {i} description", want.description, got.get("name")),
            (f"line {i} quantity", want.quantity, to_money(got.get("quantity"), 6)),
            (f"line {i} unit price", want.unit_price, to_money(got.get("price_unit"), 6)),
            (f"line {i} discount", want.discount, to_money(got.get("discount"), 2)),
            (f"line {i} taxes", [t.id for t in want.taxes], sorted(int(t) for t in got.get("tax_ids") or [])),
        ]
    return row, compare(checks)


async def run(books: Books, plan: MovePlan, attempt: Attempt) -> Outcome:
    client = books.client
    kind = KIND[plan.move_type]
    found = await markers.find(client, "account.move", attempt.approval_id)
    if found is None:
        await _recheck(books, plan)
        if attempt.dry_run:
            return Outcome(
                [],
                f"would create a {kind}{' and post it' if plan.post else ''}; the approved taxes, partner and terms still hold",
                dry_run=True,
            )
        fields, rows = _load_rows(plan)
        move_id = await markers.create(client, "account.move", fields, rows, attempt.approval_id)
    else:
        move_id = found
    posted_now = False
    if plan.post:
        state = "draft" if found is None else (await lookups.read_move(client, move_id, ["state"])).get("state")
        if state == "draft" and not attempt.dry_run:
            try:
                await client.call("account.move", "action_post", ids=[move_id])
            except (OdooTimeout, OdooUnreachable):
                raise  # outcome unknown: the gate keeps the claim and a retry looks first
            except OdooError as exc:
                raise StaleRequest(f"the {kind} was created as draft id {move_id}, but Odoo refused to post it: {exc}") from None
            posted_now = True
    company = await books.accounting.company()
    row, mismatches = await verify(books, plan, move_id, company.decimals)
    record = lookups.move_record(row, company.decimals)
    verb = f"found the {kind} already created for this approval" if found is not None else f"created {kind}"
    posted = " and posted it" if posted_now else ""
    return Outcome(
        [record],
        f"{verb}{posted}: {record['name']} (id {move_id}), total {record['amount_total']}, state {record['state']}",
        found_existing=found is not None,
        mismatches=mismatches,
    )


__all__ = ["InvalidRequest", "estimate_tax", "propose_bill", "propose_invoice", "run", "verify"]
