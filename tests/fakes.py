"""Test-only pieces shared by the CLI-level tests: fake rules and an in-process runner.

They live in a module of their own, not in ``conftest.py``: the fake rules must be importable
by name, so that worker processes and Ray workers unpickle them as the driver's classes.

The fake rules are tiny and exact, so tests can assert the bytes of outputs; tests inject
them into the registry with ``monkeypatch`` instead of the built-in rules.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from lint_corpus import cli
from lint_corpus.document import Document
from lint_corpus.rule import Finding, Fix, Rule, Severity

RunResult = tuple[int, str, str]


class JunkLine(Rule):
    """Flags a line that says only ``JUNK``.

    What it does: finds lines whose whole content is ``JUNK``.
    Why is this bad?: test junk.
    Example: ``a\\nJUNK\\nb`` becomes ``a\\nb``.
    Fix: deletes the line and its line break.
    """

    code = "TX901"
    name = "junk-line"
    summary = "A line that says only JUNK."

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if line.content == "JUNK":
                end = min(line.end + 1, len(doc.text))
                yield self.finding(line.start, line.end, "line is junk",
                                   fix=Fix.delete(line.start, end, "Delete the junk line"))


class LoudLine(Rule):
    """Flags a line that starts with ``!!``.

    What it does: finds shouting. Why is this bad?: it is loud. Example: ``!! hey``.
    Fix: none.
    """

    code = "TX902"
    name = "loud-line"
    summary = "A line that starts with two exclamation marks."
    severity = Severity.INFO
    fixable = False

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if line.content.startswith("!!"):
                yield self.finding(line.start, line.end, "line shouts")


def run(*argv: str | Path) -> RunResult:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class DyingRule(Rule):
    """Kills the process it runs in, as an out-of-memory kill would.

    What it does: exits the worker. Why is this bad?: it tests crash handling.
    Example: any text. Fix: none.
    """

    code = "TX903"
    name = "dying-rule"
    summary = "Ends the process."
    fixable = False

    def check(self, doc: Document) -> Iterator[Finding]:
        import os

        os._exit(3)
        yield from ()
