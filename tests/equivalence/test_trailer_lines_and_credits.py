"""The document model and the trailer analysis' line questions keep their answers: each
native answer is compared with the plain definition it replaces."""

from __future__ import annotations

import plain_definitions as plain
import pytest
from samples import corpus_texts

from lint_corpus import trailer
from lint_corpus.document import Document


def test_lines_stay_frozen() -> None:
    line = Document("a\nb").lines[0]
    with pytest.raises(AttributeError):
        line.start = 5  # type: ignore[misc]


def test_native_continuations_match_the_plain_definition() -> None:
    texts = corpus_texts() + ["The committee said on Monday that\nthe rules would change soon.\n",
                              "\n".join(["The committee said on Monday that the rules would"] * 6)]
    found = 0
    for text in texts:
        doc = Document(text)
        expected = plain.wrap_continuations(doc)
        assert trailer.wrap_continuations(doc) == expected
        found += bool(expected)
    assert found >= 2  # both kinds of run-on occur: a lower-case next line, a wrap width
