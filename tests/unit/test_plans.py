"""Typed plans: the tax the owner is shown is Odoo's, rounded the company's way, and a plan survives storage intact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from odoo_mcp.approvals.moves import estimate_tax
from odoo_mcp.approvals.plans import LinePlan, MovePlan, TaxFacts

TEN = TaxFacts(id=7, name="VAT 10%", amount=Decimal(10), amount_type="percent", price_include=False, type_tax_use="sale")


def _line(subtotal: str, *taxes: TaxFacts) -> LinePlan:
    return LinePlan(description="x", quantity=Decimal(1), unit_price=Decimal(subtotal), discount=Decimal(0), taxes=list(taxes),
                    subtotal=Decimal(subtotal))


def test_tax_rounded_per_line_or_globally_as_the_company_says() -> None:
    lines = [_line("0.05", TEN)] * 3  # 0.005 of tax each
    assert estimate_tax(lines, 2, "round_per_line") == Decimal("0.03")  # 0.01 + 0.01 + 0.01
    assert estimate_tax(lines, 2, "round_globally") == Decimal("0.02")  # 0.015 once


@pytest.mark.parametrize("tax", [
    TEN.model_copy(update={"price_include": True}),
    TEN.model_copy(update={"amount_type": "fixed"}),
    TEN.model_copy(update={"amount_type": "group"}),
])
def test_tax_odoo_alone_can_compute_is_not_guessed(tax: TaxFacts) -> None:
    assert estimate_tax([_line("100.00", tax)], 2, "round_per_line") is None
    assert estimate_tax([_line("100.00", tax)], 2, "round_globally") is None


def _plan() -> MovePlan:
    return MovePlan(company_id=1, move_type="in_invoice", partner_id=5, partner="Vendor", commercial_partner_id=5, currency="EUR",
                    due_date=dt.date(2025, 10, 5), ref="B-1", lines=[_line("100.00", TEN)], untaxed=Decimal("100.00"),
                    tax=Decimal("10.00"), post=True)


def test_a_stored_plan_reads_back_equal() -> None:
    plan = _plan()
    stored = plan.model_dump(mode="json")
    assert stored["lines"][0]["taxes"][0]["amount"] == "10" and stored["due_date"] == "2025-10-05"
    assert MovePlan.model_validate(stored) == plan and plan.total == Decimal("110.00")


@pytest.mark.parametrize("edit", [{"surprise": 1}, {"lines": "all"}, {"move_type": "entry"}])
def test_a_plan_that_is_not_one_is_refused(edit: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        MovePlan.model_validate({**_plan().model_dump(mode="json"), **edit})
