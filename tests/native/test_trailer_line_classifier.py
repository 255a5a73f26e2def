"""The trailer's line classifier in the core (``native.TrailerLines``): one call answers for a
block of lines, in order, whatever the lines hold; a classifier it cannot build is refused
with a clear message."""

from __future__ import annotations

import pytest

from lint_corpus import native, trailer
from lint_corpus.document import Document


def _classifier(blurb_words: int) -> native.TrailerLines:
    return native.TrailerLines(trailer._MARKER_RE, trailer._RELATED_MARKER_RE,
                               trailer._FURNITURE_SENTENCE_RE, trailer._COMMENT_RE,
                               prose_words=trailer.PROSE_WORDS, blurb_words=blurb_words)


def test_one_call_answers_for_each_line_in_order() -> None:
    lines = ["Related", "Mayor opens new bridge", "",
             "The committee said on Monday that the new rules would take effect next year."]
    kinds, words = _classifier(trailer.BLURB_WORDS).features(lines)
    assert [native.LineKind(kind) for kind in kinds] == [
        native.LineKind.RELATED_MARKER, native.LineKind.LINK, native.LineKind.CODE,
        native.LineKind.PROSE]
    assert list(words) == [1, 4, 0, 14]
    assert _classifier(trailer.BLURB_WORDS).features([]) == (b"", b"")


def test_the_word_count_is_capped_one_above_the_blurb_length() -> None:
    classifier = _classifier(trailer.BLURB_WORDS)
    assert classifier.words_cap == trailer.BLURB_WORDS + 1
    _, words = classifier.features(["word " * 1000, "中" * 10_000])
    assert list(words) == [classifier.words_cap] * 2


def test_a_word_cap_that_does_not_fit_a_byte_is_refused() -> None:
    with pytest.raises(ValueError, match="blurb_words must be below 255"):
        _classifier(300)


def test_a_word_cap_below_a_length_the_features_compare_with_is_refused() -> None:
    # The capped count would no longer decide "at most 40 words" as the exact count does.
    with pytest.raises(ValueError, match="blurb_words must be at least 40"):
        _classifier(20)


def test_lone_surrogates_read_as_replacement_characters() -> None:
    # A text decoded with surrogateescape keeps undecodable bytes as lone surrogates.
    broken = b"Storm hits coast \xff\xfe".decode("utf-8", "surrogateescape")
    replaced = broken.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    classifier = _classifier(trailer.BLURB_WORDS)
    assert classifier.features([broken]) == classifier.features([replaced])
    line = Document(broken).lines[0]
    assert trailer.is_link_like(line) == trailer.is_link_like(Document(replaced).lines[0])
