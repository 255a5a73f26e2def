"""Where the article ends: the shared analysis behind the trailing-content rules.

Scraped pages append furniture after the article: share buttons, "related / more articles"
headline lists, teasers of other stories, comment threads, footers. This module finds the
line where that trailer starts and splits it into link-list runs and prose (teaser) parts.

How the boundary is found (jusText's idea of judging a line by its neighbours, done on spans):
every non-blank line gets a boilerplate score — positive for short link-like lines and marker
lines ("Related", "更多文章"), negative for prose that ends a sentence — and the trailer is the
suffix of the document with the highest total score, if that total is high enough. The words
that mark furniture come from one multilingual vocabulary (``vocabulary/furniture.toml``):
a call to action, disclosure, metadata or comment line ("Follow us on …", "免责声明：…",
"… said:") scores as a marker whatever its length, and a short line cut with an ellipsis is a
teaser, not a finished sentence. Evidence bounds the search:

* A credit line (source, editor, translator, author bio) belongs to the article, so the trailer
  starts after the last one, and never before the article's own reference section
  ("References", "参考文献"). Prose after a *strong* end-of-article credit ("Translated by",
  "本文来源") is a teaser of another story, not more of this one — unless it is written in
  another script and is long, which is what a translation looks like.
* After a marker line, short prose blurbs are teasers too (a "Most Popular" block).
* Once furniture has been seen, prose after it has to prove it is the article's (longer than
  a blurb, or on the article's topic); unproven prose neither counts as article nor lets a
  trailer swallow most of the text.

A trailing list is deleted safely only with evidence that it is furniture (``list_evidence``):
line shape alone fits an article's own closing list as well as a menu.

The analysis runs in the native core (core/src/trailer.rs), one call per document, and
reads the line table the document already has; the scores and limits are named and explained
there. This module holds what the rules read around it: the vocabularies, the parameters,
the result, and the evidence for and against deleting a trailing list. The analysis as plain
Python (``tests/equivalence/plain_definitions.py``, ``find_trailer``) is the definition the
core is held to.

Three rules read the result (truncated-document, unrelated-trailing-content, link-list). They
share one ``TrailerParameters`` (the config's ``[trailer]`` table, handed to each as its
``trailer`` option) and ask ``find_trailer``, which runs ``analyse`` once per document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

import regex

from lint_corpus import lazy_regex, native, vocabulary
from lint_corpus import text as textlib
from lint_corpus.credits import is_strong_credit
from lint_corpus.document import Document, Line

# Lines that announce page furniture or a list of other articles, from the multilingual
# vocabulary (``vocabulary/furniture.toml``): a button or section label has one of its words;
# a block of other articles opens with one of its headings.
_MARKER_RE: Final = vocabulary.compiled("buttons")
_RELATED_MARKER_RE: Final = vocabulary.compiled("related", r"^[\s(（\[【]*{}")
# A call to action, disclosure or metadata line of the page ("Follow us on …", "Published:",
# "免责声明：…"), whatever its length: the page's voice, not the article's.
_FURNITURE_SENTENCE_RE: Final = vocabulary.compiled("sentences", r"^[\s\p{P}]{0,3}{}")
# The header or footer of a reader comment ("Jane on May 3, 2020 said:", "3楼", "顶 12").
_COMMENT_RE: Final = vocabulary.compiled("comments")
#: A menu entry: the whole line, but for the separators and arrows around it.
_NAVIGATION_RE: Final = vocabulary.compiled("navigation", r"^[\s|｜>»›/·•-]*{}[\s|｜>»›/·•-]*$")
#: What separates entries on a menu line ("首页 | 新闻 | 体育", "Home / News").
_MENU_SEPARATOR_RE: Final = lazy_regex.compile(r"\s*[|｜/·•]\s*|\s{2,}|\s+(?=\S)")
#: A menu line is short: a line of more characters holds text, not entries.
_MENU_LINE_MAX_CHARS: Final = 80
#: A leading run needs this many menu entries to be a menu: an article's own opening list (a
#: table of contents, an infobox) may hold a channel word or two ("News", "Health")...
_MENU_MIN_ENTRIES: Final = 4
#: ... and menu entries must make up this share of the lines removed with them.
_MENU_MIN_ENTRY_SHARE: Final = 0.25
# The heading of the article's own reference apparatus ("References", "参考文献[编辑]").
_REFERENCE_HEADING_RE: Final = vocabulary.compiled(
    "reference_headings", r"^\s*{}\s*(?:\[[^\]]{1,16}\])?\s*[:：]?\s*$")
#: A line this long (in words; a CJK character is half a word) that ends a sentence is prose:
#: twelve words is about the shortest sentence an article paragraph has, and longer than
#: most headlines.
PROSE_WORDS: Final = 12
#: A short prose line after a marker — a blurb under a headline — is at most this long: the
#: one- or two-sentence summaries under "Most popular" headlines stay below sixty words.
BLURB_WORDS: Final = 60

#: What a line is, judged from its text alone (a marker, a URL or date, prose, code, a
#: headline or text: ``native.LineKind``), computed by the core (core/src/features.rs). It
#: reads the vocabularies above and the two thresholds the analysis' scores compare with
#: too; its own limits are named and explained there.
_LINES: Final = native.TrailerLines(_MARKER_RE, _RELATED_MARKER_RE, _FURNITURE_SENTENCE_RE,
                                    _COMMENT_RE, prose_words=PROSE_WORDS,
                                    blurb_words=BLURB_WORDS)
#: The analysis itself (core/src/trailer.rs): the line scores, the search for the best suffix
#: and the evidence that bounds it, and the split into parts. It reads the line classifier
#: above, the reference headings and the thresholds of a hard-wrapped text
#: (``text.WRAP_PARAMETERS``); its own scores and limits are named and explained there.
_ANALYSIS: Final = native.TrailerAnalysis(_LINES, _REFERENCE_HEADING_RE, textlib.WRAP_PARAMETERS)

@dataclass(frozen=True)
class TrailerParameters:
    """The settings of where the article ends: the ``[trailer]`` config table.

    One set for the three rules that read the analysis (truncated-document,
    unrelated-trailing-content, link-list), so they agree on where the article ends. The
    table's schema, with these defaults, is ``trailer`` in ``schema/config.schema.json``.
    """

    #: Boilerplate score the trailer must reach (summed over its lines): a marker line scores
    #: 3, so one marker with a headline under it is enough, and a lone button or two stray
    #: headlines are not.
    threshold: float = 4.0
    #: Link-like lines a run needs to be a link list of its own rather than part of the
    #: prose around it: five headlines are a "more articles" block, three are an article's
    #: own short list as often as not.
    min_list_items: int = 5
    #: Once furniture has been seen, a blurb-length prose line is the article's when this
    #: share of its words occur in the article before it: a paragraph of the same story
    #: repeats its names and terms, while teasers, pitches and comments bring their own.
    on_topic_share: float = 0.4

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> TrailerParameters:
        """The parameters from a ``[trailer]`` table (already validated against its schema)."""
        defaults = cls()
        return cls(threshold=float(options.get("threshold", defaults.threshold)),
                   min_list_items=int(options.get("min-list-items", defaults.min_list_items)),
                   on_topic_share=float(options.get("on-topic-share",
                                                    defaults.on_topic_share)))

    @classmethod
    def of_rule(cls, options: dict[str, Any]) -> TrailerParameters:
        """The parameters in a rule's validated ``trailer`` option, which gets every key set
        (so a report shows each value the rule used, set or default)."""
        parameters = cls.from_options(options["trailer"])
        options["trailer"] = parameters.as_options()
        return parameters

    def as_options(self) -> dict[str, Any]:
        """The parameters as a ``[trailer]`` table, every key set (for reports)."""
        return {"threshold": self.threshold, "min-list-items": self.min_list_items,
                "on-topic-share": self.on_topic_share}


def _table_schema() -> dict[str, Any]:
    text = resources.files("lint_corpus").joinpath("schema/config.schema.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)["properties"]["trailer"]
    return table


#: The option a rule that reads the analysis declares (``"trailer"`` in its options schema):
#: the config's ``[trailer]`` table is handed, whole, to each such rule. Its default is the
#: whole table, so a report and ``explain`` show every value.
TRAILER_OPTION: Final[dict[str, Any]] = {
    **_table_schema(), "default": TrailerParameters().as_options(),
}


@dataclass(frozen=True)
class Segment:
    """A part of the trailer: ``kind`` is ``"link-list"`` or ``"prose"``. Lines are inclusive."""

    kind: str
    first: Line
    last: Line
    items: int


@dataclass(frozen=True)
class Trailer:
    first: Line
    score: float
    segments: tuple[Segment, ...]
    anchor: Line | None


#: A reference heading ("References", "参考文献[编辑]") is a few words: a longer line is text,
#: and skips the pattern.
_REFERENCE_HEADING_MAX_CHARS: Final = 80


def is_marker(content: str) -> bool:
    """A button or section label of page furniture ("Share", "Comments", "分享到：")."""
    return _LINES.is_marker(content)


def is_related_marker(content: str) -> bool:
    """The heading of a block of related articles ("Related", "更多文章", "Related: …")."""
    return _LINES.is_related_marker(content)


def related_marker_lines(doc: Document) -> frozenset[int]:
    """Indexes of the lines of ``doc`` that are related-articles markers
    (``is_related_marker``), found in one pass by the core and memoized on the document."""
    result: frozenset[int] = doc.memo(
        "related-marker-lines",
        lambda d: frozenset(_LINES.related_marker_lines(d.line_table.native)))
    return result


def is_furniture_sentence(content: str) -> bool:
    """A line in the page's voice, whatever its length: a call to action, disclosure or
    metadata line ("Follow us on …", "Published: …", "免责声明：…") or the header of a
    reader comment ("Jane Roe, May 3, 2020 said:", "3楼")."""
    return _LINES.is_furniture_sentence(content)


def is_reference_heading(content: str) -> bool:
    """The heading of the article's own notes, references or external links."""
    return len(content) <= _REFERENCE_HEADING_MAX_CHARS and _REFERENCE_HEADING_RE.is_match(content)


