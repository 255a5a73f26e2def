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

Three rules read the result (truncated-document, unrelated-trailing-content, link-list). They
share one ``TrailerParameters`` (the config's ``[trailer]`` table, handed to each as its
``trailer`` option) and ask ``find_trailer``, which runs ``analyse`` once per document.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

import regex

from lint_corpus import lazy_regex, native, vocabulary
from lint_corpus import text as textlib
from lint_corpus.credits import closing_credit, is_credit, is_strong_credit
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
#: The article left after removing a trailer keeps at least this share of the characters
#: (Trafilatura's guard against over-pruning a page made of short lines).
MIN_KEPT_SHARE: Final = 1 / 7

#: What a line is, judged from its text alone (a marker, a URL or date, prose, code, a
#: headline or text: ``native.LineKind``), computed by the core (core/src/features.rs) for many
#: lines in one call. It reads the vocabularies above and the two thresholds the scores below
#: compare with too; its own limits are named and explained there.
_LINES: Final = native.TrailerLines(_MARKER_RE, _RELATED_MARKER_RE, _FURNITURE_SENTENCE_RE,
                                    _COMMENT_RE, prose_words=PROSE_WORDS,
                                    blurb_words=BLURB_WORDS)


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


# Line scores: how much a line looks like page furniture (> 0) rather than article text
# (< 0). Every score is a multiple of 0.25, so the float sums of the analysis are exact.

#: A marker line ("Related", "分享到："), and the highest score of any line: one marker and
#: one headline under it reach the default threshold.
_MARKER_SCORE: Final = 3.0
#: A bare URL or date: page furniture, but it also closes articles ("2024-05-01"), so it
#: weighs half a marker.
_URL_OR_DATE_SCORE: Final = 1.5
#: Long prose after a strong closing credit ("Translated by", "本文来源"): another story's
#: teaser, nearly as telling as a marker.
_TEASER_SCORE: Final = 2.0
#: A headline, menu entry or button: evidence of furniture one line at a time.
_LINK_SCORE: Final = 1.0
#: A short prose blurb under a headline after a marker: mild evidence, so that a block of
#: blurbs and headlines adds up while a single blurb does not.
_BLURB_SCORE: Final = 0.5
#: Code or a line of symbols: says nothing either way.
_CODE_SCORE: Final = 0.0
#: A short finished sentence, a long unfinished line, or a line of a hard-wrapped paragraph:
#: mildly article-like.
_TEXT_SCORE: Final = -1.0
#: A prose line loses a point per this many words ...
_PROSE_WORDS_PER_POINT: Final = 4.0
#: ... down to this floor (reached at 60 words), so one long paragraph cannot outweigh any
#: amount of furniture after it.
_MAX_PROSE_PENALTY: Final = 15.0

#: What ``_score`` learns from a line's text alone: (score of a marker, URL or date line else
#: None, words capped at ``_WORDS_CAP``, is prose, score of a line that does not continue a
#: paragraph, is a related-articles marker).
_Features = tuple[float | None, int, bool, float, bool]

#: The scores of each kind of line the core tells (``native.LineKind``): (fixed score or
#: None, is prose, score when it does not continue a paragraph, is a related marker).
_KIND_SCORES: Final[dict[native.LineKind, tuple[float | None, bool, float, bool]]] = {
    native.LineKind.TEXT: (None, False, _TEXT_SCORE, False),
    native.LineKind.CODE: (None, False, _CODE_SCORE, False),
    native.LineKind.LINK: (None, False, _LINK_SCORE, False),
    native.LineKind.PROSE: (None, True, _TEXT_SCORE, False),
    native.LineKind.URL_OR_DATE: (_URL_OR_DATE_SCORE, False, _URL_OR_DATE_SCORE, False),
    native.LineKind.MARKER: (_MARKER_SCORE, False, _MARKER_SCORE, False),
    native.LineKind.RELATED_MARKER: (_MARKER_SCORE, False, _MARKER_SCORE, True),
}


def _score(features: _Features, after_marker: bool, after_end_credit: bool) -> float | None:
    """A line's score from its features, or ``None`` when it hinges on whether the line
    continues a hard-wrapped paragraph: then it is ``_TEXT_SCORE`` if it does (that makes a
    short line prose, not a headline), else ``features[3]``.

    The analysis asks about the continuation (which reads the neighbouring lines) only then,
    and only when the answer changes the score (``features[3]`` is not ``_TEXT_SCORE``).
    """
    fixed, words, prose, _, _ = features
    if fixed is not None:
        return fixed
    if after_end_credit and words >= PROSE_WORDS:
        return _TEASER_SCORE
    if prose:
        if after_marker and words <= BLURB_WORDS:
            return _BLURB_SCORE
        return _prose_score(words)
    return None


