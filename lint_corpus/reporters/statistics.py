"""``--statistics``: how many findings each rule reported, like ``ruff --statistics``.

    3  LC104  duplicate-section   3 fixable
    1  LC101  truncated-document  1 fixable

Sorted by count (most first), then code. "fixable" counts the findings whose fix ``fix``
would apply with the run's settings (safe fixes, and unsafe ones with ``--unsafe-fixes``).
"""

from __future__ import annotations

from collections import Counter

from lint_corpus.reporters.base import ReportedDocument, ReporterContext, RunEnd, fix_available
from lint_corpus.results import DocumentResult, Run


class RuleCounts:
    """Findings per rule, counted as documents stream by."""

    def __init__(self, unsafe_fixes: bool) -> None:
        self.unsafe_fixes = unsafe_fixes
        self.counts: Counter[tuple[str, str]] = Counter()
        self.fixable: Counter[tuple[str, str]] = Counter()

    def add(self, result: DocumentResult) -> None:
        for reported in result.findings:
            key = (reported.finding.code, reported.finding.rule)
            self.counts[key] += 1
            self.fixable[key] += fix_available(reported, self.unsafe_fixes)

    def rows(self) -> list[tuple[int, str, str, int]]:
        """(count, code, name, fixable count) per rule with findings, most findings first."""
        ordered = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return [(count, code, name, self.fixable[code, name]) for (code, name), count in ordered]

    def write(self) -> str:
        return _table(self.rows())


class StatisticsReporter:
    """``--statistics``: the table instead of the findings, at the end of the run."""

    def __init__(self, context: ReporterContext) -> None:
        self.stdout = context.stdout
        self.counts = RuleCounts(context.unsafe_fixes)

    def on_document(self, document: ReportedDocument) -> None:
        self.counts.add(document.document.result)

    def finish(self, end: RunEnd) -> None:
        self.stdout.write(self.counts.write())


def rows(run: Run) -> list[tuple[int, str, str, int]]:
    counts = RuleCounts(run.unsafe_fixes)
    for result in run.results:
        counts.add(result)
    return counts.rows()


def write(run: Run) -> str:
    return _table(rows(run))


def _table(table: list[tuple[int, str, str, int]]) -> str:
    if not table:
        return ""
    count_width = max(len(str(row[0])) for row in table)
    code_width = max(len(row[1]) for row in table)
    name_width = max(len(row[2]) for row in table)
    return "".join(
        f"{count:>{count_width}}  {code:<{code_width}}  {name:<{name_width}}  "
        f"{fixable} fixable\n"
        for count, code, name, fixable in table
    )
