"""`Accounting/YYYY-MM.md`: render a month's snapshot, read it back, and mark it stale.

The file is the owner's view and the program's memory at once. The view is Markdown (front
matter, tables); the memory is the snapshot itself, carried at the end of the generated part as
one inert data line (`data_block`). Reading a file back is pydantic validation of that line,
never a scrape of the tables, so when Odoo is down the briefing and the stale marker work from
what the sync wrote, never from zeros or a hidden cache.

- A file from an older version (no data line) reads as absent (`LegacyFile`): the next sync
  fetches that month from Odoo again and writes it with its data.
- A file whose tables or figures no longer say what its data says (edited by hand) reads as its
  data (the snapshot wins), and `disagreement` says where; the next sync re-renders it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..accounting.periods import month_bounds
from ..vault import front_matter
from ..vault.neutral import md_text, one_line
from . import data_block
from .markdown import (
    END_MARKER,
    Links,
    generated_part,
    is_generated,
    owned_document,
    parse_tables,
    profit_above_revenue,
    stamp,
    table,
)
from .models import CurrentState, DocRow, FileStatus, MonthSnapshot, OverdueRow, Receivables
from .snapshot import DUE_SOON_DAYS

FILE_TYPE = "accounting_month"
DATA_KIND = "month-snapshot/1"  # the data line's kind; a new shape gets a new number
log = logging.getLogger(__name__)

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
    meta, body = _meta(snap, status, company_id), _body(snap, status)
    stored = {"view": _view_digest(front_matter.block(meta) + body), "snapshot": snap.model_dump(mode="json")}
    return owned_document(meta, body + "\n" + data_block.line(DATA_KIND, stored) + "\n", previous)


def _view_digest(text: str) -> str:
    """A fingerprint of what a file shows of its figures: the front-matter lines that state figures, and the
    tables and headings above the end marker. Any edit to those changes it; the status properties, the stale
    banner, the intro line and the owner's notes do not count."""
    head, _, rest = text.partition("\n---\n")  # the front matter (values are one line each), the rest
    lines = [line for line in head.split("\n") if line.split(":", 1)[0] in _FIGURES]
    lines += [line for line in rest.split(END_MARKER, 1)[0].split("\n") if line.startswith(("|", "#"))]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


_VIEW = re.compile(r'\{"view":"([0-9a-f]{64})"')


def unchanged(text: str) -> bool:
    """True when the file carries its data and shows exactly what was rendered from it: nothing to repair.

    Text only (no YAML, no validation): what lets the sync look at every month file on every run for free.
    """
    try:
        data = data_block.find(text.split(END_MARKER, 1)[0], DATA_KIND)
    except data_block.DamagedData:
        return False
    found = _VIEW.match(data) if data is not None else None
    return found is not None and found.group(1) == _view_digest(text)


def _meta(snap: MonthSnapshot, status: FileStatus, company_id: int | None) -> dict[str, Any]:
    return {
        "type": FILE_TYPE,
        "month": snap.month,
        "period": f"{snap.date_from.isoformat()} to {snap.date_to.isoformat()}",
        "company": one_line(snap.company),  # a property is one line; the data line keeps the name exactly
        "company_id": company_id,
        "currency": snap.currency,
        **_status_meta(status),
        "revenue": str(snap.revenue),
        "expenses": str(snap.expenses),
        "net_profit": str(snap.net_profit),
        "figures_as_of": snap.current.as_of.isoformat() if snap.current else None,
    }


def _status_meta(status: FileStatus) -> dict[str, Any]:
    return {
        "updated": status.updated.isoformat(timespec="seconds"),
        "source": status.source,
        "odoo_connected": status.odoo_connected,
        "stale": status.stale,
        "last_success": status.last_success.isoformat(timespec="seconds") if status.last_success else None,
        "last_error": status.last_error,
        "odoo_url": status.odoo_url,
    }


def _amount(label: str, currency: str) -> str:
    return f"{label} ({currency})"


def _body(s: MonthSnapshot, status: FileStatus) -> str:
    cur, link = s.currency, Links(status.odoo_url)
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
        out += _current(s.current, cur, link)
    else:
        out += [
            "## Receivables",
            "",
            "Receivables, due dates and drafts describe today, not a month: they are in the current month's file.",
            "",
        ]
    issued = f"Posted customer invoices and credit notes dated in {month_title(s.month)}."
    out += _docs("Invoices issued", "Customer", s.invoices, issued, link)
    out += [
        "## Payments received",
        "",
        f"Customer payments dated in {month_title(s.month)} (in process or paid), in {cur}.",
        "",
        table(
            ["Payment", "Date", "Customer", _amount("Amount", cur), "State", "Memo", "Odoo id"],
            [(p.name, p.date, p.partner, p.amount, p.state, p.memo, link("account.payment", p.id)) for p in s.payments],
            right=[3],
        ),
        "",
    ]
    out += _docs("Vendor bills", "Vendor", s.bills, f"Posted vendor bills and refunds dated in {month_title(s.month)}.", link)
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
        ]
        if s.current.payables is not None:
            rows += [
                (f"Overdue payables on {s.current.as_of} (we are late paying)", s.current.payables.total),
                ("Overdue vendor bills", s.current.payables.count),
            ]
        rows.append(("Drafts waiting", len(s.current.drafts)))
    return rows


