"""Line ends: "\\n", "\\r\\n" and a lone "\\r" (old Mac files) each end a line.

A fix pass carries unedited lines over to the edited text; the lines it carries must be the
lines a fresh split of the edited text finds, even when an edit turns a lone "\\r" into half of
a "\\r\\n" or back.
"""

from __future__ import annotations

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


