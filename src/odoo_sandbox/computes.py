"""Non-stored fields, computed when read, the way Odoo 19 computes them.

Each function gets the database and the raw row and returns an internal value. Display names
follow each model's `_compute_display_name` (e.g. a draft invoice reads "Draft Invoice ..."), and
`account.move.needed_terms` deliberately returns what Odoo returns: a dict keyed by frozendicts,
which cannot be encoded as JSON, so reading it fails with a 500 as on a real server.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from .records import Database, Row, compute

DRAFT_LABELS = {
    "out_invoice": "Draft Invoice",
    "out_refund": "Draft Credit Note",
    "in_invoice": "Draft Bill",
    "in_refund": "Draft Vendor Credit Note",
    "out_receipt": "Draft Sales Receipt",
    "in_receipt": "Draft Purchase Receipt",
    "entry": "Draft Entry",
}
INVOICE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund", "out_receipt", "in_receipt")
OUTBOUND_TYPES = ("in_invoice", "out_refund", "in_receipt")
RECEIVABLE_PAYABLE = ("asset_receivable", "liability_payable")
INTERNAL_GROUPS = {
    "asset": "asset",
    "liability": "liability",
    "equity": "equity",
    "income": "income",
    "expense": "expense",
    "off": "off",
}


class frozendict(dict[str, Any]):  # named as Odoo's, the name shows in the JSON error
    """A hashable dict, as `odoo.tools.frozendict`; used as the keys of `needed_terms`."""

    def __hash__(self) -> int:  # type: ignore[override]  # dict sets __hash__ = None; this one is hashable on purpose
        return hash(frozenset(self.items()))


def _named(model: str, default_field: str = "name") -> None:
    @compute(model, "display_name")
    def display_name(db: Database, row: Row) -> Any:
        return row.get(default_field)


for _model_name in (
    "res.country",
    "res.currency",
    "res.company",
    "account.tax",
    "account.journal",
    "account.payment.term",
):
    _named(_model_name)
_named("ir.module.module", "shortdesc")


def _technical(model: str) -> None:
    @compute(model, "display_name")
    def display_name(db: Database, row: Row) -> Any:
        return f"{model},{row['id']}"


for _model_name in ("account.payment.term.line", "account.partial.reconcile", "account.payment.register"):
    _technical(_model_name)


@compute("ir.model.data", "complete_name")
def xmlid_complete_name(db: Database, row: Row) -> str:
    return ".".join(part for part in (row.get("module"), row.get("name")) if part)


@compute("ir.model.data", "reference")
def xmlid_reference(db: Database, row: Row) -> str:
    return f"{row.get('model') or False},{row.get('res_id') or 0}"


@compute("ir.model.data", "display_name")
def xmlid_display_name(db: Database, row: Row) -> str:
    """The target record's name, else the complete id (unknown model, no or deleted record), as Odoo."""
    model, res_id = str(row.get("model")), row.get("res_id")
    target = db.row(model, res_id) if model in db.tables else None
    name = db.value(model, target, "display_name") if target else None
    return str(name or xmlid_complete_name(db, row))


@compute("res.partner", "display_name")
def partner_display_name(db: Database, row: Row) -> Any:
    return row.get("complete_name") or row.get("name")


@compute("res.users", "display_name")
def user_display_name(db: Database, row: Row) -> Any:
    return db.value("res.users", row, "name")


@compute("account.account", "display_name")
def account_display_name(db: Database, row: Row) -> str:
    return f"{row['code']} {row['name']}"


@compute("account.account", "internal_group")
def account_internal_group(db: Database, row: Row) -> str | None:
    kind = row.get("account_type") or ""
    return "off" if kind == "off_balance" else INTERNAL_GROUPS.get(kind.split("_")[0])


@compute("account.move", "display_name")
def move_display_name(db: Database, row: Row) -> str:
    """`AccountMove._get_move_display_name(show_ref=True)`: an unnamed draft reads "Draft Invoice" (no space)."""
    name = DRAFT_LABELS[row["move_type"]] if row["state"] == "draft" else ""
    if row.get("name") and row["name"] != "/":
        name = f"{name} {row['name']}".strip()
    ref = row.get("ref")
    return name + (f" ({_shorten(ref)})" if ref else "")


def _shorten(text: str, width: int = 50) -> str:
    """`textwrap.shorten(text, width=50)` as Odoo uses for the reference."""
    return textwrap.shorten(text, width=width)


@compute("account.move", "direction_sign")
def move_direction_sign(db: Database, row: Row) -> int:
    return 1 if row["move_type"] == "entry" or row["move_type"] in OUTBOUND_TYPES else -1


@compute("account.move", "status_in_payment")
def move_status_in_payment(db: Database, row: Row) -> str | None:
    return row["state"] if row["state"] in ("draft", "cancel") else row.get("payment_state")


@compute("account.move", "matched_payment_ids")
def move_matched_payments(db: Database, row: Row) -> list[int]:
    return sorted(p["id"] for p in db.rows("account.payment") if row["id"] in (p.get("invoice_ids") or []))


@compute("account.move", "needed_terms")
def move_needed_terms(db: Database, row: Row) -> Any:
    if row["move_type"] not in INVOICE_TYPES:
        return {}
    lines = db.browse_rows("account.move.line", db.children("account.move.line", "move_id", row["id"]))
    if not any(line["display_type"] == "product" for line in lines):
        return {}
    terms: dict[Any, Any] = {}
    for line in lines:
        if line["display_type"] == "payment_term":
            key = frozendict(move_id=row["id"], date_maturity=line.get("date_maturity"), discount_date=False)
            terms[key] = {"balance": float(line["balance"]), "amount_currency": float(line["amount_currency"])}
    return terms


