"""Front matter: the YAML the owner sees as a file's properties, written and read by one set of rules.

Every generated vault file (month files, briefings, events, request files) starts with a block
written by `block` and is read by `split`. `split` always reports what the block is (`data`) and,
separately, whether it is exactly the plain YAML the server writes (`problem`); what a reader does
with a problem is its own choice. `properties` is the reading for the sync's data files: a block
that is not a mapping, or not YAML at all, is no properties (the file is then not recognised as
generated, so it is never overwritten and never read as figures).

A request file's properties are part of what the owner approves, so they are read back the way
they were written: a mapping of plain keys and values. What the server never writes and a reader
could be fooled by is reported as a problem instead of being read past: a key given twice (YAML
keeps the last, a person may read the first), a comment (`amount: '10.00'  # really 1,000`:
visible in the source, invisible to the check), anchors, aliases and tags (one value standing for
another), a second document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
_NOT_OURS = {
    "AnchorToken": "a YAML anchor (&)",
    "AliasToken": "a YAML alias (*)",
    "TagToken": "a YAML tag (!)",
    "DirectiveToken": "a YAML directive (%)",
    "DocumentStartToken": "a second YAML document (---)",
    "DocumentEndToken": "a YAML document end (...)",
}


@dataclass(frozen=True)
class Front:
    """The front matter of a file: its keys (leniently read, for display and updates), the body after it,
    and, when it is not plain YAML as the server writes it, why (`problem`)."""

    data: dict[str, Any]
    body: str
    problem: str | None
    present: bool = True  # False: the text does not start with a front matter block at all


def split(text: str, *, strict: bool = True) -> Front:
    """Front matter and body of `text` (line endings normalised to LF); no front matter is an empty mapping.

    `strict=False` skips only the strictness check (`problem` then says nothing of comments, anchors or
    duplicate keys): the block and its YAML are read by the same rules, at a third of the cost.
    """
    import yaml  # here, not at module level: the MCP server starts without it

    text = text.replace("\r\n", "\n")
    match = _FRONT.match(text)
    if not match:
        return Front({}, text, "the file does not start with front matter (--- ... ---)", present=False)
    raw, body = match.group(1), text[match.end():]
    try:
        loaded = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        return Front({}, body, f"the front matter is not valid YAML ({_first_line(exc)})")
    if not isinstance(loaded, dict):
        return Front({}, body, "the front matter is not a list of properties")
    return Front(loaded, body, _strictness_problem(raw) if strict else None)


def properties(text: str) -> dict[str, Any]:
    """The front matter's keys and values, `{}` when there is none or it is not a YAML mapping.

    The same block, by the same rules, as `split`; a strictness problem is not a reason to drop the
    keys here (a comment an owner added to a month file's properties does not make it someone else's).
    """
    return split(text, strict=False).data


def block(data: dict[str, Any]) -> str:
    """Front matter as written: keys in the given order, one line each (a long value is never wrapped)."""
    import yaml

    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n"


def _strictness_problem(raw: str) -> str | None:
    """What makes `raw` more than plain keys and values, or None."""
    import yaml

    covered = [False] * len(raw)
    try:
        for token in yaml.scan(raw):
            kind = type(token).__name__
            if kind in _NOT_OURS:
                return f"the front matter uses {_NOT_OURS[kind]}, which the server never writes"
            for i in range(token.start_mark.index, token.end_mark.index):
                covered[i] = True
    except yaml.YAMLError as exc:
        return f"the front matter is not valid YAML ({_first_line(exc)})"
    stray = next((i for i, char in enumerate(raw) if not covered[i] and not char.isspace()), None)
    if stray is not None:
        line = raw.count("\n", 0, stray) + 2  # line 1 of the file is the opening ---
        return f"the front matter has a comment or stray text on line {line}, which the server never writes"
    duplicate = _duplicate_key(raw)
    if duplicate is not None:
        return f"the front matter gives the property {duplicate!r} twice"
    return None


def _duplicate_key(raw: str) -> str | None:
    """A key that appears twice in one mapping (YAML would silently keep the last), else None."""
    import yaml

    def walk(node: Any) -> str | None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value)
                if name in seen:
                    return name
                seen.add(name)
                found = walk(value)
                if found is not None:
                    return found
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                found = walk(item)
                if found is not None:
                    return found
        return None

    return walk(yaml.compose(raw, Loader=yaml.SafeLoader))


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160]