def _doc_table(rows: list[DocRow], partner: str, link: Links) -> str:
    headers = [c.format(partner=partner) for c in _DOC_COLUMNS]
    return table(
        headers,
        [
            (r.number, r.kind, r.partner, r.invoice_date, r.due_date, r.status, r.total, r.open, r.currency, link("account.move", r.id))
            for r in rows
        ],
        right=[6, 7],
    )


def _docs(title: str, partner: str, rows: list[DocRow], intro: str, link: Links) -> list[str]:
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
        _doc_table(rows, partner, link),
        "",
        "### Totals",
        "",
        table(["Currency", "Documents", "Total", "Open"], [(c, *v) for c, v in sorted(totals.items())], right=[1, 2, 3]),
        "",
    ]


def aging_table(r: Receivables, currency: str, documents: str = "Invoices") -> str:
    """Overdue receivables (or payables: `documents="Bills"`) by age bucket, with a total row; shared with the briefing."""
    return table(
        ["Days overdue", documents, _amount("Open", currency)],
        [*((b.label, b.count, b.amount) for b in r.buckets), ("Total", r.count, r.total)],
        right=[1, 2],
    )


def _current(c: CurrentState, cur: str, link: Links) -> list[str]:
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
        _most_overdue(r.most_overdue, "Invoice", "Customer", cur, link),
        "",
        *_payables(c, cur, link),
        f"### Customer invoices due by {horizon}",
        "",
        _doc_table(c.due_invoices, "Customer", link),
        "",
        f"### Vendor bills due by {horizon}",
        "",
        _doc_table(c.due_bills, "Vendor", link),
        "",
        "## Drafts waiting to be sent",
        "",
        f"Draft invoices (not sent) and draft bills (not confirmed) on {c.as_of}, oldest first.",
        "",
        table(
            _DRAFT_COLUMNS,
            [(d.kind, d.partner, d.created, d.age_days, d.invoice_date, d.total, d.currency, link("account.move", d.id)) for d in c.drafts],
            right=[3, 5],
        ),
        "",
    ]


def _most_overdue(rows: list[OverdueRow], document: str, partner: str, cur: str, link: Links) -> str:
    return table(
        [document, partner, "Due", "Days overdue", _amount("Open", cur), "Odoo id"],
        [(i.number, i.partner, i.due_date, i.days_overdue, i.open, link("account.move", i.id)) for i in rows],
        right=[3, 4],
    )


def _payables(c: CurrentState, cur: str, link: Links) -> list[str]:
    p = c.payables
    if p is None:
        return []
    return [
        "### Overdue vendor bills",
        "",
        f"Open vendor bills past due on {c.as_of}, by days past due (open amounts, {cur}): we are late paying these.",
        "",
        aging_table(p, cur, "Bills"),
        "",
        f"### Most overdue vendor bills (up to {len(p.most_overdue)} of {p.count})",
        "",
        _most_overdue(p.most_overdue, "Bill", "Vendor", cur, link),
        "",
    ]


# -- stale marking --------------------------------------------------------------------------------------


def mark_stale(text: str, *, now: dt.datetime, error: str) -> str:
    """The same figures, marked stale: front matter says so and a banner under the title shows when and why.

    Works on the text as it is (no full parse), so even a file the owner has reshaped keeps its
    figures and gets the marker.
    """
    front = front_matter.split(text, strict=False)
    meta, body = front.data, front.body
    if not is_generated(meta):
        raise ValueError("not a file generated by odoo-mcp")
    meta.update(updated=now.isoformat(timespec="seconds"), odoo_connected=False, stale=True, last_error=one_line(error, 300))
    last = _datetime(meta.get("last_success"))
    banner = "\n".join(
        [
            STALE_OPEN,
            "> [!warning] Stale: Odoo could not be reached",
            f"> These are the figures of the last successful sync, {stamp(last) if last else 'at an unknown time'}. "
            f"The last attempt, {stamp(now)}, failed: {md_text(error, 300)}",
            "> The sync keeps retrying; this notice disappears once Odoo answers again.",
            STALE_CLOSE,
        ]
    )
    body = _without_banner(body)
    lines = body.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    lines[at:at] = ["", banner]
    return front_matter.block(meta) + "\n".join(lines)


def _without_banner(body: str) -> str:
    if STALE_OPEN not in body:
        return body
    head, rest = body.split(STALE_OPEN, 1)
    tail = rest.split(STALE_CLOSE, 1)[1] if STALE_CLOSE in rest else ""
    return head.rstrip("\n") + "\n" + tail.lstrip("\n")


# -- read back ------------------------------------------------------------------------------------------


class LegacyFile(ValueError):
    """A month file written by odoo-mcp before files carried their data: read as absent, synced again."""


def _datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        return dt.datetime.fromisoformat(value)
    return None


