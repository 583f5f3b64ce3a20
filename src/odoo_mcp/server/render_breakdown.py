"""Compact text for `get_income_expense_breakdown`: a header with the totals and the basis, then one line a row."""

from __future__ import annotations

from ..accounting.breakdown import Breakdown
from .render import t


def breakdown(result: Breakdown) -> str:
    totals = [
        f"{label} {amount}"
        for label, amount in (("income", result.income), ("expenses", result.expenses), ("net", result.net))
        if amount is not None
    ]
    head = (
        f"company {t(result.company)}: {result.side} by {result.by} {result.period.date_from}..{result.period.date_to} "
        f"({result.currency}): {', '.join(totals)} across all pages; {result.total} rows"
    )
    if result.items:
        head += f"; showing {result.offset + 1}-{result.offset + len(result.items)}"
    if result.next_offset is not None:
        head += f"; next page: offset={result.next_offset}"
    lines = [head, f"basis: {result.basis}"]
    if result.items:
        lines.append("section|id|code|name|amount|items" if result.by == "account" else "section|id|name|amount|items")
    for r in result.items:
        name = t(r.name) if r.name is not None else f"(no {result.by})"
        code = f"{t(r.code)}|" if result.by == "account" else ""
        lines.append(f"{r.section}|{r.id or ''}|{code}{name}|{r.amount}|{r.items}")
    return "\n".join(lines)
