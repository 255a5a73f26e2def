"""What a rule declares is what it does: the marks it sets decide the document's status and
the report's booleans, and a rule that breaks its declaration fails like a broken rule."""

from __future__ import annotations

from collections.abc import Iterator

from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules, declared_marks
from lint_corpus.report import document_entry
from lint_corpus.rule import Finding, Fix, Rule


class CutOff(Rule):
    """Marks a document that ends with ``...`` as cut off."""

    code = "TX801"
    name = "cut-off"
    summary = "Ends with three dots."
    fixable = False
    marks = frozenset({"cut-off"})

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.text.endswith("..."):
            yield self.finding(len(doc.text) - 3, len(doc.text), "cut off", marks=self.marks)


class Undeclared(CutOff):
    """Sets a mark it does not declare."""

    code = "TX802"
    name = "undeclared-mark"
    marks = frozenset()

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 0, "marked", marks=frozenset({"cut-off"}))


class FixesAnyway(CutOff):
    """Declares no fix and yields one."""

    code = "TX803"
    name = "fixes-anyway"

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 1, "fixes", fix=Fix.delete(0, 1, "Delete it"))


def test_a_declared_mark_is_the_status_and_a_report_boolean() -> None:
    linter = Linter([CutOff()], marks=("cut-off", "other"))
    marked = linter.check(Document("The end..."))
    assert marked.status == "cut-off"
    entry = document_entry(marked)
    assert entry["cut-off"] is True and entry["other"] is False
    clean = linter.check(Document("The end."))
    assert clean.status == "clean"
    assert document_entry(clean)["cut-off"] is False


def test_an_undeclared_mark_or_fix_is_a_rule_error() -> None:
    for rule, words in ((Undeclared(), "declared marks"), (FixesAnyway(), "fixable = False")):
        result = Linter([rule]).check(Document("text..."))
        assert result.findings == []
        assert len(result.errors) == 1 and words in result.errors[0]
        assert result.status == "error"


def test_the_built_in_pack_declares_the_marks_its_findings_set() -> None:
    # The report's document booleans come from these declarations, not from the engine.
    assert declared_marks(all_rules()) == ("truncated",)
