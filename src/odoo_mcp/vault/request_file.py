"""The approval request file: what the owner reads, in the format the gate can check again later.

One Markdown file per request: YAML front matter with the properties the owner sees in Obsidian
(amount, currency, recipient, status ...), a ten-second summary, the details, the exact payload
as a fenced JSON block and the plan that will run. The server keeps hashes of the payload and of
the body as issued; `tampering` compares a file read back from the vault with them, so an edit
to what the owner read, or to what would run, is caught before anything is written to Odoo.

Pure text in, text out: no file system, no ledger access (the ledger `Entry` is only read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol


from .layout import APPROVED, REJECTED
from .ledger import Entry

REQUEST_TYPE = "approval_request"  # the front matter `type` of every request file
_JSON_BLOCK = re.compile(r"^## Exact payload\s*$.*?^```json[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)


# -- hashes -----------------------------------------------------------------------------------------


def canonical_json(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_sha256(payload: Any) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def body_digest(body: str) -> str:
    """Hash of what the owner reads below the front matter, blind to line endings and trailing blanks
    (editors differ there) but to nothing else: a changed word in the summary changes it."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


# -- reading and updating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRequest:
    front: dict[str, Any]
    body: str
    payload: Any
    payload_sha256: str | None  # of the JSON block as it is in the file now; None if unreadable

    @property
    def body_sha256(self) -> str:
        return body_digest(self.body)


def parse_request(text: str) -> ParsedRequest:
    import yaml  # here, not at module level: the MCP server starts without it

    match = _FRONT.match(text)
    front: dict[str, Any] = {}
    body = text
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            loaded = None
        front = loaded if isinstance(loaded, dict) else {}
        body = text[match.end() :]
    block = _JSON_BLOCK.search(body)
    payload, sha = None, None
    if block:
        try:
            payload = json.loads(block.group(1))
            sha = payload_sha256(payload)
        except ValueError:
            payload, sha = None, None
    return ParsedRequest(front=front, body=body, payload=payload, payload_sha256=sha)


def with_front_matter(text: str, updates: dict[str, Any]) -> str:
    """`text` with front matter keys set (order kept, new keys appended); the body is untouched."""
    parsed = parse_request(text)
    return _front_block({**parsed.front, **updates}) + parsed.body


def _front_block(front: dict[str, Any]) -> str:
    """Front matter as written: keys in the given order, on one line each (no wrapping of long values)."""
    import yaml

    dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n"


# -- writing --------------------------------------------------------------------------------------


