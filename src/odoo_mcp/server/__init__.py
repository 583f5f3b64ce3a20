"""MCP wiring only: tools, resources and prompts as thin adapters over the services.

Nothing imports this package except the CLI and tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from mcp.server.auth.provider import TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer

from .. import __version__
from ..config import Settings
from ..runtime import Runtime, open_runtime
from ..vault.layout import Vault
from .adapter import OdooMCPServer
from .read_tools import register_read_tools
from .report_tools import register as register_report_tools
from .resources import register_resources
from .write_tools import register as register_write_tools

INSTRUCTIONS = """\
Odoo accounting for a small business. Read tools answer from Odoo's own figures (exact decimals,
company currency, untaxed revenue/expenses net of credit notes). Write tools never change Odoo
directly: called without approval_id they file a request in the vault's Pending_Approval/ folder
and return its id; the owner approves by moving the file to Approved/; then call the same tool
again with the same arguments plus approval_id to execute it exactly once. When odoo_status says
sandbox, all data is demo data, not a real company."""

RuntimeFactory = Callable[[], AbstractAsyncContextManager[Runtime]]


def build_server(
    settings: Settings,
    *,
    runtime_factory: RuntimeFactory | None = None,
    token_verifier: TokenVerifier | None = None,
    auth: AuthSettings | None = None,
) -> MCPServer[Runtime]:
    factory = runtime_factory or (lambda: open_runtime(settings))

    @asynccontextmanager
    async def lifespan(_: MCPServer[Runtime]) -> AsyncIterator[Runtime]:
        async with factory() as runtime:
            yield runtime

    server: MCPServer[Runtime] = OdooMCPServer(
        "odoo",
        instructions=INSTRUCTIONS,
        version=__version__,
        lifespan=lifespan,
        log_level=settings.log_level,  # type: ignore[arg-type]  # a str config._level has checked is one of the SDK level names
        token_verifier=token_verifier,
        auth=auth,
    )
    register_read_tools(server)
    register_resources(server, Vault(settings.vault_path))
    register_write_tools(server)
    register_report_tools(server)
    return server
