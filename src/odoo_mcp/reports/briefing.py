"""`Briefings/YYYY-MM-DD_Monday_Briefing.md`: the owner's Monday page, rendered from `BriefingFacts`.

Order follows what a busy owner asks first: how are we doing (Executive Summary), is revenue on
target (Revenue, with a Mermaid chart Obsidian draws), what got done, what is stuck, what to do
next. Every figure is Odoo's (or, offline, the last synced file's, said at the very top); a
figure nobody knows is printed as missing, never as zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..accounting.periods import month_bounds, month_key
from ..vault.layout import BRIEFINGS, PENDING
from ..vault.neutral import md_text
from .briefing_data import BriefingFacts, TrendMonth
from .goals import Goals
from .insights import TargetPace, VendorRise, expense_change, misset_target, target_pace, vendor_rises
from .markdown import Links, money, owned_document, percent, profit_above_revenue, stamp, table
from .models import DocRow, OverdueRow, Receivables
from .month_file import aging_table
from .vault_items import ApprovalItem

FILE_TYPE = "ceo_briefing"
TOP_OVERDUE = 10
CHART_COLORS = "#2f6feb, #d1242f, #8c959f"  # bars revenue (blue), line expenses (red), line target (grey)


def week_monday(day: dt.date) -> dt.date:
    """The Monday of `day`'s week: a briefing is named after it whatever day it is written (one file a week)."""
    return day - dt.timedelta(days=day.weekday())


def relative_path(day: dt.date, folder: str = BRIEFINGS) -> str:
    """`Briefings/2026-11-23_Monday_Briefing.md` for any day of that week, or in a company's folder (see `vault.scope`)."""
    return f"{folder}/{week_monday(day).isoformat()}_Monday_Briefing.md"


def _m(amount: Decimal | None, currency: str | None = None) -> str:
    if amount is None:
        return "not known"
    return f"{money(amount)} {currency}" if currency else money(amount)


