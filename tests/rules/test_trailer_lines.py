"""How the trailer analysis reads single lines: what counts as a headline-like list item."""

from __future__ import annotations

import pytest

from lint_corpus.document import Document, Line
from lint_corpus.trailer import is_link_like


def only_line(text: str) -> Line:
    return Document(text + "\n").nonblank_lines[0]


@pytest.mark.parametrize("text", [
    # An author's bio: a finished sentence, then an unfinished one.
    "Jane Roe is a historian at the University of Leeds. John Doe is a lawyer and an "
    "analyst of international transport policy",
    "王明是本报驻京记者，长期关注城市交通与住房政策。李华为清华大学公共管理学院副教授研究方向为城市治理",
])
def test_a_long_line_holding_a_finished_sentence_is_not_a_list_item(text: str) -> None:
    assert not is_link_like(only_line(text))


@pytest.mark.parametrize("text", [
    "Mr. Smith goes to Washington for the last budget talks of the year before the vote",
    "Storm closes coastal road as council weighs new sea defences for the harbour town",
    "Why the U.S. Senate stalled the farm bill again and what happens to subsidies next",
])
def test_a_long_headline_stays_a_list_item(text: str) -> None:
    assert is_link_like(only_line(text))
