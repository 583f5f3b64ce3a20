"""Searching by words the way an owner types them: any order, any case, with or without accents.

Odoo's `ilike` ignores case, but ignores accents only when the database has PostgreSQL's `unaccent`
enabled (`--unaccent`, off by default). So the accents are handled here, on both sides:

- to Odoo goes, per word, a LIKE pattern where every letter that has accented forms is the
  single-character wildcard `_` (Odoo 19 wraps `ilike` values in `%...%` and does not escape `_`,
  `odoo/orm/fields.py`), so "dupont" asks for `%d_p_nt%` and finds "Dupont" and "Düpont", and "Müller"
  asks for `%m_ll_r%` and finds "Muller";
- here, the candidates are checked word by word after folding (accents stripped with `unicodedata`,
  case folded), which drops what the wildcard let through ("Dapant") and says why each one matched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Domain = list[Any]

# Letters some common accented letter folds to (é->e, ç->c, ñ->n, š->s, ž->z, ÿ->y ...).
ACCENTABLE = frozenset("aceinosuyz")
MAX_WORDS = 8
_LIKE_SPECIAL = frozenset("%_\\")


def fold(text: str | None) -> str:
    """Accents stripped, case folded, whitespace collapsed: the form two spellings are compared in."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def words(text: str | None) -> list[str]:
    """The query's distinct folded words, in order (at most `MAX_WORDS`)."""
    seen: list[str] = []
    for word in fold(text).split():
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def patterns(word: str) -> list[str]:
    """What to ask `ilike` for, so that Odoo returns the word's accented and unaccented spellings.

    A word with fewer than two letters left after the wildcards (e.g. "eau") would match almost
    anything: it is asked for as folded instead (so only its unaccented spelling is found).
    """
    wild = "".join("_" if c in ACCENTABLE or c in _LIKE_SPECIAL else c for c in word)
    return [wild] if sum(c != "_" for c in wild) >= 2 else [_plain(word)]


def domain(query_words: Sequence[str], fields: Sequence[str]) -> Domain:
    """Every word in at least one of the fields (AND of words, OR of fields), in Odoo's prefix notation."""
    result: Domain = []
    for word in query_words:
        leaves = [(field, "ilike", pattern) for pattern in patterns(word) for field in fields]
        result += ["|"] * (len(leaves) - 1) + leaves
    return result


def explain(query_words: Sequence[str], values: Mapping[str, str | None]) -> str | None:
    """Why a record matches, e.g. "name contains 'dupont' and 'marie'; email contains 'gmail'",
    or None when some word is in none of the values (a record the wildcard let through).
    `values` maps a label to a field's value, in the order a word is attributed to them."""
    folded = {label: fold(value) for label, value in values.items()}
    found: dict[str, list[str]] = {}
    for word in query_words:
        label = next((label for label, value in folded.items() if word in value), None)
        if label is None:
            return None
        found.setdefault(label, []).append(word)
    return "; ".join(f"{label} contains " + " and ".join(f"'{w}'" for w in hits) for label, hits in found.items())


def rank(query_words: Sequence[str], name: str | None) -> int:
    """0: the name is the words (any order); 1: it starts with the first; 2: has them all; 3: matched elsewhere."""
    name_words = fold(name).split()
    joined = " ".join(name_words)
    if sorted(name_words) == sorted(query_words):
        return 0
    if not all(word in joined for word in query_words):
        return 3
    return 1 if joined.startswith(query_words[0]) else 2


def fragments(query_words: Sequence[str]) -> list[str]:
    """Short pieces of each word (its first and last three letters), to find names spelled nearly
    alike in one bounded call when the words themselves matched nothing."""
    pieces: list[str] = []
    for word in query_words:
        for piece in (word[:3], word[-3:]) if len(word) > 3 else (word,):
            if piece not in pieces:
                pieces.append(piece)
    return pieces


def fragment_domain(query_words: Sequence[str], fields: Sequence[str]) -> Domain:
    """Any fragment of any word in any of the fields (all OR), accents handled as in `domain`."""
    leaves = [(field, "ilike", pattern) for piece in fragments(query_words) for pattern in patterns(piece) for field in fields]
    return ["|"] * (len(leaves) - 1) + leaves if leaves else []


def one_line(text: str) -> str:
    """A name from Odoo fit for a one-line message: control and invisible characters dropped, any
    whitespace (line separators included) folded to one space, so it cannot start a line of its own."""
    kinds = ((c, unicodedata.category(c)) for c in text)
    visible = "".join(" " if kind == "Cc" else c for c, kind in kinds if kind == "Cc" or not kind.startswith("C"))
    return " ".join(visible.split())


def similarity(query: str, name: str) -> float:
    """How alike a query and a name are once folded: the whole strings, or word against nearest word."""
    q, n = fold(query), fold(name)
    whole = difflib.SequenceMatcher(None, q, n).ratio()
    q_words, n_words = q.split(), n.split()
    if not q_words or not n_words:
        return whole
    per_word = sum(max(difflib.SequenceMatcher(None, w, v).ratio() for v in n_words) for w in q_words) / len(q_words)
    return max(whole, per_word)


def nearest(query: str, names: Iterable[str], n: int = 5, cutoff: float = 0.5) -> list[str]:
    """Up to `n` distinct names most like the query, best first; ties go to the longer common start
    ("INV/2026/00060" before "INV/2026/00009" for "INV/2026/000609"), then by name."""
    folded = fold(query)
    scored = {name: similarity(query, name) for name in names if name}

    def start(name: str) -> int:
        other = fold(name)
        return next((i for i, (a, b) in enumerate(zip(folded, other, strict=False)) if a != b), min(len(folded), len(other)))

    best = sorted((name for name, score in scored.items() if score >= cutoff), key=lambda name: (-scored[name], -start(name), name))
    return best[:n]


_NUMBER_PARTS = re.compile(r"[^\W_]+")


def number_domain(number: str) -> Domain:
    """Numbers that could be the one meant: the same head (up to the last separator, e.g. "INV/2026/"),
    the same first word ("INV"), or ending in the same digits ("12" for "INV/2026/00012")."""
    leaves: list[tuple[str, str, str]] = []
    separators = [i for i, c in enumerate(number) if not c.isalnum()]
    if separators and separators[-1] > 0:
        leaves.append(("name", "=ilike", _plain(number[: separators[-1] + 1]) + "%"))
    parts = _NUMBER_PARTS.findall(number)
    if parts and not parts[0].isdigit():
        leaves.append(("name", "=ilike", _plain(parts[0]) + "%"))
    if parts and parts[-1].isdigit() and parts[-1].lstrip("0"):
        leaves.append(("name", "=ilike", "%" + parts[-1].lstrip("0")))
    if not leaves:
        leaves.append(("name", "ilike", _plain(number[:3])))
    return ["|"] * (len(leaves) - 1) + list(leaves)


def _plain(text: str) -> str:
    """Text for a LIKE pattern with its wildcard characters made single-character wildcards: the
    sandbox and Odoo agree on `_`, not on backslash escapes; the folded check afterwards is exact."""
    return "".join("_" if c in _LIKE_SPECIAL else c for c in text)
