"""What a reporter is: the declaration a reporter module makes, and the protocol it follows.

A reporter writes a run's results on stdout in one format. The session hands it every
document as it is processed (``on_document``) and, once the run is over, the input errors
and the baseline count (``finish``). A reporter that streams writes as documents come; one
that needs the whole run (SARIF's rule table, JUnit's totals) keeps the documents and
renders them at the end, which makes the workers send back every finding and text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from lint_corpus.report import ReportBuilder, dump_entry
from lint_corpus.reporters.lines import LineRendering
from lint_corpus.results import (
    EntrySummary,
    InputError,
    ReportedFinding,
    Run,
    RunDocument,
    named,
)
from lint_corpus.rule import Applicability, Rule


@dataclass
class ReportedDocument:
    """One processed document as the reporters receive it.

    ``entry`` is its report entry; a streaming run gets it already serialised from the
    worker instead (``entry_json``), with the document's ``--format text`` lines when the
    text reporter asked for them (``text_lines``) and without the texts and finding objects.
    """

    document: RunDocument
    summary: EntrySummary
    entry: dict[str, Any] | None = None
    entry_json: bytes | None = None
    text_lines: str | None = None
    bytes_removed: int = 0

    def dumped(self) -> bytes:
        """The entry as it sits in the report's ``documents`` list."""
        if self.entry_json is not None:
            return self.entry_json
        assert self.entry is not None
        return dump_entry(self.entry)


@dataclass(frozen=True)
class RunEnd:
    """What is known only once every document was processed."""

    errors: Sequence[InputError]
    #: Findings hidden by ``--baseline`` (``None`` when no baseline is in use).
    baselined: int | None


@dataclass(frozen=True)
class ReporterContext:
    """What a reporter is built with: the run's settings and where it writes."""

    command: str
    rules: Sequence[Rule]
    unsafe_fixes: bool
    stdout: TextIO
    #: The JSON report being built, when the reporter declared ``needs_report``.
    report: ReportBuilder | None = None
    #: ANSI colour on (``--color``; the text formats only).
    color: bool = False
    #: ``--show-fixes``: show what each fix changes (the full format).
    show_fixes: bool = False


class Reporter(Protocol):
    def on_document(self, document: ReportedDocument) -> None: ...

    def finish(self, end: RunEnd) -> None: ...


@dataclass(frozen=True)
class ReporterSpec:
    """A reporter's one declaration: its ``--format`` name, its help, and what it needs."""

    name: str
    #: A few words for ``--help``: ``text (one line per finding)``.
    summary: str
    #: Writes each document as it comes. A reporter that does not stream keeps every
    #: document, texts included, until the end of the run.
    streams: bool
    #: A program parses its stdout: nothing but the format goes there (no summary line),
    #: and outputs of their own on stdout (``--diff``, ``--statistics``) cannot be combined.
    machine_readable: bool
    create: Callable[[ReporterContext], Reporter]
    #: Reads the JSON report the session builds (``ReporterContext.report``).
    needs_report: bool = False
    #: The lines the workers render for it, from each document's entry and text
    #: (``ReportedDocument.text_lines``); the session sets the colour and ``--show-fixes``.
    lines: LineRendering | None = None


def shown_location(document: RunDocument) -> str:
    """The document as findings and messages name it: its file as a path the user can open
    from the current directory (``RunDocument.file``), with ``[record]`` for a record."""
    return named(document.file, document.result.record)


def fix_marker(reported: ReportedFinding) -> str:
    """`` [fixed]``, `` [safe fix]``, `` [unsafe fix]`` or nothing, as the text lines show it.
    A superseded fix ran, and a later fix removed its span: its finding is fixed too."""
    fix = reported.finding.fix
    if fix is None:
        return ""
    if reported.applied or reported.superseded_by is not None:
        return " [fixed]"
    return f" [{fix.applicability.value} fix]"


def fix_available(reported: ReportedFinding, unsafe_fixes: bool) -> bool:
    """Whether ``fix`` would apply this finding's fix with the run's settings."""
    fix = reported.finding.fix
    return fix is not None and (unsafe_fixes or fix.applicability is Applicability.SAFE)


class WholeRunReporter:
    """Keeps every document and renders the whole run at the end with ``render``."""

    def __init__(self, context: ReporterContext, render: Callable[[Run], str]) -> None:
        self.context = context
        self.render = render
        self.documents: list[RunDocument] = []

    def on_document(self, document: ReportedDocument) -> None:
        result = document.document.result
        if not (result.findings or result.errors):
            result.original = ""  # a clean document's text is not needed any more
        self.documents.append(document.document)

    def finish(self, end: RunEnd) -> None:
        context = self.context
        run = Run(context.command, context.rules, self.documents, end.errors,
                  context.unsafe_fixes, end.baselined)
        context.stdout.write(self.render(run))


def whole_run(render: Callable[[Run], str]) -> Callable[[ReporterContext], Reporter]:
    """The ``create`` of a reporter that renders the finished run with ``render``."""
    return lambda context: WholeRunReporter(context, render)
