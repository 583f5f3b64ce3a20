"""Unprotected fields: every property the owner sees is covered by the integrity check.

An approved request file whose properties were edited after the request (a flag flipped, a date
moved, a key added, a comment or a duplicate key slipped in) is refused `file_edited`, and Odoo
receives no write. What the owner or Obsidian legitimately add (the CLI's approval keys, `tags`,
`aliases`) still executes. Requests filed before properties were hashed (older ledger rows) are
checked with what the ledger can confirm.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest

from odoo_mcp.approvals.request_file import body_digest, parse_request, render_request, tampering
from odoo_mcp.approvals.request_store import Entry, Status
from odoo_mcp.cli import main

from ..approvals.flow import call, move, refused, request

pytestmark = pytest.mark.anyio

Edit = Callable[[str], str]


def _sub(pattern: str, replacement: str) -> Edit:
    def edit(text: str) -> str:
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        assert changed != text, f"the edit {pattern!r} matched nothing"
        return changed

    return edit


def _add_property(line: str) -> Edit:
    """A line added at the end of the front matter."""
    return _sub(r"^(dry_run: .*)$", rf"\1\n{line}")


ATTACKS: dict[str, Edit] = {
    "dry_run_flipped": _sub(r"^dry_run: false$", "dry_run: true"),
    "new_recipient_flipped": _sub(r"^new_recipient: false$", "new_recipient: true"),
    "status_done": _sub(r"^status: pending$", "status: done"),
    "status_approved_by_cfo": _sub(r"^status: pending$", "status: approved by the CFO"),
    "reason_changed": _sub(r"^reason: .*$", "reason: agreed with the CFO, urgent"),
    "created_moved": _sub(r"^created: '(\d{4})", r"created: '1999"),
    "expires_extended": _sub(r"^expires: '(\d{4})", r"expires: '2999"),
    "company_renamed": _sub(r"^company: .*$", "company: Someone Else Ltd"),
    "company_id_changed": _sub(r"^company_id: \d+$", "company_id: 999"),
    "type_changed": _sub(r"^type: approval_request$", "type: note"),
    "front_payload_hash_changed": _sub(r"^payload_sha256: [0-9a-f]+$", "payload_sha256: " + "0" * 64),
    "reason_removed": _sub(r"^reason: .*\n", ""),
    "unknown_key_added": _add_property("pay_to_iban: DE00 1234 5678"),
    "executed_forged": _add_property("executed: '2026-11-16T09:00:00+00:00'"),
    "comment_after_value": _sub(r"^(amount: .*)$", r"\1  # really ten times more"),
    "comment_line": _add_property("# the CFO agreed to pay twice"),
    "duplicate_recipient": _add_property("recipient: Someone Else Ltd"),
    "anchor_and_alias": _sub(r"^reason: (.*)$", r"reason: &why \1\ntags: *why"),
    "yaml_tag": _sub(r"^reason: (.*)$", r"reason: !!str \1"),
    "approved_by_while_pending": _add_property("approved_by: the CFO"),
    "rejection_reason_while_pending": _add_property("rejection_reason: none"),
    "tags_as_mapping": _add_property("tags: {pay: now}"),
    "tag_as_a_sentence": _add_property("tags: ['APPROVED BY THE CFO, pay today']"),
    "alias_as_a_list_of_lists": _add_property("aliases: [[a, b]]"),
    "cssclasses_added": _add_property("cssclasses: [hide-amounts]"),
    "second_document": _sub(r"^type: approval_request$", "type: approval_request\n..."),
}
ALLOWED: dict[str, Edit] = {
    "tags": _add_property("tags: [accounting, urgent]"),
    "aliases": _add_property("aliases: [Acme invoice]"),
    "tag_word": _add_property("tags: accounting"),
}


async def _approved_request(client: Any, vault: Path) -> tuple[dict[str, Any], dict[str, Any], Path]:
    customer = (await call(client, "find_partners", {"role": "customer", "limit": 1}))["items"][0]["id"]
    args = {"partner_id": customer, "lines": [{"description": "Audit", "quantity": 2, "unit_price": "125.50"}],
            "reason": "integrity attack"}
    pending = await request(client, "create_invoice", args)
    return args, pending, vault / move(vault, pending["file"], "Approved")


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
async def test_edited_property_is_refused(attack: str, make_client: Any, vault: Path, writes: Any) -> None:
    async with make_client() as client:
        args, pending, path = await _approved_request(client, vault)
        path.write_text(ATTACKS[attack](path.read_text(encoding="utf-8")), encoding="utf-8")
        before = writes()
        text = await refused(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert "REFUSED (file_edited)" in text, text
    assert writes() == before, "Odoo received a write"


@pytest.mark.parametrize("edit", list(ALLOWED), ids=list(ALLOWED))
async def test_what_obsidian_adds_still_executes(edit: str, make_client: Any, vault: Path) -> None:
    async with make_client() as client:
        args, pending, path = await _approved_request(client, vault)
        path.write_text(ALLOWED[edit](path.read_text(encoding="utf-8")), encoding="utf-8")
        done = await call(client, "create_invoice", {**args, "approval_id": pending["approval_id"]})
    assert done["status"] == "executed"


@pytest.fixture
def cli(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def run(*argv: str) -> tuple[int, str, str]:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        code = main(["--env-file", os.devnull, "approvals", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize("forged", ["status: approved", "status: approved\napproved_by: the CFO\napproved_at: '2026-11-16T09:00:00+00:00'"])
async def test_a_pending_file_cannot_say_it_was_approved(forged: str, make_client: Any, vault: Path, cli: Any) -> None:
    """In Pending_Approval/ the owner has not decided yet: a file that says otherwise is reported EDITED, and not approved."""
    async with make_client() as client:
        customer = (await call(client, "find_partners", {"role": "customer", "limit": 1}))["items"][0]["id"]
        pending = await request(client, "create_invoice", {"partner_id": customer, "lines": [{"description": "X", "unit_price": "5.00"}]})
    path = vault / pending["file"]
    path.write_text(path.read_text(encoding="utf-8").replace("status: pending", forged), encoding="utf-8")
    code, out, _ = cli("show", pending["approval_id"])
    assert code == 0 and "EDITED" in out.split("\n")[1]
    code, _, err = cli("approve", pending["approval_id"], "--yes")
    assert code == 1 and "edited after the request" in err
    assert path.is_file()


# -- requests filed before properties were hashed (older ledger rows) -------------------------------


class _Proposal:
    action = "register_payment"
    headline = "Register a full payment of 10.00 USD paid to Acme against BILL/1."
    details: ClassVar[list[str]] = ["Vendor: Acme (partner id 7)"]
    flags: ClassVar[list[str]] = []
    amount = Decimal("10.00")
    currency = "USD"
    recipient = "Acme"
    new_recipient = False
    target = "account.payment for BILL/1"
    plan: ClassVar[dict[str, Any]] = {"amount": "10.00"}


def _legacy(text_edit: Edit | None = None) -> tuple[Entry, str]:
    """A request as an older server recorded it: the ledger holds the hash of the body only."""
    created = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
    entry = Entry(id="apr-0123456789ab", action="register_payment", payload_sha256="", payload={"invoices": [1], "amount": "10.00"},
                  plan={"amount": "10.00"}, body_sha256="", file_name="f.md", created_at=created,
                  expires_at=created + dt.timedelta(hours=72), status=Status.ISSUED, amount="10.00", currency="USD", recipient="Acme")
    from odoo_mcp.approvals.request_file import payload_sha256

    entry = Entry(**{**entry.__dict__, "payload_sha256": payload_sha256(entry.payload)})
    text = render_request(entry, _Proposal(), reason="rent", dry_run=False)
    entry = Entry(**{**entry.__dict__, "body_sha256": body_digest(parse_request(text).body)})
    return entry, text_edit(text) if text_edit else text


def test_an_older_request_intact_passes() -> None:
    entry, text = _legacy()
    assert tampering(parse_request(text), entry) is None


@pytest.mark.parametrize("attack", ["created_moved", "expires_extended", "new_recipient_flipped", "status_done", "unknown_key_added",
                                    "comment_after_value", "duplicate_recipient", "type_changed", "front_payload_hash_changed"])
def test_an_older_request_edited_where_the_ledger_can_tell_is_refused(attack: str) -> None:
    entry, text = _legacy(ATTACKS[attack])
    problem = tampering(parse_request(text), entry)
    assert problem is not None and problem[0] == "file_edited", problem


# -- reading properties strictly ----------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "problem"), [
    ("a: 1\na: 2\n", "twice"),
    ("a: 1 # hidden\n", "comment"),
    ("# hidden\na: 1\n", "comment"),
    ("a: &x 1\nb: *x\n", "anchor"),
    ("a: !!str 1\n", "tag"),
    ("a: [1, 2\n", "not valid YAML"),
    ("- a\n- b\n", "not a list of properties"),
    ("a:\n  b: 1\n  b: 2\n", "twice"),
], ids=["duplicate", "comment_after", "comment_line", "anchor_alias", "tag", "broken", "not_a_mapping", "nested_duplicate"])
def test_front_matter_problems(raw: str, problem: str) -> None:
    from odoo_mcp.vault.front_matter import split

    found = split(f"---\n{raw}---\nbody\n").problem
    assert found is not None and problem in found, found


@pytest.mark.parametrize("raw", ["a: 'x # not a comment'\n", 'a: "#5"\n', "tags: [x, y]\nb: null\n", "a: 'it''s'\n"])
def test_front_matter_plain_values_pass(raw: str) -> None:
    from odoo_mcp.vault.front_matter import split

    assert split(f"---\n{raw}---\nbody\n").problem is None
