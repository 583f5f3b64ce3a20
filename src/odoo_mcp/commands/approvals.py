"""`odoo-mcp approvals`: the owner's side of the gate, from a terminal.

    odoo-mcp approvals list [--all]
    odoo-mcp approvals show ID
    odoo-mcp approvals approve ID [--yes]
    odoo-mcp approvals reject ID [--reason TEXT]

Approving here does what dragging the file into `Approved/` does, after checking that the file
is one this server issued and still says exactly what was asked. It also signs the approval
(HMAC-SHA256 over id, action and payload hash) with the key in the state directory, which the
assistant is denied: with SIGNED_APPROVALS=true the server executes only signed approvals, so a
file moved by anyone else is refused. Nothing here talks to Odoo.

Everything printed comes from files the assistant can edit, so it is printed inert: a file that
is not UTF-8 text is one line naming it, control characters (a terminal escape could hide or
rewrite the verdict line above the file) are shown as `\x1b`-style escapes, and each listed value
is one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import re
import sys

from ..approvals.policy import PolicyRefusal, in_time, intact
from ..approvals.request_file import parse_request, tampering, with_front_matter
from ..approvals.request_folders import Located, SymlinkedFolder, approval_folder, locate, move_to, read_request, valid_id
from ..approvals.request_store import Entry, RequestStore, RequestStoreError, Status, open_request_store
from ..approvals.signing import load_or_create_key, signature
from ..config import Settings
from ..vault.audit import OWNER_CLI, AuditError, AuditLog
from ..vault.layout import APPROVED, LOGS, PENDING, REJECTED, Vault
from ..vault.neutral import one_line
from . import settings_from_args


class Refusal(Exception):
    """Why the owner's command did nothing; printed as one line."""


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def printable(text: str) -> str:
    """`text` for a terminal: line breaks and tabs kept, every other control or invisible character shown as an escape."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group(0))[1:-1], text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="approvals_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="requests waiting for a decision or execution")
    listing.add_argument("--all", action="store_true", help="every request the request store knows, newest first")
    sub.add_parser("show", help="print one request file and whether it is intact").add_argument("id")
    approve = sub.add_parser("approve", help="check, sign and move a request to Approved/")
    approve.add_argument("id")
    approve.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reject = sub.add_parser("reject", help="move a request to Rejected/")
    reject.add_argument("id")
    reject.add_argument("--reason", default="", help="why, recorded in the file and the audit log")


class Desk:
    """The owner's operations over the vault and the request store."""

    def __init__(self, settings: Settings, now: dt.datetime | None = None) -> None:
        self.settings = settings
        self.vault = Vault(settings.vault_path)
        self.store: RequestStore = open_request_store(settings)
        self.audit = AuditLog(self.vault.folder(LOGS))
        self.now = now or dt.datetime.now(dt.UTC).astimezone()
        self.owner = f"{getpass.getuser()} via CLI"

    def _open(self, approval_id: str, *, folders: tuple[str, ...]) -> tuple[Entry, Located]:
        if not valid_id(approval_id):
            raise Refusal(f"{approval_id!r} is not an approval id")
        entry = self.store.get(approval_id)
        if entry is None:
            raise Refusal(f"{approval_id} was not issued by this server (no request store entry): do not approve it")
        if entry.status is not Status.ISSUED:
            raise Refusal(f"{approval_id} is {entry.status.value}; there is nothing to decide")
        located = locate(self.vault, approval_id)
        if located is None or located.folder not in folders:
            where = located.relative(self.vault) if located else "nowhere in the vault"
            raise Refusal(f"{approval_id} is {where}, not in {' or '.join(f + '/' for f in folders)}")
        return entry, located

    def approve(self, approval_id: str, confirm: bool) -> str:
        entry, located = self._open(approval_id, folders=(PENDING, APPROVED))
        try:  # the gate's own checks: never sign what it would refuse
            text, _ = intact(self.vault, entry, located)
            in_time(entry, self.now)
        except PolicyRefusal as exc:
            raise Refusal(f"{exc} ({exc.code}): reject it instead") from None
        if confirm and not _confirm(text):
            raise Refusal("not approved")
        updates: dict[str, object] = {"status": "approved", "approved_by": self.owner,
                                      "approved_at": self.now.isoformat(timespec="seconds")}
        key_path = self.settings.signing_key_path
        if self.settings.signed_approvals or key_path.exists():
            key = load_or_create_key(key_path)
            updates["signature"] = signature(key, entry.id, entry.action, entry.payload_sha256)
        self.audit.record(
            action_type=entry.action, event="approved", actor=OWNER_CLI, target=entry.recipient, parameters=entry.payload,
            approval_status="approved", approved_by=self.owner, result={"signed": "signature" in updates}, approval_id=entry.id,
            company=_company(text),
        )
        moved = move_to(self.vault, located, APPROVED, with_front_matter(text, updates))
        signed = " (signed)" if "signature" in updates else ""
        return f"approved{signed}: {moved.relative(self.vault)}. The assistant can now execute it once."

    def reject(self, approval_id: str, reason: str) -> str:
        entry, located = self._open(approval_id, folders=(PENDING, APPROVED))
        text = read_request(self.vault, located)
        self.audit.record(
            action_type=entry.action, event="rejected", actor=OWNER_CLI, target=entry.recipient, parameters=entry.payload,
            approval_status="rejected", approved_by=None, result={"reason": reason}, approval_id=entry.id,
            company=_company(text),
        )
        text = with_front_matter(text,
                                 {"status": "rejected", "rejected_by": self.owner, "rejected_at": self.now.isoformat(timespec="seconds"),
                                  "rejection_reason": one_line(reason)})
        moved = move_to(self.vault, located, REJECTED, text)
        self.store.close_unexecuted(entry.id, Status.REJECTED, now=self.now, error=reason or "rejected by the owner")
        return f"rejected: {moved.relative(self.vault)}"

    def show(self, approval_id: str) -> str:
        if not valid_id(approval_id):
            raise Refusal(f"{approval_id!r} is not an approval id")
        entry = self.store.get(approval_id)
        located = locate(self.vault, approval_id)
        if located is None:
            raise Refusal(f"no request file for {approval_id} in the vault")
        text = read_request(self.vault, located)
        if entry is None:
            verdict = "NOT ISSUED BY THIS SERVER: the request store has no such request"
        elif entry.status in (Status.ISSUED, Status.EXECUTING) and located.folder in (PENDING, APPROVED):
            problem = tampering(parse_request(text), entry, located.folder)
            verdict = f"store status {entry.status.value}; " + (f"EDITED: {problem[1]}" if problem else "file intact")
        else:
            verdict = f"store status {entry.status.value}; closed, nothing left to decide"
        return f"{located.relative(self.vault)}\n{verdict}\n\n{printable(text)}"

    def listing(self, everything: bool) -> str:
        statuses = None if everything else (Status.ISSUED, Status.EXECUTING)
        rows = ["id | action | amount | recipient | status | file | expires | company"]
        known = set()
        for entry in self.store.entries(statuses):
            known.add(entry.id)
            located = locate(self.vault, entry.id)
            where = located.relative(self.vault) if located else "(file missing)"
            amount = f"{entry.amount} {entry.currency}" if entry.amount else "-"
            flag = " NEW RECIPIENT" if entry.new_recipient else ""
            rows.append(f"{entry.id} | {entry.action} | {_field(amount)} | {_field(entry.recipient)}{flag} | {entry.status.value} | "
                        f"{_field(where)} | {entry.expires_at.isoformat(timespec='minutes')} | {_company_label(entry.payload)}")
        for folder in (PENDING, APPROVED):
            try:
                approval_folder(self.vault, folder)
            except SymlinkedFolder as exc:
                rows.append(f"- | ? | ? | ? | NOT FOLLOWED | {exc} | - | ?")
                continue
            for name in self.vault.list_names(folder):
                approval_id = name.rsplit("_", 1)[-1]
                if approval_id not in known and (not valid_id(approval_id) or self.store.get(approval_id) is None):
                    rows.append(f"{_field(approval_id)} | ? | ? | ? | NOT ISSUED BY THIS SERVER | {_field(f'{folder}/{name}.md')} | - | ?")
        return "\n".join(rows) if len(rows) > 1 else "no requests waiting"


