"""Converting field values between the wire (JSON) and the sandbox's internal form.

Internally: text and selections are `str | None`, numbers of type float/monetary are `Decimal`
(so sums are exact, as in PostgreSQL's `numeric`), dates are ISO strings `YYYY-MM-DD`,
datetimes `YYYY-MM-DD HH:MM:SS`, many2one is `int | None`, many2many a list of ids. On the way
out Odoo's read conventions apply: unset is `false`, many2one is `[id, display_name]`, money is
a float rounded to the currency's decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .constants import CURRENCY_DECIMALS
from .schema import DECIMAL_TYPES, INTEGER_TYPES, Field

CENT = Decimal(1).scaleb(-CURRENCY_DECIMALS)


def money(value: Decimal | int | float | str) -> Decimal:
    """Round to the currency precision, half-up as Odoo's `float_round` does."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: Any) -> Decimal:
    if value is None or value is False:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | int | float | str):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"could not convert string to float: {value!r}") from None
    raise TypeError(f"float() argument must be a string or a real number, not '{type(value).__name__}'")


def empty(field: Field) -> Any:
    """The internal value of an unset field."""
    if field.type in DECIMAL_TYPES:
        return Decimal(0)
    if field.type in INTEGER_TYPES:
        return 0
    if field.type == "boolean":
        return False
    if field.type in ("one2many", "many2many"):
        return []
    return None


def parse_date(value: Any) -> str | None:
    if value is None or value is False:
        return None
    text = str(value)[:10] if isinstance(value, str) else str(value)
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: Any) -> str:
    raise ValueError(f"time data {value!r} does not match format '%Y-%m-%d'")


def parse_datetime(value: Any) -> str | None:
    if value is None or value is False:
        return None
    text = str(value)
    if len(text) == 10:
        text += " 00:00:00"
    try:
        return dt.datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ValueError(f"time data {value!r} does not match format '%Y-%m-%d %H:%M:%S'") from None


def parse_scalar(model: str, field: Field, value: Any) -> Any:
    """Convert one written value to its internal form (relational fields are handled by the ORM)."""
    kind = field.type
    if kind in ("char", "text", "html"):
        return None if value is False or value is None else str(value)
    if kind == "selection":
        if value is False or value is None:
            return None
        if value not in field.selection_keys:
            raise ValueError(f"Wrong value for {model}.{field.name}: {value!r}")
        return value
    if kind in INTEGER_TYPES:
        return int(value or 0)
    if kind in DECIMAL_TYPES:
        return to_decimal(value)
    if kind == "boolean":
        return bool(value)
    if kind == "date":
        return parse_date(value)
    if kind == "datetime":
        return parse_datetime(value)
    if kind == "binary":
        return None if value is False else value
    raise ValueError(f"cannot write field {model}.{field.name} of type {kind}")


def format_scalar(field: Field, value: Any) -> Any:
    """An internal non-relational value as Odoo's `read` returns it."""
    kind = field.type
    if kind == "monetary":
        return float(money(value if value is not None else 0))
    if kind == "float":
        return float(value if value is not None else 0)
    if kind in INTEGER_TYPES:
        return int(value or 0)
    if kind == "boolean":
        return bool(value)
    if value is None:
        return False
    return value
