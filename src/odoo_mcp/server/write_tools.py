"""The write tools: thin adapters over the approval gate and the write service.

Every write tool has one shape: called without `approval_id` it files a request for the owner
and returns `pending_approval`; called again with the same arguments plus the approval id, it
executes once if the owner approved. Refusals are error results that say why; Odoo got no write.

Annotations, honestly: none is read-only; creating a partner, invoice or bill only adds
records (not destructive), posting and paying change existing records (destructive); all are
idempotent, because repeating a call returns the same request or the recorded outcome instead
of writing again.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from ..accounting.money import Money
from ..approvals import ACTIONS, ActionName, Books, proposer, runner
from ..approvals.gate import ApprovalGate, ApprovalRefused, GateResult, VerificationFailed
from ..approvals.gate_codes import Refusal
from ..approvals.inputs import WriteInput
from ..approvals.request_file import describe_record
from ..runtime import Runtime
from .adapter import UserFacingError, add_tool
from .render import t


class OdooRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str
    id: int
    name: str | None = None
    move_type: str | None = None
    state: str | None = None
    payment_state: str | None = None
    partner: str | None = None
    amount: Money | None = None
    amount_total: Money | None = None
    amount_residual: Money | None = None
    date: str | None = None


class WriteResult(BaseModel):
    status: Literal["pending_approval", "approved", "executed", "dry_run", "already_executed"] = Field(
        description="pending_approval: wait for the owner; approved: call again with approval_id; executed: done in Odoo; "
        "dry_run: simulated, nothing written; already_executed: done earlier, nothing written again"
    )
    approval_id: str
    action: str
    file: str = Field(description="The request file, relative to the vault")
    message: str
    amount: Money | None = None
    currency: str | None = None
    recipient: str | None = None
    new_recipient: bool = False
    dry_run: bool = False
    records: list[OdooRecord] = Field(default_factory=list, description="Odoo records written or found")
    company: str | None = Field(default=None, description="The company whose books the request is for")
    company_id: int | None = None


def _output(result: GateResult, company: Any) -> WriteResult:
    return WriteResult.model_validate({**asdict(result), "company": company.name, "company_id": company.id})


def render(result: WriteResult) -> str:
    head = (
        f"[{result.status.upper()}{' - DRY RUN, nothing written to Odoo' if result.dry_run else ''}] {result.action} {result.approval_id}"
    )
    lines = [head, t(result.message), f"file: {t(result.file)}"]
    if result.company is not None:
        lines.append(f"company: {t(result.company)} (id {result.company_id})")
    if result.new_recipient and result.status in ("pending_approval", "approved"):
        lines.append("flag: NEW RECIPIENT")
    lines += [t(describe_record(record.model_dump(exclude_none=True, mode="json"))) for record in result.records]
    return "\n".join(lines)


def _handler(name: ActionName) -> Any:
    action = ACTIONS[name]

    async def handle(rt: Runtime, query: WriteInput) -> WriteResult:
        gate = rt.approval_gate()
        books = Books(rt.client, rt.accounting)
        payload = query.payload()
        company = await rt.client.company()  # the request is for this company's books, and runs only for it
        try:
            if query.approval_id is None:
                result = await gate.request(name.value, payload, proposer(action, books, query), reason=query.reason, company=company)
            else:
                result = await gate.execute(name.value, payload, query.approval_id, runner(action, books), company=company)
        except VerificationFailed as exc:
            raise UserFacingError(f"VERIFICATION FAILED: {t(exc)}") from None
        except ApprovalRefused as exc:
            raise UserFacingError(
                f"REFUSED ({exc.code}): {t(exc)}{await _refiled(exc, gate, name, payload, proposer(action, books, query), query, company)}"
            ) from None
        return _output(result, company)

    return handle


async def _refiled(
    exc: ApprovalRefused, gate: ApprovalGate, name: ActionName, payload: dict[str, Any], propose: Any, query: WriteInput, company: Any
) -> str:
    """After a refusal because Odoo changed since the approval: a fresh request with what Odoo holds now, for the owner."""
    if exc.code is not Refusal.CHANGED_SINCE_APPROVAL:
        return ""
    try:
        fresh = await gate.request(name.value, payload, propose, reason=query.reason, company=company)
    except ApprovalRefused as again:
        return f" No new request could be filed: {t(again)}"
    return (
        f" A new request with what Odoo holds now was filed: {fresh.file} (approval id {fresh.approval_id}); ask the owner "
        f'to review it, then call {name.value} with approval_id="{fresh.approval_id}".'
    )


_TWO_STEP = " Without approval_id: files a request for the owner and returns its id. With it (same arguments): executes once, if approved."

TOOLS: list[tuple[ActionName, str, str, bool]] = [
    (ActionName.CREATE_PARTNER, "Create a customer or vendor", "Create a partner (customer, vendor or both) in Odoo.", False),
    (
        ActionName.CREATE_INVOICE,
        "Create a customer invoice",
        "Create a customer invoice: lines with description, quantity, unit price, tax ids or names; invoice date; due date or "
        "payment term; optionally post it.",
        False,
    ),
    (
        ActionName.CREATE_VENDOR_BILL,
        "Create a vendor bill",
        "Create a vendor bill with the vendor's reference (ref): lines, bill date, due date or payment term; optionally post it.",
        False,
    ),
    (ActionName.POST_INVOICE, "Post a draft invoice or bill", "Post (confirm) a draft customer invoice or vendor bill by id.", True),
    (
        ActionName.REGISTER_PAYMENT,
        "Register a payment",
        "Register a full or partial payment against posted invoices or bills of one partner, with date and bank journal.",
        True,
    ),
    (
        ActionName.CREATE_CREDIT_NOTE,
        "Credit note or vendor refund",
        "Credit a posted customer invoice (credit note) or vendor bill (refund) by Odoo's reversal, with a reason: the whole "
        "document or an untaxed amount; posted, it is matched against the original.",
        False,
    ),
    (
        ActionName.CANCEL_DOCUMENT,
        "Cancel an invoice or bill",
        "Cancel a draft or posted invoice, bill or credit note (not one with a payment matched, nor in a locked period).",
        True,
    ),
    (
        ActionName.RESET_TO_DRAFT,
        "Reset an invoice or bill to draft",
        "Reset a posted or cancelled invoice, bill or credit note to draft (not one with a payment matched, nor in a locked period).",
        True,
    ),
    (
        ActionName.CHANGE_DUE_DATE,
        "Change a due date",
        "Change the due date of an unpaid invoice or bill, posted or draft; or a draft's payment term.",
        True,
    ),
]


def register(server: MCPServer[Runtime]) -> None:
    for name, title, description, destructive in TOOLS:
        add_tool(
            server,
            name,
            input_model=ACTIONS[name].input_model,
            output_model=WriteResult,
            handler=_handler(name),
            render=render,
            title=title,
            description=description + _TWO_STEP,
            annotations=ToolAnnotations(read_only_hint=False, destructive_hint=destructive, idempotent_hint=True, open_world_hint=True),
        )
