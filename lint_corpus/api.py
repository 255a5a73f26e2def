"""The small public Python API: lint or fix one text with the built-in rules."""

from __future__ import annotations

from collections.abc import Sequence

from lint_corpus.document import Document
from lint_corpus.engine import DocumentResult, Linter
from lint_corpus.registry import all_rules, select_rules
from lint_corpus.rule import Finding


def _linter(select: Sequence[str], ignore: Sequence[str], unsafe_fixes: bool) -> Linter:
    classes = select_rules(all_rules(), select, ignore)
    return Linter([cls() for cls in classes], unsafe_fixes=unsafe_fixes)


def lint(text: str, *, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Finding]:
    """Findings for ``text``, sorted by position."""
    result = _linter(select, ignore, False).check(Document(text))
    return [reported.finding for reported in result.findings]


def fix(
    text: str, *, select: Sequence[str] = (), ignore: Sequence[str] = (), unsafe_fixes: bool = False
) -> str:
    """``text`` with every allowed fix applied until nothing more changes."""
    result: DocumentResult = _linter(select, ignore, unsafe_fixes).fix(Document(text))
    assert result.fixed is not None
    return result.fixed
