"""What runs is what the owner approved, on a REAL Odoo 19, both protocols (scenarios in `integrity`).

Shown when resolving issue 10: a bill with an explicit due date keeps it against its vendor's
payment term; a tax changed after approval is refused (and a fresh request filed); no marker on a
field the customer sees; a record behind the marker that differs from the plan is a failed
verification, never done.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from odoo_mcp.config import Settings
from odoo_mcp.runtime import open_runtime
from odoo_mcp.server import build_server

from ..live import PROTOCOLS, live_with_vault
from . import integrity

pytestmark = [pytest.mark.live, pytest.mark.anyio]

SCENARIOS = [
    integrity.explicit_due_date_survives_the_vendors_term,
    integrity.tax_changed_after_approval_is_refused,
    integrity.spoofed_marker_does_not_count,
    integrity.record_behind_the_marker_must_match,
    integrity.payment_checked_before_and_after,
    integrity.draft_changed_before_posting_is_refused,
    integrity.partial_credit_note_is_matched_and_a_changed_invoice_refused,
    integrity.vendor_refund_reverses_the_whole_bill,
    integrity.cancel_and_reset_where_odoo_allows,
    integrity.due_date_moves_on_posted_documents,
    integrity.duplicates_are_flagged_in_the_request,
    integrity.locked_period_is_refused_before_asking,
]


@pytest.fixture(params=PROTOCOLS)
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return live_with_vault(request.param, tmp_path)


@pytest.fixture
async def odoo(live: Settings) -> AsyncIterator[Any]:
    async with open_runtime(live) as rt:
        yield rt.client


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_live_integrity(scenario: Any, live: Settings, odoo: Any) -> None:
    async with Client(build_server(live)) as client:
        shown = await scenario(client, odoo, live.vault_path, secrets.token_hex(4))
    print(f"\n{scenario.__name__}: {shown}")
