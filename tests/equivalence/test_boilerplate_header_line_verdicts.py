"""boilerplate-header classifies a line as the plain definition does: the digit test that
spares the date and time patterns on most lines, and the word count read only for a
byline, change no verdict."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules import boilerplate_header as bh


def classify_by_definition(content: str, *, first: bool) -> str | None:
    if len(content) > 300:
        return None
    if (bh._DATE_LABEL_RE.match(content) and bh._DATE_RE.search(content)
            and bh._is_dateline(content)):
        return "date"
    if len(content) <= 100 and bh._NAME_LABEL_RE.match(content) and not bh._SENTENCE_RE.search(
            content):
        return "label"
    if (bh._DATE_RE.search(content) or bh._TIME_RE.search(content)) and bh._is_dateline(content):
        return "date"
    if first:
        return None
    words = bh._WORD_RE.findall(content)
    if bh._BYLINE_RE.match(content) and len(words) <= 14 and not content.rstrip().endswith(
            ("?", "!")):
        return "byline"
    if bh._PHOTO_CREDIT_RE.search(content):
        return "photo-credit"
    return None


FRAGMENTS = [
    "Date", "Updated", "Posted", "日期", "作者", "Source", "By", "by", "Photo", ": ", "：", " ",
    "/", "-", ".", ",", "2025", "09", "4", "16:33", "11:23", "２０２５", "٣", "年", "月", "日",
    "Sept", "November", "7th", "AM", "EST", "Wed", "Jane", "Doe", "story", "。", "(", ")",
    "攝", "Getty Images", "Reuters", "?", "text", "words here",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12), st.booleans())
def test_classify_equals_the_definition(fragments: list[str], first: bool) -> None:
    content = "".join(fragments)
    assert bh.classify(content, first=first) == classify_by_definition(content, first=first)


def test_the_generated_lines_reach_every_verdict() -> None:
    lines = ["Date: 2025-09-04", "作者：王小明", "Updated 11:23 AM EST", "By Jane Doe",
             "台東志航基地。(資料照,柯承惠攝)", "２０２５年９月４日"]
    assert {bh.classify(line, first=False) for line in lines} == {
        "date", "label", "byline", "photo-credit"}
    for line in lines:
        assert bh.classify(line, first=False) == classify_by_definition(line, first=False)
