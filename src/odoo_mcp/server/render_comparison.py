"""Compact text for `compare_periods`: the three periods' figures, then each change with its percentage."""

from __future__ import annotations

from ..accounting.comparison import Change, Comparison, PeriodFigures
from .render import t


def _figures(label: str, f: PeriodFigures) -> str:
    return f"{label} {f.period.date_from}..{f.period.date_to}|{f.income}|{f.expenses}|{f.net}|{f.invoiced_revenue}"


def _change(against: str, c: Change) -> str:
    percent = f"{c.percent}%" if c.percent is not None else "n/a (base is zero)"
    return f"{against}|{c.figure}|{c.current}|{c.base}|{c.difference}|{percent}"


def comparison(result: Comparison) -> str:
    lines = [
        f"company {t(result.company)}: period comparison ({result.currency}); basis: {result.basis}",
        "period|income|expenses|net|invoiced revenue",
        _figures("current", result.current),
        _figures("previous", result.previous),
        _figures("last year", result.last_year),
        "against|figure|current|base|difference|change",
    ]
    lines += [_change("previous", c) for c in result.vs_previous]
    lines += [_change("last year", c) for c in result.vs_last_year]
    return "\n".join(lines)
