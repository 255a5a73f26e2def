"""Exit codes that fit pipelines, as ruff's: ``fix`` succeeds when what it could fix is fixed
and nothing at or above ``--fail-on`` is left; ``--exit-non-zero-on-fix`` and ``--diff`` fail
on a change; the config's ``[severity]`` table gives ``--fail-on error`` a meaning."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus.document import Document
from lint_corpus.rule import Applicability, Finding, Fix, Rule

OK, FINDINGS, ERROR = 0, 1, 2


class HedgeLine(Rule):
    """Flags a line that says ``MAYBE``; its fix is unsafe.

    What it does: finds MAYBE lines. Why is this bad?: test content. Example: ``MAYBE``.
    Fix: deletes the line, unsafe.
    """

    code = "TX905"
    name = "hedge-line"
    summary = "A line that says MAYBE."
    safe_fixes = False

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if line.content == "MAYBE":
                end = min(line.end + 1, len(doc.text))
                yield self.finding(line.start, line.end, "line hedges",
                                   fix=Fix.delete(line.start, end, "Delete it",
                                                  Applicability.UNSAFE))


@pytest.fixture(autouse=True)
def registered_rules(use_rules: Callable[..., None]) -> None:
    use_rules(JunkLine, LoudLine, HedgeLine)


def corpus(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    return folder


def test_fix_that_fixes_everything_exits_0(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "One.\nJUNK\nTwo.\n")
    assert run("check", folder)[0] == FINDINGS
    code, _, err = run("fix", folder, "--in-place")
    assert (code, err) == (OK, "1 document, 1 finding, 1 fixed, 1 file changed\n")
    assert run("check", folder)[0] == OK


def test_exit_non_zero_on_fix_fails_on_a_changed_file(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "One.\nJUNK\nTwo.\n")
    assert run("fix", folder, "--in-place", "--exit-non-zero-on-fix")[0] == FINDINGS
    # Nothing left to change: the second run passes, as a pre-commit hook's does.
    assert run("fix", folder, "--in-place", "--exit-non-zero-on-fix")[0] == OK


def test_a_failing_finding_fix_could_not_fix_fails(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "One.\nJUNK\nMAYBE\nTwo.\n")
    code, _, err = run("fix", folder, "--in-place")
    assert code == FINDINGS  # the unsafe fix was not applied: its warning remains
    assert "1 fixed" in err
    assert run("fix", folder, "--in-place", "--unsafe-fixes")[0] == OK


def test_findings_below_fail_on_do_not_fail_fix(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "!! loud\nJUNK\nTwo.\n")  # the loud line is info, unfixable
    assert run("fix", folder, "--out", tmp_path / "out")[0] == OK
    assert run("fix", folder, "--out", tmp_path / "out2", "--fail-on", "info")[0] == FINDINGS


def test_fix_diff_fails_while_there_is_something_to_change(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "One.\nJUNK\nTwo.\n")
    code, out, _ = run("fix", folder, "--diff")
    assert code == FINDINGS and "-JUNK" in out
    (folder / "a.txt").write_text("One.\nTwo.\n", encoding="utf-8")
    assert run("fix", folder, "--diff") == (OK, "", "1 document, 0 findings, 0 fixed, "
                                                     "0 files changed\n")


def test_exit_zero_still_wins(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "MAYBE\n")
    assert run("fix", folder, "--in-place", "--exit-zero")[0] == OK


def write_severity(folder: Path, table: str) -> None:
    (folder / "lint-corpus.toml").write_text(f"[severity]\n{table}", encoding="utf-8")


def test_configured_severity_gives_fail_on_error_a_meaning(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "One.\nJUNK\n!! loud\nTwo.\n")
    assert run("check", folder, "--fail-on", "error")[0] == OK  # every rule is below error
    write_severity(folder, 'loud-line = "error"\n')
    code, out, _ = run("check", folder, "--fail-on", "error", "--format", "json")
    assert code == FINDINGS
    report = json.loads(out)
    severities = {finding["code"]: finding["severity"]
                  for document in report["documents"] for finding in document["findings"]}
    assert severities == {"TX901": "warning", "TX902": "error"}
    assert {rule["code"]: rule["severity"] for rule in report["rules"]}["TX902"] == "error"
    # fix cannot fix the loud line: it fails on error as check does.
    assert run("fix", folder, "--out", tmp_path / "out", "--fail-on", "error")[0] == FINDINGS


def test_configured_severity_can_lower_a_rule(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "One.\nJUNK\nTwo.\n")
    write_severity(folder, 'TX9 = "info"\n')
    assert run("check", folder)[0] == OK
    write_severity(folder, 'TX9 = "info"\njunk-line = "error"\n')  # later entries win
    assert run("check", folder, "--fail-on", "error")[0] == FINDINGS


@pytest.mark.parametrize(("table", "message"), [
    ('loud-lin = "error"\n', "severity.loud-lin: unknown rule 'loud-lin'"),
    ('loud-line = "fatal"\n', "'severity.loud-line' must be one of info, warning, error"),
])
def test_bad_severity_config_is_one_line(tmp_path: Path, table: str, message: str) -> None:
    folder = corpus(tmp_path, "One.\n")
    write_severity(folder, table)
    code, _, err = run("check", folder)
    assert code == ERROR and message in err and err.count("\n") == 1
