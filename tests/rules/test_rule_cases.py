"""One generic runner for the per-rule case files in ``tests/rule_cases/<rule-name>.toml``.

Each file holds ``[[case]]`` tables:

- ``id``: a readable id (``pytest -k link-list`` selects one rule, ``-k empty-bullet`` one case);
- ``text``: the document;
- ``findings``: how many findings of this rule the text must produce (0 for a negative case);
- ``span_starts`` / ``span_ends`` (optional): the text each finding's span starts / ends with,
  in order;
- ``fixed`` (optional): the text after fixing with this rule alone (safe fixes);
- ``xfail`` (optional): a reason; the case is a known failure run as strict xfail, so it
  fails loudly the day it starts to pass.

Every case also re-lints the fixed text (convergence) and checks fixing twice changes nothing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules

CASES_DIR = Path(__file__).resolve().parents[1] / "rule_cases"
RULES = {cls.name: cls for cls in all_rules()}


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        rule_name = path.stem
        data = tomllib.loads(path.read_text("utf-8"))
        for case in data.get("case", []):
            marks = []
            if "xfail" in case:
                marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
            case_id = f"{rule_name}-{case['id']}"
            params.append(pytest.param(rule_name, case, id=case_id, marks=marks))
    return params


def test_every_rule_has_a_case_file() -> None:
    missing = [name for name in RULES if not (CASES_DIR / f"{name}.toml").exists()]
    assert not missing, f"rules without tests/rule_cases/<name>.toml: {missing}"


@pytest.mark.parametrize(("rule_name", "case"), _load_cases())
def test_rule_case(rule_name: str, case: dict[str, Any]) -> None:
    assert rule_name in RULES, f"case file for unknown rule {rule_name}"
    linter = Linter([RULES[rule_name](case.get("options"))])
    text: str = case["text"]
    result = linter.check(Document(text))
    findings = [r.finding for r in result.findings]
    assert not result.errors
    assert len(findings) == case["findings"], [
        (f.message, text[f.start : f.end][:60]) for f in findings
    ]
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.message and finding.rule == rule_name
    for finding, prefix in zip(findings, case.get("span_starts", []), strict=False):
        flagged = text[finding.start : finding.end]
        assert flagged.startswith(prefix), flagged
    for finding, suffix in zip(findings, case.get("span_ends", []), strict=False):
        flagged = text[finding.start : finding.end]
        assert flagged.endswith(suffix), flagged

    fixed_result = linter.fix(Document(text))
    fixed = fixed_result.fixed
    assert fixed is not None and fixed_result.converged
    if "fixed" in case:
        assert fixed == case["fixed"]
    # Convergence: the fixed text has nothing left to fix, and fixing it again is a no-op.
    again = linter.fix(Document(fixed))
    assert again.fixed == fixed
    assert not any(r.applied for r in again.findings)