def status_of(meta: dict[str, Any]) -> FileStatus:
    return FileStatus(
        updated=_datetime(meta.get("updated")) or dt.datetime.min,
        source=str(meta.get("source") or "?"),
        odoo_connected=bool(meta.get("odoo_connected")),
        stale=bool(meta.get("stale")),
        last_success=_datetime(meta.get("last_success")),
        last_error=meta.get("last_error"),
        odoo_url=str(meta["odoo_url"]) if meta.get("odoo_url") else None,
    )


class _Stored(BaseModel):
    """The data line's JSON: the snapshot, and the fingerprint of the view rendered from it."""

    model_config = ConfigDict(extra="forbid")

    view: str
    snapshot: MonthSnapshot


def is_month_file(meta: dict[str, Any]) -> bool:
    return is_generated(meta) and meta.get("type") == FILE_TYPE


def parse(text: str) -> tuple[MonthSnapshot, FileStatus]:
    """A generated month file back into its snapshot (its data line, validated) and status (its front matter).

    `LegacyFile` if it has no data line (an older version wrote it), `ValueError` if it is not a month
    file of ours or its data is damaged. The tables are not read: see `check`.
    """
    read = _read(text)
    return read.snapshot, read.status


def check(text: str) -> tuple[MonthSnapshot, FileStatus, str | None]:
    """`parse`, and where the file's view no longer says what its data says (None: it does).

    Cheap when nothing was edited (the view's fingerprint and the front-matter figures match); only an
    edited file is re-rendered to name the table that differs (`disagreement`).
    """
    read = _read(text)
    snap, status = read.snapshot, read.status
    if read.view == _view_digest(text):
        return snap, status, None
    return snap, status, disagreement(text, snap) or "its tables were changed by hand"


@dataclass(frozen=True)
class _Read:
    snapshot: MonthSnapshot
    status: FileStatus
    view: str  # the fingerprint stored when the file was rendered
    meta: dict[str, Any]
    generated: str  # the body above the end marker


def _read(text: str) -> _Read:
    front = front_matter.split(text, strict=False)
    meta = front.data
    if not is_month_file(meta):
        raise ValueError("not an accounting month file generated by odoo-mcp")
    generated = front.body.split(END_MARKER, 1)[0]
    data = data_block.find(generated, DATA_KIND)
    if data is None:
        raise LegacyFile("the month file was written by an older odoo-mcp and carries no data line")
    try:
        stored = _Stored.model_validate_json(data)
    except ValidationError as exc:
        raise data_block.DamagedData(f"the month file's data line is not a month snapshot ({exc.error_count()} errors)") from None
    snap = stored.snapshot
    if snap.month != meta.get("month"):
        raise data_block.DamagedData(f"the data line is for {snap.month}, the front matter for {meta.get('month')}")
    try:
        status = status_of(meta)
    except (TypeError, ValueError) as exc:
        raise data_block.DamagedData(f"the month file's front matter has an unreadable time ({exc})") from None
    return _Read(snap, status, stored.view, meta, generated)


_FIGURES = ("month", "company", "currency", "revenue", "expenses", "net_profit", "figures_as_of")


def _figures(snap: MonthSnapshot) -> dict[str, Any]:
    """The front-matter properties that state figures of the data (the rest is status)."""
    meta = _meta(snap, FileStatus(updated=dt.datetime.min, source="", odoo_connected=False, stale=False, last_success=None), None)
    return {key: meta[key] for key in _FIGURES}


def disagreement(text: str, snap: MonthSnapshot) -> str | None:
    """Where the file's view (its tables, its front-matter figures) no longer says what its data says, or None.

    The data wins wherever they differ (someone edited a table): the caller warns and the sync re-renders.
    """
    meta = front_matter.properties(text)
    expected = _figures(snap)
    changed = [key for key in _FIGURES if meta.get(key) != expected[key]]
    if changed:
        return f"its front matter ({', '.join(changed)}) differs from its data"
    status = status_of(meta)
    wanted = parse_tables(_body(snap, status))
    found = parse_tables(_without_banner(generated_part(text)))
    if len(found) != len(wanted):
        return f"it has {len(found)} tables where its data makes {len(wanted)}"
    for have, want in zip(found, wanted, strict=True):
        if have != want:
            where = want.section + (f" / {want.subsection}" if want.subsection else "")
            return f"its table under '{where}' differs from its data"
    return None


def read_month_files(texts: dict[str, str]) -> dict[str, tuple[MonthSnapshot, FileStatus]]:
    """Read many month files (name -> text) for the briefing: each by its data.

    A file that is not ours is skipped silently; one from an older version or with damaged data is skipped
    with a warning (that month reads as not synced, never as zero); one whose tables were edited is read by
    its data, with a warning.
    """
    parsed = {}
    for name, text in texts.items():
        try:
            snap, status, why = check(text)
        except LegacyFile as exc:
            log.warning("%s: %s; it counts as not synced until the next sync rewrites it", name, exc)
            continue
        except ValueError as exc:
            if is_month_file(front_matter.properties(text)):
                log.warning("%s left out: %s", name, exc)
            continue
        if why is not None:
            log.warning("%s: %s; its data is used, and the next sync re-renders the file", name, why)
        parsed[name] = (snap, status)
    return parsed
