"""Journal entries the way Odoo 19's `account.move` builds them.

An invoice is a set of balanced journal items: product lines on income/expense accounts, one
tax line per tax, one payment-term line on the receivable/payable account. Signs follow
`direction_sign` (-1 for customer invoices and vendor refunds, +1 for vendor bills and
customer refunds) and the totals follow `AccountMove._compute_amount`, so `*_signed` amounts
are positive for customer invoices and vendor refunds and negative for customer refunds and
vendor bills. Every amount is a `Decimal` rounded to the cent, per line (Odoo's default
`round_per_line`). Numbers come from the journal's sequence on posting (`INV/2026/00001`,
`BILL/2026/11/0001`, `R` prefix for credit notes, `P` for payments) assigned on posting
(a real Odoo 19 leaves drafts unnamed: `name` reads false).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from . import currency
from .computes import INVOICE_TYPES, OUTBOUND_TYPES, RECEIVABLE_PAYABLE
from .errors import UserError, ValidationError
from .records import Database, Row
from .values import money

SALE_TYPES = ("out_invoice", "out_refund", "out_receipt")
PURCHASE_TYPES = ("in_invoice", "in_refund", "in_receipt")
REFUND_TYPES = ("out_refund", "in_refund")
ZERO = Decimal(0)


def is_invoice(move: Row) -> bool:
    return move["move_type"] in INVOICE_TYPES


def direction_sign(move: Row) -> int:
    return 1 if move["move_type"] == "entry" or move["move_type"] in OUTBOUND_TYPES else -1


def lines_of(db: Database, move_id: int) -> list[Row]:
    return db.browse_rows("account.move.line", db.children("account.move.line", "move_id", move_id))


def journal_type_for(move_type: str) -> str:
    if move_type in SALE_TYPES:
        return "sale"
    if move_type in PURCHASE_TYPES:
        return "purchase"
    return "general"


def default_journal(db: Database, move_type: str, company_id: int = 1) -> int:
    wanted = journal_type_for(move_type)
    journals = journals_of_type(db, (wanted,), company_id)
    if not journals:
        raise UserError(
            f"No journal could be found in company {company_name(db, company_id)} for any of those types: {wanted}"
        )
    return int(journals[0]["id"])


def journals_of_type(db: Database, kinds: tuple[str, ...], company_id: int = 1) -> list[Row]:
    """The company's active journals of these types in the journal model's order (`sequence, type, code`)."""
    found = [
        j
        for j in db.tables["account.journal"].values()
        if j["type"] in kinds and j.get("active") and j.get("company_id") == company_id
    ]
    return sorted(found, key=lambda j: (j.get("sequence") or 0, j["type"], j["code"], j["id"]))


def company_name(db: Database, company_id: int = 1) -> str:
    company = db.row("res.company", company_id)
    return company["name"] if company else ""


def company_accounts(db: Database, company_id: int, kind: str) -> list[Row]:
    """The company's active accounts of one type, by code (accounts belong to companies through `company_ids`)."""
    found = [
        a
        for a in db.rows("account.account")
        if a["account_type"] == kind and company_id in (a.get("company_ids") or []) and a.get("active", True)
    ]
    return sorted(found, key=lambda a: (a["code"], a["id"]))


def check_journal(db: Database, move_type: str, journal_id: int) -> None:
    journal = db.tables["account.journal"][journal_id]
    if move_type in PURCHASE_TYPES and journal["type"] != "purchase":
        raise ValidationError("Cannot create a purchase document in a non purchase journal")
    if move_type in SALE_TYPES and journal["type"] != "sale":
        raise ValidationError("Cannot create a sale document in a non sale journal")


