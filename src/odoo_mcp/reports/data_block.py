"""A generated file's data, carried in the file itself as one inert line: `<!-- odoo-mcp:data KIND {json} -->`.

The Markdown above it is the view; this line is what the program reads back (pydantic validation
of the JSON, never a scrape of the tables). It is an HTML comment, so Obsidian and GitHub show
nothing of it, and it is one line that no value can break: every character of a string value
other than letters, digits and a few plain marks is written as a JSON `\\uXXXX` escape, so a
partner name holding a newline, `-->`, `---`, a table row, a callout, a fence or YAML stays inside
its string, and the line has the same Markdown structure whatever the names are.

Found by one rule: the only line of the generated part (above the end marker) that starts with
`<!-- odoo-mcp:data KIND ` and ends with ` -->`. None is "no data" (a file from an older version);
two are a damaged file.
"""

from __future__ import annotations

import json
from typing import Any

PREFIX = "<!-- odoo-mcp:data "
SUFFIX = " -->"
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:/+@()'-")


class DamagedData(ValueError):
    """The data line is there but is not one well-formed line of this kind."""


# Every printable ASCII character that is not plain, as its JSON escape; `"` and `\` are escaped by json.dumps
# itself, and everything else (control characters, non-ASCII) is already a `\uXXXX` escape after it.
_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x20, 0x80) if chr(code) not in _PLAIN and chr(code) not in '"\\'}


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=True).translate(_ESCAPES)


def inert_json(value: Any) -> str:
    """`value` (what `model_dump(mode="json")` gives: dicts, lists, str, int, float, bool, None) as one line of
    JSON whose strings hold no character Markdown, HTML, YAML or Obsidian could act on."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{_key(k)}:{inert_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(inert_json(v) for v in value) + "]"
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    raise TypeError(f"not JSON data: {type(value).__name__}")


def _key(key: str) -> str:
    # The models' field names, written as they are; anything else is escaped like a value.
    return f'"{key}"' if key.isascii() and key.isidentifier() else _string(key)


def line(kind: str, data: Any) -> str:
    return f"{PREFIX}{kind} {inert_json(data)}{SUFFIX}"


def find(generated: str, kind: str) -> str | None:
    """The JSON of the one data line of `kind` in `generated` (the part above the end marker), None if there is none."""
    head = f"{PREFIX}{kind} "
    found = [text for text in generated.split("\n") if text.startswith(PREFIX)]
    if not found:
        return None
    if len(found) > 1:
        raise DamagedData(f"the file has {len(found)} data lines, not one")
    (text,) = found
    if not text.startswith(head) or not text.endswith(SUFFIX):
        raise DamagedData(f"the data line is not of the form {head}{{...}}{SUFFIX}")
    return text[len(head) : -len(SUFFIX)]
