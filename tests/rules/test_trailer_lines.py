"""How the trailer analysis reads single lines: what counts as a headline-like list item."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lint_corpus import cli
from lint_corpus.document import Document, Line
from lint_corpus.trailer import is_link_like, is_navigation_entry


def only_line(text: str) -> Line:
    return Document(text + "\n").nonblank_lines[0]


@pytest.mark.parametrize("text", [
    # An author's bio: a finished sentence, then an unfinished one.
    "Jane Roe is a historian at the University of Leeds. John Doe is a lawyer and an "
    "analyst of international transport policy",
])
def test_a_long_line_holding_a_finished_sentence_is_not_a_list_item(text: str) -> None:
    assert not is_link_like(only_line(text))


@pytest.mark.parametrize("text", [
    # A CJK teaser snippet cut at a fixed length, full stop and all.
    "云龙县委书记段冬梅深入建档立卡贫困户家中调研。全县有一半以上的村庄已经通上了自来水和",
    # A picture's quoted caption with a short remark: one item of a list of captions.
    "“Not pictured: My entirely stripe-covered upper half. Yup,” scouted by prettyshindig",
    "Mr. Smith goes to Washington for the last budget talks of the year before the vote",
    "Storm closes coastal road as council weighs new sea defences for the harbour town",
    "Why the U.S. Senate stalled the farm bill again and what happens to subsidies next",
])
def test_a_long_headline_stays_a_list_item(text: str) -> None:
    assert is_link_like(only_line(text))


MENU_PAGE = """<html><head><title>Harbour breakwater approved</title></head><body>
<nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/travel">Travel</a></li>
<li><a href="/login">Sign in</a></li><li><a href="/subscribe">Subscribe</a></li>
</ul></nav>
<article>
<h1>Harbour breakwater approved after two years of delays</h1>
<p>By Jane Roe</p>
<p>The harbour authority approved the new breakwater on Friday, clearing the way for work to
start in the spring after two years of delays.</p>
<p>Local fishermen welcomed the decision but asked to be consulted on the design.</p>
</article></body></html>
"""


def test_fix_removes_a_pages_leading_menu_and_keeps_its_title_and_lead(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(MENU_PAGE, "utf-8")
    out = tmp_path / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.main(["fix", "--select", "link-list", "--out", str(out), str(page)],
                    stdout=stdout, stderr=stderr) == 0, stderr.getvalue()
    fixed = next(out.rglob("page*")).read_text("utf-8")
    assert fixed.startswith("Harbour breakwater approved after two years of delays")
    assert "By Jane Roe" in fixed and "The harbour authority approved" in fixed
    assert not any(word in fixed for word in ("Politics", "Sign in", "Subscribe"))


@pytest.mark.parametrize(("line", "entry"), [
    ("首页", True), ("新闻 | 体育 | 财经", True), ("Home / News / Sport", True),
    ("Sign in", True), ("» Politics", True),
    ("News of the week", False), ("体育强国建设纲要发布", False),
    ("Home is where the heart is", False),
])
def test_menu_entries_are_whole_lines_of_navigation_words(line: str, entry: bool) -> None:
    assert is_navigation_entry(line) is entry
