"""lint-corpus: lint and clean text corpora, span by span."""

from __future__ import annotations

from lint_corpus.api import (
    CorpusLinter,
    DocumentInput,
    document_entry,
    fix,
    lint,
    summary,
)
from lint_corpus.errors import ConfigError, LintCorpusError, RegistryError
from lint_corpus.results import DocumentResult
from lint_corpus.rule import Finding
from lint_corpus.version import __version__

__all__ = [
    "ConfigError",
    "CorpusLinter",
    "DocumentInput",
    "DocumentResult",
    "Finding",
    "LintCorpusError",
    "RegistryError",
    "__version__",
    "document_entry",
    "fix",
    "lint",
    "summary",
]
