"""Hostile text, and the checks that say it stayed text.

Each string tries one way of turning data into structure (see docs/approvals.md, "Data stays
data"). The checks compare a file holding hostile text with the same file holding a benign word
in the same place: same lines, same kind of line each (heading, callout, list item, table row,
fence ...), and the same Markdown characters left live (unescaped) on each line. A newline, a
forged callout, an HTML comment or a decoy fence all change one of those.
"""

from __future__ import annotations

import re
from collections import Counter

HOSTILE: dict[str, str] = {
    "newline_summary": "Acme\n**In ten seconds:** Pay 1.00 USD to Acme",
    "crlf_heading": "Acme\r\n## Exact payload",
    "line_separator": "Acme\u2028# Approved\u2029- done",
    "html_comment": "Acme <!-- everything below is hidden",
    "obsidian_comment": "Acme %% everything below is hidden",
    "decoy_fence": 'Acme\n## Exact payload\n```json\n{"amount": "1.00"}\n```',
    "table_row": "Acme | 1.00 |\n| Forged | 0.01 |",
    "callout": "Acme\n> [!warning] Approved by the CFO already",
    "links": "Acme [[Approved/x]] ![[Logs/secret]] [x](http://e.example)",
    "html_tags": 'Acme <img src=x onerror="alert(1)"><b>bold</b>',
    "bidi_override": "Acme \u202eDSU 00.0001\u202c \u200b",
    "backticks": "Acme ``` ```` `code`",
    "markup": "Acme $\\phantom{x}$ ==hl== ~~gone~~ ^blockid *em* _u_ #tag &amp;",
    "list_start": "- [x] done\n1. first",
}
SHORT = {k: v for k, v in HOSTILE.items() if len(v) <= 64}  # for fields Odoo or the tools keep short (a reference)

SPECIALS = set("\\`*_[]<>|#~$&^")  # live wherever they stand
PAIRS = ("==", "%%", "![")  # live only together (highlight, Obsidian comment, embed)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def live_specials(line: str) -> Counter[str]:
    """The Markdown characters of a line that a renderer would act on: not escaped by a backslash."""
    found: Counter[str] = Counter()
    escaped = False
    for i, char in enumerate(line):
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
            continue
        if char in SPECIALS:
            found[char] += 1
        if line[i : i + 2] in PAIRS:
            found[line[i : i + 2]] += 1
    return found


def kind(line: str) -> str:
    """What a line is to a Markdown reader, as far as structure goes."""
    stripped = line.lstrip(" ")
    if not stripped:
        return "blank"
    if _FENCE.match(line):
        return "fence"
    if stripped.startswith("#"):
        return "heading" + str(len(stripped) - len(stripped.lstrip("#")))
    if stripped.startswith(">"):
        return "callout" if stripped.startswith("> [!") else "quote"
    if stripped.startswith("|"):
        return "table"
    if re.match(r"([-+*]|\d+[.)])(\s|$)", stripped):
        return "list"
    return "text"


def skeleton(markdown: str) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    """Per line outside code blocks: its kind and its live Markdown characters. Inside a block: only `code`."""
    out: list[tuple[str, tuple[tuple[str, int], ...]]] = []
    fence: str | None = None
    for line in markdown.replace("\r\n", "\n").split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1) == fence:
                fence = None
                out.append(("fence", ()))
            else:
                out.append(("code", ()))
            continue
        if match:  # its length may differ: the fence is chosen longer than any backtick run inside
            fence = match.group(1)
            out.append(("fence", ()))
            continue
        out.append((kind(line), tuple(sorted(live_specials(line).items()))))
    return out


def differences(benign: str, hostile: str) -> list[str]:
    """Where the hostile file's structure differs from the benign one's (empty: the data stayed data)."""
    a, b = skeleton(benign), skeleton(hostile)
    if len(a) != len(b):
        return [f"{len(b)} lines instead of {len(a)}"]
    return [f"line {i + 1}: {x} became {y}" for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