@compute("account.move.line", "display_name")
def line_display_name(db: Database, row: Row) -> str:
    move = db.row("account.move", row.get("move_id")) or {}
    return " ".join(part for part in (move.get("name"), row.get("name")) if part)


@compute("account.payment", "display_name")
def payment_display_name(db: Database, row: Row) -> str:
    return row.get("name") or "Draft Payment"


def _payment_sign(row: Row) -> int:
    return 1 if row["payment_type"] == "inbound" else -1


@compute("account.payment", "amount_company_currency_signed")
def payment_amount_company_signed(db: Database, row: Row) -> Decimal:
    """The liquidity item's balance: the amount at the payment date's rate, in the company currency."""
    liquidity = _liquidity_lines(db, row)
    if liquidity:
        return sum((Decimal(line["balance"]) for line in liquidity), Decimal(0))
    return _payment_sign(row) * Decimal(row["amount"])


@compute("account.payment", "amount_signed")
def payment_amount_signed(db: Database, row: Row) -> Decimal:
    return _payment_sign(row) * Decimal(row["amount"])


def _counterpart_moves(db: Database, payment: Row) -> list[Row]:
    """Moves whose receivable/payable lines are reconciled with this payment's journal entry."""
    if not payment.get("move_id"):
        return []
    found: dict[int, Row] = {}
    for line_id in db.children("account.move.line", "move_id", payment["move_id"]):
        line = db.tables["account.move.line"][line_id]
        for inverse, other in (("debit_move_id", "credit_move_id"), ("credit_move_id", "debit_move_id")):
            for partial_id in db.children("account.partial.reconcile", inverse, line_id):
                partial = db.tables["account.partial.reconcile"][partial_id]
                other_line = db.tables["account.move.line"][partial[other]]
                move = db.tables["account.move"][other_line["move_id"]]
                if move["id"] != payment["move_id"] and line.get("account_id"):
                    found[move["id"]] = move
    return list(found.values())


@compute("account.payment", "reconciled_invoice_ids")
def payment_reconciled_invoices(db: Database, row: Row) -> list[int]:
    return sorted(
        m["id"] for m in _counterpart_moves(db, row) if m["move_type"] in ("out_invoice", "out_refund", "out_receipt")
    )


@compute("account.payment", "reconciled_bill_ids")
def payment_reconciled_bills(db: Database, row: Row) -> list[int]:
    return sorted(
        m["id"] for m in _counterpart_moves(db, row) if m["move_type"] in ("in_invoice", "in_refund", "in_receipt")
    )


@compute("account.payment", "reconciled_invoices_count")
def payment_reconciled_invoices_count(db: Database, row: Row) -> int:
    return len(payment_reconciled_invoices(db, row))


@compute("account.payment", "reconciled_bills_count")
def payment_reconciled_bills_count(db: Database, row: Row) -> int:
    return len(payment_reconciled_bills(db, row))


def _liquidity_lines(db: Database, row: Row) -> list[Row]:
    if not row.get("move_id"):
        return []
    lines = db.browse_rows("account.move.line", db.children("account.move.line", "move_id", row["move_id"]))
    return [line for line in lines if line.get("account_id") == row.get("outstanding_account_id")]


@compute("account.payment", "is_matched")
def payment_is_matched(db: Database, row: Row) -> bool:
    """Matched with a bank statement line: never in the sandbox (no bank statements)."""
    lines = _liquidity_lines(db, row)
    return bool(lines) and all(Decimal(line["amount_residual"]) == 0 for line in lines)


@compute("account.payment", "is_reconciled")
def payment_is_reconciled(db: Database, row: Row) -> bool:
    if not row.get("move_id"):
        return False
    lines = db.browse_rows("account.move.line", db.children("account.move.line", "move_id", row["move_id"]))
    counterpart = [line for line in lines if line.get("account_id") == row.get("destination_account_id")]
    return bool(counterpart) and all(Decimal(line["amount_residual"]) == 0 for line in counterpart)


@compute("account.payment.register", "payment_difference")
def wizard_payment_difference(db: Database, row: Row) -> Decimal:
    if not row.get("can_edit_wizard"):
        return Decimal(0)
    return Decimal(row["source_amount_currency"]) - Decimal(row["amount"])


@compute("product.product", "lst_price")
def product_lst_price(db: Database, row: Row) -> Any:
    """`list_price + price_extra`; the sandbox has no variant attributes, so no extra."""
    return row.get("list_price")


@compute("product.product", "display_name")
def product_display_name(db: Database, row: Row) -> str:
    """`[CODE] Name`, as `product.product._compute_display_name`."""
    code = row.get("default_code")
    return f"[{code}] {row.get('name')}" if code else str(row.get("name") or "")


_named("uom.uom")


def _user_lock_date(kind: str) -> None:
    @compute("res.company", f"user_{kind}_lock_date")
    def user_lock_date(db: Database, row: Row) -> Any:
        """`_get_user_lock_date` without exceptions: the company's own date, else `date.min` (read as `1-01-01`)."""
        return row.get(f"{kind}_lock_date") or "1-01-01"


for _kind in ("fiscalyear", "tax", "sale", "purchase", "hard"):
    _user_lock_date(_kind)
