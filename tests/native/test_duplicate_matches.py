"""duplicate-section's native lexical search (``native.duplicate_matches``) on generated
documents whose copies are known by construction: distinct sentences of invented words, some
pasted again verbatim, some with a sentence moved, some with words of their own added."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules.duplicate_section import DuplicateSection

from lint_corpus import native

DEFAULTS = DuplicateSection().options
PARAMETERS = DuplicateSection().native_parameters()


def invented_sentences(rng: random.Random, count: int) -> list[str]:
    """Sentences of 14 invented words each, sharing no three-word run by construction (every
    word is drawn from a vocabulary far larger than the text)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"".join(rng.choice(letters) for _ in range(7)) for _ in range(20 * count)}
    vocabulary = sorted(words)
    rng.shuffle(vocabulary)
    return [" ".join(vocabulary[14 * n:14 * n + 14]).capitalize() + "."
            for n in range(count)]


MIN_WORDS = (DEFAULTS["min-words"], DEFAULTS["min-words-unpunctuated"])


def matches(lines: list[str], min_words: tuple[float, float] = MIN_WORDS,
            ) -> list[native.DuplicateMatch]:
    """The matches among ``lines``, each a unit (no line is blank or joined to another)."""
    return native.duplicate_matches(native.LineTable("\n".join(lines) + "\n"), [], min_words,
                                    PARAMETERS)


@pytest.mark.parametrize("seed", range(8))
def test_verbatim_copies_point_at_the_first_occurrence(seed: int) -> None:
    rng = random.Random(seed)
    lines = invented_sentences(rng, 40)
    copied = rng.sample(range(40), 8)
    for original in copied:
        lines.insert(rng.randint(original + 1, len(lines)), lines[original])
    first_seen = {line: lines.index(line) for line in lines}
    expected = [(i, first_seen[line], first_seen[line], 1.0, 0)
                for i, line in enumerate(lines) if first_seen[line] != i]
    found = sorted((m.later, m.first, m.last, m.score, m.added_run) for m in matches(lines))
    assert found == expected


def test_case_does_not_hide_a_copy() -> None:
    lines = invented_sentences(random.Random(1), 3)
    lines.append(lines[0].upper())
    assert [(m.later, m.first) for m in matches(lines)] == [(3, 0)]


def test_a_moved_sentence_costs_the_copy_nothing() -> None:
    a, b, other = invented_sentences(random.Random(2), 3)
    found = matches([f"{a} {b}", other, f"{b} {a}"])
    assert [(m.later, m.first, m.score) for m in found] == [(2, 0, 1.0)]


def test_words_of_its_own_are_reported_as_an_added_run() -> None:
    a, b, other = invented_sentences(random.Random(3), 3)
    own = "in fact recent figures show that"
    found = matches([f"{a} {b}", other, f"{a} {own} {b[0].lower()}{b[1:]}"])
    assert [(m.later, m.added_run) for m in found] == [(2, len(own.split()))]


def test_a_translation_shares_no_shingles_with_its_source() -> None:
    lines = ["委员会周二在就学校经费进行长时间辩论后批准了预算。",
             "The council approved the budget on Tuesday after a long debate on schools.",
             "委员会周二在就学校经费进行长时间辩论后批准了预算。"]
    assert [(m.later, m.first) for m in matches(lines)] == [(2, 0)]


def test_units_too_short_to_compare_are_never_matched() -> None:
    lines = invented_sentences(random.Random(4), 3)  # 14 words each, ending a sentence
    lines.append(lines[0])
    assert matches(lines, (14, 99))
    assert matches(lines, (15, 1)) == []
    unpunctuated = [line.rstrip(".") for line in lines]
    assert matches(unpunctuated, (1, 14))
    assert matches(unpunctuated, (1, 15)) == []


def test_a_joined_paragraph_is_one_unit() -> None:
    a, other = invented_sentences(random.Random(6), 2)
    cut = a.rindex(" ", 0, len(a) // 2)
    table = native.LineTable(f"{a[:cut]}\n{a[cut + 1:]}\n\n{other}\n\n{a}\n")
    # Units: the paragraph joined from lines 0 and 1, the other line, the copy of the whole.
    found = native.duplicate_matches(table, [(0, 1, a)], MIN_WORDS, PARAMETERS)
    assert [(m.later, m.first, m.last, m.score) for m in found] == [(2, 0, 0, 1.0)]
    # Not joined, each half is too short to compare (7 words): the copy has no original.
    assert native.duplicate_matches(table, [], MIN_WORDS, PARAMETERS) == []


def test_blank_documents_and_lone_surrogates_are_answered() -> None:
    assert matches([]) == matches(["", " "]) == []
    line = "A caption with a lone \ud800 surrogate and enough words to be compared here."
    assert [(m.later, m.first) for m in matches([line, "other", line])] == [(2, 0)]


# Lines of letters, Greek capital sigmas, edge spaces and break words.
LINE_TEXT = st.lists(st.sampled_from(
    list("ab ΣσςΑİ\u00a0\u200b.,:的中") + [" the ", " and ", "THE "]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE_TEXT, min_size=1, max_size=8))
def test_units_lowered_together_are_lowered_as_each_alone(lines: list[str]) -> None:
    # ``duplicate_matches`` lowercases the units joined by newlines, in one call: that must
    # be each unit's own ``str.lower`` (a final sigma is decided within its line).
    assert "\n".join(lines).lower().split("\n") == [line.lower() for line in lines]
