"""The run's events: today's open items checked against the owner's thresholds, new ones raised in `Needs_Action/`."""

from __future__ import annotations

import datetime as dt

from ..reports import events as ev
from ..reports.goals import Goals
from ..reports.models import OpenItems
from ..runtime import Runtime
from ..vault.scope import VaultScope


def raise_events(
    rt: Runtime, items: OpenItems, goals: Goals, *, draft_age_days: int | None, now: dt.datetime, scope: VaultScope
) -> ev.RaiseResult:
    """Detect events in `items` and write the ones not raised before (the ledger remembers them per company)."""
    draft_age = draft_age_days if draft_age_days is not None else goals.draft_age_days
    found = ev.detect(items, draft_age_days=draft_age, overdue_days=goals.overdue_days)
    return ev.raise_new(
        found,
        vault=rt.vault,
        ledger=ev.EventLedger(rt.settings.state_dir, rt.vault, scope=scope),
        now=now,
        source=rt.source,
        scope=scope,
        odoo_url=rt.client.base_url,
    )
