"""bad-whitespace's shortcuts answer as the definitions they replace: which lines are
blank, whether a whitespace-only line lies in a run the blank-run finding deletes, and
which lines can hold a zero-width or control character at all."""

from __future__ import annotations

from itertools import groupby

import plain_bad_whitespace as whitespace
from hypothesis import given, settings
from hypothesis import strategies as st
from plain_bad_whitespace import PlainBadWhitespace as BadWhitespace

from lint_corpus.document import Document

FRAGMENTS = [
    "a", "中文", " ", "\t", "\u00a0", "\u3000", "\u2003", "\u200b", "\u200c", "\u200d",
    "\ufeff", "\x00", "\x0b", "\x0c", "\x85", "\x92", "é", "\r", "\r", "\n", "\n", "\n",
    "\r\n",
]


def blank_by_definition(raw: str) -> bool:
    """Only whitespace (``_BLANK``) once a final carriage return is set aside."""
    body = raw[:-1] if raw.endswith("\r") else raw
    return all(char in whitespace._BLANK for char in body)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20))
def test_blank_flags_follow_the_definition(fragments: list[str]) -> None:
    lines = list(Document("".join(fragments)).lines)
    assert whitespace._blank_flags(lines) == [blank_by_definition(ln.raw) for ln in lines]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=30), st.integers(0, 3), st.data())
def test_blank_run_count_stops_early_with_the_same_answer(
        blank: list[bool], allowed: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(blank) - 1))
    before = 0  # every blank line right before ``index``
    while index - before - 1 >= 0 and blank[index - before - 1]:
        before += 1
    rule = BadWhitespace({"max-blank-lines": allowed})
    assert rule._in_long_blank_run(blank, index) == (before >= allowed)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20))
def test_lines_without_a_gate_character_hold_no_zero_width_or_control(
        fragments: list[str]) -> None:
    """The character patterns only match characters of the character gate, so a line the
    gate did not hit needs no search."""
    doc = Document("".join(fragments))
    first = whitespace._CHAR_GATE_RE.search(doc.text)
    with_chars = whitespace._char_lines(doc, first.start()) if first else set()
    for line in doc.lines:
        if line.index not in with_chars:
            assert whitespace._INVISIBLE_RE.search(line.raw) is None
            assert whitespace._CONTROL_RE.search(line.raw) is None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=24), st.integers(0, 2))
def test_blank_runs_are_the_runs_longer_than_allowed(fragments: list[str],
                                                     allowed: int) -> None:
    doc = Document("".join(fragments))
    rule = BadWhitespace({"max-blank-lines": allowed})
    lines = whitespace._real_lines(doc)
    blank = whitespace._blank_flags(lines)
    found = [(f.data["blank_lines"], f.start) for f in rule._blank_runs(doc, lines, blank)]
    expected = []
    for is_blank, group in groupby(range(len(lines)), key=lambda i: blank[i]):
        run = list(group)
        if is_blank and len(run) > allowed:
            expected.append((len(run), lines[run[0]].start))
    assert found == expected
