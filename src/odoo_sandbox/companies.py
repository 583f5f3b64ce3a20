"""Which companies a call sees, and which company its new records belong to.

Odoo's multi-company record rules: with `allowed_company_ids` in the context only those companies'
records are visible (they must be companies of the user, else AccessError); without it, every
company of the user (`env.companies`). New records default to the first allowed company
(`env.company`), else the user's own company. Records whose company is unset are shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import domain as dom
from .errors import AccessError
from .records import Database

#: Company-dependent models and the field their record rule looks at.
SCOPED: dict[str, str] = {
    "account.move": "company_id",
    "account.move.line": "company_id",
    "account.payment": "company_id",
    "account.partial.reconcile": "company_id",
    "account.journal": "company_id",
    "account.tax": "company_id",
    "account.account": "company_ids",
    "account.payment.term": "company_id",
    "res.currency.rate": "company_id",
    "res.partner": "company_id",
    "product.product": "company_id",
}


def user_companies(db: Database, uid: int) -> list[int]:
    user = db.row("res.users", uid) or {}
    return list(user.get("company_ids") or []) or [int(user.get("company_id") or 1)]


def allowed(db: Database, uid: int, context: Mapping[str, Any]) -> list[int]:
    """`env.companies`: the context's allowed companies (checked against the user's), else all the user's."""
    mine = user_companies(db, uid)
    wanted = [int(c) for c in (context.get("allowed_company_ids") or [])]
    if not wanted:
        return mine
    if any(c not in mine for c in wanted):
        raise AccessError("Access to unauthorized or invalid companies.")
    return wanted


def current(db: Database, uid: int, context: Mapping[str, Any]) -> int:
    """`env.company`: the first allowed company, else the user's own."""
    wanted = context.get("allowed_company_ids") or []
    if wanted:
        return int(allowed(db, uid, context)[0])
    user = db.row("res.users", uid) or {}
    return int(user.get("company_id") or 1)


def rule(model: str, company_ids: list[int]) -> dom.Node | None:
    """The record rule of a company-dependent model: its company is allowed, or unset (shared)."""
    fname = SCOPED.get(model)
    if fname is None:
        return None
    return dom.Nary("|", (dom.Condition(fname, "=", False), dom.Condition(fname, "in", list(company_ids))))
