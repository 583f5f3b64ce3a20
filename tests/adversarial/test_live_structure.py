"""Data stays data on a REAL Odoo 19, both protocols: a partner named with hostile text in Odoo, and a
hostile line description from the assistant, leave the request file with a benign word's structure,
and Odoo stores the description exactly as given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.approvals.request_file import parse_request, payload_block
from odoo_mcp.config import Settings
from odoo_mcp.runtime import open_runtime
from odoo_mcp.server import build_server

from ..approvals.flow import call, move
from ..live import PROTOCOLS, live_with_vault
from .hostile import HOSTILE, differences
from .sources import line_description_from_the_assistant, partner_name_from_odoo

pytestmark = [pytest.mark.live, pytest.mark.anyio]


@pytest.fixture(params=PROTOCOLS)
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return live_with_vault(request.param, tmp_path)


@pytest.fixture
async def odoo(live: Settings) -> AsyncIterator[Any]:
    async with open_runtime(live) as rt:
        yield rt.client


@pytest.mark.parametrize("source", [partner_name_from_odoo, line_description_from_the_assistant], ids=lambda s: s.__name__)
@pytest.mark.parametrize("name", ["decoy_fence", "callout", "html_comment", "bidi_override"])
async def test_live_request_file_keeps_its_structure(source: Any, name: str, live: Settings, odoo: Any) -> None:
    async with Client(build_server(live)) as client:
        _, _, benign = await source(client, odoo, "Acme Plain")
        tool, args, hostile = await source(client, odoo, HOSTILE[name])
        text = (live.vault_path / hostile["file"]).read_text(encoding="utf-8")
        parsed = parse_request(text)
        benign_body = parse_request((live.vault_path / benign["file"]).read_text(encoding="utf-8")).body
        assert differences(benign_body, parsed.body) == []
        assert payload_block(parsed.body)[1] is None and parsed.front_problem is None
        if source is line_description_from_the_assistant and name == "decoy_fence":
            move(live.vault_path, hostile["file"], "Approved")
            done = await call(client, tool, {**args, "approval_id": hostile["approval_id"]})
            move_id = next(r["id"] for r in done["records"] if r["model"] == "account.move")
            lines = await odoo.search_read("account.move.line", [("move_id", "=", move_id), ("display_type", "=", "product")], ["name"])
            assert [line["name"] for line in lines] == [HOSTILE[name]]
