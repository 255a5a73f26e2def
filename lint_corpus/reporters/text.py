"""``--format text``: one line per finding, ``path:line:col: CODE name message [fix]``.

A document from a file of many records is named ``shard.jsonl[17]`` (its record index); its
line and column count inside the document's text.
"""

from __future__ import annotations

from typing import Any

from lint_corpus.reporters.base import ReportedDocument, ReporterContext, ReporterSpec, RunEnd


def entry_lines(location: str, entry: dict[str, Any]) -> str:
    """The lines for one document, from its report entry (so a streaming run needs no more)."""
    lines: list[str] = []
    for finding in entry["findings"]:
        fix = finding["fix"]
        marker = "" if fix is None else " [fixed]" if fix["applied"] else \
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
