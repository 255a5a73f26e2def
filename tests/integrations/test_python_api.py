"""The public Python API: ``lint`` / ``fix`` on one text and ``CorpusLinter`` on batches.

Batch results must be the one-text results, in input order, with the ids carried; the report
entries must be the ones the command line writes for the same files.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import lint_corpus
from lint_corpus import CorpusLinter, report
from lint_corpus.document import Document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
EXPECTED = ROOT / "seeds" / "expected"


def seed_texts() -> list[tuple[str, str]]:
    return [(path.name, path.read_text("utf-8")) for path in SEEDS]


def finding_keys(findings: list[lint_corpus.Finding]) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.start, f.end, f.message) for f in findings]


def test_batch_results_equal_one_by_one_results_in_input_order() -> None:
    seeds = seed_texts()
    documents = list(reversed(seeds))  # an order that is not the sorted one
    linter = CorpusLinter()
    checked = linter.check(documents)
    fixed = linter.fix(documents)
    assert [r.id for r in checked] == [r.id for r in fixed] == [name for name, _ in documents]
    for (name, text), check_result, fix_result in zip(documents, checked, fixed, strict=True):
        assert check_result.original == fix_result.original == text
        assert check_result.path == name
        assert check_result.fixed is None
        assert finding_keys([r.finding for r in check_result.findings]) == finding_keys(
            lint_corpus.lint(text))
        assert fix_result.fixed == lint_corpus.fix(text)
    assert any(r.changed for r in fixed)  # the seeds do have defects


def test_documents_may_be_texts_pairs_or_documents() -> None:
    (_, first), (_, second), (_, third) = seed_texts()[2:5]
    results = CorpusLinter().check([first, (7, second), Document(third, "c.txt", "c")])
    assert [r.id for r in results] == [None, "7", "c"]
    assert [r.path for r in results] == ["<string>", "7", "c.txt"]
    assert [r.original for r in results] == [first, second, third]


def test_stream_is_lazy_and_rejects_a_single_text() -> None:
    consumed: list[int] = []

    def documents() -> Iterator[str]:
        for index, (_, text) in enumerate(seed_texts()):
            consumed.append(index)
            yield text

    results = CorpusLinter(select="LC1").stream(documents())
    assert consumed == []
    next(results)
    assert consumed == [0]
    assert len(list(results)) == len(SEEDS) - 1
    with pytest.raises(TypeError, match="one text"):
        CorpusLinter().stream("a text, not a list of texts")
    with pytest.raises(TypeError, match="one text"):
        CorpusLinter().check("a text")
    with pytest.raises(TypeError, match="got NoneType"):
        CorpusLinter().check([None])  # type: ignore[list-item]


@pytest.mark.parametrize("select", ["LC1", ["LC1"], "LC101,LC102, link-list,duplicate-section",
                                    ["truncated-document", "LC102,LC103", "LC104"]])
def test_selection_takes_codes_prefixes_names_and_comma_lists(select: str | list[str]) -> None:
    codes = [rule.code for rule in CorpusLinter(select=select).rules]
    assert codes == ["LC101", "LC102", "LC103", "LC104"]


def test_a_selector_string_is_not_read_letter_by_letter() -> None:
    # "LC104" as a sequence of characters would select every rule through the prefix "L".
    assert [rule.code for rule in CorpusLinter(select="LC104").rules] == ["LC104"]
    text = dict(seed_texts())[SEEDS[4].name]
    assert {f.code for f in lint_corpus.lint(text, select="link-list")} == {"LC103"}


def test_ignore_beats_select_and_unknown_rules_are_named() -> None:
    linter = CorpusLinter(select="LC1", ignore="truncated-document")
    assert [rule.code for rule in linter.rules] == ["LC102", "LC103", "LC104"]
    with pytest.raises(lint_corpus.RegistryError, match="unknown rule 'no-such-rule'"):
        CorpusLinter(select=["no-such-rule"])
    with pytest.raises(lint_corpus.RegistryError, match="unknown rule 'LC999'"):
        CorpusLinter(options={"LC999": {}})


def test_rule_options_change_behaviour_and_are_validated() -> None:
    text = "First paragraph.\n\n\n\nSecond paragraph.\n"
    assert lint_corpus.fix(text) == text  # blank-line runs are layout: opt-in
    layout = {"bad-whitespace": {"layout-whitespace": True}}
    assert lint_corpus.fix(text, options=layout) == "First paragraph.\n\nSecond paragraph.\n"
    relaxed = {"bad-whitespace": {"layout-whitespace": True, "max-blank-lines": 3}}
    assert lint_corpus.fix(text, options=relaxed) == text
    assert lint_corpus.lint(text, options={"LC203": {"max-blank-lines": 3}}) == []
    with pytest.raises(lint_corpus.ConfigError, match="bad-whitespace: max-blank-lines"):
        CorpusLinter(options={"bad-whitespace": {"max-blank-lines": -1}})
    with pytest.raises(lint_corpus.ConfigError, match="'max-blank-line' was unexpected"):
        CorpusLinter(options={"bad-whitespace": {"max-blank-line": 3}})


def test_a_named_config_file_applies_like_on_the_command_line(tmp_path: Path) -> None:
    config = tmp_path / "lint-corpus.toml"
    config.write_text('select = ["LC1", "LC2"]\nignore = ["mojibake"]\nunsafe-fixes = true\n'
                      '[rules.bad-whitespace]\nmax-blank-lines = 3\n', "utf-8")
    linter = CorpusLinter(config=config)
    assert [r.code for r in linter.rules] == ["LC101", "LC102", "LC103", "LC104", "LC202",
                                              "LC203", "LC204", "LC205"]
    assert linter.unsafe_fixes
    assert next(r for r in linter.rules if r.code == "LC203").options["max-blank-lines"] == 3
    # Explicit arguments win: select replaces the config's, options merge over its tables.
    override = CorpusLinter(config=str(config), select="LC2", unsafe_fixes=False,
                            options={"bad-whitespace": {"max-blank-lines": 2}})
    assert [r.code for r in override.rules] == ["LC202", "LC203", "LC204", "LC205"]
    assert not override.unsafe_fixes
    assert override.rules[1].options["max-blank-lines"] == 2
    text = "x\n\n\n\ny\n"
    assert lint_corpus.fix(text, config=config) == text
    with pytest.raises(lint_corpus.ConfigError, match="config file not found"):
        CorpusLinter(config=tmp_path / "missing.toml")


def test_unsafe_fixes_apply_only_when_asked() -> None:
    name, text = seed_texts()[4]
    safe, unsafe = (CorpusLinter(unsafe_fixes=flag).process((name, text), fix=True)
                    for flag in (False, True))
    header = [r for r in unsafe.findings if r.finding.code == "LC204"]
    assert header and header[0].applied
    assert not next(r for r in safe.findings if r.finding.code == "LC204").applied
    assert unsafe.fixed == lint_corpus.fix(text, unsafe_fixes=True) != safe.fixed


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_document_entry_is_the_cli_report_entry(path: Path) -> None:
    (result,) = CorpusLinter().fix([(path.name, path.read_text("utf-8"))])
    golden = json.loads((EXPECTED / f"{path.stem}.report.json").read_text("utf-8"))
    entry = lint_corpus.document_entry(result)
    assert entry["id"] == path.name and golden["id"] is None  # ids are an API-only field
    assert {**entry, "id": None} == golden


def test_report_over_a_batch_is_schema_valid() -> None:
    linter = CorpusLinter()
    fixed = linter.fix(seed_texts())
    built = linter.report(fixed)
    report.validate(built)
    assert built["command"] == "fix"
    assert built["summary"]["documents"] == len(SEEDS)
    assert built["summary"]["chars_removed"] == sum(
        len(r.original) - len(r.fixed or "") for r in fixed)
    checked = linter.report(linter.check(seed_texts()))
    report.validate(checked)
    assert checked["command"] == "check" and checked["summary"]["fixes_applied"] == 0


def test_summary_has_one_shape_for_every_document() -> None:
    results = CorpusLinter().fix(seed_texts())
    summaries = [lint_corpus.summary(r) for r in results]
    assert len({tuple(s) for s in summaries}) == 1
    for result, item in zip(results, summaries, strict=True):
        assert item["status"] == result.status
        assert item["codes"] == [r.finding.code for r in result.findings]
        assert item["truncated"] == (result.status == "truncated")
        assert item["chars_removed"] == len(result.original) - len(result.fixed or "")
        assert item["fixes_applied"] == sum(r.applied for r in result.findings)
    assert {s["status"] for s in summaries} >= {"clean", "fixed", "truncated"}


def test_a_linter_pickles_with_its_rules() -> None:
    linter = CorpusLinter(select="LC1", options={"link-list": {"min-marked-items": 4}})
    copy = pickle.loads(pickle.dumps(linter))
    assert [rule.code for rule in copy.rules] == [rule.code for rule in linter.rules]
    assert copy.unsafe_fixes == linter.unsafe_fixes
    assert copy.rules[2].options == linter.rules[2].options
    texts = [text for _, text in seed_texts()]
    assert [r.fixed for r in copy.fix(texts)] == [r.fixed for r in linter.fix(texts)]


def test_importing_the_package_loads_no_framework() -> None:
    code = ("import sys, lint_corpus, lint_corpus.integrations, lint_corpus.integrations.hf; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'datasets', 'datatrove', "
            "'pyarrow', 'pandas'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
