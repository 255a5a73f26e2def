"""The per-document fields both adapters write: datatrove metadata keys and dataset columns."""

from __future__ import annotations

import json
from typing import Any

from lint_corpus.api import document_entry, summary
from lint_corpus.engine import DocumentResult

DEFAULT_PREFIX = "lint_"
#: The keys of ``lint_corpus.summary``; with ``findings_json`` a ``findings`` key follows.
SUMMARY_KEYS = ("status", "truncated", "codes", "fixes_applied", "chars_removed", "errors")


def fields(result: DocumentResult, prefix: str, findings_json: bool) -> dict[str, Any]:
    """``summary(result)`` under ``prefix``, plus the report's finding entries as JSON text.

    The findings are one JSON string rather than nested records because each rule's
    ``data`` has its own keys: as records they would give every batch a different Arrow or
    Parquet schema.
    """
    values = {prefix + key: value for key, value in summary(result).items()}
    if findings_json:
        findings = document_entry(result)["findings"]
        values[prefix + "findings"] = json.dumps(findings, ensure_ascii=False)
    return values


def field_names(prefix: str, findings_json: bool) -> list[str]:
    keys = [*SUMMARY_KEYS, "findings"] if findings_json else list(SUMMARY_KEYS)
    return [prefix + key for key in keys]
