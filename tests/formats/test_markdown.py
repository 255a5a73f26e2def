"""Markdown stays intact: code, front matter, tables, HTML blocks and hard breaks are not prose.

The documents are modelled on real READMEs and documentation pages. Each is assembled from
parts that are either markup (which must come out of ``fix`` byte for byte, and on which
``check`` reports nothing, though each holds what the rules flag in prose: trailing spaces,
blank-line runs, zero-width spaces, a list of short headline-like lines) or prose, where the
usual defects are planted and must still be found and fixed. The same text saved as ``.txt``
is linted as plain text, so the markup parts do draw findings there: the protection comes
from reading the file as Markdown, not from texts the rules happen to accept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import run

#: Config that turns on bad-whitespace's layout checks (opt-in): these tests use trailing
#: spaces as a convenient finding.
LAYOUT_WHITESPACE = ("--config", Path(__file__).parents[1] / "data" / "layout-whitespace.toml")

ZWSP = "\u200b"


@dataclass(frozen=True)
class Part:
    text: str
    #: Markup (must stay as it is) or prose.
    markup: bool
    #: Whether a defect is planted here (prose parts only).
    defect: bool = False


def markup(text: str) -> Part:
    return Part(text, markup=True)


def prose(text: str, *, defect: bool = False) -> Part:
    return Part(text, markup=False, defect=defect)


BLANK = prose("\n")

README = [
    prose("# corpus-tools\n"),
    BLANK,
    markup("[![CI](https://github.com/example/corpus-tools/actions/workflows/ci.yml/badge.svg)]"
           "(https://github.com/example/corpus-tools/actions)\n"
           "[![PyPI](https://img.shields.io/pypi/v/corpus-tools.svg)]"
           "(https://pypi.org/project/corpus-tools/)\n"),
    BLANK,
    markup('<p align="center">\n  <img src="docs/logo.png" alt="corpus-tools" width="200">  \n'
           "</p>\n"),
    BLANK,
    prose(f"Tools for cleaning web text before training, main{ZWSP}tained by the data team "
          "since 2021.\n", defect=True),
    BLANK,
    # A hard break (two spaces) and a backslash hard break: part of the rendering.
    markup("Maintainer: Jane Doe  \n"),
    prose("Contact: data-team@example.org\\\nLicence: MIT.\n"),
    BLANK,
    prose("## Installation\n"),
    BLANK,
    prose("Install it from PyPI with pip, or from conda-forge if you use conda.   \n",
          defect=True),
    BLANK,
    markup("```console\n$ pip install corpus-tools   \n$ corpus-tools --version\n"
           "corpus-tools 1.4.2\n```\n"),
    BLANK,
    prose("The command reads plain text, JSON Lines and Parquet shards.\n"),
    prose("\n\n\n", defect=True),  # three blank lines in a row
    prose("## Usage\n"),
    BLANK,
    prose("Run it on a folder of documents to see what the cleaner would change.\n"),
    BLANK,
    # Ends in a code block of short headline-like lines: as plain text, a link list.
    markup("```text\nRelated tools\nCorpus viewer for shards\nDeduplication by MinHash\n"
           "Language identification\nQuality classifier\n```\n"),
]

DOCS_PAGE = [
    markup("---\ntitle: Configuration\ndescription: Every option of the cleaner   \n"
           "sidebar_position: 3\n---\n"),
    BLANK,
    prose("# Configuration\n"),
    BLANK,
    prose("The cleaner reads its settings from `pyproject.toml` or `corpus-tools.toml`, "
          "whichever is found first above the inputs.  \n", defect=True),
    BLANK,
    markup("| Option | Default | Meaning |\n|--------|---------|---------|\n"
           "| `select` | all | rules to run   |\n| `exclude` | none | globs to skip |\n"),
    BLANK,
    prose("An example of a project file:\n"),
    BLANK,
    markup("    [tool.corpus-tools]\n    select = [\"LC1\"]   \n\n\n\n"
           "    exclude = [\"vendor/**\"]\n"),
    BLANK,
    prose("Options can also be given on the command line:\n"),
    BLANK,
    prose("1. Pick the rules:\n"),
    BLANK,
    markup("   ```sh\n   corpus-tools check --select LC1 corpus/   \n   ```\n"),
    prose(f"2. Run the fix on a copy{ZWSP} first.\n", defect=True),
    BLANK,
    markup("<details>\n<summary>Older versions</summary>\n"),
    BLANK,
    # Markdown inside an HTML block, after a blank line, is prose again (CommonMark).
    prose("Version 0.x read `setup.cfg`.   \n", defect=True),
    BLANK,
    markup("</details>\n"),
    BLANK,
    prose("Questions go to the issue tracker.\n"),
]

DOCUMENTS = {"README.md": README, "configuration.md": DOCS_PAGE}


def _text(parts: list[Part]) -> str:
    return "".join(part.text for part in parts)


def _line_ranges(parts: list[Part]) -> list[tuple[Part, range]]:
    ranges, line = [], 1
    for part in parts:
        count = part.text.count("\n")
        ranges.append((part, range(line, line + count)))
        line += count
    return ranges


def _findings(report: Path) -> list[dict[str, object]]:
    data = json.loads(report.read_text("utf-8"))
    return [finding for entry in data["documents"] for finding in entry["findings"]]


def _finding_lines(report: Path) -> list[int]:
    return [int(str(finding["line"])) for finding in _findings(report)]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_check_reports_the_prose_defects_and_nothing_in_the_markup(tmp_path: Path,
                                                                   name: str) -> None:
    parts = DOCUMENTS[name]
    (tmp_path / name).write_text(_text(parts), "utf-8")
    report = tmp_path / "report.json"
    run("check", tmp_path / name, *LAYOUT_WHITESPACE, "--report", report)
    lines = _finding_lines(report)
    for part, span in _line_ranges(parts):
        inside = [line for line in lines if line in span]
        if part.markup:
            assert not inside, f"finding in markup {part.text!r}"
        elif part.defect:
            assert inside, f"the defect in {part.text!r} was not found"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_same_text_as_plain_text_draws_findings_in_the_markup(tmp_path: Path,
                                                                  name: str) -> None:
    parts = DOCUMENTS[name]
    plain = tmp_path / Path(name).with_suffix(".txt").name
    plain.write_text(_text(parts), "utf-8")
    report = tmp_path / "report.json"
    run("check", plain, *LAYOUT_WHITESPACE, "--report", report)
    lines = _finding_lines(report)
    markup_lines = {line for part, span in _line_ranges(parts) if part.markup for line in span}
    assert markup_lines & set(lines)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_fix_changes_nothing_in_the_markup_and_fixes_the_prose(tmp_path: Path,
                                                               name: str) -> None:
    parts = DOCUMENTS[name]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(_text(parts), "utf-8")
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE,
                       "--out", tmp_path / "out")
    assert code == 0, err
    fixed = (tmp_path / "out" / name).read_text("utf-8")
    cursor = 0
    for part in parts:
        if part.markup:
            found = fixed.find(part.text, cursor)
            assert found >= 0, f"markup changed or moved: {part.text!r}"
            cursor = found + len(part.text)
    # The planted defects are gone: no zero-width space (the markup holds none), no
    # trailing whitespace on a prose line, no run of blank lines outside the markup.
    assert ZWSP not in fixed
    markup_lines = {line for part in parts if part.markup for line in part.text.splitlines()}
    for line in fixed.splitlines():
        if line not in markup_lines:
            assert line == line.rstrip(), f"trailing whitespace left in prose: {line!r}"
    outside = fixed
    for part in parts:
        if part.markup:
            outside = outside.replace(part.text, "<markup>\n")
    assert "\n\n\n\n" not in outside
    # Fixing the fixed text again changes nothing (fix converges).
    code, _, err = run("check", tmp_path / "out", *LAYOUT_WHITESPACE)
    assert code == 0, err


def test_a_readme_ending_in_a_code_block_keeps_it(tmp_path: Path) -> None:
    """The issue's case: the closing code block of a README was deleted as a link list."""
    text = _text(README)
    (tmp_path / "README.md").write_text(text, "utf-8")
    code, _, err = run("fix", tmp_path / "README.md", *LAYOUT_WHITESPACE, "--unsafe-fixes",
                       "--out", tmp_path / "out")
    assert code == 0, err
    fixed = (tmp_path / "out" / "README.md").read_text("utf-8")
    assert fixed.endswith(README[-1].text)


