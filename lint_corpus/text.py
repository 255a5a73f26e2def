"""Character-level knowledge shared by the rules: punctuation, brackets, scripts, bullets.

Everything here works on both Latin and CJK text. Sets are deliberately explicit rather than
derived from Unicode categories, because the categories lump together marks that mean
different things for a sentence boundary (an ASCII apostrophe versus a closing quote).
"""

from __future__ import annotations

import math
import re
from typing import Final

from lint_corpus import native

#: Marks that end a sentence in Latin or CJK text (full-width and ideographic forms included).
SENTENCE_END: Final = frozenset(".!?…。！？｡‼⁇⁈⁉;；")

#: Closing marks that may follow a sentence end ("…end.”" or "…。」").
CLOSERS: Final = frozenset("\"'”’»›」』）)】〕〗〉》]}｝")

_CLOSER_CHARS: Final = "".join(sorted(CLOSERS))

#: Pairs of brackets and quotes whose opener left unclosed at the end of a document shows the
#: text was cut. ASCII quotes are handled separately because they open and close alike.
BRACKET_PAIRS: Final = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "【": "】",
    "〔": "〕",
    "〖": "〗",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "“": "”",
    "«": "»",
}
CLOSING_TO_OPENING: Final = {close: open_ for open_, close in BRACKET_PAIRS.items()}
# Every character ``unclosed_opener`` acts on: the scan visits only these, not every letter.
_PAIRED_RE: Final = re.compile(
    "[" + re.escape("".join([*BRACKET_PAIRS, *CLOSING_TO_OPENING, '"'])) + "]")

#: Bullet markers as they appear at the start of a list item, with optional indentation.
BULLET_RE: Final = re.compile(
    r"^[ \t\u00a0\u3000]*(?:[-*+•·‧∙◦▪▫■□●○◆◇►▸‣⁃–—]|\d{1,3}[.)、]|[a-zA-Z][.)]|[（(]\d{1,3}[)）])"
    r"(?=[ \t\u00a0\u3000]|$)"
)

_LATIN_RE: Final = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_RE: Final = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002ffff]"
)

#: Characters stripped from the ends of a line before judging its shape; includes the
#: invisible ones scrapers leave behind (NBSP, zero-width space, BOM, ideographic space).
EDGE_WHITESPACE: Final = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000"


def strip_edges(text: str) -> str:
    return text.strip(EDGE_WHITESPACE)


def is_cjk_char(char: str) -> bool:
    return _CJK_RE.match(char) is not None


def count_cjk(text: str) -> int:
    """Characters of ``text`` that ``_CJK_RE`` matches."""
    return native.script_counts(text)[0]


def count_latin_letters(text: str) -> int:
    """Characters of ``text`` that ``_LATIN_RE`` matches."""
    return native.script_counts(text)[1]


def script_of(text: str) -> str:
    """Return ``"han"`` (Chinese/Japanese/Korean), ``"latin"``, or ``"other"`` by majority:
    ``han`` when ``count_cjk`` is at least ``count_latin_letters`` and either is non-zero."""
    return native.script_of(text)


#: A word: letters with inner apostrophes, or a number (the definition ``word_units``
#: computes natively, kept here for the tests that compare the two).
_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)


def word_units(text: str) -> int:
    """Length in words, counting each CJK character as half a word: the number of
    ``_WORD_RE`` matches once the CJK characters (``_CJK_RE``) are blanked out, plus half
    the CJK characters, rounded up (computed natively: ``native.word_units``).

    CJK text has no spaces, so a Chinese headline of 20 characters is about as long, in
    reading terms, as an English one of 10 words.
    """
    return native.word_units(text)



def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence-final mark, possibly followed by closers."""
    # Stripping the closers with one C-level call instead of a loop over characters.
    stripped = strip_edges(text).rstrip(_CLOSER_CHARS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def unclosed_opener(text: str) -> int | None:
    """Offset in ``text`` of the innermost bracket or quote left open at its end, if any.

    Typographic pairs are matched with a stack; a straight double quote counts as open when it
    occurs an odd number of times, since it opens and closes alike.
    """
    stack: list[int] = []
    straight_quotes: list[int] = []
    for match in _PAIRED_RE.finditer(text):
        offset, char = match.start(), match.group()
        if char in BRACKET_PAIRS:
            stack.append(offset)
        elif char in CLOSING_TO_OPENING:
            opener = CLOSING_TO_OPENING[char]
            # Pop back to the matching opener; an unmatched closer is ignored rather than
            # poisoning the rest of the line (scraped text often drops an opener).
            for depth in range(len(stack) - 1, -1, -1):
                if text[stack[depth]] == opener:
                    del stack[depth:]
                    break
        elif char == '"':
            straight_quotes.append(offset)
    candidates = []
    if stack:
        candidates.append(stack[-1])
    if len(straight_quotes) % 2 == 1:
        candidates.append(straight_quotes[-1])
    return max(candidates) if candidates else None


def is_bullet_line(text: str) -> bool:
    return BULLET_RE.match(text) is not None


def bullet_content(text: str) -> str:
    """The text of a list item after its marker (empty for a dangling bullet)."""
    match = BULLET_RE.match(text)
    return strip_edges(text[match.end() :]) if match else strip_edges(text)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: a character two columns wide (East
    Asian Width W or F: CJK ideographs, kana, hangul, CJK punctuation, the full-width forms;
    ``core/src/text.rs`` lists the ranges) takes two."""
    return native.display_width(text)


