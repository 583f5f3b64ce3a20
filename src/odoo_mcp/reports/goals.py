"""Targets and alert thresholds from the front matter of `Business_Goals.md`.

The owner edits this file by hand, so every value is read leniently: a missing or malformed
value falls back to a documented default and the problem is reported in the briefing, instead
of the briefing failing on a Monday morning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from ..vault.front_matter import properties
from ..vault.layout import BUSINESS_GOALS, UnreadableFile, Vault

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Decimal] = {
    "revenue_below_target_pct": Decimal(80),  # warn when month-to-date revenue is below this % of the pro-rata target
    "overdue_days": Decimal(30),
    "expense_increase_pct": Decimal(20),
    "draft_age_days": Decimal(7),
    # Needs_Action: an overdue invoice or bill, or a bill falling due, with less open than this (company currency) raises no note
    "min_amount": Decimal(50),
    "bill_overdue_days": Decimal(1),  # a vendor bill this many days past due raises a note (we are late paying)
}


@dataclass(frozen=True)
class Goals:
    monthly_revenue_target: Decimal | None = None
    currency: str | None = None
    revenue_below_target_pct: Decimal = DEFAULTS["revenue_below_target_pct"]
    overdue_days: int = int(DEFAULTS["overdue_days"])
    expense_increase_pct: Decimal = DEFAULTS["expense_increase_pct"]
    draft_age_days: int = int(DEFAULTS["draft_age_days"])
    min_amount: Decimal = DEFAULTS["min_amount"]
    bill_overdue_days: int = int(DEFAULTS["bill_overdue_days"])
    problems: tuple[str, ...] = field(default=())


def _number(value: Any, name: str, problems: list[str]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        problems.append(f"`{name}` is not a plain number ({value!r}); using the default")
        return None
    if number < 0:
        problems.append(f"`{name}` is negative ({value!r}); using the default")
        return None
    return number


def parse_goals(text: str | None) -> Goals:
    problems: list[str] = []
    if text is None:
        return Goals(problems=(f"{BUSINESS_GOALS} was not found: no revenue target, default thresholds",))
    meta = properties(text)
    if not meta:
        problems.append(f"{BUSINESS_GOALS} has no readable front matter: default thresholds")
    raw = meta.get("alert_thresholds")
    thresholds: dict[str, Any] = raw if isinstance(raw, dict) else {}
    values = {}
    for name, default in DEFAULTS.items():
        number = _number(thresholds.get(name), f"alert_thresholds.{name}", problems)
        values[name] = default if number is None else number
    target = _number(meta.get("monthly_revenue_target"), "monthly_revenue_target", problems)
    if target is not None and target.as_tuple().exponent > -2:  # type: ignore[operator]  # a str only for Infinity (NaN fails above), which fails here as before
        target = target.quantize(Decimal("0.01"))  # `20000` in YAML is an amount: show it as 20,000.00
    currency = str(meta["currency"]).strip().upper() if meta.get("currency") else None
    return Goals(
        monthly_revenue_target=target if target else None,
        currency=currency,
        revenue_below_target_pct=values["revenue_below_target_pct"],
        overdue_days=int(values["overdue_days"]),
        expense_increase_pct=values["expense_increase_pct"],
        draft_age_days=int(values["draft_age_days"]),
        min_amount=values["min_amount"],
        bill_overdue_days=max(1, int(values["bill_overdue_days"])),
        problems=tuple(problems),
    )


def min_amount_in(goals: Goals, currency: str) -> Decimal | None:
    """The `min_amount` threshold when it can be compared with amounts in `currency` (the company's): None when
    Business_Goals.md states its amounts in another currency (then no note is held back for being small)."""
    if goals.currency and goals.currency != currency:
        return None
    return goals.min_amount


def read_goals(vault: Vault) -> Goals:
    """The owner's thresholds; the defaults (with the problem named) when the file is missing or not text."""
    try:
        return parse_goals(vault.read_text(BUSINESS_GOALS))
    except FileNotFoundError:
        return parse_goals(None)
    except UnreadableFile as exc:
        log.warning("%s; the default thresholds are used", exc)
        defaults = parse_goals(None)
        return replace(defaults, problems=(*defaults.problems, str(exc)))
