"""The text formats: ``concise``, one line per finding, and ``full`` (the default), that line
with the offending lines under it, the span underlined, as ruff's two text formats.

    path:line:col: CODE name message [fix]

A document from a file of many records is named ``shard.jsonl[17]`` (its record index); its
line and column count inside the document's text. ``text`` is the concise format's older
name, kept so that scripts reading it go on working.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from lint_corpus.reporters.base import (
    ReportedDocument,
    ReporterContext,
    ReporterSpec,
    RunEnd,
    shown_location,
)
from lint_corpus.reporters.lines import LineRendering
from lint_corpus.results import named
from lint_corpus.sources import InputError

#: How many record positions the line for a problem shared by many records names.
NAMED_RECORDS = 3


class TextReporter:
    """Writes each document's lines as it comes: the lines the workers rendered, or, when
    the run kept the entries and texts in the main process (``--baseline``), its own."""

    def __init__(self, context: ReporterContext, *, full: bool) -> None:
        self.stdout = context.stdout
        self.rendering = LineRendering(full, context.color, context.show_fixes)

    def on_document(self, document: ReportedDocument) -> None:
        if document.text_lines is not None:
            self.stdout.write(document.text_lines)
            return
        entry = document.entry
        if entry is None or not entry["findings"]:
            return  # a streamed document without lines has no findings
        self.stdout.write(self.rendering.render(shown_location(document.document), entry,
                                                document.document.result.original))

    def finish(self, end: RunEnd) -> None:
        pass


CONCISE = ReporterSpec("concise", "one line per finding", streams=True,
                       machine_readable=False, create=partial(TextReporter, full=False),
                       lines=LineRendering(full=False))
#: ``--format text``: the concise format under its first name.
REPORTER = ReporterSpec("text", "the concise format", streams=True, machine_readable=False,
                        create=partial(TextReporter, full=False),
                        lines=LineRendering(full=False))
FULL = ReporterSpec("full", "each finding with its lines, the span underlined (default)",
                    streams=True, machine_readable=False,
                    create=partial(TextReporter, full=True), lines=LineRendering(full=True))


def error_lines(errors: Sequence[InputError]) -> Iterator[str]:
    """The stderr lines for the input errors: one per error, except that the records of one
    file with the same problem (a wrong ``--text-field``) are said once, with how many there
    are, instead of once per record. The JSON report still lists every record."""
    groups: dict[tuple[str, str], list[InputError]] = {}
    for error in errors:
        problem = _record_problem(error)
        key = (error.relative, problem) if problem is not None else (error.relative, str(id(error)))
        groups.setdefault(key, []).append(error)
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            yield f"lint-corpus: error: {error_location(first)}: {first.message}\n"
            continue
        lines = all(error.source_line is not None for error in group)
        positions = [str(error.source_line if lines else error.record)
                     for error in group[:NAMED_RECORDS]]
        named = ", ".join(positions) + (", …" if len(group) > NAMED_RECORDS else "")
        yield (f"lint-corpus: error: {first.relative}: {len(group)} records "
               f"({'lines' if lines else 'records'} {named}): {_record_problem(first)}\n")


def error_location(error: InputError) -> str:
    return named(error.relative, error.record)


def _record_problem(error: InputError) -> str | None:
    """A record's problem without its position (``line 7: ``), or ``None`` for a file's."""
    if error.record is None:
        return None
    where = f"line {error.source_line}" if error.source_line is not None else \
        f"record {error.record}"
    return error.message.removeprefix(f"{where}: ")
