"""``--format json``: the JSON report (``lint_corpus.report``), as ``--report`` writes it.

The report is built by the session as documents stream by (it also feeds ``--report FILE``);
this reporter writes it on stdout at the end.
"""

from __future__ import annotations

from typing import BinaryIO, TextIO, cast

from lint_corpus.report import ReportBuilder
from lint_corpus.reporters.base import ReportedDocument, ReporterContext, ReporterSpec, RunEnd


class JsonReporter:
    def __init__(self, context: ReporterContext) -> None:
        assert context.report is not None, "the json reporter declares needs_report"
        self.report: ReportBuilder = context.report
        self.stdout = context.stdout

    def on_document(self, document: ReportedDocument) -> None:
        pass  # the session adds every document to the report

    def finish(self, end: RunEnd) -> None:
        self.stdout.flush()
        self.report.write(binary(self.stdout))


def binary(stream: TextIO) -> BinaryIO:
    """The byte stream under a text stream (stdout), or an adapter for in-memory ones."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    return cast(BinaryIO, _TextAdapter(stream))


class _TextAdapter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("utf-8"))


REPORTER = ReporterSpec("json", "the report", streams=True, machine_readable=True,
                        create=JsonReporter, needs_report=True)
