"""The Dashboard's "This month": the current month's figures, filled in by every successful sync.

`Dashboard.md` is the owner's page; the sync rewrites only the region between
`<!-- odoo-mcp:begin month -->` and `<!-- odoo-mcp:end month -->` (with several companies, one
region per company, `month <company id>`, added after the first). Every figure is Odoo's, the
same the month file holds, each labelled with its basis. A Dashboard without the region, or one
that is not text, is left alone.
"""

from __future__ import annotations

import logging
import re
import stat

from ..vault.layout import DASHBOARD, UnreadableFile, Vault, atomic_write, read_text_file
from ..vault.neutral import md_text
from ..vault.scope import VaultScope
from .markdown import stamp, table
from .models import FileStatus, MonthSnapshot
from .month_file import month_title

log = logging.getLogger(__name__)

BASE_REGION = "month"


def region_name(scope: VaultScope) -> str:
    return BASE_REGION if scope.folder is None else f"{BASE_REGION} {scope.company_id}"


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- odoo-mcp:begin {name} -->", f"<!-- odoo-mcp:end {name} -->"


def this_month(snap: MonthSnapshot, status: FileStatus, month_path: str) -> str:
    """The region's text: the month's figures from its snapshot, with where they come from."""
    cur = snap.currency
    c = snap.current
    rows: list[tuple[str, object]] = [
        ("Invoiced revenue (posted customer invoices minus credit notes, by invoice date, untaxed)", snap.revenue),
        ("Income (profit and loss, by accounting date)", snap.income),
        ("Expenses (profit and loss, by accounting date)", snap.pnl_expenses),
        ("Net profit (profit and loss, by accounting date)", snap.net_profit),
    ]
    if c is not None:
        rows += [
            (f"Open receivables on {c.as_of} (customers owe us, tax included)", _known(c.open_receivables)),
            (f"of which overdue ({c.receivables.count} invoices)", c.receivables.total),
            (f"Open payables on {c.as_of} (we owe vendors, tax included)", _known(c.open_payables)),
            (
                f"of which overdue ({c.payables.count} bills)" if c.payables else "of which overdue",
                _known(c.payables.total if c.payables else None),
            ),
            ("Drafts waiting", len(c.drafts)),
        ]
    lines = [
        f"**{md_text(snap.company)}**, {month_title(snap.month)} · Odoo's figures in {cur}, synced {stamp(status.updated)} · "
        f"details in [[{month_path.removesuffix('.md')}]]",
        "",
    ]
    if status.source == "sandbox":
        lines += ["> [!note] Sandbox data: these figures come from the built-in demo books, not a real company.", ""]
    lines.append(table(["Figure", f"Amount ({cur})"], rows, right=[1]))
    return "\n".join(lines)


def _known(value: object) -> object:
    return "not known" if value is None else value


def fill(text: str, name: str, content: str) -> str | None:
    """`text` with region `name` holding `content`; a missing company region is added after the base one.
    None when the Dashboard has no region to fill (the owner removed it: left alone)."""
    begin, end = _markers(name)
    found = re.search(re.escape(begin) + r"\r?\n(.*?)" + re.escape(end), text, flags=re.S)
    if found:
        return text[: found.start()] + f"{begin}\n{content}\n{end}" + text[found.end() :]
    base_end = _markers(BASE_REGION)[1]
    if name == BASE_REGION or base_end not in text:
        return None
    at = text.index(base_end) + len(base_end)
    return text[:at] + f"\n{begin}\n{content}\n{end}" + text[at:]


def update(vault: Vault, snap: MonthSnapshot, status: FileStatus, month_path: str, scope: VaultScope) -> bool:
    """Rewrite the Dashboard's "This month" for this company; False (and why, on stderr) when left alone."""
    path = vault.resolve(DASHBOARD)
    if not path.is_file() or path.is_symlink():
        return False
    try:
        text = read_text_file(path, shown=DASHBOARD)
    except UnreadableFile as exc:
        log.warning("%s: its This month section is not filled", exc)
        return False
    filled = fill(text, region_name(scope), this_month(snap, status, month_path))
    if filled is None:
        log.warning("%s has no `<!-- odoo-mcp:begin month -->` region: its This month section is not filled", DASHBOARD)
        return False
    if filled != text:
        mode = stat.S_IMODE(path.stat().st_mode)
        atomic_write(path, filled)
        path.chmod(mode)  # the owner's file keeps its permissions (a new file would be private)
    return True
