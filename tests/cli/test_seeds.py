"""The five seed documents: the issue's expectations, and golden files for what humans read.

Golden files live in ``seeds/expected/``: the cleaned text (``.fixed``), the JSON report of
``fix`` (``.report.json``) and the human output of ``check`` (``check.out``). Their extensions
keep them out of ``lint-corpus fix seeds/``, which reads only ``.txt`` and ``.md``.
After an intended change, regenerate them with

    LINT_CORPUS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/cli/test_seeds.py

and review the diff before committing.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from lint_corpus import cli
from lint_corpus import report as reportlib
from lint_corpus.document import Document
from lint_corpus.engine import DocumentResult, Linter
from lint_corpus.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EXPECTED = SEEDS / "expected"
UPDATE = os.environ.get("LINT_CORPUS_UPDATE_GOLDEN") == "1"
DEFECT_RULES = {
    "truncated-document", "unrelated-trailing-content", "link-list", "duplicate-section",
}


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def fix_seed(prefix: str, only: set[str] | None = None) -> tuple[str, DocumentResult]:
    path = seed(prefix)
    text = path.read_text("utf-8")
    linter = Linter([cls() for cls in all_rules() if only is None or cls.name in only])
    return text, linter.fix(Document(text, path.name))


def defect_findings(result: DocumentResult) -> list[tuple[str, str]]:
    """(rule, flagged text) for the four defect rules, in document order."""
    return [(r.finding.rule, result.original[r.finding.start : r.finding.end])
            for r in result.findings if r.finding.rule in DEFECT_RULES]


def test_000_chinese_article_with_english_translation_is_clean() -> None:
    text, result = fix_seed("000")
    assert defect_findings(result) == []
    assert result.fixed == text


def test_001_reworded_section_after_the_conclusion() -> None:
    text, result = fix_seed("001")
    found = defect_findings(result)
    assert [rule for rule, _ in found] == ["duplicate-section"]
    flagged = found[0][1]
    assert flagged.startswith("Defense diplomacy and military exchanges play a vital role")
    assert text.rstrip().endswith(flagged.rstrip())
    assert result.fixed is not None
    assert result.fixed.rstrip().endswith(
        "contributes to a more secure and peaceful regional environment.")


def test_002_empty_bullet_is_truncation() -> None:
    text, result = fix_seed("002")
    found = defect_findings(result)
    assert [rule for rule, _ in found] == ["truncated-document"]
    assert found[0][1].strip() == "•"
    assert result.status == "truncated"
    # The fix removes exactly the dangling line; the bullet above it is untouched. (The NBSPs
    # that end 002's lines are layout whitespace, which bad-whitespace reports only when
    # asked: the golden file keeps them.)
    _, defects_only = fix_seed("002", DEFECT_RULES)
    assert defects_only.fixed == text[: text.rindex("\n")]


def test_003_teasers_after_the_translator_credit() -> None:
    _, result = fix_seed("003")
    found = defect_findings(result)
    assert [rule for rule, _ in found] == ["unrelated-trailing-content"]
    assert found[0][1].startswith("There is much evidence that the Chinese Communist Party")
    assert result.fixed is not None and result.fixed.endswith("Translated by Fion Khan")
    # The fixed text is a finished document: linting it again finds no truncation.
    again = Linter([cls() for cls in all_rules()]).check(Document(result.fixed))
    assert not [r for r in again.findings if r.finding.rule == "truncated-document"]


def test_004_related_list_and_repeated_caption() -> None:
    text, result = fix_seed("004")
    found = defect_findings(result)
    assert sorted(rule for rule, _ in found) == ["duplicate-section", "link-list"]
    by_rule = dict(found)
    assert by_rule["link-list"].startswith("(相關報導:")
    assert text.rstrip().endswith(by_rule["link-list"].rstrip())
    caption = text.split("\n")[3]
    assert by_rule["duplicate-section"] == caption
    dup = next(r.finding for r in result.findings if r.finding.rule == "duplicate-section")
    assert dup.start == text.index(caption, text.index(caption) + 1)  # the second copy
    assert result.fixed is not None and result.fixed.rstrip().endswith("事情發生時究竟該怎麼做。")
    assert result.fixed.count(caption) == 1


def _golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, "utf-8")
    assert path.exists(), f"missing golden file {path}; run with LINT_CORPUS_UPDATE_GOLDEN=1"
    assert actual == path.read_text("utf-8"), f"{path.name} differs from its golden file"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_golden_fixed_text_and_report(prefix: str) -> None:
    _, result = fix_seed(prefix)
    assert result.fixed is not None
    stem = seed(prefix).stem
    _golden(EXPECTED / f"{stem}.fixed", result.fixed)
    rules = [cls() for cls in all_rules()]
    report = reportlib.build_report("fix", rules, [result])
    reportlib.validate(report)
    document = report["documents"][0]
    _golden(EXPECTED / f"{stem}.report.json",
            json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def test_golden_check_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["check", "seeds"], stdout=out, stderr=err)
    assert "5 documents" in err.getvalue()  # the golden files themselves are not linted
    assert code == 1  # the seeds have findings
    _golden(EXPECTED / "check.out", out.getvalue())


def test_readme_examples_are_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's two samples: the default (full) format on one seed, the concise one on
    all of them."""
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index("```\n", readme.index("What it looks like on the seeds")) + 4
    full_shown = readme[start : readme.index("```", start)]
    start = readme.index("```\n", readme.index("```", start) + 3) + 4
    concise_shown = readme[start : readme.index("```", start)]
    for argv, shown in (
            (["check", str(seed("004").relative_to(ROOT)), "--select", "LC1"], full_shown),
            (["check", "seeds/", "--select", "LC1", "--output-format", "concise"],
             concise_shown)):
        out = io.StringIO()
        cli.main(argv, stdout=out, stderr=io.StringIO())
        assert shown == out.getvalue()
