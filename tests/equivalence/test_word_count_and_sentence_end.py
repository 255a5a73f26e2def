"""The faster word count and sentence-end test in ``lint_corpus.text`` keep their definitions.

* CJK characters are blanked out a run at a time, not one at a time;
* the closers after a sentence end are stripped with ``str.rstrip``, not a loop.

Each is compared with the definition it replaces, on real lines and on generated text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import corpus_texts

from lint_corpus import text as textlib

# Latin and CJK letters, digits, word-inner marks, closers, sentence ends and spaces.
ALPHABET = "ab中文語Éé1 9'’.,;。!？”」)\u3000\u00a0-"


def _real_lines() -> list[str]:
    return [line for text in corpus_texts() for line in text.split("\n")]


def _plain_word_units(text: str) -> int:
    """The word count as defined before: every CJK character blanked out one by one."""
    without_cjk, cjk = textlib._CJK_RE.subn(" ", text)
    return len(textlib._WORD_RE.findall(without_cjk)) + (cjk + 1) // 2


def _plain_ends_sentence(text: str) -> bool:
    stripped = textlib.strip_edges(text)
    index = len(stripped) - 1
    while index >= 0 and stripped[index] in textlib.CLOSERS:
        index -= 1
    return index >= 0 and stripped[index] in textlib.SENTENCE_END


def test_word_count_and_sentence_end_keep_their_definitions_on_real_lines() -> None:
    lines = _real_lines() + ["中文abc中文", "a中'b", "1.中2", "“好。”", "end.)」 ", "。", ""]
    assert sum(textlib.count_cjk(line) > 0 for line in lines) > 50  # CJK text is covered
    for line in lines:
        assert textlib.word_units(line) == _plain_word_units(line), line
        assert textlib.ends_sentence(line) == _plain_ends_sentence(line), line


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_word_count_and_sentence_end_on_generated_text(text: str) -> None:
    assert textlib.word_units(text) == _plain_word_units(text)
    assert textlib.ends_sentence(text) == _plain_ends_sentence(text)