def is_ellipsis_cut(content: str, words: int) -> bool:
    """A line of at most a blurb's length that ends in an ellipsis ("…", "...", "..", "……"):
    a teaser cut short, not a finished sentence."""
    return _LINES.is_ellipsis_cut(content, words)


def is_prose(line: Line) -> bool:
    """A finished sentence ("… next year.", or one and a short note: "… next year. (bsc)")
    of at least ``PROSE_WORDS`` words, not cut short with an ellipsis."""
    return _LINES.is_prose(line.content)


def is_link_like(line: Line) -> bool:
    """A headline, menu entry or button: short, and not a finished sentence."""
    return _LINES.is_link_like(line.content)


def is_date_only(content: str) -> bool:
    """A line that is a date and nothing else ("2024-05-01", "May 3, 2020")."""
    return native.is_date_only(content)


def looks_like_code(content: str) -> bool:
    """Source code or markup: several code punctuation marks, or no letters at all."""
    return native.looks_like_code(content)


def capped_word_units(content: str) -> int:
    """``min(textlib.word_units(content), words_cap)``, reading a long line only in part: the
    analysis' lengths compare with at most ``BLURB_WORDS``, and a count capped one above it
    decides each comparison as the exact count would."""
    return _LINES.capped_word_units(content)


def wrap_continuations(doc: Document) -> frozenset[int]:
    """Indexes of lines that run on into the line directly after them: an unfinished Latin
    line followed by lower case, or, in hard-wrapped text (``text.wrap_band``), an unfinished
    full line followed by a non-blank line. The analysis asks the same of a line's
    neighbours to tell whether it continues a paragraph (core/src/trailer.rs)."""
    result: frozenset[int] = doc.memo(
        "wrap-continuations",
        lambda d: frozenset(_ANALYSIS.wrap_continuations(d.line_table.native)))
    return result


