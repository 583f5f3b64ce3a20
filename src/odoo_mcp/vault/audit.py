"""The append-only audit log: `Logs/YYYY-MM-DD.jsonl`, one JSON object a line.

Every request, approval, refusal, execution and failure is recorded here before the server
acts on it, and a record that cannot be written stops the action: `AuditError` is raised and
the caller must not write to Odoo. Lines are flushed and fsynced, so a crash right after an
Odoo write still leaves the line that announced it. Syncs and briefings add one line per run
(`record_run`). Values under secret-looking keys are replaced, so a payload can never carry a
password or key into the log.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

_SECRET_KEY = re.compile(r"pass(word)?|secret|token|api[_-]?key|signature|signing|credential|authorization", re.I)
REDACTED = "[redacted]"
# Who a line says acted: the gate on the assistant's behalf, or the owner at a terminal.
ASSISTANT = "assistant (MCP)"
OWNER_CLI = "owner (CLI)"
# Beside the day files: appends are serialised across threads and processes (the CLI and the
# server may log at once), so lines never interleave. A dot file, so Obsidian does not show it.
LOCK_NAME = ".audit.lock"

log = logging.getLogger(__name__)


class AuditError(RuntimeError):
    """The audit record could not be written; the action it describes must not happen."""


def redact(value: Any) -> Any:
    """A copy of `value` with every secret-looking key's value replaced."""
    if isinstance(value, dict):
        return {k: (REDACTED if isinstance(k, str) and _SECRET_KEY.search(k) else redact(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


class AuditLog:
    def __init__(self, folder: Path, *, now: Callable[[], dt.datetime] | None = None) -> None:
        self.folder = Path(folder)
        self._now = now or (lambda: dt.datetime.now(dt.UTC).astimezone())

    def record(
        self,
        *,
        action_type: str,
        event: str,
        actor: str,
        target: str | None,
        parameters: dict[str, Any] | None,
        approval_status: str,
        approved_by: str | None = None,
        result: Any = None,
        approval_id: str | None = None,
        company: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Append one line; raises `AuditError` if it is not safely on disk."""
        moment = self._now()
        entry = {
            "timestamp": moment.isoformat(timespec="seconds"),
            "action_type": action_type,
            "event": event,
            "actor": actor,
            "target": target,
            "parameters": redact(parameters or {}),
            "approval_id": approval_id,
            "approval_status": approval_status,
            "approved_by": approved_by,
            "result": redact(result),
        }
        if company is not None:  # which company's books the line is about (id and name)
            entry["company"] = company
        line = json.dumps(entry, ensure_ascii=False, sort_keys=False, default=str) + "\n"
        path = self.folder / f"{moment.date().isoformat()}.jsonl"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Imported by the first audit line, not by `serve` at start-up.
            from filelock import FileLock

            # A lock object per line: each holds its own descriptor, so threads exclude each other too.
            with FileLock(self.folder / LOCK_NAME, mode=0o640):
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
                try:
                    data = line.encode("utf-8")
                    written = os.write(fd, data)
                    if written != len(data):
                        raise OSError(f"short write ({written} of {len(data)} bytes)")
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as exc:
            raise AuditError(f"cannot write the audit log {path}: {exc.strerror or exc}") from None
        return entry


def record_run(
    folder: Path, *, action_type: str, ok: bool, target: str | None, parameters: dict[str, Any], result: Any,
    company: dict[str, Any] | None,
) -> None:
    """One line for a sync or a briefing run. Best effort: the files are already written, so a log that cannot be
    written is reported on stderr, not turned into a failed run (a write to Odoo, by contrast, waits for its line)."""
    try:
        AuditLog(folder).record(
            action_type=action_type,
            event="completed" if ok else "failed",
            actor="odoo-mcp",
            target=target,
            parameters=parameters,
            approval_status="not_required",
            result=result,
            company=company,
        )
    except AuditError as exc:
        log.error("%s not audited: %s", action_type, exc)
