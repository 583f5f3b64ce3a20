"""What runs is what the owner approved, on the sandbox (the same scenarios run live in test_live_integrity)."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.runtime import sandbox_client

from .test_live_integrity import SCENARIOS

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_integrity_on_the_sandbox(scenario: Any, make_client: Any, sandbox: Any, vault: Any) -> None:
    async with sandbox_client(settings_from_mapping({"ODOO_URL": "sandbox"}), sandbox) as odoo, make_client() as client:
        await scenario(client, odoo, vault, secrets.token_hex(4))
