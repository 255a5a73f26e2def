"""``link-list``: runs of short headline-like lines ("more articles", menus, related links)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Final

import regex

from lint_corpus import lazy_regex
from lint_corpus import text as textlib
from lint_corpus.document import Document, Line
from lint_corpus.rule import Applicability, Finding, Fix, Rule, Severity
from lint_corpus.trailer import (
    TRAILER_OPTION,
    Segment,
    TrailerParameters,
    find_trailer,
    is_link_like,
    is_marker,
    is_prose,
    is_related_marker,
    leading_menu,
    list_evidence,
    related_marker_lines,
)

#: A line of a trailing list goes on with the article's own pattern when it opens with the
#: same words as this many lines in the article ("Learn more about …" after each part) ...
ARTICLE_PATTERN_MIN_LINES: Final = 2
#: ... among the article's last this many lines (a bounded look back, linear in the list).
ARTICLE_PATTERN_LOOKBACK: Final = 60
#: Words of a line's opening compared; lines shorter than one more word have no opening
#: (a two-word menu entry is all opening).
OPENING_WORDS: Final = 3


def _opening(content: str) -> tuple[str, ...] | None:
    words = content.lower().split()
    return tuple(words[:OPENING_WORDS]) if len(words) > OPENING_WORDS else None


_SEE_ALSO_RE = lazy_regex.compile(r"^\W*see\s+also\b", regex.IGNORECASE)
#: The message quotes this much of a marker line: enough to recognise it.
_QUOTED_CHARS: Final = 30
#: Decimals of the trailer score in the report (scores are multiples of 0.25).
_SCORE_DECIMALS: Final = 2


class LinkList(Rule):
    """What it does
    Finds lists of other articles' headlines and page links: the "更多文章", "相關報導",
    "延伸閱讀", "Related", "Read more" blocks, menus and footers that a scraper keeps. At the
    end of a document, a run of short lines that are not finished sentences (at least
    ``min-list-items`` of them, or any number after a marker) is a link list. Inside the
    text, only a run introduced by a "related / more articles" marker is (at least
    ``min-marked-items`` lines), so that an article's own lists and headings stay.

    Articles end in lists too (tour dates, product round-ups, appendices, tables), so a
    trailing run needs evidence to be deleted safely: a marker or call to action in or above
    it, a furniture word in it, lines repeating one template, or link shapes ("title | site",
    dates alternating with titles, URLs). A run introduced by a colon, continuing the
    article's numbering, or made of numeric table rows is the article's and is not reported.
    A long line holding a finished sentence and then more (an author's bio, "X is a
    historian. Y is a lawyer and analyst") is prose, never a list item, even unfinished. A
    trailing run's first lines that open like lines all through the article ("Learn more
    about …" after each of its parts) go on with the article's pattern and stay. Rows of one
    template directly above the trailer ("2023年第4期", "2023年第3期", … above "点击查看更多")
    belong to it, even on a page whose article is made of short lines too, unless a colon
    introduces them.

    At the top of a page, the site's menu is a link list too: a run of short lines opening
    the document, up to its last navigation entry ("首页", "新闻 | 体育", "Home", "Sign in"),
    when it holds several entries. The lines after the last entry (the title, a byline, a
    date) and the lead are the article's and stay.

    Why is this bad?
    Headline lists are not text anybody wrote as a document: they teach a model to produce
    strings of unrelated titles, and they dilute retrieval chunks. Peers remove short lines
    everywhere (C4) or drop the whole document (FineWeb); this removes just the run.

    Example
    Bad:

        …美國也已經在指導國軍，事情發生時究竟該怎麼做。
        更多文章
        府中捷運出口試辦行人地面警示燈 行人安全再提升
        捷運汐東線首支基樁動工!新北全速推進2032完工
        台灣入榜?全球「最安全國家」排行出爐!

    Good:

        …美國也已經在指導國軍，事情發生時究竟該怎麼做。

    A trailing run that is a list by its shape alone (no marker, furniture word, template or
    link shape) is not reported unless ``shape-only`` is set: on pages nobody tuned on, such
    runs were the article's own list about three times in four.

    Fix
    Deletes the marker and the list, with the blank lines around it. Safe when there is
    evidence of furniture; a run reported by its shape alone (``shape-only``) gets an unsafe
    fix.

    Where the article ends, and how many lines a trailing list needs, is set once for this
    rule, ``truncated-document`` and ``unrelated-trailing-content``: the config's
    ``[trailer]`` table (``threshold``, ``min-list-items``, ``on-topic-share``).
    """

    code = "LC103"
    name = "link-list"
    summary = "Lists of short headline-like lines: related / more articles, menus, footers"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "trailer": TRAILER_OPTION,
            "min-marked-items": {
                "type": "integer", "minimum": 1, "default": 3,
                "description": "short lines needed after a 'related' marker inside the text",
            },
            "shape-only": {
                "type": "boolean", "default": False,
                "description": "also report a trailing run that is a list by its shape alone "
                               "(no marker, furniture word, template or link shape), with an "
                               "unsafe fix: articles end in such lists (tour dates, product "
                               "picks, tables) more often than pages do",
            },
        },
    }

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.trailer = TrailerParameters.of_rule(self.options)

    def check(self, doc: Document) -> Iterator[Finding]:
        trailer = find_trailer(doc, self.trailer)
        end_index = trailer.first.index if trailer is not None else len(doc.lines)
        menu = leading_menu(doc)
        start_index = 0
        if menu is not None and menu[1].index < end_index:
            menu_first, menu_last, menu_items = menu
            yield self._finding(doc, menu_first, menu_last, menu_items,
                                "at the top of the page (the site's menu)", None,
                                ("navigation",))
            start_index = menu_last.index + 1
        yield from self._marked_lists(doc, start_index, end_index)
        if trailer is None:
            return
        for segment in trailer.segments:
            if segment.kind != "link-list":
                continue
            # A short run counts only when a marker ("Related", "分享到：") announces it.
            if (segment.items < self.trailer.min_list_items
                    and not self._has_marker(doc, segment)):
                continue
            found = list_evidence(doc, trailer, segment)
            if found.protection is not None:
                continue  # the article's own closing list: a table, an appendix, more steps
            if not found.evidence and not self.options["shape-only"]:
                continue  # a list by its shape alone is the article's more often than not
            first = self._after_article_pattern(doc, trailer.first, segment)
            if first is None:
                continue
            items = segment.items - sum(1 for line in doc.lines[segment.first.index:first.index]
                                        if not line.is_blank)
            yield self._finding(doc, first, segment.last, items,
                                "after the end of the article", trailer.score,
                                found.evidence)

    @staticmethod
    def _after_article_pattern(doc: Document, trailer_first: Line, segment: Segment
                               ) -> Line | None:
        """The segment's first line that does not go on with a pattern of the article's
        (``None`` when none is left).

        An article made of repeated parts ("Style Editor" / description / "Learn more about
        Style Editor") ends with a short line of the same shape as lines all through it:
        a line opening with the words that open ``ARTICLE_PATTERN_MIN_LINES`` lines of the
        article's last ``ARTICLE_PATTERN_LOOKBACK`` lines is the article's own.
        """
        article = [line for line in doc.lines[
            max(0, trailer_first.index - ARTICLE_PATTERN_LOOKBACK):trailer_first.index]
            if not line.is_blank]
        openings = Counter(_opening(line.content) for line in article)
        openings.pop(None, None)
        for line in doc.lines[segment.first.index:segment.last.index + 1]:
            if line.is_blank:
                continue
            if openings[_opening(line.content)] < ARTICLE_PATTERN_MIN_LINES:
                return line
        return None

    @staticmethod
    def _has_marker(doc: Document, segment: Segment) -> bool:
        return any(is_marker(line.content) or is_related_marker(line.content)
                   for line in doc.lines[segment.first.index : segment.last.index + 1])

    def _marked_lists(self, doc: Document, start_index: int, end_index: int
                      ) -> Iterator[Finding]:
        """Link lists inside the text: a related-articles marker followed by headlines."""
        marked = related_marker_lines(doc)
        if not marked:
            return
        lines = [line for line in doc.nonblank_lines if start_index <= line.index < end_index]
        # Only a marker line opens a list: the core finds those in one pass, then each is
        # looked at. A list ends before the next marker, so no marker is skipped by jumping
        # past a list.
        markers = [index for index, line in enumerate(lines) if line.index in marked]
        listed = 0  # lines before this one belong to a list already reported
        for index in markers:
            line = lines[index]
            # "See also" inside a text introduces the author's own references, not ads.
            if index < listed or is_prose(line) or _SEE_ALSO_RE.match(line.content):
                continue
            run = index + 1
            while (run < len(lines) and is_link_like(lines[run])
                   and lines[run].index not in marked):
                run += 1
            items = run - index - 1
            if items >= self.options["min-marked-items"]:
                marker = textlib.shorten(line.content, _QUOTED_CHARS)
                yield self._finding(doc, line, lines[run - 1], items,
                                    f"after the marker “{marker}”", None)
                listed = run

    def _finding(self, doc: Document, first: Line, last: Line, items: int, where: str,
                 score: float | None, evidence: tuple[str, ...] = ("marker",)) -> Finding:
        lines = f"lines {first.index + 1}–{last.index + 1}"
        data: dict[str, object] = {"items": items}
        if score is not None:
            data["trailer_score"] = round(score, _SCORE_DECIMALS)
        # Line shape alone (short unfinished lines) fits an article's own closing list as
        # well as a menu: such a deletion is offered, never applied by default.
        applicability = Applicability.SAFE if evidence else Applicability.UNSAFE
        basis = "" if evidence else "; line shape only: no marker, furniture word or template"
        return self.finding(
            first.start, last.end,
            f"Link list of {items} short headline-like lines {where} ({lines}{basis})",
            fix=Fix.delete_lines(doc, first.index, last.index, f"Delete the link list ({lines})",
                                 applicability),
            data=data,
        )
