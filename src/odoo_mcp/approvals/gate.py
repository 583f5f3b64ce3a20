"""The approval gate: request files in the vault, checked against the request store, executed once.

A write is split in two calls. Without an approval id the gate files a request: a Markdown file
in `Pending_Approval/` that a person reads in ten seconds, carrying the exact payload, and a
request store row outside the vault that remembers what was asked. With an approval id it executes only
if every check holds (see `ApprovalGate.execute`), claims the request atomically in the request store,
runs the write, records the outcome in the request store, the audit log and the file, and moves the file
to `Done/`.

The file's format lives in `request_file`, where a file is in `request_folders`, signatures in
`signing`; this module decides. The gate knows nothing about accounting: it is given a `resolve` coroutine (read-only: what would
be done, for the owner to read) and a `run` coroutine (the idempotent write). Odoo errors are
sorted into three kinds because they call for different answers: provably not sent (give the
claim back), answered with an error (closed as failed, never retried), and unknown (keep the
claim; a retry looks for the record before writing anything).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from ..config import Settings
from ..odoo import OdooError, OdooTimeout, OdooUnreachable
from ..odoo.transports import NotSent
from ..vault.audit import ASSISTANT, AuditError, AuditLog
from ..vault.layout import APPROVED, DONE, LOGS, NEEDS_ACTION, PENDING, REJECTED, Vault, atomic_write
from .gate_codes import Refusal
from .mismatch_note import MismatchLike, write_mismatch_note
from .policy import PolicyRefusal, in_time, intact
from .request_file import (
    ParsedRequest,
    ProposalLike,
    file_name,
    parse_request,
    payload_sha256,
    render_request,
    with_front_matter,
    with_outcome,
)
from .request_folders import Located, approval_folder, locate, move_to, new_id, read_request, valid_id
from .request_store import Claim, Entry, RequestStore, RequestStoreError, Status, open_request_store
from .signing import is_valid, read_key

log = logging.getLogger(__name__)


class OutcomeLike(Protocol):
    """What `run` returns: the Odoo records written (or found), in plain JSON values."""

    @property
    def records(self) -> list[dict[str, Any]]: ...
    @property
    def summary(self) -> str: ...
    @property
    def found_existing(self) -> bool: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def mismatches(self) -> Sequence[MismatchLike]: ...  # where what Odoo stored differs from the plan


class CompanyLike(Protocol):
    """The Odoo company a request is for (`odoo.companies.Company`, a frozen dataclass: read-only members)."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


def for_company(payload: dict[str, Any], company: CompanyLike | None) -> dict[str, Any]:
    """The payload as recorded and hashed: the tool's arguments plus the company they are for, so the hash
    (checked in the request store, the file and the call) binds a request to one company's books."""
    return payload if company is None else {**payload, "company_id": company.id}


def _company_ref(company: CompanyLike | None) -> dict[str, Any] | None:
    return None if company is None else {"id": company.id, "name": company.name}


class PlanChanged(OdooError):
    """Raised by a write, before writing anything, when a fact the owner approved no longer holds in Odoo:
    the request is closed (never retried) and the caller may file a fresh one with today's facts."""

    kind = "changed_since_approval"


