"""Accounting questions answered from Odoo, in business terms.

Rules this module keeps:
- totals are Odoo's own sums of signed company-currency fields, from one grouping call;
- a list costs one round trip (`web_search_read` returns the page and the count together);
- money is `Decimal`, quantized to the company currency.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..odoo import Domain, Many2one, OdooClient, OdooError, OdooMissingError, OdooTimeout, OdooUnreachable
from ..odoo.companies import Company
from ..odoo.links import record_url
from . import lookups
from .aging import Aged, OpenItem, Side, age, by_partner
from .models import (
    AgingBucket,
    CompanyInfo,
    InvoiceRef,
    MonthAmount,
    MoveDetail,
    MoveLine,
    MoveList,
    MoveQuery,
    MoveSummary,
    OverdueInvoice,
    OverdueQuery,
    OverdueReport,
    PartnerBalance,
    PartnerBalanceQuery,
    PartnerBalances,
    PartnerList,
    PartnerMonthAmount,
    PartnerQuery,
    PaymentList,
    PaymentQuery,
    PaymentSummary,
    Period,
    PeriodQuery,
    PeriodTotal,
    PnlLine,
    ProfitAndLoss,
    RangeAmount,
    ServerStatus,
)
from .money import to_money, to_quantity
from .periods import AGING_LABELS, aging_bucket, month_key, months_between, resolve_period, week_ranges

_UNREACHABLE = (OdooUnreachable, OdooTimeout)
CUSTOMER_TYPES = ("out_invoice", "out_refund")
# Posted documents with money still to pay (`in_payment` is paid, awaiting the bank statement).
OPEN_PAYMENT_STATES = ("not_paid", "partial")
VENDOR_TYPES = ("in_invoice", "in_refund")
INCOME_ACCOUNT_TYPES = ("income", "income_other")
EXPENSE_ACCOUNT_TYPES = ("expense", "expense_depreciation", "expense_direct_cost")

MOVE_FIELDS = [
    "name",
    "move_type",
    "partner_id",
    "state",
    "payment_state",
    "invoice_date",
    "invoice_date_due",
    "ref",
    "currency_id",
    "amount_untaxed",
    "amount_total",
    "amount_residual",
    "amount_untaxed_signed",
    "amount_total_signed",
    "amount_residual_signed",
]
REFUND_TYPES = ("out_refund", "in_refund")
MOVE_MANY2ONE = ("partner_id", "currency_id")
LINE_SPEC: dict[str, Any] = {
    "fields": {
        "name": {},
        "quantity": {},
        "price_unit": {},
        "discount": {},
        "price_subtotal": {},
        "price_total": {},
        "display_type": {},
        "tax_ids": {"fields": {"name": {}}},
    }
}
PAYMENT_FIELDS = [
    "name",
    "date",
    "partner_id",
    "payment_type",
    "amount",
    "currency_id",
    "amount_company_currency_signed",
    "state",
    "journal_id",
    "memo",
]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _group_date(value: Any) -> dt.date | None:
    """A date group's key: `["2026-10-01", "October 2026"]` from formatted_read_group."""
    if isinstance(value, list | tuple) and value:
        value = value[0]
    return _date(value)


_OPEN_DOCUMENT_FIELDS = ["name", "partner_id", "invoice_date_due", "amount_residual_signed"]


def _open_document(side: Side, row: dict[str, Any], as_of: dt.date, decimals: int) -> OpenItem:
    """An open invoice (bill) read with `_OPEN_DOCUMENT_FIELDS` as today's open item: its own residual, positive = owed."""
    partner = Many2one.parse(row.get("partner_id"))
    due = _date(row.get("invoice_date_due")) or as_of
    return OpenItem(row["id"], str(row.get("name") or "/"), partner.id, partner.name, due,
                    side.sign * to_money(row.get("amount_residual_signed"), decimals))


def _next_offset(offset: int, count: int, total: int) -> int | None:
    return offset + count if offset + count < total else None


