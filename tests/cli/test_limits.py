"""Limits a run keeps whatever the input: a document longer than ``max-document-chars`` is not
linted (its memory is bounded), is named with its size (exit 2) and passes through ``fix``
unchanged; the others are processed as usual. And line:column agree across formats for a
text whose lines end in a lone CR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus import registry as registry_module

LIMIT = 100


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [LoudLine, JunkLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])


#: A document over each limit, and the message naming its size.
OVER = {
    "chars": ("Keep.\nJUNK\n" + "x" * LIMIT + "\n",
              f"document has {11 + LIMIT + 1:,} chars, more than max-document-chars "
              f"({LIMIT:,})"),
    "lines": ("Keep.\nJUNK\n" + "x\r" * 50 + "x\r\n" * 49 + "x",
              f"document has {LIMIT + 2:,} lines, more than max-document-lines ({LIMIT:,})"),
}


@pytest.mark.parametrize("unit", ["chars", "lines"])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_document_over_the_limit_passes_through(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  command: str, unit: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lint-corpus.toml").write_text(f"max-document-{unit} = {LIMIT}\n",
                                               encoding="utf-8")
    big, message = OVER[unit]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_bytes(big.encode("utf-8"))
    (tmp_path / "in" / "small.txt").write_text("Keep.\nJUNK\n", encoding="utf-8")
    extra = ["--out", "out"] if command == "fix" else []
    code, out, err = run(command, "in", *extra, "--report", "report.json")
    assert "Traceback" not in err
    assert code == 2, err
    assert f"big.txt: {message}: not linted, passed through unchanged" in err
    assert "big.txt:2:1: TX901" not in out  # not linted
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    statuses = {d["path"]: d["status"] for d in report["documents"]}
    assert statuses["big.txt"] == "error"
    assert statuses["small.txt"] in ("flagged", "fixed")
    if command == "fix":
        assert (tmp_path / "out" / "big.txt").read_bytes() == big.encode("utf-8")
        assert (tmp_path / "out" / "small.txt").read_text(encoding="utf-8") == "Keep.\n"


def test_lone_cr_lines_agree_in_every_format(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The JUNK line is the third line of the file: text, JSON, SARIF, GitHub and the
    baseline all say so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mac.txt").write_bytes(b"Keep.\rAlso.\rJUNK\rEnd.\r")
    _, text, _ = run("check", "mac.txt", "--isolated")
    assert "mac.txt:3:1: TX901" in text
    _, report, _ = run("check", "mac.txt", "--isolated", "--format", "json")
    finding = json.loads(report)["documents"][0]["findings"][0]
    assert (finding["line"], finding["column"], finding["end_line"]) == (3, 1, 3)
    _, sarif, _ = run("check", "mac.txt", "--isolated", "--format", "sarif")
    region = json.loads(sarif)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "region"]
    assert (region["startLine"], region["startColumn"], region["endLine"]) == (3, 1, 3)
    _, github, _ = run("check", "mac.txt", "--isolated", "--format", "github")
    assert "line=3," in github
    run("check", "mac.txt", "--isolated", "--baseline", "baseline.json", "--update-baseline")
    recorded = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert [entry["line"] for entry in recorded["findings"]] == [3]
