"""The text formats: ``concise``, one line per finding, and ``full`` (the default), that line
with the offending lines under it, the span underlined, as ruff's two text formats.

    path:line:col: CODE name message [fix]

A document from a file of many records is named ``shard.jsonl[17]`` (its record index); its
line and column count inside the document's text. ``text`` is the concise format's older
name, kept so that scripts reading it go on working.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from lint_corpus.reporters.base import (
    ReportedDocument,
    ReporterContext,
    ReporterSpec,
    RunEnd,
    shown_location,
)
from lint_corpus.reporters.snippet import Snippet
from lint_corpus.reporters.style import Style
from lint_corpus.sources import InputError

#: How many record positions the line for a problem shared by many records names.
NAMED_RECORDS = 3


def _marker(fix: dict[str, Any] | None) -> str:
    # A superseded fix ran; a later fix removed its span, so its finding is fixed too.
    if fix is None:
        return ""
    if fix["applied"] or "superseded_by" in fix:
        return " [fixed]"
    return f" [{fix['applicability']} fix]"


def _header(location: str, finding: dict[str, Any], style: Style) -> str:
    where = style.path(f"{location}:{finding['line']}:{finding['column']}:")
    return (f"{where} {style.code(finding['code'], finding['severity'])} "
            f"{finding['rule']} {finding['message']}{_marker(finding['fix'])}\n")


def entry_lines(location: str, entry: dict[str, Any]) -> str:
    """The concise lines for one document, from its report entry (so a streaming run needs
    no more)."""
    plain = Style()
    return "".join(_header(location, finding, plain) for finding in entry["findings"])


class ConciseReporter:
    """Writes each document's lines as it comes."""

    def __init__(self, context: ReporterContext) -> None:
        self.stdout = context.stdout
        self.style = Style(context.color)

    def on_document(self, document: ReportedDocument) -> None:
        location = shown_location(document.document)
        if document.text_lines is not None and not self.style.color:
            self.stdout.write(_relocated(document.text_lines,
                                         document.document.result.location, location))
            return
        entry = document.entry
        if entry is None and document.entry_json is not None:
            # The workers render plain lines; a terminal gets them coloured from the entry.
            entry = json.loads(document.entry_json)
        if entry is not None and entry["findings"]:
            self.stdout.write("".join(_header(location, finding, self.style)
                                      for finding in entry["findings"]))

    def finish(self, end: RunEnd) -> None:
        pass


def _relocated(lines: str, worker_location: str, location: str) -> str:
    """Lines a worker rendered with the document's path relative to its input root, named
    by the path the user can open instead (every line starts with the location)."""
    if worker_location == location:
        return lines
    cut = len(worker_location)
    # "\n" only: a message may hold U+2028 and friends, which ``splitlines`` splits on.
    return "".join(location + line[cut:] + "\n" for line in lines.split("\n")[:-1])


class FullReporter:
    """Each finding's line, then the lines of its span with the span underlined, and with
    ``--show-fixes`` the lines its fix changes; a blank line after each finding."""

    def __init__(self, context: ReporterContext) -> None:
        self.stdout = context.stdout
        self.style = Style(context.color)
        self.show_fixes = context.show_fixes

    def on_document(self, document: ReportedDocument) -> None:
        entry = document.entry
        if entry is None or not entry["findings"]:
            return
        result = document.document.result
        location = shown_location(document.document)
        snippet = Snippet(result.original, self.style)
        out: list[str] = []
        for finding in entry["findings"]:
            out.append(_header(location, finding, self.style))
            span, fix = finding["span"], finding["fix"]
            lines = snippet.finding(span["start"], span["end"], finding["severity"],
                                    fix["description"] if fix is not None else None)
            if fix is not None and self.show_fixes:
                lines.extend(snippet.fix(fix["edits"]))
            out.extend(line + "\n" for line in lines)
            out.append("\n")
        self.stdout.write("".join(out))

    def finish(self, end: RunEnd) -> None:
        pass


CONCISE = ReporterSpec("concise", "one line per finding", streams=True,
                       machine_readable=False, create=ConciseReporter,
                       lines_from_workers=True)
#: ``--format text``: the concise format under its first name.
REPORTER = ReporterSpec("text", "the concise format", streams=True, machine_readable=False,
                        create=ConciseReporter, lines_from_workers=True)
FULL = ReporterSpec("full", "each finding with its lines, the span underlined (default)",
                    streams=True, machine_readable=False, create=FullReporter,
                    needs_texts=True)


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
    return error.relative if error.record is None else f"{error.relative}[{error.record}]"


def _record_problem(error: InputError) -> str | None:
    """A record's problem without its position (``line 7: ``), or ``None`` for a file's."""
    if error.record is None:
        return None
    where = f"line {error.source_line}" if error.source_line is not None else \
        f"record {error.record}"
    return error.message.removeprefix(f"{where}: ")
