"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes the rules that ran (their documentation as
``fullDescription`` and ``help``), and each finding is a result with a physical location
(line/column and character offset/length) and, when the rule has one, its fix as replacements.

Offsets: the run declares ``columnKind: unicodeCodePoints`` (lint-corpus counts code points,
SARIF's default is UTF-16 units). Rules see "\\n" line ends only; for a CRLF file offsets,
lengths and inserted text are mapped back to the file's "\\r\\n". A UTF-8 BOM is not counted.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from lint_corpus.reporters.base import ReporterSpec, whole_run
from lint_corpus.results import (
    ReportedFinding,
    Run,
    RunDocument,
    file_lines,
    fingerprint,
    line_col,
    text_line_note,
)
from lint_corpus.rule import Rule, Severity
from lint_corpus.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: partialFingerprints key: the baseline fingerprint, so code scanning tracks a finding
#: across edits elsewhere in the file the same way ``--baseline`` does.
FINGERPRINT_KEY = "lintCorpusText/v1"


def artifact_uri(file: str) -> str:
    """A URI reference for a path as named on the command line."""
    path = PurePosixPath(file.replace("\\", "/"))
    if path.is_absolute():
        return "file://" + quote(path.as_posix(), safe="/")
    return quote(path.as_posix(), safe="/")


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    documentation = rule.documentation()
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"fixable": rule.fixable},
    }
    if documentation:
        descriptor["fullDescription"] = {"text": documentation}
        descriptor["help"] = {"text": documentation}
    return descriptor


class _Offsets:
    """Maps offsets in the text the rules saw to offsets in the file's own text."""

    def __init__(self, text: str, newline: str) -> None:
        self.text = text
        self.crlf = newline == "\r\n"

    def offset(self, position: int) -> int:
        return position + (self.text.count("\n", 0, position) if self.crlf else 0)

    def content(self, inserted: str) -> str:
        return inserted.replace("\n", "\r\n") if self.crlf else inserted


def _region(text: str, offsets: _Offsets, start: int, end: int) -> dict[str, int]:
    start_line, start_column = line_col(text, start)
    if end > start:  # SARIF's endColumn is the column after the region's last character
        end_line, last_column = line_col(text, end - 1)
        end_column = last_column + 1
    else:
        end_line, end_column = start_line, start_column
    char_offset = offsets.offset(start)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": char_offset,
        "charLength": offsets.offset(end) - char_offset,
    }


def _line_of(text: str, offset: int) -> int:
    return line_col(text, offset)[0]


def _result(document: RunDocument, reported: ReportedFinding, rule_index: int,
            uri: str) -> dict[str, Any]:
    finding = reported.finding
    text = document.result.original
    offsets = _Offsets(text, document.newline)
    region = _region(text, offsets, finding.start, finding.end)
    message = finding.message
    record = document.result.record
    if record is not None:
        # Offsets inside a record's text are not offsets into the file: the region is the
        # record's line (JSONL) and the message says where in the record the span is.
        line = document.result.source_line
        region = {"startLine": line} if line is not None else {}
        message = (f"record {record}"
                   f"{f' (id {document.result.id})' if document.result.id else ''}, "
                   f"line {_line_of(text, finding.start)}: {message}")
    source_lines = document.result.source_lines
    if source_lines is not None:
        # Text extracted from the file (HTML): the file's lines, the text's line quoted;
        # offsets into the text are not offsets into the file, so no fix either.
        text_line, text_end_line = region["startLine"], region["endLine"]
        start_line, end_line = file_lines(source_lines, text_line, text_end_line)
        region = {"startLine": start_line, "endLine": end_line}
        message += text_line_note(text, text_line)
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if region:
        location["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(text[finding.start : finding.end])},
    }
    if record is not None:
        result["locations"][0]["logicalLocations"] = [
            {"name": f"record {record}", "fullyQualifiedName": document.result.location,
             "kind": "element"}]
        return result  # file-level replacements cannot address text inside a record
    if source_lines is not None:
        return result
    if finding.fix is not None:
        fix = finding.fix
        replacements = []
        for number, edit in enumerate(fix.edits):
            replacement: dict[str, Any] = {
                "deletedRegion": {
                    "charOffset": offsets.offset(edit.start),
                    "charLength": offsets.offset(edit.end) - offsets.offset(edit.start),
                },
                "insertedContent": {"text": offsets.content(edit.replacement)},
            }
            if reported.combines and number in reported.combines:
                # One edit holding what several fixes made there: see ``combines`` in the report.
                replacement["properties"] = {"combines": [
                    _reference(other, offsets) for other in reported.combines[number]]}
            replacements.append(replacement)
        # SARIF replacements need at least one region: a conversion to UTF-8 has none.
        result["fixes"] = [] if not replacements else [{
            "description": {"text": fix.description},
            "artifactChanges": [{"artifactLocation": {"uri": uri},
                                 "replacements": replacements}],
        }]
        result["properties"] = {"applicability": fix.applicability.value,
                                "fixApplied": reported.applied}
        by = reported.superseded_by
        if by is not None:  # the result whose fix replaced this one's span: see the report
            result["properties"]["fixSupersededBy"] = _reference(by, offsets)
    return result


def _reference(other: ReportedFinding, offsets: _Offsets) -> dict[str, Any]:
    """Another result of the same file, by its rule and region (SARIF results have no ids)."""
    start, end = other.finding.start, other.finding.end
    return {"ruleId": other.finding.code, "charOffset": offsets.offset(start),
            "charLength": offsets.offset(end) - offsets.offset(start)}


def build(run: Run) -> dict[str, Any]:
    rules = [_rule_descriptor(rule) for rule in run.rules]
    index = {rule.code: number for number, rule in enumerate(run.rules)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for document in run.documents:
        uri = artifact_uri(document.file)
        for reported in document.result.findings:
            code = reported.finding.code
            if code not in index:  # not among the rules that ran: describe it from the finding
                index[code] = len(rules)
                rules.append({
                    "id": code, "name": reported.finding.rule,
                    "shortDescription": {"text": reported.finding.rule},
                    "defaultConfiguration": {"level": LEVELS[reported.finding.severity]},
                })
            results.append(_result(document, reported, index[code], uri))
        for message in document.result.errors:
            notifications.append(_notification(message, uri))
    for error in run.errors:
        notifications.append(_notification(error.message, artifact_uri(error.relative)))
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lint-corpus",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _notification(message: str, uri: str) -> dict[str, Any]:
    return {"level": "error", "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]}


def write(run: Run) -> str:
    return json.dumps(build(run), ensure_ascii=False, indent=2) + "\n"


REPORTER = ReporterSpec("sarif", "2.1.0", streams=False, machine_readable=True,
                        create=whole_run(write))
