"""The run's events: today's open items checked against the owner's thresholds, new ones raised in `Needs_Action/`."""

from __future__ import annotations

import datetime as dt

from ..reports import events as ev
from ..reports.goals import Goals, min_amount_in
from ..reports.models import OpenItems
from ..runtime import Runtime
from ..vault.scope import VaultScope
from .own_writes import own_writes


def raise_events(
    rt: Runtime, items: OpenItems, goals: Goals, *, draft_age_days: int | None, now: dt.datetime, scope: VaultScope
) -> ev.RaiseResult:
    """Detect events in `items`, drop the ones the approval gate's own writes caused, and write the ones not raised
    before (the ledger remembers them per company)."""
    rules = ev.Thresholds(
        overdue_days=goals.overdue_days,
        bill_overdue_days=goals.bill_overdue_days,
        draft_age_days=draft_age_days if draft_age_days is not None else goals.draft_age_days,
        min_amount=min_amount_in(goals, items.currency),
    )
    own = own_writes(rt.settings, scope.company_id)
    found = [event for event in ev.detect(items, rules) if not own.covers(event)]
    return ev.raise_new(
        found,
        vault=rt.vault,
        ledger=ev.EventLedger(rt.settings.state_dir, rt.vault, scope=scope),
        now=now,
        source=rt.source,
        currency=items.currency,
        as_of=items.as_of,
        scope=scope,
        odoo_url=rt.client.base_url,
    )
