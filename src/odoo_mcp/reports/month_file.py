"""`Accounting/YYYY-MM.md`: render a month's snapshot, read it back, and mark it stale.

The file is the owner's view and the program's memory at once: `parse` is the exact inverse of
`render` (a test holds them to it), so when Odoo is down the briefing and the stale marker work
from what the owner can see, never from zeros or a hidden cache.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..accounting.models import AgingBucket, PartnerMonthAmount, PnlLine
from ..accounting.periods import AGING_LABELS, month_bounds
from ..vault.neutral import md_text
from .markdown import (
    Table,
    find_table,
    front_matter,
    generated_part,
    is_generated,
    owned_document,
    parse_money,
    parse_tables,
    profit_above_revenue,
    split_front_matter,
    stamp,
    table,
    table_rows,
)
from .models import CurrentState, DocRow, DraftRow, FileStatus, MonthSnapshot, OverdueRow, PaymentRow, Receivables, WeekRevenue
from .snapshot import DUE_SOON_DAYS

FILE_TYPE = "accounting_month"
STALE_OPEN = "<!-- odoo-mcp:stale -->"
STALE_CLOSE = "<!-- /odoo-mcp:stale -->"

REVENUE_BASIS = "Invoiced revenue: posted customer invoices minus credit notes, by invoice date, untaxed, company currency."
EXPENSES_BASIS = "Invoiced expenses: posted vendor bills minus refunds, by bill date, untaxed, company currency."
PNL_BASIS = (
    "Profit and loss: posted journal items on income and expense accounts, by accounting date. This, not invoiced "
    "revenue, is the basis of income, expenses and net profit."
)

_DOC_COLUMNS = ["Number", "Kind", "{partner}", "Date", "Due", "Status", "Total", "Open", "Currency", "Odoo id"]
_DRAFT_COLUMNS = ["Kind", "Partner", "Created", "Age (days)", "Invoice date", "Total", "Currency", "Odoo id"]


def relative_path(month: str, folder: str = "Accounting") -> str:
    """`Accounting/2026-11.md`, or in a company's folder (`Accounting/Acme EU/2026-11.md`, see `vault.scope`)."""
    return f"{folder}/{month}.md"


def month_title(month: str) -> str:
    return month_bounds(month)[0].strftime("%B %Y")


# -- render --------------------------------------------------------------------------------------------


def render(snap: MonthSnapshot, status: FileStatus, previous: str | None = None, *, company_id: int | None = None) -> str:
    """The whole file; `previous` (the file as it is now) supplies the owner's notes and proves we own it."""
    meta = {
        "type": FILE_TYPE,
        "month": snap.month,
        "period": f"{snap.date_from.isoformat()} to {snap.date_to.isoformat()}",
        "company": snap.company,
        "company_id": company_id,
        "currency": snap.currency,
        **_status_meta(status),
        "revenue": str(snap.revenue),
        "expenses": str(snap.expenses),
        "net_profit": str(snap.net_profit),
        "figures_as_of": snap.current.as_of.isoformat() if snap.current else None,
    }
    return owned_document(meta, _body(snap, status), previous)


def _status_meta(status: FileStatus) -> dict[str, Any]:
    return {
        "updated": status.updated.isoformat(timespec="seconds"),
        "source": status.source,
        "odoo_connected": status.odoo_connected,
        "stale": status.stale,
        "last_success": status.last_success.isoformat(timespec="seconds") if status.last_success else None,
        "last_error": status.last_error,
    }


def _amount(label: str, currency: str) -> str:
    return f"{label} ({currency})"


