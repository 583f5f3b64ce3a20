"""The real command line: `odoo-mcp tokens create` then `odoo-mcp serve --http`, as a separate process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .server import client, free_port

pytestmark = pytest.mark.anyio


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "odoo_mcp", "--env-file", "/dev/null", *args],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _env(tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "VAULT_"))}
    return {**keep, "ODOO_URL": "sandbox", "VAULT_PATH": str(tmp_path / "vault"), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")}


def test_serving_over_http_needs_a_token_first(tmp_path: Path) -> None:
    (tmp_path / "vault").mkdir()
    done = cli(tmp_path, "serve", "--http", f"127.0.0.1:{free_port()}")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("odoo-mcp: configuration error: no token yet")
    bad = cli(tmp_path, "serve", "--http", "0.0.0.0")
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr


async def test_a_served_process_answers_a_token_and_refuses_without(tmp_path: Path) -> None:
    (tmp_path / "vault").mkdir()
    created = cli(tmp_path, "tokens", "create", "ci")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("omcp_") and token not in created.stderr
    listed = cli(tmp_path, "tokens", "list")
    assert listed.stdout.startswith("ci\tread-write") and token not in listed.stdout
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "odoo_mcp", "--env-file", "/dev/null", "serve", "--http", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(200):
                try:
                    refused = await http.post(url, json={}, headers={"Accept": "application/json, text/event-stream"})
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            else:
                pytest.fail("the server did not start listening in 10 s")
        assert refused.status_code == 401
        async with client(url, token) as session:
            tools = (await session.list_tools()).tools
            status = await session.call_tool("odoo_status", {})
        assert len(tools) > 20 and not status.is_error
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert out == b"", "nothing on stdout: it is not the protocol channel here, and never a log"
    assert token.encode() not in err, "the token is never logged"
