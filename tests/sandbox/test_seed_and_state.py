"""The seeded business, `web_search_read`'s length rules, and the JSON state file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from odoo_sandbox import SandboxOdoo
from odoo_sandbox.persistence import dump

from .conftest import TODAY, Odoo

pytestmark = pytest.mark.anyio

POSTED_INVOICES = [["move_type", "=", "out_invoice"], ["state", "=", "posted"]]


async def test_seed_has_every_aging_bucket(api: Odoo) -> None:
    overdue = await api.json2(
        "account.move",
        "search_read",
        domain=[
            *POSTED_INVOICES,
            ["payment_state", "in", ["not_paid", "partial"]],
            ["invoice_date_due", "<", TODAY.isoformat()],
        ],
        fields=["invoice_date_due", "amount_residual"],
    )
    days = [(TODAY - dt.date.fromisoformat(m["invoice_date_due"])).days for m in overdue]
    assert all(m["amount_residual"] > 0 for m in overdue)
    for low, high in ((1, 30), (31, 60), (61, 90), (91, 10_000)):
        assert any(low <= d <= high for d in days), (low, high, days)


async def test_seed_business_shape(api: Odoo) -> None:
    company = await api.json2("res.company", "read", ids=[1], fields=["name", "currency_id"])
    assert company == [{"id": 1, "name": "Sandbox Trading Co. (sandbox data)", "currency_id": [1, "USD"]}]
    assert await api.json2("res.users", "context_get") == {"lang": "en_US", "tz": "UTC", "uid": 2}
    assert (
        await api.json2(
            "ir.module.module", "search_count", domain=[["name", "=", "account"], ["state", "=", "installed"]]
        )
        == 1
    )
    invoices = await api.json2(
        "account.move",
        "search_read",
        domain=POSTED_INVOICES,
        fields=["amount_tax", "amount_total", "payment_state", "invoice_date"],
    )
    assert 55 <= len(invoices) <= 75
    assert all(m["invoice_date"] >= "2026-06-01" for m in invoices)
    assert any(m["amount_tax"] == 0 for m in invoices) and any(m["amount_tax"] > 0 for m in invoices)
    assert any(round(m["amount_total"] * 100) % 100 for m in invoices)  # amounts with cents
    states = [m["payment_state"] for m in invoices]
    assert states.count("paid") > len(states) / 2 and states.count("partial") == 3
    refunds = await api.json2(
        "account.move", "search_read", domain=[["move_type", "=", "out_refund"]], fields=["state"]
    )
    assert len(refunds) == 2
    drafts = await api.json2(
        "account.move", "search_read", domain=[["state", "=", "draft"]], fields=["create_date", "name"]
    )
    assert len(drafts) == 3 and all(d["name"] is False for d in drafts)
    assert any(d["create_date"] < (TODAY - dt.timedelta(days=10)).isoformat() for d in drafts)
    customers = await api.json2(
        "res.partner", "search_count", domain=[["customer_rank", ">", 0], ["email", "!=", False]]
    )
    assert customers >= 10


async def test_seed_vendor_bills(api: Odoo) -> None:
    bills = await api.json2(
        "account.move",
        "search_read",
        domain=[["move_type", "=", "in_invoice"]],
        fields=["partner_id", "amount_untaxed", "invoice_date", "invoice_date_due", "payment_state"],
        order="invoice_date",
    )
    assert 22 <= len(bills) <= 30
    soon = [
        b
        for b in bills
        if b["payment_state"] != "paid"
        and TODAY <= dt.date.fromisoformat(b["invoice_date_due"]) <= TODAY + dt.timedelta(days=7)
    ]
    assert len(soon) >= 2
    hosting = [b["amount_untaxed"] for b in bills if b["partner_id"][1] == "Nimbus Cloud Hosting"]
    assert len(hosting) == 6
    assert hosting[-1] > 1.2 * (sum(hosting[:-1]) / len(hosting[:-1]))
    rent = [b for b in bills if b["partner_id"][1] == "Harbor Point Properties"]
    assert len(rent) == 6 and {b["amount_untaxed"] for b in rent} == {3200.0}


async def test_web_search_read_length_rules(api: Odoo) -> None:
    total = await api.json2("account.move", "search_count", domain=POSTED_INVOICES)
    spec = {"name": {}, "partner_id": {"fields": {"display_name": {}}}, "journal_id": {}}
    page = await api.json2("account.move", "web_search_read", domain=POSTED_INVOICES, specification=spec, limit=5)
    assert page["length"] == total and len(page["records"]) == 5
    record = page["records"][0]
    assert set(record) == {"id", "name", "partner_id", "journal_id"}
    assert set(record["partner_id"]) == {"id", "display_name"} and isinstance(record["journal_id"], int)
    tail = await api.json2(
        "account.move", "web_search_read", domain=POSTED_INVOICES, specification={"name": {}}, offset=total - 3, limit=5
    )
    assert tail["length"] == total and len(tail["records"]) == 3
    capped = await api.json2(
        "account.move", "web_search_read", domain=POSTED_INVOICES, specification={"name": {}}, limit=5, count_limit=20
    )
    assert capped["length"] == 20
    everything = await api.json2("account.move", "web_search_read", domain=POSTED_INVOICES, specification={})
    assert everything["length"] == total and set(everything["records"][0]) == {"id"}
    none = await api.json2(
        "account.move", "web_search_read", domain=[["id", "=", 0]], specification={"name": {}}, offset=10, limit=5
    )
    assert none == {"length": 0, "records": []}


async def test_state_file_round_trip(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    first = SandboxOdoo(today=TODAY, state_path=state)
    assert not state.exists()  # nothing written until something changes
    async with httpx.AsyncClient(transport=first.transport(), base_url="http://sandbox") as http:
        api = Odoo(http)
        partner = (await api.json2("res.partner", "create", vals_list=[{"name": "Persisted Ltd (sandbox)"}]))[0]
        await api.json2("res.partner", "search_read", domain=[], fields=["name"])
    assert state.exists()
    assert not list(tmp_path.glob(".*.tmp"))
    second = SandboxOdoo(today=TODAY + dt.timedelta(days=1), state_path=state)
    assert second.today == TODAY + dt.timedelta(days=1)
    async with httpx.AsyncClient(transport=second.transport(), base_url="http://sandbox") as http:
        api = Odoo(http)
        assert await api.json2("res.partner", "read", ids=[partner], fields=["name"]) == [
            {"id": partner, "name": "Persisted Ltd (sandbox)"}
        ]
        moves = await api.json2("account.move", "search_count", domain=[])
    assert moves == len(first.db.tables["account.move"])
    assert dump(second.db)["tables"] == dump(first.db)["tables"]


def test_seed_is_deterministic() -> None:
    """Same day, same books; seeding speed (about 0.06 s) is a benchmark matter, not asserted here."""
    one = SandboxOdoo(today=TODAY)
    two = SandboxOdoo(today=TODAY)
    assert dump(one.db) == dump(two.db)
    assert dump(SandboxOdoo(today=TODAY + dt.timedelta(days=1)).db) != dump(one.db)


def test_import_is_light() -> None:
    """Importing the sandbox pulls in neither httpx nor starlette (only `transport()` needs httpx)."""
    code = "import sys, odoo_sandbox; print(sorted({'httpx', 'starlette'} & set(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
