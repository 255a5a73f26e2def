"""The GitHub Actions workflow in the README's "In CI" section works as documented.

The ```yaml block is parsed, and every ``lint-corpus`` command of its ``run:`` steps runs
in-process (``cli.main``) against a copy of the seed corpus as ``corpus/``: the exit codes
are what the workflow relies on and the ``--format github`` step emits annotations.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from lint_corpus import cli

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"::(error|warning|notice) file=corpus/[^,]+,line=\d+,col=\d+,"
                        r"endLine=\d+,title=LC\d+ [a-z-]+::.+")


def ci_section() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"^## In CI\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, "README.md has no '## In CI' section"
    return match.group(1)


def workflow() -> dict[Any, Any]:
    blocks = re.findall(r"^```yaml\n(.*?)^```", ci_section(), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the In CI section should hold one yaml block"
    parsed = yaml.safe_load(blocks[0])
    assert isinstance(parsed, dict)
    return parsed


def commands() -> list[tuple[list[str], str | None]]:
    """Each ``lint-corpus`` command of the workflow: its argv, and its stdout redirect."""
    found: list[tuple[list[str], str | None]] = []
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                words = shlex.split(line, comments=True)
                if not words or words[0] != "lint-corpus":
                    continue
                target = None
                if ">" in words:
                    at = words.index(">")
                    words, target = words[:at], words[at + 1]
                found.append((words[1:], target))
    return found


def test_workflow_is_valid_yaml_with_the_expected_shape() -> None:
    flow = workflow()
    assert flow["name"] and flow.get("on", flow.get(True))  # YAML 1.1 reads `on` as True
    (job,) = flow["jobs"].values()
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any("--format github" in " ".join(argv) for argv, _ in commands())


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", "corpus", ignore=shutil.ignore_patterns("expected"))
    return tmp_path


@pytest.mark.parametrize(("argv", "target"), commands(),
                         ids=[" ".join(argv) for argv, _ in commands()])
def test_readme_workflow_command(corpus: Path, argv: list[str], target: str | None) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, stdout=out, stderr=err)
    # The seeds have findings: a gate step fails the job, an informational one does not.
    assert code == (0 if "--exit-zero" in argv else 1), err.getvalue()
    if target is not None:
        (corpus / target).write_text(out.getvalue(), "utf-8")
    if "github" in argv:
        lines = out.getvalue().splitlines()
        assert lines, "no annotations"
        assert all(ANNOTATION.fullmatch(line) for line in lines), lines
    if "sarif" in argv:
        assert target is not None
        log = json.loads((corpus / target).read_text("utf-8"))
        assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    if "--statistics" in argv:
        assert re.fullmatch(r"( *\d+  LC\d+  [a-z-]+ +\d+ fixable\n)+", out.getvalue())


def test_baseline_commands_in_the_readme(corpus: Path) -> None:
    section = ci_section()
    blocks = re.findall(r"^```bash\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    lines = [shlex.split(line, comments=True) for block in blocks for line in block.splitlines()]
    runs = [words[1:] for words in lines if words and words[0] == "lint-corpus"]
    assert any("--update-baseline" in argv for argv in runs)
    for argv in runs:  # record, then check: the known findings are hidden
        out, err = io.StringIO(), io.StringIO()
        assert cli.main(argv, stdout=out, stderr=err) == 0, err.getvalue()
        if "--update-baseline" not in argv:
            assert out.getvalue() == ""