def _prose_score(words: int) -> float:
    """The score of a prose line (also of a long line that repeats the article)."""
    return -min(words / _PROSE_WORDS_PER_POINT, _MAX_PROSE_PENALTY)


#: The scores compare a line's length in words with at most ``BLURB_WORDS``, and a prose
#: score is the same for every length from 60 words up (``_MAX_PROSE_PENALTY`` times
#: ``_PROSE_WORDS_PER_POINT``): a count capped one above ``BLURB_WORDS`` decides every
#: comparison as the exact count would.
_WORDS_CAP: Final = _LINES.words_cap
#: Every (kind, capped words) pair as the analysis reads it: the core's answer for a line is
#: an index into this table, so no tuple is built per line.
_FEATURES: Final[dict[int, tuple[_Features, ...]]] = {
    kind: tuple((fixed, words, prose, rest, related) for words in range(_WORDS_CAP + 1))
    for kind, (fixed, prose, rest, related) in _KIND_SCORES.items()
}


def capped_word_units(content: str) -> int:
    """``min(textlib.word_units(content), _WORDS_CAP)``, reading a long line only in part."""
    return _LINES.capped_word_units(content)


def line_features(contents: Sequence[str]) -> list[_Features]:
    """What ``_score`` learns from each line's text alone (see ``_Features``), in one call."""
    kinds, words = _LINES.features(list(contents))
    return [_FEATURES[kind][count] for kind, count in zip(kinds, words, strict=True)]


#: The analysis reads the features of a document's tail from its end in blocks of this many
#: lines: the sum from the end settles many documents before their first lines, and a block
#: reads at most this many lines past the one it stops at, while one call into the core for
#: so many lines costs little next to their features.
_BLOCK_LINES: Final = 16


