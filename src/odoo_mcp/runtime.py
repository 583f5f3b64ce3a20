"""The process-wide objects every entry point shares: settings, the Odoo client, the services.

Built once per process by `open_runtime`. Creating it contacts nothing: the first tool call
is the first request to Odoo, so a server whose Odoo is down still starts and says so when asked.

This module is the one seam to the sandbox (the `odoo_sandbox` package): `ODOO_URL=sandbox` is
resolved here to an httpx transport and the sandbox's public credentials, so the rest of the
server only ever sees an Odoo URL or a transport. `tests/unit/test_sandbox_boundary.py` fails if
any other module of `odoo_mcp` imports the sandbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .accounting.service import AccountingService
from .config import Settings
from .odoo import OdooClient
from .odoo.links import SANDBOX_BASE
from .vault.layout import Vault
from .vault.scope import VaultScope

if TYPE_CHECKING:
    import httpx

    from .approvals.gate import ApprovalGate


class StandIn(Protocol):
    """An Odoo served in process: the server needs only a transport to it and its clock.

    `odoo_sandbox.SandboxOdoo` is one; a test may wrap it (a connection that drops, say)."""

    @property
    def today(self) -> dt.date: ...

    def transport(self) -> httpx.AsyncBaseTransport: ...


@dataclass
class Runtime:
    """What every entry point shares, as named fields (no string-keyed bag), so a reader or a type
    checker can follow who sets what."""

    settings: Settings
    client: OdooClient
    accounting: AccountingService
    vault: Vault
    sandbox: StandIn | None = None  # the sandbox when ODOO_URL=sandbox, for demos and tests
    # The approval gate's clock (request expiry, payment caps, audit times); None: the wall clock. Tests move time
    # with it; set it before the first write tool call, since the gate is created then.
    clock: Callable[[], dt.datetime] | None = None
    # The company's vault folders, once Odoo has said which company and how many (`vault.scope.scope_for`).
    vault_scope: VaultScope | None = None
    _approval_gate: ApprovalGate | None = field(default=None, init=False, repr=False)

    @property
    def source(self) -> str:
        """Where the numbers come from, as written into every vault file: `odoo` or `sandbox`."""
        return "sandbox" if self.settings.is_sandbox else "odoo"

    def approval_gate(self) -> ApprovalGate:
        """One gate per runtime, made on the first write tool call (so a test can set `clock` before it); imported
        here because the commands that never write (sync, status, briefing) need not load the approval machinery."""
        if self._approval_gate is None:
            from .approvals.gate import ApprovalGate

            self._approval_gate = ApprovalGate.from_settings(self.settings, self.vault, now=self.clock)
        return self._approval_gate


def open_sandbox(state_path: Path | None = None) -> StandIn:
    """A fresh sandbox Odoo with the demo books (kept in `state_path` when given).

    Raises ImportError when this installation has no `odoo_sandbox` package."""
    from odoo_sandbox import SandboxOdoo

    return SandboxOdoo(state_path=state_path)


def sandbox_client(settings: Settings, sandbox: StandIn) -> OdooClient:
    """A client for `sandbox`, over its transport, with the sandbox's public credentials (not secrets)."""
    from odoo_sandbox import SANDBOX_API_KEY, SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_PASSWORD

    return OdooClient(
        base_url=SANDBOX_BASE,
        database=SANDBOX_DB,
        login=SANDBOX_LOGIN,
        password=SANDBOX_PASSWORD,
        api_key=SANDBOX_API_KEY,
        protocol=settings.protocol,
        timeout=settings.timeout,
        connect_timeout=settings.connect_timeout,
        read_retries=settings.read_retries,
        http_transport=sandbox.transport(),
    )


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    *,
    sandbox: StandIn | None = None,
    today: Callable[[], dt.date] | None = None,
) -> AsyncIterator[Runtime]:
    """Everything a command or the server needs, closed cleanly on exit."""
    if settings.is_sandbox:
        stand_in = open_sandbox(settings.sandbox_state) if sandbox is None else sandbox
        sandbox = stand_in
        client = sandbox_client(settings, stand_in)
        today = today or (lambda: stand_in.today)
    else:
        client = OdooClient.from_settings(settings)
    # Every call made for the books is for one company: ODOO_COMPANY, else the API user's default one.
    client = client.for_company(settings.company)
    accounting = AccountingService(client, today=today or dt.date.today, sandbox=settings.is_sandbox)
    runtime = Runtime(settings=settings, client=client, accounting=accounting, vault=Vault(settings.vault_path), sandbox=sandbox)
    try:
        yield runtime
    finally:
        await client.aclose()
