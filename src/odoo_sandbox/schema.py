"""The models and fields the sandbox knows, with Odoo 19's names, types and stored-ness.

Pure data: what a field is called, its type, what it points to, whether it is stored (only
stored fields can be grouped or sorted on, as in Odoo) and how a non-stored value is obtained
(`related` path or a named compute in `computes.py`). Anything not declared here does not exist
in the sandbox and is refused with Odoo's "Invalid field" errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, TypedDict, Unpack

NUMERIC_TYPES: Final = frozenset({"integer", "float", "monetary"})
RELATIONAL_TYPES: Final = frozenset({"many2one", "one2many", "many2many"})
X2MANY_TYPES: Final = frozenset({"one2many", "many2many"})
DECIMAL_TYPES: Final = frozenset({"float", "monetary"})
#: Stored as whole numbers; `many2one_reference` is an id whose model another field names (`ir.model.data.res_id`).
INTEGER_TYPES: Final = frozenset({"integer", "many2one_reference"})


@dataclass(frozen=True)
class Field:
    """One field of a model. `store=False` fields are read through `related` or `compute`."""

    name: str
    type: str
    string: str
    relation: str | None = None
    inverse: str | None = None  # one2many: the many2one on the comodel pointing back
    inverse_filter: tuple[tuple[str, tuple[str, ...]], ...] = ()  # one2many subset, e.g. invoice_line_ids
    selection: tuple[tuple[str, str], ...] = ()
    store: bool = True
    related: str | None = None
    compute: bool = False
    required: bool = False
    readonly: bool = False
    aggregator: str | None = None

    @property
    def default_aggregator(self) -> str | None:
        """What `read_group` applies to a bare field name, as Odoo's `Field.aggregator`."""
        if self.aggregator is not None:
            return self.aggregator
        return "sum" if self.type in NUMERIC_TYPES else None

    @property
    def selection_keys(self) -> frozenset[str]:
        return frozenset(key for key, _label in self.selection)

    def __str__(self) -> str:  # used in messages, e.g. "account.move.line.account_type"
        return self.name


@dataclass
class ModelDef:
    """A model: its name, description, default order, fields, and whether it has `active`."""

    name: str
    description: str
    order: str
    fields: dict[str, Field] = field(default_factory=dict)
    transient: bool = False

    @property
    def has_active(self) -> bool:
        return "active" in self.fields


class FieldOptions(TypedDict, total=False):
    """The keyword arguments the field helpers below pass on to `Field`."""

    inverse: str | None
    inverse_filter: tuple[tuple[str, tuple[str, ...]], ...]
    store: bool
    related: str | None
    compute: bool
    required: bool
    readonly: bool
    aggregator: str | None


def _sel(spec: str) -> tuple[tuple[str, str], ...]:
    """`_sel("draft: Draft; posted: Posted")` -> `(("draft", "Draft"), ("posted", "Posted"))` (newlines work too)."""
    items = [item.strip() for item in re.split(r"[;\n]", spec) if item.strip()]
    return tuple((key.strip(), label.strip()) for key, label in (item.split(":", 1) for item in items))


#: The company's lock dates, each with the `user_*` twin Odoo computes for the current user.
LOCK_KINDS = ("fiscalyear", "tax", "sale", "purchase", "hard")
MONTHS = _sel(
    "1: January; 2: February; 3: March; 4: April; 5: May; 6: June; 7: July; 8: August; 9: September; "
    "10: October; 11: November; 12: December"
)


def char(name: str, string: str, **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, "char", string, **kw)


def m2o(name: str, relation: str, string: str, **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, "many2one", string, relation=relation, **kw)


def money(name: str, string: str, **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, "monetary", string, **kw)


def num(name: str, string: str, kind: str = "float", **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, kind, string, **kw)


def boolean(name: str, string: str, **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, "boolean", string, **kw)


def day(name: str, string: str, **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, "date", string, **kw)


def sel(name: str, string: str, selection: tuple[tuple[str, str], ...], **kw: Unpack[FieldOptions]) -> Field:
    return Field(name, "selection", string, selection=selection, **kw)