class _TailFeatures:
    """The features of ``lines`` (``line_features``), read on demand by index: from the end
    in blocks of ``_BLOCK_LINES``, and everything above them in one call when a line there is
    asked for (the forward pass, which reads every line)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self._lines = lines
        self._read_from = len(lines)  # the lines from here on are read
        # Filled from the end, block by block, in place (prepending each block would copy
        # every line read before it again); the placeholder is never returned.
        self._features: list[_Features] = [_FEATURES[native.LineKind.TEXT][0]] * len(lines)

    def __getitem__(self, index: int) -> _Features:
        if index < self._read_from:
            first = index if index < self._read_from - 1 else max(0, index - _BLOCK_LINES + 1)
            self._features[first:self._read_from] = line_features(
                [line.content for line in self._lines[first:self._read_from]])
            self._read_from = first
        return self._features[index]


def wrap_continuations(doc: Document) -> frozenset[int]:
    """Indexes of lines that run on into the line directly after them (``_runs_on``)."""
    def compute(d: Document) -> frozenset[int]:
        lines = d.lines
        band = wrap_band(d)
        return frozenset(current.index
                         for current, following in zip(lines, lines[1:], strict=False)
                         if _runs_on(current, following, band))

    result: frozenset[int] = doc.memo("wrap-continuations", compute)
    return result


def wrap_band(doc: Document) -> tuple[int, int] | None:
    """The widths of the full lines of ``doc``, if it was hard-wrapped (``textlib.wrap_band``)."""
    result: tuple[int, int] | None = doc.memo(
        "wrap-band", lambda d: textlib.wrap_band([line.content for line in d.nonblank_lines]))
    return result


#: A line runs on into the next only when it has this many words: shorter unfinished lines
#: followed by lower case are labels, list items or verse, not a wrapped paragraph.
_WRAPPED_MIN_WORDS: Final = 5


def _runs_on(current: Line, following: Line, band: tuple[int, int] | None) -> bool:
    """``current`` runs on into the line after it (``wrap_continuations``): an unfinished
    Latin line followed by lower case, or, in hard-wrapped text whose full lines are
    ``band`` columns wide (any script), an unfinished full line followed by a non-blank
    line."""
    # The cheapest tests first: most lines start with a capital, a digit or a CJK character,
    # and most documents are not wrapped at a width.
    if (following.content[:1].islower() and bool(current.content)
            and not current.ends_sentence and current.script == "latin"
            and current.words >= _WRAPPED_MIN_WORDS):
        return True
    return (band is not None and bool(following.content) and _may_fill(current.content)
            and not current.ends_sentence
            and band[0] <= textlib.display_width(current.content) <= band[1])




def _may_fill(content: str) -> bool:
    """``content`` may be a full line of wrapped text: a line is at least as wide as it is
    long, and at most twice as wide, so its length alone rules out most lines."""
    return (2 * len(content) >= textlib.WRAP_MIN_FULL_COLUMNS
            and len(content) <= textlib.WRAP_MAX_COLUMNS)


def _continues(doc: Document, line: Line) -> bool:
    """``line`` belongs to a hard-wrapped paragraph: it runs on into the next line, or the line
    before runs on into it (``_runs_on``). Judged from the line and its two neighbours (and
    the document's wrap width, read once per document and only when the lines are wide)."""
    lines = doc.lines
    index = line.index
    previous = lines[index - 1] if index > 0 else None
    following = lines[index + 1] if index + 1 < len(lines) else None
    # Only a line that may fill a width can run on by width: most lines settle on the
    # lower-case test, and a document is measured only when one of them may.
    band = (wrap_band(doc) if any(neighbour is not None and _may_fill(neighbour.content)
                                  for neighbour in (previous, line)) else None)
    return ((previous is not None and _runs_on(previous, line, band))
            or (following is not None and _runs_on(line, following, band)))


_CLAUSE_SPLIT_RE: Final = lazy_regex.compile(r"[\p{P}\p{S}]+\s*|\s{2,}")
#: Clauses shorter than this occur anywhere by chance and say nothing about repetition.
_MIN_CLAUSE_CHARS: Final = 6


def _clauses(content: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT_RE.split(content) if len(c) >= _MIN_CLAUSE_CHARS]


#: A long line is a repeat when this share of its clause characters occurs in earlier
#: lines: copies that move a sentence or drop a clause keep most of their clauses, while two
#: different sentences seldom share half of theirs.
REPEATED_SHARE: Final = 0.5
#: The substring searches of ``_RepeatedLines`` may scan this many characters per character
#: of the text (plus ``_SEARCH_BUDGET_BASE``) before it indexes every earlier line instead:
#: enough for the few questions a document asks, and it keeps the work linear.
_SEARCH_BUDGET_PER_CHAR: Final = 4
_SEARCH_BUDGET_BASE: Final = 100_000


class _RepeatedLines:
    """``line.index in self``: the line is one of ``lines[start:]``, has at least
    ``PROSE_WORDS`` words, and ``REPEATED_SHARE`` of its clause characters (``_clauses``)
    are clauses of an earlier line of ``lines``.

    Computed per line on demand: the answer changes a line's score only for the few long
    lines that would otherwise count as furniture or teasers, so most documents never cut
    their lines into clauses. A clause that does not occur in the text before the line
    cannot be an earlier line's clause, which settles most questions with a substring
    search; the rest index every earlier line's clauses once.
    """

    def __init__(self, text: str, lines: Sequence[Line], start: int) -> None:
        self._text = text
        self._lines = lines
        self._start = start
        self._positions: dict[int, int] | None = None
        self._clause_cache: dict[int, list[str]] = {}
        self._first_seen: dict[str, int] = {}  # clause -> first position that has it
        self._indexed = 0  # positions below this one are in ``_first_seen``
        # Substring searches scan the text before the line; past this many characters,
        # indexing every line once is cheaper (and keeps the work linear).
        self._search_budget = _SEARCH_BUDGET_PER_CHAR * len(text) + _SEARCH_BUDGET_BASE
        self._answers: dict[int, bool] = {}

    def _clauses_at(self, position: int) -> list[str]:
        clauses = self._clause_cache.get(position)
        if clauses is None:
            clauses = self._clause_cache[position] = _clauses(self._lines[position].content)
        return clauses

    def __contains__(self, index: object) -> bool:
        if self._positions is None:
            self._positions = {line.index: position
                               for position, line in enumerate(self._lines)}
        position = self._positions.get(index) if isinstance(index, int) else None
        if position is None or position < self._start:
            return False
        answer = self._answers.get(position)
        if answer is None:
            answer = self._answers[position] = self._is_repeated(position)
        return answer

    def _is_repeated(self, position: int) -> bool:
        line = self._lines[position]
        if capped_word_units(line.content) < PROSE_WORDS:  # the cap is above PROSE_WORDS
            return False
        clauses = self._clauses_at(position)
        total = sum(len(c) for c in clauses)
        if not total:
            return False
        if position > self._indexed and self._search_budget > 0:
            self._search_budget -= line.start * len(clauses)
            text, before = self._text, line.start
            if (sum(len(c) for c in clauses if text.find(c, 0, before) >= 0)
                    < REPEATED_SHARE * total):
                return False
        first_seen = self._first_seen
        for earlier in range(self._indexed, position):
            for clause in self._clauses_at(earlier):
                first_seen.setdefault(clause, earlier)
        self._indexed = max(self._indexed, position)
        missing = len(self._lines)
        return sum(len(c) for c in clauses
                   if first_seen.get(c, missing) < position) >= REPEATED_SHARE * total


#: A block in another script is a translation when it has at least this share of the
#: article's characters: translations are about as long as the original (a CJK text is
#: shorter in characters than its English), while a foreign teaser is a line or two.
_TRANSLATION_MIN_SHARE: Final = 0.3


def _looks_like_translation(article: Sequence[Line], tail: Sequence[Line]) -> bool:
    """A long block in another script after the article is a translation, not a teaser."""
    def chars_by_script(lines: Sequence[Line]) -> dict[str, int]:
        totals: dict[str, int] = {}
        for line in lines:
            totals[line.script] = totals.get(line.script, 0) + len(line.content)
        return totals

    head, rest = chars_by_script(article), chars_by_script(tail)
    if not head or not rest:
        return False
    head_script = max(head, key=lambda k: head[k])
    tail_script = max(rest, key=lambda k: rest[k])
    return (head_script != tail_script
            and sum(rest.values()) >= _TRANSLATION_MIN_SHARE * sum(head.values()))


#: A strong closing credit marks the prose after it as teasers only when this share of the
#: text comes before it: a credit near the top ("来源：新华社" under the headline) opens the
#: article rather than closing it.
_STRONG_ANCHOR_MIN_SHARE: Final = 0.4
#: A trailer of fewer lines needs a marker or a closing credit before it: two lines of page
#: text prove little on their own.
_MIN_UNMARKED_TRAILER_LINES: Final = 3

DEFAULT_PARAMETERS: Final = TrailerParameters()

#: Prose after page furniture that has not shown it belongs to the article scores this: not
#: article (it would outweigh the furniture around it), not furniture either (a marker and a
#: few such lines alone do not make a trailer).
_UNPROVEN_PROSE_SCORE: Final = 0.0
#: A trailer that unproven prose makes start before this share of the text is not trusted:
#: the prose is scored as it reads instead (a page of items, each with a "Learn more" button
#: and a sentence, is an article, not furniture with blurbs).
UNPROVEN_MIN_KEPT_SHARE: Final = 0.5
#: The default of ``TrailerParameters.on_topic_share``.
ON_TOPIC_SHARE: Final = TrailerParameters.on_topic_share
#: Topic words have at least this many letters: shorter Latin words are mostly function
#: words ("that", "with", "from"), which every text shares and which say nothing of topic.
_TOPIC_MIN_LETTERS: Final = 5
_TOPIC_WORD_RE: Final = lazy_regex.compile(
    rf"\p{{Latin}}{{{_TOPIC_MIN_LETTERS},}}|\p{{Cyrillic}}{{{_TOPIC_MIN_LETTERS},}}")
_TOPIC_CJK_RE: Final = lazy_regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")


def topic_words(content: str) -> set[str]:
    """The words a line shares with its story: Latin and Cyrillic words of five letters or
    more (lower case), and pairs of adjacent CJK characters."""
    found = {word.lower() for word in _TOPIC_WORD_RE.findall(content)}
    for run in _TOPIC_CJK_RE.findall(content):
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


class _FurnitureContext:
    """Once page furniture (a marker, a call to action) has been seen, the prose after it
    needs its own evidence to count as article: a paragraph longer than any blurb, or one on
    the topic of the article read so far (the text before the tail, and every tail line read
    outside furniture). Until such a line comes, prose is unproven.

    Read forward, one tail position at a time (``unproven`` is asked for every position in
    order). The topic's words are collected only when a question needs them."""

    def __init__(self, lines: Sequence[Line], start: int, on_topic_share: float) -> None:
        self._lines = lines
        self._on_topic_share = on_topic_share
        self._active = False
        self._topic: set[str] = set()
        self._pending: list[int] = list(range(start))  # article positions not yet in the topic
        self._start = start

    def unproven(self, index: int, found: _Features) -> bool:
        position = self._start + index
        fixed, words, prose, _, _ = found
        if fixed == _MARKER_SCORE:
            self._active = True
            return False
        if self._active and prose:
            if not (words > BLURB_WORDS or self._on_topic(position)):
                return True
            self._active = False  # the article's own text: what follows is judged afresh
        if not self._active:
            self._pending.append(position)
        return False

    def _on_topic(self, position: int) -> bool:
        for earlier in self._pending:
            self._topic.update(topic_words(self._lines[earlier].content))
        self._pending.clear()
        words = topic_words(self._lines[position].content)
        return bool(words) and len(words & self._topic) >= self._on_topic_share * len(words)


def find_trailer(doc: Document,
                 parameters: TrailerParameters = DEFAULT_PARAMETERS) -> Trailer | None:
    """The trailer of ``doc``, or ``None``: ``analyse`` run once per document and parameters
    (memoized on the document), however many rules ask."""
    result: Trailer | None = doc.memo(f"trailer:{parameters!r}",
                                      lambda d: analyse(d, parameters))
    return result


def analyse(doc: Document, parameters: TrailerParameters) -> Trailer | None:
    """The trailer analysis itself, run afresh: rules call ``find_trailer``, which runs it once
    per document."""
    threshold, min_list_items = parameters.threshold, parameters.min_list_items
    lines = doc.nonblank_lines
    if len(lines) < 2:  # a line alone is the article
        return None
    prefix_chars = list(itertools.accumulate([len(line.content) for line in lines], initial=0))
    total_chars = prefix_chars[-1]
    # The trailer cannot start before the credit that closes the article: credits belong to
    # the article.
    anchor_index = closing_credit(lines, is_marker, is_furniture_sentence)
    # Teasers after a credit only count when the credit closes most of the text.
    strong_anchor = (anchor_index >= 0 and is_strong_credit(lines[anchor_index].content)
                     and prefix_chars[anchor_index] >= _STRONG_ANCHOR_MIN_SHARE * total_chars)
    start = anchor_index + 1
    # The article's own notes, references and links stay with it: the trailer starts at the
    # last reference heading at the earliest (that heading may open it: "See also").
    in_references = False
    for index in range(len(lines) - 1, start - 1, -1):
        if is_reference_heading(lines[index].content):
            start, in_references = index, True
            break
    if start >= len(lines):
        return None

    tail = lines[start:]
    last = len(tail) - 1
    after_end_credit = strong_anchor and not _looks_like_translation(lines[:start], tail)
    repeated = _RepeatedLines(doc.text, lines, start)
    link_like: dict[int, bool] = {}  # computed only around blurb candidates, after a marker

    def is_list_item(index: int) -> bool:
        if index not in link_like:
            link_like[index] = is_link_like(tail[index]) and not is_prose(tail[index])
        return link_like[index]

    # Repeated article text is a duplicate (another rule's business), not evidence of page
    # furniture or of another story: a repeated long line scores as prose. That only ever
    # lowers a score, so the scores without the (costly) repetition test bound every suffix
    # from above: when no suffix reaches the threshold even so, there is no trailer.
    count = len(tail)
    features = _TailFeatures(tail)  # read once per line, by whichever pass comes first
    scores = [0.0] * count

    def line_score(index: int, sandwiched: bool) -> float:
        found = features[index]
        score = _score(found, sandwiched, after_end_credit)
        if score is None:
            # A line that continues a paragraph scores as text: worth asking only when the
            # line would otherwise score something else.
            rest = found[3]
            score = (_TEXT_SCORE if rest != _TEXT_SCORE and _continues(doc, tail[index])
                     else rest)
        return score

    # Before a related-articles marker no line is a blurb under one, and each line's score
    # depends on that line (and its neighbours) alone. So the scores are summed from the
    # end first: once the sum so far, plus the most any line can score for each line still
    # unread, stays below the threshold (and so did every suffix read so far), no suffix
    # reaches it and there is no trailer, whatever the unread lines say. An article's closing
    # prose scores well below zero, which settles many documents before their first lines
    # are read. (Every score is a multiple of 0.25: the float sums are exact.)
    backward = True
    total = 0.0
    best_total = -math.inf
    for index in range(last, -1, -1):
        found = features[index]
        if found[0] == _MARKER_SCORE:
            # A marker: the lines after it may be blurbs under it, or prose that has to
            # prove it is the article's.
            backward = False
            break
        score = scores[index] = line_score(index, False)
        total += score
        best_total = max(best_total, total)
        if best_total < threshold and total + _MARKER_SCORE * index < threshold:
            if not any(_is_strong_furniture(line.content) for line in tail[:index]):
                return None
            backward = False  # the bound holds only for the plain scores
            break

    unsettled: list[int] = []  # long lines that score above prose unless repeated
    unproven: dict[int, float] = {}  # prose after furniture scored as unproven: its own score
    if backward:  # every line scored, none after a marker: the forward pass would agree
        unsettled = [index for index in range(count)
                     if features[index][1] >= PROSE_WORDS
                     and scores[index] != _prose_score(features[index][1])]
    else:
        seen_marker = False
        furniture = _FurnitureContext(lines, start, parameters.on_topic_share)
        for index, line in enumerate(tail):
            found = features[index]
            _, words, prose, _, related = found
            # A blurb is teaser text between its headline and the next link-like line (an
            # author, a date, the next headline), after a marker. An article's own closing
            # paragraphs after an inline "Related" list are not sandwiched like that. (Only
            # a prose line's score depends on it.)
            sandwiched = (prose and seen_marker and 0 < index < last
                          and is_list_item(index - 1) and is_list_item(index + 1))
            score = scores[index] = line_score(index, sandwiched)
            if furniture.unproven(index, found) and score < _UNPROVEN_PROSE_SCORE:
                unproven[index] = score
                score = scores[index] = _UNPROVEN_PROSE_SCORE
            if words >= PROSE_WORDS and score != _prose_score(words):
                if related and line.index in repeated:
                    # Settled at once, as the lines after it depend on it: a repeated marker
                    # does not open a block of blurbs.
                    scores[index] = _prose_score(words)
                    continue
                unsettled.append(index)
            seen_marker = seen_marker or related

    suffix = [0.0] * (count + 1)
    for index in range(last, -1, -1):
        suffix[index] = suffix[index + 1] + scores[index]
    if max(suffix[:-1]) < threshold:
        return None
    read = [features[index] for index in range(count)]  # every line is read by now
    words_of = [found[1] for found in read]  # capped: compared with PROSE_WORDS only
    marks = [found[0] == _MARKER_SCORE for found in read]  # a marker's score, no other's
    if unsettled:
        for index in unsettled:
            if tail[index].index in repeated:
                scores[index] = _prose_score(words_of[index])
                unproven.pop(index, None)
        for index in range(last, -1, -1):
            suffix[index] = suffix[index + 1] + scores[index]

    def kept_chars(index: int) -> int:
        return prefix_chars[start + index]

    def best(candidates: list[int]) -> int | None:
        chosen: int | None = None
        for index in candidates:  # ascending, so ties go to the earliest start
            if chosen is None or suffix[index] > suffix[chosen]:
                chosen = index
        return chosen

    def best_start() -> int | None:
        chosen = best(list(range(len(tail))))
        if chosen is not None and kept_chars(chosen) < MIN_KEPT_SHARE * total_chars:
            # The article itself is made of short lines (a changelog, a list-like blog):
            # only an explicit marker line can say where the furniture starts.
            chosen = best([i for i in range(len(tail))
                           if marks[i] and kept_chars(i) >= MIN_KEPT_SHARE * total_chars])
        return chosen

    best_index = best_start()
    if (best_index is not None and kept_chars(best_index) < UNPROVEN_MIN_KEPT_SHARE * total_chars
            and any(index >= best_index for index in unproven)):
        # Unproven prose may lengthen a trailer at the end of a page, never make it swallow
        # most of the text: there the prose counts as it reads.
        for index, score in unproven.items():
            scores[index] = score
        for index in range(last, -1, -1):
            suffix[index] = suffix[index + 1] + scores[index]
        best_index = best_start()
    if best_index is None or suffix[best_index] < threshold:
        return None
    best_score = suffix[best_index]
    # The trailer starts at a boilerplate line, never on a prose line it would swallow.
    while best_index < len(tail) and scores[best_index] < 0:
        best_index += 1
    # Furniture repeating one template directly above ("2022年第4期", "2022年第3期", …) is part
    # of it, even where the article above is made of short lines too and only a marker could
    # say where the furniture starts.
    template_start = _template_run_start(tail, best_index)
    if kept_chars(template_start) >= MIN_KEPT_SHARE * total_chars:
        best_index = template_start
    # A list the article introduces with a colon ("报名地点如下：", "Tour dates:") is the
    # article's, even when buttons follow it: the trailer starts at the first line of
    # furniture under the list (the introducer itself, short and unfinished, may have scored
    # as a headline), and a list with none under it is left to ``list_evidence``.
    best_index = _below_introduced_list(lines, start, best_index)
    if in_references and best_index > 0:
        best_index = _below_reference_entries(tail, best_index)
    trailer_lines = tail[best_index:]
    if not trailer_lines or (len(trailer_lines) < _MIN_UNMARKED_TRAILER_LINES
                             and not after_end_credit
                             and not any(marks[best_index:])):
        return None
    anchor = lines[anchor_index] if anchor_index >= 0 else None
    segments = split_segments(trailer_lines, min_list_items, after_end_credit, repeated)
    return Trailer(first=trailer_lines[0], score=best_score, segments=segments, anchor=anchor)


def _below_introduced_list(lines: Sequence[Line], start: int, index: int) -> int:
    """Where a trailer found at ``lines[start + index]`` starts once a list the article
    introduces with a colon, at or right above that line, is left to the article: at the first
    line of strong furniture under it (``index`` when there is none)."""
    position = start + index
    if position >= len(lines):
        return index
    if _introduces_own_list(lines[position].content):
        rows_from = position + 1
    elif position > 0 and _introduces_own_list(lines[position - 1].content):
        rows_from = position
    else:
        return index
    furniture = next((found for found in range(rows_from, len(lines))
                      if _is_strong_furniture(lines[found].content)), None)
    if furniture is None:
        return index
    rows = lines[rows_from:furniture]
    if _has_template(rows) or _has_link_shape(rows):
        return index  # rows shaped like links or a menu are furniture too, colon or not
    return furniture - start


def _below_reference_entries(tail: Sequence[Line], index: int) -> int:
    """Where a trailer found at ``tail[index]``, under the article's reference heading
    (``tail[0]``), starts once the section's entries are left to the article: at the first
    line of strong furniture at or below it (``index`` when there is none).

    A reference section's last entries are short titles ("Hermitian Matrices". MathPages.com.)
    that score as headlines, as the page's footer below them does; a footer announces itself
    ("Retrieved from …", "Categories:"), an entry does not.
    """
    furniture = next((found for found in range(index, len(tail))
                      if _is_strong_furniture(tail[found].content)), None)
    return index if furniture is None else furniture


def _template_run_start(tail: Sequence[Line], index: int) -> int:
    """Where a run of short lines of one template (``_template_shape``) ends directly above
    ``tail[index]`` opens, or ``index`` when the run has fewer than ``_TEMPLATE_RUN_MIN_LINES``
    lines or a colon introduces it (an article's own list: "Issues so far:")."""
    first = index
    shape: str | None = None
    while first > 0 and _is_list_item(tail[first - 1]):
        above = _template_shape(tail[first - 1].content)
        if shape is not None and above != shape:
            break
        shape, first = above, first - 1
    if index - first < _TEMPLATE_RUN_MIN_LINES:
        return index
    if first > 0 and tail[first - 1].content.rstrip().endswith((":", "：")):
        return index
    return first


def _is_list_item(line: Line) -> bool:
    """A short link-like line, not prose: what a list or a template row looks like."""
    return is_link_like(line) and not is_prose(line)


def split_segments(lines: Sequence[Line], min_list_items: int, teasers: bool,
                   repeated: Container[int] = frozenset()) -> tuple[Segment, ...]:
    """Split trailer lines into link-list runs and prose parts, merging small pieces.

    A run of at least ``min_list_items`` link-like or furniture lines is a link list; whatever
    lies between runs is prose when it holds a prose line (a teaser, blurb or comment: not a
    marker, call to action, copyright or disclosure line), else it joins the neighbouring
    list. A trailer with no prose at all is one link list.
    """
    # The repetition test last: it is the costly one, and a list item needs no answer. A
    # line in the page's voice (a marker, a call to action, a copyright or disclosure line)
    # is furniture whatever its length: a part holding nothing else is not prose.
    kinds = ["list" if (is_link_like(line) and not (teasers and is_prose(line)))
             or _is_strong_furniture(line.content) or line.index in repeated else "prose"
             for line in lines]
    runs: list[tuple[str, int, int]] = []  # (kind, first index, last index)
    for index, kind in enumerate(kinds):
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1], index)
        else:
            runs.append((kind, index, index))
    # Short list runs are not lists of their own: they belong to the prose around them.
    labelled = [
        ("link-list" if kind == "list" and last - first + 1 >= min_list_items else "prose",
         first, last)
        for kind, first, last in runs
    ]
    has_prose = any(kinds[i] == "prose" for i in range(len(lines)))
    if not any(kind == "link-list" for kind, _, _ in labelled):
        # Without a real list run, long lines after a closing credit are teasers.
        teaser_lines = teasers and any(line.words >= PROSE_WORDS and line.index not in repeated
                                       for line in lines)
        kind = "prose" if has_prose or teaser_lines else "link-list"
        return (Segment(kind, lines[0], lines[-1], len(lines)),)
    merged: list[tuple[str, int, int]] = []
    for kind, first, last in labelled:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1], last)
        else:
            merged.append((kind, first, last))
    # A "prose" part without any prose line (a few stray buttons) joins the list before it.
    cleaned: list[tuple[str, int, int]] = []
    for kind, first, last in merged:
        if kind == "prose" and not any(kinds[i] == "prose" for i in range(first, last + 1)):
            kind = "link-list"
        if cleaned and cleaned[-1][0] == kind:
            cleaned[-1] = (kind, cleaned[-1][1], last)
        else:
            cleaned.append((kind, first, last))
    return tuple(Segment(kind, lines[first], lines[last], last - first + 1)
                 for kind, first, last in cleaned)


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
#: A link's site after its title: "Storm hits coast | Example News", "… - Site", "… — Site".
_SITE_SUFFIX_RE: Final = lazy_regex.compile(r"\s[|｜\-–—]\s+([^|｜\-–—]{2,40})$")
_HANDLE_OR_URL_RE: Final = lazy_regex.compile(r"(?:https?://|www\.)\S+|(?<!\w)@\w{2,}")
#: A run is a table when this share of its lines holds two numeric cells or more ...
_TABLE_ROW_SHARE: Final = 0.5
#: ... and an enumeration when this share of its lines opens with an enumerator.
_ENUMERATED_SHARE: Final = 0.5
#: A line that introduces the article's own list is a clause of at least this many words (a
#: CJK character is half a word): "报名时间及地点如下：" has 5, "The dates are:" 3; a bare label
#: ("友情链接：", "Next post:") has fewer.
_INTRODUCER_MIN_WORDS: Final = 3
#: A label that introduces what follows ("附：", "Note:") sits within this many characters of
#: the line's start.
_LABEL_MAX_CHARS: Final = 8
#: Lines of one shape (digits aside) this many times over are a template: page furniture
#: ("2022年第4期", "Undo", "Article content"), not the varied lines an author writes (who
#: may repeat a name or a heading once).
_TEMPLATE_MIN_REPEATS: Final = 3
#: A run of one template directly above the trailer joins it only this long: an archive or
#: pagination menu lists every issue ("2022年第4期" … 21 rows), while an article's own
#: numbered rows ("Week 1 - 3 km" … "Week 4 - 6 km", "第1组" … "第4组") are a handful, and a
#: run of them under a heading with no colon must stay.
_TEMPLATE_RUN_MIN_LINES: Final = 8
#: One site after this many titles ("… | Example News") marks a list of links.
_SITE_MIN_REPEATS: Final = 2
#: Date and title alternating this many times over: a list of dated headlines.
_DATE_TITLE_MIN_PAIRS: Final = 2
_DIGITS_RE: Final = lazy_regex.compile(r"\d+")


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