DEFAULT_PARAMETERS: Final = TrailerParameters()


def find_trailer(doc: Document,
                 parameters: TrailerParameters = DEFAULT_PARAMETERS) -> Trailer | None:
    """The trailer of ``doc``, or ``None``: ``analyse`` run once per document and parameters
    (memoized on the document), however many rules ask."""
    result: Trailer | None = doc.memo(f"trailer:{parameters!r}",
                                      lambda d: analyse(d, parameters))
    return result


def analyse(doc: Document, parameters: TrailerParameters) -> Trailer | None:
    """The trailer analysis itself, run afresh by the core: rules call ``find_trailer``,
    which runs it once per document."""
    found = _ANALYSIS.analyse(doc.line_table.native, parameters.threshold,
                              parameters.min_list_items, parameters.on_topic_share)
    if found is None:
        return None
    first, score, parts, anchor = found
    lines = doc.lines
    return Trailer(first=lines[first], score=score,
                   segments=tuple(Segment(kind, lines[start], lines[last], items)
                                  for kind, start, last, items in parts),
                   anchor=None if anchor is None else lines[anchor])


def article_end(doc: Document,
                parameters: TrailerParameters = DEFAULT_PARAMETERS) -> Line | None:
    """The last non-blank line of the article proper (before any trailer)."""
    trailer = find_trailer(doc, parameters)
    candidates = doc.nonblank_lines
    if trailer is not None:
        candidates = tuple(line for line in candidates if line.index < trailer.first.index)
    return candidates[-1] if candidates else None


