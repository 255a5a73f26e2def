"""The JSON lint report: building it from results, and validating it against the shipped schema."""

from __future__ import annotations

import bisect
import io
import json
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import IO, Any

import orjson

from lint_corpus.results import (
    DocumentResult,
    InputError,
    ReportedFinding,
    file_lines,
    line_starts,
    text_line_note,
)
from lint_corpus.rule import Fix, Rule
from lint_corpus.version import __version__

EXCERPT_CHARS = 80
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@cache
def report_schema() -> dict[str, Any]:
    text = resources.files("lint_corpus").joinpath("schema/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``report`` does not match the schema."""
    import jsonschema  # only tests and callers who validate pay for the import

    jsonschema.validate(report, report_schema())


def excerpt(text: str, start: int, end: int, limit: int = EXCERPT_CHARS) -> str:
    """The flagged text, shortened in the middle so both ends of a long span stay visible."""
    if end > start:
        piece = text[start:end]
    else:  # an empty span (a point): show its surroundings
        piece = text[max(0, start - limit // 2) : start + limit // 2]
    piece = piece.replace("\r", "")
    if not piece.isascii():  # a lone surrogate cannot be written as UTF-8: show U+FFFD
        piece = _SURROGATE_RE.sub("\ufffd", piece)
    if len(piece) <= limit:
        return piece
    half = (limit - 1) // 2
    return piece[:half] + "…" + piece[-half:]


def finding_entry(text: str, reported: ReportedFinding,
                  findings: Sequence[ReportedFinding] = (),
                  source_lines: Sequence[int] | None = None) -> dict[str, Any]:
    """A finding's report entry; ``findings`` are its document's (what ``superseded_by``
    indexes), ``source_lines`` its ``DocumentResult.source_lines``."""
    return _finding_entry(text, line_starts(text), reported, _Positions(findings), source_lines)


class _Positions:
    """Where each of a document's findings is in its list, indexed at the first question: a
    fix that supersedes or combines others names them by index, and a page of raw HTML has
    hundreds of such fixes."""

    __slots__ = ("_findings", "_index")

    def __init__(self, findings: Sequence[ReportedFinding]) -> None:
        self._findings = findings
        self._index: dict[int, int] | None = None

    def of(self, by: ReportedFinding) -> int | dict[str, Any]:
        """``by``'s index among the findings, or its rule and span when it is not among them
        (a baseline hid it)."""
        if self._index is None:
            self._index = {id(other): index for index, other in enumerate(self._findings)}
        index = self._index.get(id(by))
        if index is not None:
            return index
        return {"code": by.finding.code,
                "span": {"start": by.finding.start, "end": by.finding.end}}


def _finding_entry(text: str, starts: list[int], reported: ReportedFinding,
                   positions: _Positions, source_lines: Sequence[int] | None = None
                   ) -> dict[str, Any]:
    # ``results.line_col`` inlined on ``starts``: a document's findings share one table.
    finding = reported.finding
    start, end = finding.start, finding.end
    line = bisect.bisect_right(starts, start)
    end_line = line if end <= start + 1 else bisect.bisect_right(starts, end - 1, line - 1)
    fix: dict[str, Any] | None = None
    if finding.fix is not None:
        action = finding.fix.action if type(finding.fix) is not Fix else None
        edits = []
        removed = 0
        deletes = True
        for e in finding.fix.edits:
            replacement = e.replacement
            edits.append({"start": e.start, "end": e.end, "replacement": replacement})
            removed += e.end - e.start - len(replacement)
            if replacement != "":
                deletes = False
        fix = {
            # ``Fix.action``, found in the same loop.
            "action": action or ("delete" if deletes else "replace"),
            "applied": reported.applied,
            "applicability": finding.fix.applicability.value,
            "description": finding.fix.description,
            "chars_removed": removed,
            "edits": edits,
        }
        if finding.fix.writes_as is not None:  # converts the file: no edits, no deletion
            fix["action"] = "replace"
            fix["writes_as"] = finding.fix.writes_as
        if reported.superseded_by is not None:
            fix["superseded_by"] = positions.of(reported.superseded_by)
        if reported.superseded_edits:
            fix["superseded_edits"] = reported.superseded_edits
        if reported.combines:
            for number, contributors in reported.combines.items():
                edits[number]["combines"] = [positions.of(other) for other in contributors]
    message = finding.message
    column = start - starts[line - 1] + 1
    if source_lines is not None:
        # Text extracted from a file (HTML): the file's lines, and the text's line quoted.
        message += text_line_note(text, line)
        (line, end_line), column = file_lines(source_lines, line, end_line), 1
    return {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": message,
        "span": {"start": start, "end": end},
        "line": line,
        "column": column,
        "end_line": end_line,
        "excerpt": excerpt(text, start, end),
        "data": dict(finding.data),
        "fix": fix,
    }


def document_entry(result: DocumentResult, file: str | None = None) -> dict[str, Any]:
    """The result's entry in the report's ``documents``. ``file`` is the path the other
    formats name the document's file by (openable from the current directory, see
    ``Source.label``); unknown (``None``), it is ``path``, the path relative to the input
    root that ``fix --out`` mirrors, which a user cannot always open from where they are."""
    removed = len(result.original) - len(result.fixed) if result.fixed is not None else 0
    entry: dict[str, Any] = {"path": result.path,
                             "file": result.path if file is None else file}
    if result.record is not None:
        entry["record"] = result.record
    if result.source_line is not None:
        entry["source_line"] = result.source_line
    text = result.original
    findings = []
    if result.findings:
        starts = line_starts(text)
        positions = _Positions(result.findings)
        findings = [_finding_entry(text, starts, f, positions, result.source_lines)
                    for f in result.findings]
    entry["id"] = result.id
    entry["status"] = result.status
    for mark in result.declared_marks:
        entry[mark] = result.has_mark(mark)
    entry.update({
        "chars": len(text),
        "chars_removed": removed,
        "converged": result.converged,
        "errors": list(result.errors),
    })
    if result.warnings:  # only when there are some: most documents have none
        entry["warnings"] = list(result.warnings)
    entry["findings"] = findings
    return entry


class ReportBuilder:
    """The report, built as documents stream by: the summary's counters stay in memory and
    each document's entry is serialised at once to a temporary spool file, so memory does not
    grow with the corpus. ``write`` composes the report in the layout ``dumps`` gives it."""

    def __init__(self, command: str, rules: Sequence[Rule]) -> None:
        self.command = command
        self.rules = list(rules)
        self.by_rule: Counter[str] = Counter()
        self.by_status: Counter[str] = Counter()
        self.documents = 0
        self.applied = 0
        self.chars_removed = 0
        self.bytes_removed = 0
        self.errors: list[dict[str, Any]] = []
        self.baselined: int | None = None
        self._spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()

    def add(self, entry: dict[str, Any], bytes_removed: int = 0) -> None:
        findings = [(f["rule"], bool(f["fix"] and f["fix"]["applied"]))
                    for f in entry["findings"]]
        self.add_dumped(dump_entry(entry), entry["status"], entry["chars_removed"], findings,
                        bytes_removed)

    def add_dumped(self, body: bytes, status: str, chars_removed: int,
                   findings: Iterable[tuple[str, bool]], bytes_removed: int = 0) -> None:
        """Add an entry serialised by ``dump_entry`` (in a worker process), with what the
        summary counts of it: its status, characters removed, (rule, applied) per finding."""
        self.by_status[status] += 1
        for rule, applied in findings:
            self.by_rule[rule] += 1
            self.applied += applied
        self.chars_removed += chars_removed
        self.bytes_removed += bytes_removed
        self._spool.write((b",\n" if self.documents else b"\n") + body)
        self.documents += 1

    def add_result(self, result: DocumentResult, file: str | None = None) -> None:
        bytes_removed = 0
        if result.fixed is not None:
            bytes_removed = (len(result.original.encode("utf-8", "surrogatepass"))
                             - len(result.fixed.encode("utf-8", "surrogatepass")))
        self.add(document_entry(result, file), bytes_removed)

    def add_error(self, error: InputError, file: str | None = None) -> None:
        """``file``: as for ``document_entry``, the input as the user opens it."""
        entry: dict[str, Any] = {"path": error.relative,
                                 "file": error.relative if file is None else file,
                                 "message": error.message}
        if error.record is not None:
            entry["record"] = error.record
        if error.source_line is not None:
            entry["source_line"] = error.source_line
        self.errors.append(entry)
        self.by_status["error"] += 1

    def head(self) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "documents": self.documents + len(self.errors),
            "findings": sum(self.by_rule.values()),
            "findings_by_rule": dict(sorted(self.by_rule.items())),
            "fixes_applied": self.applied,
            "chars_removed": self.chars_removed,
            "bytes_removed": self.bytes_removed,
            "by_status": dict(sorted(self.by_status.items())),
        }
        if self.baselined is not None:
            summary["baselined"] = self.baselined
        return {
            "tool": "lint-corpus",
            "version": __version__,
            "command": self.command,
            "rules": [
                {
                    "code": rule.code,
                    "name": rule.name,
                    "severity": rule.severity.value,
                    "fixable": rule.fixable,
                    "options": rule.options,
                }
                for rule in self.rules
            ],
            "summary": summary,
        }

    def write(self, stream: IO[bytes]) -> None:
        """Write the whole report; may be called more than once (stdout and ``--report``)."""
        head = dumps(self.head()).encode("utf-8")
        # The head ends with "\n}\n": the documents and errors go before its closing brace.
        stream.write(head[: head.rindex(b"}")].rstrip(b"\n") + b',\n  "documents": [')
        self._spool.flush()
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, stream, 1 << 20)
        self._spool.seek(0, 2)
        stream.write((b"\n  ]" if self.documents else b"]") + b',\n  "errors": ')
        errors = json.dumps(self.errors, ensure_ascii=False, indent=2)
        stream.write(errors.replace("\n", "\n  ").encode("utf-8") + b"\n}\n")

    def dumps(self) -> str:
        buffer = io.BytesIO()
        self.write(buffer)
        return buffer.getvalue().decode("utf-8")

    def close(self) -> None:
        self._spool.close()


_INDENT = b"    "


def dump_entry(entry: dict[str, Any]) -> bytes:
    """A document entry as it sits in the report's ``documents`` list (indented to depth 2)."""
    body = orjson.dumps(entry, option=orjson.OPT_INDENT_2)
    return _INDENT + body.replace(b"\n", b"\n" + _INDENT)


def build_report(
    command: str,
    rules: Sequence[Rule],
    results: Sequence[DocumentResult],
    input_errors: Sequence[InputError] = (),
    files: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The whole report as a dictionary, for results held in memory. ``files`` maps a
    result's (or error's) ``path`` to its ``file`` where they differ (see ``document_entry``)."""
    shown = files or {}
    builder = ReportBuilder(command, rules)
    try:
        for result in results:
            builder.add_result(result, shown.get(result.path))
        for error in input_errors:
            builder.add_error(error, shown.get(error.relative))
        report: dict[str, Any] = json.loads(builder.dumps())
    finally:
        builder.close()
    return report


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
