"""The approval request file: what the owner reads, in the format the gate can check again later.

One Markdown file per request: YAML front matter with the properties the owner sees in Obsidian
(amount, currency, recipient, status ...), a ten-second summary, the details, the exact payload
as a fenced JSON block and the plan that will run. The server keeps the payload's hash and a hash
of everything else it wrote (every property and the whole body, `issued_digest`); `tampering`
compares a file read back from the vault with them, so an edit to what the owner read, or to what
would run, is caught before anything is written to Odoo.

Values from outside (names, descriptions, memo, reason, references) are written inert (see
`neutral`): a property is one line, body text is escaped Markdown on its own line, so no value
can add a line, a heading, a callout, a comment, a link or a second payload. The payload block
is found by one rule: the only fenced block between `## Exact payload` and `## What will be
written to Odoo`, in a file with exactly those two headings and exactly two fenced blocks.

Pure text in, text out: no file system, no store access (the request store `Entry` is only read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from ..vault import front_matter
from ..vault.layout import APPROVED, PENDING, REJECTED
from ..vault.neutral import fence_for, file_name as whole_file_name, file_part, md_code, md_text, one_line
from .plans import Plan
from .request_store import Entry, Status

REQUEST_TYPE = "approval_request"  # the front matter `type` of every request file
PAYLOAD_HEADING = "## Exact payload"
PLAN_HEADING = "## What will be written to Odoo"
DIGEST_VERSION = "v2:"  # store `body_sha256` values with this prefix cover properties + body; bare hex: body only (older rows)

# The properties, as the gate writes them when it files a request.
ISSUED_KEYS = ("type", "id", "action", "company", "company_id", "amount", "currency", "recipient", "reason", "created",
               "expires", "status", "payload_sha256", "new_recipient", "dry_run")
# Added afterwards by the owner's `odoo-mcp approvals approve` / `reject`; nothing else may be added.
APPROVAL_KEYS = ("approved_by", "approved_at", "signature")
REJECTION_KEYS = ("rejected_by", "rejected_at", "rejection_reason")
# Obsidian's own display properties (a tag or an alias changes how the note is found, not what it says).
OBSIDIAN_KEYS = ("tags", "aliases")
_LATER_KEYS = frozenset({"status", *APPROVAL_KEYS, *REJECTION_KEYS, *OBSIDIAN_KEYS})
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_TAG = re.compile(r"#?[\w/-]{1,60}")  # what Obsidian accepts as a tag: no spaces
_ALIAS = re.compile(r"[^\x00-\x1f\x7f]{1,100}")
# Shown as \uXXXX inside the JSON blocks: C1 controls, line/paragraph separators, bidi and zero-width characters, tags
# (json.dumps escapes the C0 controls itself).
_INVISIBLE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")


# -- hashes -----------------------------------------------------------------------------------------


def canonical_json(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_sha256(payload: Any) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def _normalised_body(body: str) -> str:
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def body_digest(body: str) -> str:
    """Hash of what the owner reads below the front matter, blind to line endings and trailing blanks
    (editors differ there) but to nothing else: a changed word in the summary changes it. (Requests filed
    before `issued_digest` existed are checked with this.)"""
    return hashlib.sha256(_normalised_body(body).encode("utf-8")).hexdigest()


def issued_digest(front: dict[str, Any], body: str) -> str:
    """`v2:` + hash of every property the gate wrote (all but `status`, which moves on, and the keys added
    later by the owner or Obsidian) and of the body: one edit anywhere the owner reads changes it."""
    issued = {key: value for key, value in front.items() if key not in _LATER_KEYS}
    material = json.dumps({"front": issued, "body": _normalised_body(body)}, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False, default=lambda value: f"!{type(value).__name__} {value}")
    return DIGEST_VERSION + hashlib.sha256(material.encode("utf-8")).hexdigest()


# -- reading and updating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRequest:
    front: dict[str, Any]
    body: str
    payload: Any
    payload_sha256: str | None  # of the JSON block as it is in the file now; None if unreadable
    front_problem: str | None = None  # why the front matter is not plain properties as the server writes them
    payload_problem: str | None = None  # why no payload block could be read unambiguously

    @property
    def body_sha256(self) -> str:
        """What the request store keeps for the file as issued (its `body_sha256` column): `issued_digest`."""
        return issued_digest(self.front, self.body)


def parse_request(text: str) -> ParsedRequest:
    split = front_matter.split(text)
    block, problem = payload_block(split.body)
    payload, sha = None, None
    if block is not None:
        try:
            payload = json.loads(block)
            sha = payload_sha256(payload)
        except ValueError:
            payload, problem = None, "the payload block is not valid JSON"
    return ParsedRequest(front=split.data, body=split.body, payload=payload, payload_sha256=sha,
                         front_problem=split.problem if split.present else None, payload_problem=problem)


def payload_block(body: str) -> tuple[str | None, str | None]:
    """(the payload's JSON text, None), or (None, why): the only fenced block between the one `## Exact payload`
    heading and the one `## What will be written to Odoo` heading, in a body with exactly two fenced blocks
    (payload, then plan), each opened by backticks and `json` and closed by the same backticks."""
    lines = body.split("\n")  # not splitlines(): only LF ends a line here, as in the file the gate wrote
    heads = [i for i, line in enumerate(lines) if line.rstrip() == PAYLOAD_HEADING]
    plans = [i for i, line in enumerate(lines) if line.rstrip() == PLAN_HEADING]
    if len(heads) != 1 or len(plans) != 1 or plans[0] < heads[0]:
        return None, (f"a request has exactly one '{PAYLOAD_HEADING}' and one '{PLAN_HEADING}' heading, in that order; "
                      f"this file has {len(heads)} and {len(plans)}")
    fences = [(i, match) for i, line in enumerate(lines) if (match := _FENCE.match(line.rstrip()))]
    if len(fences) != 4:
        return None, f"a request has exactly two fenced blocks (payload, plan); this file has {len(fences)} fence lines"
    (start, _), (end, _) = fences[0], fences[1]
    if not heads[0] < start < end < plans[0] < fences[2][0]:
        return None, f"the payload block is not where it belongs, between '{PAYLOAD_HEADING}' and '{PLAN_HEADING}'"
    for (_, first), (_, last) in ((fences[0], fences[1]), (fences[2], fences[3])):
        if not (first.group(1).startswith("`") and first.group(2).strip() == "json" and last.group(1) == first.group(1)
                and not last.group(2).strip() and first.group(0) == first.group(0).lstrip()):
            return None, "a fenced block of the request is not opened by backticks and json, and closed by the same backticks"
    return "\n".join(lines[start + 1 : end]), None


def with_front_matter(text: str, updates: dict[str, Any]) -> str:
    """`text` with front matter keys set (order kept, new keys appended); the body is untouched."""
    split = front_matter.split(text)
    return front_block({**split.data, **updates}) + split.body


def front_block(front: dict[str, Any]) -> str:
    """Front matter as written (`vault.front_matter.block`: the one writer of every generated file)."""
    return front_matter.block(front)


# -- writing --------------------------------------------------------------------------------------


def file_name(action: str, who: str, created: dt.datetime, approval_id: str) -> str:
    """`REGISTER_PAYMENT_Nimbus-Cloud-Hosting_2026-11-16_apr-5f0c2a9e1b7d.md`: what and who first, for the owner
    scanning a folder; the id last, which is what `request_folders.locate` looks for."""
    return whole_file_name(f"{file_part(action, 40).upper()}_{file_part(who, 40)}_{created.date().isoformat()}_{approval_id}")


def _money(amount: Decimal | str | None, currency: str | None) -> str:
    if amount is None:
        return "no amount"
    return f"{Decimal(amount):,} {currency or ''}".strip()


def _json_escape(char: str) -> str:
    """`char` as a JSON escape (a surrogate pair beyond the BMP)."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _json_block(value: Any) -> list[str]:
    """A fenced JSON block that shows every character: invisible and line-breaking ones as `\\uXXXX` escapes
    (the same JSON, so the same hash), and a fence no backtick run inside can close."""
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    text = _INVISIBLE.sub(lambda m: _json_escape(m.group(0)), text)
    fence = fence_for(text)
    return [f"{fence}json", text, fence]


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

    @property
    def plan(self) -> Plan | dict[str, Any]: ...  # read-only, so a typed plan (a model) fits as well as a dict


class CompanyLike(Protocol):
    """Read-only, as `odoo.companies.Company` (a frozen dataclass) is."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


def render_request(entry: Entry, proposal: ProposalLike, *, reason: str | None, dry_run: bool, company: CompanyLike | None = None) -> str:
    """The request file as issued. Every value from outside goes through `neutral`: one line each, inert Markdown."""
    front: dict[str, Any] = {
        "type": REQUEST_TYPE,
        "id": entry.id,
        "action": entry.action,
    }
    if company is not None:
        front |= {"company": one_line(company.name), "company_id": company.id}
    front |= {
        "amount": entry.amount,
        "currency": one_line(entry.currency) if entry.currency is not None else None,
        "recipient": one_line(entry.recipient) if entry.recipient is not None else None,
        "reason": one_line(reason),
        "created": entry.created_at.isoformat(timespec="seconds"),
        "expires": entry.expires_at.isoformat(timespec="seconds"),
        "status": "pending",
        "payload_sha256": entry.payload_sha256,
        "new_recipient": entry.new_recipient,
        "dry_run": dry_run,
    }
    in_company = f" in {md_text(company.name)}" if company is not None else ""
    lines = [f"# Approval request: {entry.action} for {md_text(entry.recipient)} "
             f"({md_text(_money(entry.amount, entry.currency))}){in_company}", ""]
    for flag in proposal.flags:
        title, _, text = flag.partition(": ")
        lines += [f"> [!warning] {md_text(title)}", f"> {md_text(text or title)}", ""]
    if dry_run:
        lines += ["> [!note] DRY RUN", "> The server runs with DRY_RUN=true: approving this writes nothing to Odoo.", ""]
    lines += [f"**In ten seconds:** {md_text(proposal.headline)}", ""]
    if company is not None:
        lines += [f"- Company: **{md_text(company.name)}** (Odoo id {company.id}): written in this company's books only; "
                  "the server refuses to run it for any other company."]
    if reason:
        lines += [f"- Why: {md_text(reason)}"]
    lines += [f"- Expires: {front['expires']} (after that it cannot be executed)", "", "## Details", ""]
    lines += [f"- {md_text(detail)}" for detail in proposal.details]
    lines += [
        "",
        PAYLOAD_HEADING,
        "",
        f"The server executes exactly this and refuses if it changes (SHA-256 `{entry.payload_sha256}`).",
        "",
        *_json_block(entry.payload),
        "",
        PLAN_HEADING,
        "",
        "Resolved from the payload when it was requested; this, not a fresh lookup, is what runs.",
        "",
        *_json_block(entry.plan),
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
    return front_block(front) + "\n".join(lines)


def describe_record(record: dict[str, Any]) -> str:
    """One line for an Odoo record in an outcome: `account.move 12 INV/2026/00012 posted total 1060.00 ...`
    (each value folded to one line: a record's name cannot add a line to a tool answer or a file)."""
    parts = [one_line(record.get("model", "")), one_line(record.get("id", ""))]
    for key in ("name", "state", "payment_state"):
        if record.get(key):
            parts.append(one_line(record[key]))
    for key in ("amount", "amount_total", "amount_residual", "date"):
        if record.get(key) not in (None, ""):
            parts.append(f"{key.removeprefix('amount_') if key != 'amount' else 'amount'} {one_line(record[key])}")
    return " ".join(parts)


def with_outcome(text: str, *, status: str, when: dt.datetime, result: dict[str, Any] | None, error: str | None) -> str:
    """The request file with its outcome recorded: front matter fields plus an `## Outcome` section."""
    records = (result or {}).get("records") or []
    updates: dict[str, Any] = {"status": status, "executed": when.isoformat(timespec="seconds")}
    if records:
        updates["odoo"] = [
            {k: one_line(record[k]) if isinstance(record[k], str) else record[k]
             for k in ("model", "id", "name", "state", "payment_state", "amount_total", "amount_residual", "amount")
             if record.get(k) not in (None, "")}
            for record in records
        ]
    if error:
        updates["error"] = one_line(error)
    lines = ["", f"## Outcome ({updates['executed']})", "", f"- Status: **{md_text(status)}**"]
    front = front_matter.split(text).data
    if front.get("company_id") is not None:
        lines.append(f"- Company: {md_text(front.get('company'))} (Odoo id {md_text(front['company_id'])})")
    if result and result.get("summary"):
        lines.append(f"- {md_text(result['summary'])}")
    lines += [f"- {md_code(describe_record(record))}" for record in records]
    if error:
        lines.append(f"- Error: {md_text(error)}")
    return with_front_matter(text, updates).rstrip("\n") + "\n" + "\n".join(lines) + "\n"


# -- checking it against the request store -----------------------------------------------------------------


def tampering(parsed: ParsedRequest, entry: Entry, folder: str | None = None) -> tuple[str, str] | None:
    """(code, why) when the request file no longer says exactly what the request store issued, else None.

    Covered: the payload (its hash), every property the gate wrote and the whole body (`issued_digest`, for
    requests filed since it exists; older ones: the body, and the properties the request store can confirm), the
    `status` word (`pending`, `approved`; `rejected`/`expired` once the request store says so), and the keys added
    later (only the owner's approve/reject keys and Obsidian's `tags`/`aliases`). `folder`, when known,
    tightens it: a file waiting in `Pending_Approval/` cannot already say it was approved or rejected."""
    if parsed.front_problem:
        return "file_edited", f"the file was edited after the request: {parsed.front_problem}"
    if str(parsed.front.get("id")) != entry.id or parsed.front.get("action") != entry.action:
        return "file_mismatch", f"does not describe {entry.action} {entry.id}"
    if parsed.payload_sha256 != entry.payload_sha256:
        why = f" ({parsed.payload_problem})" if parsed.payload_problem else ""
        return "payload_edited", f"the payload was changed after the request (or is unreadable){why}; it no longer matches what was asked"
    problem = _properties_problem(parsed.front, entry, folder)
    if problem is not None:
        return "file_edited", f"the file was edited after the request: {problem}"
    if entry.body_sha256.startswith(DIGEST_VERSION):
        intact = parsed.body_sha256 == entry.body_sha256 and _front_matches(parsed.front, entry, recipient=one_line(entry.recipient))
    else:  # filed before properties were hashed: what the request store can confirm
        intact = (
            body_digest(parsed.body) == entry.body_sha256
            and _front_matches(parsed.front, entry)
            and _legacy_front_matches(parsed.front, entry)
        )
    if not intact:
        return "file_edited", "the file was edited after the request (summary, plan or properties): what was read is not what would run"
    return None


def _properties_problem(front: dict[str, Any], entry: Entry, folder: str | None) -> str | None:
    """What is wrong with the keys added or changed after the request, or None."""
    unknown = [str(key) for key in front if key not in ISSUED_KEYS and key not in _LATER_KEYS]
    if unknown:
        return f"it has properties the server never writes ({', '.join(sorted(unknown))})"
    status = front.get("status")
    allowed = {"pending"} if folder == PENDING else {"pending", "approved", *_closed_word(entry)}
    if status not in allowed:
        return f"its status says {one_line(status)!r}, but this request is {'waiting' if folder == PENDING else entry.status.value}"
    approval = [key for key in APPROVAL_KEYS if key in front]
    rejection = [key for key in REJECTION_KEYS if key in front]
    if approval and status not in ("approved", "rejected"):
        return f"it carries {', '.join(approval)} without having been approved"
    if rejection and status != "rejected":
        return f"it carries {', '.join(rejection)} without having been rejected"
    for key in (*approval, *rejection):
        if not _scalar(front[key]):
            return f"its property {key} is not a single value"
    for key, shape in (("tags", _TAG), ("aliases", _ALIAS)):
        value = front.get(key)
        values = value if isinstance(value, list) else [] if value is None else [value]
        if not all(isinstance(v, str) and shape.fullmatch(v) for v in values):
            return f"its property {key} is not a list of {'tags (#word, no spaces)' if key == 'tags' else 'one-line names'}"
    return None


def _closed_word(entry: Entry) -> set[str]:
    """The status word the gate itself writes into a file it closes without running it."""
    return {entry.status.value} if entry.status in (Status.REJECTED, Status.EXPIRED) else set()


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, dt.date))


