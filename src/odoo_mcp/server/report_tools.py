"""MCP wiring for the vault reports: the `sync_accounting` and `generate_briefing` tools and the
`monday_briefing` prompt. Thin adapters over `odoo_mcp.sync` and `odoo_mcp.reports`.

Both tools write vault files (never Odoo), so they are not read-only; rewriting the same files
from the same figures changes nothing else, so they are idempotent and not destructive.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from ..reports.briefing import relative_path as briefing_path
from ..reports.briefing_data import NoSyncedData
from ..reports.briefing_job import BriefingResult, generate_briefing
from ..reports.markdown import NotOurs
from ..runtime import Runtime
from ..sync import Syncer, SyncOptions, SyncReport
from .adapter import Progress, UserFacingError, add_tool
from .render import t

Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]
WRITES_VAULT = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=True)


class SyncInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: list[Month] | None = Field(None, max_length=24, description="Extra months to write besides the current one")
    events: bool = Field(True, description="Also create Needs_Action/ files for new events")


class BriefingInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = Field(None, description="The briefing's day, YYYY-MM-DD; default today")


async def _sync(rt: Runtime, q: SyncInput, progress: Progress) -> SyncReport:
    return await Syncer(rt, SyncOptions(months=tuple(q.months or ()), events=q.events), progress=progress).run_once()


async def _briefing(rt: Runtime, q: BriefingInput) -> BriefingResult:
    try:
        return await generate_briefing(rt, q.date)
    except (NoSyncedData, NotOurs) as exc:
        raise UserFacingError(f"briefing not written: {exc}") from None


def _render_sync(r: SyncReport) -> str:
    lines = [r.summary]
    lines += [f"event file: {path}" for path in r.events_created]
    lines += [f"warning: {t(w)}" for w in r.warnings]
    if not r.ok:
        lines.append("Odoo did not answer: the files keep their last good figures, marked stale. Say so; do not present them as current.")
    return "\n".join(lines)


def _render_briefing(r: BriefingResult) -> str:
    head = f"wrote {r.path} ({r.source} data, {'live from Odoo' if r.live else 'from the last synced files: ' + str(r.offline_reason)})"
    uri = f"vault://briefings/{r.path.rsplit('/', 1)[-1].removesuffix('.md')}"
    return "\n".join([head, f"read it: {uri}", *(f"- {line}" for line in r.summary)])


def register(server: MCPServer[Runtime]) -> None:
    add_tool(
        server, "sync_accounting", input_model=SyncInput, output_model=SyncReport, handler=_sync, render=_render_sync,
        title="Sync accounting into the vault",
        description="Write Accounting/YYYY-MM.md (this month, plus any asked) from Odoo and create Needs_Action/ files for new events. "
        "Writes vault files only, never Odoo; if Odoo is down the files keep their last figures, marked stale.",
        annotations=WRITES_VAULT,
    )
    add_tool(
        server, "generate_briefing", input_model=BriefingInput, output_model=BriefingResult, handler=_briefing,
        render=_render_briefing,
        title="Write the Monday CEO briefing",
        description="Write Briefings/YYYY-MM-DD_Monday_Briefing.md: summary, revenue against target with a 6-month chart, "
        "completed tasks, bottlenecks, suggestions. Built from the last synced files if Odoo is down, and says so.",
        annotations=WRITES_VAULT,
    )

    @server.prompt(title="Monday CEO briefing")
    def monday_briefing(date: str = "") -> str:
        """Write this week's CEO briefing and walk the owner through it."""
        day = date.strip()
        try:
            when = dt.date.fromisoformat(day) if day else None
        except ValueError:
            return f"The date {day!r} is not YYYY-MM-DD. Ask the owner which Monday they mean, then run this prompt again."
        call = f'generate_briefing with date="{when.isoformat()}"' if when else "generate_briefing (no arguments: today)"
        name = briefing_path(when).rsplit("/", 1)[-1].removesuffix(".md") if when else "<the file it reports>"
        return (
            f"Prepare the owner's Monday briefing.\n\n"
            f"1. Call {call}. If it reports that Odoo is offline, tell the owner first that the figures come from the last "
            "sync, and when that was.\n"
            f"2. Read the resource vault://briefings/{name} for the full text.\n"
            "3. Give the owner a short spoken-style summary: revenue against target, what got done, what is stuck "
            "(overdue invoices, old drafts, approvals waiting in Pending_Approval/), and the two or three actions that matter "
            "most this week.\n"
            "4. Quote amounts exactly as the briefing states them, with their currency; never round, estimate or invent a "
            "figure. If a figure says 'not known', say it is not known.\n"
            "5. Offer next steps, but do not write to Odoo: any invoice, payment or reminder goes through the approval "
            "tools, which file a request for the owner to approve."
        )
