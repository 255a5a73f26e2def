"""The Python definition of a document's lines and their features, which the native line table
(core/src/lines.rs, read through ``Document.lines``) must equal on any text."""

from __future__ import annotations

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
                textlib.script_of(content), textlib.count_word_units(content),
                textlib.ends_sentence(content), textlib.is_bullet_line(self.raw))


def plain_lines(text: str) -> list[PlainLine]:
    lines = []
    start = 0
    for index, raw in enumerate(LINE_END.split(text)):
        lines.append(PlainLine(index, start, start + len(raw), raw))
        start += len(raw) + 1
    return lines
