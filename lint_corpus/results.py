"""What a run produces, as every layer above the engine sees it: a document's result with its
reported findings, a processed document as the reporters see it, the finished run, and the
fingerprint that identifies a finding's text across edits elsewhere in the file.

These are plain data: this module imports only the rule API, so the
engine, the report, the baseline and every reporter can share them without import cycles.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lint_corpus.rule import Finding, Rule

#: Hex digits of a fingerprint: 64 bits, so two different texts with the same path and code
#: practically never share one, while the baseline file stays readable.
FINGERPRINT_DIGITS = 16


def named(file: str, record: int | None) -> str:
    """A document as findings name it: its file, with ``[record]`` for one record of a file
    of many (``shard.jsonl[17]``)."""
    return file if record is None else f"{file}[{record}]"


@dataclass(frozen=True)
class InputError:
    """A file (or one record of it) that could not be read or written, as the user is told."""

    relative: str
    message: str
    #: For one record of a many-record file: its position and (JSONL) line.
    record: int | None = None
    source_line: int | None = None


@dataclass
class ReportedFinding:
    """A finding placed in the original text, with whether its fix was applied."""

    finding: Finding
    applied: bool = False
    #: The applied fix (of a later pass) that replaced the whole span this fix had edited:
    #: this fix ran, but the output holds the other's text, so only the other's edits
    #: replay onto the original (``applied`` is then ``False``).
    superseded_by: ReportedFinding | None = field(default=None, repr=False)
    #: Edits of this (applied) fix that a later pass's fix replaced whole, and which the
    #: finding's fix therefore no longer lists: its other edits are in the output as they are.
    superseded_edits: int = 0
    #: For an applied fix's edits that combine rule edits of several fixes (a later pass
    #: edited text an earlier fix had written): by the edit's index in the fix, every fix
    #: that contributed, this one first (``None``: no edit combines others).
    combines: dict[int, tuple[ReportedFinding, ...]] | None = field(default=None, repr=False)


@dataclass
class DocumentResult:
    path: str
    original: str
    fixed: str | None = None
    id: str | None = None
    findings: list[ReportedFinding] = field(default_factory=list)
    #: In a file of many records (JSONL, Parquet): the record's 0-based position, and for
    #: JSONL its 1-based line in the file.
    record: int | None = None
    source_line: int | None = None
    errors: list[str] = field(default_factory=list)
    #: Problems that do not make the document an error: a fix that did not converge.
    warnings: list[str] = field(default_factory=list)
    converged: bool = True
    passes: int = 0
    #: The marks the installed rules declare (``Rule.marks``), sorted: the report states
    #: each of them for every document, set or not.
    declared_marks: tuple[str, ...] = ()
    #: The encoding a fix converted the file to (the ``encoding`` rule's ``Fix.writes_as``);
    #: ``None``: the file keeps its own.
    written_as: str | None = None
    #: For text extracted from a file that is not text (HTML): the file line each line of
    #: ``original`` came from. Findings then give that line (see ``file_position``).
    source_lines: Sequence[int] | None = None

    @property
    def location(self) -> str:
        """The document as messages name it: ``a.txt``, or ``shard.jsonl[17]`` for a record."""
        return named(self.path, self.record)

    @property
    def marks(self) -> set[str]:
        return {mark for reported in self.findings for mark in reported.finding.marks}

    def has_mark(self, mark: str) -> bool:
        """Whether ``mark`` is in ``marks`` (without collecting them all)."""
        return any(mark in reported.finding.marks for reported in self.findings)

    @property
    def changed(self) -> bool:
        return self.fixed is not None and (self.fixed != self.original
                                           or self.written_as is not None)

    @property
    def status(self) -> str:
        """``error``, a mark a rule set (``Rule.marks``; the first in sorted order when there
        are several), ``fixed``, ``flagged`` or ``clean``: the first that applies."""
        if self.errors:
            return "error"
        if self.findings:
            marks = self.marks
            if marks:
                return min(marks)
        if self.changed:
            return "fixed"
        if self.findings:
            return "flagged"
        return "clean"


@dataclass(frozen=True)
class EntrySummary:
    """What the run's summary and exit code need from one document's entry."""

    status: str
    chars_removed: int
    #: (rule name, severity, fix applied) per finding
    findings: tuple[tuple[str, str, bool], ...]
    #: Whether the entry carries warnings (a fix that did not converge): its text is not
    #: known to be clean, so ``fix`` cannot call the run done.
    warned: bool = False

    @classmethod
    def of(cls, entry: dict[str, Any]) -> EntrySummary:
        return cls(entry["status"], entry["chars_removed"], tuple(
            (f["rule"], f["severity"], bool(f["fix"] and f["fix"]["applied"]))
            for f in entry["findings"]), bool(entry.get("warnings")))


@dataclass(frozen=True)
class RunDocument:
    """One processed document as the reporters see it.

    ``file`` is the path on disk as named on the command line (``corpus/a.txt``), which CI
    services resolve against the checkout; ``result.path`` is relative to the input root.
    ``newline`` is the file's line ending: rules see "\\n" only, so reporters that give
    offsets into the file (SARIF) map them back.
    """

    result: DocumentResult
    file: str
    newline: str = "\n"


@dataclass(frozen=True)
class Run:
    """A finished run, for the reporters that need all of it at the end."""

    command: str
    rules: Sequence[Rule]
    documents: Sequence[RunDocument]
    errors: Sequence[InputError] = field(default_factory=tuple)
    unsafe_fixes: bool = False
    #: Findings hidden by ``--baseline`` (``None`` when no baseline is in use).
    baselined: int | None = None

    @property
    def results(self) -> list[DocumentResult]:
        return [document.result for document in self.documents]


#: A line end, as ``Document`` splits lines: "\n", or a "\r" that does not start a "\r\n".
_LINE_END = re.compile(r"\r(?!\n)|\n")


@lru_cache(maxsize=4)
def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts, with the line ends ``Document`` uses, so
    every report format gives a finding the line a rule saw (cached: a document has many
    findings, and reporters ask one after another)."""
    starts = [0]
    if "\r" in text:
        starts.extend(match.end() for match in _LINE_END.finditer(text))
        return starts
    index = text.find("\n")
    while index != -1:  # str.find runs in C: several times faster than the regex
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``, in O(log lines)."""
    starts = line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


#: Characters of a text line quoted in a finding's message when the finding's line is the
#: line of the file the text came from (HTML): enough to recognise the line.
QUOTED_LINE_CHARS = 60
_SURROGATE = re.compile("[\ud800-\udfff]")


def file_lines(source_lines: Sequence[int], line: int, end_line: int) -> tuple[int, int]:
    """The file lines of the text lines ``line`` and ``end_line`` (1-based) of text extracted
    from a file (``DocumentResult.source_lines``); a position past the last line (the end of
    the text) is on the last line."""
    last = len(source_lines)
    first = source_lines[min(line, last) - 1]
    return first, max(first, source_lines[min(end_line, last) - 1])


def text_line_note(text: str, line: int) -> str:
    """What a finding in text extracted from a file (HTML) adds to its message, so that the
    text stays findable when its position is the file's: `` (text line 12: “…”)``."""
    starts = line_starts(text)
    start = starts[min(line, len(starts)) - 1]
    end = text.find("\n", start)
    content = text[start : end if end != -1 else len(text)].rstrip("\r")
    if len(content) > QUOTED_LINE_CHARS:
        content = content[: QUOTED_LINE_CHARS - 1].rstrip() + "…"
    return f" (text line {line}: “{_SURROGATE.sub(chr(0xFFFD), content)}”)"


def normalise(text: str) -> str:
    """``text`` with runs of whitespace collapsed to one space and the ends stripped."""
    return " ".join(text.split())


def fingerprint(text: str) -> str:
    """A short stable hash of ``text`` with whitespace normalised (16 hex digits)."""
    data = normalise(text).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_DIGITS]