# Evidence that a trailing run of short lines is page furniture, and the shapes that protect
# an article's own closing list (issue: "never delete the article"). A run of short
# unpunctuated lines at the end is not by itself evidence of junk: tour dates, product
# round-ups, appendices, Q&As and tables end articles in that shape too.

#: A line that opens with an enumerator: "1.", "2)", "(3)", "（三）", "四、", "第五", "a)".
_ENUMERATOR_RE: Final = lazy_regex.compile(
    r"^\s*(?:\d{1,3}\s*[.)、:：．]|[(（]\s*\d{1,3}\s*[)）]|[(（][一二三四五六七八九十百]+[)）]"
    r"|[一二三四五六七八九十百]+\s*[、.．]|第[一二三四五六七八九十百\d]+[、,，:：\s]|[a-z][.)]\s)",
    regex.IGNORECASE)
#: A numeric cell of a table row: a number with its unit marks, set off by spaces or bars.
_NUMERIC_CELL_RE: Final = lazy_regex.compile(r"(?:^|[\s|\t;])[-+]?[$€£¥]?\d[\d.,:/%]*%?(?=$|[\s|\t;])")
#: A run is a table when this share of its lines holds two numeric cells or more ...
_TABLE_ROW_SHARE: Final = 0.5
#: ... and an enumeration when this share of its lines opens with an enumerator.
_ENUMERATED_SHARE: Final = 0.5
#: A label that introduces what follows ("附：", "Note:") sits within this many characters of
#: the line's start.
_LABEL_MAX_CHARS: Final = 8


@dataclass(frozen=True)
class ListEvidence:
    """What says a trailing run of short lines is furniture (``evidence``: names of the
    signals found), and what says it is the article's own list (``protection``, or
    ``None``). A run with protection is the article's; a run with no evidence may be
    furniture, but its deletion rests on line shape alone."""

    evidence: tuple[str, ...]
    protection: str | None


def list_evidence(doc: Document, trailer: Trailer, segment: Segment) -> ListEvidence:
    """The evidence for and against deleting ``segment`` of ``trailer`` as page furniture."""
    run = [line for line in doc.lines[segment.first.index: segment.last.index + 1]
           if not line.is_blank]
    before_run = [line for line in doc.nonblank_lines if line.index < segment.first.index]
    in_trailer = [line for line in before_run if line.index >= trailer.first.index]
    article = [line for line in before_run if line.index < trailer.first.index]
    evidence = [name for name, found in (
        ("marker", any(_is_strong_furniture(line.content) for line in in_trailer + run)),
        ("vocabulary", any(_MARKER_RE.is_match(line.content) for line in run)),
        ("template", _has_template(run)),
        ("link shape", _has_link_shape(run)),
    ) if found]
    protection = None if "marker" in evidence else _protection(article, run)
    return ListEvidence(tuple(evidence), protection)


def shows_furniture(doc: Document, trailer: Trailer, segment: Segment) -> bool:
    """Whether the trailer, from its first line to the end of ``segment``, holds evidence of
    page furniture: a marker, call to action or comment line, or a link-list part with
    evidence (``list_evidence``); or whether it follows a strong closing credit, after which
    prose is another story's teaser.

    Without any, the trailer rests on line shape alone (a run of short lines that outweighs
    the text after it), which fits an article's own list followed by more of the article
    (a recipe's ingredients, then its method) as well as a page's furniture.
    """
    if trailer.anchor is not None and is_strong_credit(trailer.anchor.content):
        return True
    for part in trailer.segments:
        if part.first.index > segment.last.index:
            break
        lines = doc.lines[part.first.index: part.last.index + 1]
        if any(_is_strong_furniture(line.content) for line in lines if not line.is_blank):
            return True
        if part.kind == "link-list" and list_evidence(doc, trailer, part).evidence:
            return True
    return False