def _body(s: MonthSnapshot, status: FileStatus) -> str:
    cur = s.currency
    out = [f"# Accounting: {month_title(s.month)}", ""]
    if status.source == "sandbox":
        out += ["> [!note] Sandbox data", "> These figures come from the built-in sandbox, not from a real company's books.", ""]
    out += [
        f"{md_text(s.company)}. Figures are Odoo's, in {cur}, synced {stamp(status.updated)} by `odoo-mcp sync`. "
        "This file is regenerated on every sync: write your own notes below the line at the end.",
        "",
        "## At a glance",
        "",
        table(["Figure", "Value"], _glance(s), right=[1]),
        "",
        *_profit_note(s),
        "## Revenue",
        "",
        REVENUE_BASIS,
        "",
        table(
            ["Week", "Documents", _amount("Revenue", cur)],
            [*((f"{w.date_from} to {w.date_to}", w.count, w.amount) for w in s.weeks), ("Month", s.revenue_count, s.revenue)],
            right=[1, 2],
        ),
        "",
        "## Expenses",
        "",
        EXPENSES_BASIS,
        "",
        table(["Figure", "Documents", _amount("Expenses", cur)], [("Month", s.expenses_count, s.expenses)], right=[1, 2]),
        "",
        "### By vendor",
        "",
        table(
            ["Vendor", "Bills", _amount("Expenses", cur), "Odoo id"],
            [(v.partner, v.count, v.amount, v.partner_id) for v in s.vendors],
            right=[1, 2],
        ),
        "",
        "## Profit and loss",
        "",
        PNL_BASIS,
        "",
        table(
            ["Section", "Account", "Account type", _amount("Amount", cur)],
            [(line.section, line.account, line.account_type, line.amount) for line in s.pnl_lines],
            right=[3],
        ),
        "",
        "### Totals",
        "",
        table(
            ["Figure", _amount("Amount", cur)],
            [("Income", s.income), ("Expenses", s.pnl_expenses), ("Net profit", s.net_profit)],
            right=[1],
        ),
        "",
    ]
    if s.current:
        out += _current(s.current, cur)
    else:
        out += [
            "## Receivables",
            "",
            "Receivables, due dates and drafts describe today, not a month: they are in the current month's file.",
            "",
        ]
    out += _docs("Invoices issued", "Customer", s.invoices, f"Posted customer invoices and credit notes dated in {month_title(s.month)}.")
    out += [
        "## Payments received",
        "",
        f"Customer payments dated in {month_title(s.month)} (in process or paid), in {cur}.",
        "",
        table(
            ["Payment", "Date", "Customer", _amount("Amount", cur), "State", "Memo", "Odoo id"],
            [(p.name, p.date, p.partner, p.amount, p.state, p.memo, p.id) for p in s.payments],
            right=[3],
        ),
        "",
    ]
    out += _docs("Vendor bills", "Vendor", s.bills, f"Posted vendor bills and refunds dated in {month_title(s.month)}.")
    return "\n".join(out)


def _profit_note(s: MonthSnapshot) -> list[str]:
    note = profit_above_revenue(s.net_profit, s.income, s.revenue, s.currency)
    return ["> [!note] Why net profit is above invoiced revenue", f"> {note}", ""] if note else []


def _glance(s: MonthSnapshot) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("Income (profit and loss, by accounting date)", s.income),
        ("Expenses (profit and loss, by accounting date)", s.pnl_expenses),
        ("Net profit (profit and loss, by accounting date)", s.net_profit),
        ("Invoiced revenue (customer invoices, by invoice date)", s.revenue),
        ("Invoiced expenses (vendor bills, by bill date)", s.expenses),
        ("Payments received", sum((p.amount for p in s.payments), Decimal(0))),
    ]
    if s.current:
        rows += [
            (f"Overdue receivables on {s.current.as_of}", s.current.receivables.total),
            ("Overdue invoices", s.current.receivables.count),
            ("Drafts waiting", len(s.current.drafts)),
        ]
    return rows


def _doc_table(rows: list[DocRow], partner: str) -> str:
    headers = [c.format(partner=partner) for c in _DOC_COLUMNS]
    return table(
        headers,
        [(r.number, r.kind, r.partner, r.invoice_date, r.due_date, r.status, r.total, r.open, r.currency, r.id) for r in rows],
        right=[6, 7],
    )


def _docs(title: str, partner: str, rows: list[DocRow], intro: str) -> list[str]:
    totals: dict[str, list[Any]] = {}
    for r in rows:
        bucket = totals.setdefault(r.currency, [0, Decimal(0), Decimal(0)])
        bucket[0] += 1
        bucket[1] += r.total
        bucket[2] += r.open
    return [
        f"## {title}",
        "",
        intro + " Credit notes and refunds count negative.",
        "",
        _doc_table(rows, partner),
        "",
        "### Totals",
        "",
        table(["Currency", "Documents", "Total", "Open"], [(c, *v) for c, v in sorted(totals.items())], right=[1, 2, 3]),
        "",
    ]


def aging_table(r: Receivables, currency: str) -> str:
    """Overdue receivables by age bucket, with a total row; shared with the briefing."""
    return table(
        ["Days overdue", "Invoices", _amount("Open", currency)],
        [*((b.label, b.count, b.amount) for b in r.buckets), ("Total", r.count, r.total)],
        right=[1, 2],
    )


