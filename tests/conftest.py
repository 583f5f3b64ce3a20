"""Shared fixtures: a sandbox Odoo pinned to a fixed day, a fresh vault, settings and runtimes.

Tests talk to the sandbox through the real client and HTTP layer (in-process ASGI transport),
so the same code paths run as against a real Odoo.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Generator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.config import Settings, settings_from_mapping
from odoo_mcp.runtime import Runtime, open_runtime

from . import postgres
from .live import PROTOCOLS

REPO = Path(__file__).resolve().parent.parent
VAULT_TEMPLATE = REPO / "AI_Employee_Vault"
# A Monday, so briefings and "this week" have a fixed meaning in tests.
SANDBOX_TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox():  # type: ignore[no-untyped-def]
    from odoo_sandbox import SandboxOdoo

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


@pytest.fixture(scope="session")
def postgres_cluster() -> Generator[postgres.Cluster, None, None]:
    """One throwaway PostgreSQL for the session (started on first use; skipped, or failed in CI, without the binaries)."""
    with postgres.cluster() as running:
        yield running


@pytest.fixture
def postgres_url(postgres_cluster: postgres.Cluster) -> str:
    """`ODOO_MCP_STATE_URL` of a fresh, empty database on the session's cluster."""
    return postgres_cluster.create_database()


@pytest.fixture
def runtime_factory(settings: Settings, sandbox) -> Callable[[], AbstractAsyncContextManager[Runtime]]:  # type: ignore[no-untyped-def]
    return lambda: open_runtime(settings, sandbox=sandbox)


# -- CI with a real Odoo: a live test may not be skipped, and the run says what ran on which protocol --

LIVE_REQUIRED = os.environ.get("ODOO_LIVE_REQUIRED") == "1"
_live_outcomes: Counter[tuple[str, str]] = Counter()


def _protocol_of(item: pytest.Item) -> str:
    for protocol in PROTOCOLS:
        if re.search(rf"\b{protocol}\b", item.nodeid):
            return protocol
    return "no protocol"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if item.get_closest_marker("live") is None:
        return
    expected_failure = hasattr(report, "wasxfail")
    if report.skipped and not expected_failure and LIVE_REQUIRED:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"live test skipped although ODOO_LIVE_REQUIRED=1 (CI with a real Odoo): {reason}"
    if report.when == "call" or (report.when == "setup" and not report.passed):
        state = "xfailed" if expected_failure and report.skipped else report.outcome
        _live_outcomes[(_protocol_of(item), state)] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _live_outcomes:
        return
    terminalreporter.section("live tests on a real Odoo, per protocol")
    for protocol in (*PROTOCOLS, "no protocol"):
        counts = {state: n for (p, state), n in sorted(_live_outcomes.items()) if p == protocol}
        if counts:
            terminalreporter.write_line(f"{protocol:12} " + ", ".join(f"{n} {state}" for state, n in counts.items()))
    if LIVE_REQUIRED:
        missing = [p for p in PROTOCOLS if not _live_outcomes.get((p, "passed"))]
        if missing:
            terminalreporter.write_line(f"no live test passed on: {', '.join(missing)}", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if LIVE_REQUIRED and session.testscollected and any(not _live_outcomes.get((p, "passed")) for p in PROTOCOLS):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
