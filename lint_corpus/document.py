"""The document model: text, identity, and its segmentation into lines and blocks.

Offsets are character offsets into ``Document.text``. Lines end at ``"\\n"``, and at a
``"\\r"`` not followed by one (old Mac line ends) — ``str.splitlines`` also splits on form
feeds, ``\\x1c``–``\\x1e``, ``\\u2028`` and friends, and span arithmetic built on it drifts
from what editors and ``git diff`` call a line. Every line end is one character, so a line's
end offset plus one is where the next line starts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

from lint_corpus import text as textlib

_T = TypeVar("_T")


class _line_property(Generic[_T]):  # noqa: N801 - used like ``cached_property``
    """``functools.cached_property`` without its lock (Python 3.11 takes one per first read).

    A line is read by one thread, and the value is a pure function of the line, so a race
    could at worst compute it twice. The rules read these properties on every line.
    """

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _line_property[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        # A non-data descriptor: once stored, the instance attribute wins on later reads.
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True)
class Line:
    """One line of a document. ``end`` excludes the line end (but includes the ``\\r`` of
    a ``\\r\\n``)."""

    # Every cached property must be a function of ``raw`` alone: a fix pass carries a line it
    # did not edit over to its new position with them (``_carry_lines``).
    index: int
    start: int
    end: int
    raw: str

    @_line_property
    def content(self) -> str:
        """The line without surrounding whitespace (NBSP and zero-width characters included)."""
        return textlib.strip_edges(self.raw)

    @property
    def is_blank(self) -> bool:
        return not self.content

    @_line_property
    def script(self) -> str:
        return textlib.script_of(self.content)

    @_line_property
    def words(self) -> int:
        return textlib.word_units(self.content)

    @_line_property
    def ends_sentence(self) -> bool:
        return textlib.ends_sentence(self.content)

    @_line_property
    def is_bullet(self) -> bool:
        return textlib.is_bullet_line(self.raw)

    @property
    def span_end_with_newline(self) -> int:
        """End offset including the line's newline (the document end for the last line)."""
        return self.end + 1


@dataclass(frozen=True)
class Block:
    """A run of consecutive non-blank lines (a paragraph, or a single heading or item)."""

    index: int
    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def first_line(self) -> int:
        return self.lines[0].index

    @property
    def last_line(self) -> int:
        return self.lines[-1].index


@dataclass
class Document:
    """A document to lint. ``path`` is relative to the input root named on the command line."""

    text: str
    path: str = "<string>"
    id: str | None = None
    #: Per-document memo for analyses shared by several rules (computed once per text).
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: Memo shared by every version of one document while ``fix`` edits it pass after pass.
    #: Tables here are keyed by content (a line's text), never by position, so what a rule
    #: learnt about a line still holds after an edit elsewhere: the pass that proves the
    #: fixed text clean re-reads mostly unchanged lines.
    lineage: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return tuple(_split_lines(self.text, 0, 0))

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        blocks: list[Block] = []
        current: list[Line] = []
        for line in self.lines:
            if line.is_blank:
                if current:
                    blocks.append(Block(index=len(blocks), lines=tuple(current)))
                    current = []
            else:
                current.append(line)
        if current:
            blocks.append(Block(index=len(blocks), lines=tuple(current)))
        return tuple(blocks)

    @cached_property
    def nonblank_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.content)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        index = max(index, 0)
        return index + 1, offset - self._line_starts[index] + 1

    def line_at(self, offset: int) -> Line:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return self.lines[max(index, 0)]

    def content_table(self, name: str) -> dict[Any, Any]:
        """A table named ``name`` in the lineage memo (created empty on first use)."""
        table = self.lineage.get(name)
        if table is None:
            table = self.lineage[name] = {}
        return table

    def revised(self, text: str, *, changed: tuple[int, int] | None = None) -> Document:
        """The same document with ``text``: a later version that shares the lineage memo.

        ``changed`` is a span ``(start, end)`` of this version's text outside which ``text``
        is the same (shifted by the change in length after it): the lines outside it are
        carried over with what was computed about them instead of being split and analysed
        again.
        """
        revised = Document(text, self.path, self.id, lineage=self.lineage)
        if changed is not None and "lines" in self.__dict__:
            revised.__dict__["lines"] = _carry_lines(self.lines, text,
                                                     len(text) - len(self.text), *changed)
        return revised

    def memo(self, key: str, compute: Any) -> Any:
        """Return ``compute(self)`` once per document, so rules can share an analysis."""
        if key not in self.cache:
            self.cache[key] = compute(self)
        return self.cache[key]


