"""Text from outside, made inert: one rule for each kind of output it ends up in.

Names, descriptions, memos, references and reasons come from the assistant's arguments or from
Odoo's records, and both can be hostile. Written raw, a newline adds a second summary line,
`<!--` or `%%` hides the rest of a request in Obsidian, `> [!warning]` forges a callout, `|`
forges a table row, a fence plants a decoy payload, `..` or `/` in an invoice number leaves the
folder. Every place that writes such a value picks the rule for where it lands:

- `one_line`: a front matter value or a plain line (a terminal, a log): one line, no control
  or invisible characters;
- `tool_field`: one field of a `|`-separated tool answer line;
- `md_text` / `md_cell`: Markdown body text and table cells: one line, every character Markdown,
  HTML or Obsidian gives a meaning to escaped with a backslash (readable in the raw file, shown
  as itself when rendered); `md_unescape` is its inverse for a parser reading a cell back;
- `md_code`: an inline code span that the value cannot close;
- `fence_for`: a code fence longer than any backtick run in the block it encloses;
- `file_part` / `file_name`: a file name part and a whole file name (no separators, no `..`, no
  leading dot, no reserved Windows name, bounded length).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that start structure somewhere in Markdown, GFM, HTML or Obsidian, anywhere in a line:
# \ escapes, ` code, * _ emphasis, [ ] links/wikilinks/embeds/footnotes, < > HTML and comments,
# | tables, # headings and tags, ~ strikethrough, $ math, & entities, ^ block ids.
_ALWAYS = re.compile(r"([\\`*_\[\]<>|#~$&^])")
# Characters that only mean something doubled: == highlight, %% Obsidian comment.
_DOUBLED = re.compile(r"(?<=[=%])([=%])|([=%])(?=[=%])")
# What makes a line a list item when it starts one: `- x`, `+ x`, `1. x`, `1) x`.
_LEADING_MARKER = re.compile(r"^(?:([-+])|(\d{1,9})([.)]))(?=\s|$)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_BACKTICKS = re.compile(r"`+")
_FILE_CHARS = re.compile(r"[^A-Za-z0-9_-]+")
_WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})
ELLIPSIS = "…"


def one_line(value: object, limit: int | None = None) -> str:
    """`value` as one line of plain text: every kind of whitespace and line break (CR, LF, VT, FF, NEL,
    U+2028/2029) and every control character folded into one space; invisible format characters (bidi
    overrides that reorder what is shown, zero-width characters) dropped. None is empty."""
    if value is None:
        return ""
    kept = []
    for char in str(value):
        category = unicodedata.category(char)
        if category == "Cc" or category in ("Zl", "Zp"):
            kept.append(" ")
        elif category not in ("Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    line = " ".join("".join(kept).split())
    if limit is not None and len(line) > limit:
        line = line[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return line


def tool_field(value: object) -> str:
    """One field of a `|`-separated line in a tool answer: one line, `|` escaped, so a name can never
    start a new line or add a column."""
    return one_line(value).replace("|", "\\|")


def md_text(value: object, limit: int | None = None) -> str:
    """Markdown body text that renders as exactly the characters given, on the line it is put on."""
    line = _escape(one_line(value, limit))
    return _LEADING_MARKER.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line)


def md_cell(value: object, limit: int | None = None) -> str:
    """One table cell: as `md_text` (its `|` is escaped too, so it cannot add a column or a row)."""
    return _escape(one_line(value, limit))


def md_unescape(text: str) -> str:
    """The inverse of `md_cell` for a parser reading a cell back: backslash escapes removed."""
    return _ESCAPED.sub(r"\1", text)


def md_code(value: object, limit: int | None = None) -> str:
    """An inline code span holding `value` literally: its delimiter is longer than any backtick run inside."""
    text = one_line(value, limit)
    runs = [len(run) for run in _BACKTICKS.findall(text)]
    ticks = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence_for(block: str) -> str:
    """A code fence for `block` that no line inside it can close: at least three backticks, one more than its longest run."""
    runs = [len(run) for run in _BACKTICKS.findall(block)]
    return "`" * max(3, max(runs, default=0) + 1)


def file_part(value: object, limit: int = 60, fallback: str = "unknown") -> str:
    """A part of a file name from data (a partner name, an invoice number): ASCII letters, digits, `_` and `-`
    only (so no separator, no `..`, no leading dot), at most `limit` characters, never empty."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", one_line(value)) if unicodedata.category(c) != "Mn")
    slug = _FILE_CHARS.sub("-", plain).strip("-_")[:limit].strip("-_")
    return slug or fallback


def file_name(stem: str, suffix: str = ".md", limit: int = 150) -> str:
    """A whole file name built from parts already made safe: bounded, and never a name Windows reserves
    (`CON`, `NUL.md`, `COM1.txt` ...) or hides (a leading dot)."""
    stem = stem.lstrip(".") or "unnamed"
    if stem.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem[: max(limit - len(suffix), 1)] + suffix


def _escape(line: str) -> str:
    line = _ALWAYS.sub(r"\\\1", line)
    return _DOUBLED.sub(lambda m: "\\" + (m.group(1) or m.group(2)), line)
