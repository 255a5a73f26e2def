"""Misbehaving plugin rules, as data: one row per way a third-party rule can go wrong, run
through the real CLI beside a rule that works.

Each row names a rule behaviour, the command (``check`` or ``fix --out``, with options), the
exit code, a fragment of stderr, and the files left in ``--out``. Every row also holds the
invariants no plugin may break: no traceback, the run finishes, the report validates against
the schema, and the working rule's fix still reaches the output (the broken rule is skipped,
not the document). To cover a new misbehaviour, add a rule class and a row.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakes import JunkLine, run

from lint_corpus import registry as registry_module
from lint_corpus import report as reportlib
from lint_corpus.document import Document
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity

CHECK, FIX_OUT = "check", "fix --out"
CLEAN, FINDINGS, ERROR = 0, 1, 2
#: The input: the working rule (junk-line) deletes the JUNK line.
INPUT = "Keep this line.\nJUNK\nAlso keep this one.\n"
FIXED = "Keep this line.\nAlso keep this one.\n"
#: A budget short enough for a test, long enough that a sane rule never meets it.
TEST_TIMEOUT = 0.5


class Plugin(Rule):
    """A third-party rule that misbehaves (each subclass in one way).

    What it does: misbehaves. Why is this bad?: it tests the rule boundary.
    Example: any text. Fix: see the subclass.
    """

    code = "PX100"
    name = "plugin-rule"
    summary = "A misbehaving plugin rule."

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "the first word")


class RaisesInConstructor(Plugin):
    def __init__(self, options: Any = None) -> None:
        raise ValueError("cannot start")


class RaisesInCheck(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "half an analysis")
        raise RuntimeError("kaboom")


class PluginAbort(BaseException):
    """A plugin's own BaseException subclass."""


