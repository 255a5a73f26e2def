"""The command line, called in-process: exit codes, stdout/stderr, and the bytes on disk.

The registry is replaced by two small test rules so the expected output does not depend on
how the real rules evolve; a few tests at the end run against whatever rules are installed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus import __version__, sources
from lint_corpus.report import validate


@pytest.fixture
def test_rules(use_rules: Callable[..., None]) -> None:
    use_rules(LoudLine, JunkLine)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


# --- check -------------------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_check_reports_findings_and_changes_nothing(corpus: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Findings name files as they open from the current directory: the absolute input is
    # inside it, so the paths are relative to it.
    monkeypatch.chdir(corpus)
    before = snapshot(corpus)
    code, out, err = run("check", corpus, "--format", "concise")
    assert code == 1
    assert out.splitlines() == [
        "a.txt:2:1: TX901 junk-line line is junk [safe fix]",
        "sub/c.md:1:1: TX902 loud-line line shouts",
    ]
    assert err == "3 documents, 2 findings\n"
    assert snapshot(corpus) == before


@pytest.mark.usefixtures("test_rules")
def test_check_clean_input_exits_0(corpus: Path) -> None:
    assert run("check", corpus / "b.txt") == (0, "", "1 document, 0 findings\n")


@pytest.mark.usefixtures("test_rules")
def test_info_findings_do_not_fail_by_default(corpus: Path) -> None:
    code, out, _ = run("check", corpus / "sub")  # only the info-severity loud line
    assert code == 0 and "TX902" in out


@pytest.mark.usefixtures("test_rules")
def test_fail_on_threshold(corpus: Path) -> None:
    assert run("check", corpus / "sub", "--fail-on", "info")[0] == 1
    assert run("check", corpus / "sub", "--fail-on", "warning")[0] == 0


@pytest.mark.usefixtures("test_rules")
def test_exit_zero_keeps_findings_but_not_input_errors(corpus: Path, tmp_path: Path) -> None:
    code, out, _ = run("check", corpus, "--exit-zero")
    assert code == 0 and "TX901" in out
    assert run("fix", corpus, "--out", tmp_path / "o", "--exit-zero")[0] == 0
    assert run("check", corpus, tmp_path / "missing.txt", "--exit-zero")[0] == 2


@pytest.mark.usefixtures("test_rules")
def test_check_json_validates(corpus: Path) -> None:
    code, out, _ = run("check", corpus, "--format", "json")
    assert code == 1
    report = json.loads(out)
    validate(report)
    assert report["command"] == "check"
    assert report["summary"]["documents"] == 3
    assert report["summary"]["findings_by_rule"] == {"junk-line": 1, "loud-line": 1}
    doc = next(d for d in report["documents"] if d["path"] == "a.txt")
    (finding,) = doc["findings"]
    assert finding["span"] == {"start": 12, "end": 16}
    assert finding["excerpt"] == "JUNK"
    assert finding["fix"]["applied"] is False and finding["fix"]["edits"] == [
        {"start": 12, "end": 17, "replacement": ""}]


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("command", [["check"], ["fix", "--diff"]])
def test_report_file_is_written_and_valid(corpus: Path, tmp_path: Path,
                                          command: list[str]) -> None:
    report_path = tmp_path / "reports" / "report.json"
    code, _, _ = run(*command, corpus, "--report", report_path)
    assert code == 1
    report = json.loads(report_path.read_text("utf-8"))
    validate(report)
    assert report["command"] == command[0]
    assert report["summary"]["documents"] == 3
    assert temp_files(tmp_path) == []


# --- fix ---------------------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_fix_out_mirrors_paths_and_copies_unchanged_files(corpus: Path, tmp_path: Path) -> None:
    before = snapshot(corpus)
    out_dir = tmp_path / "cleaned"
    code, out, err = run("fix", corpus, "--out", out_dir)
    assert code == 0  # every failing finding was fixed
    assert snapshot(corpus) == before
    assert snapshot(out_dir) == {
        "a.txt": b"First line.\nLast line.\n",
        "b.txt": b"Nothing wrong here.\n",
        "sub/c.md": b"!! loud heading\nBody text.\n",
    }
    assert "a.txt:2:1: TX901 junk-line line is junk [fixed]" in out
    assert err.endswith("1 fixed, 1 file changed\n")


@pytest.mark.usefixtures("test_rules")
def test_fix_out_creates_files_with_default_mode(corpus: Path, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        run("fix", corpus, "--out", tmp_path / "cleaned")
    finally:
        os.umask(umask)
    for path in (tmp_path / "cleaned" / "a.txt", tmp_path / "cleaned" / "b.txt"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.usefixtures("test_rules")
def test_fix_without_target_is_a_usage_error(corpus: Path) -> None:
    before = snapshot(corpus)
    code, out, err = run("fix", corpus)
    assert code == 2
    assert out == ""
    assert err.startswith("lint-corpus: error: fix needs --out DIR, --in-place or --diff")
    assert snapshot(corpus) == before


@pytest.mark.usefixtures("test_rules")
def test_fix_in_place_rewrites_only_changed_files(corpus: Path) -> None:
    a, b = corpus / "a.txt", corpus / "b.txt"
    a.write_bytes(b"\xef\xbb\xbfFirst line.\r\nJUNK\r\nLast line.\r\n")
    a.chmod(0o640)
    b_inode = b.stat().st_ino
    code, _, _ = run("fix", corpus, "--in-place")
    assert code == 0
    assert a.read_bytes() == b"\xef\xbb\xbfFirst line.\r\nLast line.\r\n"
    assert stat.S_IMODE(a.stat().st_mode) == 0o640
    assert b.stat().st_ino == b_inode  # not rewritten
    assert b.read_bytes() == b"Nothing wrong here.\n"
    assert temp_files(corpus) == []
    # The pre-commit contract: a second run finds nothing left to change; the info finding
    # in c.md is reported but fails the run only when asked to.
    assert run("fix", corpus, "--in-place")[0] == 0
    assert run("fix", corpus, "--in-place", "--fail-on", "info")[0] == 1
    assert run("fix", corpus, "--in-place", "--select", "junk-line") == (
        0, "", "3 documents, 0 findings, 0 fixed, 0 files changed\n")


@pytest.mark.usefixtures("test_rules")
def test_fix_diff_prints_and_writes_nothing(corpus: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    before = snapshot(corpus)
    code, out, _ = run("fix", corpus, "--diff")
    assert code == 1
    assert snapshot(corpus) == before
    assert out == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,2 @@\n First line.\n-JUNK\n Last line.\n"
    )


@pytest.mark.usefixtures("test_rules")
def test_fix_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"Keep.\nJUNK")
    code, out, _ = run("fix", path, "--diff")
    assert code == 1
    # Every diff line ends with a newline, so a patch tool can read it back.
    assert out.endswith("\n")
    assert "-JUNK\n\\ No newline at end of file\n" in out
    assert "Keep.\\n" not in out


# --- rule selection ----------------------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize(("option", "expected"), [
    (["--select", "TX901"], {"TX901"}),
    (["--select", "junk-line"], {"TX901"}),
    (["--select", "tx90"], {"TX901", "TX902"}),
    (["--select", "TX901,loud-line"], {"TX901", "TX902"}),
    (["--ignore", "TX901"], {"TX902"}),
    (["--ignore", "loud-line"], {"TX901"}),
    (["--select", "ALL", "--ignore", "TX9"], set()),
])
def test_select_and_ignore(corpus: Path, option: list[str], expected: set[str]) -> None:
    code, out, _ = run("check", corpus, "--format", "json", "--fail-on", "info", *option)
    report = json.loads(out)
    assert {r["code"] for r in report["rules"]} == expected
    found = {f["code"] for d in report["documents"] for f in d["findings"]}
    assert found == expected
    assert code == (1 if expected else 0)


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_is_a_usage_error(corpus: Path, option: str) -> None:
    code, out, err = run("check", corpus, option, "no-such-rule")
    assert code == 2 and out == ""
    assert err.startswith("lint-corpus: error: unknown rule 'no-such-rule'")
    assert "TX901 (junk-line)" in err
    assert len(err.splitlines()) == 1


# --- rules, explain, version, help -------------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_rules_lists_in_code_order() -> None:
    code, out, _ = run("rules")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["TX901", "TX902"]
    assert "junk-line" in lines[0] and "fix" in lines[0]


@pytest.mark.usefixtures("test_rules")
def test_rules_json() -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert [(r["code"], r["name"], r["fixable"]) for r in payload] == [
        ("TX901", "junk-line", True), ("TX902", "loud-line", False)]


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("key", ["junk-line", "TX901", "tx901"])
def test_explain(key: str) -> None:
    code, out, _ = run("explain", key)
    assert code == 0
    assert out.startswith("TX901 junk-line (warning, fixable)\n")
    assert "Why is this bad?" in out


@pytest.mark.usefixtures("test_rules")
def test_explain_unknown_rule() -> None:
    code, out, err = run("explain", "nope")
    assert (code, out) == (2, "")
    assert err == "lint-corpus: error: unknown rule 'nope'; see 'lint-corpus rules'\n"


def test_version() -> None:
    assert run("--version") == (0, f"lint-corpus {__version__}\n", "")


def test_help_in_process() -> None:
    code, out, err = run("--help")
    assert code == 0 and err == ""
    assert out.startswith("usage: lint-corpus")


def test_no_command_prints_help_and_fails() -> None:
    code, out, _ = run()
    assert code == 2
    assert out.startswith("usage: lint-corpus")


def test_bad_option_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", tmp_path, "--no-such-option")
    assert code == 2
    assert err.startswith("lint-corpus: error: unrecognized arguments: --no-such-option")


def test_python_dash_m_help() -> None:
    done = subprocess.run([sys.executable, "-m", "lint_corpus", "--help"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: lint-corpus")
    assert "fix" in done.stdout and "explain" in done.stdout


# --- bad inputs: named on stderr, no traceback, the rest still processed, exit 2 ---------

BadInput = Callable[[Path], tuple[Path, str]]


def _missing(root: Path) -> tuple[Path, str]:
    return root / "missing.txt", "no such file or directory"


def _empty_folder(root: Path) -> tuple[Path, str]:
    (root / "empty").mkdir()
    (root / "empty" / "data.csv").write_text("a,b\n")
    return root / "empty", "folder has no corpus file"


def _file(name: str, data: bytes) -> BadInput:
    def make(root: Path) -> tuple[Path, str]:
        (root / name).write_bytes(data)
        return root / name, ""
    return make


BAD_INPUTS: dict[str, tuple[BadInput, str]] = {
    "missing-path": (_missing, "no such file or directory"),
    "folder-without-text": (_empty_folder, "folder has no corpus file"),
    "empty-file": (_file("empty.txt", b""), "file is empty"),
    "whitespace-only": (_file("blank.txt", b" \n\t\r\n  \n"), "file is only whitespace"),
    "binary-nul": (_file("binary.txt", b"PK\x03\x04\x00\x00abc\n"), "looks binary"),
    # UTF-8 with a stray byte: no legacy encoding reads it right (a Latin-1 file is decoded
    # now, and reported by the encoding rule).
    "invalid-utf8": (_file("damaged.txt", "Café au lait,\xff crème brûlée.\n".encode()
                           .replace(b"\xc3\xbf", b"\xff")),
                     "not valid UTF-8 (byte 0xff at offset 14, line 1)"),
}


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_named_and_the_run_goes_on(tmp_path: Path, case: str) -> None:
    make, message = BAD_INPUTS[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = inputs / "good.txt"
    good.write_bytes(b"Keep.\nJUNK\n")
    bad, _ = make(inputs)
    out_dir = tmp_path / "out"
    code, _, err = run("fix", good, bad, "--out", out_dir, "--report", tmp_path / "r.json")
    assert code == 2
    assert "Traceback" not in err
    error_lines = [line for line in err.splitlines() if line.startswith("lint-corpus: error:")]
    assert len(error_lines) == 1
    assert bad.name in error_lines[0] and message in error_lines[0]
    assert snapshot(out_dir) == {"good.txt": b"Keep.\n"}
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    validate(report)
    assert len(report["errors"]) == 1 and report["errors"][0]["path"].endswith(bad.name)
    assert temp_files(tmp_path) == []


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize(("name", "data", "expected"), [
    ("crlf.txt", b"One.\r\nJUNK\r\nTwo.\r\n", b"One.\r\nTwo.\r\n"),
    ("bom.txt", b"\xef\xbb\xbfOne.\nJUNK\nTwo.\n", b"\xef\xbb\xbfOne.\nTwo.\n"),
    ("bom-crlf.txt", b"\xef\xbb\xbfOne.\r\nJUNK\r\nTwo.", b"\xef\xbb\xbfOne.\r\nTwo."),
    ("sub/deeper/nested.txt", b"One.\nJUNK\nTwo.\n", b"One.\nTwo.\n"),
    ("no-final-newline.txt", b"One.\nJUNK", b"One.\n"),
])
def test_unusual_but_valid_inputs_round_trip(tmp_path: Path, name: str, data: bytes,
                                              expected: bytes) -> None:
    inputs = tmp_path / "in"
    (inputs / name).parent.mkdir(parents=True, exist_ok=True)
    (inputs / name).write_bytes(data)
    code, _, err = run("fix", inputs, "--out", tmp_path / "out")
    assert code == 0, err
    assert snapshot(tmp_path / "out") == {name: expected}


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize("data", [
    b"One.\r\nTwo.\nThree.\n",             # mixed line endings
    b"One.\rTwo.\r",                        # old Mac line endings
    b"\xef\xbb\xbf\xef\xbb\xbfTwo BOMs.\n",  # a second BOM is content
    "Tab\tand\u00a0NBSP and \u2028 separator.\n".encode(),
])
def test_unchanged_files_are_copied_byte_for_byte(tmp_path: Path, data: bytes) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "x.txt").write_bytes(data)
    code, _, err = run("fix", inputs, "--out", tmp_path / "out")
    assert code == 0, err
    assert (tmp_path / "out" / "x.txt").read_bytes() == data


@pytest.mark.usefixtures("test_rules")
def test_mixed_line_endings_keep_each_line_ending_when_fixed(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"One.\r\nJUNK\nTwo.\nThree.\r\n")
    code, _, _ = run("fix", path, "--in-place")
    assert code == 0
    assert path.read_bytes() == b"One.\r\nTwo.\nThree.\r\n"


# --- unwritable outputs, atomic writes ---------------------------------------------------

@pytest.mark.usefixtures("test_rules")
def test_out_pointing_at_a_file(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"a file, not a folder")
    code, _, err = run("fix", corpus, "--out", blocker)
    assert code == 2
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("lint-corpus: error:")]
    assert len(errors) == 3  # one per document, each named
    assert any("a.txt" in line and "cannot write" in line for line in errors)
    assert blocker.read_bytes() == b"a file, not a folder"
    assert temp_files(tmp_path) == []


@pytest.mark.usefixtures("test_rules")
def test_one_unwritable_output_does_not_stop_the_others(corpus: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "sub").write_bytes(b"")  # sub/c.md cannot be written under a regular file
    code, _, err = run("fix", corpus, "--out", out_dir)
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("lint-corpus: error:")]
    assert len(errors) == 1 and "sub/c.md" in errors[0]
    assert (out_dir / "a.txt").read_bytes() == b"First line.\nLast line.\n"
    assert (out_dir / "b.txt").read_bytes() == b"Nothing wrong here.\n"
    assert temp_files(tmp_path) == []


@pytest.mark.usefixtures("test_rules")
def test_unwritable_report(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    code, out, err = run("check", corpus, "--report", tmp_path / "file" / "report.json")
    assert code == 2
    assert "Traceback" not in err
    assert "report.json" in err and "cannot write report" in err
    assert "a.txt:2:1" in out  # the findings are still printed


@pytest.mark.usefixtures("test_rules")
def test_failed_replace_leaves_the_original_intact(corpus: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(corpus)

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)  # as sources.atomic_write calls it
    code, _, err = run("fix", corpus, "--in-place")
    assert code == 2
    assert "a.txt" in err and "No space left on device" in err
    assert "Traceback" not in err
    assert snapshot(corpus) == before
    assert temp_files(corpus) == []


def test_atomic_write_failure_mid_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"original\n")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output error"):
        sources.atomic_write(target, b"new contents that never land\n")
    assert target.read_bytes() == b"original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


@pytest.mark.usefixtures("test_rules")
@pytest.mark.parametrize(("mode", "synced"), [("--in-place", True), ("--out", False)])
def test_only_files_that_replace_an_input_are_flushed_to_disk(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str,
        synced: bool) -> None:
    # An output tree can be written again after a crash; a replaced input cannot come back.
    flushed: list[int] = []
    real_fsync = os.fsync

    def counting(fd: int) -> None:
        flushed.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting)
    before = snapshot(corpus)
    args = [mode] if mode == "--in-place" else [mode, tmp_path / "out"]
    code, _, err = run("fix", corpus, *args)
    assert code == 0, err
    assert bool(flushed) is synced
    if synced:
        after = snapshot(corpus)
        assert len(flushed) == sum(after[name] != before[name] for name in before)
    else:
        assert (tmp_path / "out" / "a.txt").read_bytes() == b"First line.\nLast line.\n"


def test_atomic_write_keeps_mode_and_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"old\n")
    target.chmod(0o600)
    sources.atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


# --- the real rule set -------------------------------------------------------------------

def test_real_rules_run_on_the_seeds(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    files = sorted(seeds.glob("*.txt"))  # seeds/expected/ holds golden outputs, not inputs
    if not files:
        pytest.skip("no seeds/*.txt")
    before = snapshot(seeds)
    code, out, err = run("fix", *files, "--out", tmp_path / "out", "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    validate(report)
    assert report["summary"]["documents"] == len(files)
    assert not report["errors"]
    assert all(not d["errors"] and d["converged"] for d in report["documents"])
    assert snapshot(seeds) == before
    assert sorted(snapshot(tmp_path / "out")) == [f.name for f in files]
