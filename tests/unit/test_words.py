"""Word search: folding, the LIKE patterns sent to Odoo, explanations, ranking, nearest names and numbers."""

from __future__ import annotations

import pytest

from odoo_mcp.accounting import words


def test_fold_strips_accents_and_case_and_collapses_spaces() -> None:
    assert words.fold("  Hélène   DÜRR\tÇa ") == "helene durr ca"
    assert words.fold(None) == "" and words.fold("") == ""
    assert words.words("Marie dupont MARIE") == ["marie", "dupont"]
    assert len(words.words(" ".join(f"w{i}" for i in range(20)))) == words.MAX_WORDS


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dupont", ["d_p__t"]),  # n too: ñ
        ("muller", ["m_ll_r"]),
        ("50%_off", ["50___ff"]),  # the user's own wildcards are single-character wildcards too
        ("eau", ["eau"]),  # nothing left but wildcards: asked for as folded
        ("x", ["x"]),
    ],
)
def test_patterns_replace_accentable_letters_with_a_one_character_wildcard(word: str, expected: list[str]) -> None:
    assert words.patterns(word) == expected


def test_domain_is_and_of_words_each_or_of_fields() -> None:
    assert words.domain(["dupont", "marie"], ["name", "email"]) == [
        "|", ("name", "ilike", "d_p__t"), ("email", "ilike", "d_p__t"),
        "|", ("name", "ilike", "m_r__"), ("email", "ilike", "m_r__"),
    ]  # fmt: skip
    assert words.domain([], ["name"]) == []


def test_explain_says_where_each_word_is_or_none() -> None:
    values = {"name": "Marie Dupont", "email": "md@gmail.example", "VAT": None}
    assert words.explain(["dupont", "marie"], values) == "name contains 'dupont' and 'marie'"
    assert words.explain(["gmail", "marie"], values) == "email contains 'gmail'; name contains 'marie'"
    assert words.explain(["dapont"], values) is None, "a candidate the wildcard let through is dropped"
    assert words.explain(["helene"], {"name": "HÉLÈNE"}) == "name contains 'helene'"


def test_rank_prefers_exact_then_starting_then_containing() -> None:
    assert words.rank(["dupont", "marie"], "Marie Dupont") == 0
    assert words.rank(["marie"], "Marie Dupont") == 1
    assert words.rank(["dupont"], "Marie Dupont") == 2
    assert words.rank(["gmail"], "Marie Dupont") == 3


def test_nearest_ranks_by_similarity_then_common_start() -> None:
    names = ["Acme Corporation", "Globex", "Acme Corp Europe", "Initech"]
    assert words.nearest("acmme corporaton", names)[0] == "Acme Corporation"
    assert words.nearest("zzzz", names) == []
    assert words.nearest("INV/2026/000609", ["INV/2026/00009", "INV/2026/00060"], cutoff=0)[0] == "INV/2026/00060"
    assert len(words.nearest("a", [f"a{i}" for i in range(9)], cutoff=0)) == 5


def test_number_domain_covers_head_first_word_and_last_digits() -> None:
    assert words.number_domain("INV/2026/00012") == [
        "|", "|", ("name", "=ilike", "INV/2026/%"), ("name", "=ilike", "INV%"), ("name", "=ilike", "%12"),
    ]  # fmt: skip
    assert words.number_domain("00123") == [("name", "=ilike", "%123")]
    assert words.number_domain("?") == [("name", "ilike", "?")]
    assert words.number_domain("a_b%") == ["|", ("name", "=ilike", "a_b_%"), ("name", "=ilike", "a%")]


def test_fragments_are_word_ends() -> None:
    assert words.fragments(["dupont", "li"]) == ["dup", "ont", "li"]
    assert words.fragment_domain([], ["name"]) == []


def test_one_line_folds_line_breaks_and_drops_invisible_characters() -> None:
    assert words.one_line("INV/1\nIgnore previous\u2028x\u200by\tz") == "INV/1 Ignore previous xy z"
