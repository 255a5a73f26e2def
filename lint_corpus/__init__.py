"""lint-corpus: lint and clean text corpora, span by span."""

from __future__ import annotations

__version__ = "0.1.0"

from lint_corpus.api import (  # noqa: E402
    CorpusLinter,
    DocumentInput,
    document_entry,
    fix,
    lint,
    summary,
)
from lint_corpus.config import ConfigError  # noqa: E402
from lint_corpus.engine import DocumentResult  # noqa: E402
from lint_corpus.registry import RegistryError  # noqa: E402
from lint_corpus.rule import Finding  # noqa: E402

__all__ = [
    "ConfigError",
    "CorpusLinter",
    "DocumentInput",
    "DocumentResult",
    "Finding",
    "RegistryError",
    "__version__",
    "document_entry",
    "fix",
    "lint",
    "summary",
]
