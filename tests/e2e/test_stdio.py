"""The real thing: `python -m odoo_mcp serve` as a subprocess, spoken to over stdio."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from .test_mcp_protocol import READ_TOOLS

pytestmark = pytest.mark.anyio


def server(env: dict[str, str]) -> StdioServerParameters:
    full = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "LOG_LEVEL": "WARNING", **env}
    return StdioServerParameters(command=sys.executable, args=["-m", "odoo_mcp", "--env-file", os.devnull, "serve"], env=full)


async def test_stdio_lists_typed_read_only_tools_and_answers(tmp_path: Path) -> None:
    env = {"ODOO_URL": "sandbox", "VAULT_PATH": str(tmp_path), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")}
    async with Client(server(env)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        templates = (await client.list_resource_templates()).resource_templates
        revenue = await client.call_tool("get_revenue", {})
        status = await client.call_tool("odoo_status", {})
    assert set(tools) >= READ_TOOLS
    assert all(tools[n].annotations.read_only_hint and tools[n].output_schema for n in READ_TOOLS)  # type: ignore[union-attr]
    assert any(t.uri_template == "vault://accounting/{month}" for t in templates)
    assert not revenue.is_error and revenue.structured_content["currency"]  # type: ignore[index]
    assert status.structured_content["sandbox"] is True  # type: ignore[index]
    assert "SANDBOX" in status.content[0].text  # type: ignore[union-attr]


async def test_nothing_contacts_odoo_at_start_and_unreachable_is_one_line(tmp_path: Path) -> None:
    env = {
        "ODOO_URL": "http://127.0.0.1:9",
        "ODOO_DB": "x",
        "ODOO_API_KEY": "k",
        "ODOO_CONNECT_TIMEOUT": "1",
        "ODOO_READ_RETRIES": "0",
        "VAULT_PATH": str(tmp_path),
    }
    async with Client(server(env)) as client:
        tools = (await client.list_tools()).tools
        listed = await client.call_tool("list_invoices", {})
        status = await client.call_tool("odoo_status", {})
    assert {t.name for t in tools} >= READ_TOOLS
    text = listed.content[0].text  # type: ignore[union-attr]
    assert listed.is_error and "Cannot reach Odoo at http://127.0.0.1:9" in text and "\n" not in text
    assert status.structured_content["reachable"] is False  # type: ignore[index]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "-m", "odoo_mcp", "--env-file", os.devnull, *args], env=full, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "code", "expected"),
    [
        ({"ODOO_URL": "http://127.0.0.1:9", "ODOO_DB": "x", "ODOO_API_KEY": "secret-key-1", "ODOO_READ_RETRIES": "0"}, 1, "unreachable"),
        ({"ODOO_URL": "localhost:8069"}, 2, "ODOO_URL must look like"),
        (
            {"ODOO_URL": "http://x", "ODOO_DB": "d", "ODOO_API_KEY": "secret-key-1", "ODOO_TIMEOUT": "-1"},
            2,
            "ODOO_TIMEOUT must be positive",
        ),
    ],
)
def test_cli_failures_are_one_line_and_non_zero(env: dict[str, str], code: int, expected: str) -> None:
    done = run_cli("status", env=env)
    output = (done.stdout + done.stderr).strip()
    assert done.returncode == code, output
    assert expected in output and "Traceback" not in output and len(output.splitlines()) == 1
    assert "secret-key-1" not in output


def test_demo_shows_the_server_working_on_the_sandbox(tmp_path: Path) -> None:
    done = run_cli("demo", "--vault", str(tmp_path), env={})
    assert done.returncode == 0, done.stderr
    assert "Connected over stdio" in done.stdout and "SANDBOX DATA" in done.stdout
    assert "get_revenue" in done.stdout and '"mcpServers"' in done.stdout
