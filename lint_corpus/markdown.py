"""The parts of a Markdown document that are not prose, found by a CommonMark parser.

Fenced and indented code, YAML/TOML front matter, pipe tables and HTML blocks are markup or
verbatim text: a rule that reads them as prose takes a shell session at the end of a README
for a link list, or a table for boilerplate, and its fix deletes them. The trailing spaces of
a hard line break (two or more spaces before the line end inside a paragraph) are markup too:
removing them joins two lines in the rendered page.

``protected_regions`` returns these as character spans of the text; ``lint_corpus.suppressions``
hides them from the rules and keeps every fix away from them. The parser is markdown-it-py
(CommonMark, plus its table rule and the front-matter plugin of mdit-py-plugins): its block
tokens carry the lines they cover, so nothing here re-implements Markdown's block grammar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: File names read as Markdown (matched at the end of the name, lower case).
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Block tokens whose lines are not prose, by the region kind they become.
_VERBATIM_BLOCKS = {
    "fence": "code",
    "code_block": "code",
    "front_matter": "front-matter",
    "table_open": "table",
    "html_block": "html",
}
#: Spaces before a line end that make a hard line break (CommonMark: "two or more").
HARD_BREAK_SPACES = 2


@dataclass(frozen=True)
class Region:
    """Characters ``start``..``end`` (exclusive) of the text that are not prose. A region of
    whole lines ends at the end of its last line, before the line end."""

    start: int
    end: int
    kind: str


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


@cache
def _parser() -> MarkdownIt:
    # Imported on first use: plain-text and record corpora never pay for the parser.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


@dataclass(frozen=True)
class BlockLines:
    """A block token's kind and its lines (0-based, ``last`` inclusive)."""

    kind: str
    first: int
    last: int


def blocks(text: str) -> list[BlockLines]:
    """The verbatim blocks (see ``_VERBATIM_BLOCKS``) and the paragraphs of ``text``, in
    document order, nested ones (in lists and block quotes) included."""
    found: list[BlockLines] = []
    for token in _parser().parse(text):
        if token.map is None:
            continue
        first, end = token.map
        if end <= first:
            continue
        kind = _VERBATIM_BLOCKS.get(token.type)
        if kind is not None:
            found.append(BlockLines(kind, first, end - 1))
        elif token.type == "paragraph_open":
            found.append(BlockLines("paragraph", first, end - 1))
    return found


def protected_regions(text: str, found: Sequence[BlockLines], line_starts: Sequence[int],
                      line_ends: Sequence[int]) -> list[Region]:
    """The non-prose spans of the Markdown ``text`` (its ``blocks``), whose lines start and
    end (before the line end) at ``line_starts`` / ``line_ends``, sorted by start."""
    regions: list[Region] = []
    count = len(line_starts)
    for block in found:
        last = min(block.last, count - 1)
        if block.first > last:
            continue
        if block.kind != "paragraph":
            regions.append(Region(line_starts[block.first], line_ends[last], block.kind))
            continue
        # Every line of a paragraph but its last can end in a hard break.
        for index in range(block.first, last):
            start = _hard_break_spaces(text, line_starts[index], line_ends[index])
            if start is not None:
                regions.append(Region(start, line_ends[index], "hard-break"))
    regions.sort(key=lambda region: (region.start, region.end))
    return regions


def _hard_break_spaces(text: str, start: int, end: int) -> int | None:
    """Where the trailing spaces of the line ``start``..``end`` begin, if there are enough
    of them for a hard break."""
    if end > start and text[end - 1] == "\r":  # a CRLF line keeps its "\r" in the line
        end -= 1
    content_end = end
    while content_end > start and text[content_end - 1] == " ":
        content_end -= 1
    if end - content_end >= HARD_BREAK_SPACES and content_end > start:
        return content_end
    return None


#: What the HTML of a lint-corpus directive comment looks like (see ``renders_alike``).
_DIRECTIVE_HTML = re.compile(r"<!--[ \t]*lint-corpus:[^\n]*?-->\n")


def renders_alike(before: str, after: str) -> bool:
    """Whether two Markdown texts render to the same HTML once lint-corpus directive
    comments are left out: what ``check --add-noqa`` must keep."""
    render = _parser().render
    return _DIRECTIVE_HTML.sub("", render(before)) == _DIRECTIVE_HTML.sub("", render(after))
