"""lint-corpus: lint and clean text corpora, span by span."""

from __future__ import annotations

__version__ = "0.1.0"

from lint_corpus.api import fix, lint  # noqa: E402

__all__ = ["__version__", "fix", "lint"]
