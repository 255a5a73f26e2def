"""``--format json``: the JSON report (``lint_corpus.report``), as ``--report`` writes it."""

from __future__ import annotations

from lint_corpus import report as reportlib
from lint_corpus.formats import Run


def write(run: Run) -> str:
    report = reportlib.build_report(run.command, run.rules, run.results, run.errors)
    if run.baselined is not None:
        report["summary"]["baselined"] = run.baselined
    return reportlib.dumps(report)
