"""Compact text for `compare_periods`: the three periods, then one line a figure with both comparisons."""

from __future__ import annotations

from ..accounting.comparison import Change, Comparison, PeriodFigures
from .render import t


def _period(f: PeriodFigures) -> str:
    return f"{f.period.date_from}..{f.period.date_to}"


def _versus(c: Change) -> str:
    return f"{c.base}|{c.difference}|" + (f"{c.percent}%" if c.percent is not None else "n/a (base is zero)")


def comparison(result: Comparison) -> str:
    lines = [
        f"company {t(result.company)}: period comparison ({result.currency}); basis: {result.basis}",
        f"current {_period(result.current)}; previous {_period(result.previous)}; last year {_period(result.last_year)}",
        "figure|current|previous|difference|change|last year|difference|change",
    ]
    lines += [f"{p.figure}|{p.current}|{_versus(p)}|{_versus(y)}" for p, y in zip(result.vs_previous, result.vs_last_year, strict=True)]
    return "\n".join(lines)
