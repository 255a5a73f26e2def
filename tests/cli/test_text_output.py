"""The text output as ruff's: the full format (lines, underlined span, the fix with
``--show-fixes``), colour on a terminal, ``--output-file``, ``--show-files`` /
``--show-settings``, ``.gitignore`` when searching folders, "did you mean" for a misspelt
rule, and the day-one defaults of ``bad-whitespace``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ZERO_WIDTH = "Hello wor\u200bld.\nSecond line.\n"
#: CJK characters take two columns: the caret under U+200B starts after 2 × 4 columns.
CJK_ZERO_WIDTH = "台灣美國\u200b對話平台。\n"
TRAILING = "Hello world.   \nSecond line.\n"
ANSI = "\x1b["


def lint_corpus(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None,
                ) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "lint_corpus", *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False,
                          env=environment)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_full_format_underlines_the_span_in_display_columns(tmp_path: Path) -> None:
    write(tmp_path / "zh.txt", CJK_ZERO_WIDTH)
    done = lint_corpus("check", "zh.txt", cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("zh.txt:1:5: LC203 bad-whitespace ")
    source = next(line for line in lines if line.startswith("1 | "))
    carets = lines[lines.index(source) + 1]
    assert source == "1 | 台灣美國<U+200B>對話平台。"  # the invisible character made visible
    # Under "<U+200B>", after four CJK characters of two columns each.
    assert carets == "  | " + " " * 8 + "^" * len("<U+200B>")
    assert "  = help: Delete the zero-width characters" in lines
    assert "-1 |" not in done.stdout  # the fix's lines only with --show-fixes


def test_show_fixes_shows_the_lines_before_and_after(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ZERO_WIDTH)
    done = lint_corpus("check", "a.txt", "--show-fixes", cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert "-1 | Hello wor<U+200B>ld." in lines and "+1 | Hello world." in lines
    concise = lint_corpus("check", "a.txt", "--output-format", "concise", cwd=tmp_path)
    assert concise.stdout.splitlines() == [
        "a.txt:1:10: LC203 bad-whitespace Zero-width character U+200B inside the text "
        "[safe fix]"]
    # ``text`` is the concise format's first name.
    assert lint_corpus("check", "a.txt", "--format", "text", cwd=tmp_path).stdout == \
        concise.stdout


def test_a_long_line_is_cut_around_the_span(tmp_path: Path) -> None:
    words = " ".join(f"word{index}" for index in range(200))
    write(tmp_path / "long.txt", f"{words} wor\u200bld {words}.\n")
    done = lint_corpus("check", "long.txt", cwd=tmp_path)
    source = next(line for line in done.stdout.splitlines() if line.startswith("1 | "))
    assert source.startswith("1 | …") and source.endswith("…")
    assert "<U+200B>" in source and len(source) < 120


@pytest.mark.parametrize(("args", "env", "colored"), [
    ((), {}, False),  # not a terminal
    (("--color", "always"), {}, True),
    (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (("--color", "always"), {"NO_COLOR": "1"}, True),  # the command line decides
])
def test_color(tmp_path: Path, args: tuple[str, ...], env: dict[str, str],
               colored: bool) -> None:
    write(tmp_path / "a.txt", ZERO_WIDTH)
    for fmt in ("full", "concise"):
        done = lint_corpus("check", "a.txt", "--format", fmt, *args, cwd=tmp_path, env=env)
        assert (ANSI in done.stdout) is colored, (fmt, done.stdout)
        assert "LC203" in done.stdout
    # Machine-readable formats are never coloured.
    done = lint_corpus("check", "a.txt", "--format", "json", *args, cwd=tmp_path, env=env)
    assert ANSI not in done.stdout
    json.loads(done.stdout)


def test_output_file_takes_what_stdout_would_get(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ZERO_WIDTH)
    expected = lint_corpus("check", "a.txt", "--format", "sarif", cwd=tmp_path).stdout
    done = lint_corpus("check", "a.txt", "--format", "sarif", "--output-file", "out.sarif",
                       cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert (tmp_path / "out.sarif").read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir() if "lint-corpus" in p.name] == []  # no temp
    # A device is written to, not replaced by a regular file.
    lint_corpus("check", "a.txt", "--output-file", os.devnull, cwd=tmp_path)
    assert not Path(os.devnull).is_file()
    missing = lint_corpus("check", "a.txt", "--output-file", "a.txt/out.txt",  # a file
                          cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "--output-file" in missing.stderr


def test_gitignore_is_respected_when_searching_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # a work tree: its .gitignore files count
    write(tmp_path / ".gitignore", "build/\n*.tmp.txt\n!keep.tmp.txt\n")
    write(tmp_path / "corpus" / ".gitignore", "drafts/\n")
    for name in ("corpus/a.txt", "corpus/build/b.txt", "corpus/c.tmp.txt",
                 "corpus/keep.tmp.txt", "corpus/drafts/d.txt"):
        write(tmp_path / name, ZERO_WIDTH)
    shown = lint_corpus("check", "corpus", "--show-files", cwd=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout.splitlines() == ["corpus/a.txt", "corpus/keep.tmp.txt"]
    everything = lint_corpus("check", "corpus", "--show-files", "--no-respect-gitignore",
                             cwd=tmp_path)
    assert len(everything.stdout.splitlines()) == 5
    # A file named on the command line is read even when ignored.
    named = lint_corpus("check", "corpus/build/b.txt", "--show-files", cwd=tmp_path)
    assert named.stdout.splitlines() == ["corpus/build/b.txt"]
    assert lint_corpus("check", "corpus", cwd=tmp_path).stderr.startswith("2 documents")


def test_show_settings(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.lint-corpus]\nfail-on = "error"\n'
                                       '[tool.lint-corpus.severity]\nlink-list = "error"\n')
    write(tmp_path / "corpus" / "a.txt", ZERO_WIDTH)
    done = lint_corpus("check", "corpus", "--show-settings", "--select", "LC1", cwd=tmp_path)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert f"config file: {(tmp_path / 'pyproject.toml').as_posix()}" in lines
    assert "fail-on: error" in lines and "files: 1" in lines
    rules = [line.split()[0] for line in lines if line.startswith("  LC")]
    assert rules == ["LC101", "LC102", "LC103", "LC104"]
    assert any(line.startswith("  LC103 link-list (error)") for line in lines)


@pytest.mark.parametrize("argv", [
    ("check", "corpus", "--select", "link-lst"),
    ("check", "corpus", "--ignore", "duplicate-sectoin"),
    ("explain", "truncated-documnet"),
])
def test_a_misspelt_rule_gets_a_suggestion(tmp_path: Path, argv: tuple[str, ...]) -> None:
    write(tmp_path / "corpus" / "a.txt", ZERO_WIDTH)
    done = lint_corpus(*argv, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    wanted = {"link-lst": "link-list", "duplicate-sectoin": "duplicate-section",
              "truncated-documnet": "truncated-document"}[argv[-1]]
    assert f"did you mean '{wanted}'?" in done.stderr


def test_a_misspelt_rule_in_the_config_gets_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.lint-corpus]\nignore = ["mojibak"]\n')
    write(tmp_path / "corpus" / "a.txt", ZERO_WIDTH)
    done = lint_corpus("check", "corpus", cwd=tmp_path)
    assert done.returncode == 2 and "did you mean 'mojibake'?" in done.stderr


def test_layout_whitespace_is_opt_in_and_info(tmp_path: Path) -> None:
    """Trailing whitespace changes no word: not reported by default, fixed only when asked;
    asked for, it is info, so neither check nor fix fails on it unless --fail-on info."""
    write(tmp_path / "corpus" / "a.txt", TRAILING)
    default = lint_corpus("check", "corpus", cwd=tmp_path)
    assert (default.returncode, default.stdout) == (0, "")
    assert lint_corpus("fix", "corpus", "--diff", cwd=tmp_path).stdout == ""
    write(tmp_path / "pyproject.toml",
          "[tool.lint-corpus.rules.bad-whitespace]\nlayout-whitespace = true\n")
    opted = lint_corpus("check", "corpus", "--format", "json", cwd=tmp_path)
    assert opted.returncode == 0  # info: below the default --fail-on warning
    (finding,) = json.loads(opted.stdout)["documents"][0]["findings"]
    assert (finding["severity"], finding["data"]["category"]) == ("info", "trailing")
    assert lint_corpus("check", "corpus", "--fail-on", "info", cwd=tmp_path).returncode == 1
    fixed = lint_corpus("fix", "corpus", "--out", "out", "--fail-on", "info", cwd=tmp_path)
    assert fixed.returncode == 0  # fixed: nothing left at or above info
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == \
        "Hello world.\nSecond line.\n"
    # Damage is reported by default, as a warning that fails the run.
    write(tmp_path / "corpus" / "b.txt", ZERO_WIDTH)
    damaged = lint_corpus("check", "corpus/b.txt", "--isolated", cwd=tmp_path)
    assert damaged.returncode == 1 and "LC203" in damaged.stdout


def test_fix_show_fixes_lists_what_was_fixed(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "sub" / "a.txt", ZERO_WIDTH + "Third\u200b line.\n")
    write(tmp_path / "corpus" / "b.txt", "Clean.\n")
    done = lint_corpus("fix", "corpus", "--out", "out", "--show-fixes", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr.splitlines()[1:] == [
        "Fixed 2 findings:", "- corpus/sub/a.txt:", "    2 × bad-whitespace"]
    assert "Fixed" not in lint_corpus("fix", "corpus", "--out", "out2", cwd=tmp_path).stderr
