"""The source snippet under a finding in ``--format full``, as ruff's full format draws it:
the offending line(s) with the span underlined, and with ``--show-fixes`` the lines the fix
changes, before and after.

    16 | 台北市長表示，這項計畫將在明年
       |             ^^^^^^^^^^^^^^^^^^

Columns count display cells, not characters: a CJK wide or full-width character takes two
(``unicodedata.east_asian_width`` W or F), a combining mark none. Characters a terminal would
not show, or would act on (control and zero-width characters: what ``bad-whitespace`` finds),
are drawn as ``<U+200B>``, so that the carets have something to point at. Corpus lines can
be paragraphs of thousands of characters and spans can cover a 50-line link list, so long
lines are cut around the span and long spans show their first and last lines.
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lint_corpus.reporters.style import Style

#: Display cells of a line shown; a longer line is cut around the span, with "…" at the cut.
MAX_LINE_CELLS = 100
#: Cells of context kept before a span that starts far into a long line.
CONTEXT_CELLS = 20
#: Lines of a span shown before the rest is elided: the first ``HEAD_LINES`` and the last.
HEAD_LINES = 3
#: Lines shown on each side of a fix's diff before the rest is elided.
MAX_FIX_LINES = 6
ELLIPSIS = "…"


def _shown(char: str) -> str:
    """How a character is drawn: itself, or its code point when a terminal would not show it
    (a tab becomes one space: its width depends on the terminal)."""
    if char == "\t":
        return " "
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp") or char in "\u3164\u115f\u1160":
        return f"<U+{ord(char):04X}>"
    return char


def cells(text: str) -> int:
    """Display cells of ``text`` once drawn (``_shown``)."""
    return sum(_char_cells(char) for char in text)


@lru_cache(maxsize=1 << 16)
def _glyph(char: str) -> tuple[str, int]:
    """A character as drawn, and its display cells (cached: text repeats its characters)."""
    drawn = _shown(char)
    return drawn, cells(drawn)


def _char_cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@dataclass(frozen=True)
class _View:
    """The part of a line that is drawn: the characters ``lo + first`` to ``lo + last`` (as
    ``drawn[first:last]``, each taking ``widths[i]`` cells), and whether text was cut on its
    left or right (drawn as "…")."""

    drawn: list[str]
    widths: list[int]
    #: Character offset, in the line, of ``drawn[0]``.
    lo: int
    first: int
    last: int
    left: bool
    right: bool

    def cells_before(self, offset: int) -> int:
        """Cells the shown characters before line offset ``offset`` take."""
        end = min(max(offset - self.lo, self.first), self.last)
        return sum(self.widths[self.first:end])

    def column(self, offset: int) -> int:
        """Display column (0-based) of the character at ``offset`` within the drawn line."""
        return (1 if self.left else 0) + self.cells_before(offset)


def _glyphs(segment: str) -> tuple[list[str], list[int]]:
    """Each character of ``segment`` as drawn, and its display cells."""
    if segment.isascii() and segment.isprintable():
        return list(segment), [1] * len(segment)  # most corpus text: itself, one cell each
    glyphs = [_glyph(char) for char in segment]
    return [drawn for drawn, _ in glyphs], [width for _, width in glyphs]


def _view(line: str, focus: int) -> _View:
    """The part of ``line`` drawn, keeping the character at ``focus`` in view with
    ``CONTEXT_CELLS`` before it. Only characters that can be in view are measured (each
    takes at least one cell), so a paragraph of thousands of characters costs no more than a
    short line."""
    lo = max(0, min(focus - CONTEXT_CELLS, len(line) - MAX_LINE_CELLS))
    hi = min(len(line), max(focus, lo) + MAX_LINE_CELLS)
    drawn, widths = _glyphs(line[lo:hi])
    before, after = lo > 0, hi < len(line)
    count = len(widths)
    if sum(widths) <= MAX_LINE_CELLS and not (before or after):
        return _View(drawn, widths, lo, 0, count, False, False)
    first = min(max(focus - lo, 0), count)
    budget = CONTEXT_CELLS
    while first > 0 and budget - widths[first - 1] >= 0:
        first -= 1
        budget -= widths[first]
    room = MAX_LINE_CELLS - 2  # the cells the ellipses take
    last, used = first, 0
    while last < count and used + widths[last] <= room:
        used += widths[last]
        last += 1
    if last == count and not after:  # the end is in view: use the room before it
        while first > 0 and used + widths[first - 1] <= room:
            first -= 1
            used += widths[first]
    return _View(drawn, widths, lo, first, last, first > 0 or before, last < count or after)


def _draw_line(line: str, marked: tuple[int, int] | None, focus: int
               ) -> tuple[str, str]:
    """A line as drawn and its caret row; ``marked`` is the ``[start, end)`` character range
    to underline (an empty range gets one caret), ``None`` for no carets."""
    view = _view(line, focus)
    drawn = "".join(view.drawn[view.first:view.last])
    if view.left:
        drawn = ELLIPSIS + drawn
    if view.right:
        drawn += ELLIPSIS
    if marked is None:
        return drawn, ""
    if marked[0] == marked[1]:  # a point, or a line break: one caret
        return drawn, " " * view.column(marked[0]) + "^"
    # The marked characters are consecutive: spaces up to the first, carets over them.
    before = view.column(marked[0])
    inside = view.column(marked[1]) - before
    return drawn, (" " * before + "^" * inside).rstrip()


class Snippet:
    """Draws the lines of one document's text, numbered, with a span underlined."""

    def __init__(self, text: str, style: Style) -> None:
        self.text = text
        self.lines = text.split("\n")
        #: Where each line starts in ``text`` (each ends with one "\n" but the last).
        self.starts = list(itertools.accumulate((len(line) + 1 for line in self.lines[:-1]),
                                                initial=0))
        self.style = style

    def _line_of(self, offset: int) -> int:
        """0-based index of the line holding character ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def finding(self, start: int, end: int, severity: str, help_text: str | None = None
                ) -> list[str]:
        """The lines under a finding's header: its span's lines, underlined (a span over
        several lines gets a bar on the left, as ruff draws it), and the ``= help:`` line
        (the fix's title) under them."""
        first = self._line_of(start)
        last = self._line_of(max(start, end - 1))
        width = len(str(last + 1))
        gutter = self.style.gutter(" " * width + " |")
        out = [gutter]
        if first == last:
            line_start = self.starts[first]
            line = self.lines[first]
            marked = (start - line_start, max(min(end, line_start + len(line)), start)
                      - line_start)
            drawn, carets = _draw_line(line, marked, marked[0])
            out.append(self._numbered(first, width, drawn))
            out.append(gutter + " " + self.style.caret(carets, severity))
        else:
            out.extend(self._multiline(start, end, first, last, width, severity))
        out.append(gutter)
        if help_text is not None:
            out.append(" " * (width + 1) + self.style.note(f"= help: {help_text}"))
        return out

    def _numbered(self, index: int, width: int, drawn: str, bar: str = "") -> str:
        body = f"{bar}{drawn}".rstrip()
        return self.style.gutter(f"{index + 1:>{width}} |") + (f" {body}" if body else "")

    def _multiline(self, start: int, end: int, first: int, last: int, width: int,
                   severity: str) -> list[str]:
        """A span over lines ``first``..``last``: ``/`` (or ``_^`` up to the first column)
        opens it, ``|`` runs down the left, ``|___^`` closes it under its last column."""
        def paint(text: str) -> str:
            return self.style.caret(text, severity)

        gutter = self.style.gutter(" " * width + " |")
        out: list[str] = []
        numbers = list(range(first, last + 1))
        if len(numbers) > HEAD_LINES + 1:
            numbers = [*numbers[:HEAD_LINES], -1, numbers[-1]]
        opening_column = start - self.starts[first]
        for index in numbers:
            if index < 0:
                out.append(self.style.gutter(" " * width + " " + ELLIPSIS)
                           + " " + paint("|"))
                continue
            drawn, _ = _draw_line(self.lines[index], None, 0)
            if index == first and opening_column == 0:
                out.append(self._numbered(index, width, drawn, paint("/") + " "))
            elif index == first:
                drawn, _ = _draw_line(self.lines[index], None, opening_column)
                out.append(self._numbered(index, width, drawn, "  "))
                column = _view(self.lines[index], opening_column).column(opening_column)
                out.append(gutter + " " + paint(" " + "_" * (column + 1) + "^"))
            else:
                out.append(self._numbered(index, width, drawn, paint("|") + " "))
        last_line = self.lines[last]
        end_offset = min(end, self.starts[last] + len(last_line)) - self.starts[last]
        column = _view(last_line, 0).column(end_offset)
        out.append(gutter + " " + paint("|" + "_" * column + "^"))
        return out

    def fix(self, edits: Sequence[dict[str, Any]]) -> list[str]:
        """The lines a fix's edits change, before (``-``) and after (``+``)."""
        if not edits:
            return []
        start = min(edit["start"] for edit in edits)
        end = max(edit["end"] for edit in edits)
        first = self._line_of(start)
        last = self._line_of(max(start, end - 1)) if end > start else first
        region_start = self.starts[first]
        region_end = self.starts[last] + len(self.lines[last])
        before = "\n".join(self.lines[first : last + 1])
        after_parts: list[str] = []
        cursor = region_start
        for edit in sorted(edits, key=lambda e: (e["start"], e["end"])):
            after_parts.append(self._text(cursor, edit["start"]))
            after_parts.append(edit["replacement"])
            cursor = max(cursor, edit["end"])
        after_parts.append(self._text(cursor, max(cursor, region_end)))
        after = "".join(after_parts)
        width = len(str(last + 1))
        out: list[str] = []
        focus = start - region_start
        out.extend(self._side("-", before.split("\n"), first, width, self.style.removed,
                              focus))
        if after:
            out.extend(self._side("+", after.split("\n"), first, width, self.style.added,
                                  focus))
        return out

    def _text(self, start: int, end: int) -> str:
        return self.text[start:end] if start < end else ""

    def _side(self, sign: str, lines: list[str], first: int, width: int,
              paint: Callable[[str], str], focus: int) -> list[str]:
        """One side of a fix's diff; ``focus`` (a column of its first line) stays in view."""
        shown = lines if len(lines) <= MAX_FIX_LINES else \
            [*lines[: MAX_FIX_LINES - 1], None, lines[-1]]
        out = []
        number = first
        for line in shown:
            if line is None:
                out.append(paint(f"{sign}{' ' * width} {ELLIPSIS}"))
                number = first + len(lines) - 1
                continue
            drawn, _ = _draw_line(_visible_end(line), None,
                                  focus if number == first else 0)
            out.append(paint(f"{sign}{number + 1:>{width}} | {drawn}".rstrip()))
            number += 1
        return out


def _visible_end(line: str) -> str:
    """``line`` with its trailing spaces drawn as "·", so that a fix that removes them
    shows a difference."""
    stripped = line.rstrip(" \u00a0")
    return stripped + "·" * (len(line) - len(stripped))
