"""``check -`` and ``fix -`` with ``--stdin-filename``, run as an editor or a shell pipeline
runs them: the real command line in a subprocess, the document on its standard input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

TRAILING = b"Hello world.   \nSecond line.\n"
FIXED = b"Hello world.\nSecond line.\n"


def lint_corpus(*argv: str, stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "lint_corpus", *argv], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # Trailing whitespace is opt-in (layout-whitespace), and info unless configured.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.lint-corpus.per-file-ignores]\n"drafts/**" = ["bad-whitespace"]\n'
        '[tool.lint-corpus.rules.bad-whitespace]\nlayout-whitespace = true\n'
        '[tool.lint-corpus.severity]\nbad-whitespace = "warning"\n',
        encoding="utf-8")
    return tmp_path


def test_check_reads_stdin_and_names_it(project: Path) -> None:
    done = lint_corpus("check", "-", "--stdin-filename", "notes/a.txt", stdin=TRAILING,
                       cwd=project)
    assert done.returncode == 1
    assert done.stdout.decode().startswith("notes/a.txt:1:13: LC203 bad-whitespace ")
    assert done.stderr.decode() == "1 document, 1 finding\n"


def test_without_a_name_stdin_is_plain_text_called_dash(project: Path) -> None:
    done = lint_corpus("check", "-", stdin=TRAILING, cwd=project)
    assert done.stdout.decode().startswith("-:1:13: LC203 ")


def test_per_file_ignores_apply_to_the_name(project: Path) -> None:
    done = lint_corpus("check", "-", "--stdin-filename", "drafts/a.txt", stdin=TRAILING,
                       cwd=project)
    assert (done.returncode, done.stdout) == (0, b"")
    # The config is found from the name's folder, not from the current one.
    (project / "sub").mkdir()
    done = lint_corpus("check", "-", "--stdin-filename", "../drafts/a.txt", stdin=TRAILING,
                       cwd=project / "sub")
    assert (done.returncode, done.stdout) == (0, b"")


def test_fix_writes_the_fixed_text_on_stdout_and_findings_on_stderr(project: Path) -> None:
    # A .txt name: in a .md, the trailing spaces before "Second line." are a hard break.
    done = lint_corpus("fix", "-", "--stdin-filename", "a.txt", stdin=TRAILING, cwd=project)
    assert done.stdout == FIXED
    assert "a.txt:1:13: LC203 bad-whitespace" in done.stderr.decode()
    assert "[fixed]" in done.stderr.decode()


def test_fix_of_clean_text_gives_it_back_unchanged(project: Path) -> None:
    done = lint_corpus("fix", "-", stdin=FIXED, cwd=project)
    assert (done.returncode, done.stdout) == (0, FIXED)


def test_fix_of_unreadable_input_gives_it_back_and_exits_2(project: Path) -> None:
    # Damaged UTF-8 (one "è" in Latin-1): a whole Latin-1 file would be read (LC205).
    damaged = "Café crème.\n".encode().replace(b"\xc3\xa8", b"\xe8")
    done = lint_corpus("fix", "-", stdin=damaged, cwd=project)
    assert done.returncode == 2
    assert done.stdout == damaged
    assert done.stderr.decode().startswith("lint-corpus: error: -: ")


def test_fix_diff_shows_the_change_on_stdout(project: Path) -> None:
    done = lint_corpus("fix", "-", "--diff", "--stdin-filename", "a.txt", stdin=TRAILING,
                       cwd=project)
    assert "-Hello world.   \n+Hello world.\n" in done.stdout.decode()


def test_a_jsonl_stream(project: Path) -> None:
    records = [{"id": "1", "text": TRAILING.decode()}, {"id": "2", "text": "Fine.\n"}]
    stream = b"".join(json.dumps(record).encode() + b"\n" for record in records)
    check = lint_corpus("check", "-", "--stdin-filename", "shard.jsonl", stdin=stream,
                        cwd=project)
    assert check.stdout.decode().startswith("shard.jsonl[0]:1:13: LC203 ")
    fixed = lint_corpus("fix", "-", "--stdin-filename", "shard.jsonl", stdin=stream,
                        cwd=project)
    assert [json.loads(line)["text"] for line in fixed.stdout.splitlines()] == [
        FIXED.decode(), "Fine.\n"]
    compressed = lint_corpus("fix", "-", "--stdin-filename", "shard.jsonl.gz",
                             stdin=gzip.compress(stream), cwd=project)
    assert gzip.decompress(compressed.stdout) == fixed.stdout


def test_json_report_of_stdin(project: Path) -> None:
    done = lint_corpus("check", "-", "--stdin-filename", "a.txt", "--format", "json",
                       stdin=TRAILING, cwd=project)
    report = json.loads(done.stdout)
    assert [document["path"] for document in report["documents"]] == ["a.txt"]


@pytest.mark.parametrize(("argv", "message"), [
    (("check", "-", "a.txt"), "cannot be combined with other paths"),
    (("check", "a.txt", "--stdin-filename", "b.txt"), "give - as the path"),
    (("fix", "-", "--in-place"), "--out and --in-place need files"),
    (("fix", "-", "--format", "json"), "--report FILE"),
])
def test_stdin_misuse_is_a_usage_error(project: Path, argv: tuple[str, ...],
                                       message: str) -> None:
    (project / "a.txt").write_bytes(FIXED)
    done = lint_corpus(*argv, stdin=TRAILING, cwd=project)
    assert done.returncode == 2
    assert message in done.stderr.decode()
    assert done.stdout == b""


def test_fix_reads_standard_input_as_markdown_by_its_name(project: Path) -> None:
    # In Markdown, the spaces before "Second line." are a hard break: they stay.
    done = lint_corpus("fix", "-", "--stdin-filename", "a.md", stdin=TRAILING, cwd=project)
    assert (done.returncode, done.stdout) == (0, TRAILING)
