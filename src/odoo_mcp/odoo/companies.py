"""Which company a call is for: the user's companies as Odoo reports them, and the choice among them.

Odoo answers an unscoped call for *every* company the user belongs to (its record rules follow
`allowed_company_ids`, which defaults to all of them), so a figure read without a company adds
several companies' books, possibly in several currencies. The client therefore resolves one
company and sends it with every call; this module holds the data and the rule of that choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import OdooError

# What `res.users` is asked for: the default company and the allowed ones, each with its currency.
COMPANY_SPEC: dict[str, Any] = {"name": {}, "currency_id": {"fields": {"name": {}, "decimal_places": {}}}}
USER_SPEC: dict[str, Any] = {"company_id": {"fields": COMPANY_SPEC}, "company_ids": {"fields": COMPANY_SPEC}}


class CompanyNotFound(OdooError):
    """The configured or requested company is not one this user may access."""


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    currency: str
    decimals: int

    @classmethod
    def from_spec(cls, row: dict[str, Any]) -> Company:
        currency = row.get("currency_id") or {}
        return cls(
            id=int(row["id"]),
            name=str(row.get("name") or ""),
            currency=str(currency.get("name") or "?"),
            decimals=int(currency.get("decimal_places") or 2),
        )


@dataclass(frozen=True)
class UserCompanies:
    """The user's default company (`res.users.company_id`) and every company they may access."""

    default: Company
    allowed: tuple[Company, ...]

    @classmethod
    def from_user(cls, row: dict[str, Any]) -> UserCompanies:
        default = Company.from_spec(row["company_id"])
        allowed = tuple(sorted((Company.from_spec(c) for c in row.get("company_ids") or []), key=lambda c: c.id))
        return cls(default=default, allowed=allowed or (default,))

    def pick(self, ref: str | int | None) -> Company:
        """`ref` is an id or an exact name; None is the user's default company."""
        if ref is None or ref == "":
            return self.default
        text = str(ref).strip()
        by_id = [c for c in self.allowed if text.isdigit() and c.id == int(text)]
        by_name = [c for c in self.allowed if c.name == text]
        found = by_id or by_name
        if len(found) == 1:
            return found[0]
        choices = ", ".join(f"{c.name} (id {c.id})" for c in self.allowed)
        if len(found) > 1:
            raise CompanyNotFound(f"several companies are named {text!r}: give the id instead; the user's companies: {choices}")
        raise CompanyNotFound(f"no company {text!r} among the user's companies: {choices}")
