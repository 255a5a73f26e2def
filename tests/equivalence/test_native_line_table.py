"""The native line table equals the Python definition of lines (tests/equivalence/plain_lines.py)
on any text: offsets, content, blank, script, word units, sentence end and bullet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plain_lines import plain_lines

from lint_corpus.document import Document, Line

#: Characters where the definitions have edges: line ends, edge whitespace, CJK and Latin,
#: word joiners and digits (ASCII and others), sentence ends, closers and bullet markers.
TRICKY = ("\n\r \t\u00a0\u200b\u200c\u3000\ufeffaZé中の한'’.,。!?」)\"•-–1١２(（)）、"
          "\U00020001\u00b2\u2160_")


def features(line: Line) -> tuple[object, ...]:
    return (line.index, line.start, line.end, line.raw, line.content, line.is_blank,
            line.script, line.words, line.ends_sentence, line.is_bullet)


def assert_same_lines(text: str) -> None:
    doc = Document(text)
    assert [features(line) for line in doc.lines] == \
        [plain.features() for plain in plain_lines(text)]


@given(st.text(alphabet=TRICKY, max_size=80))
def test_line_table_equals_plain_lines_on_tricky_text(text: str) -> None:
    assert_same_lines(text)


@given(st.text(max_size=60))
def test_line_table_equals_plain_lines_on_any_text(text: str) -> None:
    assert_same_lines(text)


@pytest.mark.parametrize("text", [
    "", "\n", "a\rb\rc", "a\r\nb\nc\r", "a\r\rb", "\r\n\r",
    "  1. item\n(12) x\n（3）\n1234. no\na) yes\n١٢. arabic digits\n",
    "It's 3.14, don’t.」\n中文字數\u3000\n",
    "lone \ud800 surrogate\n\udfff",
])
def test_line_table_examples(text: str) -> None:
    assert_same_lines(text)


def test_lines_are_views_that_compare_by_position_and_text() -> None:
    first, second = Document("a\nb\na").lines, Document("a\nb\na").lines
    assert first == second
    assert first[0] != first[2]  # same text, another line
    assert len({*first, *second}) == 3


def test_revised_document_has_the_lines_of_its_text() -> None:
    doc = Document("one\r\ntwo\rthree")
    revised = doc.revised("one\r\ntwo\r\nthree")
    assert [line.raw for line in revised.lines] == ["one\r", "two\r", "three"]
