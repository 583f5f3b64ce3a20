"""The process-wide objects every entry point shares: settings, the Odoo client, the services.

Built once per process by `open_runtime`. Creating it contacts nothing: the first tool call
is the first request to Odoo, so a server whose Odoo is down still starts and says so when asked.
The sandbox is wired in here (and only here) when `ODOO_URL=sandbox`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from .accounting.service import AccountingService
from .config import Settings
from .odoo import OdooClient
from .vault.layout import Vault


@dataclass
class Runtime:
    settings: Settings
    client: OdooClient
    accounting: AccountingService
    vault: Vault
    sandbox: Any = None  # the SandboxOdoo when ODOO_URL=sandbox, for demos and tests
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """Where the numbers come from, as written into every vault file: `odoo` or `sandbox`."""
        return "sandbox" if self.settings.is_sandbox else "odoo"


def sandbox_client(settings: Settings, sandbox: Any) -> OdooClient:
    from .sandbox import SANDBOX_API_KEY, SANDBOX_DB, SANDBOX_LOGIN, SANDBOX_PASSWORD

    return OdooClient(
        base_url="http://sandbox.invalid",
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
    sandbox: Any = None,
    today: Callable[[], dt.date] | None = None,
) -> AsyncIterator[Runtime]:
    """Everything a command or the server needs, closed cleanly on exit."""
    if settings.is_sandbox:
        if sandbox is None:
            from .sandbox import SandboxOdoo

            sandbox = SandboxOdoo(state_path=settings.sandbox_state)
        client = sandbox_client(settings, sandbox)
        today = today or (lambda: sandbox.today)
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