def _field(value: object) -> str:
    """One value of a listed row: one line, `|` escaped, so a name or a file name cannot forge a row."""
    return printable(one_line(value)).replace("|", "\\|")


def _company(text: str) -> dict[str, object] | None:
    """The company a request file names ({id, name}), for the audit line; None for a request made before files named it."""
    front = parse_request(text).front
    return {"id": front["company_id"], "name": front.get("company")} if front.get("company_id") is not None else None


def _company_label(payload: object) -> str:
    company_id = payload.get("company_id") if isinstance(payload, dict) else None
    return f"company id {company_id}" if company_id is not None else "-"


def _confirm(text: str) -> bool:
    """Ask on a terminal; without one (scripts), --yes is required."""
    if not sys.stdin.isatty():
        raise Refusal("no terminal to confirm on: pass --yes to approve without confirmation")
    headline = next((line for line in text.split("\n") if line.startswith("**In ten seconds:**")), "")
    print(printable(headline.replace("**", "")))
    company = _company(text)
    if company is not None:
        print(printable(f"Company: {one_line(company['name'])} (id {one_line(company['id'])})"))
    return input("Approve? [y/N] ").strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    desk = Desk(settings_from_args(args))
    try:
        if args.approvals_command == "list":
            print(desk.listing(args.all))
        elif args.approvals_command == "show":
            print(desk.show(args.id))
        elif args.approvals_command == "approve":
            print(desk.approve(args.id, confirm=not args.yes))
        else:
            print(desk.reject(args.id, args.reason))
    except (Refusal, AuditError, RequestStoreError, OSError) as exc:
        print(f"odoo-mcp approvals: {exc}", file=sys.stderr)
        return 1
    return 0