def test_hard_breaks_stay_and_trailing_spaces_elsewhere_go(tmp_path: Path) -> None:
    text = ("Signed by the committee:  \nAnna Berg  \nLars Nyström\n\n"
            "A last line with trailing spaces  \n\n- item one  \n  continued\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "minutes.md").write_text(text, "utf-8")
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE,
                       "--out", tmp_path / "out")
    assert code == 0, err
    fixed = (tmp_path / "out" / "minutes.md").read_text("utf-8")
    assert "committee:  \nAnna Berg  \nLars" in fixed
    assert "- item one  \n  continued" in fixed
    assert "A last line with trailing spaces\n" in fixed


def test_a_crlf_markdown_file_keeps_its_code_block(tmp_path: Path) -> None:
    text = "Intro text for the page.\r\n\r\n```\r\nkeep   \r\n\r\n\r\n\r\nthis\r\n```\r\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.md").write_bytes(text.encode("utf-8"))
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE,
                       "--out", tmp_path / "out")
    assert code == 0, err
    assert (tmp_path / "out" / "page.md").read_bytes() == text.encode("utf-8")


def test_html_residue_still_removes_a_script_block_but_keeps_other_html(tmp_path: Path) -> None:
    """html-residue is the one rule about markup (it declares ``reads_markup``): a script
    block in a Markdown corpus is residue, a centred logo is the author's markup."""
    logo = '<p align="center">\n  <img src="logo.png" width="200">\n</p>\n'
    directive = "<!-- lint-corpus: disable-next-line=bad-whitespace -->\n"
    text = (f"# Page\n\n{logo}\nSome prose about the project.\n\n"
            "<script>\nvar tracking = 1;\n</script>\n\n"
            f"{directive}Spaces kept here.   \n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.md").write_text(text, "utf-8")
    code, out, _ = run("check", tmp_path / "in", *LAYOUT_WHITESPACE,
                       "--output-format", "concise")
    assert code == 1
    assert [line.split()[1] for line in out.splitlines()] == ["LC202"]
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE,
                       "--out", tmp_path / "out")
    assert code == 0, err
    fixed = (tmp_path / "out" / "page.md").read_text("utf-8")
    assert "<script>" not in fixed and "tracking" not in fixed
    assert logo in fixed and f"{directive}Spaces kept here.   \n" in fixed


