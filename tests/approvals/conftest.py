"""Fixtures for the approval tests: an MCP client over the sandbox with a movable clock.

`make_client(**env)` builds a server on the shared sandbox and vault with extra settings
(e.g. `DRY_RUN="true"`), so one test can run two servers over the same books and ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.runtime import Runtime, open_runtime
from odoo_mcp.server import build_server


class Clock:
    """Wall-clock time plus an offset the test controls (for expiry and the hourly payment cap)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC).astimezone() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def vault(vault_path: Path) -> Path:
    return vault_path


@pytest.fixture
def store_url(request: pytest.FixtureRequest) -> str | None:
    """`ODOO_MCP_STATE_URL` for the test: None (SQLite, the default) unless a module parametrises it with "postgres"."""
    if getattr(request, "param", "sqlite") == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return None


@pytest.fixture
def env(env: dict[str, str], store_url: str | None) -> dict[str, str]:
    return env if store_url is None else {**env, "ODOO_MCP_STATE_URL": store_url}


@pytest.fixture
def make_client(env: dict[str, str], sandbox: Any, clock: Clock) -> Callable[..., Client]:
    def make(**overrides: str) -> Client:
        settings = settings_from_mapping({**env, "MAX_PAYMENTS_PER_HOUR": "10", **overrides})

        @asynccontextmanager
        async def factory() -> AsyncIterator[Runtime]:
            async with open_runtime(settings, sandbox=sandbox) as runtime:
                runtime.clock = clock
                yield runtime

        return Client(build_server(settings, runtime_factory=factory))

    return make


@pytest.fixture
def writes(sandbox: Any) -> Callable[[], list[Any]]:
    """The sandbox's write calls so far (create, write, action_post, ...): a test snapshots and compares."""
    return lambda: list(sandbox.write_calls)
