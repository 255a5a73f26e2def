"""Output formats (``--format text|json|github|sarif|junit``) and ``--statistics``.

Test rules replace the registry, so the expected bytes do not depend on the real rules; the
SARIF of the real seeds is validated against the official SARIF 2.1.0 schema at the end.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus import reporters
from lint_corpus.document import Document
from lint_corpus.report import validate
from lint_corpus.reporters import github, sarif
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Rule, Severity

ROOT = Path(__file__).resolve().parents[2]
SarifCheck = Callable[[dict[str, Any]], None]


class NastyLine(Rule):
    """Flags a line starting with ``NASTY``, with a message full of characters to escape.

    What it does: tests escaping. Why is this bad?: it is nasty. Example: ``NASTY``.
    Fix: replaces the word with ``nice`` (unsafe).
    """

    code = "TX903"
    name = "nasty-line"
    summary = "A line that starts with NASTY."
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if line.content.startswith("NASTY"):
                message = f"100% nasty: a,b <x> & \"q\"\r\nsecond line;{line.content[5:]}"
                yield self.finding(
                    line.start, line.start + 5, message,
                    fix=Fix("Replace it", (Edit(line.start, line.start + 5, "nice\nword"),),
                            Applicability.UNSAFE))


@pytest.fixture
def test_rules(use_rules: Callable[..., None]) -> None:
    use_rules(JunkLine, LoudLine, NastyLine)


def apply_replacements(text: str, result: dict[str, Any]) -> str:
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    for replacement in sorted(change["replacements"],
                              key=lambda r: -r["deletedRegion"]["charOffset"]):
        region = replacement["deletedRegion"]
        start, length = region["charOffset"], region["charLength"]
        text = text[:start] + replacement["insertedContent"]["text"] + text[start + length:]
    return text


# --- registry ---------------------------------------------------------------------------

FORMAT_NAMES = [spec.name for spec in reporters.declared()]
MACHINE_FORMATS = {spec.name for spec in reporters.declared() if spec.machine_readable}


def test_registry_has_every_format_and_cli_offers_them() -> None:
    assert FORMAT_NAMES == ["full", "concise", "text", "json", "github", "sarif", "junit"]
    for name in FORMAT_NAMES:
        assert reporters.reporter(name).name == name
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        reporters.reporter("yaml")
    code, _, err = run("check", ".", "--format", "yaml")
    assert code == 2 and "invalid choice: 'yaml'" in err
    _, usage, _ = run("check", "--help")
    for spec in reporters.declared():  # the help text comes from the declarations
        assert f"{spec.name} ({spec.summary})" in " ".join(usage.split())


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("name", ["json", "github", "sarif", "junit"])
def test_machine_formats_with_diff_are_a_usage_error(corpus: Path, tmp_path: Path,
                                                     name: str) -> None:
    code, out, err = run("fix", corpus, "--diff", "--format", name)
    assert (code, out) == (2, "")
    assert f"--diff prints the diff on stdout; it cannot be combined with --format {name}" in err


# --- text and json ----------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_text_is_unchanged(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)  # files are named as they open from here
    code, out, err = run("check", corpus, "--format", "text")
    assert code == 1
    assert out.splitlines() == [
        "a.txt:2:1: TX901 junk-line line is junk [safe fix]",
        "sub/c.md:1:1: TX902 loud-line line shouts",
    ]
    assert err == "3 documents, 2 findings\n"


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("command", [["check"], ["fix", "--in-place"]])
def test_json_is_the_report(corpus: Path, tmp_path: Path, command: list[str]) -> None:
    report_path = tmp_path / "report.json"
    code, out, err = run(*command, corpus, "--format", "json", "--report", report_path)
    assert code == (1 if command == ["check"] else 0) and err == ""
    assert out == report_path.read_text("utf-8")
    report = json.loads(out)
    validate(report)
    assert "baselined" not in report["summary"]  # only present when a baseline is in use


# --- github -----------------------------------------------------------------------------

def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert github.escape_data("100% a\r\nb:c,d") == "100%25 a%0D%0Ab:c,d"
    assert github.escape_property("100% a\r\nb:c,d") == "100%25 a%0D%0Ab%3Ac%2Cd"
    # "%" first, so an escape is never escaped twice, and a literal "%0A" survives.
    assert github.escape_data("%0A\n") == "%250A%0A"


@pytest.mark.usefixtures("test_rules")
def test_github_annotations(corpus: Path) -> None:
    code, out, err = run("check", corpus, "--format", "github")
    assert code == 1 and err == ""  # no summary line: stdout and stderr hold only the format
    assert out.splitlines() == [
        f"::warning file={corpus.as_posix()}/a.txt,line=2,col=1,endLine=2,"
        "title=TX901 junk-line::line is junk [safe fix]",
        f"::notice file={corpus.as_posix()}/sub/c.md,line=1,col=1,endLine=1,"
        "title=TX902 loud-line::line shouts",
    ]


@pytest.mark.usefixtures("test_rules")
def test_github_escapes_messages_and_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("odd, name: here")
    folder.mkdir()
    (folder / "x%y.txt").write_text("ok\nNASTY one\n", "utf-8")
    code, out, _ = run("check", folder, "--format", "github")
    assert code == 1
    (line,) = out.splitlines()
    assert line == (
        "::error file=odd%2C name%3A here/x%25y.txt,line=2,col=1,endLine=2,"
        "title=TX903 nasty-line::100%25 nasty: a,b <x> & \"q\"%0D%0Asecond line; one "
        "[unsafe fix]"
    )


@pytest.mark.usefixtures("test_rules")
def test_github_annotates_input_errors(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)  # files are named as they open from here
    (corpus / "empty.txt").write_bytes(b"")
    code, out, err = run("check", corpus, "--format", "github")
    assert code == 2
    assert "::error file=empty.txt,title=lint-corpus::file is empty" in out.splitlines()
    assert "lint-corpus: error: empty.txt: file is empty" in err


# --- sarif ------------------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_sarif_validates_and_describes_rules_and_results(corpus: Path,
                                                        assert_valid_sarif: SarifCheck) -> None:
    (corpus / "n.txt").write_text("ok\nNASTY one\n", "utf-8")
    code, out, err = run("check", corpus, "--format", "sarif")
    assert code == 1 and err == ""
    log = json.loads(out)
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "lint-corpus"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["TX901", "TX902", "TX903"]
    junk = rules[0]
    assert junk["name"] == "junk-line"
    assert junk["shortDescription"]["text"] == "A line that says only JUNK."
    assert junk["fullDescription"]["text"] == JunkLine.documentation()
    assert junk["help"]["text"] == JunkLine.documentation()
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["warning", "note", "error"]
    results = {r["ruleId"]: r for r in sarif_run["results"]}
    assert set(results) == {"TX901", "TX902", "TX903"}
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    junk_result = results["TX901"]
    assert junk_result["level"] == "warning"
    assert junk_result["message"]["text"] == "line is junk"
    location = junk_result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"file://{corpus.as_posix()}/a.txt"
    assert location["region"] == {"startLine": 2, "startColumn": 1, "endLine": 2,
                                  "endColumn": 5, "charOffset": 12, "charLength": 4}
    assert "fixes" not in results["TX902"]
    assert sarif_run["invocations"] == [{"executionSuccessful": True}]


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize(("data", "fixed"), [
    (b"One.\nJUNK\nTwo.\n", b"One.\nTwo.\n"),
    (b"One.\r\nJUNK\r\nTwo.\r\n", b"One.\r\nTwo.\r\n"),                     # CRLF kept
    ("\u4e00\U0001f600\r\nJUNK\r\n".encode(), "\u4e00\U0001f600\r\n".encode()),  # code points
])
def test_sarif_fix_replacements_reproduce_fix(tmp_path: Path, data: bytes, fixed: bytes,
                                             assert_valid_sarif: SarifCheck) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    code, out, _ = run("check", path, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert_valid_sarif(log)
    (result,) = log["runs"][0]["results"]
    file_text = data.decode("utf-8")  # the artifact's own characters, "\r\n" included
    region = result["locations"][0]["physicalLocation"]["region"]
    start = region["charOffset"]
    assert file_text[start : start + region["charLength"]] == "JUNK"
    assert apply_replacements(file_text, result).encode("utf-8") == fixed


@pytest.mark.usefixtures("test_rules")
def test_sarif_unsafe_fix_and_crlf_inserted_text(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"ok\r\nNASTY one\r\n")
    _, out, _ = run("check", path, "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["level"] == "error"
    assert result["properties"] == {"applicability": "unsafe", "fixApplied": False}
    assert apply_replacements("ok\r\nNASTY one\r\n", result) == "ok\r\nnice\r\nword one\r\n"


@pytest.mark.usefixtures("test_rules")
def test_sarif_reports_input_errors_as_notifications(corpus: Path,
                                                    assert_valid_sarif: SarifCheck) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    code, out, _ = run("check", corpus, "--format", "sarif")
    assert code == 2
    log = json.loads(out)
    assert_valid_sarif(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["message"]["text"] == "file is empty"


def test_sarif_uris() -> None:
    assert sarif.artifact_uri("corpus/a b#c.txt") == "corpus/a%20b%23c.txt"
    assert sarif.artifact_uri("/abs/新聞.txt") == "file:///abs/%E6%96%B0%E8%81%9E.txt"


def test_sarif_of_the_real_seeds_validates(monkeypatch: pytest.MonkeyPatch,
                                           assert_valid_sarif: SarifCheck) -> None:
    monkeypatch.chdir(ROOT)  # relative paths, as in CI: the URIs are relative references
    seeds = sorted(Path("seeds").glob("*.txt"))
    assert seeds
    code, out, err = run("check", *seeds, "--format", "sarif")
    assert code in (0, 1), err
    log = json.loads(out)
    assert_valid_sarif(log)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert sarif_run["results"], "the seeds have findings"
    texts = {seed.as_posix(): seed.read_text("utf-8") for seed in seeds}
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        text = texts[location["artifactLocation"]["uri"]]
        region = location["region"]
        assert 0 <= region["charOffset"] <= region["charOffset"] + region["charLength"] <= len(
            text)
        assert text.count("\n", 0, region["charOffset"]) + 1 == region["startLine"]


# --- junit ------------------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_junit_is_well_formed_with_a_failure_per_finding(corpus: Path) -> None:
    (corpus / "n.txt").write_text("ok\nNASTY \x0c<&>\" one\n", "utf-8")
    code, out, err = run("check", corpus, "--format", "junit")
    assert code == 1 and err == ""
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    base = corpus.as_posix()
    assert set(suites) == {f"{base}/{name}" for name in ("a.txt", "b.txt", "n.txt", "sub/c.md")}
    (clean,) = suites[f"{base}/b.txt"].findall("testcase")
    assert clean.get("name") == "no findings" and len(clean) == 0
    (junk,) = suites[f"{base}/a.txt"].findall("testcase")
    assert junk.get("classname") == f"{base}/a"  # no dot: Jenkins splits classnames on dots
    assert junk.get("name") == "TX901 junk-line (line 2, column 1)"
    failure = junk.find("failure")
    assert failure is not None
    assert failure.get("message") == "line is junk [safe fix]"
    assert failure.get("type") == "TX901"
    assert failure.text is not None and f"{base}/a.txt:2:1: TX901 junk-line" in failure.text
    (nasty,) = suites[f"{base}/n.txt"].findall("testcase")
    failure = nasty.find("failure")
    assert failure is not None
    message = failure.get("message") or ""
    # Markup characters round-trip; the form feed XML cannot carry became U+FFFD.
    assert message == '100% nasty: a,b <x> & "q"\r\nsecond line; \ufffd<&>" one [unsafe fix]'
    assert failure.text is not None and "\ufffd<&>" in failure.text


@pytest.mark.usefixtures("test_rules")
def test_junit_marks_unreadable_inputs_as_errors(corpus: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)  # files are named as they open from here
    (corpus / "empty.txt").write_bytes(b"")
    code, out, _ = run("check", corpus, "--format", "junit")
    assert code == 2
    root = ET.fromstring(out)
    assert root.get("errors") == "1"
    error = root.find("testsuite[@name='empty.txt']/testcase/error")
    assert error is not None and error.get("message") == "file is empty"


# --- statistics -------------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_statistics(corpus: Path) -> None:
    (corpus / "d.txt").write_text("JUNK\nx\nJUNK\n!! hey\nNASTY\n", "utf-8")
    code, out, err = run("check", corpus, "--statistics")
    assert code == 1  # exit code unchanged
    assert out.splitlines() == [
        "3  TX901  junk-line   3 fixable",
        "2  TX902  loud-line   0 fixable",
        "1  TX903  nasty-line  0 fixable",  # unsafe: not fixable without --unsafe-fixes
    ]
    assert err == "4 documents, 6 findings\n"
    _, out, _ = run("check", corpus, "--statistics", "--unsafe-fixes")
    assert out.splitlines()[2] == "1  TX903  nasty-line  1 fixable"
    assert run("check", corpus, "--statistics", "--exit-zero")[0] == 0


@pytest.mark.usefixtures("test_rules")
def test_statistics_of_a_clean_run_and_with_a_machine_format(corpus: Path) -> None:
    assert run("check", corpus / "b.txt", "--statistics") == (0, "", "1 document, 0 findings\n")
    code, out, err = run("check", corpus, "--statistics", "--format", "json")
    assert (code, out) == (2, "")
    assert "--statistics prints a table; use it with --format text" in err


# --- every format, same run -------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("name", FORMAT_NAMES)
@pytest.mark.parametrize("command", [["check"], ["fix", "--in-place"]])
def test_every_format_works_for_check_and_fix(corpus: Path, name: str, command: list[str],
                                              assert_valid_sarif: SarifCheck) -> None:
    code, out, err = run(*command, corpus, "--format", name)
    assert code == (1 if command == ["check"] else 0)  # fix fixed every failing finding
    if name in MACHINE_FORMATS:
        assert err == ""
    if name == "github":
        assert all(re.fullmatch(r"::(error|warning|notice) file=[^:]+::.*", line)
                   for line in out.splitlines())
    elif name == "sarif":
        assert_valid_sarif(json.loads(out))
    elif name == "junit":
        ET.fromstring(out)
    elif name == "json":
        validate(json.loads(out))
    if command[0] == "fix":  # every format says the junk line's fix was applied
        applied = {"json": '"applied": true', "sarif": '"fixApplied": true'}
        assert applied.get(name, "line is junk [fixed]") in out