def date_domain(field: str, date_from: dt.date | None, date_to: dt.date | None) -> Domain:
    domain: Domain = []
    if date_from:
        domain.append((field, ">=", date_from.isoformat()))
    if date_to:
        domain.append((field, "<=", date_to.isoformat()))
    return domain


class AccountingService:
    """Read-side accounting over one `OdooClient`; `today` is injectable so tests can pin time."""

    def __init__(self, client: OdooClient, *, today: Callable[[], dt.date] = dt.date.today, sandbox: bool = False):
        self.client = client
        self.today = today
        self.sandbox = sandbox

    def for_company(self, ref: str | None) -> AccountingService:
        """The same questions about another company the user may access (id or exact name); None: this one."""
        if not ref:
            return self
        return AccountingService(self.client.for_company(ref), today=self.today, sandbox=self.sandbox)

    def link(self, model: str, record_id: int | None) -> str | None:
        """The address that opens this record in Odoo's web client (None on the sandbox)."""
        return record_url(self.client.base_url, model, record_id)

    async def company(self) -> Company:
        """The company every answer is for, with its currency (resolved by the client once per process)."""
        return await self.client.company()

    # -- status ------------------------------------------------------------------------------

    async def status(self, *, url: str, database: str | None, dry_run: bool) -> ServerStatus:
        base = {"url": url, "database": database, "sandbox": self.sandbox, "dry_run": dry_run}
        try:
            version = await self.client.version()
            protocol = await self.client.protocol_name()
            uid = await self.client.uid()
            users, company, companies = await asyncio.gather(
                self.client.read("res.users", [uid], ["name", "login"]), self.company(), self.client.user_companies()
            )
        except OdooError as exc:
            return ServerStatus(
                reachable=not isinstance(exc, _UNREACHABLE),
                protocol=None,
                odoo_version=None,
                user=None,
                company=None,
                currency=None,
                error=str(exc),
                **base,
            )
        user = users[0] if users else {}
        return ServerStatus(
            reachable=True,
            protocol=protocol,
            odoo_version=str(version.get("version") or version.get("server_version") or "?"),
            user=f"{user.get('name')} ({user.get('login')})" if user else None,
            company=company.name,
            company_id=company.id,
            currency=company.currency,
            companies=[CompanyInfo(id=c.id, name=c.name, currency=c.currency) for c in companies.allowed],
            **base,
        )

    # -- invoices and bills ------------------------------------------------------------------

    def _move_domain(self, move_types: tuple[str, ...], q: MoveQuery) -> Domain:
        types = move_types if q.include_refunds else move_types[:1]
        domain: Domain = [("move_type", "in", list(types))]
        if q.state:
            domain.append(("state", "=", q.state))
        if q.payment_state:
            domain.append(("payment_state", "=", q.payment_state))
        if q.open_only:
            domain += [("state", "=", "posted"), ("payment_state", "in", list(OPEN_PAYMENT_STATES))]
        if q.partner_id:
            domain.append(("partner_id", "=", q.partner_id))
        if q.partner:
            domain.append(("partner_id.name", "ilike", q.partner))
        if q.text:
            domain += ["|", ("name", "ilike", q.text), ("ref", "ilike", q.text)]
        domain += date_domain("invoice_date", q.date_from, q.date_to)
        return domain

    def _summary(self, row: dict[str, Any], decimals: int) -> dict[str, Any]:
        """One document's fields, signed so credit notes and refunds are negative in both currencies.

        Odoo's own amounts are positive whatever the type; its `_signed` ones (company currency) are
        negative for vendor bills and customer credit notes, so the vendor side is negated.
        """
        partner = Many2one.parse(row.get("partner_id"))
        currency = Many2one.parse(row.get("currency_id")).name
        move_type = str(row.get("move_type") or "")
        sign = -1 if move_type in REFUND_TYPES else 1
        company_sign = -1 if move_type.startswith("in_") else 1
        raw_currency = row.get("currency_id")
        own_decimals = raw_currency.get("decimal_places") if isinstance(raw_currency, dict) else row.get("currency_id.decimal_places")
        own_places = int(own_decimals) if isinstance(own_decimals, int) else decimals

        def own(name: str) -> Decimal:
            return to_money(row.get(name), own_places) * sign

        def ours(name: str) -> Decimal:
            return to_money(row.get(name), decimals) * company_sign

        return {
            "id": row["id"],
            "number": row.get("name") or "/",
            "move_type": row.get("move_type") or "",
            "partner": partner.name,
            "partner_id": partner.id,
            "state": row.get("state") or "",
            "payment_state": _text(row.get("payment_state")),
            "invoice_date": _date(row.get("invoice_date")),
            "due_date": _date(row.get("invoice_date_due")),
            "ref": _text(row.get("ref")),
            "currency": currency or "?",
            "untaxed": own("amount_untaxed"),
            "total": own("amount_total"),
            "residual": own("amount_residual"),
            "untaxed_company_currency": ours("amount_untaxed_signed"),
            "total_company_currency": ours("amount_total_signed"),
            "residual_company_currency": ours("amount_residual_signed"),
            "url": self.link("account.move", row["id"]),
        }

    async def _list_moves(self, move_types: tuple[str, ...], q: MoveQuery) -> MoveList:
        company = await self.company()
        total, rows = await self.client.search_page(
            "account.move",
            self._move_domain(move_types, q),
            MOVE_FIELDS,
            limit=q.limit,
            offset=q.offset,
            order="invoice_date desc, id desc",
            many2one=MOVE_MANY2ONE,
            related={"currency_id": ("decimal_places",)},
        )
        items = [MoveSummary(**self._summary(row, company.decimals)) for row in rows]
        return MoveList(
            company=company.name,
            company_currency=company.currency,
            total=total, offset=q.offset, limit=q.limit, next_offset=_next_offset(q.offset, len(items), total), items=items
        )

    async def list_invoices(self, q: MoveQuery) -> MoveList:
        return await self._list_moves(CUSTOMER_TYPES, q)

    async def list_vendor_bills(self, q: MoveQuery) -> MoveList:
        return await self._list_moves(VENDOR_TYPES, q)

    async def get_move(self, ref: InvoiceRef, move_types: tuple[str, ...] = CUSTOMER_TYPES + VENDOR_TYPES) -> MoveDetail:
        """One invoice or bill with its lines and tax names, in one round trip."""
        domain: Domain = [("move_type", "in", list(move_types))]
        domain.append(("id", "=", ref.id) if ref.id is not None else ("name", "=", ref.number))
        spec: dict[str, Any] = {name: {} for name in MOVE_FIELDS}
        spec.update({name: {"fields": {"display_name": {}}} for name in MOVE_MANY2ONE})
        spec["currency_id"]["fields"]["decimal_places"] = {}
        spec.update({"amount_tax": {}, "payment_reference": {}, "invoice_line_ids": LINE_SPEC})
        company = await self.company()
        decimals = company.decimals
        result = await self.client.call("account.move", "web_search_read", domain=domain, specification=spec, limit=1)
        rows = result.get("records") or []
        if not rows:
            nearest = await lookups.nearest_numbers(self, ref.number, move_types) if ref.number else []
            hint = f"; nearest existing numbers: {', '.join(nearest)}" if nearest else ""
            raise OdooMissingError(f"No invoice or bill {ref.number or ref.id} found{hint}")
        row = rows[0]
        lines = [
            MoveLine(
                description=str(line.get("name") or ""),
                quantity=to_quantity(line.get("quantity")),
                unit_price=to_quantity(line.get("price_unit")),
                discount_pct=to_money(line.get("discount"), 2),
                taxes=[str(t.get("name")) for t in line.get("tax_ids") or [] if isinstance(t, dict)],
                subtotal=to_money(line.get("price_subtotal"), decimals),
                total=to_money(line.get("price_total"), decimals),
            )
            for line in row.get("invoice_line_ids") or []
            if line.get("display_type") in (None, False, "product")
        ]
        return MoveDetail(
            **self._summary(row, decimals),
            company=company.name,
            company_currency=company.currency,
            tax=to_money(row.get("amount_tax"), decimals),
            payment_reference=_text(row.get("payment_reference")),
            lines=lines,
        )

    # -- partners and payments -----------------------------------------------------------------

    async def find_partners(self, q: PartnerQuery) -> PartnerList:
        """Partners by words of their name, email, VAT or reference (any order, accents ignored): `lookups.py`."""
        return await lookups.find_partners(self, q)

    async def list_payments(self, q: PaymentQuery) -> PaymentList:
        domain: Domain = [("state", "!=", "canceled")]
        if q.direction != "any":
            domain.append(("payment_type", "=", q.direction))
        if q.partner_id:
            domain.append(("partner_id", "=", q.partner_id))
        domain += date_domain("date", q.date_from, q.date_to)
        (total, rows), company = await asyncio.gather(
            self.client.search_page(
                "account.payment",
                domain,
                PAYMENT_FIELDS,
                limit=q.limit,
                offset=q.offset,
                order="date desc, id desc",
                many2one=("partner_id", "currency_id", "journal_id"),
            ),
            self.company(),
        )
        decimals = company.decimals
        items = []
        for row in rows:
            partner = Many2one.parse(row.get("partner_id"))
            items.append(
                PaymentSummary(
                    id=row["id"],
                    name=str(row.get("name") or ""),
                    date=_date(row.get("date")),
                    partner=partner.name,
                    partner_id=partner.id,
                    direction=str(row.get("payment_type") or ""),
                    amount=to_money(row.get("amount"), decimals),
                    currency=Many2one.parse(row.get("currency_id")).name or "?",
                    amount_company_currency=to_money(row.get("amount_company_currency_signed"), decimals),
                    state=str(row.get("state") or ""),
                    journal=Many2one.parse(row.get("journal_id")).name,
                    memo=_text(row.get("memo")),
                    url=self.link("account.payment", row["id"]),
                )
            )
        return PaymentList(
            company=company.name,
            company_currency=company.currency,
            total=total, offset=q.offset, limit=q.limit, next_offset=_next_offset(q.offset, len(items), total), items=items
        )

    # -- aggregates ------------------------------------------------------------------------------

    def period(self, q: PeriodQuery) -> tuple[dt.date, dt.date]:
        return resolve_period(self.today(), month=q.month, date_from=q.date_from, date_to=q.date_to)

    @staticmethod
    def _posted_domain(move_types: tuple[str, ...], first: dt.date, last: dt.date) -> Domain:
        """Posted documents of these types by invoice date: the one definition revenue and expenses share."""
        return [("move_type", "in", list(move_types)), ("state", "=", "posted"), *date_domain("invoice_date", first, last)]

    async def _period_total(self, kind: str, move_types: tuple[str, ...], sign: int, q: PeriodQuery) -> PeriodTotal:
        first, last = self.period(q)
        domain = self._posted_domain(move_types, first, last)
        groups, company = await asyncio.gather(
            self.client.read_group(
                "account.move", domain, ["invoice_date:month"], ["amount_untaxed_signed:sum", "__count"]
            ),
            self.company(),
        )
        by_month: dict[str, tuple[Decimal, int]] = {}
        for group in groups:
            day = _group_date(group.get("invoice_date:month"))
            if day is None:
                continue
            amount = to_money(group.get("amount_untaxed_signed:sum") or group.get("amount_untaxed_signed"), company.decimals)
            by_month[month_key(day)] = (sign * amount, int(group.get("__count") or 0))
        months = [
            MonthAmount(month=key, amount=by_month.get(key, (to_money(0, company.decimals), 0))[0], count=by_month.get(key, (0, 0))[1])
            for key in months_between(first, last)
        ]
        return PeriodTotal(
            kind=kind,
            company=company.name,
            period=Period(date_from=first, date_to=last),
            currency=company.currency,
            amount=sum((m.amount for m in months), to_money(0, company.decimals)),
            count=sum(m.count for m in months),
            months=months,
            basis=f"posted {' and '.join(move_types)} by invoice date, untaxed, signed company currency",
        )

    async def revenue(self, q: PeriodQuery) -> PeriodTotal:
        return await self._period_total("revenue", CUSTOMER_TYPES, 1, q)

    async def expenses(self, q: PeriodQuery) -> PeriodTotal:
        # Vendor bills carry negative signed amounts (refunds positive): negate for a positive expense.
        return await self._period_total("expenses", VENDOR_TYPES, -1, q)

    async def revenue_by_week(self, first: dt.date, last: dt.date) -> list[RangeAmount]:
        """Revenue per Monday-Sunday week of [first, last] (clipped), from ONE grouping call by invoice day."""
        groups, company = await asyncio.gather(
            self.client.read_group(
                "account.move",
                self._posted_domain(CUSTOMER_TYPES, first, last),
                ["invoice_date:day"],
                ["amount_untaxed_signed:sum", "__count"],
            ),
            self.company(),
        )
        weeks: list[list[Any]] = [[start, end, to_money(0, company.decimals), 0] for start, end in week_ranges(first, last)]
        for group in groups:
            day = _group_date(group.get("invoice_date:day"))
            week = next((w for w in weeks if day is not None and w[0] <= day <= w[1]), None)
            if week is not None:
                week[2] += to_money(group.get("amount_untaxed_signed:sum"), company.decimals)
                week[3] += int(group.get("__count") or 0)
        return [RangeAmount(date_from=a, date_to=b, amount=amount, count=count) for a, b, amount, count in weeks]

    async def expenses_by_vendor(self, q: PeriodQuery) -> list[PartnerMonthAmount]:
        """Expenses per vendor and month from one grouping call: the basis for spotting recurring costs that rose."""
        first, last = self.period(q)
        domain = self._posted_domain(VENDOR_TYPES, first, last)
        groups, company = await asyncio.gather(
            self.client.read_group(
                "account.move", domain, ["partner_id", "invoice_date:month"], ["amount_untaxed_signed:sum", "__count"]
            ),
            self.company(),
        )
        zero = to_money(0, company.decimals)
        rows = []
        for group in groups:
            day = _group_date(group.get("invoice_date:month"))
            if day is None:
                continue
            partner = Many2one.parse(group.get("partner_id"))
            rows.append(
                PartnerMonthAmount(
                    month=month_key(day),
                    partner_id=partner.id,
                    partner=partner.name,
                    # Bills are negative in company currency (refunds positive): negate, as `expenses` does.
                    amount=zero - to_money(group.get("amount_untaxed_signed:sum"), company.decimals),
                    count=int(group.get("__count") or 0),
                )
            )
        rows.sort(key=lambda row: (row.partner or "", row.partner_id or 0, row.month))
        return rows

    async def created_dates(self, ids: list[int]) -> dict[int, dt.date]:
        """When invoices or bills were created: a draft's age, since a draft often has no invoice date yet."""
        if not ids:
            return {}
        rows = await self.client.read("account.move", ids, ["create_date"])
        return {int(row["id"]): day for row in rows if (day := _date(row.get("create_date"))) is not None}

    async def overdue(self, q: OverdueQuery) -> OverdueReport:
        """Customer invoices overdue on `as_of` (default today), by aging bucket."""
        return await self._aging(Side.RECEIVABLE, q)

    async def payables(self, q: OverdueQuery) -> OverdueReport:
        """Vendor bills we owe that are overdue on `as_of` (default today), by aging bucket."""
        return await self._aging(Side.PAYABLE, q)

    async def _aging(self, side: Side, q: OverdueQuery) -> OverdueReport:
        company = await self.company()
        as_of = q.as_of or self.today()
        if as_of >= self.today():
            aged = await self._aging_today(side, q, as_of, company.decimals)
        else:
            aged = await self._aging_past(side, q, as_of, company.decimals)
        basis = self._open_basis(side, as_of)
        return OverdueReport(
            side=side.value,
            company=company.name,
            as_of=as_of,
            currency=company.currency,
            total=aged.total,
            count=aged.count,
            buckets=[AgingBucket(label=label, amount=a, count=n) for label, (a, n) in aged.buckets.items()],
            invoices=[
                OverdueInvoice(
                    id=i.move_id,
                    number=i.number,
                    partner=i.partner,
                    partner_id=i.partner_id,
                    due_date=i.due,
                    days_overdue=(as_of - i.due).days,
                    bucket=aging_bucket((as_of - i.due).days),
                    residual=i.amount,
                    url=self.link("account.move", i.move_id),
                )
                for i in aged.items
            ],
            offset=q.offset,
            limit=q.limit,
            next_offset=_next_offset(q.offset, len(aged.items), aged.count),
            basis=basis,
        )

    def _open_basis(self, side: Side, as_of: dt.date) -> str:
        """What an open amount means in an answer: today's residual, or what was open on a past day."""
        if as_of >= self.today():
            return f"{side.value}: open amount of each posted {side.move_type} today (amount_residual), company currency"
        return (
            f"{side.value}: items of {side.move_type} documents dated on or before {as_of} minus their "
            "reconciliations dated on or before it, company currency"
        )

    @staticmethod
    def _open_documents(side: Side) -> Domain:
        """Posted invoices (bills) with something still to pay today: the one definition aging and balances share."""
        return [("move_type", "=", side.move_type), ("state", "=", "posted"), ("payment_state", "in", list(OPEN_PAYMENT_STATES))]

    async def _aging_today(self, side: Side, q: OverdueQuery, as_of: dt.date, decimals: int) -> Aged:
        """Today: each open document's own residual. Two round trips: the grouping by due day, and the list."""
        domain: Domain = [*self._open_documents(side), ("invoice_date_due", "<", as_of.isoformat())]
        if q.partner_id:
            domain.append(("partner_id", "=", q.partner_id))
        groups, rows = await asyncio.gather(
            self.client.read_group("account.move", domain, ["invoice_date_due:day"], ["amount_residual_signed:sum", "__count"]),
            self.client.search_read(
                "account.move",
                domain,
                _OPEN_DOCUMENT_FIELDS,
                limit=q.limit,
                offset=q.offset,
                order="invoice_date_due asc, id asc",
            ),
        )
        zero = to_money(0, decimals)
        amounts = {label: zero for label in AGING_LABELS}
        counts = dict.fromkeys(AGING_LABELS, 0)
        for group in groups:
            due = _group_date(group.get("invoice_date_due:day"))
            if due is None:
                continue
            label = aging_bucket((as_of - due).days)
            amounts[label] += side.sign * to_money(group.get("amount_residual_signed:sum"), decimals)
            counts[label] += int(group.get("__count") or 0)
        return Aged(
            items=[_open_document(side, row, as_of, decimals) for row in rows],
            buckets={label: (amounts[label], counts[label]) for label in AGING_LABELS},
            total=sum(amounts.values(), zero),
            count=sum(counts.values()),
        )

    async def _aging_past(self, side: Side, q: OverdueQuery, as_of: dt.date, decimals: int) -> Aged:
        """A past day: the receivable (payable) items then due, minus reconciliations dated by that day."""
        items = await self._open_items_on(side, as_of, decimals, partner_id=q.partner_id, overdue_only=True)
        aged = age(as_of, items, to_money(0, decimals))
        return dataclasses.replace(aged, items=aged.items[q.offset : q.offset + q.limit])  # the page; totals cover all

    async def _open_items_on(
        self, side: Side, as_of: dt.date, decimals: int, *, partner_id: int | None = None, overdue_only: bool
    ) -> list[OpenItem]:
        """What was open on a past day, item by item: the receivable (payable) items of documents dated
        on or before it, minus their reconciliations dated on or before it.

        Two round trips whatever the number of documents: the items, then their reconciled amounts
        grouped by item (`account.partial.reconcile`, filtered on `max_date`).
        """
        day = as_of.isoformat()
        domain: Domain = [
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", side.account_type),
            ("move_id.move_type", "=", side.move_type),
            ("move_id.invoice_date", "<=", day),
        ]
        if overdue_only:
            domain.append(("date_maturity", "<", day))
        if partner_id:
            domain.append(("partner_id", "=", partner_id))
        # `move_name` is the document's number; `move_id`'s display name adds its reference in parentheses.
        fields = ["move_id", "move_name", "partner_id", "date_maturity", "balance"]
        lines = await self.client.search_read("account.move.line", domain, fields)
        settled: dict[int, Decimal] = {}
        if lines:
            groups = await self.client.read_group(
                "account.partial.reconcile",
                [(side.reconcile_field, "in", [line["id"] for line in lines]), ("max_date", "<=", day)],
                [side.reconcile_field],
                ["amount:sum"],
            )
            for group in groups:
                line_id = Many2one.parse(group.get(side.reconcile_field)).id
                if line_id is not None:
                    settled[line_id] = to_money(group.get("amount:sum"), decimals)
        zero = to_money(0, decimals)
        items = []
        for line in lines:
            move, partner = Many2one.parse(line.get("move_id")), Many2one.parse(line.get("partner_id"))
            due = _date(line.get("date_maturity"))
            if move.id is None or due is None:
                continue
            # Receivable items are debits (positive), payable ones credits (negative); reconciled amounts are positive.
            amount = side.sign * to_money(line.get("balance"), decimals) - settled.get(line["id"], zero)
            items.append(OpenItem(move.id, str(line.get("move_name") or "/"), partner.id, partner.name, due, amount))
        return items

    # -- per partner -----------------------------------------------------------------------------

    async def receivables_by_partner(self, q: PartnerBalanceQuery) -> PartnerBalances:
        """Who owes us the most (or is latest), open and overdue per customer, totals across all pages."""
        return await self._by_partner(Side.RECEIVABLE, q)

    async def payables_by_partner(self, q: PartnerBalanceQuery) -> PartnerBalances:
        """Whom we owe the most (or are latest paying), open and overdue per vendor, totals across all pages."""
        return await self._by_partner(Side.PAYABLE, q)

    async def _by_partner(self, side: Side, q: PartnerBalanceQuery) -> PartnerBalances:
        company = await self.company()
        decimals, zero = company.decimals, to_money(0, company.decimals)
        as_of = q.as_of or self.today()
        if as_of >= self.today():
            # One round trip: open documents' residual grouped by partner and due day.
            groups = await self.client.read_group(
                "account.move",
                self._open_documents(side),
                ["partner_id", "invoice_date_due:day"],
                ["amount_residual_signed:sum", "__count"],
            )
            amounts = []
            for group in groups:
                due = _group_date(group.get("invoice_date_due:day"))
                partner = Many2one.parse(group.get("partner_id"))
                if due is not None:
                    amount = side.sign * to_money(group.get("amount_residual_signed:sum"), decimals)
                    amounts.append((partner.id, partner.name, due, amount, int(group.get("__count") or 0)))
        else:
            items = await self._open_items_on(side, as_of, decimals, overdue_only=False)
            seen: set[int] = set()
            amounts = []
            for item in items:
                if item.amount:
                    amounts.append((item.partner_id, item.partner, item.due, item.amount, 0 if item.move_id in seen else 1))
                    seen.add(item.move_id)
        basis = self._open_basis(side, as_of)
        rows = by_partner(as_of, amounts, zero)
        key = (lambda r: (-r.open, r.partner or "")) if q.sort == "open" else (lambda r: (-r.overdue, r.partner or ""))
        rows.sort(key=key)
        page = rows[q.offset : q.offset + q.limit]
        return PartnerBalances(
            side=side.value,
            company=company.name,
            as_of=as_of,
            currency=company.currency,
            open=sum((r.open for r in rows), zero),
            overdue=sum((r.overdue for r in rows), zero),
            total=len(rows),
            offset=q.offset,
            limit=q.limit,
            next_offset=_next_offset(q.offset, len(page), len(rows)),
            items=[
                PartnerBalance(
                    partner_id=r.partner_id,
                    partner=r.partner,
                    open=r.open,
                    overdue=r.overdue,
                    documents=r.documents,
                    oldest_due=r.oldest_due,
                    buckets=[
                        AgingBucket(label=label, amount=amount, count=count)
                        for label in AGING_LABELS
                        for amount, count in [r.buckets.get(label, (zero, 0))]
                    ],
                    url=self.link("res.partner", r.partner_id),
                )
                for r in page
            ],
            basis=basis,
        )

    async def profit_and_loss(self, q: PeriodQuery) -> ProfitAndLoss:
        """Income and expense accounts' balances by accounting date, grouped by Odoo in one call."""
        first, last = self.period(q)
        domain: Domain = [
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "in", [*INCOME_ACCOUNT_TYPES, *EXPENSE_ACCOUNT_TYPES]),
        ]
        domain += date_domain("date", first, last)
        groups, company = await asyncio.gather(
            self.client.read_group("account.move.line", domain, ["account_id.account_type", "account_id"], ["balance:sum"]),
            self.company(),
        )
        zero = to_money(0, company.decimals)
        lines, income, expenses = [], zero, zero
        for group in groups:
            account_type = str(group.get("account_id.account_type") or "")
            balance = to_money(group.get("balance:sum"), company.decimals)
            account = Many2one.parse(group.get("account_id")).name
            if account_type in INCOME_ACCOUNT_TYPES:
                amount, section = -balance, "income"
                income += amount
            else:
                amount, section = balance, "expense"
                expenses += amount
            lines.append(PnlLine(section=section, account_type=account_type, account=account or "?", amount=amount))
        lines.sort(key=lambda line: (line.section != "income", line.account))
        return ProfitAndLoss(
            company=company.name,
            period=Period(date_from=first, date_to=last),
            currency=company.currency,
            income=income,
            expenses=expenses,
            net_profit=income - expenses,
            lines=lines,
            basis="posted journal items on income and expense accounts, by accounting date",
        )


    # -- one customer's open invoices (statements) ----------------------------------------------------

    async def open_invoices(self, partner_id: int, as_of: dt.date) -> list[OpenItem]:
        """A customer's open invoices on a day, one item per invoice, earliest due first (company currency).

        Today (or later): each open invoice's own `amount_residual_signed`. A past day: the receivable
        items minus reconciliations dated by then (`_open_items_on`), an invoice's installments added
        together in Decimal. The partner is the commercial entity, as on Odoo's receivable items.
        """
        decimals = (await self.company()).decimals
        if as_of >= self.today():
            rows = await self.client.search_read(
                "account.move",
                [*self._open_documents(Side.RECEIVABLE), ("commercial_partner_id", "=", partner_id)],
                _OPEN_DOCUMENT_FIELDS,
                order="invoice_date_due asc, id asc",
            )
            return [_open_document(Side.RECEIVABLE, row, as_of, decimals) for row in rows]
        per_move: dict[int, OpenItem] = {}
        for item in await self._open_items_on(Side.RECEIVABLE, as_of, decimals, partner_id=partner_id, overdue_only=False):
            seen = per_move.get(item.move_id)
            per_move[item.move_id] = item if seen is None else dataclasses.replace(
                seen, due=min(seen.due, item.due), amount=seen.amount + item.amount
            )
        return sorted((i for i in per_move.values() if i.amount != 0), key=lambda i: (i.due, i.move_id))
