"""``--only-corpus-files``: what the pre-commit hooks pass, so that a staged ``.json`` or
``.py`` named on the command line is left out, as a folder search would leave it out."""

from __future__ import annotations

from pathlib import Path

from fakes import run

TRAILING = "Hello wor\u200bld.\n"  # a zero-width space inside a word


def test_named_files_that_are_not_corpus_files_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text(TRAILING, encoding="utf-8")
    (tmp_path / "shard.JSONL").write_text('{"text": "Hello wor\\u200bld.\\n"}\n',
                                          encoding="utf-8")
    assert run("check", tmp_path / "data.json")[0] == 1  # named: taken, whatever its name
    code, out, _ = run("check", "--only-corpus-files", tmp_path / "data.json",
                       tmp_path / "shard.JSONL", "--format", "concise")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [
        f"{(tmp_path / 'shard.JSONL').as_posix()}[0]"]


def test_no_corpus_file_at_all_is_a_quiet_success(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text(TRAILING, encoding="utf-8")
    assert run("check", "--only-corpus-files", tmp_path / "setup.py") == (0, "", "")