ROOT = Path(__file__).resolve().parents[2]
OWN_MARKDOWN = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])


def _verbatim_blocks(text: str) -> list[tuple[str, str]]:
    """What a Markdown renderer shows verbatim or as markup: code, HTML blocks, table cells."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found = [(t.type, t.content) for t in tokens if t.type in ("fence", "code_block",
                                                              "html_block")]
    cells, in_table = [], False
    for token in tokens:
        in_table = (in_table or token.type == "table_open") and token.type != "table_close"
        if in_table and token.type == "inline":
            cells.append(("cell", token.content))
    return found + cells


@pytest.mark.parametrize("path", OWN_MARKDOWN, ids=[p.name for p in OWN_MARKDOWN])
def test_fix_keeps_every_code_block_html_block_and_table_of_real_docs(tmp_path: Path,
                                                                        path: Path) -> None:
    """This project's own README and docs: real Markdown, full of code and tables."""
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / path.name
    source.write_bytes(path.read_bytes())
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE, "--unsafe-fixes", "--exit-zero",
                       "--out", tmp_path / "out")
    assert code == 0, err
    before = source.read_text("utf-8")
    after = (tmp_path / "out" / path.name).read_text("utf-8")
    assert _verbatim_blocks(after) == _verbatim_blocks(before)
