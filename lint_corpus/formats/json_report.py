"""``--format json``: the JSON report (``lint_corpus.report``), as ``--report`` writes it."""

from __future__ import annotations

from lint_corpus import report as reportlib
from lint_corpus.formats import Run


def write(run: Run) -> str:
    return reportlib.dumps(dict(run.report))
