"""Running lint-corpus on a Ray cluster (placeholder until the Ray engine lands)."""

from __future__ import annotations

from lint_corpus.runner import CorpusRun


class RayCorpusRun(CorpusRun):
    pass
