"""Character-level knowledge shared by the rules: punctuation, brackets, scripts, bullets.

Everything here works on both Latin and CJK text. Sets are deliberately explicit rather than
derived from Unicode categories, because the categories lump together marks that mean
different things for a sentence boundary (an ASCII apostrophe versus a closing quote).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Final

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

_HAN_RE: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_KANA_HANGUL_RE: Final = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_LATIN_RE: Final = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_RE: Final = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002ffff]"
)
# Runs of CJK characters: ``word_units`` blanks out a run with one substitution, not one per
# character (each substitution costs more than the characters it covers).
_CJK_RUN_RE: Final = re.compile(_CJK_RE.pattern + "+")

#: Characters stripped from the ends of a line before judging its shape; includes the
#: invisible ones scrapers leave behind (NBSP, zero-width space, BOM, ideographic space).
EDGE_WHITESPACE: Final = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000"


def strip_edges(text: str) -> str:
    return text.strip(EDGE_WHITESPACE)


def is_cjk_char(char: str) -> bool:
    return _CJK_RE.match(char) is not None


def count_cjk(text: str) -> int:
    return len(_CJK_RE.findall(text))


def count_latin_letters(text: str) -> int:
    return len(_LATIN_RE.findall(text))


def script_of(text: str) -> str:
    """Return ``"han"`` (Chinese/Japanese/Korean), ``"latin"``, or ``"other"`` by majority."""
    cjk = count_cjk(text)
    latin = count_latin_letters(text)
    if cjk == 0 and latin == 0:
        return "other"
    return "han" if cjk >= latin else "latin"


_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
# The same words in ASCII text: letters are [A-Za-z] and digits [0-9] there, and the engine
# tests a plain ASCII class about a third faster than the Unicode categories.
_ASCII_WORD_RE: Final = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*|[0-9]+(?:[.,][0-9]+)*", re.ASCII)


def count_word_units(text: str) -> int:
    """Length in words, counting each CJK character as half a word.

    CJK text has no spaces, so a Chinese headline of 20 characters is about as long, in
    reading terms, as an English one of 10 words.
    """
    if text.isascii():  # no CJK to count or blank out
        return len(_ASCII_WORD_RE.findall(text))
    # One pass: each run of n CJK characters becomes one space, which shortens the text by
    # n - 1, so the characters removed plus the runs replaced is the CJK count. One space
    # separates the words around a run as well as n spaces would: no word contains a space.
    without_cjk, runs = _CJK_RUN_RE.subn(" ", text)
    cjk = len(text) - len(without_cjk) + runs
    return len(_WORD_RE.findall(without_cjk)) + (cjk + 1) // 2


#: ``count_word_units``, cached: the trailer analysis asks for the same line's length
#: several times.
word_units = functools.lru_cache(maxsize=1 << 14)(count_word_units)


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


# Runs of characters two columns wide in a fixed-width font: CJK ideographs, kana, hangul,
# CJK punctuation and the full-width forms (East Asian Width W and F).
_WIDE_RUN_RE: Final = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    r"\U00020000-\U0003fffd]+"
)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: a CJK character takes two."""
    # The wide characters are those the substitution removes: no list of them is built.
    return 2 * len(text) - len(_WIDE_RUN_RE.sub("", text))


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
# A sentence end inside a line: a CJK end mark before more text, or a Latin one after a
# lower-case word (not a list number or an initial: "1. In", "S. Carey") and before a
# space and a capital.
_INNER_END_RE: Final = re.compile(r"[。！？｡](?=\S)|[a-z]{2}[.!?][\"'”’]?\s+(?=[A-Z])")


def _wrap_width_of(line: str) -> int:
    """``display_width`` where it matters: more than ``WRAP_MAX_COLUMNS`` for any line that
    long, and the length for a line too short to be wide even in CJK (every comparison with
    a wrap width comes out the same for it)."""
    if len(line) > WRAP_MAX_COLUMNS:
        return WRAP_MAX_COLUMNS + 1
    return display_width(line) if 2 * len(line) >= WRAP_MIN_FULL_COLUMNS else len(line)


def wrap_band(lines: list[str]) -> tuple[int, int] | None:
    """The widths (lowest, highest, in columns) of the lines that fill the width at which
    ``lines`` were hard-wrapped, or ``None`` when they were not.

    Judged from line-length regularity alone, so it works for every script: in wrapped text
    most wide lines end within a few columns of the same width and do not end a sentence
    (only a paragraph's last line may, and it is shorter).
    """
    widths = [_wrap_width_of(line) for line in lines]
    wide = [(width, line) for width, line in zip(widths, lines, strict=True)
            if WRAP_MIN_COLUMNS <= width <= WRAP_MAX_COLUMNS]
    if len(wide) < WRAP_MIN_FULL_LINES:
        return None
    cjk = sum(1 for _, line in wide if script_of(line) == "han")
    ordered = sorted(width for width, _ in wide)

    def lowest(width: int) -> int:
        if 2 * cjk > len(wide):
            return width - WRAP_CJK_SLACK_COLUMNS
        return math.ceil(width * (1 - WRAP_SLACK))

    def filling(width: int) -> int:  # wide lines within the slack below ``width``
        return (bisect.bisect_right(ordered, width)
                - bisect.bisect_left(ordered, lowest(width)))

    width = max(set(ordered), key=lambda candidate: (filling(candidate), candidate))
    low = lowest(width)
    full = [line for line_width, line in wide if low <= line_width <= width]
    if len(full) < WRAP_MIN_FULL_LINES or len(full) < WRAP_MIN_FULL_SHARE * len(wide):
        return None
    finished = sum(1 for line in full if ends_sentence(line))
    if finished > WRAP_MAX_FINISHED_SHARE * len(full):
        return None
    # Each run of full lines followed by a line that is not the text's last (which may be
    # the cut): does a shorter line that finishes the paragraph follow it?
    run_ends: list[bool] = []
    run = 0
    for line, line_width in zip(lines[:-1], widths, strict=False):
        if low <= line_width <= width:
            run += 1
            continue
        if run >= WRAP_MIN_RUN_LINES:
            run_ends.append(line_width < low and ends_sentence(line))
        run = 0
    if run_ends and sum(run_ends) > WRAP_MIN_ENDED_RUN_SHARE * len(run_ends):
        return low, width
    inner = sum(1 for line in full if _INNER_END_RE.search(line))
    return (low, width) if not run_ends and inner >= WRAP_MIN_INNER_END_SHARE * len(full) else None


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