def _short(day: dt.date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def _month_label(key: str, to_date: dt.date | None) -> str:
    first = month_bounds(key)[0]
    label = first.strftime("%b %Y")
    return f"{label} (to {to_date.day} {to_date.strftime('%b')})" if to_date else label


class Briefing:
    """One briefing: facts + goals + vault items, with the judgements computed once for all sections."""

    def __init__(
        self, facts: BriefingFacts, goals: Goals, done: list[ApprovalItem], waiting: list[ApprovalItem], *, now: dt.datetime,
        company_id: int | None = None, odoo_url: str | None = None,
    ) -> None:
        self.f, self.g, self.done, self.waiting, self.now = facts, goals, done, waiting, now
        self.company_id = company_id
        self.link = Links(odoo_url)  # each invoice, bill and draft opens in Odoo (plain text on the sandbox)
        self.cur = facts.currency
        self.pace: TargetPace | None = None
        self.target_note: str | None = None
        target = goals.monthly_revenue_target
        if target is None:
            self.target_note = "No `monthly_revenue_target` in Business_Goals.md: set one to see progress against it."
        elif goals.currency and goals.currency != facts.currency:
            self.target_note = (
                f"Business_Goals.md states the target in {goals.currency} but Odoo reports {facts.currency}: "
                "not compared. Fix the currency in Business_Goals.md."
            )
        elif facts.mtd_revenue is not None:
            complete = [t.revenue for t in facts.trend if t.to_date is None and t.revenue is not None]
            self.target_note = misset_target(target, complete, facts.currency)
            if self.target_note is None:
                self.pace = target_pace(facts.mtd_revenue, target, facts.mtd_to, goals.revenue_below_target_pct)
        recent = {month_key(facts.date), month_key(facts.date.replace(day=1) - dt.timedelta(days=1))}
        self.rises: list[VendorRise] = vendor_rises(facts.vendor_spend, goals.expense_increase_pct, recent=recent)
        self.old_drafts = [d for d in facts.drafts or [] if d.age_days is not None and d.age_days >= goals.draft_age_days]
        rows = facts.receivables.most_overdue if facts.receivables else []
        self.long_overdue = [r for r in rows if r.days_overdue > goals.overdue_days]
        self.long_overdue_count = _count_beyond(facts.receivables, goals.overdue_days, len(self.long_overdue))

    # -- document ---------------------------------------------------------------------------------------

    def render(self, previous: str | None = None) -> str:
        f = self.f
        meta: dict[str, Any] = {
            "type": FILE_TYPE,
            "date": f.date.isoformat(),
            "period": f"{f.week_from.isoformat()} to {f.week_to.isoformat()}",
            "generated": self.now.isoformat(timespec="seconds"),
            "source": f.source,
            "odoo_connected": f.live,
            "data": "live" if f.live else "last_sync",
            "last_success": f.synced_at.isoformat(timespec="seconds") if f.synced_at else None,
            "currency": self.cur,
            "company": f.company,
            "company_id": self.company_id,
            "week_revenue": str(f.week_revenue) if f.week_revenue is not None else None,
            "mtd_revenue": str(f.mtd_revenue) if f.mtd_revenue is not None else None,
            "overdue": str(f.receivables.total) if f.receivables else None,
            "overdue_payables": str(f.payables.total) if f.payables else None,
        }
        sections = [
            self._title(),
            self._summary(),
            self._revenue(),
            self._completed(),
            self._bottlenecks(),
            self._suggestions(),
            self._footer(),
        ]
        return owned_document(meta, "\n\n".join(sections) + "\n", previous)

    def _title(self) -> str:
        f = self.f
        monday = week_monday(f.date)
        title = f"# Monday Briefing: week of {monday.day} {monday.strftime('%B %Y')}"
        if f.date != monday:  # written later in the week: say so, the figures are as of that day
            title += f" (written {f.date.strftime('%A')} {f.date.day} {f.date.strftime('%B')})"
        lines = [title, ""]
        if not f.live:
            synced = stamp(f.synced_at) if f.synced_at else "an unknown time"
            lines += [
                "> [!warning] Odoo is offline: built from the last synced files",
                f"> Odoo could not be reached ({f.offline_reason}). Every figure below comes from "
                f"{', '.join(f'`{p}`' for p in f.files_used)}, last synced {synced}; anything those files do not hold "
                "is marked *not known*. Run `odoo-mcp briefing` again once Odoo is back.",
                "",
            ]
        if f.source == "sandbox":
            lines += ["> [!note] Sandbox data", "> Built from the built-in sandbox, not from a real company's books.", ""]
        lines.append(
            f"{md_text(f.company)} · week reviewed: {_short(f.week_from)} to {_short(f.week_to)} · amounts in {self.cur}; revenue "
            "and expenses untaxed, open amounts as owed (tax included)."
        )
        return "\n".join(lines)

    def _summary(self) -> str:
        return "\n".join(["## Executive Summary", "", *(f"- {line}" for line in self.summary_lines())])

    def summary_lines(self) -> list[str]:
        """The Executive Summary's points, also returned by the MCP tool."""
        f, g, cur = self.f, self.g, self.cur
        out: list[str] = []
        if not f.live:
            out.append(f"Odoo is offline: figures from the files synced {stamp(f.synced_at) if f.synced_at else 'at an unknown time'}.")
        if self.pace:
            p = self.pace
            verdict = f"**behind** (alert below {percent(p.alert_below_pct)})" if p.behind else "**on track**"
            out.append(
                f"Invoiced revenue month to date (by invoice date): **{_m(p.mtd, cur)}**, {percent(p.of_target)} of the monthly target of "
                f"{_m(p.target, cur)} ({percent(p.of_pro_rata)} of the {_m(p.pro_rata)} expected by day {f.mtd_to.day}): {verdict}."
            )
        else:
            out.append(f"Invoiced revenue month to date (by invoice date): **{_m(f.mtd_revenue, cur)}**. {self.target_note or ''}".rstrip())
        if f.week_revenue is not None:
            out.append(
                f"Invoiced last week ({_short(f.week_from)} to {_short(f.week_to)}): "
                f"**{_m(f.week_revenue, cur)}** from {f.week_count} posted documents."
            )
        else:
            out.append(f"Last week's revenue is not known: the synced files do not cover {f.week_from} to {f.week_to}.")
        out.append(f"Net profit month to date: **{_m(f.mtd_net_profit, cur)}** (profit and loss, posted entries by accounting date).")
        why = profit_above_revenue(f.mtd_net_profit, f.mtd_income, f.mtd_revenue, cur)
        if why:
            out.append(why)
        if f.receivables:
            r = f.receivables
            long = f"{self.long_overdue_count} more than {g.overdue_days} days"
            out.append(f"Overdue: **{_n(r.count, 'invoice')}, {_m(r.total, cur)}**; {long}.")
        if f.payables is not None and f.payables.count:
            late = f.payables
            out.append(f"Late paying: **{_n(late.count, 'vendor bill')}, {_m(late.total, cur)}** past due (we owe it).")
        if f.due_invoices is not None and f.due_bills is not None:
            out.append(
                f"Due by {_short(f.due_to)}: collect {_n(len(f.due_invoices), 'invoice')} ({_m(_open(f.due_invoices), cur)}), "
                f"pay {_n(len(f.due_bills), 'bill')} ({_m(_open(f.due_bills), cur)})."
            )
        if self.old_drafts:
            them = "it" if len(self.old_drafts) == 1 else "them"
            out.append(f"{_n(len(self.old_drafts), 'draft')} waiting {g.draft_age_days} days or more: send or delete {them}.")
        if self.waiting:
            out.append(f"Waiting for you: **{_n(len(self.waiting), 'approval request')}** in `{PENDING}/`.")
        if self.rises:
            names = ", ".join(f"{md_text(r.partner)} +{percent(r.change_pct)}" for r in self.rises[:3])
            out.append(f"Recurring costs up more than {percent(g.expense_increase_pct)}: {names}.")
        for problem in g.problems:
            out.append(f"Note: {problem}.")
        return out

    def _revenue(self) -> str:
        f, cur = self.f, self.cur
        rows: list[tuple[str, Any]] = [
            (f"Invoiced revenue last week, by invoice date ({f.week_from} to {f.week_to})", f.week_revenue),
            (f"Invoiced revenue month to date, by invoice date ({f.mtd_from} to {f.mtd_to})", f.mtd_revenue),
            (f"Invoiced expenses month to date, by bill date ({f.mtd_from} to {f.mtd_to})", f.mtd_expenses),
            ("Income month to date (profit and loss, by accounting date)", f.mtd_income),
            ("Expenses month to date (profit and loss, by accounting date)", f.mtd_pnl_expenses),
            ("Net profit month to date (profit and loss, by accounting date)", f.mtd_net_profit),
        ]
        if self.pace:
            rows += [("Monthly target", self.pace.target), (f"Target pro-rata to day {f.mtd_to.day}", self.pace.pro_rata)]
        out = [
            "## Revenue",
            "",
            table(["Figure", f"Amount ({cur})"], [(label, "not known" if v is None else v) for label, v in rows], right=[1]),
            "",
        ]
        why = profit_above_revenue(f.mtd_net_profit, f.mtd_income, f.mtd_revenue, cur)
        if why:
            out += ["> [!note] Why net profit is above invoiced revenue", f"> {why}", ""]
        if self.pace:
            p = self.pace
            out.append(
                f"Reached {percent(p.of_target)} of the monthly target and {percent(p.of_pro_rata)} of the pro-rata target "
                f"(alert below {percent(p.alert_below_pct)}, from Business_Goals.md)."
            )
            if p.behind:
                out += [
                    "",
                    "> [!warning] Revenue is behind target",
                    f"> {_m(p.pro_rata - p.mtd, cur)} short of the pace for day {f.mtd_to.day}.",
                ]
        elif self.target_note:
            out.append(self.target_note)
        span = f"{_month_label(f.trend[0].month, None)} to {_month_label(f.trend[-1].month, None)}"
        out += ["", f"### Trend, {span}", "", self._chart(), "", self._trend_table()]
        change = self._expense_change()
        if change is not None:
            out += ["", change]
        return "\n".join(out)

    def _chart(self) -> str:
        known = [t for t in self.f.trend if t.revenue is not None and t.expenses is not None]
        if not known:
            return "_No synced month to chart._"
        revenue = [t.revenue for t in known if t.revenue is not None]
        expenses = [t.expenses for t in known if t.expenses is not None]
        values = [*revenue, *expenses]
        target = self.pace.target if self.pace else None
        if target is not None:
            values.append(target)
        top = _nice_ceiling(max(max(values), Decimal(0)) * Decimal("1.1"))
        bottom = min(Decimal(0), _nice_floor(min(values)))
        legend = "Revenue (blue bars), expenses (red line)" + (", target (grey line)" if target is not None else "")
        lines = [
            "```mermaid",
            f'%%{{init: {{"themeVariables": {{"xyChart": {{"plotColorPalette": "{CHART_COLORS}"}}}}}}}}%%',
            "xychart-beta",
            f'    title "{legend}, {self.cur}"',
            "    x-axis [" + ", ".join(f'"{_axis_label(t)}"' for t in known) + "]",
            f'    y-axis "{self.cur}" {bottom} --> {top}',
            "    bar [" + ", ".join(str(v) for v in revenue) + "]",
            "    line [" + ", ".join(str(v) for v in expenses) + "]",
        ]
        if target is not None:
            lines.append("    line [" + ", ".join(str(target) for _ in known) + "]")
        lines.append("```")
        missing = [t.month for t in self.f.trend if t not in known]
        if missing:
            lines += ["", f"Not charted (never synced while Odoo was offline): {', '.join(missing)}."]
        return "\n".join(lines)

    def _trend_table(self) -> str:
        def net(t: TrendMonth) -> Any:
            return t.revenue - t.expenses if t.revenue is not None and t.expenses is not None else "not known"

        return table(
            ["Month", f"Revenue ({self.cur})", f"Expenses ({self.cur})", f"Revenue minus expenses ({self.cur})"],
            [
                (
                    _month_label(t.month, t.to_date),
                    "not known" if t.revenue is None else t.revenue,
                    "not known" if t.expenses is None else t.expenses,
                    net(t),
                )
                for t in self.f.trend
            ],
            right=[1, 2, 3],
        )

    def _expense_change(self) -> str | None:
        complete = [t for t in self.f.trend if t.to_date is None]
        if len(complete) < 2:
            return None
        before, last = complete[-2], complete[-1]
        change = expense_change(before.expenses, last.expenses)
        if change is None or change <= self.g.expense_increase_pct:
            return None
        return (
            f"> [!warning] Expenses rose {percent(change)} in {_month_label(last.month, None)} against "
            f"{_month_label(before.month, None)} ({_m(before.expenses)} to {_m(last.expenses, self.cur)}), "
            f"above your {percent(self.g.expense_increase_pct)} threshold."
        )

    def _completed(self) -> str:
        out = ["## Completed Tasks", "", f"Approved actions filed in `Done/` from {self.f.week_from} to {self.f.date}.", ""]
        out.append(
            table(
                ["Finished", "Action", "For", "Amount", "Status", "In Odoo"],
                [
                    (
                        i.when.strftime("%Y-%m-%d %H:%M") if i.when else None,
                        i.action,
                        i.recipient,
                        f"{money(i.amount)} {i.currency or ''}".strip() if i.amount is not None else None,
                        i.status,
                        "; ".join(i.odoo),
                    )
                    for i in self.done
                ],
            )
        )
        return "\n".join(out)

    def _bottlenecks(self) -> str:
        f, g, cur = self.f, self.g, self.cur
        out = ["## Bottlenecks", "", "### Overdue invoices by age", ""]
        if f.receivables is None:
            out.append("Not known: no synced file holds today's receivables.")
        else:
            r = f.receivables
            out += [
                f"Open customer invoices past due on {r.as_of}.",
                "",
                aging_table(r, cur),
                "",
                f"### Overdue more than {g.overdue_days} days (most overdue first)",
                "",
                self._overdue_table(self.long_overdue, "Invoice", "Customer"),
            ]
            if len(self.long_overdue) > TOP_OVERDUE:
                out.append(
                    f"\nThe {TOP_OVERDUE} most overdue of {self.long_overdue_count}; the current month's accounting file "
                    f"lists the {len(r.most_overdue)} most overdue."
                )
        out += ["", "### Overdue vendor bills (we are late paying)", ""]
        if f.payables is None:
            out.append("Not known: no synced file holds today's payables.")
        else:
            p = f.payables
            out += [
                f"Open vendor bills past due on {p.as_of}, in {cur} (Odoo's aging of what we owe).",
                "",
                aging_table(p, cur, "Bills"),
                "",
                f"### Most overdue vendor bills ({min(p.count, TOP_OVERDUE)} of {p.count})",
                "",
                self._overdue_table(p.most_overdue, "Bill", "Vendor"),
            ]
            if p.count > TOP_OVERDUE:
                out.append(f"\nThe {TOP_OVERDUE} most overdue of {p.count}; the current month's accounting file lists more.")
        out += ["", "### Drafts not sent", ""]
        if f.drafts is None:
            out.append("Not known: no synced file holds today's drafts.")
        else:
            out += [
                f"Drafts waiting {g.draft_age_days} days or more are flagged (Business_Goals.md `draft_age_days`).",
                "",
                table(
                    ["Kind", "Partner", "Created", "Age (days)", "Total", "Flag"],
                    [
                        (
                            self.link("account.move", d.id, d.kind),
                            d.partner,
                            d.created,
                            d.age_days,
                            f"{money(d.total)} {d.currency}",
                            "waiting too long" if d in self.old_drafts else "",
                        )
                        for d in f.drafts
                    ],
                    right=[3, 4],
                ),
            ]
        out += ["", "### Approvals waiting", ""]
        out.append(
            table(
                ["Request", "Action", "For", "Amount", "Waiting since"],
                [
                    (
                        f"[[{i.file.removesuffix('.md')}]]",
                        i.action,
                        i.recipient,
                        f"{money(i.amount)} {i.currency or ''}".strip() if i.amount is not None else None,
                        i.created.strftime("%Y-%m-%d %H:%M") if i.created else None,
                    )
                    for i in self.waiting
                ],
            )
        )
        return "\n".join(out)

    def _overdue_table(self, rows: list[OverdueRow], document: str, partner: str) -> str:
        """The first `TOP_OVERDUE` of a most-overdue-first list, each document opening in Odoo."""
        return table(
            [document, partner, "Due", "Days overdue", f"Open ({self.cur})"],
            [(self.link("account.move", i.id, i.number), i.partner, i.due_date, i.days_overdue, i.open) for i in rows[:TOP_OVERDUE]],
            right=[3, 4],
        )

    def _suggestions(self) -> str:
        f, g, cur = self.f, self.g, self.cur
        out = ["## Proactive Suggestions", "", f"### Recurring vendor costs up more than {percent(g.expense_increase_pct)}", ""]
        out.append(
            f"Each vendor's latest month against its average over the earlier months it billed in (last {len(f.trend)} months, "
            "untaxed, from Odoo's totals per vendor and month)."
        )
        missing = [t.month for t in f.trend if t.revenue is None]
        if missing:
            out.append(f"Offline, and never synced: {', '.join(missing)}; those months are left out of the averages.")
        out += [
            "",
            table(
                ["Vendor", "Latest month", f"Latest ({cur})", f"Earlier average ({cur})", "Earlier months", "Change"],
                [
                    (r.partner, r.latest_month, r.latest, r.previous_average, r.previous_months, f"+{percent(r.change_pct)}")
                    for r in self.rises
                ],
                right=[2, 3, 4, 5],
            ),
        ]
        for r in self.rises:
            out.append(
                f"- Review **{md_text(r.partner)}**: {_m(r.latest, cur)} in {r.latest_month} against {_m(r.previous_average)} on average. "
                "Is the plan still right, or can it be renegotiated or cancelled?"
            )
        if f.due_invoices is None or f.due_bills is None:
            out += ["", "### Due in the coming week", "", "Not known: no synced file holds today's due dates."]
            return "\n".join(out)
        out += ["", f"### Customer invoices to collect by {f.due_to}", "", _due_table(f.due_invoices, "Customer", self.link)]
        if f.due_invoices:
            out += ["", f"Send a friendly reminder before the due date: {_m(_open(f.due_invoices), cur)} to come in."]
        out += ["", f"### Vendor bills to pay by {f.due_to}", "", _due_table(f.due_bills, "Vendor", self.link)]
        if f.due_bills:
            out += ["", f"Keep {_m(_open(f.due_bills), cur)} available for these bills."]
        return "\n".join(out)

    def _footer(self) -> str:
        source = "the sandbox (demo data)" if self.f.source == "sandbox" else "Odoo"
        how = "live" if self.f.live else "from the last synced files"
        return f"_Generated {stamp(self.now)} by `odoo-mcp briefing` from {source}, {how}._"


def _count_beyond(r: Receivables | None, days: int, listed: int) -> str:
    """How many invoices are overdue more than `days`: exact from the aging buckets when `days` is a
    bucket edge (30, 60, 90), else from the most-overdue list, which may be cut ("at least")."""
    if r is None:
        return "not known"
    edges = {0: 0, 30: 1, 60: 2, 90: 3}
    if days in edges:
        return str(sum(b.count for b in r.buckets[edges[days] :]))
    return str(listed) if len(r.most_overdue) == r.count else f"at least {listed}"


def _open(rows: list[DocRow]) -> Decimal:
    """What is still to pay on these documents, in the company's currency (whatever each document's own)."""
    return sum((r.open_in_company_currency for r in rows), Decimal("0.00"))


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _due_table(rows: list[DocRow], partner: str, link: Links) -> str:
    return table(
        ["Number", partner, "Due", "Open", "Currency"],
        [(link("account.move", r.id, r.number), r.partner, r.due_date, r.open, r.currency) for r in rows],
        right=[3],
    )


def _axis_label(t: TrendMonth) -> str:
    """Short, so six labels fit under a chart in an Obsidian pane: `Jun`, ..., `Nov (MTD)`; January shows its year."""
    first = month_bounds(t.month)[0]
    label = first.strftime("%b %Y") if first.month == 1 else first.strftime("%b")
    return f"{label} (MTD)" if t.to_date else label


_NICE_STEPS = (
    Decimal(1),
    Decimal("1.5"),
    Decimal(2),
    Decimal("2.5"),
    Decimal(3),
    Decimal(4),
    Decimal(5),
    Decimal(6),
    Decimal(8),
    Decimal(10),
)


def _nice_ceiling(value: Decimal) -> int:
    """A round axis maximum just above `value` (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)."""
    if value <= 0:
        return 0
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    return int(next(step * magnitude for step in _NICE_STEPS if step * magnitude >= value))


def _nice_floor(value: Decimal) -> int:
    return -_nice_ceiling(-value) if value < 0 else 0
