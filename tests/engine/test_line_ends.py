"""Line ends: "\\n", "\\r\\n" and a lone "\\r" (old Mac files) each end a line.

A fix pass carries unedited lines over to the edited text; the lines it carries must be the
lines a fresh split of the edited text finds, even when an edit turns a lone "\\r" into half of
a "\\r\\n" or back.
"""

from __future__ import annotations

import random

import pytest

from lint_corpus.document import Document


def spans(doc: Document) -> list[tuple[int, int, int, str]]:
    return [(line.index, line.start, line.end, line.raw) for line in doc.lines]


@pytest.mark.parametrize(("text", "lines"), [
    ("a\rb\rc", ["a", "b", "c"]),
    ("a\r\nb\nc\r", ["a\r", "b", "c", ""]),
    ("a\r\rb", ["a", "", "b"]),
    ("no line end", ["no line end"]),
])
def test_a_lone_cr_ends_a_line_and_a_crlf_is_one_line_end(text: str, lines: list[str]) -> None:
    doc = Document(text)
    assert [line.raw for line in doc.lines] == lines
    for line, following in zip(doc.lines, doc.lines[1:], strict=False):
        assert following.start == line.span_end_with_newline


@pytest.mark.parametrize("alphabet", ["ab\r\n", "a\r\n", "\r\n", "ab\n"])
def test_lines_carried_over_an_edit_are_the_lines_of_the_edited_text(alphabet: str) -> None:
    rng = random.Random(alphabet)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        doc = Document(text)
        doc.lines  # noqa: B018 - split before the edit, so that the edit carries lines over
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        inserted = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))
        edited = text[:start] + inserted + text[end:]
        carried = doc.revised(edited, changed=(start, end))
        assert spans(carried) == spans(Document(edited)), (text, edited, start, end)
