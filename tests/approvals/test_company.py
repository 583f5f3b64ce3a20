"""A request is for one company: it names it, its hash covers it, and it never runs for another one.

The books are the contract suite's (a second company in EUR, the sandbox user in both); one server
runs for the user's default company, another with ODOO_COMPANY set to the second company, over
the same vault and ledger (the owner changed ODOO_COMPANY between request and execution).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from odoo_mcp.config import settings_from_mapping
from odoo_mcp.runtime import open_runtime

from .flow import approved, audit_lines, call, front, move, refused, request

pytestmark = pytest.mark.anyio


async def _books(env: dict[str, str], sandbox: Any) -> Any:
    from tests.contract.books import build

    async with open_runtime(settings_from_mapping(env), sandbox=sandbox) as rt:
        return await build(rt.client)


async def test_a_request_for_one_company_is_refused_in_another(make_client, env, sandbox, vault: Path, writes) -> None:
    books = await _books(env, sandbox)
    args = {"name": "Company Bound Customer", "reason": "new client"}
    async with make_client() as home:
        pending = await request(home, "create_partner", args)
    meta = front(vault, pending["file"])
    assert (meta["company"], meta["company_id"]) == (books.home.name, books.home.id)
    assert (pending["company"], pending["company_id"]) == (books.home.name, books.home.id)
    approved_file = move(vault, pending["file"], "Approved")
    before = writes()

    async with make_client(ODOO_COMPANY=str(books.second.id)) as other:
        text = await refused(other, "create_partner", {**args, "approval_id": pending["approval_id"]})
        # the same arguments in the other company are another request, never the first one's
        second = await request(other, "create_partner", args)
    assert "REFUSED (wrong_company)" in text and "\n" not in text.strip()
    assert f"{books.home.name} (id {books.home.id})" in text and f"{books.second.name} (id {books.second.id})" in text
    assert writes() == before, "nothing reached Odoo"
    assert (vault / approved_file).is_file(), "the approval stays usable in its own company"
    assert second["approval_id"] != pending["approval_id"] and front(vault, second["file"])["company_id"] == books.second.id
    refusal = [line for line in audit_lines(vault) if line["event"] == "refused"][-1]
    assert refusal["approval_status"] == "wrong_company" and refusal["company"]["id"] == books.second.id

    async with make_client() as home:
        done = await call(home, "create_partner", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed" and done["file"].startswith("Done/")
    done_text = (vault / done["file"]).read_text(encoding="utf-8")
    assert front(vault, done["file"])["company_id"] == books.home.id
    assert f"- Company: {books.home.name} (Odoo id {books.home.id})" in done_text.split("## Outcome", 1)[1]
    executed = [line for line in audit_lines(vault) if line["event"] == "executed"]
    assert [line["company"] for line in executed] == [{"id": books.home.id, "name": books.home.name}]


async def test_the_company_in_the_file_is_covered_by_the_integrity_check(make_client, env, sandbox, vault: Path, writes) -> None:
    books = await _books(env, sandbox)
    args = {"name": "Tamper Company Customer"}
    async with make_client() as home:
        pending = await request(home, "create_partner", args)
        path = vault / move(vault, pending["file"], "Approved")
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace(f"company_id: {books.home.id}\n", f"company_id: {books.second.id}\n"), encoding="utf-8")
        assert path.read_text(encoding="utf-8") != original
        before = writes()
        text = await refused(home, "create_partner", {**args, "approval_id": pending["approval_id"]})
        assert "REFUSED (file_edited)" in text and writes() == before
        path.write_text(original, encoding="utf-8")
        done = await approved(home, vault, "create_partner", {"name": "Another Company Customer"})
    assert done["company_id"] == books.home.id
