"""html-residue's shortcuts give the answers of the slow paths they replace, in bounded work.

- A plain line's start tags are read off the pattern's matches instead of parsing the line
  with beautifulsoup4: on every line the shortcut answers, bs4 must build the same elements.
- Script/style blocks and comments are found by a scan that must equal the original regex.
- Rows of tags and unclosed openers must not make the work quadratic.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import regex
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules import html_residue
from lint_corpus_rules.html_residue import HtmlResidue

from lint_corpus.document import Document
from lint_corpus.engine import Linter

FRAGMENTS = [
    "<p>", "</p>", "<P>", '<div class="a">', "<br/>", "<br />", "<img src=x.png / >",
    '<a href="https://x.org/?a=1&amp;b=2">', "</a>", "<span\u00a0class=x>", "<p\x0bclass=x>",
    "<li\u3000class=x>", "<script>", "</script>", "</script >", "</SCRIPT>", '<Script src="a">',
    "<style>p{}</style>", "<title>", "</title>", "<textarea>", "<noscript>", "<iframe>",
    "<!-- c -->", "<!--a--b-->", "<!-->", "<!--->", "<!---->", "<!--<p>-->", "<!DOCTYPE html>",
    "<![endif]-->", "&#", "&#12;", "&#x;", "&#x41;", "&amp;", "&nbsp", "&", ";", "a < b",
    "<3", "<", ">", '"', "'", "=", "/", "<b", "<b>", "</b>", "</ p>", "</p class=x>",
    "</br/>", "<o:p>", "<x-y>", " ", "  ", "\t", "text", "中文", "\r",
]


def bs4_elements(line: str) -> frozenset[str]:
    return frozenset(tag.name for tag in BeautifulSoup(line, "html.parser").find_all(True))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14))
def test_plain_line_shortcut_agrees_with_bs4(fragments: list[str]) -> None:
    line = "".join(fragments)
    parsed = html_residue._ParsedLines(Document(line), html_residue._find_tags(line))
    elements = parsed._plain_elements(0, len(line))
    if elements is not None:
        assert elements == bs4_elements(line), line


def test_shortcut_answers_typical_page_lines_without_bs4() -> None:
    lines = [
        '    <li class="nav"><a href="/news/" target="_blank">新闻</a></li>',
        '<div id="main"><!-- main column --><p>Text &#8217; more</p><br/>',
        '<script async src="//example.org/a.js"></script><link rel="stylesheet" href="a.css">',
        "<style>",
        '<ul class="list"><li><a href="/a"',  # a tag that goes on on the next line
        '   target="_blank">more</a></li></ul>',
    ]
    text = "\n".join(lines)
    parsed = html_residue._ParsedLines(Document(text), html_residue._find_tags(text))
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    for start, line in zip(starts, lines, strict=True):
        assert parsed._plain_elements(start, start + len(line)) == bs4_elements(line), line


def test_lines_only_bs4_can_read_still_go_to_bs4() -> None:
    text = "a < b <p>x</p>\n<p>&#bogus <b>bold</b></p>\n<!--a--b--><div>x</div>"
    tags = html_residue._find_tags(text)
    parsed = html_residue._ParsedLines(Document(text), tags)
    for tag in tags:
        if not tag.close:
            parsed.confirms(tag)
    assert parsed.parsed == 3


OLD_BLOCK_RE = regex.compile(
    r"<(script|style|noscript)\b[^>]{0,2000}>.{0,200000}?</\1\s*>|<!--.{0,200000}?-->",
    regex.IGNORECASE | regex.DOTALL,
)
BLOCK_FRAGMENTS = ["<script>", "<script type=x>", "<SCRIPT>", "</script>", "</Script >",
                   "<scripts>", "<style>", "</style>", "<noscript>", "</noscript>", "<!--",
                   "-->", "--", ">", "<", "x", "\n", "<script", "</script"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_FRAGMENTS), max_size=20))
def test_block_scan_equals_the_block_regex(fragments: list[str]) -> None:
    text = "".join(fragments)
    expected = [(m.start(), m.end(), m.group(1)) for m in OLD_BLOCK_RE.finditer(text)]
    assert html_residue._blocks(text) == expected


def test_block_scan_respects_the_length_limits() -> None:
    far = "<script>" + "x" * 200_001 + "</script>"
    near = "<script>" + "x" * 200_000 + "</script>"
    long_tag = "<style " + "a" * 2001 + "></style>"
    for text in (far, near, long_tag, "<!--" + "y" * 200_001 + "-->"):
        expected = [(m.start(), m.end(), m.group(1)) for m in OLD_BLOCK_RE.finditer(text)]
        assert html_residue._blocks(text) == expected


class _CountingSearch:
    """Wraps a compiled pattern and adds up how many characters its searches scanned."""

    def __init__(self, pattern: regex.Pattern[str], tally: list[int]) -> None:
        self.pattern = pattern
        self.tally = tally

    def search(self, text: str, pos: int) -> Any:
        match = self.pattern.search(text, pos)
        self.tally[0] += (match.end() if match else len(text)) - pos
        return match


def test_unclosed_openers_are_scanned_once(monkeypatch: Any) -> None:
    tally = [0]
    closers = {name: _CountingSearch(p, tally) for name, p in html_residue._BLOCK_CLOSE_RE.items()}
    monkeypatch.setattr(html_residue, "_BLOCK_CLOSE_RE", closers)
    text = "<!--" * 5000 + "<script>" * 5000 + "<style>x" * 5000
    assert html_residue._blocks(text) == []
    assert tally[0] <= 4 * len(text)  # each closer kind scans the text about once


class _CountingRangeSearch:
    """Wraps a compiled pattern and adds up the characters its ranged searches may scan."""

    def __init__(self, pattern: re.Pattern[str], tally: list[int]) -> None:
        self.pattern = pattern
        self.tally = tally

    def search(self, text: str, pos: int, endpos: int) -> Any:
        self.tally[0] += max(endpos - pos, 0)
        return self.pattern.search(text, pos, endpos)


@pytest.mark.parametrize("text", [
    "before " + "<p>" * 4000 + " after\n",  # one run of adjacent tags
    "before " + "<br> " * 4000 + "after\n",  # tags apart, with only spaces between them
])
def test_rows_of_tags_do_not_make_the_work_quadratic(monkeypatch: Any, text: str) -> None:
    """Each line-breaking tag asks whether text lies before and after it on the line; the
    walk past the other tags of the row is shared, so each gap is read about once."""
    tally = [0]
    monkeypatch.setattr(html_residue, "_TEXT_RE",
                        _CountingRangeSearch(html_residue._TEXT_RE, tally))
    result = Linter([HtmlResidue()]).check(Document(text, "page.txt"))
    monkeypatch.undo()
    assert [f.finding.data.get("tag") for f in result.findings] == [4000]
    assert 0 < tally[0] <= 2 * len(text)
