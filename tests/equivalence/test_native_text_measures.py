"""The text measures ``lint_corpus.text`` computes natively (word units, script, display
width, the hard-wrap band) equal their Python definitions (tests/equivalence/plain_lines.py)
on real documents and on generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from plain_lines import (
    has_inner_end,
    plain_count_cjk,
    plain_count_latin_letters,
    plain_display_width,
    plain_script_of,
    plain_word_units,
    plain_wrap_band,
)
from samples import corpus_texts

from lint_corpus import text as textlib

#: Where the definitions have edges: CJK, kana, hangul, wide punctuation and full-width
#: forms, Latin with accents, other letters and digits, sentence ends and closers, the
#: spaces Python's ``\s`` has and Unicode's White_Space lacks (U+001C..U+001F).
TRICKY = ("aZbé×ÿĀɏ中の한ＡＢ、。！？｡.!?\"'”’」) \t\u00a0\u3000\u001c\u001f1١²Ⅰ_\U00020001"
          "\U0003fffd\u1100\uffe6")
#: Lines for the wrap test: repeated Latin and CJK fragments of the widths that matter.
WRAP_PIECES = ("The council approved the budget on Tuesday after a long debate",
               "记者从有关部门获悉，这项工程预计将于明年年底前全面完工并投入使用", "ends here.",
               "结束了。", "It ends. Then more", "short", "", "中文。然后继续写",
               "a b c d e f g h i")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def assert_same_measures(text: str) -> None:
    assert textlib.word_units(text) == plain_word_units(text)
    assert textlib.script_of(text) == plain_script_of(text)
    assert textlib.count_cjk(text) == plain_count_cjk(text)
    assert textlib.count_latin_letters(text) == plain_count_latin_letters(text)
    assert textlib.display_width(text) == plain_display_width(text)


def test_measures_equal_their_definitions_on_real_lines() -> None:
    texts = corpus_texts()
    lines = [line for text in texts for line in text.split("\n")]
    for line in lines:
        assert_same_measures(line)
    bands = [textlib.wrap_band(_lines(text)) for text in texts]
    assert bands == [plain_wrap_band(_lines(text)) for text in texts]


def test_wrapped_text_is_found_natively_as_in_python() -> None:
    paragraph = ("The council approved the budget on Tuesday after a long\n"
                 "debate about school funding and the cost of repairs to the\n"
                 "old bridge across the river, which had been closed for most\n"
                 "of the year.\n")
    lines = _lines(paragraph * 4)
    assert plain_wrap_band(lines) is not None  # the case exercises a found band
    assert textlib.wrap_band(lines) == plain_wrap_band(lines)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=80))
def test_measures_equal_their_definitions_on_tricky_text(text: str) -> None:
    assert_same_measures(text)
    assert (textlib.native.wrap_band([text], textlib.WRAP_PARAMETERS) is None) is \
        (plain_wrap_band([text]) is None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_measures_equal_their_definitions_on_any_text(text: str) -> None:
    assert_same_measures(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WRAP_PIECES), max_size=12),
       st.lists(st.sampled_from(WRAP_PIECES), max_size=12))
def test_wrap_band_equals_its_definition_on_generated_lines(firsts: list[str],
                                                            seconds: list[str]) -> None:
    lines = [f"{a} {b}".strip() for a, b in zip(firsts, seconds, strict=False)] + firsts
    assert textlib.wrap_band(lines) == plain_wrap_band(lines)


@given(st.text(alphabet=TRICKY, max_size=40))
def test_inner_sentence_end_is_what_the_pattern_finds(text: str) -> None:
    # Copies of one wide line that does not end a sentence form no run that ends: they are
    # a band exactly when the line holds a sentence end inside it.
    line = (text + " " + "x" * 40)[:60]
    lines = [line] * 4
    assert (textlib.wrap_band(lines) is not None) is has_inner_end(line)
    assert textlib.wrap_band(lines) == plain_wrap_band(lines)
