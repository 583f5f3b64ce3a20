"""What every write action exchanges with the gate: the proposal the owner reads, the outcome, the errors.

`Proposal.plan` is a typed plan (`plans`): everything that will be written, resolved when the
request is filed. `Outcome.mismatches` lists where what Odoo stored differs from that plan; the
gate reports a non-empty list as a failed verification, never as done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..accounting.service import AccountingService
from ..odoo import OdooClient, OdooError
from .gate import PlanChanged
from .plans import Plan


class InvalidRequest(OdooError):
    """The request refers to something that does not exist or does not fit (found read-only, nothing written)."""

    kind = "invalid_request"


class StaleRequest(OdooError):
    """What was approved no longer holds in Odoo (a tax rate, the open amount, the partner changed ...): nothing written."""

    kind = "stale_request"


class ChangedSinceApproval(StaleRequest, PlanChanged):
    """Checked again just before writing, a fact the owner approved differs now: nothing written, a new request is due."""

    kind = "changed_since_approval"


@dataclass(frozen=True)
class Mismatch:
    """One field where Odoo's stored record differs from the approved plan."""

    field: str
    approved: str
    stored: str

    def describe(self) -> str:
        return f"{self.field}: approved {self.approved}, Odoo stored {self.stored}"


@dataclass
class Proposal:
    action: str
    headline: str
    details: list[str]
    amount: Decimal | None
    currency: str | None
    recipient: str
    target: str
    plan: Plan
    flags: list[str] = field(default_factory=list)
    new_recipient: bool = False


@dataclass
class Outcome:
    records: list[dict[str, Any]]
    summary: str
    found_existing: bool = False
    dry_run: bool = False
    mismatches: list[Mismatch] = field(default_factory=list)


@dataclass(frozen=True)
class Attempt:
    """One execution of an approved request: its id (the marker), whether an earlier attempt was cut off, dry run."""

    approval_id: str
    resume: bool
    dry_run: bool


@dataclass(frozen=True)
class Books:
    """The company-scoped Odoo client and the accounting service an action reads and writes through."""

    client: OdooClient
    accounting: AccountingService


def fmt(amount: Decimal | None, currency: str | None) -> str:
    return "?" if amount is None else f"{amount:,} {currency or ''}".strip()


def compare(checks: list[tuple[str, Any, Any]]) -> list[Mismatch]:
    """(field, approved, stored) triples that differ, as mismatches (values shown as text)."""
    return [Mismatch(name, _text(approved), _text(stored)) for name, approved, stored in checks if approved != stored]


def _text(value: Any) -> str:
    if value is None or value is False:
        return "(none)"
    return str(value)
