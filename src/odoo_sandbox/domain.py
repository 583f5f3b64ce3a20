"""Odoo domains: parsing the prefix notation into a tree, and writing a tree back out.

A domain is a list in Polish (prefix) notation: `'&'`, `'|'` (binary) and `'!'` (unary)
operators followed by their operands, each operand a `[field, operator, value]` condition;
consecutive terms without an operator are implicitly AND-ed. The tree form lets the sandbox
evaluate a domain (see `query.py`) and build the combined domains Odoo returns in `__domain`
and `__extra_domain`, which Odoo 19 serializes from its `Domain` objects: n-ary AND/OR
flattened, written back in prefix form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

CONDITION_OPERATORS: Final = frozenset(
    {
        "=",
        "!=",
        "<=",
        "<",
        ">",
        ">=",
        "=?",
        "=like",
        "=ilike",
        "like",
        "not like",
        "ilike",
        "not ilike",
        "in",
        "not in",
        "child_of",
        "parent_of",
        "any",
        "not any",
    }
)
OPERATOR_ALIASES: Final = {"<>": "!=", "==": "="}
#: Operators whose SQL form in Odoo also matches NULL values (`x != 1` includes unset x).
NEGATIVE_OPERATORS: Final = frozenset({"!=", "not like", "not ilike", "not in"})


@dataclass(frozen=True)
class Condition:
    """One `[field_path, operator, value]` leaf."""

    path: str
    operator: str
    value: Any

    def __repr__(self) -> str:  # Odoo writes conditions as Python tuples in its messages
        return repr((self.path, self.operator, _freeze(self.value)))


@dataclass(frozen=True)
class Nary:
    """`'&'` (AND) or `'|'` (OR) over two or more children."""

    operator: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Negation:
    child: Node


@dataclass(frozen=True)
class Constant:
    """The always-true / always-false domain (`[]` is TRUE)."""

    value: bool


Node: TypeAlias = Condition | Nary | Negation | Constant
TRUE: Final = Constant(True)
FALSE: Final = Constant(False)


def _freeze(value: Any) -> Any:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


def parse(domain: Any) -> Node:
    """Parse a domain list into a tree, raising `ValueError` like Odoo for malformed input."""
    if domain is None or domain is False:
        return TRUE
    if not isinstance(domain, Sequence) or isinstance(domain, str):
        raise ValueError(f"Invalid domain: {domain!r}")
    stack: list[Node] = []
    for item in reversed(domain):
        if item in ("&", "|"):
            if len(stack) < 2:
                raise ValueError(f"Domain {list(domain)!r} is syntactically not correct.")
            first, second = stack.pop(), stack.pop()
            stack.append(_nary(str(item), [first, second]))
        elif item == "!":
            if not stack:
                raise ValueError(f"Domain {list(domain)!r} is syntactically not correct.")
            stack.append(Negation(stack.pop()))
        else:
            stack.append(_condition(item))
    stack.reverse()
    if not stack:
        return TRUE
    return stack[0] if len(stack) == 1 else _nary("&", stack)


def _condition(item: Any) -> Node:
    if isinstance(item, bool):
        return Constant(item)
    if not isinstance(item, list | tuple) or len(item) != 3:
        raise ValueError(f"Invalid domain term {item!r}")
    path, operator, value = item
    if path in (0, 1) and operator == "=" and value == 1:
        return Constant(path == 1)  # TRUE_LEAF (1, '=', 1) / FALSE_LEAF (0, '=', 1)
    if not isinstance(path, str) or not isinstance(operator, str):
        raise ValueError(f"Invalid domain term {item!r}")
    operator = operator.lower()
    operator = OPERATOR_ALIASES.get(operator, operator)
    if operator not in CONDITION_OPERATORS:
        raise ValueError(f"Invalid operator {item[1]!r} in domain term {tuple(_freeze(list(item)))!r}")
    return Condition(path, operator, value)


def _nary(operator: str, children: Sequence[Node]) -> Node:
    """Build an n-ary node, flattening nested nodes of the same operator as Odoo's `Domain` does."""
    flat: list[Node] = []
    for child in children:
        if isinstance(child, Nary) and child.operator == operator:
            flat.extend(child.children)
        elif isinstance(child, Constant) and child.value == (operator == "&"):
            continue  # TRUE in an AND, FALSE in an OR: neutral
        else:
            flat.append(child)
    if not flat:
        return Constant(operator == "&")
    return flat[0] if len(flat) == 1 else Nary(operator, tuple(flat))


def and_(*nodes: Node) -> Node:
    return _nary("&", nodes)


def serialize(node: Node) -> list[Any]:
    """Write a tree back as a prefix-notation list (JSON-ready: conditions become lists)."""
    if isinstance(node, Constant):
        return [] if node.value else [[0, "=", 1]]
    if isinstance(node, Condition):
        return [[node.path, node.operator, node.value]]
    if isinstance(node, Negation):
        return ["!", *serialize(node.child)]
    out: list[Any] = [node.operator] * (len(node.children) - 1)
    for child in node.children:
        out.extend(serialize(child))
    return out


def evaluate(node: Node, condition: Callable[[Condition], bool]) -> bool:
    """Evaluate a tree, delegating each leaf to `condition` (short-circuiting like SQL would)."""
    if isinstance(node, Constant):
        return node.value
    if isinstance(node, Condition):
        return condition(node)
    if isinstance(node, Negation):
        return not evaluate(node.child, condition)
    if node.operator == "&":
        return all(evaluate(child, condition) for child in node.children)
    return any(evaluate(child, condition) for child in node.children)


def conditions(node: Node) -> list[Condition]:
    """Every leaf of a tree, e.g. to know whether a domain mentions `active`."""
    if isinstance(node, Condition):
        return [node]
    if isinstance(node, Negation):
        return conditions(node.child)
    if isinstance(node, Nary):
        return [leaf for child in node.children for leaf in conditions(child)]
    return []
