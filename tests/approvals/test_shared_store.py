"""Two server processes, one PostgreSQL request store, one vault, one Odoo: each approval executes once.

The proof for several instances behind a load balancer. Two `odoo-mcp serve` processes (stdio, as an
MCP client starts them) get the same `ODOO_MCP_STATE_URL` and `VAULT_PATH` but their own state
directories, and talk to one Odoo: the sandbox, served over real HTTP on 127.0.0.1 by this test, so
both processes write into the same books and the test can count what Odoo received. Each round
files a fresh request through one process, approves it as the owner does (moves the file to
Approved/), then both processes call execute for the same approval at the same moment. Exactly one
executes; the other answers already_executed or in_progress; Odoo holds exactly one record and one
marker for the approval, made by exactly one `load` call.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from ..conftest import SANDBOX_TODAY
from .flow import move, request, text_of

pytestmark = pytest.mark.anyio

ROUNDS = 20


@pytest.fixture
def odoo_over_http() -> Iterator[tuple[str, Any]]:
    """The sandbox Odoo on a real 127.0.0.1 port (uvicorn in a thread), so separate processes share its books."""
    import socket

    import uvicorn

    from odoo_sandbox import SandboxOdoo

    sandbox = SandboxOdoo(today=SANDBOX_TODAY)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(sandbox.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the sandbox HTTP server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", sandbox
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _instance(tmp_path: Path, name: str, vault: Path, odoo_url: str, state_url: str) -> StdioServerParameters:
    from odoo_sandbox import SANDBOX_API_KEY, SANDBOX_DB

    env = {k: v for k, v in os.environ.items() if k in ("HOME", "PATH", "LANG", "TMPDIR", "SYSTEMROOT")}
    env.update({
        "ODOO_URL": odoo_url, "ODOO_DB": SANDBOX_DB, "ODOO_API_KEY": SANDBOX_API_KEY,
        "VAULT_PATH": str(vault), "ODOO_MCP_STATE_DIR": str(tmp_path / f"state-{name}"),  # nothing shared but the store
        "ODOO_MCP_STATE_URL": state_url, "LOG_LEVEL": "WARNING",
    })
    return StdioServerParameters(command=sys.executable, args=["-m", "odoo_mcp", "--env-file", os.devnull, "serve"], env=env)


def _verdict(result: Any) -> str:
    """What one execute call said: executed, already_executed (a replay answer) or the refusal code."""
    if not result.is_error:
        return str(result.structured_content["status"])
    text = text_of(result)
    return text.split("REFUSED (", 1)[1].split(")", 1)[0] if "REFUSED (" in text else f"error: {text[:200]}"


async def test_two_processes_race_each_approval_and_it_executes_once(
    tmp_path: Path, vault: Path, odoo_over_http: tuple[str, Any], postgres_url: str
) -> None:
    odoo_url, sandbox = odoo_over_http
    servers = [_instance(tmp_path, name, vault, odoo_url, postgres_url) for name in ("a", "b")]
    tag = secrets.token_hex(4)
    verdicts: list[tuple[str, str]] = []
    approvals: list[tuple[str, str]] = []
    async with AsyncExitStack() as stack:
        a, b = [await stack.enter_async_context(Client(params)) for params in servers]
        for n in range(ROUNDS):
            name = f"Race {tag} {n:02d}"
            args = {"name": name, "email": f"race{n}@example.com"}
            pending = await request(a if n % 2 else b, "create_partner", args)  # filed by either instance
            move(vault, pending["file"], "Approved")
            call = {**args, "approval_id": pending["approval_id"]}
            results: list[Any] = [None, None]

            async def execute(index: int, client: Client, call: dict[str, Any] = call, results: list[Any] = results) -> None:
                results[index] = await client.call_tool("create_partner", call)

            async with anyio.create_task_group() as group:  # both calls leave at the same moment
                group.start_soon(execute, 0, a)
                group.start_soon(execute, 1, b)
            verdicts.append((_verdict(results[0]), _verdict(results[1])))
            approvals.append((pending["approval_id"], name))
    print(f"\n{ROUNDS} approvals raced by two processes: per call {Counter(v for pair in verdicts for v in pair)}; "
          f"winner a/b {Counter('a' if x == 'executed' else 'b' for x, _ in verdicts)}")
    for first, second in verdicts:
        assert sorted([first, second]) in (["already_executed", "executed"], ["executed", "in_progress"]), (first, second)

    # What Odoo received, read from Odoo itself: one record, one marker and one `load` per approval.
    loads = [call for call in sandbox.write_calls if call.model == "res.partner" and call.method == "load"]
    assert len(loads) == ROUNDS and all(call.ok for call in loads), [(c.method, c.ok, c.error) for c in loads]
    from odoo_mcp.config import settings_from_mapping
    from odoo_mcp.runtime import sandbox_client

    async with sandbox_client(settings_from_mapping({"ODOO_URL": "sandbox"}), sandbox) as client:
        for approval_id, name in approvals:
            partners = await client.search_read("res.partner", [("name", "=", name)], ["id"])
            marks = await client.search_read(
                "ir.model.data", [("module", "=", "odoo_mcp"), ("name", "=", approval_id.replace("-", "_"))], ["model", "res_id"]
            )
            assert len(partners) == 1, (name, partners)
            assert [(m["model"], m["res_id"]) for m in marks] == [("res.partner", partners[0]["id"])], (approval_id, marks)
    done = sorted(p.name for p in (vault / "Done").glob("*.md"))
    assert len(done) == ROUNDS and not list((vault / "Approved").glob("*.md")), done
