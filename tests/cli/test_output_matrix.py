"""Where ``fix`` writes, as data: one row per layout of inputs and outputs, through the real CLI.

Each row builds inputs under ``in/``, runs ``fix`` with its arguments, and states the exit
code, a fragment of stderr, and the files under ``out/`` afterwards. Every refusal must come
before anything is written: the inputs keep their bytes and no output appears. Outputs that
would collide, overwrite an input, or nest inside an input (so a later run reads them) are
refused; ``--in-place`` is refused for HTML, which cannot be rewritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus import registry as registry_module

#: Builds the inputs in the test's folder; returns the ``fix`` arguments.
Builder = Callable[[Path], list[str]]

CLEAN, FINDINGS, ERROR = 0, 1, 2
#: ``fix`` exits 0 once every finding it could fix was fixed (ruff's model).
FIXED = CLEAN
TEXT = "Keep.\nJUNK\n"
PAGE = b"<html><body><p>Keep.</p><p>JUNK</p></body></html>"


@dataclass(frozen=True)
class Case:
    name: str
    build: Builder
    exit_code: int
    message: str
    #: Files under ``out/`` afterwards (relative paths).
    left: frozenset[str] = frozenset()
    #: The ``--out`` folder, for the rows that write.
    out: str = "out"


def _doc(path: Path, text: str = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def same_name_in_two_folders(root: Path) -> list[str]:
    _doc(root / "in/d1/doc.txt")
    _doc(root / "in/d2/doc.txt")
    return ["fix", "in/d1", "in/d2", "--out", "out"]


def different_names_in_two_folders(root: Path) -> list[str]:
    _doc(root / "in/d1/a.txt")
    _doc(root / "in/d2/b.txt")
    return ["fix", "in/d1", "in/d2", "--out", "out"]


def same_name_by_absolute_paths(root: Path) -> list[str]:
    first, second = _doc(root / "in/a/doc.txt"), _doc(root / "in/b/doc.txt")
    return ["fix", str(first.resolve()), str(second.resolve()), "--out", "out"]


def html_beside_its_txt(root: Path) -> list[str]:
    _doc(root / "in/page.txt")
    (root / "in/page.html").write_bytes(PAGE)
    return ["fix", "in", "--out", "out"]


def out_is_the_input(root: Path) -> list[str]:
    _doc(root / "in/doc.txt")
    return ["fix", "in", "--out", "in"]


def out_inside_the_input(root: Path) -> list[str]:
    _doc(root / "in/doc.txt")
    return ["fix", "in", "--out", "in/cleaned"]


def out_hidden_inside_the_input(root: Path) -> list[str]:
    _doc(root / "in/doc.txt")
    return ["fix", "in", "--out", "in/.cleaned"]


def input_inside_out(root: Path) -> list[str]:
    _doc(root / "out/sub/doc.txt")
    return ["fix", "out/sub", "--out", "out"]


def file_over_itself(root: Path) -> list[str]:
    _doc(root / "in/doc.txt")
    os.chdir(root / "in")
    return ["fix", "doc.txt", "--out", "."]


def html_in_place(root: Path) -> list[str]:
    _doc(root / "in/a.txt")
    for index in range(7):
        (root / f"in/page{index}.html").write_bytes(PAGE)
    return ["fix", "in", "--in-place"]


CASES = [
    Case("same name in two folders", same_name_in_two_folders, ERROR,
         "in/d1/doc.txt and in/d2/doc.txt would both be written to out/doc.txt; nothing was "
         "written"),
    Case("same name by absolute paths", same_name_by_absolute_paths, ERROR,
         "/in/b/doc.txt would both be written to out/doc.txt"),
    Case("page.html beside page.txt", html_beside_its_txt, ERROR,
         "in/page.html and in/page.txt would both be written to out/page.txt"),
    Case("--out is the input", out_is_the_input, ERROR,
         "in/doc.txt: --out in would overwrite the input itself"),
    Case("--out inside the input", out_inside_the_input, ERROR,
         "--out in/cleaned is inside the input in: the next run on in would read the cleaned "
         "files as input"),
    Case("input inside --out", input_inside_out, ERROR,
         "the input out/sub is inside --out out"),
    Case("a file written over itself", file_over_itself, ERROR,
         "doc.txt: --out . would overwrite the input itself"),
    Case("--in-place on HTML", html_in_place, ERROR,
         "--in-place cannot rewrite HTML (markup is not rebuilt from cleaned text): "
         "in/page0.html, in/page1.html, in/page2.html, in/page3.html, in/page4.html and 2 more"),
    # A hidden folder inside the input is never searched: allowed, and written.
    Case("--out hidden inside the input", out_hidden_inside_the_input, FIXED, "",
         frozenset({"doc.txt"}), out="in/.cleaned"),
    # The control: distinct names from two folders are written side by side.
    Case("distinct names in two folders", different_names_in_two_folders, FIXED, "",
         frozenset({"a.txt", "b.txt"})),
]


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [LoudLine, JunkLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_outputs(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    argv = case.build(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = run(*argv, "--isolated")
    assert "Traceback" not in err
    assert case.message in err, err
    assert code == case.exit_code, err
    if case.exit_code == ERROR:
        assert snapshot(tmp_path) == before, "a refused run wrote something"
        assert "fixed" not in err and "files changed" not in err
    else:
        out = tmp_path / case.out
        assert frozenset(p.relative_to(out).as_posix() for p in out.rglob("*")
                         if p.is_file()) == case.left
