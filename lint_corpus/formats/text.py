"""``--format text``: one line per finding, ``path:line:col: CODE name message [fix]``."""

from __future__ import annotations

from lint_corpus import report as reportlib
from lint_corpus.formats import Run, fix_marker


def write(run: Run) -> str:
    lines: list[str] = []
    for document in run.documents:
        result = document.result
        for reported in result.findings:
            finding = reported.finding
            entry = reportlib.finding_entry(result.original, reported)
            lines.append(f"{result.path}:{entry['line']}:{entry['column']}: {finding.code} "
                         f"{finding.rule} {finding.message}{fix_marker(reported)}\n")
    return "".join(lines)