def last_day_of_month(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def accounting_date(db: Database, move: Row) -> str:
    """`_compute_date`: a sale's date is its invoice date; a bill entered late goes to the end of its period."""
    invoice_date = move.get("invoice_date")
    if not invoice_date:
        return move.get("date") or db.today.isoformat()
    if move["move_type"] in SALE_TYPES or move["move_type"] == "entry":
        return str(invoice_date)
    day, today = dt.date.fromisoformat(invoice_date), db.today
    if (today.year, today.month) > (day.year, day.month):  # monthly sequence (BILL/2026/11/0001)
        return last_day_of_month(day).isoformat()
    return max(day, today).isoformat()


# -- lines ----------------------------------------------------------------------------------------
def receivable_payable_account(db: Database, move: Row) -> int | None:
    partner = db.row("res.partner", move.get("partner_id")) or {}
    outbound_side = move["move_type"] in PURCHASE_TYPES
    field, kind = (
        ("property_account_payable_id", "liability_payable")
        if outbound_side
        else ("property_account_receivable_id", "asset_receivable")
    )
    own = db.row("account.account", partner.get(field))
    if own and move["company_id"] in (own.get("company_ids") or []):
        return int(own["id"])
    found = company_accounts(db, move["company_id"], kind)
    return found[0]["id"] if found else None


def compute_line_amounts(db: Database, move: Row, line: Row) -> dict[str, Any]:
    """Subtotal, total and balance of one product line (taxes excluded from the price)."""
    quantity = Decimal(line.get("quantity") or 0)
    price = Decimal(line.get("price_unit") or 0)
    discount = Decimal(line.get("discount") or 0)
    subtotal = money(quantity * price * (1 - discount / 100))
    taxes = sum((tax_amount(db, tax_id, subtotal, quantity) for tax_id in line.get("tax_ids") or []), ZERO)
    amount_currency = direction_sign(move) * subtotal
    return {"price_subtotal": subtotal, "price_total": subtotal + taxes, **amounts(db, move, amount_currency)}


def rate_date(move: Row) -> str:
    """The day whose rate converts a document: its invoice date, else its accounting date."""
    return str(move.get("invoice_date") or move["date"])


def amounts(db: Database, move: Row, amount_currency: Decimal) -> dict[str, Decimal]:
    """A line's amount in the document currency and, converted at the document's rate, in the company's."""
    balance = currency.to_company(db, move["company_id"], move["currency_id"], amount_currency, rate_date(move))
    return {
        "amount_currency": amount_currency,
        "balance": balance,
        "debit": max(balance, ZERO),
        "credit": max(-balance, ZERO),
    }


def tax_amount(db: Database, tax_id: int, base: Decimal, quantity: Decimal) -> Decimal:
    tax = db.tables["account.tax"][tax_id]
    if tax["amount_type"] == "fixed":
        return money(Decimal(tax["amount"]) * quantity)
    return money(base * Decimal(tax["amount"]) / 100)


def sync_invoice_lines(db: Database, move_id: int) -> None:
    """Rebuild the tax and payment-term lines of an invoice from its product lines."""
    move = db.tables["account.move"][move_id]
    sign = direction_sign(move)
    partner = move.get("commercial_partner_id")
    lines = lines_of(db, move_id)
    base_by_tax: dict[int, Decimal] = {}
    tax_by_tax: dict[int, Decimal] = {}
    product_total = product_total_currency = ZERO
    for line in lines:
        if line["display_type"] != "product":
            continue
        line_amounts = compute_line_amounts(db, move, line)
        db.update(
            "account.move.line", line["id"], {**line_amounts, "partner_id": partner, "currency_id": move["currency_id"]}
        )
        product_total += line_amounts["balance"]
        product_total_currency += line_amounts["amount_currency"]
        quantity = Decimal(line.get("quantity") or 0)
        for tax_id in line.get("tax_ids") or []:
            base_by_tax[tax_id] = base_by_tax.get(tax_id, ZERO) + line_amounts["price_subtotal"]
            tax_by_tax[tax_id] = tax_by_tax.get(tax_id, ZERO) + tax_amount(
                db, tax_id, line_amounts["price_subtotal"], quantity
            )
    existing_tax = {line["tax_line_id"]: line for line in lines if line["display_type"] == "tax"}
    tax_total = tax_total_currency = ZERO
    for tax_id, amount in tax_by_tax.items():
        tax_amounts = amounts(db, move, sign * amount)
        tax_total += tax_amounts["balance"]
        tax_total_currency += tax_amounts["amount_currency"]
        tax = db.tables["account.tax"][tax_id]
        vals = {
            "name": tax["name"],
            "display_type": "tax",
            "tax_line_id": tax_id,
            "account_id": tax.get("account_id"),
            **tax_amounts,
            "tax_base_amount": base_by_tax[tax_id],
            "partner_id": partner,
            "currency_id": move["currency_id"],
            "quantity": ZERO,
            "sequence": 9999,
        }
        if tax_id in existing_tax:
            db.update("account.move.line", existing_tax.pop(tax_id)["id"], vals)
        else:
            db.insert("account.move.line", {**vals, "move_id": move_id, **_stamp(db)})
    for stale in existing_tax.values():
        db.delete("account.move.line", stale["id"])
    _sync_term_line(db, move, lines, -(product_total + tax_total), -(product_total_currency + tax_total_currency))


def _sync_term_line(db: Database, move: Row, lines: list[Row], balance: Decimal, amount_currency: Decimal) -> None:
    terms = [line for line in lines if line["display_type"] == "payment_term"]
    has_products = any(line["display_type"] == "product" for line in lines)
    if not has_products:
        for term in terms:
            db.delete("account.move.line", term["id"])
        return
    vals = {
        "name": move.get("payment_reference") or None,
        "display_type": "payment_term",
        "account_id": receivable_payable_account(db, move),
        "partner_id": move.get("commercial_partner_id"),
        "balance": balance,
        "amount_currency": amount_currency,
        "debit": max(balance, ZERO),
        "credit": max(-balance, ZERO),
        "date_maturity": _term_date(db, move, terms),
        "currency_id": move["currency_id"],
        "quantity": ZERO,
        "sequence": 10000,
    }
    if terms:
        db.update("account.move.line", terms[0]["id"], vals)
        for extra in terms[1:]:
            db.delete("account.move.line", extra["id"])
    else:
        db.insert("account.move.line", {**vals, "move_id": move["id"], **_stamp(db)})


def _term_date(db: Database, move: Row, terms: list[Row]) -> str | None:
    """The receivable/payable item's due date: the payment term's date while the term sets it (a posted entry keeps
    its item's date, which may have been moved by hand); without a term, the document's due date."""
    if not move.get("invoice_payment_term_id"):
        return move.get("invoice_date_due")
    if move["state"] == "posted" and terms and terms[0].get("date_maturity"):
        return str(terms[0]["date_maturity"])
    return due_date(db, move)


def _stamp(db: Database) -> dict[str, Any]:
    now = db.now()
    return {"create_date": now, "write_date": now, "create_uid": 2, "write_uid": 2}


def due_date(db: Database, move: Row) -> str | None:
    """`_compute_invoice_date_due`: from the payment term, else the given due date, else today."""
    term_id = move.get("invoice_payment_term_id")
    if term_id and is_invoice(move):
        reference = dt.date.fromisoformat(move.get("invoice_date") or move.get("date") or db.today.isoformat())
        term_lines = db.browse_rows(
            "account.payment.term.line", db.children("account.payment.term.line", "payment_id", term_id)
        )
        days = max((int(line["nb_days"]) for line in term_lines), default=0)
        return (reference + dt.timedelta(days=days)).isoformat()
    return move.get("invoice_date_due") or db.today.isoformat()


def refresh_line_residuals(db: Database, line_ids: list[int]) -> None:
    """Residual of each line: balance minus what partial reconciliations matched."""
    for line_id in line_ids:
        line = db.tables["account.move.line"].get(line_id)
        if line is None:
            continue
        account = db.row("account.account", line.get("account_id")) or {}
        if not account.get("reconcile"):
            db.update(
                "account.move.line",
                line_id,
                {"amount_residual": ZERO, "amount_residual_currency": ZERO, "reconciled": False},
            )
            continue
        matched = matched_currency = ZERO
        for partial_id in db.children("account.partial.reconcile", "debit_move_id", line_id):
            partial = db.tables["account.partial.reconcile"][partial_id]
            matched += Decimal(partial["amount"])
            matched_currency += Decimal(partial["debit_amount_currency"])
        for partial_id in db.children("account.partial.reconcile", "credit_move_id", line_id):
            partial = db.tables["account.partial.reconcile"][partial_id]
            matched -= Decimal(partial["amount"])
            matched_currency -= Decimal(partial["credit_amount_currency"])
        residual = Decimal(line["balance"]) - matched
        residual_currency = Decimal(line["amount_currency"]) - matched_currency
        db.update(
            "account.move.line",
            line_id,
            {
                "amount_residual": residual,
                "amount_residual_currency": residual_currency,
                "reconciled": money(residual) == 0 and money(residual_currency) == 0,
            },
        )


def compute_totals(db: Database, move_id: int) -> None:
    """`_compute_amount` and `_compute_payment_state`, stored on the move."""
    move = db.tables["account.move"][move_id]
    lines = lines_of(db, move_id)
    refresh_line_residuals(db, [line["id"] for line in lines])
    lines = lines_of(db, move_id)
    # Company currency from `balance`/`amount_residual`, document currency from their `_currency` twins.
    untaxed = tax = total = residual = ZERO
    untaxed_cur = tax_cur = total_cur = residual_cur = ZERO
    for line in lines:
        balance, in_currency = Decimal(line["balance"]), Decimal(line["amount_currency"])
        if is_invoice(move):
            if line["display_type"] == "tax":
                tax, tax_cur = tax + balance, tax_cur + in_currency
                total, total_cur = total + balance, total_cur + in_currency
            elif line["display_type"] == "product":
                untaxed, untaxed_cur = untaxed + balance, untaxed_cur + in_currency
                total, total_cur = total + balance, total_cur + in_currency
            elif line["display_type"] == "payment_term":
                residual += Decimal(line["amount_residual"])
                residual_cur += Decimal(line["amount_residual_currency"])
        elif balance > 0:
            total, total_cur = total + balance, total_cur + in_currency
    sign = direction_sign(move)
    entry = move["move_type"] == "entry"
    amount_total = abs(total_cur) if entry else sign * total_cur
    db.update(
        "account.move",
        move_id,
        {
            "amount_untaxed": sign * untaxed_cur,
            "amount_tax": sign * tax_cur,
            "amount_total": amount_total,
            "amount_residual": -sign * residual_cur,
            "amount_untaxed_signed": -untaxed,
            "amount_untaxed_in_currency_signed": -untaxed_cur,
            "amount_tax_signed": -tax,
            "amount_total_signed": abs(total) if entry else -total,
            "amount_residual_signed": residual,
            "amount_total_in_currency_signed": abs(amount_total) if entry else -total_cur,
        },
    )
    db.update("account.move", move_id, {"payment_state": payment_state(db, db.tables["account.move"][move_id])})


def payment_state(db: Database, move: Row) -> str:
    """`_compute_payment_state` (Community: an invoice paid by a payment reads `paid`). A draft with a total counts
    too: reset to draft, it keeps its matches and reads `partial` or `paid` (seen on a real 19)."""
    if not is_invoice(move) or move["state"] == "cancel" or (move["state"] == "draft" and money(move["amount_total"]) == 0):
        return "not_paid"
    counterparts: list[Row] = []
    for line in lines_of(db, move["id"]):
        account = db.row("account.account", line.get("account_id")) or {}
        if account.get("account_type") not in RECEIVABLE_PAYABLE:
            continue
        for inverse, other in (("debit_move_id", "credit_move_id"), ("credit_move_id", "debit_move_id")):
            for partial_id in db.children("account.partial.reconcile", inverse, line["id"]):
                other_line = db.tables["account.move.line"][db.tables["account.partial.reconcile"][partial_id][other]]
                if other_line["move_id"] != move["id"]:
                    counterparts.append(db.tables["account.move"][other_line["move_id"]])
    if money(move["amount_residual"]) == 0:
        if any(c.get("origin_payment_id") for c in counterparts):
            return "paid"
        types = {c["move_type"] for c in counterparts}
        kind = move["move_type"]
        if (
            (kind in ("in_invoice", "in_receipt") and types in ({"in_refund"}, {"in_refund", "entry"}))
            or (kind in ("out_invoice", "out_receipt") and types in ({"out_refund"}, {"out_refund", "entry"}))
            or (kind in ("entry", "out_refund", "in_refund") and types == {"entry"})
        ):
            return "reversed"
        return "paid"
    return "partial" if counterparts else "not_paid"


def recompute(db: Database, move_id: int, *, due: str | None = None) -> None:
    """Everything derived from a move's header and product lines.

    `due`: a due date just written on the header, which Odoo keeps even when a payment term would
    give another (the term's item then keeps the term's date; without a term the item follows)."""
    move = db.tables["account.move"][move_id]
    if is_invoice(move):
        db.update(
            "account.move",
            move_id,
            {
                "commercial_partner_id": move.get("partner_id"),
                "invoice_date_due": due or due_date(db, move),
            },
        )
        sync_invoice_lines(db, move_id)
    compute_totals(db, move_id)


# -- sequences ------------------------------------------------------------------------------------
def sequence_prefix(db: Database, move: Row) -> tuple[str, int]:
    """`_get_starting_sequence`: yearly for sales/bank/cash (5 digits), monthly otherwise (4)."""
    journal = db.tables["account.journal"][move["journal_id"]]
    day = dt.date.fromisoformat(move["date"])
    if journal["type"] in ("sale", "bank", "cash", "credit"):
        prefix, padding = f"{journal['code']}/{day.year:04d}/", 5
    else:
        prefix, padding = f"{journal['code']}/{day.year:04d}/{day.month:02d}/", 4
    if journal.get("refund_sequence") and move["move_type"] in REFUND_TYPES:
        prefix = "R" + prefix
    if journal.get("payment_sequence") and move.get("origin_payment_id"):
        prefix = "P" + prefix
    return prefix, padding


def has_sequence(db: Database, move: Row) -> bool:
    prefix, _ = sequence_prefix(db, move)
    return any(
        m["journal_id"] == move["journal_id"] and m.get("sequence_prefix") == prefix and m["id"] != move["id"]
        for m in db.tables["account.move"].values()
    )


def assign_number(db: Database, move_id: int) -> None:
    move = db.tables["account.move"][move_id]
    prefix, padding = sequence_prefix(db, move)
    last = max(
        (
            int(m["sequence_number"] or 0)
            for m in db.tables["account.move"].values()
            if m["journal_id"] == move["journal_id"] and m.get("sequence_prefix") == prefix
        ),
        default=0,
    )
    db.update(
        "account.move",
        move_id,
        {
            "name": f"{prefix}{last + 1:0{padding}d}",
            "sequence_prefix": prefix,
            "sequence_number": last + 1,
        },
    )


# -- state changes --------------------------------------------------------------------------------
def post(db: Database, move_ids: list[int]) -> None:
    """`_post(soft=False)`: validate everything first, then number and post."""
    messages: list[str] = []
    moves = [db.tables["account.move"][i] for i in move_ids]
    for move in moves:
        if not is_invoice(move):
            continue
        if money(move["amount_total"]) < 0:
            messages.append(
                "You cannot validate an invoice with a negative total amount. You should create a credit note "
                "instead. Use the action menu to transform it into a credit note or refund."
            )
        if not move.get("partner_id"):
            if move["move_type"] in ("out_invoice", "out_refund"):
                messages.append(
                    "The field 'Customer' is required, please complete it to validate the Customer Invoice."
                )
            elif move["move_type"] in ("in_invoice", "in_refund"):
                messages.append("The field 'Vendor' is required, please complete it to validate the Vendor Bill.")
        if not move.get("invoice_date") and move["move_type"] in PURCHASE_TYPES:
            messages.append("The Bill/Refund date is required to validate this document.")
    for move in moves:
        if move["state"] in ("posted", "cancel"):
            messages.append(f"The entry {move['name']} (id {move['id']}) must be in draft.")
        lines = lines_of(db, move["id"])
        if not [line for line in lines if line["display_type"] not in ("line_section", "line_note")]:
            messages.append("You need to add a line before posting.")
        journal = db.tables["account.journal"][move["journal_id"]]
        if not journal.get("active", True):
            messages.append(f"You cannot post an entry in an archived journal ({journal['name']})")
        move_currency = db.row("res.currency", move.get("currency_id")) or {}
        if move_currency and not move_currency.get("active"):
            messages.append(f"You cannot validate a document with an inactive currency: {move_currency['name']}")
        if not is_invoice(move):
            debit = sum((Decimal(line["debit"]) for line in lines), ZERO)
            credit = sum((Decimal(line["credit"]) for line in lines), ZERO)
            if money(debit) != money(credit):
                messages.append(f"The move ({move['name']}) is not balanced.")
    if messages:
        raise UserError("\n".join(dict.fromkeys(messages)))
    for move_id in move_ids:
        move = db.tables["account.move"][move_id]
        if is_invoice(move) and not move.get("invoice_date"):  # sale documents default to today
            db.update("account.move", move_id, {"invoice_date": db.today.isoformat()})
            db.update("account.move", move_id, {"date": accounting_date(db, db.tables["account.move"][move_id])})
        move = db.tables["account.move"][move_id]
        if not move.get("name") or move["name"] == "/":
            assign_number(db, move_id)
        move = db.tables["account.move"][move_id]
        if move["move_type"] == "out_invoice" and not move.get("payment_reference"):
            db.update("account.move", move_id, {"payment_reference": move["name"]})
        db.update("account.move", move_id, {"state": "posted", "posted_before": True, "write_date": db.now()})
        recompute(db, move_id)
        _increase_rank(db, db.tables["account.move"][move_id])
        if db.tables["account.move"][move_id].get("reversed_entry_id"):
            _reconcile_reversed(db, db.tables["account.move"][move_id])


def _increase_rank(db: Database, move: Row) -> None:
    partner = db.row("res.partner", move.get("partner_id"))
    if not partner:
        return
    if move["move_type"] in SALE_TYPES:
        db.update("res.partner", partner["id"], {"customer_rank": int(partner["customer_rank"] or 0) + 1})
    elif move["move_type"] in PURCHASE_TYPES:
        db.update("res.partner", partner["id"], {"supplier_rank": int(partner["supplier_rank"] or 0) + 1})


def check_lock_dates(db: Database, move: Row) -> None:
    """`_check_fiscal_lock_dates` and the tax lock date: a posted entry dated on or before a lock date the user is
    bound by cannot leave `posted` (no lock-date exceptions here)."""
    company = db.row("res.company", move["company_id"]) or {}
    sale = move["move_type"] in SALE_TYPES
    kinds = ["fiscalyear_lock_date", "hard_lock_date", "sale_lock_date" if sale else "purchase_lock_date"]
    if any(line["display_type"] == "tax" for line in lines_of(db, move["id"])):
        kinds.append("tax_lock_date")
    violated = [(company[kind], kind) for kind in kinds if company.get(kind) and move["date"] <= company[kind]]
    if violated:
        labels = {"fiscalyear_lock_date": "Global Lock Date", "hard_lock_date": "Hard Lock Date", "sale_lock_date": "Sales Lock Date",
                  "purchase_lock_date": "Purchase Lock date", "tax_lock_date": "Tax Return Lock Date"}
        listed = ", ".join(f"{labels[kind]} ({day})" for day, kind in sorted(violated))
        raise UserError(f"You cannot add/modify entries prior to and inclusive of: {listed}.")


_COPIED = ("name", "display_type", "quantity", "price_unit", "discount", "tax_ids", "account_id", "product_id", "sequence")


def reverse(db: Database, move_ids: list[int], *, date: str, reason: str | None, journal_id: int, uid: int) -> list[int]:
    """`account.move.reversal.refund_moves` for invoices: each a draft copy of the opposite type (`reversed_entry_id`,
    "Reversal of: <number>, <reason>", dated and due on the wizard's date, no payment term), product lines copied."""
    made = []
    refund = {"out_invoice": "out_refund", "in_invoice": "in_refund", "out_refund": "out_invoice", "in_refund": "in_invoice"}
    for move_id in move_ids:
        move = db.tables["account.move"][move_id]
        if move["move_type"] not in refund:
            raise UserError("The sandbox reverses invoices, bills and credit notes only.")
        ref = f"Reversal of: {move['name']}, {reason}" if reason else f"Reversal of: {move['name']}"
        now = db.now()
        new_id = db.insert("account.move", {
            "move_type": refund[move["move_type"]], "state": "draft", "name": False, "journal_id": journal_id,
            "company_id": move["company_id"], "currency_id": move["currency_id"], "partner_id": move.get("partner_id"),
            "commercial_partner_id": move.get("commercial_partner_id"), "ref": ref, "date": date, "invoice_date": date,
            "invoice_date_due": date, "invoice_payment_term_id": None, "invoice_origin": move.get("invoice_origin"),
            "invoice_user_id": move.get("invoice_user_id"), "reversed_entry_id": move_id, "auto_post": "no",
            "payment_state": "not_paid", "posted_before": False, "create_date": now, "write_date": now, "create_uid": uid,
            "write_uid": uid,
        })
        for line in lines_of(db, move_id):
            if line["display_type"] in ("product", "line_section", "line_note"):
                copied: dict[str, Any] = {key: line.get(key) for key in _COPIED if key in line}
                db.insert("account.move.line", {**copied, "move_id": new_id, "partner_id": move.get("partner_id"),
                                                "currency_id": move["currency_id"], **_stamp(db)})
        recompute(db, new_id)
        made.append(new_id)
    return made


def _reconcile_reversed(db: Database, move: Row) -> None:
    """`_reconcile_reversed_moves` on posting a reversal: its open receivable/payable items against the original's."""
    from .reconcile import reconcile  # reconcile builds on this module

    original = db.row("account.move", move.get("reversed_entry_id"))
    if not original or original["state"] != "posted":
        return
    items = [line for m in (original, move) for line in lines_of(db, m["id"])
             if line["display_type"] == "payment_term" and not line.get("reconciled")]
    by_account: dict[Any, list[int]] = {}
    for line in items:
        by_account.setdefault(line["account_id"], []).append(line["id"])
    for ids in by_account.values():
        if len(ids) > 1:
            reconcile(db, ids)
    compute_totals(db, original["id"])
    compute_totals(db, move["id"])


def reset_to_draft(db: Database, move_ids: list[int]) -> None:
    """`button_draft`: back to draft, keeping its matches (a real 19 leaves a draft matched with its payment)."""
    moves = [db.tables["account.move"][i] for i in move_ids]
    if any(m["state"] not in ("cancel", "posted") for m in moves):
        raise UserError("Only posted/cancelled journal entries can be reset to draft.")
    for move in moves:
        if move["state"] == "posted":
            check_lock_dates(db, move)
    for move in moves:
        db.update("account.move", move["id"], {"state": "draft", "write_date": db.now()})
        compute_totals(db, move["id"])


def cancel(db: Database, move_ids: list[int]) -> None:
    """`button_cancel`: posted entries go through draft first; only drafts can be cancelled; the entries' matches
    are removed (their payments stay, unmatched)."""
    from .payments import unreconcile  # payments builds on this module: import here, not at the top

    posted = [i for i in move_ids if db.tables["account.move"][i]["state"] == "posted"]
    if posted:
        reset_to_draft(db, posted)
    if any(db.tables["account.move"][i]["state"] != "draft" for i in move_ids):
        raise UserError("Only draft journal entries can be cancelled.")
    for move_id in move_ids:
        unreconcile(db, [line["id"] for line in lines_of(db, move_id)])
        db.update("account.move", move_id, {"auto_post": "no", "state": "cancel", "write_date": db.now()})
        compute_totals(db, move_id)
