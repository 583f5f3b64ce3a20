"""Payments, reconciliation and the "Register Payment" wizard, as in Odoo 19.

A posted payment is a journal entry in a bank/cash journal (`PBNK1/2026/00001`): the money on
the journal's outstanding receipts/payments account, the counterpart on the partner's
receivable/payable account. Reconciling that counterpart with invoices' payment-term lines
creates `account.partial.reconcile` records, oldest due first, which lower the residuals and
move the invoices to `partial` or `paid`. The payment itself stays `in_process` until a bank
statement matches it, which never happens here (the facts file saw the same on a real 19).

The wizard (`account.payment.register`) follows `account_payment_register.py`: lines come
from the context's `active_model`/`active_ids`, are grouped in batches per partner, account
and type; one payment for the wizard's amount when the wizard is editable (one batch) and
either pays one line or `group_payment` is set, otherwise one payment per line for its full
residual (so a partial `amount` over several invoices is ignored unless `group_payment`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from . import accounting, computes, currency
from .computes import RECEIVABLE_PAYABLE
from .errors import UserError, missing_records
from .reconcile import reconcile as reconcile_lines
from .records import Database, Row
from .values import money

ZERO = Decimal(0)
PAYMENT_METHOD = "Manual Payment"
OUTSTANDING_RECEIPTS = "Outstanding Receipts"
OUTSTANDING_PAYMENTS = "Outstanding Payments"
BANK_SUSPENSE = "Bank Suspense Account"


def _outstanding_account(db: Database, company_id: int, name: str) -> int:
    """The company's account of this name: outstanding receipts/payments (Odoo: the payment method line's), bank suspense."""
    found = [
        a for a in db.rows("account.account") if a["name"] == name and company_id in (a.get("company_ids") or [])
    ]
    if not found:
        raise UserError(f"The sandbox chart of accounts of company {company_id} has no account {name!r}.")
    return int(found[0]["id"])


# -- reconciliation -------------------------------------------------------------------------------
reconcile = reconcile_lines  # matching itself, multi-currency and exchange differences: reconcile.py


def unreconcile(db: Database, line_ids: list[int]) -> None:
    """Delete the partial reconciliations of these lines and refresh every move involved."""
    touched: set[int] = set()
    for line_id in line_ids:
        for inverse in ("debit_move_id", "credit_move_id"):
            for partial_id in db.children("account.partial.reconcile", inverse, line_id):
                partial = db.tables["account.partial.reconcile"].get(partial_id)
                if partial is None:
                    continue
                for side in ("debit_move_id", "credit_move_id"):
                    touched.add(db.tables["account.move.line"][partial[side]]["move_id"])
                db.delete("account.partial.reconcile", partial_id)
    for move_id in sorted(touched):
        accounting.compute_totals(db, move_id)
    refresh_states(db, touched)


# -- payments -------------------------------------------------------------------------------------
def default_bank_journal(db: Database, company_id: int = 1) -> int:
    journals = accounting.journals_of_type(db, ("bank", "cash"), company_id)
    if not journals:
        raise UserError("No bank or cash journal is configured.")
    return int(journals[0]["id"])


def destination_account(db: Database, partner_id: int | None, partner_type: str, company_id: int = 1) -> int:
    partner = db.row("res.partner", partner_id) or {}
    field, kind = (
        ("property_account_receivable_id", "asset_receivable")
        if partner_type == "customer"
        else ("property_account_payable_id", "liability_payable")
    )
    own = db.row("account.account", partner.get(field))
    if own and company_id in (own.get("company_ids") or []):
        return int(own["id"])
    return int(accounting.company_accounts(db, company_id, kind)[0]["id"])


def _post_entry(db: Database, header: dict[str, Any], items: list[tuple[str, int, Decimal, Decimal]]) -> int:
    """Create and post an entry (`move_type` entry) from its header (journal, company, currency, date,
    partner, ref, ...) and its items (label, account, company-currency balance, amount in the entry's currency)."""
    now = db.now()
    stamp = {"create_date": now, "write_date": now, "create_uid": 2, "write_uid": 2}
    partner_id = header.get("partner_id")
    move_id = db.insert(
        "account.move",
        {
            **stamp,
            "move_type": "entry",
            "state": "draft",
            "name": "/",
            "commercial_partner_id": partner_id,
            "auto_post": "no",
            "payment_state": "not_paid",
            **header,
        },
    )
    for sequence, (name, account_id, balance, in_currency) in enumerate(items, start=1):
        db.insert(
            "account.move.line",
            {
                **stamp,
                "move_id": move_id,
                "name": name,
                "display_type": "product",
                "account_id": account_id,
                "partner_id": partner_id,
                "balance": balance,
                "amount_currency": in_currency,
                "debit": max(balance, ZERO),
                "credit": max(-balance, ZERO),
                "currency_id": header["currency_id"],
                "quantity": Decimal(1),
                "sequence": sequence,
                "date_maturity": header["date"],
            },
        )
    accounting.post(db, [move_id])
    return move_id


def post_payment(db: Database, payment_id: int, write_offs: list[dict[str, Any]] | None = None) -> None:
    """`account.payment.action_post`: create and post its journal entry, state `in_process`."""
    payment = db.tables["account.payment"][payment_id]
    if payment["state"] != "draft":
        raise UserError("Only a draft payment can be posted.")
    inbound = payment["payment_type"] == "inbound"
    company_id = payment["company_id"]
    amount = Decimal(payment["amount"])
    liquidity_currency = amount if inbound else -amount
    liquidity_balance = currency.to_company(db, company_id, payment["currency_id"], liquidity_currency, payment["date"])
    outstanding = _outstanding_account(db, company_id, OUTSTANDING_RECEIPTS if inbound else OUTSTANDING_PAYMENTS)
    write_offs = write_offs or []
    write_off_total = sum((Decimal(w["balance"]) for w in write_offs), ZERO)
    # Odoo 19 names both items after the payment method and the memo ("Manual Payment: INV/2026/00001").
    memo = payment.get("memo")
    default = "Customer Payment" if payment["partner_type"] == "customer" else "Vendor Payment"
    label = f"{PAYMENT_METHOD}: {memo}" if memo else default
    # Write-offs are in the payment currency too; each item's company amount at the payment date's rate.
    def company(in_currency: Decimal) -> Decimal:
        return currency.to_company(db, company_id, payment["currency_id"], in_currency, payment["date"])

    counterpart_currency = -(liquidity_currency + write_off_total)
    write_off_items = [
        (w.get("name") or "Write-Off", w["account_id"], company(Decimal(w["balance"])), Decimal(w["balance"]))
        for w in write_offs
    ]
    counterpart_balance = -(liquidity_balance + sum((w[2] for w in write_off_items), ZERO))
    items = [
        (label, outstanding, liquidity_balance, liquidity_currency),
        (label, payment["destination_account_id"], counterpart_balance, counterpart_currency),
        *write_off_items,
    ]
    header = {"journal_id": payment["journal_id"], "company_id": company_id, "currency_id": payment["currency_id"]}
    header.update(date=payment["date"], partner_id=payment.get("partner_id"), ref=payment.get("memo"), origin_payment_id=payment_id)
    move_id = _post_entry(db, header, items)
    move = db.tables["account.move"][move_id]
    db.update(
        "account.payment",
        payment_id,
        {
            "move_id": move_id,
            "name": move["name"],
            "state": "in_process",
            "outstanding_account_id": outstanding,
            "write_date": db.now(),
        },
    )


def post_statement_line(db: Database, line_id: int) -> None:
    """A new bank statement line's own entry, posted: the journal's account against the bank suspense
    account, in the journal's currency; the line stays unreconciled until matched (not served here)."""
    line = db.tables["account.bank.statement.line"][line_id]
    journal = db.tables["account.journal"][line["journal_id"]]
    company_id = journal["company_id"]
    in_currency = Decimal(line.get("amount") or 0)
    line_currency = journal.get("currency_id") or currency.company_currency(db, company_id)
    balance = currency.to_company(db, company_id, line_currency, in_currency, line["date"])
    suspense = _outstanding_account(db, company_id, BANK_SUSPENSE)
    label = line.get("payment_ref") or "/"
    header = {"journal_id": journal["id"], "company_id": company_id, "currency_id": line_currency, "date": line["date"]}
    header.update(partner_id=line.get("partner_id"), ref=line.get("payment_ref"))
    items = [(label, journal["default_account_id"], balance, in_currency), (label, suspense, -balance, -in_currency)]
    move_id = _post_entry(db, header, items)
    db.update(
        "account.bank.statement.line",
        line_id,
        {"move_id": move_id, "company_id": company_id, "currency_id": line_currency, "is_reconciled": False},
    )


def create_payment(db: Database, vals: dict[str, Any], company_id: int = 1) -> int:
    company_id = vals.get("company_id") or company_id
    now = db.now()
    partner_type = vals.get("partner_type") or "customer"
    defaults: dict[str, Any] = {
        "state": "draft",
        "name": False,
        "date": db.today.isoformat(),
        "payment_type": "inbound",
        "partner_type": partner_type,
        "journal_id": default_bank_journal(db, company_id),
        "company_id": company_id,
        "currency_id": currency.company_currency(db, company_id),
        "destination_account_id": destination_account(db, vals.get("partner_id"), partner_type, company_id),
        "create_date": now,
        "write_date": now,
        "create_uid": 2,
        "write_uid": 2,
        "invoice_ids": [],
    }
    return db.insert("account.payment", {**defaults, **{k: v for k, v in vals.items() if v is not None}})


# -- the register-payment wizard ------------------------------------------------------------------
def lines_from_context(db: Database, context: dict[str, Any]) -> list[int]:
    """`account.payment.register.default_get`: the payable lines of the active moves."""
    active_model, active_ids = context.get("active_model"), list(context.get("active_ids") or [])
    if active_model == "account.move":
        missing = [i for i in active_ids if i not in db.tables["account.move"]]
        if missing:
            raise missing_records("account.move", missing, 2)
        lines = [line for move_id in active_ids for line in accounting.lines_of(db, move_id)]
    elif active_model == "account.move.line":
        lines = db.browse_rows("account.move.line", active_ids)
    else:
        raise UserError(
            "The register payment wizard should only be called on account.move or account.move.line records."
        )
    available = []
    for line in lines:
        if db.tables["account.move"][line["move_id"]]["state"] != "posted":
            raise UserError("You can only register payment for posted journal entries.")
        if db.value("account.move.line", line, "account_type") not in RECEIVABLE_PAYABLE:
            continue
        if money(line["amount_residual"]) == 0 and money(line["amount_residual_currency"]) == 0:
            continue
        available.append(line)
    if not available:
        raise UserError(
            "You can't register a payment because there is nothing left to pay on the selected journal items."
        )
    if len({db.value("account.move.line", line, "account_type") for line in available}) > 1:
        raise UserError("You can't register payments for both inbound and outbound moves at the same time.")
    return [line["id"] for line in available]


def batches(db: Database, line_ids: list[int]) -> list[dict[str, Any]]:
    """`_get_batches`: lines grouped per partner, account, currency and partner type."""
    grouped: dict[tuple[Any, ...], list[Row]] = {}
    for line in db.browse_rows("account.move.line", line_ids):
        kind = "customer" if db.value("account.move.line", line, "account_type") == "asset_receivable" else "supplier"
        key = (line.get("partner_id"), line["account_id"], line.get("currency_id"), kind)
        grouped.setdefault(key, []).append(line)
    result = []
    for (partner_id, account_id, currency_id, kind), lines in grouped.items():
        balance = sum((Decimal(line["balance"]) for line in lines), ZERO)
        result.append(
            {
                "partner_id": partner_id,
                "account_id": account_id,
                "currency_id": currency_id,
                "partner_type": kind,
                "payment_type": "inbound" if balance > 0 else "outbound",
                "lines": lines,
                # What is left to pay in the documents' currency, and in the company's.
                "amount": abs(sum((Decimal(line["amount_residual_currency"]) for line in lines), ZERO)),
                "company_amount": abs(sum((Decimal(line["amount_residual"]) for line in lines), ZERO)),
                "company_id": db.tables["account.move"][lines[0]["move_id"]]["company_id"],
            }
        )
    return result


def batch_communication(db: Database, lines: list[Row]) -> str:
    """`_get_batch_communication`: payment reference, else label, else ref, else number."""
    labels = set()
    for line in lines:
        move = db.tables["account.move"][line["move_id"]]
        labels.add(move.get("payment_reference") or line.get("name") or move.get("ref") or move.get("name"))
    return " ".join(sorted(label for label in labels if label))


def wizard_defaults(db: Database, line_ids: list[int]) -> dict[str, Any]:
    found = batches(db, line_ids)
    first = found[0]
    editable = len(found) == 1
    moves = {line["move_id"] for line in first["lines"]}
    values: dict[str, Any] = {
        "line_ids": line_ids,
        "payment_date": db.today.isoformat(),
        "company_id": first["company_id"],
        "currency_id": first["currency_id"],
        "journal_id": default_bank_journal(db, first["company_id"]),
        "can_edit_wizard": editable,
        "can_group_payments": any(len(b["lines"]) != 1 for b in found),
        "payment_type": first["payment_type"],
        "payment_difference_handling": "open" if editable else None,
        "writeoff_label": "Write-Off",
        "group_payment": editable and len(moves) == 1,
    }
    if editable:
        values.update(
            {
                "partner_id": first["partner_id"],
                "partner_type": first["partner_type"],
                "source_currency_id": first["currency_id"],
                "source_amount": first["company_amount"],
                "source_amount_currency": first["amount"],
                "amount": first["amount"],
                "communication": batch_communication(db, first["lines"]),
            }
        )
    return values


def create_payments(db: Database, wizard_id: int) -> list[int]:
    """`_create_payments`: build, post and reconcile the payments a wizard describes."""
    wizard = db.tables["account.payment.register"][wizard_id]
    found = batches(db, list(wizard["line_ids"]))
    if not found:
        raise UserError(
            "You can't register a payment because there is nothing left to pay on the selected journal items."
        )
    first = found[0]
    edit_mode = bool(wizard["can_edit_wizard"]) and (len(first["lines"]) == 1 or bool(wizard["group_payment"]))
    to_process: list[tuple[dict[str, Any], list[Row], list[dict[str, Any]]]] = []
    if edit_mode:
        to_process.append((_vals_from_wizard(db, wizard, first), first["lines"], _write_offs(db, wizard, first)))
    else:
        if not wizard["group_payment"]:
            found = [
                {
                    **batch,
                    "lines": [line],
                    "amount": abs(Decimal(line["amount_residual_currency"])),
                    "payment_type": "inbound" if Decimal(line["balance"]) > 0 else "outbound",
                }
                for batch in found
                for line in batch["lines"]
            ]
        for batch in found:
            to_process.append((_vals_from_batch(db, wizard, batch), batch["lines"], []))
    payment_ids = []
    for vals, lines, write_offs in to_process:
        payment_id = create_payment(db, vals)
        post_payment(db, payment_id, write_offs)
        payment = db.tables["account.payment"][payment_id]
        counterpart = [
            line["id"]
            for line in accounting.lines_of(db, payment["move_id"])
            if line["account_id"] == payment["destination_account_id"]
        ]
        reconcile(db, counterpart + [line["id"] for line in lines])
        refresh_states(db, {payment["move_id"], *(line["move_id"] for line in lines)})
        payment_ids.append(payment_id)
    return payment_ids


def refresh_state(db: Database, payment_id: int) -> None:
    """`_compute_state`: `in_process` until matched, but `paid` once its customer documents are all paid
    (seen on a real Odoo 19: a vendor payment stays `in_process`, its bills live in `reconciled_bill_ids`)."""
    payment = db.tables["account.payment"][payment_id]
    if payment["state"] not in ("paid", "in_process") or not payment.get("move_id"):
        return
    invoices = computes.payment_reconciled_invoices(db, payment)
    paid = bool(invoices) and all(db.tables["account.move"][i]["payment_state"] == "paid" for i in invoices)
    db.update("account.payment", payment_id, {"state": "paid" if paid else "in_process"})


def refresh_states(db: Database, move_ids: set[int]) -> None:
    """Every payment reconciled with these documents (its state depends on theirs)."""
    for payment in db.rows("account.payment"):
        if payment["state"] in ("paid", "in_process") and (
            payment.get("move_id") in move_ids or move_ids & set(computes.payment_reconciled_invoices(db, payment))
        ):
            refresh_state(db, payment["id"])


def _vals_from_wizard(db: Database, wizard: Row, batch: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": wizard["payment_date"],
        "amount": Decimal(wizard["amount"]),
        "payment_type": wizard["payment_type"],
        "partner_type": wizard["partner_type"],
        "memo": wizard.get("communication"),
        "journal_id": wizard["journal_id"],
        "company_id": batch["company_id"],
        "currency_id": wizard.get("currency_id") or batch["currency_id"],
        "partner_id": wizard.get("partner_id"),
        "destination_account_id": batch["lines"][0]["account_id"],
        "invoice_ids": sorted({line["move_id"] for line in batch["lines"]}),
    }


def _vals_from_batch(db: Database, wizard: Row, batch: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": wizard["payment_date"],
        "amount": batch["amount"],
        "payment_type": batch["payment_type"],
        "partner_type": batch["partner_type"],
        "memo": batch_communication(db, batch["lines"]),
        "journal_id": wizard["journal_id"],
        "company_id": batch["company_id"],
        "currency_id": batch["currency_id"],
        "partner_id": batch["partner_id"],
        "destination_account_id": batch["lines"][0]["account_id"],
        "invoice_ids": sorted({line["move_id"] for line in batch["lines"]}),
    }


def _write_offs(db: Database, wizard: Row, batch: dict[str, Any]) -> list[dict[str, Any]]:
    """'Mark as fully paid': the difference goes to the chosen account."""
    difference = Decimal(batch["amount"]) - Decimal(wizard["amount"])
    if wizard.get("payment_difference_handling") != "reconcile" or money(difference) == 0:
        return []
    if not wizard.get("writeoff_account_id"):
        raise UserError("Please define a Difference Account (writeoff_account_id) to mark the document as fully paid.")
    amount = difference if wizard["payment_type"] == "inbound" else -difference
    return [
        {
            "name": wizard.get("writeoff_label") or "Write-Off",
            "account_id": wizard["writeoff_account_id"],
            "balance": amount,
        }
    ]


def payment_action(payment_ids: list[int]) -> dict[str, Any]:
    """The window action `action_create_payments` returns."""
    action: dict[str, Any] = {
        "name": "Payments",
        "type": "ir.actions.act_window",
        "res_model": "account.payment",
        "context": {"create": False},
    }
    if len(payment_ids) == 1:
        action.update({"view_mode": "form", "res_id": payment_ids[0]})
    else:
        action.update({"view_mode": "list,form", "domain": [["id", "in", payment_ids]]})
    return action


def register_payment(db: Database, move_ids: list[int], **values: Any) -> list[int]:
    """The wizard in one call (create + action_create_payments), used by the seed."""
    line_ids = lines_from_context(db, {"active_model": "account.move", "active_ids": move_ids})
    defaults = wizard_defaults(db, line_ids)
    if "amount" in values:
        values["amount"] = Decimal(str(values["amount"]))
    if isinstance(values.get("payment_date"), dt.date):
        values["payment_date"] = values["payment_date"].isoformat()
    now = db.now()
    wizard_id = db.insert(
        "account.payment.register",
        {
            **defaults,
            **values,
            "create_date": now,
            "write_date": now,
            "create_uid": 2,
            "write_uid": 2,
        },
    )
    return create_payments(db, wizard_id)