class RaisesBaseException(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        raise PluginAbort("abort everything")


class CallsSysExit(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        raise SystemExit(3)


class YieldsNotAFinding(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield {"start": 0, "end": 4}  # type: ignore[misc]


class SetInData(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "data with a set", data={"tags": {"a", "b"}})


class SurrogateInMessage(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "bad \ud800 message")


class StringSeverity(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield Finding(self.code, self.name, "warning", "a string severity", 0, 4)  # type: ignore[arg-type]


class FloatSpan(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0.0, 4.0, "a float span")  # type: ignore[arg-type]


class SpanOutOfRange(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, len(doc.text) + 10, "past the end")


class NonStringReplacement(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "replaced by a number",
                           fix=Fix("Replace", (Edit(0, 4, 42),)))  # type: ignore[arg-type]


class EditsAsList(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "edits in a list",
                           fix=Fix("Replace", [Edit(0, 4, "Kept")]))  # type: ignore[arg-type]


class OverlappingEdits(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "two edits on one span",
                           fix=Fix("Replace", (Edit(0, 4, "a"), Edit(2, 6, "b"))))


class FixWithoutFixable(Plugin):
    fixable = False

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "a fix it did not declare", fix=Fix.delete(0, 4, "Delete"))


class UndeclaredMark(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "an undeclared mark", marks=frozenset({"secret"}))


class DeclaredMark(Plugin):
    marks = frozenset({"needs-review"})

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "marks the document", marks=frozenset({"needs-review"}))


class EmptyMessage(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 4, "")


class Sleeps(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        time.sleep(60)
        yield self.finding(0, 4, "woke up")


class SpinsAndSwallows(Plugin):
    """Loops for ever and swallows every ``Exception`` it sees."""

    def check(self, doc: Document) -> Iterator[Finding]:
        while True:
            try:
                sum(range(1000))
            except Exception:  # noqa: S110 - the misbehaviour under test
                pass
        yield self.finding(0, 4, "never")


class NeverConverges(Plugin):
    """A 'safe' fix that always finds more to do: it inserts a character each pass."""

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 0, "always one more",
                           fix=Fix("Insert a mark", (Edit(0, 0, "#"),)))


class ExitsTheWorker(Plugin):
    def check(self, doc: Document) -> Iterator[Finding]:
        os._exit(9)


class SlowButSane(Plugin):
    """Takes a little time, well within the budget: must not be cut off."""

    def check(self, doc: Document) -> Iterator[Finding]:
        time.sleep(TEST_TIMEOUT / 10)
        yield self.finding(0, 4, "slow but fine", severity=Severity.INFO)


@dataclass(frozen=True)
class Case:
    name: str
    rule: type[Rule]
    command: str
    exit_code: int
    #: A fragment of stderr ("" when nothing in particular).
    message: str
    #: The files in ``out/`` afterwards (``fix --out`` only).
    left: frozenset[str] = frozenset()
    options: tuple[str, ...] = ()
    #: The text ``out/doc.txt`` must hold (default: the working rule's fix, nothing else).
    fixed: str = FIXED


DOC = frozenset({"doc.txt"})
FAILED = "error: in/doc.txt: rule PX100 (plugin-rule) failed: "


def rows(name: str, rule: type[Rule], message: str) -> list[Case]:
    """A rule that breaks on the document, under check and fix: the same error, exit 2, and
    the working rule's fix still written."""
    return [Case(name, rule, CHECK, ERROR, message),
            Case(name, rule, FIX_OUT, ERROR, message, DOC)]


CASES: list[Case] = [
    *rows("constructor raises", RaisesInConstructor,
          "error: rule PX100 (plugin-rule) could not be created: ValueError: cannot start; "
          "skipped for this run"),
    *rows("check raises midway", RaisesInCheck, FAILED + "RuntimeError: kaboom"),
    *rows("custom BaseException", RaisesBaseException, FAILED + "PluginAbort: abort everything"),
    *rows("SystemExit(3)", CallsSysExit, FAILED + "SystemExit: 3"),
    *rows("yields a dict", YieldsNotAFinding, FAILED + "TypeError: yielded a dict, not a Finding"),
    *rows("a set in data", SetInData, FAILED + "TypeError: data cannot be written as JSON"),
    *rows("lone surrogate in the message", SurrogateInMessage,
          FAILED + "ValueError: message is not valid Unicode (a lone surrogate at character 4)"),
    *rows("string severity", StringSeverity,
          FAILED + "TypeError: severity 'warning' is a str, not a Severity"),
    *rows("float span", FloatSpan, FAILED + "TypeError: span start 0.0 is a float, not an int"),
    *rows("span past the end", SpanOutOfRange, FAILED + "ValueError: span 0-"),
    *rows("non-string replacement", NonStringReplacement,
          FAILED + "TypeError: edit replacement 42 is a int, not a str"),
    *rows("edits in a list", EditsAsList, FAILED + "TypeError: fix edits are a list, not a tuple"),
    *rows("overlapping edits", OverlappingEdits,
          FAILED + "ValueError: fix edit 2-6 is out of range or overlaps another edit"),
    *rows("fix without fixable", FixWithoutFixable,
          FAILED + "ValueError: a fix from a rule that declares fixable = False"),
    *rows("undeclared mark", UndeclaredMark,
          FAILED + "ValueError: marks ['secret'] are not among the rule's declared marks"),
    *rows("empty message", EmptyMessage, FAILED + "ValueError: an empty message"),
    *[Case(name, rule, command, ERROR,
           FAILED + f"RuleTimeout: took longer than the rule-timeout of {TEST_TIMEOUT:g} s",
           DOC if command == FIX_OUT else frozenset(), ("--config", "lint-corpus.toml"))
      for name, rule in (("sleeps", Sleeps), ("spins and swallows exceptions", SpinsAndSwallows))
      for command in (CHECK, FIX_OUT)],
    # Within budget: not cut off; info findings do not fail the run.
    Case("slow but sane", SlowButSane, CHECK, FINDINGS, "", options=("--config",
                                                                     "lint-corpus.toml")),
    # A third-party mark is the document's status, and validates.
    Case("declared mark", DeclaredMark, CHECK, FINDINGS, ""),
    # Non-convergence: the last pass's text is written, with a warning; the exit code is 1
    # because the file changed (a warning alone does not make it 2).
    Case("fix never converges", NeverConverges, FIX_OUT, FINDINGS,
         "warning: in/doc.txt: fix did not converge after 10 passes: the fixes of PX100 "
         "(plugin-rule) kept changing the text", DOC, fixed="#" * 10 + FIXED),
    # A rule that ends its process: plugin rules run in a worker even with -j 1, so the run
    # ends with a message naming the rule and the document, and nothing half-written.
    *[Case("os._exit in a worker", ExitsTheWorker, command, ERROR,
           "error: a worker process died while running rule PX100 (plugin-rule) on doc.txt; "
           "nothing was left half-written", options=("-j", jobs))
      for jobs in ("1", "2") for command in (CHECK, FIX_OUT)],
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.name} / {case.command}")
def test_misbehaving_plugin(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [JunkLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [case.rule])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "doc.txt").write_text(INPUT, encoding="utf-8")
    (tmp_path / "lint-corpus.toml").write_text(f"rule-timeout = {TEST_TIMEOUT}\n",
                                               encoding="utf-8")
    argv = ["check", "in"] if case.command == CHECK else ["fix", "in", "--out", "out"]
    isolation = () if "--config" in case.options else ("--isolated",)
    started = time.monotonic()
    code, out, err = run(*argv, *case.options, *isolation, "--report", "report.json")
    assert time.monotonic() - started < 20 * TEST_TIMEOUT + 10, "the run waited on the rule"
    assert "Traceback" not in err
    assert case.message in err, err
    assert code == case.exit_code, err
    if case.command == FIX_OUT:
        left = frozenset(p.relative_to(tmp_path / "out").as_posix()
                         for p in (tmp_path / "out").rglob("*") if p.is_file()) \
            if (tmp_path / "out").exists() else frozenset()
        assert left == case.left
        if "doc.txt" in left:
            assert (tmp_path / "out" / "doc.txt").read_text(encoding="utf-8") == case.fixed
    if (tmp_path / "report.json").exists():
        report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
        reportlib.validate(report)
        for document in report["documents"]:
            assert all(f["rule"] != "plugin-rule" for f in document["findings"]) \
                or case.exit_code != ERROR, "a broken rule's findings were kept"
            if case.rule is NeverConverges:
                assert document["converged"] is False
                assert document["warnings"][0].startswith("fix did not converge")
            else:
                assert "warnings" not in document
    else:
        assert case.name == "os._exit in a worker"