class ApprovalRefused(Exception):
    """The gate said no; the message tells the person why and what to do. Odoo received no write."""

    def __init__(self, code: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = code


class VerificationFailed(ApprovalRefused):
    """The write happened, but what Odoo stored differs from the approved plan: never reported as done."""

    def __init__(self, message: str) -> None:
        super().__init__(Refusal.VERIFICATION_FAILED, message)


@dataclass
class GateResult:
    status: str  # pending_approval | approved | executed | dry_run | already_executed
    approval_id: str
    action: str
    file: str
    message: str
    amount: str | None = None
    currency: str | None = None
    recipient: str | None = None
    new_recipient: bool = False
    dry_run: bool = False
    records: list[dict[str, Any]] = field(default_factory=list)


Resolve = Callable[[], Awaitable[ProposalLike]]
Run = Callable[..., Awaitable[OutcomeLike]]


class ApprovalGate:
    def __init__(
        self,
        vault: Vault,
        store: RequestStore,
        *,
        ttl: dt.timedelta,
        lease: dt.timedelta,
        dry_run: bool = False,
        hourly_caps: dict[str, int] | None = None,
        signed: bool = False,
        signing_key_path: Path | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.vault = vault
        self.store = store
        self.ttl = ttl
        self.lease = lease
        self.dry_run = dry_run
        self.hourly_caps = hourly_caps or {}
        self.signed = signed
        self.signing_key_path = signing_key_path
        self.now = now or (lambda: dt.datetime.now(dt.UTC).astimezone())
        self.audit = AuditLog(vault.folder(LOGS), now=self.now)

    @classmethod
    def from_settings(cls, settings: Settings, vault: Vault, *, now: Callable[[], dt.datetime] | None = None) -> ApprovalGate:
        """The gate as configured. The claim lease outlasts any Odoo request the server may still be running
        (two client timeouts plus Odoo's own two-minute worker limit), so a retry never races a live write."""
        return cls(
            vault,
            open_request_store(settings),
            ttl=dt.timedelta(hours=settings.approval_ttl_hours),
            lease=dt.timedelta(seconds=2 * settings.timeout + 120),
            dry_run=settings.dry_run,
            hourly_caps={"register_payment": settings.max_payments_per_hour},
            signed=settings.signed_approvals,
            signing_key_path=settings.signing_key_path,
            now=now,
        )

    # -- helpers --------------------------------------------------------------------------------

    def _audit(self, action: str, event: str, *, status: str, approval_id: str | None, payload: Any, target: str | None = None,
               result: Any = None, approved_by: str | None = None, actor: str = ASSISTANT, company: CompanyLike | None = None) -> None:
        self.audit.record(
            action_type=action, event=event, actor=actor, target=target, parameters=payload if isinstance(payload, dict) else {},
            approval_status=status, approved_by=approved_by, result=result, approval_id=approval_id, company=_company_ref(company),
        )

    def _refuse(self, action: str, code: Refusal, message: str, *, approval_id: str | None, payload: Any, target: str | None = None,
                company: CompanyLike | None = None) -> ApprovalRefused:
        """Log a refusal (best effort: a refusal writes nothing, so a full disk must not turn it into a success)."""
        try:
            self._audit(action, "refused", status=code, approval_id=approval_id, payload=payload, target=target, result=message,
                        company=company)
        except AuditError as exc:
            log.error("refusal not audited: %s", exc)
        return ApprovalRefused(code, message)

    def _result(self, entry: Entry, status: str, located: Located | None, message: str, records: list[dict[str, Any]] | None = None,
                dry_run: bool = False) -> GateResult:
        return GateResult(
            status=status, approval_id=entry.id, action=entry.action,
            file=located.relative(self.vault) if located else f"{PENDING}/{entry.file_name}", message=message,
            amount=entry.amount, currency=entry.currency, recipient=entry.recipient, new_recipient=entry.new_recipient,
            dry_run=dry_run, records=list(records or []),
        )

    def _mark_file(self, located: Located, updates: dict[str, Any]) -> None:
        try:
            atomic_write(located.path, with_front_matter(read_request(self.vault, located), updates))
        except OSError as exc:
            log.warning("could not update %s: %s", located.path.name, exc)

    # -- 1. request ----------------------------------------------------------------------------------

    async def request(self, action: str, payload: dict[str, Any], resolve: Resolve, *, reason: str | None = None,
                      company: CompanyLike | None = None) -> GateResult:
        """File a request (or return the open one for the same payload) for `company`'s books. Reads Odoo, never writes it."""
        payload = for_company(payload, company)
        sha = payload_sha256(payload)
        try:
            latest = self.store.latest(action, sha)
        except RequestStoreError as exc:
            raise self._refuse(action, Refusal.STORE_UNAVAILABLE, f"the request was not filed: {exc}", approval_id=None,
                               payload=payload, company=company) from None
        if latest is not None and latest.status is Status.ISSUED and latest.expires_at > self.now():
            answer = self._existing(latest, payload)
            if answer is not None:
                return answer
        elif latest is not None and latest.status is Status.REJECTED and latest.finished_at and latest.finished_at + self.ttl > self.now():
            raise self._refuse(action, Refusal.REJECTED, f"the owner rejected this exact request ({latest.id}); it is not filed again. "
                               "Change it (or wait) if circumstances changed", approval_id=latest.id, payload=payload, company=company)
        try:
            proposal = await resolve()
        except OdooError as exc:
            raise self._refuse(action, Refusal.INVALID_REQUEST, str(exc), approval_id=None, payload=payload, company=company) from None
        plan = _plan_json(proposal.plan, company)
        if latest is not None and latest.status in (Status.DONE, Status.MISMATCH):
            when = latest.finished_at.isoformat(timespec="minutes") if latest.finished_at else "earlier"
            proposal.flags.append(f"POSSIBLE DUPLICATE: exactly this was already executed on {when} (approval {latest.id})")
        created = self.now()
        entry = Entry(
            id=new_id(), action=action, payload_sha256=sha, payload=payload, plan=plan, body_sha256="",
            file_name="", created_at=created, expires_at=created + self.ttl, status=Status.ISSUED,
            amount=str(proposal.amount) if proposal.amount is not None else None, currency=proposal.currency,
            recipient=proposal.recipient, new_recipient=proposal.new_recipient, dry_run=self.dry_run,
        )
        entry = replace(entry, file_name=file_name(action, proposal.recipient, created, entry.id))
        text = render_request(entry, proposal, reason=reason, dry_run=self.dry_run, company=company)
        entry = replace(entry, body_sha256=parse_request(text).body_sha256)
        twin: Entry | None = None
        try:
            path = approval_folder(self.vault, PENDING) / entry.file_name  # never a link to Approved/: that would approve it
            with self.store.issuing(entry) as in_force:
                if in_force.id != entry.id:  # an identical request was filed meanwhile
                    twin = in_force
                else:
                    atomic_write(path, text)
                    try:
                        self._audit(action, "requested", status="pending", approval_id=entry.id, payload=payload,
                                    target=proposal.target, result={"file": f"{PENDING}/{entry.file_name}", "amount": entry.amount,
                                                                    "currency": entry.currency, "flags": proposal.flags},
                                    company=company)
                    except AuditError:
                        path.unlink(missing_ok=True)
                        raise
        except (AuditError, RequestStoreError, OSError) as exc:
            raise ApprovalRefused(Refusal.NOT_RECORDED, f"the request was not filed: {exc}") from None
        if twin is not None:
            answer = self._existing(twin, payload)
            if answer is None:
                raise ApprovalRefused(Refusal.BUSY, "an identical request was filed at the same moment and then vanished; ask again")
            return answer
        located = Located(PENDING, path)
        flags = f" Flags: {'; '.join(proposal.flags)}." if proposal.flags else ""
        return self._result(
            entry, "pending_approval", located,
            f"Waiting for the owner. Ask them to review {located.relative(self.vault)} and move it to {APPROVED}/ "
            f"(or {REJECTED}/). Then call {action} again with the same arguments plus approval_id=\"{entry.id}\".{flags}",
            dry_run=self.dry_run,
        )

    def _existing(self, entry: Entry, payload: Any) -> GateResult | None:
        """The answer for a repeated request; None when its file is gone (the request is voided)."""
        located = locate(self.vault, entry.id)
        if located is None or located.folder == DONE:  # gone, or filed away unexecuted: no longer a request
            self.store.close_unexecuted(entry.id, Status.VOID, now=self.now(), error="request file left Pending_Approval/ unexecuted")
            return None
        if located.folder == APPROVED:
            return self._result(entry, "approved", located,
                                f"Already approved by the owner: call {entry.action} again with the same arguments plus "
                                f"approval_id=\"{entry.id}\" to execute it.", dry_run=self.dry_run)
        if located.folder == REJECTED:
            self.store.close_unexecuted(entry.id, Status.REJECTED, now=self.now())
            self._mark_file(located, {"status": "rejected"})
            raise self._refuse(entry.action, Refusal.REJECTED, f"the owner rejected this exact request ({located.relative(self.vault)}); "
                               "it is not filed again. Change it (or wait) if circumstances changed", approval_id=entry.id, payload=payload)
        if located.folder == PENDING:
            return self._result(entry, "pending_approval", located,
                                f"Already requested and still waiting for the owner: {located.relative(self.vault)}. "
                                f"After they move it to {APPROVED}/, call {entry.action} again with approval_id=\"{entry.id}\".",
                                dry_run=self.dry_run)
        return None

    # -- 2. execute ----------------------------------------------------------------------------------

    async def execute(self, action: str, payload: dict[str, Any], approval_id: str, run: Run, *,
                      company: CompanyLike | None = None) -> GateResult:
        """Execute an approved request once. Refuses (nothing written) unless all of these hold:

        the id is well formed and was issued by this server's request store; the action and the payload
        hash match the request store; the file is in Approved/ (not Pending, Rejected or Done) and its
        JSON block still hashes to the request store's hash; it is signed when signed mode is on; it has
        not expired; and the request store grants the claim (never executed, not running elsewhere,
        hourly cap not reached). A request is for one company: run while the server is for another
        (ODOO_COMPANY changed), it is refused `wrong_company` before anything else is looked at.
        """
        def refuse(code: Refusal, message: str, target: str | None = None) -> ApprovalRefused:
            return self._refuse(action, code, message, approval_id=approval_id if valid_id(approval_id) else None,
                                payload=payload, target=target or repr(approval_id[:60]), company=company)

        if not valid_id(approval_id):
            raise refuse(Refusal.INVALID_ID, f"{approval_id[:60]!r} is not an approval id (expected apr- and 12 hex digits)")
        try:
            entry = self.store.get(approval_id)
        except RequestStoreError as exc:
            raise refuse(Refusal.STORE_UNAVAILABLE, str(exc)) from None
        if entry is None:
            raise refuse(Refusal.UNKNOWN_ID, f"{approval_id} was not issued by this server: a request file the request store "
                         "never issued is not an approval")
        if entry.action != action:
            raise refuse(Refusal.ACTION_MISMATCH, f"{approval_id} approves {entry.action}, not {action}")
        if company is not None:
            asked = entry.payload.get("company_id") if isinstance(entry.payload, dict) else None
            if asked is None:
                raise refuse(Refusal.WRONG_COMPANY, f"{approval_id} was requested before requests named their company, so it cannot be "
                             f"checked against {company.name} (id {company.id}); nothing was written. File a new request")
            if asked != company.id:
                raise refuse(Refusal.WRONG_COMPANY, f"{approval_id} was requested for {self._company_name(approval_id, asked)}, but this "
                             f"server runs for {company.name} (id {company.id}); nothing was written. Execute it with "
                             f"ODOO_COMPANY={asked}, or file a new request for {company.name}")
        payload = for_company(payload, company)
        sha = payload_sha256(payload)
        if sha != entry.payload_sha256:
            raise refuse(Refusal.ARGUMENTS_CHANGED, f"the arguments differ from what was requested under {approval_id}: "
                         "call with exactly the same arguments, or file a new request")
        located = locate(self.vault, approval_id)
        settled = self._settled(entry, located, refuse)
        if settled is not None:
            return settled
        if located is None or located.folder == DONE:
            moved_on = self._moved_on(entry, refuse)
            if moved_on is not None:
                return moved_on
        if located is None:
            raise refuse(Refusal.NO_FILE, f"no request file for {approval_id} in {APPROVED}/: the owner approves by moving it there")
        where = located.relative(self.vault)
        if located.folder == REJECTED:
            self.store.close_unexecuted(approval_id, Status.REJECTED, now=self.now())
            self._mark_file(located, {"status": "rejected"})
            raise refuse(Refusal.REJECTED, f"the owner REJECTED {approval_id} ({where}); nothing was written")
        if located.folder == PENDING:
            raise refuse(Refusal.NOT_APPROVED, f"{approval_id} is still waiting for the owner in {where}; nothing was written")
        if located.folder == DONE:
            raise refuse(Refusal.NOT_APPROVED, f"{where} is in {DONE}/ but was never executed: it is not an approval")
        try:
            _, parsed = intact(self.vault, entry, located)
        except PolicyRefusal as exc:
            moved_on = self._moved_on(entry, refuse)
            if moved_on is not None:
                return moved_on
            raise refuse(exc.code, str(exc)) from None
        approved_by = self._approved_by(parsed, entry)
        if approved_by is None:
            raise refuse(Refusal.UNSIGNED, f"signed approvals are required and {where} carries no valid signature: "
                         f"approve it with `odoo-mcp approvals approve {approval_id}`")
        now = self.now()
        try:
            in_time(entry, now)
        except PolicyRefusal as exc:
            self.store.close_unexecuted(approval_id, Status.EXPIRED, now=now)
            self._mark_file(located, {"status": "expired"})
            raise refuse(exc.code, str(exc)) from None
        try:
            claim = self.store.claim(approval_id, now=now, lease_until=now + self.lease, dry_run=self.dry_run,
                                      hourly_cap=self.hourly_caps.get(action))
        except RequestStoreError as exc:
            raise refuse(Refusal.STORE_UNAVAILABLE, str(exc)) from None
        if claim is Claim.BUSY:
            raise refuse(Refusal.IN_PROGRESS, f"{approval_id} is being executed right now; nothing was done twice. "
                         "If that execution was interrupted, retry later: the server then looks for its record first")
        if claim is Claim.RATE_LIMITED:
            cap = self.hourly_caps.get(action)
            raise refuse(Refusal.RATE_LIMITED, f"limit reached: {cap} {action} executions in the last hour (MAX_PAYMENTS_PER_HOUR={cap}). "
                         f"{approval_id} stays approved; try again later, before it expires")
        if claim is Claim.NOT_CLAIMABLE:
            raise refuse(Refusal.ALREADY_EXECUTED, f"{approval_id} is no longer executable (another call finished it)")
        return await self._run(entry, located, claim, approved_by, run, company)

    def _settled(self, entry: Entry, located: Located | None, refuse: Callable[[Refusal, str], ApprovalRefused]) -> GateResult | None:
        """The answer for a request that already ran or was closed (a refusal is raised; a run whose file is still in Approved/
        is filed away and answered `already_executed`); None while it may still run."""
        approval_id = entry.id
        if entry.status is Status.DONE:
            if located is not None and located.folder == APPROVED:
                return self._file_outcome(entry, located, replay=True)
            raise refuse(Refusal.ALREADY_EXECUTED, f"{approval_id} was already executed ({entry.finished_at}); nothing was done again. "
                         f"Result: {_summary(entry.result)}")
        if entry.status is Status.MISMATCH:
            raise refuse(Refusal.VERIFICATION_FAILED_BEFORE, f"{approval_id} was executed earlier, but what Odoo stored differs from "
                         f"what was approved ({entry.error}); nothing was done again. See {DONE}/ and {NEEDS_ACTION}/")
        if entry.status is Status.FAILED:
            raise refuse(Refusal.FAILED_BEFORE, f"{approval_id} failed earlier and is never retried: {entry.error}. File a new request.")
        if entry.status in (Status.REJECTED, Status.EXPIRED, Status.VOID):
            raise refuse(Refusal(entry.status.value), f"{approval_id} is {entry.status.value}; nothing was written")
        return None

    def _moved_on(self, entry: Entry, refuse: Callable[[Refusal, str], ApprovalRefused]) -> GateResult | None:
        """The request file is gone from Approved/ or reads differently: if another call (this server's, or another instance's
        sharing the store) claimed or finished the request since `entry` was read, answer that, not "no file" or "edited".
        None when the request store says nothing changed (the file's problem stands)."""
        try:
            fresh = self.store.get(entry.id)
        except RequestStoreError:
            return None
        if fresh is None or fresh.status is entry.status:
            return None
        if fresh.status is Status.EXECUTING:
            raise refuse(Refusal.IN_PROGRESS, f"{entry.id} is being executed right now by another call; nothing was done twice")
        return self._settled(fresh, locate(self.vault, entry.id), refuse)

    def _approved_by(self, parsed: ParsedRequest, entry: Entry) -> str | None:
        """Who approved, as far as the server can tell; None when signed mode is on and the signature is missing or wrong."""
        claimed = str(parsed.front.get("approved_by") or "").strip()
        given = str(parsed.front.get("signature") or "")
        key = None
        if self.signing_key_path is not None and self.signing_key_path.is_file():
            key = read_key(self.signing_key_path)
        valid = is_valid(key, given, entry.id, entry.action, entry.payload_sha256)
        if self.signed and not valid:
            return None
        if valid:
            return f"{claimed or 'owner'} (signed)"
        return f"{claimed} (unsigned)" if claimed else f"owner (file moved to {APPROVED}/)"

    def _company_name(self, approval_id: str, company_id: Any) -> str:
        """`Name (id N)` of the company a request names in its file, else `company id N`."""
        located = locate(self.vault, approval_id)
        name = None
        if located is not None:
            try:
                name = parse_request(read_request(self.vault, located)).front.get("company")
            except OSError:
                name = None
        return f"{name} (id {company_id})" if name else f"company id {company_id}"

    async def _run(self, entry: Entry, located: Located, claim: Claim, approved_by: str, run: Run,
                   company: CompanyLike | None = None) -> GateResult:
        resumed = claim is Claim.RESUMED
        try:
            self._audit(entry.action, "resuming" if resumed else "executing", status="approved", approval_id=entry.id,
                        payload=entry.payload, target=entry.recipient, approved_by=approved_by,
                        result={"dry_run": self.dry_run, "attempt_after_interruption": resumed}, company=company)
        except AuditError as exc:
            if not resumed:
                self.store.release(entry.id)
            raise ApprovalRefused(Refusal.AUDIT_FAILED, f"{exc}; nothing was written to Odoo") from None
        try:
            outcome = await run(entry.plan, entry.id, resume=resumed, dry_run=self.dry_run)
        except NotSent as exc:
            if resumed:
                self.store.resume_from(entry.id, self.now())
            else:
                self.store.release(entry.id)
            raise self._refuse(entry.action, Refusal.ODOO_UNREACHABLE,
                               f"{exc}. Nothing reached Odoo; {entry.id} stays approved, try again later",
                               approval_id=entry.id, payload=entry.payload, company=company) from None
        except (OdooTimeout, OdooUnreachable) as exc:
            retry_at = self.now() + self.lease
            self.store.resume_from(entry.id, retry_at)
            raise self._refuse(entry.action, Refusal.OUTCOME_UNKNOWN,
                               f"{exc}. Odoo may or may not have done it. Retry with the same approval id after "
                               f"{retry_at.isoformat(timespec='seconds')}: the server looks for the record before writing anything",
                               approval_id=entry.id, payload=entry.payload, company=company) from None
        except PlanChanged as exc:
            self._close(entry, located, Status.FAILED, result=None, error=str(exc), approved_by=approved_by, company=company)
            raise ApprovalRefused(Refusal.CHANGED_SINCE_APPROVAL, f"{entry.action} {entry.id} was NOT executed: {exc}. The request "
                                  f"is closed in {DONE}/.") from None
        except OdooError as exc:
            self._close(entry, located, Status.FAILED, result=None, error=str(exc), approved_by=approved_by, company=company)
            raise ApprovalRefused(Refusal.FAILED, f"{entry.action} {entry.id} FAILED and will not be retried: {exc}. "
                                  f"Nothing was written. The request is closed in {DONE}/.") from None
        except Exception:
            log.exception("%s %s stopped unexpectedly", entry.action, entry.id)
            self.store.resume_from(entry.id, self.now())
            raise ApprovalRefused(Refusal.INTERRUPTED, f"{entry.action} {entry.id} stopped unexpectedly. Call again with the same "
                                  "approval id: the server looks for the record in Odoo before writing anything") from None
        result = {"summary": outcome.summary, "records": outcome.records, "found_existing": outcome.found_existing,
                  "dry_run": outcome.dry_run}
        mismatches = list(outcome.mismatches)
        if mismatches:
            return self._verification_failed(entry, located, result, mismatches, approved_by, company)
        try:
            self.store.finish(entry.id, Status.DONE, now=self.now(), result=result, error=None)
        except Exception as exc:  # the write happened; only recording it failed
            log.error("%s %s: Odoo answered but the request store could not record it: %s", entry.action, entry.id, exc)
            with contextlib.suppress(Exception):  # the lease then expires on its own
                self.store.resume_from(entry.id, self.now())
            raise ApprovalRefused(Refusal.OUTCOME_UNRECORDED, f"Odoo answered ({outcome.summary}) but the outcome could not be recorded. "
                                  "Call again with the same approval id: the record will be found and nothing created twice") from None
        entry = replace(entry, status=Status.DONE, result=result, finished_at=self.now())
        warnings = []
        try:
            self._audit(entry.action, "executed", status="done", approval_id=entry.id, payload=entry.payload, target=entry.recipient,
                        approved_by=approved_by, result=result, company=company)
        except AuditError as exc:
            log.error("executed but not audited: %s", exc)
            warnings.append(f"the audit line could not be written ({exc})")
        return self._file_outcome(entry, located, replay=False, warnings=warnings)

    def _verification_failed(self, entry: Entry, located: Located, result: dict[str, Any], mismatches: list[Any], approved_by: str,
                             company: CompanyLike | None) -> GateResult:
        """Odoo holds a record that differs from the plan: recorded as such in the store, the audit log, the Done/ file
        (both values of every difference) and a Needs_Action note; reported as a failed verification."""
        differences = "; ".join(m.describe() for m in mismatches)
        result = {**result, "mismatches": [{"field": m.field, "approved": m.approved, "stored": m.stored} for m in mismatches]}
        self._close(entry, located, Status.MISMATCH, result=result, error=f"what Odoo stored differs from what was approved: {differences}",
                    approved_by=approved_by, company=company)
        note = None
        try:
            note = write_mismatch_note(self.vault, entry, mismatches, records=result.get("records") or [], company=company, now=self.now())
        except OSError as exc:
            log.error("could not write the Needs_Action note for %s: %s", entry.id, exc)
        where = f" and {note}" if note else ""
        raise VerificationFailed(f"{entry.action} {entry.id} was written to Odoo, but what Odoo stored differs from what the owner "
                                 f"approved: {differences}. NOT done: check and correct it in Odoo (details in {DONE}/{where}). "
                                 f"{result.get('summary', '')}".strip())

    def _close(self, entry: Entry, located: Located, status: Status, *, result: dict[str, Any] | None, error: str | None,
               approved_by: str | None, company: CompanyLike | None = None) -> None:
        """Record a failed execution everywhere it belongs (store, audit, file in Done/); never raises."""
        try:
            self.store.finish(entry.id, status, now=self.now(), result=result, error=error)
        except Exception as exc:
            log.error("could not record failure of %s: %s", entry.id, exc)
        try:
            self._audit(entry.action, _shown(status), status=status.value, approval_id=entry.id, payload=entry.payload,
                        target=entry.recipient, approved_by=approved_by, result={"error": error}, company=company)
        except AuditError as exc:
            log.error("failure not audited: %s", exc)
        self._into_done(located, lambda text: with_outcome(text, status=_shown(status), when=self.now(), result=result, error=error))

    def _into_done(self, located: Located, outcome: Callable[[str], str]) -> tuple[Located, str | None]:
        """Write the outcome into the request file and move it to Done/: where the file is now, and what went wrong if
        it could not be moved. A file another call (another instance sharing the store) filed in Done/ a moment
        before is where it belongs: no problem."""
        try:
            return move_to(self.vault, located, DONE, outcome(read_request(self.vault, located))), None
        except OSError as exc:
            done = approval_folder(self.vault, DONE) / located.path.name
            if isinstance(exc, FileNotFoundError) and done.is_file():
                log.info("%s was moved to %s by another call", located.path.name, DONE)
                return Located(DONE, done), None
            log.error("could not move %s to %s: %s", located.path.name, DONE, exc)
            return located, str(exc)

    def _file_outcome(self, entry: Entry, located: Located, *, replay: bool, warnings: list[str] | None = None) -> GateResult:
        """Write the outcome into the request file and move it to Done/. A failure here loses nothing:
        the request store holds the outcome, and the next call with the same id finishes the move."""
        result = entry.result or {}
        dry_run = bool(result.get("dry_run"))
        status = "dry_run" if dry_run else "done"
        warnings = list(warnings or [])
        located, problem = self._into_done(
            located, lambda text: with_outcome(text, status=status, when=entry.finished_at or self.now(), result=result, error=None)
        )
        if problem is not None:
            warnings.append(f"the request file could not be moved to {DONE}/ ({problem}); call again with the same approval id to finish")
        if replay:
            message = f"{entry.id} had already been executed; nothing was written again. {result.get('summary', '')}"
            state = "already_executed"
        elif dry_run:
            message = f"DRY RUN: nothing was written to Odoo. {result.get('summary', '')}"
            state = "dry_run"
        else:
            message = str(result.get("summary", "Done."))
            state = "executed"
        if warnings:
            message += " Warning: " + "; ".join(warnings)
        return self._result(entry, state, located, message.strip(), records=result.get("records") or [], dry_run=dry_run)


def _shown(status: Status) -> str:
    """The word the Done/ file and the audit log use for a closed request."""
    return "verification_failed" if status is Status.MISMATCH else status.value


def _plan_json(plan: Any, company: CompanyLike | None) -> dict[str, Any]:
    """A typed plan as stored and shown (JSON values), naming the company it is for."""
    data = plan.model_dump(mode="json") if isinstance(plan, BaseModel) else dict(plan)
    return data if company is None else {**data, "company_id": company.id}


def _summary(result: dict[str, Any] | None) -> str:
    return str((result or {}).get("summary") or "no details recorded")
