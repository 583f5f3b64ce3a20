"""Writing the Monday briefing: live facts when Odoo answers, the last synced files when it does not.

The one place that decides between the two paths, shared by `odoo-mcp briefing`, the
`generate_briefing` tool and the `monday_briefing` prompt.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from pydantic import BaseModel

from ..odoo import OdooError
from ..runtime import Runtime
from ..vault.audit import record_run
from ..vault.front_matter import properties
from ..vault.layout import LOGS, UnreadableFile, atomic_write, read_text_file
from ..vault.scope import VaultScope, scope_for
from . import vault_items
from .briefing import Briefing, relative_path
from .briefing_data import live_facts, offline_facts
from .goals import read_goals
from .markdown import NotOurs, local_now

log = logging.getLogger(__name__)


class BriefingResult(BaseModel):
    path: str
    date: dt.date
    live: bool
    source: str
    offline_reason: str | None
    summary: list[str]


async def generate_briefing(
    rt: Runtime, day: dt.date | None = None, *, now: Callable[[], dt.datetime] = local_now
) -> BriefingResult:
    """Write `Briefings/<day>_Monday_Briefing.md` (default: today) and return its executive summary.

    Raises `NoSyncedData` when Odoo is unreachable and nothing was ever synced, and `NotOurs` when
    a file of that name exists that odoo-mcp did not write.
    """
    day = day or rt.accounting.today()
    try:
        scope: VaultScope | None = await scope_for(rt)
    except OdooError:  # Odoo down and this company never seen: the single-company layout
        scope = None
    try:
        facts = await live_facts(rt.accounting, day, source=rt.source)
    except OdooError as exc:
        log.warning("briefing: Odoo did not answer (%s); building it from the last synced month files", exc)
        facts = offline_facts(rt.vault, day, reason=str(exc), scope=scope)
    briefing = Briefing(
        facts,
        read_goals(rt.vault),
        vault_items.completed(rt.vault, facts.week_from, day),
        vault_items.waiting(rt.vault),
        now=now(),
        company_id=scope.company_id if scope is not None else None,
        odoo_url=rt.client.base_url,
    )
    relative = relative_path(day, scope.briefings) if scope is not None else relative_path(day)
    path = rt.vault.resolve(relative)
    try:
        previous = read_text_file(path, shown=relative) if path.is_file() else None
    except UnreadableFile as exc:
        raise NotOurs(f"{exc}: left alone") from None
    if previous is not None and scope is not None:
        why = scope.belongs_elsewhere(properties(previous))
        if why is not None:
            raise NotOurs(f"{relative} is another company's briefing ({why}): left alone")
    atomic_write(path, briefing.render(previous))
    record_run(
        rt.vault.folder(LOGS),
        action_type="briefing",
        ok=True,
        target=relative,
        parameters={"date": day.isoformat()},
        result={"live": facts.live, "source": facts.source, "offline_reason": facts.offline_reason},
        company={"id": scope.company_id, "name": scope.company} if scope is not None else None,
    )
    return BriefingResult(
        path=relative,
        date=day,
        live=facts.live,
        source=facts.source,
        offline_reason=facts.offline_reason,
        summary=briefing.summary_lines(),
    )