def _current(c: CurrentState, cur: str) -> list[str]:
    r = c.receivables
    horizon = c.as_of + dt.timedelta(days=DUE_SOON_DAYS)
    return [
        "## Receivables",
        "",
        f"Overdue customer invoices on {c.as_of}, by days past due (open amounts, {cur}).",
        "",
        aging_table(r, cur),
        "",
        f"### Most overdue (up to {len(r.most_overdue)} of {r.count})",
        "",
        table(
            ["Invoice", "Customer", "Due", "Days overdue", _amount("Open", cur), "Odoo id"],
            [(i.number, i.partner, i.due_date, i.days_overdue, i.open, i.id) for i in r.most_overdue],
            right=[3, 4],
        ),
        "",
        f"### Customer invoices due by {horizon}",
        "",
        _doc_table(c.due_invoices, "Customer"),
        "",
        f"### Vendor bills due by {horizon}",
        "",
        _doc_table(c.due_bills, "Vendor"),
        "",
        "## Drafts waiting to be sent",
        "",
        f"Draft invoices (not sent) and draft bills (not confirmed) on {c.as_of}, oldest first.",
        "",
        table(
            _DRAFT_COLUMNS,
            [(d.kind, d.partner, d.created, d.age_days, d.invoice_date, d.total, d.currency, d.id) for d in c.drafts],
            right=[3, 5],
        ),
        "",
    ]


# -- stale marking --------------------------------------------------------------------------------------


def mark_stale(text: str, *, now: dt.datetime, error: str) -> str:
    """The same figures, marked stale: front matter says so and a banner under the title shows when and why.

    Works on the text as it is (no full parse), so even a file the owner has reshaped keeps its
    figures and gets the marker.
    """
    meta, body = split_front_matter(text)
    if not is_generated(meta):
        raise ValueError("not a file generated by odoo-mcp")
    meta.update(updated=now.isoformat(timespec="seconds"), odoo_connected=False, stale=True, last_error=error)
    last = _datetime(meta.get("last_success"))
    banner = "\n".join(
        [
            STALE_OPEN,
            "> [!warning] Stale: Odoo could not be reached",
            f"> These are the figures of the last successful sync, {stamp(last) if last else 'at an unknown time'}. "
            f"The last attempt, {stamp(now)}, failed: {error}",
            "> The sync keeps retrying; this notice disappears once Odoo answers again.",
            STALE_CLOSE,
        ]
    )
    body = _without_banner(body)
    lines = body.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    lines[at:at] = ["", banner]
    return front_matter(meta) + "\n".join(lines)


def _without_banner(body: str) -> str:
    if STALE_OPEN not in body:
        return body
    head, rest = body.split(STALE_OPEN, 1)
    tail = rest.split(STALE_CLOSE, 1)[1] if STALE_CLOSE in rest else ""
    return head.rstrip("\n") + "\n" + tail.lstrip("\n")


# -- parse ------------------------------------------------------------------------------------------------


def _datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        return dt.datetime.fromisoformat(value)
    return None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _int(value: str | None) -> int | None:
    return int(value.replace(",", "")) if value else None


def _money(value: str | None) -> Decimal:
    if value is None:
        raise ValueError("an amount is missing")
    return parse_money(value)


def status_of(meta: dict[str, Any]) -> FileStatus:
    return FileStatus(
        updated=_datetime(meta.get("updated")) or dt.datetime.min,
        source=str(meta.get("source") or "?"),
        odoo_connected=bool(meta.get("odoo_connected")),
        stale=bool(meta.get("stale")),
        last_success=_datetime(meta.get("last_success")),
        last_error=meta.get("last_error"),
    )


def _need(tables: list[Table], section: str, subsection: str | None = None) -> Table:
    found = find_table(tables, section, subsection)
    if found is None:
        raise ValueError(f"the month file has no table under '{section}{' / ' + subsection if subsection else ''}'")
    return found


def _doc_rows(tables: list[Table], section: str, subsection: str | None = None) -> list[DocRow]:
    t = find_table(tables, section, subsection)
    if t is None:
        return []
    partner = t.headers[2]
    return [
        DocRow(
            id=_int(r["Odoo id"]),
            number=r["Number"] or "/",
            kind=r["Kind"],
            partner=r[partner],
            invoice_date=_date(r["Date"]),
            due_date=_date(r["Due"]),
            status=r["Status"] or "",
            total=_money(r["Total"]),
            open=_money(r["Open"]),
            currency=r["Currency"] or "?",
        )
        for r in t.rows
    ]


