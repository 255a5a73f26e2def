"""The document model: text, identity, and its segmentation into lines and blocks.

Offsets are character offsets into ``Document.text``. Lines end at ``"\\n"``, and at a
``"\\r"`` not followed by one (old Mac line ends) — ``str.splitlines`` also splits on form
feeds, ``\\x1c``–``\\x1e``, ``\\u2028`` and friends, and span arithmetic built on it drifts
from what editors and ``git diff`` call a line. Every line end is one character, so a line's
end offset plus one is where the next line starts.

The lines and what the rules ask of each (content, words, script, sentence end, bullet) are
computed by the native core in one call per document (``lint_corpus.native.LineTable``);
a ``Line`` is a view of one row of that table.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lint_corpus.native import ENDS_SENTENCE, IS_BULLET, LineTable

if TYPE_CHECKING:
    from lint_corpus.corpus.legacy import DetectedEncoding

class Line:
    """One line of a document: a view of one row of the document's line table. ``end``
    excludes the line end (but includes the ``\\r`` of a ``\\r\\n``). Read-only.

    What a line answers is read from the table on first use and kept in a slot: a document
    of a million short lines holds a million of these, and slots cost about a third of a
    per-line ``__dict__`` (issue 13). A slot not yet filled raises ``AttributeError`` on
    reading, which sends Python to ``__getattr__`` (that fills it); later reads are plain
    slot reads, as fast as the instance-dictionary reads of ``cached_property`` were.

    ``content`` is the line without surrounding whitespace (NBSP and zero-width characters
    included); ``script`` is ``"han"``, ``"latin"`` or ``"other"`` by majority
    (``text.script_of``); ``words`` is ``text.word_units`` of the content.
    """

    __slots__ = ("_table", "index", "start", "end", "raw", "content", "script", "words",
                 "ends_sentence", "is_bullet")

    _table: LineTable
    index: int
    start: int
    end: int
    raw: str
    content: str
    script: str
    words: int
    ends_sentence: bool
    is_bullet: bool

    def __init__(self, table: LineTable, index: int) -> None:
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "index", index)

    if not TYPE_CHECKING:  # for mypy, a Line has exactly the attributes declared above
        def __getattr__(self, name: str) -> Any:
            compute = _LINE_ANSWERS.get(name)
            if compute is None:
                raise AttributeError(f"'Line' object has no attribute {name!r}")
            value = compute(self._table, self.index)
            object.__setattr__(self, name, value)
            return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Line is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Line is read-only (cannot delete {name!r})")

    @property
    def is_blank(self) -> bool:
        return not self.content

    @property
    def span_end_with_newline(self) -> int:
        """End offset including the line's newline (the document end for the last line)."""
        return self.end + 1

    def _key(self) -> tuple[int, int, int, str]:
        return self.index, self.start, self.end, self.raw

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Line):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Line(index={self.index}, start={self.start}, end={self.end}, raw={self.raw!r})"


def _script(table: LineTable, index: int) -> str:
    cjk, latin = table.cjk[index], table.latin[index]
    if cjk == 0 and latin == 0:
        return "other"
    return "han" if cjk >= latin else "latin"


#: How each of a line's lazily filled slots is read from its row of the line table.
_LINE_ANSWERS: dict[str, Callable[[LineTable, int], Any]] = {
    "start": lambda table, index: table.starts[index],
    "end": lambda table, index: table.ends[index],
    "raw": lambda table, index: table.text[table.starts[index]:table.ends[index]],
    "content": lambda table, index: table.text[
        table.content_starts[index]:table.content_ends[index]],
    "script": _script,
    "words": lambda table, index: table.words[index],
    "ends_sentence": lambda table, index: bool(table.flags[index] & ENDS_SENTENCE),
    "is_bullet": lambda table, index: bool(table.flags[index] & IS_BULLET),
}


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
    #: The legacy encoding the file was decoded from, when it is not UTF-8 (the ``encoding``
    #: rule reports it); ``None`` for UTF-8 text, and once a fix converted the file.
    detected_encoding: DetectedEncoding | None = None
    #: How the text marks what is not prose and where suppressions are written
    #: (``lint_corpus.suppressions``): ``"markdown"``, ``"text"`` (marker lines) or
    #: ``"record"`` (a JSONL or Parquet record: suppressions come from ``ignore``).
    markup: str = "text"
    #: A record's suppressions (its ignore field): rule codes or names, ``()`` for all;
    #: ``None`` when the record has none.
    ignore: tuple[str, ...] | None = None

    @cached_property
    def line_table(self) -> LineTable:
        """The native line table (what the lines are views of); native rules read it
        without building ``Line`` objects."""
        return LineTable(self.text)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        table = self.line_table
        return tuple([Line(table, index) for index in range(len(table))])

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
        # From the table's content columns: no line's content is sliced to find the blank ones.
        table = self.line_table
        return tuple([line for line, start, end in zip(self.lines, table.content_starts,
                                                        table.content_ends, strict=True)
                      if end > start])

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

    def revised(self, text: str) -> Document:
        """The same document with ``text``: a later version (a fix pass's output), its lines
        and analyses computed afresh."""
        return Document(text, self.path, self.id, detected_encoding=self.detected_encoding,
                        markup=self.markup, ignore=self.ignore)

    def converted_to_utf8(self) -> Document:
        """This version, once a fix has converted its file to UTF-8."""
        return Document(self.text, self.path, self.id, self.cache, markup=self.markup,
                        ignore=self.ignore)

    def memo(self, key: str, compute: Any) -> Any:
        """Return ``compute(self)`` once per document, so rules can share an analysis."""
        if key not in self.cache:
            self.cache[key] = compute(self)
        return self.cache[key]


