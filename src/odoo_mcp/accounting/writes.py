"""Accounting writes in business terms: what each write means, checked read-only, then done once.

Every write has three parts:
- an input model (`write_models`: the tool's arguments, validated and normalised so the same
  request always hashes the same way);
- `propose_*`: read-only lookups that check what the request refers to (the partner exists,
  the invoice is posted with that open amount, the taxes exist for sales or purchases ...) and
  turn it into a `Proposal`: the summary the owner reads and the exact `plan` to execute;
- `run_*`: executes a plan idempotently. The approval id is written on the Odoo record (a
  customer invoice's `ref`, a vendor bill's `narration`, a partner's `ref`, a payment's memo)
  and looked for before anything is created, so a retry after a lost answer finds the record
  instead of creating a second one. A payment whose earlier attempt was interrupted and left no
  record is not attempted again on the same approval.

No file, no MCP: the approval gate (`vault.approvals`) decides when `run_*` may be called.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..odoo import Domain, OdooClient, OdooError, OdooTimeout, OdooUnreachable
from .money import to_money
from .service import AccountingService
from .write_models import CreateInvoice, CreatePartner, CreateVendorBill, PostInvoice, RegisterPayment, WriteInput

# -- errors ------------------------------------------------------------------------------------------


class InvalidRequest(OdooError):
    """The request refers to something that does not exist or does not fit (found read-only, nothing written)."""

    kind = "invalid_request"


class StaleRequest(OdooError):
    """What was approved no longer holds in Odoo (the open amount changed, the draft was deleted ...)."""

    kind = "stale_request"


# -- what the gate exchanges ---------------------------------------------------------------------------


@dataclass
class Proposal:
    action: str
    headline: str
    details: list[str]
    amount: Decimal | None
    currency: str | None
    recipient: str
    target: str
    plan: dict[str, Any]
    flags: list[str] = field(default_factory=list)
    new_recipient: bool = False


@dataclass
class Outcome:
    records: list[dict[str, Any]]
    summary: str
    found_existing: bool = False
    dry_run: bool = False


def _decimals_in(line: dict[str, Any]) -> dict[str, Any]:
    """A planned line (numbers kept as exact text in the ledger) as Odoo values."""
    return {k: Decimal(v) if k in ("quantity", "price_unit", "discount") else v for k, v in line.items()}


def marker(approval_id: str) -> str:
    """The text written on the Odoo record. No `_` or `%`: it is searched with `ilike`."""
    return f"odoo-mcp {approval_id}"


def _fmt(amount: Decimal | None, currency: str | None) -> str:
    return "?" if amount is None else f"{amount:,} {currency or ''}".strip()


def _m2o_id(value: Any) -> int | None:
    if isinstance(value, list | tuple) and value:
        return int(value[0])
    return int(value) if isinstance(value, int) and value else None


def _m2o_name(value: Any) -> str | None:
    return str(value[1]) if isinstance(value, list | tuple) and len(value) > 1 else None


MOVE_READ = ["name", "move_type", "state", "partner_id", "commercial_partner_id", "amount_total", "amount_residual",
             "payment_state", "currency_id", "invoice_date", "invoice_date_due", "ref"]
KIND = {"out_invoice": "customer invoice", "in_invoice": "vendor bill", "out_refund": "customer credit note",
        "in_refund": "vendor credit note"}


class WriteService:
    """Proposes and runs the five writes over one `OdooClient`; `accounting` supplies the company currency."""

    def __init__(self, client: OdooClient, accounting: AccountingService) -> None:
        self.client = client
        self.accounting = accounting

    # -- dispatch (one name per tool) --------------------------------------------------------------

    def proposer(self, action: str, query: WriteInput) -> Callable[[], Awaitable[Proposal]]:
        return lambda: getattr(self, f"propose_{action}")(query)

    def runner(self, action: str) -> Callable[..., Awaitable[Outcome]]:
        return getattr(self, f"run_{action}")

    # -- shared lookups ------------------------------------------------------------------------------

    async def _currency(self) -> tuple[str, int]:
        company = await self.accounting.company()
        return company.currency, company.decimals

    async def _partner(self, partner_id: int) -> dict[str, Any]:
        rows = await self.client.search_read(
            "res.partner", [("id", "=", partner_id)], ["name", "active", "commercial_partner_id"], limit=1
        )
        if not rows:
            raise InvalidRequest(f"partner {partner_id} does not exist (use find_partners, or create_partner first)")
        return rows[0]

    async def _find(self, model: str, domain: Domain) -> int | None:
        rows = await self.client.search_read(model, domain, ["id"], limit=1, order="id")
        return int(rows[0]["id"]) if rows else None

    async def _read_move(self, move_id: int) -> dict[str, Any]:
        rows = await self.client.read("account.move", [move_id], MOVE_READ)
        if not rows:
            raise StaleRequest(f"invoice/bill {move_id} no longer exists")
        return rows[0]

    def _move_record(self, row: dict[str, Any], decimals: int) -> dict[str, Any]:
        return {
            "model": "account.move",
            "id": row["id"],
            "name": row.get("name") or "/",
            "move_type": row.get("move_type"),
            "state": row.get("state"),
            "payment_state": row.get("payment_state") or None,
            "partner": _m2o_name(row.get("partner_id")),
            "amount_total": str(to_money(row.get("amount_total"), decimals)),
            "amount_residual": str(to_money(row.get("amount_residual"), decimals)),
        }

    # -- create_partner -------------------------------------------------------------------------------

    async def propose_create_partner(self, q: CreatePartner) -> Proposal:
        vals: dict[str, Any] = {"name": q.name, "is_company": q.is_company}
        for key in ("email", "phone", "vat", "street", "city", "zip"):
            if getattr(q, key):
                vals[key] = getattr(q, key)
        if q.role in ("customer", "both"):
            vals["customer_rank"] = 1
        if q.role in ("vendor", "both"):
            vals["supplier_rank"] = 1
        details = [f"Name: {q.name} ({'company' if q.is_company else 'individual'}), {q.role}"]
        if q.country_code:
            countries = await self.client.search_read("res.country", [("code", "=", q.country_code)], ["name"], limit=1)
            if not countries:
                raise InvalidRequest(f"no country with code {q.country_code}")
            vals["country_id"] = countries[0]["id"]
            details.append(f"Country: {countries[0]['name']}")
        details += [f"{key.capitalize()}: {vals[key]}" for key in ("email", "phone", "vat", "street", "city", "zip") if key in vals]
        same = await self.client.search_read("res.partner", [("name", "ilike", q.name)], ["name"], limit=20)
        twins = [row for row in same if str(row.get("name", "")).strip().lower() == q.name.lower()]
        flags = []
        if twins:
            flags.append(f"POSSIBLE DUPLICATE: a partner named {q.name} already exists (id {', '.join(str(t['id']) for t in twins)})")
        return Proposal(
            action="create_partner", headline=f"Create the {q.role} {q.name} in Odoo.", details=details, amount=None,
            currency=None, recipient=q.name, target=f"res.partner (new) {q.name}", plan={"vals": vals}, flags=flags,
        )

    async def run_create_partner(self, plan: dict[str, Any], approval_id: str, *, resume: bool, dry_run: bool) -> Outcome:
        tag = marker(approval_id)
        found = await self._find("res.partner", [("ref", "=", tag), ("active", "in", [True, False])])
        name = plan["vals"]["name"]
        if found is None and dry_run:
            return Outcome([], f"would create partner {name}", dry_run=True)
        partner_id = found or (await self.client.create("res.partner", [{**plan["vals"], "ref": tag}]))[0]
        record = {"model": "res.partner", "id": partner_id, "name": name}
        verb = "found partner already created for this approval:" if found else "created partner"
        return Outcome([record], f"{verb} {name} (id {partner_id})", found_existing=found is not None)

    # -- create_invoice / create_vendor_bill -------------------------------------------------------------

    async def propose_create_invoice(self, q: CreateInvoice) -> Proposal:
        return await self._propose_move("create_invoice", "out_invoice", q)

    async def propose_create_vendor_bill(self, q: CreateVendorBill) -> Proposal:
        return await self._propose_move("create_vendor_bill", "in_invoice", q)

    async def _taxes(self, wanted: list[int | str], use: str) -> dict[int | str, dict[str, Any]]:
        """Each requested tax (id or exact name) mapped to the one active tax of this use it names."""
        ids = sorted({t for t in wanted if isinstance(t, int)})
        names = sorted({t for t in wanted if isinstance(t, str)})
        fields = ["name", "amount", "amount_type", "type_tax_use", "price_include"]
        found: dict[int | str, dict[str, Any]] = {}
        if ids:
            for row in await self.client.search_read("account.tax", [("id", "in", ids)], fields):
                if row.get("type_tax_use") != use:
                    raise InvalidRequest(f"tax {row['id']} ({row.get('name')}) is not a {use} tax")
                found[int(row["id"])] = row
        if names:
            rows = await self.client.search_read("account.tax", [("name", "in", names), ("type_tax_use", "=", use)], fields)
            for name in names:
                matches = [row for row in rows if row.get("name") == name]
                if len(matches) > 1:
                    raise InvalidRequest(f"tax name {name!r} is ambiguous ({', '.join(str(m['id']) for m in matches)}): give the id")
                if matches:
                    found[name] = matches[0]
        missing = [t for t in wanted if t not in found]
        if missing:
            known = await self.client.search_read("account.tax", [("type_tax_use", "=", use)], ["name"], limit=15)
            raise InvalidRequest(
                f"no active {use} tax {', '.join(map(repr, missing))}; known {use} taxes: "
                + ", ".join(f"{row['name']} (id {row['id']})" for row in known)
            )
        return found

    async def _payment_term(self, term: int | str) -> dict[str, Any]:
        domain: Domain = [("id", "=", term)] if isinstance(term, int) else [("name", "=", term)]
        rows = await self.client.search_read("account.payment.term", domain, ["name"], limit=2)
        if len(rows) != 1:
            known = await self.client.search_read("account.payment.term", [], ["name"], limit=15)
            raise InvalidRequest(f"no single payment term {term!r}; known: " + ", ".join(f"{r['name']} (id {r['id']})" for r in known))
        return rows[0]

    async def _propose_move(self, action: str, move_type: str, q: CreateInvoice | CreateVendorBill) -> Proposal:
        use = "sale" if move_type == "out_invoice" else "purchase"
        partner = await self._partner(q.partner_id)
        currency, decimals = await self._currency()
        taxes = await self._taxes([t for line in q.lines for t in line.taxes], use)
        lines, details = [], []
        untaxed, tax_estimate, tax_exact = to_money(0, decimals), to_money(0, decimals), True
        for line in q.lines:
            subtotal = to_money(line.quantity * line.unit_price * (1 - line.discount_pct / 100), decimals)
            line_taxes = [taxes[t] for t in line.taxes]
            for tax in line_taxes:
                if tax.get("amount_type") == "percent" and not tax.get("price_include"):
                    tax_estimate += to_money(subtotal * Decimal(str(tax["amount"])) / 100, decimals)
                else:
                    tax_exact = False
            untaxed += subtotal
            vals: dict[str, Any] = {"name": line.description, "quantity": str(line.quantity), "price_unit": str(line.unit_price)}
            if line.discount_pct:
                vals["discount"] = str(line.discount_pct)
            vals["tax_ids"] = [[6, 0, sorted({int(t["id"]) for t in line_taxes})]]
            lines.append(vals)  # numbers as text: the plan is stored as JSON in the ledger
            discount = f" less {line.discount_pct}%" if line.discount_pct else ""
            tax_names = ", ".join(str(t["name"]) for t in line_taxes) or "no tax"
            details.append(f"Line: {line.description} — {line.quantity} × {line.unit_price}{discount} = {subtotal:,} ({tax_names})")
        total = untaxed + tax_estimate
        move: dict[str, Any] = {"move_type": move_type, "partner_id": q.partner_id, "invoice_line_ids": lines}
        if q.invoice_date:
            move["invoice_date"] = q.invoice_date.isoformat()
        if q.due_date:
            move["invoice_date_due"] = q.due_date.isoformat()
        term_text = "Odoo's default for the partner"
        if q.payment_term is not None:
            term = await self._payment_term(q.payment_term)
            move["invoice_payment_term_id"] = term["id"]
            term_text = f"payment term {term['name']}"
        elif q.due_date:
            term_text = f"due {q.due_date.isoformat()}"
        flags = []
        if move_type == "in_invoice":
            move["ref"] = q.ref
            twins = await self.client.search_read(
                "account.move",
                [("move_type", "=", "in_invoice"), ("partner_id", "=", q.partner_id), ("ref", "=", q.ref), ("state", "!=", "cancel")],
                ["name"], limit=3,
            )
            if twins:
                flags.append(f"POSSIBLE DUPLICATE: this vendor already has a bill with reference {q.ref} ({', '.join(str(t['name'] or t['id']) for t in twins)})")
        name = str(partner.get("name") or q.partner_id)
        kind = KIND[move_type]
        approx = "" if tax_exact else " + taxes Odoo computes"
        tax_word = "tax" if tax_exact else "estimated tax"
        headline = (
            f"{'Create and post' if q.post else 'Create (as a draft)'} a {kind} {'to' if use == 'sale' else 'from'} {name} "
            f"for {_fmt(total, currency)}{approx} ({_fmt(untaxed, currency)} before tax), {term_text}."
        )
        details = [
            f"{'Customer' if use == 'sale' else 'Vendor'}: {name} (partner id {q.partner_id})",
            *([f"Vendor's reference: {q.ref}"] if move_type == "in_invoice" else ([f"Customer reference: {q.ref}"] if q.ref else [])),
            f"Date: {q.invoice_date.isoformat() if q.invoice_date else 'set by Odoo when posted'}; {term_text}",
            *details,
            f"Untaxed {_fmt(untaxed, currency)} + {tax_word} {_fmt(tax_estimate, currency)} = {_fmt(total, currency)}"
            + ("" if tax_exact else " (plus taxes Odoo computes)") + "; Odoo's own figures are recorded after execution",
            f"Posted afterwards: {'yes' if q.post else 'no, it stays a draft'}",
        ]
        return Proposal(
            action=action, headline=headline, details=details, amount=total, currency=currency, recipient=name,
            target=f"account.move (new {move_type}) for {name}", flags=flags,
            plan={"move": move, "post": q.post, "marker_field": "ref" if move_type == "out_invoice" else "narration",
                  "customer_ref": q.ref if move_type == "out_invoice" else None},
        )

    async def run_create_invoice(self, plan: dict[str, Any], approval_id: str, *, resume: bool, dry_run: bool) -> Outcome:
        return await self._run_move(plan, approval_id, dry_run=dry_run)

    async def run_create_vendor_bill(self, plan: dict[str, Any], approval_id: str, *, resume: bool, dry_run: bool) -> Outcome:
        return await self._run_move(plan, approval_id, dry_run=dry_run)

    async def _run_move(self, plan: dict[str, Any], approval_id: str, *, dry_run: bool) -> Outcome:
        tag = marker(approval_id)
        move = dict(plan["move"])
        field_name = plan["marker_field"]
        found = await self._find("account.move", [("move_type", "=", move["move_type"]), (field_name, "ilike", tag)])
        kind = KIND[move["move_type"]]
        if found is None and dry_run:
            return Outcome([], f"would create a {kind}{' and post it' if plan['post'] else ''}", dry_run=True)
        if found is None:
            move["invoice_line_ids"] = [[0, 0, _decimals_in(line)] for line in move["invoice_line_ids"]]
            move[field_name] = f"{plan['customer_ref']} ({tag})" if field_name == "ref" and plan.get("customer_ref") else tag
            found_id, existed = (await self.client.create("account.move", [move]))[0], False
        else:
            found_id, existed = found, True
        posted_now = False
        if plan["post"]:
            row = await self._read_move(found_id)
            if row.get("state") == "draft" and not dry_run:
                try:
                    await self.client.call("account.move", "action_post", ids=[found_id])
                except (OdooTimeout, OdooUnreachable):
                    raise  # outcome unknown: the gate keeps the claim and a retry looks first
                except OdooError as exc:
                    raise StaleRequest(f"the {kind} was created as draft id {found_id}, but Odoo refused to post it: {exc}") from None
                posted_now = True
        _, decimals = await self._currency()
        record = self._move_record(await self._read_move(found_id), decimals)
        verb = f"found the {kind} already created for this approval" if existed else f"created {kind}"
        posted = " and posted it" if posted_now else ""
        return Outcome(
            [record], f"{verb}{posted}: {record['name']} (id {found_id}), total {record['amount_total']}, state {record['state']}",
            found_existing=existed,
        )

    # -- post_invoice ------------------------------------------------------------------------------------

    async def propose_post_invoice(self, q: PostInvoice) -> Proposal:
        rows = await self.client.read("account.move", [q.invoice_id], MOVE_READ)
        if not rows or rows[0].get("move_type") not in KIND:
            raise InvalidRequest(f"no customer invoice or vendor bill with id {q.invoice_id}")
        row = rows[0]
        if row.get("state") != "draft":
            raise InvalidRequest(f"{row.get('name') or q.invoice_id} is {row.get('state')}, not a draft: only drafts can be posted")
        currency, decimals = await self._currency()
        total = to_money(row.get("amount_total"), decimals)
        partner = _m2o_name(row.get("partner_id")) or "(no partner)"
        kind = KIND[row["move_type"]]
        return Proposal(
            action="post_invoice",
            headline=f"Post (confirm) the draft {kind} for {partner}, {_fmt(total, currency)}: it gets its number and counts in the books.",
            details=[f"Draft id {q.invoice_id}, {kind}, partner {partner}", f"Total {_fmt(total, currency)}",
                     f"Invoice date: {row.get('invoice_date') or 'today, set by Odoo'}; due {row.get('invoice_date_due') or '-'}"],
            amount=total, currency=currency, recipient=partner, target=f"account.move {q.invoice_id}",
            plan={"move_id": q.invoice_id, "amount_total": str(total)},
        )

    async def run_post_invoice(self, plan: dict[str, Any], approval_id: str, *, resume: bool, dry_run: bool) -> Outcome:
        move_id = int(plan["move_id"])
        row = await self._read_move(move_id)
        _, decimals = await self._currency()
        if row.get("state") == "posted":
            record = self._move_record(row, decimals)
            return Outcome([record], f"{record['name']} is already posted; nothing to do", found_existing=True)
        if row.get("state") != "draft":
            raise StaleRequest(f"invoice/bill {move_id} is {row.get('state')}, it can no longer be posted")
        if str(to_money(row.get("amount_total"), decimals)) != plan["amount_total"]:
            raise StaleRequest(f"the draft's total changed from {plan['amount_total']} to {to_money(row.get('amount_total'), decimals)} since the request")
        if dry_run:
            return Outcome([], f"would post draft {move_id}", dry_run=True)
        await self.client.call("account.move", "action_post", ids=[move_id])
        record = self._move_record(await self._read_move(move_id), decimals)
        return Outcome([record], f"posted {record['name']} (id {move_id}), total {record['amount_total']}")

    # -- register_payment ----------------------------------------------------------------------------------

    async def _payable_moves(self, refs: list[int | str]) -> list[dict[str, Any]]:
        ids = [r for r in refs if isinstance(r, int)]
        names = [r for r in refs if isinstance(r, str)]
        parts: list[Domain] = ([[("id", "in", ids)]] if ids else []) + ([[("name", "in", names)]] if names else [])
        domain: Domain = ["|", *parts[0], *parts[1]] if len(parts) == 2 else parts[0]
        rows = await self.client.search_read("account.move", domain, MOVE_READ)
        missing = [r for r in refs if not any(row["id"] == r or row.get("name") == r for row in rows)]
        if missing:
            raise InvalidRequest(f"no invoice or bill {', '.join(map(str, missing))}")
        return rows

    async def _journal(self, journal: int | str | None) -> dict[str, Any]:
        domain: Domain = [("type", "in", ["bank", "cash"])]
        if isinstance(journal, int):
            domain.append(("id", "=", journal))
        elif isinstance(journal, str):
            domain += ["|", ("name", "=", journal), ("code", "=", journal)]
        rows = await self.client.search_read("account.journal", domain, ["name", "code", "type"], limit=2, order="sequence, id")
        if not rows or (journal is not None and len(rows) > 1):
            raise InvalidRequest(f"no single bank or cash journal {journal!r}" if journal is not None else "Odoo has no bank or cash journal")
        return rows[0]

    async def propose_register_payment(self, q: RegisterPayment) -> Proposal:
        moves = await self._payable_moves(q.invoices)
        currency, decimals = await self._currency()
        types = {row.get("move_type") for row in moves}
        if len(types) != 1 or not types <= {"out_invoice", "in_invoice"}:
            raise InvalidRequest("pay customer invoices or vendor bills, not both, and not credit notes")
        partners = {_m2o_id(row.get("commercial_partner_id")) or _m2o_id(row.get("partner_id")) for row in moves}
        if len(partners) != 1:
            raise InvalidRequest("all invoices in one payment must belong to the same partner")
        for row in moves:
            label = row.get("name") or row["id"]
            if row.get("state") != "posted":
                raise InvalidRequest(f"{label} is {row.get('state')}: only posted invoices can be paid (post_invoice first)")
            if _m2o_name(row.get("currency_id")) not in (None, currency):
                raise InvalidRequest(f"{label} is in {_m2o_name(row.get('currency_id'))}; only {currency} payments are supported")
            if to_money(row.get("amount_residual"), decimals) <= 0:
                raise InvalidRequest(f"{label} has nothing left to pay ({row.get('payment_state')})")
        open_total = sum((to_money(row.get("amount_residual"), decimals) for row in moves), to_money(0, decimals))
        amount = q.amount if q.amount is not None else open_total
        if amount > open_total:
            raise InvalidRequest(f"{_fmt(amount, currency)} is more than the {_fmt(open_total, currency)} still open")
        journal = await self._journal(q.journal)
        move_type = types.pop()
        inbound = move_type == "out_invoice"
        partner_id = partners.pop()
        partner = _m2o_name(moves[0].get("commercial_partner_id")) or _m2o_name(moves[0].get("partner_id")) or str(partner_id)
        earlier = await self.client.search_count(
            "account.payment",
            [("partner_id", "=", partner_id), ("payment_type", "=", "inbound" if inbound else "outbound"), ("state", "!=", "canceled")],
        )
        numbers = [str(row.get("name")) for row in moves]
        new_recipient = earlier == 0 and not inbound  # money going out to someone never paid before
        flags = []
        if new_recipient:
            flags.append(f"NEW RECIPIENT: {partner} has never been paid before. Check the bank details with the vendor before approving.")
        remaining = open_total - amount
        kind = "full" if remaining == 0 else "partial"
        direction = f"received from {partner}" if inbound else f"paid to {partner}"
        headline = (
            f"Register a {kind} payment of {_fmt(amount, currency)} {direction} against {', '.join(numbers)} "
            f"(open {_fmt(open_total, currency)}; {_fmt(remaining, currency)} stays open)."
        )
        details = [
            f"{'Customer' if inbound else 'Vendor'}: {partner} (partner id {partner_id})",
            *[f"{row.get('name')}: total {to_money(row.get('amount_total'), decimals):,}, open {to_money(row.get('amount_residual'), decimals):,}"
              for row in moves],
            f"Amount: {_fmt(amount, currency)} ({kind})",
            f"Date: {q.payment_date.isoformat() if q.payment_date else 'the day it is executed'}",
            f"Journal: {journal['name']} ({journal['code']})",
            *(["First payment ever recorded from this customer"] if inbound and earlier == 0 else []),
        ]
        return Proposal(
            action="register_payment", headline=headline, details=details, amount=amount, currency=currency, recipient=partner,
            target=f"account.payment for {', '.join(numbers)}", flags=flags, new_recipient=new_recipient,
            plan={"move_ids": [row["id"] for row in moves], "numbers": numbers, "partner_id": partner_id, "amount": str(amount),
                  "open_total": str(open_total), "payment_date": q.payment_date.isoformat() if q.payment_date else None,
                  "journal_id": journal["id"], "memo": q.memo},
        )

    async def run_register_payment(self, plan: dict[str, Any], approval_id: str, *, resume: bool, dry_run: bool) -> Outcome:
        tag = marker(approval_id)
        move_ids = [int(i) for i in plan["move_ids"]]
        _, decimals = await self._currency()
        found = await self._find("account.payment", [("memo", "ilike", tag)])
        if found is not None:
            return Outcome(await self._payment_records(found, move_ids, decimals),
                           f"found the payment already registered for this approval (id {found}); nothing paid twice", found_existing=True)
        if resume and not dry_run:
            raise StaleRequest("an earlier attempt was interrupted and Odoo holds no payment for this approval; "
                               "a payment is never retried on the same approval: file a new request")
        moves = await self.client.read("account.move", move_ids, MOVE_READ)
        open_now = sum((to_money(row.get("amount_residual"), decimals) for row in moves), to_money(0, decimals))
        if len(moves) != len(move_ids) or any(row.get("state") != "posted" for row in moves):
            raise StaleRequest("an invoice of this payment is no longer posted or no longer exists")
        if str(open_now) != plan["open_total"]:
            raise StaleRequest(f"the open amount changed from {plan['open_total']} to {open_now} since the request; nothing was paid")
        if dry_run:
            return Outcome([], f"would register a payment of {plan['amount']} against {', '.join(plan['numbers'])}", dry_run=True)
        context = {"active_model": "account.move", "active_ids": move_ids}
        vals: dict[str, Any] = {
            "amount": Decimal(plan["amount"]),
            "journal_id": plan["journal_id"],
            "communication": f"{plan.get('memo') or ' '.join(plan['numbers'])} ({tag})",
        }
        if plan.get("payment_date"):
            vals["payment_date"] = plan["payment_date"]
        if len(move_ids) > 1:
            vals["group_payment"] = True
        wizard = (await self.client.create("account.payment.register", [vals], context=context))[0]
        action = await self.client.call("account.payment.register", "action_create_payments", ids=[wizard], context=context)
        payment_id = action.get("res_id") if isinstance(action, dict) else None
        if not payment_id:
            payment_id = await self._find("account.payment", [("memo", "ilike", tag)])
        if not payment_id:
            raise StaleRequest("Odoo accepted the payment but no payment carrying the approval id can be found; check Odoo")
        records = await self._payment_records(int(payment_id), move_ids, decimals)
        return Outcome(records, f"registered payment {records[0]['name']} of {records[0]['amount']} against {', '.join(plan['numbers'])}")

    async def _payment_records(self, payment_id: int, move_ids: list[int], decimals: int) -> list[dict[str, Any]]:
        payments = await self.client.read("account.payment", [payment_id], ["name", "amount", "state", "date", "memo", "partner_id"])
        moves = await self.client.read("account.move", move_ids, MOVE_READ)
        pay = payments[0] if payments else {"name": "?", "id": payment_id}
        record = {"model": "account.payment", "id": payment_id, "name": pay.get("name"), "state": pay.get("state"),
                  "amount": str(to_money(pay.get("amount"), decimals)), "date": pay.get("date") or None}
        return [record, *[self._move_record(row, decimals) for row in moves]]


__all__ = [
    "InvalidRequest",
    "Outcome",
    "Proposal",
    "StaleRequest",
    "WriteService",
    "marker",
]