def parse(text: str) -> tuple[MonthSnapshot, FileStatus]:
    """A generated month file back into its snapshot and status; `ValueError` if it is not one (or is damaged)."""
    meta, _ = split_front_matter(text)
    if not is_generated(meta) or meta.get("type") != FILE_TYPE:
        raise ValueError("not an accounting month file generated by odoo-mcp")
    month, cur = str(meta["month"]), str(meta["currency"])
    first, last = month_bounds(month)
    tables = parse_tables(generated_part(text))

    revenue = _need(tables, "Revenue")
    weeks, month_row = revenue.rows[:-1], revenue.rows[-1]
    amount = _amount("Revenue", cur)
    expenses = _need(tables, "Expenses").rows[0]
    totals = {r["Figure"]: _money(r[_amount("Amount", cur)]) for r in _need(tables, "Profit and loss", "Totals").rows}

    current = None
    aging = find_table(tables, "Receivables")
    if aging is not None:
        by_label = {r["Days overdue"]: r for r in aging.rows}
        open_col = _amount("Open", cur)
        as_of = _date(meta.get("figures_as_of"))
        if as_of is None:
            raise ValueError("figures_as_of is missing from the front matter")
        current = CurrentState(
            as_of=as_of,
            receivables=Receivables(
                as_of=as_of,
                total=_money(by_label["Total"][open_col]),
                count=_int(by_label["Total"]["Invoices"]) or 0,
                buckets=[
                    AgingBucket(label=label, amount=_money(by_label[label][open_col]), count=_int(by_label[label]["Invoices"]) or 0)
                    for label in AGING_LABELS
                ],
                most_overdue=[
                    OverdueRow(
                        id=_int(r["Odoo id"]),
                        number=r["Invoice"] or "/",
                        partner=r["Customer"],
                        due_date=_date(r["Due"]),
                        days_overdue=_int(r["Days overdue"]),
                        open=_money(r[open_col]),
                    )
                    for r in table_rows(tables, "Receivables", "Most overdue")
                ],
            ),
            due_invoices=_doc_rows(tables, "Receivables", "Customer invoices due"),
            due_bills=_doc_rows(tables, "Receivables", "Vendor bills due"),
            drafts=[
                DraftRow(
                    id=_int(r["Odoo id"]),
                    kind=r["Kind"],
                    partner=r["Partner"],
                    created=_date(r["Created"]),
                    age_days=_int(r["Age (days)"]),
                    invoice_date=_date(r["Invoice date"]),
                    total=_money(r["Total"]),
                    currency=r["Currency"] or "?",
                )
                for r in table_rows(tables, "Drafts waiting")
            ],
        )

    snap = MonthSnapshot(
        month=month,
        date_from=first,
        date_to=last,
        company=str(meta.get("company") or ""),
        currency=cur,
        revenue=_money(month_row[amount]),
        revenue_count=_int(month_row["Documents"]) or 0,
        expenses=_money(expenses[_amount("Expenses", cur)]),
        expenses_count=_int(expenses["Documents"]) or 0,
        weeks=[
            WeekRevenue(
                date_from=dt.date.fromisoformat(str(r["Week"]).split(" to ")[0]),
                date_to=dt.date.fromisoformat(str(r["Week"]).split(" to ")[1]),
                amount=_money(r[amount]),
                count=_int(r["Documents"]) or 0,
            )
            for r in weeks
        ],
        income=totals["Income"],
        pnl_expenses=totals["Expenses"],
        net_profit=totals["Net profit"],
        pnl_lines=[
            PnlLine(
                section=r["Section"],
                account=r["Account"] or "?",
                account_type=r["Account type"] or "",
                amount=_money(r[_amount("Amount", cur)]),
            )
            for r in table_rows(tables, "Profit and loss")
        ],
        vendors=[
            PartnerMonthAmount(
                month=month,
                partner=r["Vendor"],
                partner_id=_int(r["Odoo id"]),
                amount=_money(r[_amount("Expenses", cur)]),
                count=_int(r["Bills"]) or 0,
            )
            for r in table_rows(tables, "Expenses", "By vendor")
        ],
        invoices=_doc_rows(tables, "Invoices issued"),
        payments=[
            PaymentRow(
                id=_int(r["Odoo id"]),
                name=r["Payment"] or "",
                date=_date(r["Date"]),
                partner=r["Customer"],
                amount=_money(r[_amount("Amount", cur)]),
                state=r["State"] or "",
                memo=r["Memo"],
            )
            for r in table_rows(tables, "Payments received")
        ],
        bills=_doc_rows(tables, "Vendor bills"),
        current=current,
    )
    return snap, status_of(meta)


def read_month_files(texts: dict[str, str]) -> dict[str, tuple[MonthSnapshot, FileStatus]]:
    """Parse many month files (name -> text), skipping any that are not ours or are damaged."""
    parsed = {}
    for name, text in texts.items():
        try:
            parsed[name] = parse(text)
        except (ValueError, KeyError, TypeError):
            continue
    return parsed


