"""Shared fixtures: a sandbox Odoo pinned to a fixed day, a fresh vault, settings and runtimes.

Tests talk to the sandbox through the real client and HTTP layer (in-process ASGI transport),
so the same code paths run as against a real Odoo.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from odoo_mcp.config import Settings, settings_from_mapping
from odoo_mcp.runtime import Runtime, open_runtime

REPO = Path(__file__).resolve().parent.parent
VAULT_TEMPLATE = REPO / "AI_Employee_Vault"
# A Monday, so briefings and "this week" have a fixed meaning in tests.
SANDBOX_TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox():  # type: ignore[no-untyped-def]
    from odoo_mcp.sandbox import SandboxOdoo

    return SandboxOdoo(today=SANDBOX_TODAY)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    if VAULT_TEMPLATE.is_dir():
        shutil.copytree(VAULT_TEMPLATE, target)
    else:
        target.mkdir()
    return target


@pytest.fixture
def env(tmp_path: Path, vault_path: Path) -> dict[str, str]:
    """The environment a sandbox server would get; tests may add to it before building settings."""
    return {"ODOO_URL": "sandbox", "VAULT_PATH": str(vault_path), "ODOO_MCP_STATE_DIR": str(tmp_path / "state")}


@pytest.fixture
def settings(env: dict[str, str]) -> Settings:
    return settings_from_mapping(env)


@pytest.fixture
def runtime_factory(settings: Settings, sandbox) -> Callable[[], AbstractAsyncContextManager[Runtime]]:  # type: ignore[no-untyped-def]
    return lambda: open_runtime(settings, sandbox=sandbox)
