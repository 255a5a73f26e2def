"""Paths a user can open: every format names a finding's file as it opens from the current
directory, and ``fix --diff`` applies there with ``patch -p1`` and ``git apply``, whether the
input is a folder, a file or an absolute path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

#: A zero-width space inside a word: a finding with a safe fix in any file.
BROKEN = "Hello wor\u200bld.\nSecond line.\n"
FIXED = "Hello world.\nSecond line.\n"
FILES = ("corpus/b.txt", "corpus/sub/deeper/a.txt")


def lint_corpus(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lint_corpus", *argv], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    for name in FILES:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BROKEN, encoding="utf-8")
    return tmp_path


def _input(form: str, workspace: Path) -> str:
    return {"folder": "corpus", "folder/": "corpus/", "file": "corpus/sub/deeper/a.txt",
            "absolute folder": str(workspace / "corpus"),
            "absolute file": str(workspace / "corpus" / "sub" / "deeper" / "a.txt"),
            "dot": "."}[form]


FORMS = ["folder", "folder/", "file", "absolute folder", "absolute file", "dot"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("tool", [["patch", "-p1", "--batch", "--quiet"],
                                  ["git", "apply", "-"]])
def test_fix_diff_applies_from_the_current_directory(workspace: Path, form: str,
                                                     tool: list[str]) -> None:
    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    diff = lint_corpus("fix", _input(form, workspace), "--diff", cwd=workspace)
    assert diff.returncode == 1, diff.stderr  # a change to make
    assert "--- a/corpus/" in diff.stdout and "+++ b/corpus/" in diff.stdout
    applied = subprocess.run(tool, input=diff.stdout, cwd=workspace, capture_output=True,
                             text=True, timeout=60, check=False)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    changed = [name for name in FILES
               if (workspace / name).read_text(encoding="utf-8") == FIXED]
    named = [name for name in FILES if f"a/{name}" in diff.stdout]
    assert changed == named and named
    # Applied, the corpus is clean: the diff was the whole fix.
    assert lint_corpus("check", _input(form, workspace), cwd=workspace).returncode == 0


def _named_paths(fmt: str, output: str) -> set[str]:
    if fmt == "concise":
        return {line.split(":", 1)[0] for line in output.splitlines()}
    if fmt == "full":
        return {match.group(1) for match in re.finditer(r"^(\S+?):\d+:\d+: ", output, re.M)}
    if fmt == "github":
        return set(re.findall(r"file=([^,]+),", output))
    if fmt == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for result in results}
    assert fmt == "junit"
    return {suite.get("name", "") for suite in ET.fromstring(output).iter("testsuite")}


@pytest.mark.parametrize("form", ["folder", "absolute folder", "dot"])
def test_every_format_names_files_as_they_open_from_here(workspace: Path, form: str) -> None:
    for fmt in ("full", "concise", "github", "sarif", "junit"):
        done = lint_corpus("check", _input(form, workspace), "--format", fmt, cwd=workspace)
        assert done.returncode == 1, done.stderr
        named = _named_paths(fmt, done.stdout)
        assert named == set(FILES), (fmt, named)
        assert all((workspace / name).is_file() for name in named)
    statistics = lint_corpus("check", _input(form, workspace), "--statistics", cwd=workspace)
    assert statistics.stdout.split()[:3] == ["2", "LC203", "bad-whitespace"]


def test_a_path_outside_the_current_directory_stays_absolute(workspace: Path) -> None:
    """As ruff prints them: under the current directory relative to it, else absolute."""
    here = workspace / "corpus" / "sub" / "deeper"
    done = lint_corpus("check", str(workspace / "corpus"), "--format", "concise", cwd=here)
    assert [line.split(":", 1)[0] for line in done.stdout.splitlines()] == [
        (workspace / "corpus" / "b.txt").as_posix(), "a.txt"]


def test_an_unreadable_record_is_named_as_it_opens_from_here(workspace: Path) -> None:
    (workspace / "corpus" / "sub" / "shard.jsonl").write_text('{"text": 1}\n',
                                                             encoding="utf-8")
    done = lint_corpus("check", "corpus", cwd=workspace)
    assert "lint-corpus: error: corpus/sub/shard.jsonl[0]: " in done.stderr


def _report_files(output: str) -> set[str]:
    """The files the JSON report names for the documents with findings."""
    return {document["file"] for document in json.loads(output)["documents"]
            if document["findings"]}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("form", ["folder", "file", "absolute folder", "absolute file"])
def test_the_json_report_names_files_as_the_other_formats_do(workspace: Path, form: str,
                                                             jobs: str) -> None:
    named: dict[str, set[str]] = {}
    for fmt in ("full", "github", "sarif"):
        done = lint_corpus("check", _input(form, workspace), "--format", fmt, "--jobs", jobs,
                           cwd=workspace)
        assert done.returncode == 1, done.stderr
        named[fmt] = _named_paths(fmt, done.stdout)
    done = lint_corpus("check", _input(form, workspace), "--format", "json", "--jobs", jobs,
                       cwd=workspace)
    assert done.returncode == 1, done.stderr
    files = _report_files(done.stdout)
    assert files and all(shown == files for shown in named.values()), (files, named)
    assert all((workspace / name).is_file() for name in files)
    # ``path`` keeps naming the file relative to its input root (the ``fix --out`` layout).
    for document in json.loads(done.stdout)["documents"]:
        assert document["file"].endswith(document["path"])
        root = workspace / _input(form, workspace)
        if root.is_dir():
            assert (root / document["path"]).resolve() == (workspace / document["file"])


def test_report_file_and_errors_name_records_as_they_open_from_here(workspace: Path) -> None:
    shard = workspace / "corpus" / "sub" / "shard.jsonl"
    shard.write_text(json.dumps({"text": BROKEN}) + '\n{"text": 1}\n', encoding="utf-8")
    done = lint_corpus("check", "corpus", "--format", "github", "--report", "report.json",
                       cwd=workspace)
    assert done.returncode == 2, done.stderr  # an unreadable record
    report = json.loads((workspace / "report.json").read_text(encoding="utf-8"))
    records = [d for d in report["documents"] if d.get("record") is not None]
    assert [(d["path"], d["file"], d["record"]) for d in records] == [
        ("sub/shard.jsonl", "corpus/sub/shard.jsonl", 0)]
    assert set(re.findall(r"file=([^,]+),", done.stdout)) == {d["file"] for d in
                                                              report["documents"]}
    assert [(e["path"], e["file"], e["record"]) for e in report["errors"]] == [
        ("sub/shard.jsonl", "corpus/sub/shard.jsonl", 1)]
    assert "lint-corpus: error: corpus/sub/shard.jsonl[1]: " in done.stderr
