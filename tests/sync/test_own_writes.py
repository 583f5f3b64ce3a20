"""The project's own writes through the approval gate raise no event: the request store knows what the gate wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.approvals.request_store import Entry, RequestStore, Status, open_request_store
from odoo_mcp.sync.own_writes import own_writes

from .figures import expected_events
from .helpers import event_files, start_events, sync_once

pytestmark = pytest.mark.anyio
UTC = dt.UTC


def executed(store: RequestStore, n: int, action: str, records: list[dict[str, Any]], *, company_id: int, when: dt.datetime,
             dry_run: bool = False) -> None:
    """One request as the gate leaves it once executed: issued, claimed, finished with the records it wrote."""
    entry = Entry(id=f"apr-{n:012x}", action=action, payload_sha256=f"{n:064x}", payload={}, plan={"company_id": company_id},
                  body_sha256="0" * 64, file_name=f"REQ_{n}.md", created_at=when, expires_at=when + dt.timedelta(days=3),
                  status=Status.ISSUED, dry_run=dry_run)
    with store.issuing(entry):
        pass
    store.claim(entry.id, now=when, lease_until=when + dt.timedelta(minutes=5), dry_run=dry_run)
    store.finish(entry.id, Status.DONE, now=when, result={"records": records}, error=None)


async def test_events_the_gate_caused_are_not_raised(runtime_factory, sandbox, settings, vault_path: Path) -> None:
    start_events(settings)
    async with runtime_factory() as rt:
        company = (await rt.client.company()).id
        expected = await expected_events(rt.client, sandbox.today)
    overdue = sorted(k for k in expected if k.startswith("invoice_overdue:"))
    posted, paid_through, early, dry = (int(k.split(":")[1]) for k in overdue[:4])
    store = open_request_store(settings)
    today = dt.datetime.combine(sandbox.today, dt.time(9), tzinfo=UTC)
    # posted through the gate when already past the threshold: the owner approved it knowing
    executed(store, 1, "post_invoice", [{"model": "account.move", "id": posted}], company_id=company, when=today)
    # a payment through the gate writes the payment; the invoice it settles in part is only read back
    executed(store, 2, "register_payment", [{"model": "account.payment", "id": 999}, {"model": "account.move", "id": paid_through}],
             company_id=company, when=today)
    # written long before it became overdue: becoming overdue later is news
    executed(store, 3, "post_invoice", [{"model": "account.move", "id": early}], company_id=company, when=today - dt.timedelta(days=400))
    # a dry run wrote nothing
    executed(store, 4, "post_invoice", [{"model": "account.move", "id": dry}], company_id=company, when=today, dry_run=True)
    # another company's request says nothing about this company's records
    other = int(sorted(k for k in expected if k.startswith("draft_waiting:"))[0].split(":")[1])
    executed(store, 5, "create_invoice", [{"model": "account.move", "id": other}], company_id=company + 1000, when=today)

    written = own_writes(settings, company).written
    assert set(written) == {("account.move", posted), ("account.payment", 999), ("account.move", early)}
    await sync_once(runtime_factory)
    raised = set(event_files(vault_path))
    gone = {k for k in expected if k.startswith(f"invoice_overdue:{posted}:")}
    assert gone and raised == set(expected) - gone


def test_no_request_store_means_nothing_is_held_back(settings) -> None:
    assert own_writes(settings, 1).written == {}
    assert not settings.request_store_path.exists(), "reading must not create the approval store"
