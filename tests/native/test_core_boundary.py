"""The boundary with the native core: a panic in it is an ordinary, named exception that the
engine isolates as that document's error, and the character tables the core was built with
are the ones Python's patterns define today."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from lint_corpus_rules.whitespace import BadWhitespace

from lint_corpus import _core, native
from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.rule import Finding, Rule

ROOT = Path(__file__).resolve().parents[2]


class PanicsInTheCore(Rule):
    """What it does: panics in the native core. Why is this bad?: test. Example: -. Fix: -."""

    code = "TE950"
    name = "core-panic"
    summary = "panics in the native core"

    def check(self, doc: Document) -> Iterator[Finding]:
        _core._panic_for_test(f"index out of range in {doc.path}")
        yield from ()


def test_a_panic_in_the_core_is_a_named_core_error() -> None:
    assert issubclass(native.CoreError, Exception)  # caught by the engine, unlike a PanicException
    with pytest.raises(native.CoreError, match="_panic_for_test: index out of range"):
        _core._panic_for_test("index out of range")


@pytest.mark.parametrize("mode", ["check", "fix"])
def test_a_core_panic_is_that_documents_error_and_the_run_goes_on(mode: str) -> None:
    linter = Linter([PanicsInTheCore(), BadWhitespace({"layout-whitespace": True})])
    results = []
    for path, text in [("a.txt", "trailing  \n"), ("b.txt", "clean\n")]:
        doc = Document(text, path=path)
        results.append(linter.check(doc) if mode == "check" else linter.fix(doc))
    first, second = results
    assert [r.finding.code for r in first.findings] == ["LC203"]
    assert first.errors == [
        "rule TE950 (core-panic) failed: CoreError: native core failed in _panic_for_test: "
        "index out of range in a.txt"]
    assert second.errors[0].endswith("index out of range in b.txt")
    if mode == "fix":
        assert first.fixed == "trailing\n"


def test_the_core_tables_are_generated_from_the_current_python_patterns() -> None:
    spec = importlib.util.spec_from_file_location("gen_tables", ROOT / "core" / "gen_tables.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert generator.TARGET.read_text("utf-8") == generator.render(), \
        "core/src/tables.rs is stale: run python core/gen_tables.py and rebuild"
