"""The per-document fields both adapters write: datatrove metadata keys and dataset columns.

Every value is a string, a bool or an int, never a list: Arrow (``datasets``, datatrove's
``ParquetWriter``) fixes a column's type from the first rows it sees, and an empty list there
becomes a list of nulls that a later row's codes cannot be cast to.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lint_corpus.api import document_entry, summary
from lint_corpus.results import DocumentResult

DEFAULT_PREFIX = "lint_"
#: Field -> Arrow type name (as ``datasets.Value`` spells it); ``findings`` is optional.
#: After ``status`` come the document marks the installed rules declare, one bool each.
_BEFORE_MARKS = {"status": "string"}
_AFTER_MARKS = {"codes": "string", "fixes_applied": "int64", "chars_removed": "int64",
                "errors": "string", "findings": "string"}


def types(marks: Sequence[str]) -> dict[str, str]:
    """Every field's Arrow type, in column order, with ``marks`` (``CorpusLinter.marks``)."""
    return {**_BEFORE_MARKS, **dict.fromkeys(marks, "bool"), **_AFTER_MARKS}


def fields(result: DocumentResult, prefix: str, findings_json: bool) -> dict[str, Any]:
    """``summary(result)`` under ``prefix``, its lists joined (codes by ",", errors by
    newlines), plus with ``findings_json`` the report's finding entries as JSON text (each
    rule's ``data`` has its own keys, so as records they would not share one schema)."""
    values = summary(result)
    values["codes"] = ",".join(values["codes"])
    values["errors"] = "\n".join(values["errors"])
    if findings_json:
        values["findings"] = json.dumps(document_entry(result)["findings"], ensure_ascii=False)
    return {prefix + key: value for key, value in values.items()}


def field_names(prefix: str, findings_json: bool, marks: Sequence[str]) -> list[str]:
    return [prefix + key for key in types(marks) if findings_json or key != "findings"]