#: Hard wrapping is judged on lines at least this wide (columns): shorter lines are headings,
#: list items and the last lines of paragraphs, whatever the wrapping.
WRAP_MIN_COLUMNS: Final = 30
#: ... and at most this wide: text is wrapped for a screen or a page, and a longer line is a
#: paragraph of its own (its width is not measured, which keeps a huge line cheap).
WRAP_MAX_COLUMNS: Final = 200
#: A wrapped Latin line fills the width to within this share of it: Latin text breaks at the
#: last space, and a long word leaves up to a fifth of the line empty ...
WRAP_SLACK: Final = 0.2
#: ... while CJK text breaks at any character: a wrapped line fills the width to within one
#: wide character (or two narrow ones), which a list of headlines of about the same length
#: does not do line after line.
WRAP_CJK_SLACK_COLUMNS: Final = 2
#: Text is hard-wrapped when this share of its wide lines fill the width ...
WRAP_MIN_FULL_SHARE: Final = 0.5
#: ... and this many do, at least: two full lines are a coincidence, three a pattern.
WRAP_MIN_FULL_LINES: Final = 3
#: ... and at most this share of the full lines end a sentence: in text with one paragraph
#: a line, a line as long as the longest is a paragraph that happens to be long, and it ends
#: a sentence.
WRAP_MAX_FINISHED_SHARE: Final = 0.5
#: A wrapped paragraph ends on a shorter line that finishes its sentence: more than this
#: share of the runs of full lines (those not at the end of the text, which may be cut) end
#: so. A list of teasers cut to one length (a portal's fixed-width blurbs) fills the width
#: too, but its runs end on another teaser or a title, not on the end of a sentence.
WRAP_MIN_ENDED_RUN_SHARE: Final = 0.5
#: No full line of wrapped text is narrower than this: the slack below the narrowest width
#: that is judged, in either script.
WRAP_MIN_FULL_COLUMNS: Final = min(math.floor(WRAP_MIN_COLUMNS * (1 - WRAP_SLACK)),
                                   WRAP_MIN_COLUMNS - WRAP_CJK_SLACK_COLUMNS)
#: Runs of fewer full lines say nothing either way: one full teaser before a short finished
#: one is a coincidence, a paragraph of three lines or more wraps at least twice.
WRAP_MIN_RUN_LINES: Final = 2
#: Without such an end (a text of one wrapped paragraph), sentences that run across the
#: lines must show: at least this share of the full lines hold a sentence end inside them,
#: while a cut teaser is the start of one long sentence.
WRAP_MIN_INNER_END_SHARE: Final = 0.5

#: The thresholds above, as the core takes them.
WRAP_PARAMETERS: Final = native.WrapParameters(
    WRAP_MIN_COLUMNS, WRAP_MAX_COLUMNS, WRAP_SLACK, WRAP_CJK_SLACK_COLUMNS, WRAP_MIN_FULL_SHARE,
    WRAP_MIN_FULL_LINES, WRAP_MAX_FINISHED_SHARE, WRAP_MIN_ENDED_RUN_SHARE,
    WRAP_MIN_FULL_COLUMNS, WRAP_MIN_RUN_LINES, WRAP_MIN_INNER_END_SHARE)


def wrap_band(lines: list[str]) -> tuple[int, int] | None:
    """The widths (lowest, highest, in columns) of the lines that fill the width at which
    ``lines`` were hard-wrapped, or ``None`` when they were not.

    Judged from line-length regularity alone, so it works for every script: in wrapped text
    most wide lines end within a few columns of the same width and do not end a sentence
    (only a paragraph's last line may, and it is shorter). Computed natively
    (core/src/text.rs); ``tests/equivalence/plain_lines.py`` holds the same test in Python.

    - A line's width is its ``display_width``; a line longer than ``WRAP_MAX_COLUMNS``
      characters is not measured.
    - The wide lines are those from ``WRAP_MIN_COLUMNS`` to ``WRAP_MAX_COLUMNS`` wide; the
      band is the width that most wide lines fill to within the slack below it (the widest
      of equals), the slack being ``WRAP_CJK_SLACK_COLUMNS`` when most wide lines are CJK
      and ``WRAP_SLACK`` of the width otherwise.
    - The lines in the band must be at least ``WRAP_MIN_FULL_LINES`` and
      ``WRAP_MIN_FULL_SHARE`` of the wide lines, and at most ``WRAP_MAX_FINISHED_SHARE``
      of them may end a sentence.
    - Then the text is wrapped when more than ``WRAP_MIN_ENDED_RUN_SHARE`` of the runs of
      at least ``WRAP_MIN_RUN_LINES`` full lines (not counting the text's last line) end on
      a shorter line that ends a sentence; or, with no such run, when at least
      ``WRAP_MIN_INNER_END_SHARE`` of the full lines hold a sentence end inside them: a CJK
      end mark before more text, or a Latin one after a lower-case word (not a list number
      or an initial: "1. In", "S. Carey") and before a space and a capital.
    """
    return native.wrap_band(lines, WRAP_PARAMETERS)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 finding``, ``2 findings``: a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


#: How far back from the cut ``shorten`` looks for a space to end on: past this, the text
#: has no spaces to speak of (Chinese, a URL) and is cut where it stands.
_WORD_BACKTRACK = 15


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: whole when it fits, else cut after a word
    (a character in text without spaces) and ended with "…", so a reader sees it was cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ", max(0, len(head) - _WORD_BACKTRACK))
    if space > 0 and not text[limit - 1].isspace():
        head = head[:space]
    return head.rstrip() + "…"
