"""The one module that imports the native core, ``lint_corpus._core`` (the Rust crate in
``core/``): typed wrappers over its calls, each one call per document or per text.

A panic in the core arrives here as :class:`CoreError`, an ordinary exception: the engine
isolates it like any failing rule, as that document's error, and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final, NamedTuple

from lint_corpus import _core

CoreError: Final[type[Exception]] = _core.CoreError

#: ``text.word_units``, ``text.script_of``, ``(text.count_cjk,
#: text.count_latin_letters)`` and ``text.display_width`` of one text (core/src/chars.rs,
#: core/src/text.rs).
word_units: Final = _core.word_units
script_of: Final = _core.script_of
script_counts: Final = _core.script_counts
display_width: Final = _core.display_width

#: A keyword pattern compiled by the core (core/src/patterns.rs): ``Pattern(source,
#: ignore_case)``, ``.is_match(text)``, ``.source``. The syntax is the Rust ``regex`` crate's:
#: no look-arounds, and ``$`` is the end of the text.
Pattern = _core.Pattern

#: The trailer analysis' line classifier (core/src/features.rs): ``TrailerLines(buttons,
#: related, sentences, comments, prose_words=, blurb_words=)`` from the furniture
#: vocabularies (``Pattern``) and the two thresholds its scores share. ``.features(contents)``
#: gives each line's kind (``LineKind``) and its length in words capped at ``.words_cap``, as
#: two byte strings (one byte a line); ``.is_marker``, ``.is_related_marker``,
#: ``.is_furniture_sentence``, ``.is_prose``, ``.is_link_like``, ``.is_ellipsis_cut(content,
#: words)`` and ``.capped_word_units`` answer for one line; ``.related_marker_lines(table)``
#: for every line of a document.
TrailerLines = _core.TrailerLines


#: The trailer analysis (core/src/trailer.rs): ``TrailerAnalysis(lines, reference_headings,
#: wrap_parameters)`` from a ``TrailerLines``, the reference-heading vocabulary (``Pattern``)
#: and ``WrapParameters``. ``.analyse(table, threshold, min_list_items, on_topic_share)``
#: gives a document's trailer as (first line, score, parts, closing credit's line or
#: ``None``), each part (kind, first line, last line, lines in it), lines by index; or
#: ``None``. ``.wrap_continuations(table)``: the lines that run on into the next.
TrailerAnalysis = _core.TrailerAnalysis
#: Whether lines (their texts) repeat one template, digits aside, or have the shapes of a
#: list of links (core/src/trailer.rs): the trailer's evidence that a run is furniture.
has_template: Final = _core.has_template
has_link_shape: Final = _core.has_link_shape
#: ``credits.ends_sentence`` (core/src/trailer.rs).
ends_sentence_with_notes: Final = _core.ends_sentence_with_notes


def without_closing_note(content: str) -> str:
    """``credits.without_closing_note`` (core/src/trailer.rs)."""
    return content[:_core.closing_note_start(content)]


class LineKind(IntEnum):
    """What a line is to the trailer analysis (``features::Kind`` in core/src/features.rs)."""

    TEXT = 0
    CODE = 1
    LINK = 2
    PROSE = 3
    URL_OR_DATE = 4
    MARKER = 5
    RELATED_MARKER = 6


#: One line's answers (core/src/features.rs, core/src/credits.rs): ``trailer.looks_like_code``,
#: ``trailer.is_date_only``, ``credits.is_credit``, ``credits.is_strong_credit``,
#: ``credits.is_closing_label`` and ``credits.is_interview_turn``.
looks_like_code: Final = _core.looks_like_code
is_date_only: Final = _core.is_date_only
is_credit: Final = _core.is_credit
is_strong_credit: Final = _core.is_strong_credit
is_closing_label: Final = _core.is_closing_label
is_interview_turn: Final = _core.is_interview_turn


class WrapParameters(NamedTuple):
    """The thresholds of ``text.wrap_band`` (named and explained there); a tuple, which
    the core reads as it is."""

    min_columns: int
    max_columns: int
    slack: float
    cjk_slack_columns: int
    min_full_share: float
    min_full_lines: int
    max_finished_share: float
    min_ended_run_share: float
    min_full_columns: int
    min_run_lines: int
    min_inner_end_share: float


def wrap_band(lines: list[str], parameters: WrapParameters) -> tuple[int, int] | None:
    return _core.wrap_band(lines, parameters)


class DuplicateParameters(NamedTuple):
    """duplicate-section's thresholds for its lexical search (its options, named and
    explained in rules/duplicate_section.py); a tuple, which the core reads as it is."""

    shingle_size: int
    min_containment: float
    short_unit_words: int
    short_unit_min_containment: float
    min_anchor_share: float
    max_anchor_lines: int
    max_postings: int
    template_min_lines: int
    shingle_fallback: bool


class DuplicateMatch(NamedTuple):
    """Unit ``later`` repeats units ``first``..``last`` (indices into the units passed) with
    similarity ``score``; ``weight`` is its shingle count, ``added_run`` the longest run of
    its tokens found in no shingle of those earlier units (core/src/duplicates.rs)."""

    later: int
    first: int
    last: int
    score: float
    weight: int
    added_run: int


def wrap_regions(table: LineTable, *, min_width: int, max_width: int, min_lines: int
                 ) -> list[tuple[int, int]]:
    """(first, last) positions among the non-blank lines of the runs that may hold a
    hard-wrapped paragraph (core/src/duplicates.rs, ``wrap_regions``)."""
    return _core.wrap_regions(table.native, min_width, max_width, min_lines)


def duplicate_matches(table: LineTable, paragraphs: list[tuple[int, int, str]],
                      min_words: tuple[float, float], parameters: DuplicateParameters,
                      ) -> list[DuplicateMatch]:
    """duplicate-section's lexical matches among a document's units: its non-blank lines,
    the runs ``paragraphs`` names by (first line, last line, joined text) taken as one.

    A unit is compared when it has ``min_words[0]`` words if it ends a sentence or with a
    colon, ``min_words[1]`` otherwise. Texts are lowercased here, by ``str.lower``, so case
    folds exactly as Python folds it.
    """
    rows = _core.duplicate_matches(
        table.native, table.text.lower(),
        [(first, last, text, text.lower()) for first, last, text in paragraphs],
        min_words, parameters)
    return [DuplicateMatch(*row) for row in rows]


#: ``LineTable.flags`` bits (core/src/lines.rs).
ENDS_SENTENCE: Final = 1
IS_BULLET: Final = 2


class LineTable:
    """The lines of one text and what the rules ask of each, as columns (one row a line).

    Offsets are character offsets into ``text``. Lines end at ``"\\n"`` and at a ``"\\r"``
    not followed by one; a ``"\\r\\n"`` line keeps its ``"\\r"``.
    """

    __slots__ = ("text", "native", "starts", "ends", "content_starts", "content_ends",
                 "words", "cjk", "latin", "flags", "has_surrogates")

    def __init__(self, text: str) -> None:
        self.text = text
        self.native = _core.line_table(text)
        columns = self.native.columns()
        self.starts, self.ends, self.content_starts, self.content_ends, self.words, \
            self.cjk, self.latin = (memoryview(column).cast("I") for column in columns[:7])
        self.flags: bytes = columns[7]
        #: Whether ``text`` holds lone surrogates (U+D800-U+DFFF), known from the decoding.
        self.has_surrogates: bool = self.native.has_surrogates

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(frozen=True)
class WhitespaceFinding:
    """One bad-whitespace finding as the core reports it."""

    start: int
    end: int
    message: str
    fix_title: str
    edits: tuple[tuple[int, int, str], ...]
    category: str
    #: Characters the edits cover (``None`` for a run of blank lines).
    chars: int | None
    #: Blank lines in the run (``None`` for the other categories).
    blank_lines: int | None


def bad_whitespace(table: LineTable, *, max_blank_lines: int, nbsp_inside_lines: bool
                   ) -> list[WhitespaceFinding]:
    rows = _core.bad_whitespace(table.native, max_blank_lines, nbsp_inside_lines)
    return [WhitespaceFinding(start, end, message, title, tuple(edits), category, chars, blank)
            for start, end, message, title, edits, category, chars, blank in rows]
