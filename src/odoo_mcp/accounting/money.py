"""Exact money: Odoo's numbers arrive as JSON decimals and stay `Decimal` to the last cent.

Odoo stores monetary amounts rounded to the currency, but sums computed in SQL come back as
floats (`56950.000000000007`). Quantizing to the currency's decimals gives back the exact figure
Odoo displays; adding Decimals afterwards never drifts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import PlainSerializer, WithJsonSchema

_ZERO = Decimal(0)


def to_money(value: Any, decimals: int = 2) -> Decimal:
    """Odoo's value (Decimal from our JSON parser, int, float, or False for 'no value') as exact money."""
    if value is None or value is False:
        amount = _ZERO
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        amount = Decimal(str(value))
    return amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def to_quantity(value: Any) -> Decimal:
    """Quantities and unit prices: exact, without trailing zeros or exponent (`1000`, `2.5`)."""
    amount = to_money(value, 6)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()


Money = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "exact decimal amount"}),
]
