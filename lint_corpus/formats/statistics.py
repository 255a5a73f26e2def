"""``--statistics``: how many findings each rule reported, like ``ruff --statistics``.

    3  LC104  duplicate-section   3 fixable
    1  LC101  truncated-document  1 fixable

Sorted by count (most first), then code. "fixable" counts the findings whose fix ``fix``
would apply with the run's settings (safe fixes, and unsafe ones with ``--unsafe-fixes``).
"""

from __future__ import annotations

from collections import Counter

from lint_corpus.formats import Run, fix_available


def rows(run: Run) -> list[tuple[int, str, str, int]]:
    """(count, code, name, fixable count) per rule with findings, most findings first."""
    counts: Counter[tuple[str, str]] = Counter()
    fixable: Counter[tuple[str, str]] = Counter()
    for result in run.results:
        for reported in result.findings:
            key = (reported.finding.code, reported.finding.rule)
            counts[key] += 1
            fixable[key] += fix_available(reported, run.unsafe_fixes)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(count, code, name, fixable[code, name]) for (code, name), count in ordered]


def write(run: Run) -> str:
    table = rows(run)
    if not table:
        return ""
    count_width = max(len(str(row[0])) for row in table)
    code_width = max(len(row[1]) for row in table)
    name_width = max(len(row[2]) for row in table)
    return "".join(
        f"{count:>{count_width}}  {code:<{code_width}}  {name:<{name_width}}  "
        f"{fixable} fixable\n"
        for count, code, name, fixable in table
    )
