"""The trailer analysis and link-list's marked lists keep the plain definitions' answers
through these shortcuts (each against the plain definition it replaces):

* a line's length in words is capped just above the largest length the scores compare with,
  and a long line's count stops at its first 400 characters once they reach the cap;
* the core's search (core/src/trailer.rs) reads a line's features only when a score needs
  them, asks whether it continues a paragraph only when that changes its score, and sums the
  scores from the end first: a document whose suffixes cannot reach the threshold any more
  is settled before its first lines are read (pages shaped to meet that exit, and to miss
  it, below; the count of lines read is a test of the core's);
* link-list looks for lists inside the text only at the related-articles marker lines.

The plain trailer search (``plain_definitions.find_trailer``) is the analysis before any
shortcut.
"""

from __future__ import annotations

import random
from collections import Counter

import plain_definitions as plain
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules import link_list
from lint_corpus_rules.link_list import LinkList
from samples import PIECES, TRAILER_PARAMETERS, corpus_texts

from lint_corpus import text as textlib
from lint_corpus import trailer
from lint_corpus.document import Document
from lint_corpus.rule import Finding
from lint_corpus.trailer import TrailerParameters

TEXTS = corpus_texts()

# Long lines: over the 400 characters whose words are counted first, in several scripts.
LONG_LINES = [
    "The committee said on Monday that the new rules would take effect early next year. " * 6,
    "记者从有关部门获悉，这项工程预计将于明年年底前全面完工，届时将大大缓解交通压力。" * 8,
    "Officials, who spoke on condition of anonymity, said the talks had stalled again, " * 6,
    "https://example.com/" + "a" * 420,
    "x = f(a); y = g(b); " * 25,
    "中" * 130 + " and then English words follow here for a while " * 8,
    "1,000.50 " * 60,
    "Related articles about the committee and the new rules " * 9,
]


def _contents() -> list[str]:
    lines = [line.content for text in TEXTS for line in Document(text).lines]
    return lines + LONG_LINES + PIECES


def test_capped_count_is_the_exact_count_up_to_the_cap() -> None:
    contents = _contents()
    assert sum(len(c) > 400 for c in contents) >= len(LONG_LINES)
    cap = trailer._LINES.words_cap
    capped = Counter(trailer._LINES.capped_word_units(c) == cap for c in contents)
    assert capped[True] >= 5 and capped[False] >= 100  # both sides of the cap are covered
    for content in contents:
        assert trailer._LINES.capped_word_units(content) == min(textlib.word_units(content),
                                                         trailer._LINES.words_cap), content


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + LONG_LINES + ["中文", " ", "’s", "1.", ",5"]),
                max_size=30).map("".join))
def test_capped_count_on_generated_lines(content: str) -> None:
    assert trailer._LINES.capped_word_units(content) == min(textlib.word_units(content),
                                                     trailer._LINES.words_cap)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab中文1 9'’.,。-", max_size=80), st.integers(0, 80))
def test_a_prefix_never_holds_more_words_than_the_text(text: str, cut: int) -> None:
    # The argument behind the capped count: what the first characters hold, the text holds.
    assert textlib.word_units(text[:cut]) <= textlib.word_units(text)


def _assert_same_trailers(text: str) -> None:
    for threshold, items in TRAILER_PARAMETERS:
        expected = plain.find_trailer(Document(text), threshold, items)
        parameters = TrailerParameters(threshold=threshold, min_list_items=items)
        assert trailer.find_trailer(Document(text), parameters) == expected, (
            threshold, items)


# Pages shaped to meet the early exit: furniture or a related block above closing prose,
# long lines, and furniture after the prose.
HEADLINES = ["Mayor opens new bridge", "Storm hits coast", "府中捷運出口試辦行人地面警示燈",
             "Is this the end of the story?", "Share", "2024-05-01"]
PROSE = [PIECES[0], PIECES[2], PIECES[3], LONG_LINES[0], LONG_LINES[1], PIECES[1]]
MARKERS = ["Related", "更多文章", "Read more stories from our newsroom", "Comments"]


def _page(blocks: list[tuple[int, int]], seed: int) -> str:
    rng = random.Random(seed)
    kinds = [HEADLINES, PROSE, MARKERS, LONG_LINES]
    lines: list[str] = []
    for kind, length in blocks:
        lines += [rng.choice(kinds[kind]) for _ in range(length)]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 8)), min_size=1, max_size=8),
       st.integers(0, 1000))
def test_trailer_search_matches_the_plain_search_on_shaped_pages(
        blocks: list[tuple[int, int]], seed: int) -> None:
    _assert_same_trailers(_page(blocks, seed))


@pytest.mark.parametrize("text", [
    # A marker far above the closing prose: the sum from the end must not settle the page.
    "\n".join(["Related", *HEADLINES * 3, PIECES[0], *HEADLINES * 2, *[PIECES[2]] * 8]),
    # Blurbs under a marker, then prose: sandwiched lines score as blurbs.
    "\n".join([PIECES[0]] * 6 + ["Related", "Storm hits coast", PIECES[2], "Share",
                                  PIECES[3], "Mayor opens new bridge"] + [PIECES[2]] * 3),
    # A marker just above a list at the end, long article above it.
    "\n".join([LONG_LINES[0]] * 5 + ["更多文章", *HEADLINES * 2]),
    # A page with nothing but furniture.
    "\n".join(HEADLINES * 4),
])
def test_trailer_search_matches_the_plain_search_on_marker_pages(text: str) -> None:
    _assert_same_trailers(text)


def _plain_marked_lists(rule: LinkList, doc: Document, end_index: int) -> list[Finding]:
    """``LinkList._marked_lists`` as written before: every line visited in turn."""
    lines = [line for line in doc.nonblank_lines if line.index < end_index]
    found = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if (not trailer.is_related_marker(line.content) or trailer.is_prose(line)
                or link_list._SEE_ALSO_RE.match(line.content)):
            index += 1
            continue
        run = index + 1
        while run < len(lines) and trailer.is_link_like(lines[run]) and not (
                trailer.is_related_marker(lines[run].content)):
            run += 1
        items = run - index - 1
        if items >= rule.options["min-marked-items"]:
            marker = textlib.shorten(line.content, link_list._QUOTED_CHARS)
            found.append(rule._finding(doc, line, lines[run - 1], items,
                                       f"after the marker “{marker}”", None))
            index = run
        else:
            index += 1
    return found


def _assert_same_marked_lists(text: str) -> int:
    doc = Document(text)
    reported = 0
    for items in (1, 3, 5):
        rule = LinkList({"min-marked-items": items})
        for end_index in {len(doc.lines), len(doc.lines) // 2}:
            expected = _plain_marked_lists(rule, doc, end_index)
            assert list(rule._marked_lists(doc, 0, end_index)) == expected
            reported += len(expected)
    return reported


def test_marked_lists_match_the_line_by_line_scan() -> None:
    texts = [*TEXTS, "\n".join(["Related", *HEADLINES, "更多文章", *HEADLINES[:2], PIECES[0],
                                "See also", *HEADLINES, "Related", "Related", *HEADLINES])]
    assert sum(_assert_same_marked_lists(text) for text in texts) >= 3


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 8)), min_size=1, max_size=8),
       st.integers(0, 1000))
def test_marked_lists_match_the_line_by_line_scan_on_shaped_pages(
        blocks: list[tuple[int, int]], seed: int) -> None:
    _assert_same_marked_lists(_page(blocks, seed))
