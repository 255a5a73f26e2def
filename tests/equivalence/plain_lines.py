"""The Python definition of a document's lines and their features, which the native line table
(core/src/lines.rs, read through ``Document.lines``) must equal on any text; and of the text
measures ``lint_corpus.text`` computes natively (core/src/text.rs, core/src/chars.rs)."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from lint_corpus import text as textlib

#: A line end: "\n", or a "\r" that does not start a "\r\n".
LINE_END = re.compile(r"\r(?!\n)|\n")


@dataclass(frozen=True)
class PlainLine:
    index: int
    start: int
    end: int
    raw: str

    @property
    def content(self) -> str:
        return textlib.strip_edges(self.raw)

    def features(self) -> tuple[object, ...]:
        content = self.content
        return (self.index, self.start, self.end, self.raw, content, not content,
                plain_script_of(content), plain_word_units(content),
                textlib.ends_sentence(content), textlib.is_bullet_line(self.raw))


def plain_lines(text: str) -> list[PlainLine]:
    lines = []
    start = 0
    for index, raw in enumerate(LINE_END.split(text)):
        lines.append(PlainLine(index, start, start + len(raw), raw))
        start += len(raw) + 1
    return lines


_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_RUN_RE = re.compile(textlib._CJK_RE.pattern + "+")


def plain_count_cjk(text: str) -> int:
    return len(textlib._CJK_RE.findall(text))


def plain_count_latin_letters(text: str) -> int:
    return len(_LATIN_RE.findall(text))


def plain_script_of(text: str) -> str:
    cjk = plain_count_cjk(text)
    latin = plain_count_latin_letters(text)
    if cjk == 0 and latin == 0:
        return "other"
    return "han" if cjk >= latin else "latin"


def plain_word_units(text: str) -> int:
    without_cjk, runs = _CJK_RUN_RE.subn(" ", text)
    cjk = len(text) - len(without_cjk) + runs
    return len(textlib._WORD_RE.findall(without_cjk)) + (cjk + 1) // 2


_WIDE_RUN_RE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    r"\U00020000-\U0003fffd]+"
)
_INNER_END_RE = re.compile(r"[。！？｡](?=\S)|[a-z]{2}[.!?][\"'”’]?\s+(?=[A-Z])")


def plain_display_width(text: str) -> int:
    return 2 * len(text) - len(_WIDE_RUN_RE.sub("", text))


def has_inner_end(text: str) -> bool:
    return _INNER_END_RE.search(text) is not None


def _wrap_width_of(line: str) -> int:
    if len(line) > textlib.WRAP_MAX_COLUMNS:
        return textlib.WRAP_MAX_COLUMNS + 1
    return plain_display_width(line) if 2 * len(line) >= textlib.WRAP_MIN_FULL_COLUMNS \
        else len(line)


def plain_wrap_band(lines: list[str]) -> tuple[int, int] | None:
    """``text.wrap_band`` as it was written in Python."""
    t = textlib
    widths = [_wrap_width_of(line) for line in lines]
    wide = [(width, line) for width, line in zip(widths, lines, strict=True)
            if t.WRAP_MIN_COLUMNS <= width <= t.WRAP_MAX_COLUMNS]
    if len(wide) < t.WRAP_MIN_FULL_LINES:
        return None
    cjk = sum(1 for _, line in wide if plain_script_of(line) == "han")
    ordered = sorted(width for width, _ in wide)

    def lowest(width: int) -> int:
        if 2 * cjk > len(wide):
            return width - t.WRAP_CJK_SLACK_COLUMNS
        return math.ceil(width * (1 - t.WRAP_SLACK))

    def filling(width: int) -> int:
        return (bisect.bisect_right(ordered, width)
                - bisect.bisect_left(ordered, lowest(width)))

    width = max(set(ordered), key=lambda candidate: (filling(candidate), candidate))
    low = lowest(width)
    full = [line for line_width, line in wide if low <= line_width <= width]
    if len(full) < t.WRAP_MIN_FULL_LINES or len(full) < t.WRAP_MIN_FULL_SHARE * len(wide):
        return None
    finished = sum(1 for line in full if t.ends_sentence(line))
    if finished > t.WRAP_MAX_FINISHED_SHARE * len(full):
        return None
    run_ends: list[bool] = []
    run = 0
    for line, line_width in zip(lines[:-1], widths, strict=False):
        if low <= line_width <= width:
            run += 1
            continue
        if run >= t.WRAP_MIN_RUN_LINES:
            run_ends.append(line_width < low and t.ends_sentence(line))
        run = 0
    if run_ends and sum(run_ends) > t.WRAP_MIN_ENDED_RUN_SHARE * len(run_ends):
        return low, width
    inner = sum(1 for line in full if has_inner_end(line))
    return (low, width) if not run_ends and inner >= t.WRAP_MIN_INNER_END_SHARE * len(full) \
        else None
