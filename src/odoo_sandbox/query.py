"""Searching: evaluating a domain against rows, and ordering rows like Odoo's `ORDER BY`.

The semantics follow the SQL Odoo generates: a NULL never satisfies `=`, `<`, `like`...,
but the negative operators (`!=`, `not in`, `not like`, `not ilike`) also match NULL; a
dotted path (`partner_id.name`) or a condition on a one2many/many2many means "some related
record satisfies it"; a string compared to a many2one matches the target's display name;
`active` records only, unless the domain mentions `active` or the context says otherwise.
Ordering puts NULLs last ascending and first descending (PostgreSQL's default), and orders a
many2one by the target model's own `_order`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import domain as dom
from .records import Database, Row
from .schema import DECIMAL_TYPES, INTEGER_TYPES, MODELS, Field
from .values import parse_date, parse_datetime, to_decimal

Matcher = Callable[[Row], bool]
ORDER_TERM = re.compile(r"^\s*([\w.:]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$", re.IGNORECASE)


def search_rows(
    db: Database,
    model: str,
    domain: Any,
    *,
    order: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    active_test: bool = True,
    rule: dom.Node | None = None,
) -> list[Row]:
    """`model.search(domain, offset, limit, order)` over the stored rows, within the record `rule` if any."""
    node = dom.parse(domain)
    if (
        active_test
        and MODELS[model].has_active
        and not any(c.path.split(".")[0] == "active" for c in dom.conditions(node))
    ):
        node = dom.and_(node, dom.Condition("active", "=", True))
    if rule is not None:
        node = dom.and_(node, rule)
    matcher = record_matcher(db, model, node)
    rows = [row for row in db.rows(model) if matcher(row)]
    rows = sort_rows(db, model, rows, order)
    start = int(offset or 0)
    return rows[start : start + int(limit)] if limit else rows[start:]  # limit 0/None/False: no limit


def record_matcher(db: Database, model: str, node: dom.Node) -> Matcher:
    """Compile a domain tree to a predicate on rows of `model` (validating fields up front)."""
    _validate(model, node)
    return lambda row: dom.evaluate(node, lambda cond: _condition(db, model, row, cond))


def _validate(model: str, node: dom.Node) -> None:
    for cond in dom.conditions(node):
        _check_path(model, cond.path.split("."), cond)


def _check_path(model: str, path: list[str], cond: dom.Condition) -> None:
    fields = MODELS[model].fields
    head = path[0]
    if head not in fields:
        sub = dom.Condition(".".join(path), cond.operator, cond.value)
        raise ValueError(f"Invalid field {model}.{head} in condition {sub!r}")
    f = fields[head]
    if f.type == "binary" and not f.store:
        raise ValueError(f"Non-stored field {model}.{head} cannot be searched.")
    if len(path) > 1:
        if not f.relation:
            raise ValueError(f"Invalid field {model}.{cond.path} in condition {cond!r}")
        _check_path(f.relation, path[1:], cond)
    if cond.operator in ("any", "not any") and not f.relation:
        raise ValueError(f"Invalid operator {cond.operator!r} on non-relational field {model}.{head}")


def _condition(db: Database, model: str, row: Row, cond: dom.Condition) -> bool:
    head, _, rest = cond.path.partition(".")
    f = MODELS[model].fields[head]
    value = db.value(model, row, head)
    if rest:
        targets = _targets(f, value)
        sub = dom.Condition(rest, cond.operator, cond.value)
        relation = f.relation or ""
        return any(_condition(db, relation, t, sub) for t in db.browse_rows(relation, targets))
    if cond.operator in ("any", "not any"):
        sub_node = dom.parse(cond.value)
        relation = f.relation or ""
        matcher = record_matcher(db, relation, sub_node)
        hit = any(matcher(t) for t in db.browse_rows(relation, _targets(f, value)))
        return hit if cond.operator == "any" else not hit
    if f.type in ("many2one", "one2many", "many2many"):
        return _relational(db, f, value, cond)
    return compare(f, value, cond.operator, cond.value)


def _targets(f: Field, value: Any) -> list[int]:
    if f.type == "many2one":
        return [value] if value else []
    return list(value or [])


def _relational(db: Database, f: Field, value: Any, cond: dom.Condition) -> bool:
    """Conditions on a relational field: ids, False, or names (matched on display_name)."""
    ids = set(_targets(f, value))
    op, operand = cond.operator, cond.value
    if op == "=?":
        if operand is None or operand is False:
            return True
        op = "="
    items = list(operand) if isinstance(operand, list | tuple) else [operand]
    negative = op in dom.NEGATIVE_OPERATORS
    positive = {"!=": "=", "not in": "in", "not like": "like", "not ilike": "ilike"}.get(op, op)
    if any(isinstance(item, str) for item in items):
        name_field = Field("display_name", "char", "Display Name")
        hit = any(compare(name_field, db.display_name(f.relation or "", rid), positive, operand) for rid in ids)
    elif positive in ("=", "in", "child_of", "parent_of"):
        wanted = {i for i in items if isinstance(i, int) and not isinstance(i, bool)}
        null_wanted = any(i is False or i is None for i in items)
        hit = bool(ids & wanted) or (null_wanted and not ids)
    elif f.type == "many2one" and positive in ("<", "<=", ">", ">="):
        hit = compare(Field(f.name, "integer", f.string), value, positive, operand) if value else False
    else:
        raise ValueError(f"Invalid operator {cond.operator!r} for relational field {f.name}")
    return not hit if negative else hit


def _coerce(f: Field, operand: Any) -> Any:
    """Bring a domain value to the internal form of the field it is compared with."""
    if f.type == "boolean":
        return bool(operand)
    if operand is None or operand is False:
        return to_decimal(0) if f.type in DECIMAL_TYPES else (0 if f.type in INTEGER_TYPES else None)
    if f.type in DECIMAL_TYPES:
        return to_decimal(operand)
    if f.type in INTEGER_TYPES:
        return int(operand)
    if f.type == "date" and isinstance(operand, str):
        return parse_date(operand)
    if f.type == "datetime" and isinstance(operand, str):
        return parse_datetime(operand)
    return operand


def compare(f: Field, value: Any, op: str, operand: Any) -> bool:
    """One scalar condition with SQL NULL semantics (boolean NULL reads as False, as in Odoo)."""
    if f.type == "boolean":
        value = bool(value)
    if op == "=?":
        if operand is None or operand is False:
            return True
        op = "="
    if op in ("in", "not in"):
        items = operand if isinstance(operand, list | tuple) else [operand]
        null_wanted = any(i is False or i is None for i in items) and f.type != "boolean"
        wanted = {_coerce(f, i) for i in items if not (i is False or i is None) or f.type == "boolean"}
        hit = (value is None and null_wanted) or (value is not None and value in wanted)
        return hit if op == "in" else not hit
    if op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
        return _like(value, op, operand)
    target = _coerce(f, operand)
    if op == "=":
        return bool(value == target)
    if op == "!=":
        return bool(value != target)
    if value is None or target is None:
        return False
    if isinstance(value, Decimal) or isinstance(target, Decimal):
        value, target = to_decimal(value), to_decimal(target)
    return bool({"<": value < target, "<=": value <= target, ">": value > target, ">=": value >= target}[op])


def _like(value: Any, op: str, operand: Any) -> bool:
    negative = op.startswith("not ")
    if value is None or value is False:
        return negative
    pattern = str(operand) if op.startswith("=") else f"%{operand}%"
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    flags = re.IGNORECASE | re.DOTALL if "ilike" in op else re.DOTALL
    hit = re.fullmatch(regex, str(value), flags) is not None
    return not hit if negative else hit


# -- ordering ---------------------------------------------------------------------------------
def parse_order(model: str, order: str) -> list[tuple[str, bool, str | None]]:
    """`"invoice_date desc, id"` -> [(field, descending, nulls)], validating every field."""
    terms = []
    for term in order.split(","):
        if not term.strip():
            continue
        match = ORDER_TERM.match(term)
        if not match:
            raise ValueError(f"Invalid order: {order!r}")
        fname, direction, nulls = match.groups()
        base = fname.split(".")[0]
        if base not in MODELS[model].fields:
            raise ValueError(f"Invalid field {base!r} on model {model!r}")
        f = MODELS[model].fields[base]
        if not f.store or f.type in ("one2many", "many2many", "binary"):
            raise ValueError(f"Cannot convert {model}.{base} to SQL because it is not stored")
        terms.append((base, (direction or "asc").lower() == "desc", nulls.lower() if nulls else None))
    return terms


def sort_rows(db: Database, model: str, rows: list[Row], order: str | None) -> list[Row]:
    """Stable multi-key sort, last key first, as `ORDER BY` with PostgreSQL NULL placement."""
    terms = parse_order(model, order or MODELS[model].order)
    if not any(t[0] == "id" for t in terms):
        terms.append(("id", False, None))
    rows = list(rows)
    for fname, descending, nulls in reversed(terms):
        getter = _order_getter(db, model, fname)
        if MODELS[model].fields[fname].type != "boolean":  # false is SQL NULL for every other type
            getter = (lambda g: lambda r: None if g(r) is False else g(r))(getter)
        null_high = (nulls == "last") != descending if nulls else True
        rows.sort(key=lambda r: _sort_key(getter(r), null_high), reverse=descending)
    return rows


def _order_getter(db: Database, model: str, fname: str) -> Callable[[Row], Any]:
    """The sort value of a field; a many2one sorts by its target's position in the target's order."""
    f = MODELS[model].fields[fname]
    if f.type != "many2one" or not f.relation:
        return lambda row: db.value(model, row, fname)
    targets = db.rows(f.relation)
    ordered = (
        sort_rows(db, f.relation, targets, None) if f.relation != model else sorted(targets, key=lambda r: r["id"])
    )
    rank = {row["id"]: index for index, row in enumerate(ordered)}
    return lambda row: rank.get(db.value(model, row, fname) or 0)


def _sort_key(value: Any, null_high: bool) -> tuple[int, Any]:
    if value is None:
        return (1 if null_high else -1, 0)
    if isinstance(value, str):
        return (0, (value.casefold(), value))
    if isinstance(value, bool):
        return (0, int(value))
    return (0, value)