def file_name(action: str, who: str, created: dt.datetime, approval_id: str) -> str:
    """`REGISTER_PAYMENT_Nimbus-Cloud-Hosting_2026-11-16_apr-5f0c2a9e1b7d.md`: what and who first, for the owner
    scanning a folder; the id last, which is what `request_folders.locate` looks for."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", who).strip("-")[:40] or "unknown"
    return f"{action.upper()}_{slug}_{created.date().isoformat()}_{approval_id}.md"


def _money(amount: Decimal | str | None, currency: str | None) -> str:
    if amount is None:
        return "no amount"
    return f"{Decimal(amount):,} {currency or ''}".strip()


class ProposalLike(Protocol):
    """What `resolve` returns: everything the owner must see, and the plan the write will follow."""

    action: str
    headline: str
    details: list[str]
    flags: list[str]
    amount: Decimal | None
    currency: str | None
    recipient: str
    new_recipient: bool
    target: str
    plan: dict[str, Any]


class CompanyLike(Protocol):
    id: int
    name: str


def render_request(entry: Entry, proposal: ProposalLike, *, reason: str | None, dry_run: bool, company: CompanyLike | None = None) -> str:
    front: dict[str, Any] = {
        "type": REQUEST_TYPE,
        "id": entry.id,
        "action": entry.action,
    }
    if company is not None:
        front |= {"company": company.name, "company_id": company.id}
    front |= {
        "amount": entry.amount,
        "currency": entry.currency,
        "recipient": entry.recipient,
        "reason": reason or "",
        "created": entry.created_at.isoformat(timespec="seconds"),
        "expires": entry.expires_at.isoformat(timespec="seconds"),
        "status": "pending",
        "payload_sha256": entry.payload_sha256,
        "new_recipient": entry.new_recipient,
        "dry_run": dry_run,
    }
    in_company = f" in {company.name}" if company is not None else ""
    lines = [f"# Approval request: {entry.action} for {entry.recipient} ({_money(entry.amount, entry.currency)}){in_company}", ""]
    for flag in proposal.flags:
        title, _, text = flag.partition(": ")
        lines += [f"> [!warning] {title}", f"> {text or title}", ""]
    if dry_run:
        lines += ["> [!note] DRY RUN", "> The server runs with DRY_RUN=true: approving this writes nothing to Odoo.", ""]
    lines += [f"**In ten seconds:** {proposal.headline}", ""]
    if company is not None:
        lines += [f"- Company: **{company.name}** (Odoo id {company.id}): written in this company's books only; "
                  "the server refuses to run it for any other company."]
    if reason:
        lines += [f"- Why: {reason}"]
    lines += [f"- Expires: {front['expires']} (after that it cannot be executed)", "", "## Details", ""]
    lines += [f"- {detail}" for detail in proposal.details]
    lines += [
        "",
        "## Exact payload",
        "",
        f"The server executes exactly this and refuses if it changes (SHA-256 `{entry.payload_sha256}`).",
        "",
        "```json",
        json.dumps(entry.payload, indent=2, sort_keys=True, ensure_ascii=False),
        "```",
        "",
        "## What will be written to Odoo",
        "",
        "Resolved from the payload when it was requested; this, not a fresh lookup, is what runs.",
        "",
        "```json",
        json.dumps(entry.plan, indent=2, sort_keys=True, ensure_ascii=False),
        "```",
        "",
        "## How to decide",
        "",
        f"- **To approve:** move this file to `{APPROVED}/` (or run `odoo-mcp approvals approve {entry.id}`).",
        f"- **To reject:** move this file to `{REJECTED}/` (or run `odoo-mcp approvals reject {entry.id} --reason \"...\"`).",
        "",
        "Nothing is written to Odoo before it is approved, and it is executed at most once.",
        "Do not edit this file: any change to it makes the server refuse it (reject it and ask again instead).",
        "",
    ]
    return _front_block(front) + "\n".join(lines)


def describe_record(record: dict[str, Any]) -> str:
    """One line for an Odoo record in an outcome: `account.move 12 INV/2026/00012 posted total 1060.00 ...`."""
    parts = [str(record.get("model", "")), str(record.get("id", ""))]
    for key in ("name", "state", "payment_state"):
        if record.get(key):
            parts.append(str(record[key]))
    for key in ("amount", "amount_total", "amount_residual", "date"):
        if record.get(key) not in (None, ""):
            parts.append(f"{key.removeprefix('amount_') if key != 'amount' else 'amount'} {record[key]}")
    return " ".join(parts)


def with_outcome(text: str, *, status: str, when: dt.datetime, result: dict[str, Any] | None, error: str | None) -> str:
    """The request file with its outcome recorded: front matter fields plus an `## Outcome` section."""
    records = (result or {}).get("records") or []
    updates: dict[str, Any] = {"status": status, "executed": when.isoformat(timespec="seconds")}
    if records:
        updates["odoo"] = [
            {k: record[k] for k in ("model", "id", "name", "state", "payment_state", "amount_total", "amount_residual", "amount") if record.get(k) not in (None, "")}
            for record in records
        ]
    if error:
        updates["error"] = error
    lines = ["", f"## Outcome ({updates['executed']})", "", f"- Status: **{status}**"]
    front = parse_request(text).front
    if front.get("company_id") is not None:
        lines.append(f"- Company: {front.get('company')} (Odoo id {front['company_id']})")
    if result and result.get("summary"):
        lines.append(f"- {result['summary']}")
    lines += [f"- `{describe_record(record)}`" for record in records]
    if error:
        lines.append(f"- Error: {error}")
    return with_front_matter(text, updates).rstrip("\n") + "\n" + "\n".join(lines) + "\n"


# -- checking it against the ledger -----------------------------------------------------------------


def tampering(parsed: ParsedRequest, entry: Entry) -> tuple[str, str] | None:
    """(code, why) when the request file no longer says exactly what the ledger issued, else None."""
    if str(parsed.front.get("id")) != entry.id or parsed.front.get("action") != entry.action:
        return "file_mismatch", f"does not describe {entry.action} {entry.id}"
    if parsed.payload_sha256 != entry.payload_sha256:
        return "payload_edited", "the payload was changed after the request (or is unreadable); it no longer matches what was asked"
    if parsed.body_sha256 != entry.body_sha256 or not _front_matches(parsed.front, entry):
        return "file_edited", "the file was edited after the request (summary, plan or amount): what was read is not what would run"
    return None


def _front_matches(front: dict[str, Any], entry: Entry) -> bool:
    """The properties the owner reads (amount, currency, recipient) still say what the ledger recorded."""
    try:
        amount_ok = (front.get("amount") in (None, "") and entry.amount is None) or (
            entry.amount is not None and Decimal(str(front.get("amount"))) == Decimal(entry.amount)
        )
    except ArithmeticError:
        return False
    same = lambda key, value: str(front.get(key) or "").strip() == str(value or "").strip()  # noqa: E731
    company_id = entry.payload.get("company_id") if isinstance(entry.payload, dict) else None
    company_ok = company_id is None or same("company_id", company_id)
    return amount_ok and company_ok and same("currency", entry.currency) and same("recipient", entry.recipient)

