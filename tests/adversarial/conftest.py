"""Fixtures for the adversarial suite: the approval tests' MCP client on the sandbox, and Odoo itself.

`make_client`, `writes`, `clock` and `vault` are the approval tests' own (tests/approvals/conftest.py);
`odoo` is an `OdooClient` straight to the same sandbox books, to plant hostile data the way a person
typing into Odoo would (a partner name, an invoice number), behind the assistant's back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.odoo import OdooClient
from odoo_mcp.runtime import sandbox_client

from ..approvals.conftest import clock, make_client, vault, writes  # noqa: F401 - fixtures, re-exported for this folder


@pytest.fixture
async def odoo(sandbox: Any) -> AsyncIterator[OdooClient]:
    async with sandbox_client(settings_from_mapping({"ODOO_URL": "sandbox"}), sandbox) as client:
        yield client