def _front_matches(front: dict[str, Any], entry: Entry, recipient: str | None = None) -> bool:
    """The properties the owner reads (amount, currency, recipient, company) still say what the request store recorded."""
    try:
        amount_ok = (front.get("amount") in (None, "") and entry.amount is None) or (
            entry.amount is not None and Decimal(str(front.get("amount"))) == Decimal(entry.amount)
        )
    except ArithmeticError:
        return False

    def same(key: str, value: Any) -> bool:
        return str(front.get(key) or "").strip() == str(value or "").strip()

    company_id = entry.payload.get("company_id") if isinstance(entry.payload, dict) else None
    company_ok = company_id is None or same("company_id", company_id)
    expected_recipient = entry.recipient if recipient is None else recipient
    return amount_ok and company_ok and same("currency", entry.currency) and same("recipient", expected_recipient)


def _legacy_front_matches(front: dict[str, Any], entry: Entry) -> bool:
    """For a request filed before properties were hashed: the ones the request store also holds (type, payload hash,
    created, expires, new-recipient flag). Its reason, company name and dry-run flag cannot be confirmed."""
    try:
        times_ok = (
            dt.datetime.fromisoformat(str(front.get("created"))) == entry.created_at
            and dt.datetime.fromisoformat(str(front.get("expires"))) == entry.expires_at
        )
    except ValueError:
        return False
    return (
        times_ok
        and front.get("type") == REQUEST_TYPE
        and front.get("payload_sha256") == entry.payload_sha256
        and front.get("new_recipient") is entry.new_recipient
    )
