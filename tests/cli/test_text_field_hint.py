"""A ``--text-field`` that names no field of the records: one line per file, not one per
record, naming the fields the records have and the closest one that holds text."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fakes import run

RECORDS = 2000


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the folder holding the shards: messages name them as they open from there."""
    monkeypatch.chdir(tmp_path)


def write_shard(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records),
                    encoding="utf-8")
    return path


def shard_records(text_field: str, count: int = RECORDS) -> list[dict[str, object]]:
    return [{"doc_id": str(i), "url": f"https://example.org/{i}", "lang": "en",
             text_field: f"Document {i} is whole."} for i in range(count)]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("lint-corpus: error:")]


def test_wrong_text_field_is_said_once_per_file_with_the_closest_field(tmp_path: Path) -> None:
    first = write_shard(tmp_path / "a.jsonl", shard_records("raw_text"))
    second = write_shard(tmp_path / "b.jsonl", shard_records("raw_text", 3))
    code, _, err = run("check", first, second)
    errors = error_lines(err)
    assert code == 2
    assert len(errors) == 2, err
    assert errors[0].startswith(f"lint-corpus: error: a.jsonl: {RECORDS} records (lines 1, 2, 3")
    assert errors[1].startswith("lint-corpus: error: b.jsonl: 3 records (lines 1, 2, 3)")
    for line in errors:
        assert "text field 'text' is missing" in line
        assert "doc_id, lang, raw_text, url" in line
        assert line.endswith("did you mean --text-field raw_text?)")


def test_the_json_report_still_lists_every_record(tmp_path: Path) -> None:
    shard = write_shard(tmp_path / "a.jsonl", shard_records("body", 5))
    report = tmp_path / "report.json"
    code, _, err = run("check", shard, "--report", report)
    assert code == 2 and len(error_lines(err)) == 1
    errors = json.loads(report.read_text(encoding="utf-8"))["errors"]
    assert [error["record"] for error in errors] == [0, 1, 2, 3, 4]


def test_no_suggestion_when_no_field_is_close(tmp_path: Path) -> None:
    shard = write_shard(tmp_path / "a.jsonl", shard_records("body", 2))
    _, _, err = run("check", shard)
    (line,) = error_lines(err)
    assert "the record has: body, doc_id, lang, url)" in line
    assert "did you mean" not in line


def test_a_field_that_is_not_text_is_not_suggested(tmp_path: Path) -> None:
    records = [{"text_length": 12, "full_text": "A whole document."}]
    shard = write_shard(tmp_path / "a.jsonl", records)
    _, _, err = run("check", shard)
    assert "did you mean --text-field full_text?" in err


def test_only_the_records_without_the_field_are_grouped(tmp_path: Path) -> None:
    records = [*shard_records("text", 2), *shard_records("content", 4)]
    shard = write_shard(tmp_path / "a.jsonl", records)
    code, _, err = run("check", shard)
    (line,) = error_lines(err)
    assert code == 2
    assert line.startswith("lint-corpus: error: a.jsonl: 4 records (lines 3, 4, 5, …): ")
    assert "2 documents" in err


def test_a_single_bad_record_keeps_its_own_line(tmp_path: Path) -> None:
    records = [*shard_records("text", 2), *shard_records("content", 1)]
    shard = write_shard(tmp_path / "a.jsonl", records)
    _, _, err = run("check", shard)
    (line,) = error_lines(err)
    assert line.startswith("lint-corpus: error: a.jsonl[2]: line 3: text field 'text' is missing")


def test_parquet_names_its_columns_and_the_closest(tmp_path: Path) -> None:
    source = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["1"], "Text": ["A whole document."], "n": [3]}), source)
    code, _, err = run("check", source)
    assert code == 2
    assert "no column 'text' (columns: Text, id, n; did you mean --text-field Text?)" in err
