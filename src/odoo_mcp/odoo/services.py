"""`OdooServices`: the parts of Odoo that need no login, for setup and doctor.

Setup runs before any credentials exist (it may create the database they belong to), and doctor
must tell a wrong database name from a wrong key. Both ask Odoo's database manager, the `db`
service, which takes the master password as an argument where it needs one and nothing else.
Holding no credentials, this object cannot send any by mistake.
"""

from __future__ import annotations

from typing import Any

import httpx

from .client import OdooClient


class OdooServices:
    def __init__(
        self, url: str, *, timeout: float = 30.0, connect_timeout: float = 5.0, http_transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.url = url
        self._client = OdooClient(
            base_url=url, database=None, timeout=timeout, connect_timeout=connect_timeout, read_retries=1, http_transport=http_transport
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def db(self, method: str, *args: Any, read: bool = True) -> Any:
        """`db.<method>` (`db_exist`, `list`, `create_database`, `drop` ...); the master password, where needed, is the first argument.

        `read=False` for a method that changes something, so a timeout is never retried.
        """
        return await self._client.service("db", method, list(args), read=read)
