"""The two file locks (filelock): one sync run at a time, and audit lines that never interleave."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from odoo_mcp.odoo import OdooError
from odoo_mcp.sync.lock import LOCK_FILE, locked as _locked
from odoo_mcp.vault.audit import LOCK_NAME, AuditLog

HOLD_SYNC_LOCK = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from odoo_mcp.sync.lock import locked as _locked

    async def hold() -> None:
        async with _locked(Path(sys.argv[1])):
            print("held", flush=True)
            await asyncio.sleep(float(sys.argv[2]))

    asyncio.run(hold())
    """
)

APPEND_AUDIT_LINES = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from odoo_mcp.vault.audit import AuditLog

    log = AuditLog(Path(sys.argv[1]))
    for n in range(int(sys.argv[3])):
        log.record(action_type="x", event=sys.argv[2], actor="test", target=str(n),
                   parameters={"blob": sys.argv[2] * 70_000}, approval_status="pending")
    """
)


def test_a_second_sync_in_another_process_waits_then_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "state" / LOCK_FILE
    holder = subprocess.Popen([sys.executable, "-c", HOLD_SYNC_LOCK, str(lock), "3"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()

        async def second() -> None:
            async with _locked(lock, wait=0.5):
                pass

        with pytest.raises(OdooError, match="another sync has been running for over 0 s"):
            asyncio.run(second())
        assert time.monotonic() - started >= 0.5  # it waited before refusing
    finally:
        holder.kill()
        holder.wait()


def test_a_waiting_sync_runs_once_the_other_is_done(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_FILE
    order: list[str] = []

    async def run(name: str, hold: float) -> None:
        async with _locked(lock, wait=5):
            order.append(f"{name} in")
            await asyncio.sleep(hold)
            order.append(f"{name} out")

    async def both() -> None:
        await asyncio.gather(run("first", 0.3), run("second", 0))

    asyncio.run(both())
    assert order == ["first in", "first out", "second in", "second out"]


def test_an_audit_line_waits_for_the_lock_another_writer_holds(tmp_path: Path) -> None:
    log = AuditLog(tmp_path)
    holder = FileLock(tmp_path / LOCK_NAME)
    holder.acquire()
    writer = threading.Thread(
        target=log.record,
        kwargs={"action_type": "x", "event": "e", "actor": "t", "target": None, "parameters": None, "approval_status": "p"},
    )
    writer.start()
    time.sleep(0.3)
    assert not list(tmp_path.glob("*.jsonl"))  # still waiting
    holder.release()
    writer.join(5)
    assert len(next(tmp_path.glob("*.jsonl")).read_text().splitlines()) == 1


def test_audit_lines_from_concurrent_processes_never_interleave(tmp_path: Path) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", APPEND_AUDIT_LINES, str(tmp_path), letter, "15"]) for letter in "abcd"]
    assert [w.wait(60) for w in writers] == [0, 0, 0, 0]
    lines = [json.loads(line) for path in tmp_path.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert len(lines) == 60 and all(line["parameters"]["blob"] == line["event"] * 70_000 for line in lines)
