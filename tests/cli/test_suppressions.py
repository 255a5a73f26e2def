"""Suppressions where the data lives, driven through the command line.

Markdown comments, marker lines in text files, a record's ignore field in JSONL and Parquet,
``check --add-noqa`` that writes them for today's findings, and ``unused-suppression``
(LC001) for the ones that suppress nothing. Expected lines are found in the texts by what
they say, never counted by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fakes import run

#: Config that turns on bad-whitespace's layout checks (opt-in): these tests use trailing
#: spaces as a convenient finding.
LAYOUT_WHITESPACE = ("--config", Path(__file__).parents[1] / "data" / "layout-whitespace.toml")

TRAILING = "   "  # what bad-whitespace (LC203) flags at the end of a prose line


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def report_of(tmp_path: Path, *argv: str | Path) -> tuple[int, dict[str, Any], str]:
    report = tmp_path / "report.json"
    code, _, err = run(*argv, *LAYOUT_WHITESPACE, "--report", report)
    return code, json.loads(report.read_text("utf-8")), err


def findings(report: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(path or record, line, code) of every finding."""
    found = []
    for entry in report["documents"]:
        where = entry["path"] if entry.get("record") is None else \
            f"{entry['path']}[{entry['record']}]"
        found.extend((where, finding["line"], finding["code"]) for finding in entry["findings"])
    return found


MARKDOWN_RANGES = f"""# Minutes

Paragraph A ends in spaces.{TRAILING}

<!-- lint-corpus: disable=bad-whitespace -->
Paragraph B ends in spaces.{TRAILING}

<!-- lint-corpus: enable=LC203 -->
Paragraph C ends in spaces.{TRAILING}

<!-- lint-corpus: disable-next-line -->
Paragraph D ends in spaces.{TRAILING}

Paragraph E ends in spaces.{TRAILING}
"""


def test_markdown_disable_enable_and_next_line(tmp_path: Path) -> None:
    (tmp_path / "minutes.md").write_text(MARKDOWN_RANGES, "utf-8")
    code, report, err = report_of(tmp_path, "check", tmp_path / "minutes.md")
    assert code == 1, err
    lines = sorted(line for _, line, _ in findings(report))
    assert lines == [line_of(MARKDOWN_RANGES, f"Paragraph {name}") for name in "ACE"]


def test_markdown_disable_file_by_code_anywhere_in_the_file(tmp_path: Path) -> None:
    text = MARKDOWN_RANGES + "\n<!-- lint-corpus: disable-file=LC203 -->\n"
    (tmp_path / "minutes.md").write_text(text, "utf-8")
    code, report, err = report_of(tmp_path, "check", tmp_path / "minutes.md")
    assert code == 0, err
    assert not findings(report)


def test_a_directive_shown_in_a_code_block_is_an_example_not_a_directive(tmp_path: Path) -> None:
    text = ("# Suppressions\n\nWrite this line above the paragraph:\n\n"
            "```markdown\n<!-- lint-corpus: disable-file -->\n```\n\n"
            f"This paragraph ends in spaces.{TRAILING}\n")
    (tmp_path / "doc.md").write_text(text, "utf-8")
    code, report, _ = report_of(tmp_path, "check", tmp_path / "doc.md")
    assert code == 1
    assert findings(report) == [("doc.md", line_of(text, "This paragraph"), "LC203")]


TRUNCATED = "The council met on Tuesday and approved the\n"


def test_text_marker_line_suppresses_and_is_not_content(tmp_path: Path) -> None:
    # The marker line itself stops without a full stop: were it content, the document
    # would end "mid-sentence" on it.
    complete = "The council met on Tuesday and approved the budget.\n"
    (tmp_path / "complete.txt").write_text(complete + "lint-corpus: disable-file=LC203\n",
                                           "utf-8")
    (tmp_path / "cut.txt").write_text(TRUNCATED + "lint-corpus: disable-file=LC101\n", "utf-8")
    code, report, err = report_of(tmp_path, "check", tmp_path, "--select",
                                  "truncated-document,unused-suppression")
    assert code == 0, err
    assert not findings(report)
    code, report, _ = report_of(tmp_path, "check", tmp_path / "cut.txt", "--select", "LC101")
    assert code == 0  # the same file: suppressed, not merely unflagged
    (tmp_path / "cut.txt").write_text(TRUNCATED, "utf-8")
    code, report, _ = report_of(tmp_path, "check", tmp_path / "cut.txt", "--select", "LC101")
    assert [c for _, _, c in findings(report)] == ["LC101"]