def introduces_list(content: str) -> bool:
    """The line ends in a colon and is the article's, not a furniture label ("Related:")."""
    content = content.strip()
    return content.endswith((":", "：")) and not _is_strong_furniture(content)


def _is_strong_furniture(content: str) -> bool:
    return (is_marker(content) or is_related_marker(content)
            or is_furniture_sentence(content))


def _has_template(run: Sequence[Line]) -> bool:
    """Lines of one shape, digits aside ("2022年第4期", "2022年第3期"), several times over."""
    return native.has_template([line.content for line in run])


def _has_link_shape(run: Sequence[Line]) -> bool:
    """Link-like shapes: "title | site" with one site for several titles, a URL or handle,
    or dates alternating with titles."""
    return native.has_link_shape([line.content for line in run])


def _protection(article: Sequence[Line], run: Sequence[Line]) -> str | None:
    """Why ``run`` is the article's own list, or ``None``."""
    if not run:
        return None
    # The list is introduced by the article's last line ("Tour dates:") or opens with a
    # label of its own ("附：报名时间及地点", "Appendix: …").
    for introducer in ([article[-1]] if article else []) + [run[0]]:
        content = introducer.content.strip()
        if introduces_list(content) or (
                not _is_strong_furniture(content)
                and any(mark in content[:_LABEL_MAX_CHARS] for mark in (":", "："))):
            return "introduced by a colon"
    if sum(len(_NUMERIC_CELL_RE.findall(line.content)) >= 2 for line in run) >= (
            _TABLE_ROW_SHARE * len(run)):
        return "numeric table rows"
    styles = [_enumerator_style(line.content) for line in run]
    enumerated = [style for style in styles if style is not None]
    if enumerated and len(enumerated) >= _ENUMERATED_SHARE * len(run):
        earlier = {_enumerator_style(line.content) for line in article}
        if earlier & set(enumerated):
            return "continues the article's numbering"
    return None


def _enumerator_style(content: str) -> str | None:
    """The enumerator a line opens with, its numbers blanked ("1." and "7." alike)."""
    match = _ENUMERATOR_RE.match(content)
    if match is None:
        return None
    return regex.sub(r"[\d一二三四五六七八九十百]+", "N", match.group().strip().lower())


def is_navigation_entry(content: str) -> bool:
    """A line of the site's menu: one navigation entry ("首页", "Sports"), or several split
    by separators ("首页 | 新闻 | 体育")."""
    content = content.strip()
    if not content or len(content) > _MENU_LINE_MAX_CHARS:
        return False
    if _NAVIGATION_RE.is_match(content):
        return True
    parts = [part for part in _MENU_SEPARATOR_RE.split(content) if part]
    return len(parts) >= 2 and all(_NAVIGATION_RE.is_match(part) for part in parts)


def leading_menu(doc: Document) -> tuple[Line, Line, int] | None:
    """The site menu a page opens with: (its first line, its last line, lines in it), or
    ``None``.

    A run of short lines (link-like or page furniture) opening the document, from its first
    navigation entry or button (a title above stays) to its last entry, when it holds at least ``_MENU_MIN_ENTRIES`` entries making up
    ``_MENU_MIN_ENTRY_SHARE`` of it. The lines between the last entry and the first prose
    (the title, a byline, a date) are the article's head and stay; a page that is all
    short lines has no article to protect from the menu and is left alone.
    """
    lines = doc.nonblank_lines
    end = 0
    while end < len(lines) and ((is_link_like(lines[end]) and not is_prose(lines[end]))
                                or _is_strong_furniture(lines[end].content)):
        end += 1
    if end == len(lines):
        return None
    entries = [i for i in range(end) if is_navigation_entry(lines[i].content)]
    if len(entries) < _MENU_MIN_ENTRIES:
        return None
    # The page's title may stand above its menu: the menu opens at its first entry or
    # button.
    first = next(i for i in range(end) if i == entries[0]
                 or _is_strong_furniture(lines[i].content))
    items = entries[-1] - first + 1
    if len(entries) < _MENU_MIN_ENTRY_SHARE * items:
        return None
    return lines[first], lines[entries[-1]], items
