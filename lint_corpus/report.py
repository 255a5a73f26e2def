"""The JSON lint report: building it from results, and validating it against the shipped schema."""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jsonschema

from lint_corpus import __version__
from lint_corpus.engine import DocumentResult, ReportedFinding
from lint_corpus.rule import Rule
from lint_corpus.sources import InputError

EXCERPT_CHARS = 80


@cache
def report_schema() -> dict[str, Any]:
    text = resources.files("lint_corpus").joinpath("schema/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``report`` does not match the schema."""
    jsonschema.validate(report, report_schema())


def excerpt(text: str, start: int, end: int, limit: int = EXCERPT_CHARS) -> str:
    """The flagged text, shortened in the middle so both ends of a long span stay visible."""
    if end > start:
        piece = text[start:end]
    else:  # an empty span (a point): show its surroundings
        piece = text[max(0, start - limit // 2) : start + limit // 2]
    piece = piece.replace("\r", "")
    if len(piece) <= limit:
        return piece
    half = (limit - 1) // 2
    return piece[:half] + "…" + piece[-half:]


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (cached: a document has many findings)."""
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, in O(log lines) rather than O(offset)."""
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def finding_entry(text: str, reported: ReportedFinding) -> dict[str, Any]:
    finding = reported.finding
    line, column = _line_col(text, finding.start)
    end_line, _ = _line_col(text, max(finding.start, finding.end - 1))
    fix: dict[str, Any] | None = None
    if finding.fix is not None:
        fix = {
            "action": finding.fix.action,
            "applied": reported.applied,
            "applicability": finding.fix.applicability.value,
            "description": finding.fix.description,
            "chars_removed": sum(e.end - e.start - len(e.replacement) for e in finding.fix.edits),
            "edits": [
                {"start": e.start, "end": e.end, "replacement": e.replacement}
                for e in finding.fix.edits
            ],
        }
    return {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "span": {"start": finding.start, "end": finding.end},
        "line": line,
        "column": column,
        "end_line": end_line,
        "excerpt": excerpt(text, finding.start, finding.end),
        "data": dict(finding.data),
        "fix": fix,
    }


def document_entry(result: DocumentResult) -> dict[str, Any]:
    removed = len(result.original) - len(result.fixed) if result.fixed is not None else 0
    return {
        "path": result.path,
        "id": result.id,
        "status": result.status,
        "truncated": "truncated" in result.marks,
        "chars": len(result.original),
        "chars_removed": removed,
        "converged": result.converged,
        "errors": list(result.errors),
        "findings": [finding_entry(result.original, f) for f in result.findings],
    }


def build_report(
    command: str,
    rules: Sequence[Rule],
    results: Sequence[DocumentResult],
    input_errors: Sequence[InputError] = (),
) -> dict[str, Any]:
    by_rule: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    applied = 0
    chars_removed = 0
    bytes_removed = 0
    for result in results:
        by_status[result.status] += 1
        for reported in result.findings:
            by_rule[reported.finding.rule] += 1
            applied += reported.applied
        if result.fixed is not None:
            chars_removed += len(result.original) - len(result.fixed)
            bytes_removed += len(result.original.encode("utf-8", "surrogatepass")) - len(
                result.fixed.encode("utf-8", "surrogatepass")
            )
    if input_errors:
        by_status["error"] += len(input_errors)
    return {
        "tool": "lint-corpus",
        "version": __version__,
        "command": command,
        "rules": [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.value,
                "fixable": rule.fixable,
                "options": rule.options,
            }
            for rule in rules
        ],
        "summary": {
            "documents": len(results) + len(input_errors),
            "findings": sum(by_rule.values()),
            "findings_by_rule": dict(sorted(by_rule.items())),
            "fixes_applied": applied,
            "chars_removed": chars_removed,
            "bytes_removed": bytes_removed,
            "by_status": dict(sorted(by_status.items())),
        },
        "documents": [document_entry(r) for r in results],
        "errors": [{"path": e.relative, "message": e.message} for e in input_errors],
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
