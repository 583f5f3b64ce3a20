"""Why the gate says no: one enum shared by the gate, its policy checks and the tools that report refusals."""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    """Why the gate said no (or, for `verification_failed`, why a write is not reported as done)."""

    INVALID_REQUEST = "invalid_request"  # the request refers to something that does not exist or fit
    REJECTED = "rejected"  # the owner rejected it
    NOT_RECORDED = "not_recorded"  # filing the request failed (disk, store, audit)
    BUSY = "busy"
    INVALID_ID = "invalid_id"
    STORE_UNAVAILABLE = "store_unavailable"
    UNKNOWN_ID = "unknown_id"  # never issued by this server
    ACTION_MISMATCH = "action_mismatch"
    WRONG_COMPANY = "wrong_company"
    ARGUMENTS_CHANGED = "arguments_changed"
    ALREADY_EXECUTED = "already_executed"
    FAILED_BEFORE = "failed_before"
    VERIFICATION_FAILED_BEFORE = "verification_failed_before"
    EXPIRED = "expired"
    VOID = "void"
    NO_FILE = "no_file"
    NOT_APPROVED = "not_approved"
    FILE_MISMATCH = "file_mismatch"  # the request file describes another request
    PAYLOAD_EDITED = "payload_edited"
    FILE_EDITED = "file_edited"
    UNSIGNED = "unsigned"
    IN_PROGRESS = "in_progress"
    RATE_LIMITED = "rate_limited"
    AUDIT_FAILED = "audit_failed"
    ODOO_UNREACHABLE = "odoo_unreachable"  # provably not sent: stays approved
    OUTCOME_UNKNOWN = "outcome_unknown"  # may have reached Odoo: a retry looks for the record first
    FAILED = "failed"  # Odoo refused or what was approved no longer holds: closed, never retried
    INTERRUPTED = "interrupted"
    OUTCOME_UNRECORDED = "outcome_unrecorded"
    VERIFICATION_FAILED = "verification_failed"  # written, but Odoo stored something else than approved
    CHANGED_SINCE_APPROVAL = "changed_since_approval"  # a fact the owner approved (a tax rate, the open amount) no longer holds