ACCOUNT_TYPES: Final = _sel("""
    asset_receivable: Receivable
    asset_cash: Bank and Cash
    asset_current: Current Assets
    asset_non_current: Non-current Assets
    asset_prepayments: Prepayments
    asset_fixed: Fixed Assets
    liability_payable: Payable
    liability_credit_card: Credit Card
    liability_current: Current Liabilities
    liability_non_current: Non-current Liabilities
    equity: Equity
    equity_unaffected: Current Year Earnings
    income: Income
    income_other: Other Income
    expense: Expenses
    expense_depreciation: Depreciation
    expense_direct_cost: Cost of Revenue
    off_balance: Off-Balance Sheet
""")
MOVE_TYPES: Final = _sel("""
    entry: Journal Entry
    out_invoice: Customer Invoice
    out_refund: Customer Credit Note
    in_invoice: Vendor Bill
    in_refund: Vendor Credit Note
    out_receipt: Sales Receipt
    in_receipt: Purchase Receipt
""")
PAYMENT_STATES: Final = _sel("""
    not_paid: Not Paid
    in_payment: In Payment
    paid: Paid
    partial: Partially Paid
    reversed: Reversed
    blocked: Blocked
    invoicing_legacy: Invoicing App Legacy
""")
DISPLAY_TYPES: Final = _sel("""
    product: Product
    cogs: COGS
    tax: Tax
    discount: Discount
    rounding: Rounding
    payment_term: Payment Term
    line_section: Section
    line_subsection: Subsection
    line_note: Note
    epd: Early Payment Discount
""")


def _model(name: str, description: str, order: str, fields: list[Field], transient: bool = False) -> ModelDef:
    """Build a model and add Odoo's magic fields (id, display_name, create/write dates and users)."""
    magic = [
        Field("id", "integer", "ID", readonly=True, aggregator=""),
        Field("display_name", "char", "Display Name", store=False, compute=True, readonly=True),
        Field("create_date", "datetime", "Created on", readonly=True),
        Field("write_date", "datetime", "Last Updated on", readonly=True),
        m2o("create_uid", "res.users", "Created by", readonly=True),
        m2o("write_uid", "res.users", "Last Updated by", readonly=True),
    ]
    return ModelDef(name, description, order, {f.name: f for f in [*magic, *fields]}, transient)


MODULE_STATES: Final = _sel("""
    uninstallable: Uninstallable
    uninstalled: Not Installed
    installed: Installed
    to upgrade: To be upgraded
    to remove: To be removed
    to install: To be installed
""")
INTERNAL_GROUPS: Final = _sel("""
    equity: Equity
    asset: Asset
    liability: Liability
    income: Income
    expense: Expense
    off: Off Balance
""")
JOURNAL_TYPES: Final = _sel("""
    sale: Sales
    purchase: Purchase
    cash: Cash
    bank: Bank
    credit: Credit Card
    general: Miscellaneous
""")
AUTO_POST: Final = _sel("""
    no: No
    at_date: At Date
    monthly: Monthly
    quarterly: Quarterly
    yearly: Yearly
""")
PAYMENT_STATUSES: Final = _sel("""
    draft: Draft
    in_process: In Process
    paid: Paid
    canceled: Canceled
    rejected: Rejected
""")


