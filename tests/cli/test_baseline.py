"""``--baseline`` / ``--update-baseline``: adopting lint-corpus on a corpus with findings."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fakes import run

from lint_corpus import baseline
from lint_corpus.document import Document
from lint_corpus.report import validate
from lint_corpus.rule import Finding, Fix, Rule

ROOT = Path(__file__).resolve().parents[2]


class JunkBlock(Rule):
    """Flags a paragraph that starts with ``JUNK``.

    What it does: finds junk paragraphs. Why is this bad?: test junk. Example: ``JUNK x``.
    Fix: deletes the paragraph.
    """

    code = "TX911"
    name = "junk-block"
    summary = "A paragraph that starts with JUNK."

    def check(self, doc: Document) -> Iterator[Finding]:
        offset = 0
        for block in doc.text.split("\n\n"):
            start = offset + len(block) - len(block.lstrip())
            if block.strip().startswith("JUNK"):
                yield self.finding(start, offset + len(block.rstrip()), "junk paragraph",
                                   fix=Fix.delete(start, offset + len(block), "Delete it"))
            offset += len(block) + 2


@pytest.fixture(autouse=True)
def test_rules(use_rules: Callable[..., None]) -> None:
    use_rules(JunkBlock)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = Path("corpus")
    root.mkdir()
    (root / "a.txt").write_text("Intro.\n\nJUNK old one\nwrapped here.\n\nBody.\n", "utf-8")
    (root / "b.txt").write_text("Fine.\n\nJUNK twin\n\nJUNK twin\n", "utf-8")
    (root / "c.txt").write_text("Clean.\n", "utf-8")
    return root


BASE = Path("baseline.json")


def test_round_trip(corpus: Path) -> None:
    # Adopt: record the three existing findings.
    code, out, err = run("check", corpus, "--baseline", BASE, "--update-baseline")
    assert code == 0 and out == ""
    assert "lint-corpus: baseline baseline.json: 3 findings recorded" in err
    data = json.loads(BASE.read_text("utf-8"))
    assert data["version"] == baseline.VERSION and len(data["findings"]) == 3
    assert list(BASE.parent.glob("*.tmp")) == []  # written atomically

    # Nothing new: clean exit, nothing printed.
    code, out, err = run("check", corpus, "--baseline", BASE)
    assert (code, out) == (0, "")
    assert err == "3 documents, 0 findings, 3 hidden by the baseline\n"

    # A new defect is the only one reported.
    (corpus / "c.txt").write_text("Clean.\n\nJUNK brand new\n", "utf-8")
    code, out, _ = run("check", corpus, "--baseline", BASE, "--format", "concise")
    assert code == 1
    assert out.splitlines() == ["corpus/c.txt:3:1: TX911 junk-block junk paragraph [safe fix]"]

    # Text added above an old finding moves it down; it stays hidden. So does re-wrapping it.
    (corpus / "a.txt").write_text(
        "A new first paragraph.\n\nIntro.\n\nJUNK old\none wrapped    here.\n\nBody.\n", "utf-8")
    code, out, _ = run("check", corpus / "a.txt", corpus / "b.txt", "--baseline", BASE)
    assert (code, out) == (0, "")

    # Editing the flagged text itself makes it a new finding.
    (corpus / "a.txt").write_text("Intro.\n\nJUNK old one, edited.\n", "utf-8")
    code, out, _ = run("check", corpus / "a.txt", "--baseline", BASE)
    assert code == 1 and out.startswith("corpus/a.txt:3:1: TX911")


def test_identical_findings_are_counted_by_occurrence(corpus: Path) -> None:
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    (corpus / "b.txt").write_text("JUNK twin\n\nFine.\n\nJUNK twin\n\nJUNK twin\n", "utf-8")
    code, out, err = run("check", corpus, "--baseline", BASE, "--format", "concise")
    assert code == 1
    assert len(out.splitlines()) == 1  # two of the three twins are known
    assert err == "3 documents, 1 finding, 3 hidden by the baseline\n"


def test_paths_are_matched_as_named_on_the_command_line(corpus: Path) -> None:
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    paths = {entry["path"] for entry in json.loads(BASE.read_text("utf-8"))["findings"]}
    assert paths == {"corpus/a.txt", "corpus/b.txt"}
    assert run("check", "./corpus/", "--baseline", BASE)[0] == 0  # same files, same keys


def test_json_report_counts_baselined_findings(corpus: Path) -> None:
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    (corpus / "c.txt").write_text("Clean.\n\nJUNK brand new\n", "utf-8")
    code, out, err = run("check", corpus, "--baseline", BASE, "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    validate(report)
    assert report["summary"]["baselined"] == 3
    assert report["summary"]["findings"] == 1
    assert [d["status"] for d in report["documents"]] == ["clean", "clean", "flagged"]


@pytest.mark.parametrize("name", ["github", "sarif", "junit"])
def test_baselined_findings_are_not_in_any_format(corpus: Path, name: str) -> None:
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    code, out, _ = run("check", corpus, "--baseline", BASE, "--format", name)
    assert code == 0
    assert "TX911" not in out.replace('"id": "TX911"', "")  # the rule is described, no result


def test_statistics_leave_baselined_findings_out(corpus: Path) -> None:
    run("check", corpus / "a.txt", "--baseline", BASE, "--update-baseline")
    code, out, _ = run("check", corpus, "--baseline", BASE, "--statistics")
    assert code == 1
    assert out == "2  TX911  junk-block  2 fixable\n"


def test_fix_applies_fixes_and_reports_them_whatever_the_baseline(corpus: Path,
                                                                  tmp_path: Path) -> None:
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    code, out, err = run("fix", corpus, "--out", tmp_path / "out", "--baseline", BASE,
                         "--format", "concise")
    assert code == 0  # every finding fixed
    assert len(out.splitlines()) == 3 and all(line.endswith("[fixed]") for line in
                                               out.splitlines())
    assert "0 hidden by the baseline" in err
    assert "JUNK" not in (tmp_path / "out" / "b.txt").read_text("utf-8")


@pytest.mark.parametrize(("content", "message"), [
    (None, "baseline baseline.json not found (create it with --update-baseline)"),
    ("{not json", "baseline baseline.json is not valid JSON"),
    ("[]", "baseline baseline.json is not a lint-corpus baseline"),
    ('{"tool": "lint-corpus", "version": 99, "findings": []}', "has version 99"),
    ('{"tool": "lint-corpus", "version": 1, "findings": {}}', "'findings' must be a list"),
    ('{"tool": "lint-corpus", "version": 1, "findings": [{"path": "a"}]}',
     "finding #0 is malformed"),
    ('{"tool": "lint-corpus", "version": 1, "findings": [{"path": "a", "code": "X", '
     '"fingerprint": "f", "occurrence": -1}]}', "occurrence must be a non-negative integer"),
])
def test_missing_or_corrupt_baseline_is_an_error(corpus: Path, content: str | None,
                                                 message: str) -> None:
    if content is not None:
        BASE.write_text(content, "utf-8")
    code, out, err = run("check", corpus, "--baseline", BASE)
    assert (code, out) == (2, "")
    assert err.startswith("lint-corpus: error: ") and message in err
    assert len(err.splitlines()) == 1


def test_update_baseline_refreshes_a_corrupt_file(corpus: Path) -> None:
    BASE.write_text("{not json", "utf-8")
    assert run("check", corpus, "--baseline", BASE, "--update-baseline")[0] == 0
    assert run("check", corpus, "--baseline", BASE)[0] == 0


def test_update_baseline_drops_fixed_findings(corpus: Path) -> None:
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    (corpus / "b.txt").write_text("Fine.\n", "utf-8")
    run("check", corpus, "--baseline", BASE, "--update-baseline")
    assert len(json.loads(BASE.read_text("utf-8"))["findings"]) == 1
    # The twins come back: they are no longer known.
    (corpus / "b.txt").write_text("Fine.\n\nJUNK twin\n", "utf-8")
    assert run("check", corpus, "--baseline", BASE)[0] == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["check", "corpus", "--update-baseline"], "--update-baseline needs --baseline FILE"),
    (["fix", "corpus", "--diff", "--baseline", "b.json", "--update-baseline"],
     "--update-baseline works with check"),
])
def test_update_baseline_usage_errors(corpus: Path, argv: list[str], message: str) -> None:
    code, _, err = run(*argv)
    assert code == 2 and message in err


def test_incomplete_run_does_not_update_the_baseline(corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    code, _, err = run("check", corpus, "--baseline", BASE, "--update-baseline")
    assert code == 2
    assert "baseline baseline.json not updated: not every input could be checked" in err
    assert not BASE.exists()


def test_fingerprint_normalises_whitespace() -> None:
    assert baseline.fingerprint("a  b\n c\t") == baseline.fingerprint("a b c")
    assert baseline.fingerprint("a b c") != baseline.fingerprint("a b d")
    assert len(baseline.fingerprint("")) == 16


def test_seeds_adopt_with_real_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real rules
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", "seeds", ignore=shutil.ignore_patterns("expected"))
    assert run("check", "seeds", "--exit-zero")[0] == 0
    assert run("check", "seeds")[0] == 1
    assert run("check", "seeds", "--baseline", BASE, "--update-baseline")[0] == 0
    code, out, _ = run("check", "seeds", "--baseline", BASE)
    assert (code, out) == (0, "")