def _introduces_own_list(content: str) -> bool:
    """``introduces_list``, and a clause ("报名时间及地点如下：", "The North American dates
    are:"), not a bare label: "友情链接：", "Keywords:", "Next post:" label page furniture the
    vocabulary may not know, and their rows are not the article's."""
    return (introduces_list(content) and textlib.word_units(content) >= _INTRODUCER_MIN_WORDS
            and not is_credit(content))


def _is_strong_furniture(content: str) -> bool:
    return (is_marker(content) or is_related_marker(content)
            or is_furniture_sentence(content))


def _has_template(run: Sequence[Line]) -> bool:
    shapes: dict[str, int] = {}
    for line in run:
        shape = _template_shape(line.content)
        shapes[shape] = shapes.get(shape, 0) + 1
    return any(count >= _TEMPLATE_MIN_REPEATS for count in shapes.values())


def _template_shape(content: str) -> str:
    """A line's template: its text with every number the same ("2022年第4期" → "0年第0期")."""
    return _DIGITS_RE.sub("0", content.strip().lower())


def _has_link_shape(run: Sequence[Line]) -> bool:
    """Link-like shapes: "title | site" with one site for several titles, a URL or handle,
    or dates alternating with titles."""
    sites: dict[str, int] = {}
    for line in run:
        if _HANDLE_OR_URL_RE.search(line.content):
            return True
        match = _SITE_SUFFIX_RE.search(line.content)
        if match:
            site = match.group(1).strip().lower()
            sites[site] = sites.get(site, 0) + 1
    if any(count >= _SITE_MIN_REPEATS for count in sites.values()):
        return True
    dates = [is_date_only(line.content) for line in run]
    pairs = sum(1 for first, second in zip(dates, dates[1:], strict=False)
                if first and not second)
    return pairs >= _DATE_TITLE_MIN_PAIRS


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
