"""A real uvicorn serving the HTTP app on a free loopback port, inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from odoo_mcp.config import Settings
from odoo_mcp.server.http import PATH, Bind, http_app, verifier_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def serving(settings: Settings, runtime_factory: Any = None, *, port: int | None = None) -> AsyncIterator[str]:
    """The server's /mcp URL while it runs; stopped (and its runtime closed) on exit."""
    bind = Bind("127.0.0.1", port or free_port())
    verifier, auth = verifier_for(settings)
    async with running(http_app(settings, bind, verifier, auth, runtime_factory=runtime_factory), bind.port):
        yield bind.url + PATH


@asynccontextmanager
async def running(app: Any, port: int) -> AsyncIterator[None]:
    """Any ASGI app on 127.0.0.1:port while the block runs."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        yield
    finally:
        server.should_exit = True
        await task


def client(url: str, token: str | None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return Client(streamable_http_client(url, http_client=create_mcp_http_client(headers=headers)))