MODELS: Final[dict[str, ModelDef]] = {
    m.name: m
    for m in [
        _model(
            "res.country",
            "Country",
            "name",
            [char("name", "Country Name", required=True), char("code", "Country Code")],
        ),
        _model(
            "res.currency",
            "Currency",
            "active desc, name",
            [
                char("name", "Currency", required=True),
                char("full_name", "Name"),
                char("symbol", "Symbol"),
                num("decimal_places", "Decimal Places", "integer", aggregator=""),
                num("rounding", "Rounding Factor", aggregator=""),
                sel("position", "Symbol Position", _sel("after: After Amount; before: Before Amount")),
                boolean("active", "Active"),
                num("rate", "Current Rate", store=False, compute=True, readonly=True, aggregator=""),
                num("inverse_rate", "Inverse Rate", store=False, compute=True, readonly=True, aggregator=""),
                boolean("is_current_company_currency", "Is Current Company Currency", store=False, compute=True, readonly=True),
            ],
        ),
        _model("uom.uom", "Product Unit of Measure", "sequence, id", [
            char("name", "Unit Name", required=True),
            num("sequence", "Sequence", "integer", aggregator=""),
            boolean("active", "Active"),
        ]),
        _model(
            "product.product",
            "Product Variant",
            "is_favorite desc, default_code, name, id",
            [
                char("name", "Name", required=True),
                char("default_code", "Internal Reference"),
                char("barcode", "Barcode"),
                boolean("is_favorite", "Favorite"),
                num("list_price", "Sales Price", aggregator=""),
                num("lst_price", "Sales Price", store=False, compute=True, readonly=True, aggregator=""),
                num("standard_price", "Cost", aggregator=""),
                m2o("uom_id", "uom.uom", "Unit"),
                char("uom_name", "Unit Name", related="uom_id.name", store=False),
                boolean("active", "Active"),
                boolean("sale_ok", "Sales"),
                boolean("purchase_ok", "Purchase"),
                m2o("company_id", "res.company", "Company"),
                m2o("property_account_income_id", "account.account", "Income Account"),
                m2o("property_account_expense_id", "account.account", "Expense Account"),
            ],
        ),
        _model(
            "res.company",
            "Companies",
            "sequence, name",
            [
                char("name", "Company Name", required=True),
                m2o("currency_id", "res.currency", "Currency"),
                m2o("partner_id", "res.partner", "Partner"),
                m2o("country_id", "res.country", "Country"),
                num("sequence", "Sequence", "integer", aggregator=""),
                char("email", "Email"),
                char("vat", "Tax ID"),
                char("street", "Street"),
                char("city", "City"),
                char("zip", "Zip"),
                m2o("currency_exchange_journal_id", "account.journal", "Exchange Gain or Loss Journal"),
                m2o("income_currency_exchange_account_id", "account.account", "Gain Exchange Rate Account"),
                m2o("expense_currency_exchange_account_id", "account.account", "Loss Exchange Rate Account"),
                char("chart_template", "Chart Template"),
                sel("tax_calculation_rounding_method", "Tax Calculation Rounding Method",
                    _sel("round_per_line: Round per Line; round_globally: Round Globally")),
                num("fiscalyear_last_day", "Fiscalyear Last Day", "integer", required=True, aggregator=""),
                sel("fiscalyear_last_month", "Fiscalyear Last Month", MONTHS, required=True),
                day("fiscalyear_lock_date", "Global Lock Date"),
                day("tax_lock_date", "Tax Return Lock Date"),
                day("sale_lock_date", "Sales Lock Date"),
                day("purchase_lock_date", "Purchase Lock date"),
                day("hard_lock_date", "Hard Lock Date"),
                *[day(f"user_{kind}_lock_date", f"User {kind} lock date", store=False, compute=True) for kind in LOCK_KINDS],
            ],
        ),
        _model(
            "res.currency.rate",
            "Currency Rate",
            "name desc",
            [
                day("name", "Date", required=True),
                num("rate", "Technical Rate", aggregator="avg"),
                m2o("currency_id", "res.currency", "Currency", required=True),
                m2o("company_id", "res.company", "Company"),
            ],
        ),
        _model("account.chart.template", "Account Chart Template", "id", []),
        _model(
            "res.users",
            "User",
            "name, login",
            [
                char("name", "Name", related="partner_id.name", store=False),
                char("login", "Login", required=True),
                m2o("partner_id", "res.partner", "Related Partner"),
                m2o("company_id", "res.company", "Company"),
                Field("company_ids", "many2many", "Companies", relation="res.company"),
                boolean("active", "Active"),
                char("lang", "Language"),
                char("tz", "Timezone"),
                char("email", "Email", related="partner_id.email", store=False),
            ],
        ),
        _model(
            "ir.module.module",
            "Module",
            "application desc, sequence, name",
            [
                char("name", "Technical Name", required=True),
                char("shortdesc", "Module Name"),
                sel(
                    "state",
                    "Status",
                    MODULE_STATES,
                ),
                char("latest_version", "Installed Version"),
                boolean("application", "Application"),
                num("sequence", "Sequence", "integer", aggregator=""),
            ],
        ),
        _model(
            "ir.model.data",
            "Model Data",
            "module, model, name",
            [
                char("name", "External Identifier", required=True),
                char("complete_name", "Complete ID", store=False, compute=True, readonly=True),
                char("model", "Model Name", required=True),
                char("module", "Module", required=True),
                Field("res_id", "many2one_reference", "Record ID", aggregator=""),
                boolean("noupdate", "Non Updatable"),
                char("reference", "Reference", store=False, compute=True, readonly=True),
            ],
        ),
        _model(
            "res.partner",
            "Contact",
            "complete_name ASC, id DESC",
            [
                char("name", "Name"),
                char("complete_name", "Complete Name"),
                char("email", "Email"),
                char("phone", "Phone"),
                boolean("is_company", "Is a Company"),
                num("customer_rank", "Customer Rank", "integer"),
                num("supplier_rank", "Supplier Rank", "integer"),
                char("vat", "Tax ID"),
                char("street", "Street"),
                char("city", "City"),
                char("zip", "Zip"),
                m2o("country_id", "res.country", "Country"),
                boolean("active", "Active"),
                char("ref", "Reference"),
                m2o("company_id", "res.company", "Company"),
                m2o("commercial_partner_id", "res.partner", "Commercial Entity", readonly=True),
                m2o("property_payment_term_id", "account.payment.term", "Customer Payment Terms"),
                m2o("property_supplier_payment_term_id", "account.payment.term", "Vendor Payment Terms"),
                m2o("property_account_receivable_id", "account.account", "Account Receivable"),
                m2o("property_account_payable_id", "account.account", "Account Payable"),
                Field("comment", "html", "Notes"),
            ],
        ),
        _model(
            "account.account",
            "Account",
            "code",
            [
                char("code", "Code", required=True),
                char("name", "Account Name", required=True),
                sel("account_type", "Type", ACCOUNT_TYPES, required=True),
                boolean("reconcile", "Allow Reconciliation"),
                boolean("active", "Active"),
                m2o("currency_id", "res.currency", "Account Currency"),
                Field("company_ids", "many2many", "Companies", relation="res.company"),
                sel(
                    "internal_group",
                    "Internal Group",
                    INTERNAL_GROUPS,
                    store=False,
                    compute=True,
                ),
            ],
        ),
        _model(
            "account.tax",
            "Tax",
            "sequence,id",
            [
                char("name", "Tax Name", required=True),
                sel("type_tax_use", "Tax Type", _sel("sale: Sales; purchase: Purchases; none: None")),
                sel(
                    "amount_type",
                    "Tax Computation",
                    _sel("group: Group of Taxes; fixed: Fixed; percent: Percentage; division: Percentage Tax Included"),
                ),
                num("amount", "Amount", aggregator=""),
                boolean("price_include", "Included in Price"),
                boolean("active", "Active"),
                char("description", "Label on Invoices"),
                m2o("company_id", "res.company", "Company"),
                num("sequence", "Sequence", "integer", aggregator=""),
                m2o("account_id", "account.account", "Tax Account"),
            ],
        ),
        _model(
            "account.journal",
            "Journal",
            "sequence, type, code",
            [
                char("name", "Journal Name", required=True),
                char("code", "Short Code", required=True),
                sel(
                    "type",
                    "Type",
                    JOURNAL_TYPES,
                    required=True,
                ),
                boolean("active", "Active"),
                m2o("company_id", "res.company", "Company"),
                m2o("currency_id", "res.currency", "Currency"),
                m2o("default_account_id", "account.account", "Default Account"),
                boolean("refund_sequence", "Dedicated Credit Note Sequence"),
                boolean("payment_sequence", "Dedicated Payment Sequence"),
                num("sequence", "Sequence", "integer", aggregator=""),
            ],
        ),
        _model(
            "account.payment.term",
            "Payment Terms",
            "sequence, id",
            [
                char("name", "Payment Terms", required=True),
                boolean("active", "Active"),
                Field("note", "html", "Description on the Invoice"),
                num("sequence", "Sequence", "integer", aggregator=""),
                m2o("company_id", "res.company", "Company"),
                Field("line_ids", "one2many", "Terms", relation="account.payment.term.line", inverse="payment_id"),
            ],
        ),
        _model(
            "account.payment.term.line",
            "Payment Terms Line",
            "id",
            [
                m2o("payment_id", "account.payment.term", "Payment Terms"),
                sel("value", "Type", _sel("percent: Percent; fixed: Fixed")),
                num("value_amount", "Due", aggregator=""),
                num("nb_days", "Days", "integer", aggregator=""),
                sel("delay_type", "Delay Type", _sel("days_after: Days after invoice date")),
            ],
        ),
        _model(
            "account.move",
            "Journal Entry",
            "date desc, name desc, invoice_date desc, id desc",
            [
                char("name", "Number"),
                char("ref", "Reference"),
                day("date", "Date", required=True),
                sel(
                    "state",
                    "Status",
                    _sel("draft: Draft; posted: Posted; cancel: Cancelled"),
                    required=True,
                    readonly=True,
                ),
                sel("move_type", "Type", MOVE_TYPES, required=True, readonly=True),
                m2o("journal_id", "account.journal", "Journal", required=True),
                m2o("company_id", "res.company", "Company"),
                Field("line_ids", "one2many", "Journal Items", relation="account.move.line", inverse="move_id"),
                Field(
                    "invoice_line_ids",
                    "one2many",
                    "Invoice lines",
                    relation="account.move.line",
                    inverse="move_id",
                    inverse_filter=(("display_type", ("product", "line_section", "line_note")),),
                ),
                m2o("partner_id", "res.partner", "Partner"),
                m2o("commercial_partner_id", "res.partner", "Commercial Entity", readonly=True),
                day("invoice_date", "Invoice/Bill Date"),
                day("invoice_date_due", "Due Date"),
                m2o("invoice_payment_term_id", "account.payment.term", "Payment Terms"),
                Field("needed_terms", "binary", "Needed Terms", store=False, compute=True),
                char("payment_reference", "Payment Reference"),
                Field("narration", "html", "Terms and Conditions"),
                char("invoice_origin", "Origin", readonly=True),
                m2o("currency_id", "res.currency", "Currency", required=True),
                m2o(
                    "company_currency_id",
                    "res.currency",
                    "Company Currency",
                    related="company_id.currency_id",
                    store=False,
                ),
                m2o("invoice_user_id", "res.users", "Salesperson"),
                money("amount_untaxed", "Untaxed Amount", readonly=True),
                money("amount_tax", "Tax", readonly=True),
                money("amount_total", "Total", readonly=True),
                money("amount_residual", "Amount Due", readonly=True),
                money("amount_untaxed_signed", "Untaxed Amount Signed", readonly=True),
                money("amount_untaxed_in_currency_signed", "Untaxed Amount Signed Currency", readonly=True),
                money("amount_tax_signed", "Tax Signed", readonly=True),
                money("amount_total_signed", "Total Signed", readonly=True),
                money("amount_total_in_currency_signed", "Total in Currency Signed", readonly=True),
                money("amount_residual_signed", "Amount Due Signed", readonly=True),
                sel("payment_state", "Payment Status", PAYMENT_STATES, readonly=True),
                sel(
                    "status_in_payment",
                    "Status In Payment",
                    PAYMENT_STATES + _sel("draft: Draft; cancel: Cancelled"),
                    store=False,
                    compute=True,
                ),
                num("direction_sign", "Direction Sign", "integer", store=False, compute=True),
                boolean("posted_before", "Posted Before"),
                sel(
                    "auto_post",
                    "Auto-post",
                    AUTO_POST,
                ),
                m2o("origin_payment_id", "account.payment", "Payment"),
                m2o("reversed_entry_id", "account.move", "Reversal of", readonly=True),
                char("inalterable_hash", "Inalterability Hash", readonly=True),
                Field(
                    "matched_payment_ids",
                    "many2many",
                    "Matched Payments",
                    relation="account.payment",
                    store=False,
                    compute=True,
                ),
                char("sequence_prefix", "Sequence Prefix", readonly=True),
                num("sequence_number", "Sequence Number", "integer", readonly=True, aggregator=""),
            ],
        ),
        _model(
            "account.move.line",
            "Journal Item",
            "date desc, move_name desc, id",
            [
                m2o("move_id", "account.move", "Journal Entry", required=True),
                char("move_name", "Number", related="move_id.name"),
                char("name", "Label"),
                sel("display_type", "Display Type", DISPLAY_TYPES, required=True),
                num("sequence", "Sequence", "integer", aggregator=""),
                m2o("account_id", "account.account", "Account"),
                sel("account_type", "Internal Type", ACCOUNT_TYPES, related="account_id.account_type", store=False),
                m2o("partner_id", "res.partner", "Partner"),
                m2o("product_id", "product.product", "Product"),
                num("quantity", "Quantity"),
                num("price_unit", "Unit Price", aggregator=""),
                num("discount", "Discount (%)", aggregator=""),
                money("price_subtotal", "Subtotal"),
                money("price_total", "Total"),
                Field("tax_ids", "many2many", "Taxes", relation="account.tax"),
                m2o("tax_line_id", "account.tax", "Originator Tax"),
                money("tax_base_amount", "Base Amount"),
                money("balance", "Balance"),
                money("debit", "Debit"),
                money("credit", "Credit"),
                money("amount_currency", "Amount in Currency"),
                m2o("currency_id", "res.currency", "Currency"),
                m2o(
                    "company_currency_id",
                    "res.currency",
                    "Company Currency",
                    related="company_id.currency_id",
                    store=False,
                ),
                money("amount_residual", "Residual Amount"),
                money("amount_residual_currency", "Residual Amount in Currency"),
                boolean("reconciled", "Reconciled"),
                day("date", "Date", related="move_id.date"),
                day("invoice_date", "Invoice/Bill Date", related="move_id.invoice_date"),
                sel(
                    "parent_state",
                    "Status",
                    _sel("draft: Draft; posted: Posted; cancel: Cancelled"),
                    related="move_id.state",
                ),
                m2o("journal_id", "account.journal", "Journal", related="move_id.journal_id"),
                m2o("company_id", "res.company", "Company", related="move_id.company_id"),
                sel("move_type", "Type", MOVE_TYPES, related="move_id.move_type", store=False),
                m2o("payment_id", "account.payment", "Originator Payment", related="move_id.origin_payment_id"),
                day("date_maturity", "Due Date"),
                Field(
                    "matched_debit_ids",
                    "one2many",
                    "Matched Debits",
                    relation="account.partial.reconcile",
                    inverse="credit_move_id",
                ),
                Field(
                    "matched_credit_ids",
                    "one2many",
                    "Matched Credits",
                    relation="account.partial.reconcile",
                    inverse="debit_move_id",
                ),
            ],
        ),
        _model(
            "account.bank.statement.line",
            "Bank Statement Line",
            "date desc, id desc",
            [
                m2o("journal_id", "account.journal", "Journal", required=True),
                m2o("move_id", "account.move", "Journal Entry", readonly=True),
                day("date", "Date", required=True),
                char("payment_ref", "Label"),
                money("amount", "Amount"),
                m2o("currency_id", "res.currency", "Journal Currency", readonly=True),
                m2o("partner_id", "res.partner", "Partner"),
                m2o("company_id", "res.company", "Company", readonly=True),
                boolean("is_reconciled", "Is Reconciled", readonly=True),
            ],
        ),
        _model(
            "account.partial.reconcile",
            "Partial Reconcile",
            "id desc",
            [
                m2o("debit_move_id", "account.move.line", "Debit move"),
                m2o("credit_move_id", "account.move.line", "Credit move"),
                money("amount", "Amount"),
                money("debit_amount_currency", "Debit Amount in Currency"),
                money("credit_amount_currency", "Credit Amount in Currency"),
                day("max_date", "Max Date of Matched Lines"),
                m2o("company_id", "res.company", "Company"),
            ],
        ),
        _model(
            "account.payment",
            "Payments",
            "date desc, name desc",
            [
                char("name", "Number", readonly=True),
                day("date", "Date", required=True),
                money("amount", "Amount"),
                sel("payment_type", "Payment Type", _sel("outbound: Send; inbound: Receive"), required=True),
                sel("partner_type", "Partner Type", _sel("customer: Customer; supplier: Vendor")),
                sel(
                    "state",
                    "Status",
                    PAYMENT_STATUSES,
                    required=True,
                    readonly=True,
                ),
                m2o("journal_id", "account.journal", "Journal", required=True),
                m2o("company_id", "res.company", "Company"),
                char("memo", "Memo"),
                m2o("currency_id", "res.currency", "Currency"),
                m2o("partner_id", "res.partner", "Customer/Vendor"),
                m2o("move_id", "account.move", "Journal Entry", readonly=True),
                m2o("destination_account_id", "account.account", "Destination Account"),
                m2o("outstanding_account_id", "account.account", "Outstanding Account"),
                money("amount_company_currency_signed", "Amount Company Currency Signed", store=False, compute=True),
                money("amount_signed", "Amount Signed", store=False, compute=True),
                boolean("is_reconciled", "Is Reconciled", store=False, compute=True),
                boolean("is_matched", "Is Matched With a Bank Statement", store=False, compute=True),
                Field(
                    "reconciled_invoice_ids",
                    "many2many",
                    "Reconciled Invoices",
                    relation="account.move",
                    store=False,
                    compute=True,
                ),
                num("reconciled_invoices_count", "# Reconciled Invoices", "integer", store=False, compute=True),
                Field(
                    "reconciled_bill_ids",
                    "many2many",
                    "Reconciled Bills",
                    relation="account.move",
                    store=False,
                    compute=True,
                ),
                num("reconciled_bills_count", "# Reconciled Bills", "integer", store=False, compute=True),
                Field("invoice_ids", "many2many", "Invoices", relation="account.move"),
            ],
        ),
        _model(
            "account.payment.register",
            "Pay",
            "id",
            [
                day("payment_date", "Payment Date", required=True),
                money("amount", "Amount"),
                char("communication", "Memo"),
                boolean("group_payment", "Group Payments"),
                m2o("currency_id", "res.currency", "Currency"),
                m2o("journal_id", "account.journal", "Journal"),
                m2o("partner_id", "res.partner", "Customer/Vendor"),
                sel("payment_type", "Payment Type", _sel("outbound: Send Money; inbound: Receive Money")),
                sel("partner_type", "Partner Type", _sel("customer: Customer; supplier: Vendor")),
                money("source_amount", "Amount to Pay (company currency)"),
                money("source_amount_currency", "Amount to Pay (foreign currency)"),
                m2o("source_currency_id", "res.currency", "Source Currency"),
                boolean("can_edit_wizard", "Can Edit Wizard"),
                boolean("can_group_payments", "Can Group Payments"),
                m2o("company_id", "res.company", "Company"),
                Field("line_ids", "many2many", "Journal items", relation="account.move.line", readonly=True),
                money("payment_difference", "Payment Difference", store=False, compute=True),
                sel(
                    "payment_difference_handling",
                    "Payment Difference Handling",
                    _sel("open: Keep open; reconcile: Mark as fully paid"),
                ),
                m2o("writeoff_account_id", "account.account", "Difference Account"),
                char("writeoff_label", "Journal Item Label"),
            ],
            transient=True,
        ),
        _model(
            "account.move.reversal",
            "Account Move Reversal",
            "id",
            [
                Field("move_ids", "many2many", "Move", relation="account.move"),
                Field("new_move_ids", "many2many", "New Move", relation="account.move"),
                day("date", "Reversal date"),
                char("reason", "Reason displayed on Credit Note"),
                m2o("journal_id", "account.journal", "Journal", required=True),
                m2o("company_id", "res.company", "Company", required=True, readonly=True),
            ],
            transient=True,
        ),
    ]
}
