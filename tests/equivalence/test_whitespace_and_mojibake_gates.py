"""The cheap gates of bad-whitespace and mojibake pick exactly the documents and lines the
straightforward tests they replace would pick."""

from __future__ import annotations

import plain_bad_whitespace as whitespace
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules import mojibake
from plain_bad_whitespace import PlainBadWhitespace as BadWhitespace

from lint_corpus.document import Document

WHITESPACE_FRAGMENTS = [
    "a", "word", "中文", " ", "  ", "\t", "\u00a0", "\u3000", "\u2003", "\u202f", "\u200b",
    "\u200c", "\u200d", "\ufeff", "\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x92",
    "\r", "\n", "\n", "\n\n", "\r\n", "é",
]
# The gate as it was: one regex alternation over the text, and the blank-run pattern.
LINE_GATE = (
    r"[\u200b\u2060\ufeff\u200c\u200d\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"|[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]\r?$"
)
OLD_GATE_RE = regex.compile(LINE_GATE, regex.MULTILINE)
OLD_TRAILING_RE = regex.compile(LINE_GATE.split("|")[1], regex.MULTILINE)


def as_lf(text: str) -> str:
    """``text`` with each lone "\\r" (a line end of its own) written "\\n", at the same
    offsets: the original patterns knew "\\n" line ends only."""
    return regex.sub(r"\r(?!\n)", "\n", text)


def old_blank_run(text: str, allowed: int) -> bool:
    pattern = rf"(?:^|\n)(?:[{whitespace._BLANK}]*\r?\n){{{allowed + 1}}}"
    return regex.search(pattern, text) is not None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WHITESPACE_FRAGMENTS), max_size=16), st.integers(0, 2))
def test_whitespace_gate_matches_the_original(fragments: list[str], allowed: int) -> None:
    text = "".join(fragments)
    doc = Document(text)
    rule = BadWhitespace({"max-blank-lines": allowed})
    new = bool(whitespace._CHAR_GATE_RE.search(text) or whitespace._trailing_lines(doc)
               or rule._has_blank_run(text))
    lf = as_lf(text)
    assert new == bool(OLD_GATE_RE.search(lf) or old_blank_run(lf, allowed))
    # The lines looked at one by one are the ones the original pattern touched: those with
    # a character to delete, and those its line-end half matched.
    old_lines = {doc.line_at(m.start()).index for m in OLD_GATE_RE.finditer(lf)}
    first = whitespace._CHAR_GATE_RE.search(text)
    char_lines = whitespace._char_lines(doc, first.start()) if first else set()
    assert char_lines == {doc.line_at(m.start()).index
                          for m in whitespace._CHAR_GATE_RE.finditer(text)}
    assert char_lines | set(whitespace._trailing_lines(doc)) == old_lines
    assert whitespace._trailing_lines(doc) == sorted(
        {doc.line_at(m.start()).index for m in OLD_TRAILING_RE.finditer(lf)})


def test_whitespace_gate_sees_blank_runs_with_and_without_carriage_returns() -> None:
    rule = BadWhitespace({"max-blank-lines": 1})
    assert rule._has_blank_run("a\n\n\nb")
    assert rule._has_blank_run("a\r\n\r\n\r\nb")
    assert rule._has_blank_run("\n\nb")
    assert not rule._has_blank_run("a\n\nb\n")
    assert not rule._has_blank_run("a\r\n\r\nb\r\n")


MOJIBAKE_FRAGMENTS = [
    "caf", "Ã©", "Ã", "©", "â€™", "â", "€", "Â ", "Â", "\x92", "\x80", "é", "É", "ñ", "a",
    " ", "\n", "\r\n", "中文", "“", "”", "ƒ", "ô", "\u00bf",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MOJIBAKE_FRAGMENTS), max_size=16))
def test_mojibake_candidate_lines_match_a_gate_search_per_line(fragments: list[str]) -> None:
    doc = Document("".join(fragments))
    expected = [line.index for line in doc.lines if mojibake._GATE_RE.search(line.raw)]
    assert mojibake._candidate_lines(doc) == expected


PREFILTER_FRAGMENTS = [
    "a", " ", "\n", "é", "Ã", "©", "\x7f", "\x80", "\x9f", "\xa0", "\xc1", "\xc2", "\xf4",
    "\xf5", "\xff", "中", "’", "€", "\ud800", "\U0001f600",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PREFILTER_FRAGMENTS), max_size=12))
def test_mojibake_prefilter_shortcut_answers_as_the_pattern(fragments: list[str]) -> None:
    text = "".join(fragments)
    assert mojibake._prefilter_chars(text) == "".join(
        sorted({m.group() for m in mojibake._PREFILTER_RE.finditer(text)}))


def test_mojibake_prefilter_shortcut_on_every_character_up_to_u0800() -> None:
    for code in range(0x800):
        text = "中" + chr(code)  # not ASCII, so the encoding path is taken
        expected = mojibake._PREFILTER_RE.search(text)
        assert mojibake._prefilter_chars(text) == (expected.group() if expected else "")
