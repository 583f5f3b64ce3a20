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

from . import accounting
from .computes import RECEIVABLE_PAYABLE
from .errors import UserError, missing_records
from .records import Database, Row
from .values import money

ZERO = Decimal(0)
OUTSTANDING_RECEIPTS = "101403"
OUTSTANDING_PAYMENTS = "101404"


def _account_by_code(db: Database, code: str) -> int:
    found = db.filtered("account.account", lambda a: a["code"] == code)
    if not found:
        raise UserError(f"The sandbox chart of accounts has no account {code}.")
    return int(found[0]["id"])


# -- reconciliation -------------------------------------------------------------------------------
def _date_key(line: Row, db: Database) -> tuple[str, int]:
    return (line.get("date_maturity") or db.value("account.move.line", line, "date") or "", line["id"])


def reconcile(db: Database, line_ids: list[int]) -> None:
    """Match debit and credit residuals of the same account, oldest due date first."""
    lines = db.browse_rows("account.move.line", line_ids)
    by_account: dict[int, list[Row]] = {}
    for line in lines:
        by_account.setdefault(line["account_id"], []).append(line)
    touched: set[int] = set()
    for account_lines in by_account.values():
        by_date = sorted(account_lines, key=lambda line: _date_key(line, db))
        debits = [line for line in by_date if money(line["amount_residual"]) > 0]
        credits = [line for line in by_date if money(line["amount_residual"]) < 0]
        debit_left = {line["id"]: Decimal(line["amount_residual"]) for line in debits}
        credit_left = {line["id"]: -Decimal(line["amount_residual"]) for line in credits}
        i = j = 0
        while i < len(debits) and j < len(credits):
            debit, credit = debits[i], credits[j]
            amount = min(debit_left[debit["id"]], credit_left[credit["id"]])
            max_date = max(str(db.value("account.move.line", line, "date")) for line in (debit, credit))
            now = db.now()
            db.insert(
                "account.partial.reconcile",
                {
                    "debit_move_id": debit["id"],
                    "credit_move_id": credit["id"],
                    "amount": amount,
                    "debit_amount_currency": amount,
                    "credit_amount_currency": amount,
                    "max_date": max_date,
                    "company_id": 1,
                    "create_date": now,
                    "write_date": now,
                    "create_uid": 2,
                    "write_uid": 2,
                },
            )
            debit_left[debit["id"]] -= amount
            credit_left[credit["id"]] -= amount
            touched.update((debit["move_id"], credit["move_id"]))
            if debit_left[debit["id"]] == 0:
                i += 1
            if credit_left[credit["id"]] == 0:
                j += 1
    for move_id in sorted(touched):
        accounting.compute_totals(db, move_id)


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


# -- payments -------------------------------------------------------------------------------------
def default_bank_journal(db: Database) -> int:
    journals = accounting.journals_of_type(db, ("bank", "cash"))
    if not journals:
        raise UserError("No bank or cash journal is configured.")
    return int(journals[0]["id"])


def destination_account(db: Database, partner_id: int | None, partner_type: str) -> int:
    partner = db.row("res.partner", partner_id) or {}
    field, kind = (
        ("property_account_receivable_id", "asset_receivable")
        if partner_type == "customer"
        else ("property_account_payable_id", "liability_payable")
    )
    if partner.get(field):
        return int(partner[field])
    return int(db.filtered("account.account", lambda a: a["account_type"] == kind)[0]["id"])


def post_payment(db: Database, payment_id: int, write_offs: list[dict[str, Any]] | None = None) -> None:
    """`account.payment.action_post`: create and post its journal entry, state `in_process`."""
    payment = db.tables["account.payment"][payment_id]
    if payment["state"] != "draft":
        raise UserError("Only a draft payment can be posted.")
    inbound = payment["payment_type"] == "inbound"
    amount = Decimal(payment["amount"])
    liquidity_balance = amount if inbound else -amount
    outstanding = _account_by_code(db, OUTSTANDING_RECEIPTS if inbound else OUTSTANDING_PAYMENTS)
    write_offs = write_offs or []
    write_off_total = sum((Decimal(w["balance"]) for w in write_offs), ZERO)
    now = db.now()
    stamp = {"create_date": now, "write_date": now, "create_uid": 2, "write_uid": 2}
    move_id = db.insert(
        "account.move",
        {
            **stamp,
            "move_type": "entry",
            "state": "draft",
            "name": "/",
            "journal_id": payment["journal_id"],
            "company_id": 1,
            "currency_id": payment["currency_id"],
            "date": payment["date"],
            "partner_id": payment.get("partner_id"),
            "commercial_partner_id": payment.get("partner_id"),
            "ref": payment.get("memo"),
            "origin_payment_id": payment_id,
            "auto_post": "no",
            "payment_state": "not_paid",
        },
    )
    label = payment.get("memo") or ("Customer Payment" if payment["partner_type"] == "customer" else "Vendor Payment")
    items = [
        (label, outstanding, liquidity_balance),
        (label, payment["destination_account_id"], -(liquidity_balance + write_off_total)),
        *((w.get("name") or "Write-Off", w["account_id"], Decimal(w["balance"])) for w in write_offs),
    ]
    for sequence, (name, account_id, balance) in enumerate(items, start=1):
        db.insert(
            "account.move.line",
            {
                **stamp,
                "move_id": move_id,
                "name": name,
                "display_type": "product",
                "account_id": account_id,
                "partner_id": payment.get("partner_id"),
                "balance": balance,
                "amount_currency": balance,
                "debit": max(balance, ZERO),
                "credit": max(-balance, ZERO),
                "currency_id": payment["currency_id"],
                "quantity": Decimal(1),
                "sequence": sequence,
                "date_maturity": payment["date"],
            },
        )
    accounting.post(db, [move_id])
    move = db.tables["account.move"][move_id]
    db.update(
        "account.payment",
        payment_id,
        {
            "move_id": move_id,
            "name": move["name"],
            "state": "in_process",
            "outstanding_account_id": outstanding,
            "write_date": now,
        },
    )


def create_payment(db: Database, vals: dict[str, Any]) -> int:
    now = db.now()
    partner_type = vals.get("partner_type") or "customer"
    defaults: dict[str, Any] = {
        "state": "draft",
        "name": False,
        "date": db.today.isoformat(),
        "payment_type": "inbound",
        "partner_type": partner_type,
        "journal_id": default_bank_journal(db),
        "company_id": 1,
        "currency_id": 1,
        "destination_account_id": destination_account(db, vals.get("partner_id"), partner_type),
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
        if money(line["amount_residual"]) == 0:
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
                "amount": abs(sum((Decimal(line["amount_residual"]) for line in lines), ZERO)),
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
        "company_id": 1,
        "currency_id": 1,
        "journal_id": default_bank_journal(db),
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
                "source_amount": first["amount"],
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
                    "amount": abs(Decimal(line["amount_residual"])),
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
        payment_ids.append(payment_id)
    return payment_ids


def _vals_from_wizard(db: Database, wizard: Row, batch: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": wizard["payment_date"],
        "amount": Decimal(wizard["amount"]),
        "payment_type": wizard["payment_type"],
        "partner_type": wizard["partner_type"],
        "memo": wizard.get("communication"),
        "journal_id": wizard["journal_id"],
        "currency_id": wizard.get("currency_id") or 1,
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
        "currency_id": batch["currency_id"] or 1,
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
