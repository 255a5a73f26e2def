"""Baselines: adopt lint-corpus on a corpus that already has findings.

``--update-baseline --baseline FILE`` records the current findings; ``--baseline FILE`` then
hides them, so CI fails only on new ones. A finding is matched by

    (path, code, fingerprint of the flagged text, occurrence)

where the fingerprint hashes the flagged text with runs of whitespace collapsed, and the
occurrence numbers findings with the same path, code and fingerprint in document order. No
line numbers: a finding stays matched when text above it is edited, and re-wrapping the
flagged text does not un-hide it. Editing the flagged text itself makes it a new finding.

``fix`` applies fixes whatever the baseline says; a finding whose fix was applied is always
reported, so every change to the text is accounted for.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lint_corpus.errors import BaselineError
from lint_corpus.results import ReportedFinding, RunDocument, fingerprint, line_col, normalise
from lint_corpus.sources import atomic_write

VERSION = 1


@dataclass(frozen=True, order=True)
class Key:
    path: str
    code: str
    fingerprint: str
    occurrence: int


def keyed(document: RunDocument) -> Iterator[tuple[Key, ReportedFinding]]:
    """Each finding of ``document`` with its baseline key, in document order."""
    result = document.result
    # A record in a many-record file is known by its id where it has one: record indexes
    # shift when records are added or removed above it.
    path = document.file
    if result.record is not None:
        path += f"#{result.id}" if result.id is not None else f"[{result.record}]"
    seen: Counter[tuple[str, str]] = Counter()
    for reported in result.findings:
        finding = reported.finding
        digest = fingerprint(result.original[finding.start : finding.end])
        occurrence = seen[finding.code, digest]
        seen[finding.code, digest] += 1
        yield Key(path, finding.code, digest, occurrence), reported


def load(path: Path) -> frozenset[Key]:
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        raise BaselineError(f"baseline {path} not found "
                            "(create it with --update-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("tool") != "lint-corpus":
        raise BaselineError(f"baseline {path} is not a lint-corpus baseline")
    if data.get("version") != VERSION:
        raise BaselineError(f"baseline {path} has version {data.get('version')!r}; this "
                            f"lint-corpus reads version {VERSION} (refresh it with "
                            "--update-baseline)")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline {path}: 'findings' must be a list")
    keys: set[Key] = set()
    for number, entry in enumerate(entries):
        try:
            keys.add(_key(entry))
        except (KeyError, TypeError, ValueError) as exc:
            raise BaselineError(f"baseline {path}: finding #{number} is malformed "
                                f"({exc})") from None
    return frozenset(keys)


def _key(entry: Any) -> Key:
    if not isinstance(entry, dict):
        raise TypeError("not an object")
    values = [entry["path"], entry["code"], entry["fingerprint"]]
    occurrence = entry["occurrence"]
    if not all(isinstance(v, str) for v in values):
        raise TypeError("path, code and fingerprint must be strings")
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
        raise ValueError("occurrence must be a non-negative integer")
    return Key(values[0], values[1], values[2], occurrence)


def dumps(documents: Sequence[RunDocument]) -> str:
    """The baseline for every finding of ``documents``, sorted, one finding per entry.

    ``rule``, ``line`` and ``excerpt`` are for the reader reviewing the file; matching
    uses only the key fields.
    """
    entries: list[tuple[Key, dict[str, Any]]] = []
    for document in documents:
        text = document.result.original
        for key, reported in keyed(document):
            finding = reported.finding
            entries.append((key, {
                "path": key.path,
                "code": key.code,
                "rule": finding.rule,
                "fingerprint": key.fingerprint,
                "occurrence": key.occurrence,
                "line": line_col(text, finding.start)[0],
                "excerpt": _short(normalise(text[finding.start : finding.end])),
            }))
    entries.sort(key=lambda item: item[0])
    payload = {"tool": "lint-corpus", "version": VERSION,
               "findings": [entry for _, entry in entries]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write(path: Path, documents: Sequence[RunDocument]) -> int:
    """Write the baseline atomically; return the number of findings recorded."""
    atomic_write(path, dumps(documents).encode("utf-8"))
    return sum(len(document.result.findings) for document in documents)


def apply(keys: frozenset[Key], documents: Sequence[RunDocument]
          ) -> tuple[list[RunDocument], int]:
    """Drop the baselined findings; return the documents as reported and how many were hidden.

    A finding whose fix was applied stays: the text it changed must be accounted for.
    """
    kept_documents: list[RunDocument] = []
    hidden = 0
    for document in documents:
        kept = [reported for key, reported in keyed(document)
                if reported.applied or key not in keys]
        hidden += len(document.result.findings) - len(kept)
        kept_documents.append(replace(document, result=replace(document.result, findings=kept)))
    return kept_documents, hidden


def keys(documents: Sequence[RunDocument]) -> frozenset[Key]:
    """The keys of every finding of ``documents``: what a fresh baseline would record."""
    return frozenset(key for document in documents for key, _ in keyed(document))