_line_start = attrgetter("start")
#: A line end: "\n", or a "\r" that does not start a "\r\n".
_LINE_END = re.compile(r"\r(?!\n)|\n")
_LONE_CR = re.compile(r"\r(?!\n)")


def _has_lone_cr(text: str) -> bool:
    return "\r" in text and _LONE_CR.search(text) is not None


def _carry_lines(lines: tuple[Line, ...], text: str, delta: int, first: int,
                 last: int) -> tuple[Line, ...]:
    """The lines of ``text``, an edit of the text of ``lines`` confined to ``first``..``last``
    (old offsets) that changed its length by ``delta``.

    The lines that end before ``first`` are the same lines; those that start after ``last``
    (their preceding newline untouched) have the same text ``delta`` characters further on;
    only the lines in between are split again from ``text``.
    """
    if _has_lone_cr(text) or (0 < first <= len(text) and text[first - 1] == "\r"):
        # Whether a "\r" ends a line depends on the character after it, which an edit right
        # after it changes: split the whole text (rare: lone CRs are).
        return tuple(_split_lines(text, 0, 0))
    # The line holding ``first`` is split again, and so is every line up to ``tail``, the
    # first to start after ``last``.
    head = bisect.bisect_right(lines, first, key=_line_start) - 1
    tail = bisect.bisect_right(lines, last, key=_line_start)
    middle_start = lines[head].start
    middle_end = lines[tail].start + delta - 1 if tail < len(lines) else len(text)
    result = list(lines[:head])
    # No lone CR in ``text``: a "\r" that ends the slice is the start of a "\r\n".
    result += _split_lines(text[middle_start:middle_end], middle_start, head, lone_cr=False)
    shift = len(result) - tail
    new = object.__new__
    set_dict = object.__setattr__
    for old in lines[tail:]:
        # Besides its position, a line's ``__dict__`` holds its text and the cached
        # properties computed from it: all still true at the new position.
        values = old.__dict__.copy()
        values["index"] += shift
        values["start"] += delta
        values["end"] += delta
        line = new(Line)
        set_dict(line, "__dict__", values)
        result.append(line)
    return tuple(result)


def _split_lines(text: str, start: int, first: int, *, lone_cr: bool | None = None
                 ) -> list[Line]:
    """The lines of ``text``, numbered from ``first``, with offsets from ``start``; whether
    the text holds a lone CR (a line end) is found out unless ``lone_cr`` says.

    Built without the frozen dataclass's ``__init__`` (four ``object.__setattr__`` calls per
    line): setting ``__dict__`` to a filled dictionary is the same object, about three times
    as fast, and ``content`` is stored with it because every rule that walks the lines reads
    it.
    """
    result: list[Line] = []
    append = result.append
    new = object.__new__
    set_dict = object.__setattr__
    edges = textlib.EDGE_WHITESPACE
    if lone_cr is None:
        lone_cr = _has_lone_cr(text)
    raws = _LINE_END.split(text) if lone_cr else text.split("\n")
    for index, raw in enumerate(raws, first):
        line = new(Line)
        end = start + len(raw)
        set_dict(line, "__dict__", {"index": index, "start": start, "end": end, "raw": raw,
                                    "content": raw.strip(edges)})
        append(line)
        start = end + 1
    return result
