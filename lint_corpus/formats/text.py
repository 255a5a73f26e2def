"""``--format text``: one line per finding, ``path:line:col: CODE name message [fix]``.

A document from a file of many records is named ``shard.jsonl[17]`` (its record index); its
line and column count inside the document's text.
"""

from __future__ import annotations

from typing import Any

from lint_corpus import report as reportlib
from lint_corpus.formats import Run


def entry_lines(location: str, entry: dict[str, Any]) -> str:
    """The lines for one document, from its report entry (so a streaming run needs no more)."""
    lines: list[str] = []
    for finding in entry["findings"]:
        fix = finding["fix"]
        marker = "" if fix is None else " [fixed]" if fix["applied"] else \
            f" [{fix['applicability']} fix]"
        lines.append(f"{location}:{finding['line']}:{finding['column']}: {finding['code']} "
                     f"{finding['rule']} {finding['message']}{marker}\n")
    return "".join(lines)


def write(run: Run) -> str:
    return "".join(entry_lines(document.result.location,
                               reportlib.document_entry(document.result))
                   for document in run.documents)