def test_fix_keeps_marker_lines_and_fixes_around_them(tmp_path: Path) -> None:
    text = (f"First paragraph with spaces.{TRAILING}\n\n"
            f"lint-corpus: disable-next-line=bad-whitespace\n"
            f"Kept as it is.{TRAILING}\n\n"
            f"Last paragraph with spaces.{TRAILING}\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, "utf-8")
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE, "--out", tmp_path / "out")
    assert code == 0, err
    fixed = (tmp_path / "out" / "a.txt").read_text("utf-8")
    assert fixed == text.replace(f"paragraph with spaces.{TRAILING}", "paragraph with spaces.")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


RECORDS = [
    {"id": "plain", "text": f"Spaces at the end.{TRAILING}\n"},
    {"id": "by-code", "text": f"Spaces at the end.{TRAILING}\n", "lint_ignore": ["LC203"]},
    {"id": "by-name", "text": f"Spaces at the end.{TRAILING}\n",
     "lint_ignore": ["bad-whitespace"]},
    {"id": "all", "text": f"Spaces at the end.{TRAILING}\n", "lint_ignore": "all"},
]


def test_jsonl_ignore_field_by_code_name_or_all(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "shard.jsonl", RECORDS)
    code, report, err = report_of(tmp_path, "check", tmp_path / "shard.jsonl")
    assert code == 1, err
    assert findings(report) == [("shard.jsonl[0]", 1, "LC203")]


def test_ignore_field_named_on_the_command_line_or_in_the_config(tmp_path: Path) -> None:
    renamed = [{("skip" if k == "lint_ignore" else k): v for k, v in r.items()} for r in RECORDS]
    write_jsonl(tmp_path / "shard.jsonl", renamed)
    code, report, _ = report_of(tmp_path, "check", tmp_path / "shard.jsonl")
    assert len(findings(report)) == len(RECORDS)  # the default field is not there
    code, report, err = report_of(tmp_path, "check", tmp_path / "shard.jsonl",
                                  "--ignore-field", "skip")
    assert findings(report) == [("shard.jsonl[0]", 1, "LC203")], err
    (tmp_path / "lint-corpus.toml").write_text('ignore-field = "skip"\n', "utf-8")
    code, out, err = run("check", tmp_path / "shard.jsonl", "--config",
                         tmp_path / "lint-corpus.toml")
    assert code == 1, err
    assert out.count("LC203") == 1


def test_an_ignore_field_that_is_not_a_list_is_named_without_a_traceback(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "shard.jsonl", [{"id": 1, "text": "Fine.\n", "lint_ignore": 5}])
    code, _, err = run("check", tmp_path / "shard.jsonl", *LAYOUT_WHITESPACE)
    assert code == 2
    assert "lint_ignore" in err and "Traceback" not in err


