"""Fixtures for the sandbox tests: a fresh sandbox per test and an httpx client bound to it.

Every test talks to the sandbox over HTTP, through `odoo.transport()`, exactly as the real
client does; helpers below build the two wire formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from odoo_sandbox import SANDBOX_API_KEY, SANDBOX_DB, SANDBOX_PASSWORD, SandboxOdoo

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def odoo() -> SandboxOdoo:
    return SandboxOdoo(today=TODAY)


@pytest.fixture
async def http(odoo: SandboxOdoo) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=odoo.transport(), base_url="http://sandbox") as client:
        yield client


class Odoo:
    """Thin helpers over the two wire formats; they return raw responses or decoded bodies."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self._id = 0

    async def json2_raw(self, model: str, method: str, key: str = SANDBOX_API_KEY, **body: Any) -> httpx.Response:
        return await self.http.post(f"/json/2/{model}/{method}", json=body, headers={"Authorization": f"bearer {key}"})

    async def json2(self, model: str, method: str, **body: Any) -> Any:
        response = await self.json2_raw(model, method, **body)
        assert response.status_code == 200, response.text
        return response.json()

    async def rpc_raw(self, service: str, method: str, args: list[Any]) -> dict[str, Any]:
        self._id += 1
        response = await self.http.post(
            "/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": self._id,
                "params": {"service": service, "method": method, "args": args},
            },
        )
        assert response.status_code == 200
        return response.json()

    async def execute_kw(
        self,
        model: str,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any] | None = None,
        password: str = SANDBOX_PASSWORD,
    ) -> dict[str, Any]:
        return await self.rpc_raw("object", "execute_kw", [SANDBOX_DB, 2, password, model, method, args, kwargs or {}])


@pytest.fixture
def api(http: httpx.AsyncClient) -> Odoo:
    return Odoo(http)
