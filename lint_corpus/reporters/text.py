"""``--format text``: one line per finding, ``path:line:col: CODE name message [fix]``.

A document from a file of many records is named ``shard.jsonl[17]`` (its record index); its
line and column count inside the document's text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from lint_corpus.reporters.base import ReportedDocument, ReporterContext, ReporterSpec, RunEnd
from lint_corpus.sources import InputError

#: How many record positions the line for a problem shared by many records names.
NAMED_RECORDS = 3


def entry_lines(location: str, entry: dict[str, Any]) -> str:
    """The lines for one document, from its report entry (so a streaming run needs no more)."""
    lines: list[str] = []
    for finding in entry["findings"]:
        fix = finding["fix"]
        # A superseded fix ran; a later fix removed its span, so its finding is fixed too.
        fixed = fix is not None and (fix["applied"] or "superseded_by" in fix)
        marker = "" if fix is None else " [fixed]" if fixed else \
            f" [{fix['applicability']} fix]"
        lines.append(f"{location}:{finding['line']}:{finding['column']}: {finding['code']} "
                     f"{finding['rule']} {finding['message']}{marker}\n")
    return "".join(lines)


class TextReporter:
    """Writes each document's lines as it comes."""

    def __init__(self, context: ReporterContext) -> None:
        self.stdout = context.stdout

    def on_document(self, document: ReportedDocument) -> None:
        if document.text_lines is not None:
            self.stdout.write(document.text_lines)
        elif document.entry is not None and document.entry["findings"]:
            self.stdout.write(entry_lines(document.document.result.location, document.entry))

    def finish(self, end: RunEnd) -> None:
        pass


REPORTER = ReporterSpec("text", "one line per finding", streams=True, machine_readable=False,
                        create=TextReporter, lines_from_workers=True)


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
