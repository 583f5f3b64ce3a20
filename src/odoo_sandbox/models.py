"""Business models: the RPC-visible methods of partners, users, moves, payments and the wizard.

Each class keeps Odoo's method names and signatures (`AccountMove.action_post(self)`,
`AccountPaymentRegister.action_create_payments(self)`, `ResUsers.context_get(self)`) and
delegates the accounting itself to `accounting.py` and `payments.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import accounting, chart, currency, payments
from .errors import UserError, ValidationError
from .orm import BaseModel, api_model, register, rpc, writes
from .values import parse_scalar

POSTED_PROTECTED = frozenset(
    {
        "invoice_line_ids",
        "line_ids",
        "partner_id",
        "journal_id",
        "currency_id",
        "move_type",
        "date",
        "invoice_date",
        "invoice_payment_term_id",
        "company_id",
        "state",
    }
)
LINE_KEYS_FOR_ENTRIES = ("debit", "credit", "balance", "amount_currency")


@register("res.users")
class ResUsers(BaseModel):
    @rpc
    @api_model
    def context_get(self) -> dict[str, Any]:
        user = self.browse(self.env.uid).row
        return {"lang": user.get("lang") or "en_US", "tz": user.get("tz") or False, "uid": self.env.uid}


@register("ir.model.data")
class IrModelData(BaseModel):
    """External ids. A client may tag an existing record by creating one; PostgreSQL's constraints
    (unique `module`+`name`, no spaces in `name`) refuse a second tag as on a real Odoo 19."""

    def _create_one(self, vals: dict[str, Any]) -> int:
        self._check_constraints(vals.get("module"), vals.get("name"), None)
        return super()._create_one(vals)

    @rpc
    @writes
    def write(self, vals: Mapping[str, Any]) -> bool:
        for row in self.rows():
            self._check_constraints(vals.get("module", row["module"]), vals.get("name", row["name"]), row["id"])
        return super().write(vals)

    def _check_constraints(self, module: Any, name: Any, own_id: int | None) -> None:
        prefix = "The operation cannot be completed: "
        if isinstance(name, str) and " " in name:
            raise ValidationError(prefix + "External IDs cannot contain spaces")
        for row in self.db.tables[self._name].values():
            if row["id"] != own_id and (row["module"], row["name"]) == (module, name):
                raise ValidationError(
                    prefix + 'duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index"\n'
                    f"DETAIL:  Key (module, name)=({module}, {name}) already exists.\n"
                )


@register("account.chart.template")
class AccountChartTemplate(BaseModel):
    """Loading a chart of accounts into a new company (the books' second company)."""

    @rpc
    @writes
    def try_loading(
        self, template_code: str, company: Any, install_demo: bool = False, force_create: bool = True
    ) -> None:
        company_id = company[0] if isinstance(company, list | tuple) else company
        now = self.db.now()
        stamp = {"create_date": now, "write_date": now, "create_uid": self.env.uid, "write_uid": self.env.uid}
        chart.try_loading(self.db, template_code, int(company_id), stamp)


@register("res.company")
class ResCompany(BaseModel):
    """A new company closes its fiscal year on 31 December, Odoo's default."""

    def _defaults(self) -> dict[str, Any]:
        return {"fiscalyear_last_day": 31, "fiscalyear_last_month": "12"}


@register("account.bank.statement.line")
class AccountBankStatementLine(BaseModel):
    """A statement line posts its own entry on creation, as in Odoo; reconciling it is not served."""

    def _create_one(self, vals: dict[str, Any]) -> int:
        rid = super()._create_one(vals)
        payments.post_statement_line(self.db, rid)
        return rid


@register("res.partner")
class ResPartner(BaseModel):
    """Keeps `complete_name` and `commercial_partner_id` in step with the name (no contact hierarchy)."""

    def _defaults(self) -> dict[str, Any]:
        return {"active": True, "company_id": None, "customer_rank": 0, "supplier_rank": 0}

    def _create_one(self, vals: dict[str, Any]) -> int:
        rid = super()._create_one(vals)
        row = self.db.tables["res.partner"][rid]
        self.db.update("res.partner", rid, {"complete_name": row.get("name"), "commercial_partner_id": rid})
        return rid

    @rpc
    @writes
    def write(self, vals: Mapping[str, Any]) -> bool:
        result = super().write(vals)
        if "name" in vals:
            for rid in self._ids:
                self.db.update("res.partner", rid, {"complete_name": self.db.tables["res.partner"][rid].get("name")})
        return result


@register("account.move.line")
class AccountMoveLine(BaseModel):
    """Journal items are edited through their entry (`invoice_line_ids` / `line_ids` commands)."""

    @rpc
    @api_model
    @writes
    def create(self, vals_list: Any) -> Any:
        raise UserError(
            "In the sandbox, journal items are created through their journal entry "
            "(account.move create/write with invoice_line_ids or line_ids)."
        )

    @rpc
    @writes
    def write(self, vals: Mapping[str, Any]) -> bool:
        """Only a due date (`date_maturity`) is written on an item directly, posted or not, as Odoo's Journal Items
        tab allows; it moves neither the document's `invoice_date_due` nor anything else (seen on a real 19)."""
        if set(vals) != {"date_maturity"}:
            raise UserError(
                "In the sandbox, journal items are changed through their journal entry "
                "(account.move write with invoice_line_ids or line_ids commands); only date_maturity is written directly."
            )
        self._check_exists()
        stored, _ = self._convert(dict(vals))
        for rid in self._ids:
            self.db.update(self._name, rid, {**stored, "write_date": self.db.now(), "write_uid": self.env.uid})
        return True


@register("account.move")
class AccountMove(BaseModel):
    """Invoices, bills, credit notes and entries: create, edit as draft, post, reset, cancel
    (no `unlink`: nothing deletes an entry over RPC)."""

    def _create_one(self, vals: dict[str, Any]) -> int:
        vals = dict(vals)
        self._check_write_names(vals)
        move_type = vals.pop("move_type", None) or self.env.context.get("default_move_type") or "entry"
        parse_scalar(self._name, self._fields["move_type"], move_type)
        line_commands = (vals.pop("invoice_line_ids", None) or []) + (vals.pop("line_ids", None) or [])
        stored, _ = self._convert(vals)
        company_id = stored.get("company_id") or self.env.company
        journal_id = stored.get("journal_id") or accounting.default_journal(self.db, move_type, company_id)
        accounting.check_journal(self.db, move_type, journal_id)
        now = self.db.now()
        row: dict[str, Any] = {
            "move_type": move_type,
            "state": "draft",
            "name": False,  # a real Odoo 19 draft reads name false until posted
            "journal_id": journal_id,
            "company_id": company_id,
            "currency_id": currency.company_currency(self.db, company_id),
            "auto_post": "no",
            "payment_state": "not_paid",
            "posted_before": False,
            "create_date": now,
            "write_date": now,
            "create_uid": self.env.uid,
            "write_uid": self.env.uid,
            "invoice_user_id": self.env.uid if move_type in accounting.SALE_TYPES else None,
            **stored,
        }
        row["commercial_partner_id"] = row.get("partner_id")
        if move_type in accounting.SALE_TYPES + accounting.PURCHASE_TYPES and "invoice_payment_term_id" not in vals:
            partner = self.db.row("res.partner", row.get("partner_id")) or {}
            field = (
                "property_payment_term_id"
                if move_type in accounting.SALE_TYPES
                else "property_supplier_payment_term_id"
            )
            row["invoice_payment_term_id"] = partner.get(field)
        if "date" not in vals:
            row["date"] = accounting.accounting_date(self.db, row)
        move_id = self.db.insert(self._name, row)
        self._apply_line_commands(move_id, line_commands)
        # No early numbering: a real Odoo 19 leaves even the first draft of a period unnamed (false).
        accounting.recompute(self.db, move_id)
        return move_id

    def _apply_line_commands(self, move_id: int, commands: list[Any]) -> None:
        move = self.db.tables[self._name][move_id]
        lines = self.env["account.move.line"]
        for command in commands:
            if not isinstance(command, list | tuple) or not command:
                raise ValueError(f"Invalid command {command!r} for field account.move.invoice_line_ids")
            code = command[0]
            if code == 0:
                self._create_line(move, dict(command[2] or {}))
            elif code == 1:
                stored = self._line_values(move, dict(command[2] or {}))
                lines.browse(command[1])._check_exists()
                self.db.update("account.move.line", command[1], stored)
            elif code in (2, 3):
                lines.browse(command[1])._check_exists()
                self.db.delete("account.move.line", command[1])
            elif code == 5:
                for line in accounting.lines_of(self.db, move_id):
                    if line["display_type"] in ("product", "line_section", "line_note"):
                        self.db.delete("account.move.line", line["id"])
            elif code != 4:
                raise ValueError(f"Unsupported command {command!r} for field account.move.invoice_line_ids")

    def _line_values(self, move: dict[str, Any], vals: dict[str, Any]) -> dict[str, Any]:
        lines = self.env["account.move.line"]
        for name in vals:
            if name not in lines._fields:
                raise ValueError(f"Invalid field {name!r} in 'account.move.line'")
        entry_amounts = {k: vals.pop(k) for k in LINE_KEYS_FOR_ENTRIES if k in vals}
        stored, _ = lines._convert(vals)
        if entry_amounts and not accounting.is_invoice(move):
            debit = parse_scalar("account.move.line", lines._fields["debit"], entry_amounts.get("debit", 0))
            credit = parse_scalar("account.move.line", lines._fields["credit"], entry_amounts.get("credit", 0))
            balance = (
                parse_scalar("account.move.line", lines._fields["balance"], entry_amounts["balance"])
                if "balance" in entry_amounts
                else debit - credit
            )
            # A line in another currency keeps its own amount (a foreign-currency bank journal's entries), as in Odoo.
            foreign = "amount_currency" in entry_amounts and stored.get("currency_id") not in (
                None,
                currency.company_currency(self.db, move["company_id"]),
            )
            in_currency = (
                parse_scalar("account.move.line", lines._fields["amount_currency"], entry_amounts["amount_currency"])
                if foreign
                else balance
            )
            stored.update(balance=balance, amount_currency=in_currency, debit=max(balance, 0), credit=max(-balance, 0))
        return stored

    def _create_line(self, move: dict[str, Any], vals: dict[str, Any]) -> None:
        stored = self._line_values(move, vals)
        journal = self.db.tables["account.journal"][move["journal_id"]]
        now = self.db.now()
        row = {
            "display_type": "product",
            "quantity": 1,
            "account_id": journal.get("default_account_id"),
            "currency_id": move["currency_id"],
            "partner_id": move.get("partner_id"),
            "create_date": now,
            "write_date": now,
            "create_uid": self.env.uid,
            "write_uid": self.env.uid,
            **stored,
            "move_id": move["id"],
        }
        row["quantity"] = parse_scalar(
            "account.move.line", self.env["account.move.line"]._fields["quantity"], row["quantity"]
        )
        self.db.insert("account.move.line", row)

    @rpc
    @writes
    def write(self, vals: Mapping[str, Any]) -> bool:
        self._check_exists()
        vals = dict(vals)
        self._check_write_names(vals)
        for row in self.rows():
            blocked = sorted(POSTED_PROTECTED.intersection(vals))
            if row["state"] == "posted" and blocked:
                raise UserError(f"You cannot modify the following readonly fields on a posted move: {', '.join(blocked)}")
            if row["state"] == "cancel" and blocked:
                raise UserError(
                    f"You cannot modify the {', '.join(blocked)} of {row['name']}: it is {row['state']}. "
                    "Reset it to draft first (button_draft)."
                )
        line_commands = (vals.pop("invoice_line_ids", None) or []) + (vals.pop("line_ids", None) or [])
        if "move_type" in vals:
            parse_scalar(self._name, self._fields["move_type"], vals["move_type"])
        stored, _ = self._convert(vals)
        stored.update(write_date=self.db.now(), write_uid=self.env.uid)
        for move_id in self._ids:
            if "journal_id" in stored:
                accounting.check_journal(
                    self.db, self.db.tables[self._name][move_id]["move_type"], stored["journal_id"]
                )
            self.db.update(self._name, move_id, stored)
            move = self.db.tables[self._name][move_id]
            if "invoice_date" in vals and "date" not in vals and move["state"] == "draft":
                self.db.update(self._name, move_id, {"date": accounting.accounting_date(self.db, move)})
            if "partner_id" in vals and "invoice_payment_term_id" not in vals and accounting.is_invoice(move):
                partner = self.db.row("res.partner", move.get("partner_id")) or {}
                field = (
                    "property_payment_term_id"
                    if move["move_type"] in accounting.SALE_TYPES
                    else "property_supplier_payment_term_id"
                )
                self.db.update(self._name, move_id, {"invoice_payment_term_id": partner.get(field)})
            self._apply_line_commands(move_id, line_commands)
            accounting.recompute(self.db, move_id, due=stored.get("invoice_date_due") if "invoice_payment_term_id" not in vals else None)
        return True

    @rpc
    @writes
    def action_post(self) -> bool:
        if self:
            self._check_exists()
            accounting.post(self.db, self.ids)
        return False

    @rpc
    @writes
    def button_draft(self) -> None:
        self._check_exists()
        accounting.reset_to_draft(self.db, self.ids)

    @rpc
    @writes
    def button_cancel(self) -> None:
        self._check_exists()
        accounting.cancel(self.db, self.ids)


@register("account.move.reversal")
class AccountMoveReversal(BaseModel):
    """The "Reverse" / "Credit Note" wizard: posted moves from the context, their reversals on `refund_moves`."""

    def _create_one(self, vals: dict[str, Any]) -> int:
        self._check_write_names(vals)
        stored, _ = self._convert(vals)
        context = self.env.context
        move_ids = stored.pop("move_ids", None) or (
            list(context.get("active_ids") or []) if context.get("active_model") == "account.move" else []
        )
        moves = [self.db.tables["account.move"][i] for i in move_ids if i in self.db.tables["account.move"]]
        if any(move["state"] != "posted" for move in moves):
            raise UserError("To reverse a journal entry, it has to be posted first.")
        if not stored.get("journal_id"):  # Odoo computes it only in the form: over RPC it must be given
            raise ValidationError("The operation cannot be completed: Missing required value for the field 'Journal' (journal_id).")
        now = self.db.now()
        row = {
            "date": self.db.today.isoformat(),
            "company_id": moves[0]["company_id"] if moves else self.env.company,
            **stored,
            "move_ids": [move["id"] for move in moves],
            "new_move_ids": [],
            "create_date": now, "write_date": now, "create_uid": self.env.uid, "write_uid": self.env.uid,
        }
        return self.db.insert(self._name, row)

    @rpc
    @writes
    def refund_moves(self) -> dict[str, Any]:
        self.ensure_one()
        self._check_exists()
        wizard = self.db.tables[self._name][self._ids[0]]
        made = accounting.reverse(self.db, wizard["move_ids"], date=wizard["date"], reason=wizard.get("reason"),
                                  journal_id=wizard["journal_id"], uid=self.env.uid)
        self.db.update(self._name, wizard["id"], {"new_move_ids": made})
        action: dict[str, Any] = {"name": "Reverse Moves", "type": "ir.actions.act_window", "res_model": "account.move"}
        if len(made) == 1:
            refund_type = self.db.tables["account.move"][made[0]]["move_type"]
            return {**action, "view_mode": "form", "res_id": made[0], "context": {"default_move_type": refund_type}}
        return {**action, "view_mode": "list,form", "domain": [["id", "in", made]]}


@register("account.payment")
class AccountPayment(BaseModel):
    """Payments: made and posted by the wizard (`payments.post_payment`); `create` (or `load`) alone
    leaves a draft. Odoo's `action_post` is not served: no tool or test posts a payment by hand."""

    def _create_one(self, vals: dict[str, Any]) -> int:
        self._check_write_names(vals)
        stored, _ = self._convert(vals)
        stored.pop("state", None)
        stored.pop("move_id", None)
        if "partner_type" not in stored:
            stored["partner_type"] = "customer"
        return payments.create_payment(self.db, stored, self.env.company)


@register("account.payment.register")
class AccountPaymentRegister(BaseModel):
    """The "Register Payment" wizard: lines from the context, payments on `action_create_payments`."""

    def _create_one(self, vals: dict[str, Any]) -> int:
        self._check_write_names(vals)
        stored, _ = self._convert(vals)
        line_ids = stored.pop("line_ids", None) or payments.lines_from_context(self.db, self.env.context)
        defaults = payments.wizard_defaults(self.db, line_ids)
        now = self.db.now()
        magic = {"create_date": now, "write_date": now, "create_uid": self.env.uid, "write_uid": self.env.uid}
        return self.db.insert(self._name, {**defaults, **stored, **magic})

    @rpc
    @writes
    def action_create_payments(self) -> dict[str, Any] | bool:
        self.ensure_one()
        self._check_exists()
        created = payments.create_payments(self.db, self._ids[0])
        if self.env.context.get("dont_redirect_to_payments"):
            return True
        return payments.payment_action(created)


@register("res.currency")
class ResCurrency(BaseModel):
    """`rate`, `inverse_rate` and `is_current_company_currency` depend on the call's company and date
    (`_compute_current_rate`: the context's `date`, else today; `env.company`), so they are read here,
    where the environment is known, rather than as context-free computes."""

    def _format(self, row: dict[str, Any], name: str, load: str | None = "_classic_read") -> Any:
        if name not in ("rate", "inverse_rate", "is_current_company_currency"):
            return super()._format(row, name, load)
        company = self.env.company
        own = currency.company_currency(self.db, company)
        if name == "is_current_company_currency":
            return row["id"] == own
        day = str(self.env.context.get("date") or self.db.today.isoformat())
        # Odoo reads numeric columns as floats (`undecimalize`) and divides them.
        rate = float(currency.rate(self.db, company, row["id"], day)) / float(currency.rate(self.db, company, own, day))
        return rate if name == "rate" else 1 / rate


@register("product.product")
class ProductProduct(BaseModel):
    """A product with its template's fields on it (the sandbox has no variants): `lst_price` is the
    sales price, units default to "Units" as `uom.product_uom_unit`."""

    def _defaults(self) -> dict[str, Any]:
        return {"active": True, "sale_ok": True, "purchase_ok": True, "uom_id": 1, "list_price": Decimal(1), "standard_price": Decimal(0)}