def test_parquet_ignore_column(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({
        "id": [r["id"] for r in RECORDS],
        "text": [r["text"] for r in RECORDS],
        "lint_ignore": [r.get("lint_ignore") if isinstance(r.get("lint_ignore"), list)
                        else None for r in RECORDS],
    })
    pq.write_table(table, tmp_path / "shard.parquet")
    code, report, err = report_of(tmp_path, "check", tmp_path / "shard.parquet")
    assert code == 1, err
    # The "all" row has no list in this column, so it is flagged with the plain one.
    assert [where for where, _, _ in findings(report)] == ["shard.parquet[0]", "shard.parquet[3]"]


def test_unused_suppressions_are_reported_and_fix_removes_them(tmp_path: Path) -> None:
    text = ("# Notes\n\n"
            "<!-- lint-corpus: disable-next-line=LC203,truncated-document -->\n"
            f"Spaces at the end.{TRAILING}\n\n"
            "<!-- lint-corpus: disable-next-line=bad-whitespace -->\n"
            "A clean paragraph.\n\n"
            "The last paragraph ends properly.\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text(text, "utf-8")
    code, report, _ = report_of(tmp_path, "check", tmp_path / "in")
    assert code == 1
    assert sorted(findings(report)) == [
        ("notes.md", line_of(text, "LC203,truncated"), "LC001"),
        ("notes.md", line_of(text, "=bad-whitespace"), "LC001"),
    ]
    code, _, err = run("fix", tmp_path / "in", *LAYOUT_WHITESPACE, "--out", tmp_path / "out")
    assert code == 0, err
    fixed = (tmp_path / "out" / "notes.md").read_text("utf-8")
    assert fixed == ("# Notes\n\n<!-- lint-corpus: disable-next-line=LC203 -->\n"
                     f"Spaces at the end.{TRAILING}\n\nA clean paragraph.\n\n"
                     "The last paragraph ends properly.\n")
    code, _, err = run("check", tmp_path / "out", *LAYOUT_WHITESPACE)
    assert code == 0, err


def test_unused_is_not_claimed_for_rules_that_did_not_run(tmp_path: Path) -> None:
    text = f"<!-- lint-corpus: disable-next-line=LC203 -->\nSpaces.{TRAILING}\n"
    (tmp_path / "a.md").write_text(text, "utf-8")
    code, _, err = run("check", tmp_path / "a.md", *LAYOUT_WHITESPACE, "--select", "LC101,LC001")
    assert code == 0, err


NOTES = (f"The council approved the budget on Tuesday after a long debate.{TRAILING}\n"
         "Related articles:\n"
         "Council delays vote on the new bus lanes\n"
         "Mayor promises cheaper tickets for students\n"
         "Tram extension faces fresh objections\n"
         "The budget now goes to the regional parliament, which votes on it next month.\n"
         "Officials said they were confident it would pass without major changes.\n\n"
         "- first item\n"
         f"- second item{TRAILING}\n\n"
         "The mayor said the vote was a\n")


def _rendered(markdown_text: str) -> str:
    """The HTML a Markdown renderer makes of the text, without lint-corpus comments."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(markdown_text)
    return re.sub(r"<!-- lint-corpus:[^>]*-->\n", "", html)


@pytest.mark.parametrize("name", ["notes.md", "notes.txt"])
def test_add_noqa_suppresses_todays_findings_and_nothing_else(tmp_path: Path,
                                                              name: str) -> None:
    path = tmp_path / name
    path.write_text(NOTES, "utf-8")
    code, report, _ = report_of(tmp_path, "check", path)
    assert code == 1 and findings(report)
    code, _, err = run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert code == 0, err
    assert "suppressions added to 1 file" in err
    written = path.read_text("utf-8")
    # Every original line is still there, in order, and only directive lines were added.
    added = [line for line in written.splitlines() if line not in NOTES.splitlines()]
    assert added and all("lint-corpus:" in line for line in added)
    assert [line for line in written.splitlines() if line not in added] == NOTES.splitlines()
    if name.endswith(".md"):
        assert _rendered(written) == _rendered(NOTES)
    code, report, err = report_of(tmp_path, "check", path)
    assert code == 0, err
    assert not findings(report)
    run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert path.read_text("utf-8") == written  # nothing left to add
    code, _, err = run("fix", path, *LAYOUT_WHITESPACE, "--in-place")
    assert code == 0, err
    assert path.read_text("utf-8") == written  # fix removes no used suppression


def test_add_noqa_writes_the_record_ignore_field(tmp_path: Path) -> None:
    records = [{"id": 1, "text": f"Spaces.{TRAILING}\n", "source": "web"},
               {"id": 2, "text": "Clean text.\n"},
               {"id": 3, "text": f"Spaces.{TRAILING}\n", "lint_ignore": ["LC101"]}]
    write_jsonl(tmp_path / "shard.jsonl", records)
    code, _, err = run("check", tmp_path / "shard.jsonl", *LAYOUT_WHITESPACE, "--add-noqa")
    assert code == 0, err
    written = [json.loads(line) for line in
               (tmp_path / "shard.jsonl").read_text("utf-8").splitlines()]
    assert [r.get("lint_ignore") for r in written] == [["LC203"], None, ["LC101", "LC203"]]
    assert [{k: v for k, v in r.items() if k != "lint_ignore"} for r in written] == \
        [{k: v for k, v in r.items() if k != "lint_ignore"} for r in records]
    code, out, err = run("check", tmp_path / "shard.jsonl", *LAYOUT_WHITESPACE)
    # Only the stale LC101 of record 3 is left: reported as unused.
    assert code == 1, err
    assert "LC001" in out and "LC203" not in out


@pytest.mark.parametrize("extra", [["--baseline", "b.json"], ["--statistics"]])
def test_add_noqa_refuses_what_it_cannot_combine_with(tmp_path: Path, extra: list[str]) -> None:
    (tmp_path / "a.txt").write_text(TRUNCATED, "utf-8")
    code, _, err = run("check", tmp_path / "a.txt", *LAYOUT_WHITESPACE, "--add-noqa", *extra)
    assert code == 2
    assert "--add-noqa" in err and "Traceback" not in err
    assert (tmp_path / "a.txt").read_text("utf-8") == TRUNCATED


def test_add_noqa_adds_the_ignore_column_to_a_parquet_file(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    dirty = f"Spaces.{TRAILING}\n"
    texts = ["Clean text.\n", "Also clean.\n", dirty, "Clean again.\n", dirty]
    table = pa.table({"id": list(range(len(texts))), "text": texts,
                      "source": ["web", None, "book", "web", "news"]}).replace_schema_metadata(
        {"origin": "crawl"})
    path = tmp_path / "shard.parquet"
    # Row groups of two: the first one has no finding, so it is written before the column is.
    pq.write_table(table, path, row_group_size=2)
    code, _, err = run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert code == 0, err
    written = pq.read_table(path)
    assert written.column("lint_ignore").to_pylist() == [None, None, ["LC203"], None, ["LC203"]]
    assert written.schema.field("lint_ignore").nullable
    assert written.drop_columns(["lint_ignore"]).equals(table)
    assert written.schema.metadata == table.schema.metadata
    assert pq.ParquetFile(path).num_row_groups == 3
    code, report, err = report_of(tmp_path, "check", path)
    assert code == 0, err
    assert not findings(report)
    after = path.read_bytes()
    code, _, err = run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert code == 0, err
    assert path.read_bytes() == after  # nothing left to add
    code, _, err = run("fix", path, *LAYOUT_WHITESPACE, "--in-place")
    assert code == 0, err
    assert path.read_bytes() == after  # fix leaves the suppressed rows as they are


def test_add_noqa_extends_a_parquet_ignore_column(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    dirty = f"Spaces.{TRAILING}\n"
    table = pa.table({"id": [1, 2, 3, 4], "text": [dirty, dirty, "Clean text.\n", dirty],
                      "lint_ignore": [None, ["LC101"], ["LC101"], ["LC203"]]})
    path = tmp_path / "shard.parquet"
    pq.write_table(table, path)
    code, _, err = run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert code == 0, err
    written = pq.read_table(path)
    # Existing entries kept first, today's code appended once; a clean row keeps its value.
    assert written.column("lint_ignore").to_pylist() == \
        [["LC203"], ["LC101", "LC203"], ["LC101"], ["LC203"]]
    assert written.drop_columns(["lint_ignore"]).equals(table.drop_columns(["lint_ignore"]))
    code, out, err = run("check", path, *LAYOUT_WHITESPACE)
    # Only the stale LC101 suppressions are left: reported as unused.
    assert code == 1, err
    assert "LC001" in out and "LC203" not in out
    after = path.read_bytes()
    run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert path.read_bytes() == after


def test_add_noqa_keeps_a_parquet_ignore_column_of_strings_a_string(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    dirty = f"Spaces.{TRAILING}\n"
    path = tmp_path / "shard.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": [dirty, dirty, dirty],
                             "lint_ignore": [None, "LC101", "all"]}), path, compression="zstd")
    code, _, err = run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert code == 0, err
    assert pq.read_table(path).column("lint_ignore").to_pylist() == \
        ["LC203", "LC101, LC203", "all"]
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    code, out, err = run("check", path, *LAYOUT_WHITESPACE)
    assert "LC203" not in out, err


def test_add_noqa_names_a_parquet_ignore_column_it_cannot_extend(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "shard.parquet"
    pq.write_table(pa.table({"id": [1], "text": [f"Spaces.{TRAILING}\n"],
                             "lint_ignore": [7]}), path)
    before = path.read_bytes()
    code, _, err = run("check", path, *LAYOUT_WHITESPACE, "--add-noqa")
    assert code != 0
    assert "lint_ignore" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_fix_leaves_suppressed_records_as_they_are(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "shard.jsonl", RECORDS)
    code, _, err = run("fix", tmp_path / "shard.jsonl", *LAYOUT_WHITESPACE,
                       "--out", tmp_path / "out")
    assert code == 0, err
    written = [json.loads(line) for line in
               (tmp_path / "out" / "shard.jsonl").read_text("utf-8").splitlines()]
    assert written[0]["text"] == RECORDS[0]["text"].rstrip(" \n") + "\n"
    assert written[1:] == RECORDS[1:]
