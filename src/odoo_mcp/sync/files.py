"""The month files of one company's folder: write, mark stale, and find the ones to repair.

A file is written only when it is ours (`generated_by: odoo-mcp`) and this company's (its
`company_id`), atomically. Repairs: a month file from an older version (no data line) or with a
damaged data line is synced again from Odoo; one whose tables were edited by hand is re-rendered
from the data it carries (the data wins). Each repair is one warning line in the run's report.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from ..reports import month_file
from ..reports.data_block import DamagedData
from ..reports.markdown import NotOurs
from ..reports.models import FileStatus, MonthSnapshot
from ..vault.front_matter import properties
from ..vault.layout import UnreadableFile, Vault, atomic_write, read_text_file
from ..vault.scope import VaultScope
from .report import MonthOutcome

log = logging.getLogger("odoo_mcp.sync")

Written = Literal["written", "re_rendered"]
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass
class Repairs:
    """Month files that do not carry sound data (sync them again) or whose view was edited (re-render them)."""

    resync: list[str] = field(default_factory=list)
    re_render: dict[str, tuple[str, MonthSnapshot, FileStatus]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class MonthFiles:
    def __init__(self, vault: Vault, scope: VaultScope) -> None:
        self.vault = vault
        self.scope = scope

    def relative(self, month: str) -> str:
        return month_file.relative_path(month, self.scope.accounting)

    def _other_company(self, relative: str, text: str) -> bool:
        """True (and one warning line) when the file there is another company's: it is never overwritten."""
        why = self.scope.belongs_elsewhere(properties(text))
        if why is not None:
            log.warning("%s left alone: %s; this sync is for %s (id %d)", relative, why, self.scope.company, self.scope.company_id)
            return True
        return False

    def existing(self, month: str) -> str | MonthOutcome | None:
        """The month file's text (None: no file yet), or why it is left alone: not text (perhaps the owner's, never
        overwritten blindly) or another company's."""
        relative = self.relative(month)
        path = self.vault.resolve(relative)
        if not path.is_file():
            return None
        try:
            text = read_text_file(path, shown=relative)
        except UnreadableFile as exc:
            log.warning("%s left alone: %s", relative, exc)
            return MonthOutcome(month=month, path=relative, result="unreadable")
        if self._other_company(relative, text):
            return MonthOutcome(month=month, path=relative, result="other_company")
        return text

    def write(self, snap: MonthSnapshot, status: FileStatus, *, result: Written = "written") -> MonthOutcome:
        relative = self.relative(snap.month)
        previous = self.existing(snap.month)
        if isinstance(previous, MonthOutcome):
            return previous
        try:
            text = month_file.render(snap, status, previous, company_id=self.scope.company_id)
        except NotOurs as exc:
            log.warning("%s was not written by odoo-mcp (%s): left alone; rename it to let the sync write", relative, exc)
            return MonthOutcome(month=snap.month, path=relative, result="not_ours")
        if status.stale:  # a stale file re-rendered from its data keeps its banner
            text = month_file.mark_stale(text, now=status.updated, error=status.last_error or "unknown")
        atomic_write(self.vault.resolve(relative), text)
        return MonthOutcome(month=snap.month, path=relative, result=result, last_success=status.last_success)

    def mark_stale(self, month: str, now: dt.datetime, error: str) -> MonthOutcome:
        relative = self.relative(month)
        text = self.existing(month)
        if isinstance(text, MonthOutcome):
            return text
        if text is None:
            return MonthOutcome(month=month, path=relative, result="no_figures_yet")
        try:
            marked = month_file.mark_stale(text, now=now, error=error)
        except ValueError:
            return MonthOutcome(month=month, path=relative, result="not_ours")
        atomic_write(self.vault.resolve(relative), marked)
        last = month_file.status_of(properties(marked)).last_success
        return MonthOutcome(month=month, path=relative, result="marked_stale", last_success=last)

    def repairs(self, skip: set[str]) -> Repairs:
        """This company's month files (other than `skip`, which are written anyway) that need a repair."""
        found = Repairs()
        folder = self.vault.folder(self.scope.accounting)
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            month = path.stem
            if not _MONTH.fullmatch(month) or month in skip or path.is_symlink():
                continue
            relative = self.relative(month)
            try:
                if month_file.unchanged(read_text_file(path, shown=relative)):
                    continue  # the usual case, decided on the text alone
            except UnreadableFile:
                continue  # not text: never touched (a month the run writes says so itself)
            text = self.existing(month)
            if not isinstance(text, str):
                continue
            try:
                snap, status, why = month_file.check(text)
            except (month_file.LegacyFile, DamagedData) as exc:  # Odoo has the figures
                found.resync.append(month)
                found.warnings.append(f"{relative}: {exc}; synced again from Odoo")
                continue
            except ValueError:  # not a month file of ours: never touched
                continue
            if why is not None:
                found.re_render[month] = (text, snap, status)
                found.warnings.append(f"{relative}: {why} (edited by hand?); re-rendered from its data, which the briefing uses")
        return found

