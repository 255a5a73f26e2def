"""Corpus formats end to end: JSONL (plain, gzip, zstd), Parquet and HTML through the CLI.

Round trips keep every other field and the compression, malformed records are reported with
their line and kept or skipped as asked, and the report names records by path, index and id.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from fakes import DyingRule, JunkLine, LoudLine, run

from lint_corpus import cli, progress
from lint_corpus import corpus as corpus_module
from lint_corpus import registry as registry_module
from lint_corpus.corpus.html import extract_text
from lint_corpus.corpus.plain import PlainFormat
from lint_corpus.report import validate
from lint_corpus.sources import discover

RECORDS: list[dict[str, Any]] = [
    {"id": "a", "text": "Keep.\nJUNK\nAlso keep.\n", "lang": "en", "score": 0.5,
     "meta": {"tags": ["x", "y"], "n": 12345678901234567890}},
    {"id": 7, "text": "Clean text.\n", "lang": "zh", "score": 1e-7},
    {"text": "!! loud\nJUNK", "extra": None},
]


@pytest.fixture(autouse=True)
def test_rules(use_rules: Callable[..., None]) -> None:
    use_rules(LoudLine, JunkLine)


def jsonl_bytes(records: list[Any], extra_lines: dict[int, str] | None = None) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for position, line in sorted((extra_lines or {}).items()):
        lines.insert(position, line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def compress(data: bytes, suffix: str) -> bytes:
    if suffix.endswith(".gz"):
        return gzip.compress(data)
    if suffix.endswith(".zst"):
        return zstandard.ZstdCompressor().compress(data)
    return data


def decompress(data: bytes, suffix: str) -> bytes:
    if suffix.endswith(".gz"):
        assert data[:2] == b"\x1f\x8b", "output is not gzip"
        return gzip.decompress(data)
    if suffix.endswith(".zst"):
        assert data[:4] == b"\x28\xb5\x2f\xfd", "output is not zstd"
        return zstandard.ZstdDecompressor().stream_reader(data).read()
    return data


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_round_trip_keeps_fields_and_compression(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"shard{suffix}"
    raw = jsonl_bytes(RECORDS)
    given = compress(raw, suffix)
    source.write_bytes(given)
    code, out, err = run("fix", source, "--out", tmp_path / "out", "--report",
                         tmp_path / "r.json")
    assert code == 0, err  # every finding fixed
    written = decompress((tmp_path / "out" / source.name).read_bytes(), suffix)
    before = [json.loads(line) for line in raw.splitlines()]
    after = [json.loads(line) for line in written.splitlines()]
    assert [r["text"] for r in after] == ["Keep.\nAlso keep.\n", "Clean text.\n", "!! loud\n"]
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in old.items() if k != "text"} == \
            {k: v for k, v in new.items() if k != "text"}
    # A record no fix touched is written back byte for byte.
    assert written.splitlines()[1] == raw.splitlines()[1]
    assert source.read_bytes() == given  # the input is untouched

    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    validate(report)
    addresses = [(d["path"], d["record"], d["source_line"], d["id"])
                 for d in report["documents"]]
    assert addresses == [(source.name, 0, 1, "a"), (source.name, 1, 2, "7"),
                         (source.name, 2, 3, None)]
    assert f"{source.name}[2]:1:1: TX902 loud-line line shouts" in out


def test_malformed_lines_are_reported_and_kept_by_default(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    raw = jsonl_bytes(RECORDS, {1: '{"id": "broken", "text": ', 3: "", 4: '{"id": 9}',
                                5: "[1, 2]"})
    source.write_bytes(raw)
    code, _, err = run("fix", source, "--out", tmp_path / "out", "--report",
                       tmp_path / "r.json")
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("lint-corpus: error:")]
    assert len(errors) == 3
    assert "bad.jsonl[1]: line 2: not valid JSON" in errors[0]
    assert ("bad.jsonl[3]: line 5: text field 'text' is missing (the record has: id); "
            "kept as it is") in errors[1]
    assert "line 6: not a JSON object but an array" in errors[2]
    out_lines = (tmp_path / "out" / "bad.jsonl").read_bytes().splitlines()
    raw_lines = raw.splitlines()
    assert len(out_lines) == len(raw_lines)
    for number in (1, 3, 4, 5):  # malformed and blank lines copied as they are
        assert out_lines[number] == raw_lines[number]
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    validate(report)
    # Blank lines are not records: the line after one is record 3 on line 5.
    assert [(e["record"], e["source_line"]) for e in report["errors"]] == [(1, 2), (3, 5),
                                                                          (4, 6)]
    assert report["summary"]["documents"] == len(RECORDS) + 3


def test_malformed_lines_can_be_skipped(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes(jsonl_bytes(RECORDS, {0: "not json"}))
    code, _, err = run("fix", source, "--out", tmp_path / "out", "--malformed", "skip")
    assert code == 2
    assert "line 1: not valid JSON" in err and "skipped" in err
    lines = (tmp_path / "out" / "bad.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line).get("id") for line in lines] == ["a", 7, None]


def test_drop_empty_leaves_out_emptied_records(tmp_path: Path) -> None:
    source = tmp_path / "s.jsonl"
    source.write_bytes(jsonl_bytes([{"id": 1, "text": "JUNK"}, {"id": 2, "text": "Fine.\n"}]))
    run("fix", source, "--out", tmp_path / "kept")
    kept = (tmp_path / "kept" / "s.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["text"] for line in kept] == ["", "Fine.\n"]
    run("fix", source, "--out", tmp_path / "dropped", "--drop-empty")
    dropped = (tmp_path / "dropped" / "s.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in dropped] == [2]


def test_text_and_id_fields_are_configurable(tmp_path: Path) -> None:
    source = tmp_path / "s.jsonl"
    source.write_bytes(jsonl_bytes([{"doc_id": "x1", "content": "A.\nJUNK\n", "text": 3}]))
    code, out, _ = run("check", source, "--text-field", "content", "--id-field", "doc_id",
                       "--format", "json")
    assert code == 1
    document = json.loads(out)["documents"][0]
    assert document["id"] == "x1" and document["findings"][0]["code"] == "TX901"


def test_in_place_rewrites_only_changed_files(tmp_path: Path) -> None:
    changed, clean = tmp_path / "changed.jsonl.gz", tmp_path / "clean.jsonl"
    changed.write_bytes(gzip.compress(jsonl_bytes(RECORDS[:1])))
    clean_bytes = jsonl_bytes(RECORDS[1:2])
    clean.write_bytes(clean_bytes)
    clean_mtime = clean.stat().st_mtime_ns
    code, _, err = run("fix", tmp_path, "--in-place")
    assert code == 0 and err.endswith("1 file changed\n")
    assert json.loads(gzip.decompress(changed.read_bytes()))["text"] == "Keep.\nAlso keep.\n"
    assert clean.read_bytes() == clean_bytes and clean.stat().st_mtime_ns == clean_mtime
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_truncated_gzip_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "cut.jsonl.gz"
    source.write_bytes(gzip.compress(jsonl_bytes(RECORDS * 50))[:-40])
    code, _, err = run("fix", source, "--out", tmp_path / "out")
    assert code == 2 and "Traceback" not in err
    assert "cut.jsonl.gz: cannot decompress" in err
    assert not (tmp_path / "out" / "cut.jsonl.gz").exists()
    assert not list((tmp_path / "out").glob(".*.tmp"))


def parquet_table(texts: list[str | None]) -> Any:
    return pa.table({"id": [f"p{i}" for i in range(len(texts))], "text": texts,
                     "score": [float(i) for i in range(len(texts))]},
                    metadata={b"origin": b"test"})


def test_parquet_round_trip_by_row_group(tmp_path: Path) -> None:
    source = tmp_path / "t.parquet"
    texts: list[str | None] = ["Keep.\nJUNK\n", "Fine.\n", None, "JUNK", "Also fine.\n"]
    pq.write_table(parquet_table(texts), source, row_group_size=2, compression="zstd")
    code, _, err = run("fix", source, "--out", tmp_path / "out", "--report",
                       tmp_path / "r.json", "--drop-empty")
    assert code == 2  # the null text is reported
    assert "t.parquet[2]: record 2: text column 'text' is null" in err
    written = pq.ParquetFile(tmp_path / "out" / "t.parquet")
    table = written.read()
    assert table.column("text").to_pylist() == ["Keep.\n", "Fine.\n", None, "Also fine.\n"]
    assert table.column("id").to_pylist() == ["p0", "p1", "p2", "p4"]
    assert table.schema.metadata[b"origin"] == b"test"
    assert written.metadata.row_group(0).column(0).compression == "ZSTD"
    assert written.num_row_groups == 3
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    validate(report)
    assert [(d["record"], d["id"]) for d in report["documents"]] == [
        (0, "p0"), (1, "p1"), (3, "p3"), (4, "p4")]


def test_parquet_without_the_text_column_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "t.parquet"
    pq.write_table(pa.table({"body": ["x"]}), source)
    code, _, err = run("check", source)
    assert code == 2 and "no column 'text' (columns: body)" in err


def test_html_is_read_as_block_lines_and_fixed_to_txt(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title><style>p{}</style></head><body>"
                    "<h1>Title</h1><p>First <b>para</b>\n graph.</p><p>JUNK</p>"
                    "<ul><li><a href='/a'>One</a></li><li>Two</li></ul>"
                    "<script>var x = 1;</script></body></html>", "utf-8")
    code, out, _ = run("fix", page, "--out", tmp_path / "out")
    assert code == 0
    assert (tmp_path / "out" / "page.txt").read_text("utf-8") == \
        "Title\n\nFirst para graph.\n\n\nOne\nTwo\n"
    code, _, err = run("fix", page, "--in-place")
    assert code == 2 and "--in-place cannot rewrite HTML" in err
    assert "JUNK" in page.read_text("utf-8")


def test_html_extraction_keeps_blocks_and_drops_non_text() -> None:
    text = extract_text(b"<div>a<div>b</div>c</div><br>d<pre>x\n  y</pre><noscript>n</noscript>"
                        b"<!-- c --><table><tr><td>1</td><td>2</td></tr></table>")
    assert text == "a\nb\nc\nd\n\nx\n  y\n\n12\n"


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    records = [{"id": i, "text": f"Line {i}.\n" + ("JUNK\n" if i % 3 == 0 else "")
                + ("!! hey\n" if i % 5 == 0 else "")} for i in range(3000)]
    source.write_bytes(jsonl_bytes(records, {100: "{bad", 2000: ""}))
    (tmp_path / "plain.txt").write_text("Text.\nJUNK\n", "utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"out{jobs}"
        code, out, _ = run("fix", tmp_path / "big.jsonl", tmp_path / "plain.txt", "--out",
                           out_dir, "--report", tmp_path / f"r{jobs}.json", "--jobs", jobs)
        assert code == 2
        outputs.append((out, (tmp_path / f"r{jobs}.json").read_bytes(),
                        (out_dir / "big.jsonl").read_bytes(), (out_dir / "plain.txt").read_bytes()))
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0][1])["documents"]) == 3001


def test_ci_formats_name_records(
        tmp_path: Path, assert_valid_sarif: Callable[[dict[str, Any]], None]) -> None:
    source = tmp_path / "s.jsonl"
    source.write_bytes(jsonl_bytes(RECORDS))
    _, github, _ = run("check", source, "--format", "github")
    assert "::warning file=" in github and f"line=1,title=TX901 junk-line::{source.name}[0] " \
        "line 2: line is junk" in github.replace(str(source), source.name)
    _, sarif, _ = run("check", source, "--format", "sarif")
    assert_valid_sarif(json.loads(sarif))
    results = json.loads(sarif)["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert results[0]["message"]["text"] == "record 0 (id a), line 2: line is junk"
    _, junit, _ = run("check", source, "--format", "junit")
    assert "TX901 junk-line (record 0, line 2, column 1)" in junit


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_never_on_stdout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    source = tmp_path / "s.jsonl"
    source.write_bytes(jsonl_bytes(RECORDS * 20))
    out, err = io.StringIO(), Terminal()
    assert cli.main(["check", str(source), "--format", "json"], stdout=out, stderr=err) == 1
    json.loads(out.getvalue())  # stdout is the report and nothing else
    assert "docs/s" in err.getvalue() and "B/s" in err.getvalue()
    quiet = Terminal()
    cli.main(["check", str(source), "--quiet"], stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    cli.main(["check", str(source)], stdout=io.StringIO(), stderr=piped)
    assert "docs/s" not in piped.getvalue()


def test_a_dead_worker_is_a_clear_error_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [DyingRule])
    source = tmp_path / "s.jsonl"
    source.write_bytes(jsonl_bytes([{"id": i, "text": f"text {i}\n"} for i in range(50)]))
    code, _, err = run("fix", source, "--out", tmp_path / "out", "--jobs", "2")
    assert code == 2 and "Traceback" not in err
    assert "a worker process died" in err and "--jobs 1" in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# --- one declaration of each format's file names ------------------------------------------------

@pytest.mark.parametrize("fmt", corpus_module.all_formats(), ids=lambda fmt: fmt.name)
def test_a_format_is_chosen_and_discovered_by_the_suffixes_it_declares(
        tmp_path: Path, fmt: corpus_module.CorpusFormat) -> None:
    for number, suffix in enumerate(fmt.suffixes):
        name = f"doc{number}{suffix.upper() if number % 2 else suffix}"
        (tmp_path / name).write_bytes(b"")
        assert corpus_module.format_for(tmp_path / name) is fmt, name
    found, errors = discover([str(tmp_path)])
    assert errors == []
    assert len(found) == len(fmt.suffixes)
    assert all(corpus_module.format_for(source.path) is fmt for source in found)


def test_a_new_format_needs_only_its_declaration(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    class NotesFormat(PlainFormat):
        name = "notes"
        suffixes = (".notes",)
        description = ".notes"

    notes = NotesFormat()
    known = corpus_module.all_formats()
    monkeypatch.setattr(corpus_module, "all_formats", lambda: (*known, notes))
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.notes").write_text("Keep.\nJUNK\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    code, out, err = run("check", tmp_path / "corpus", "--isolated")
    assert code == 1, err
    assert "a.notes:2:1: TX901" in out
    code, _, err = run("check", tmp_path / "empty", "--isolated")
    assert code == 2
    assert "folder has no corpus file" in err and ".notes" in err and ".jsonl" in err
    assert ".notes" in corpus_module.describe_suffixes()


# --- never invalid UTF-8 -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["doc.txt", "shard.jsonl", "shard.jsonl.zst", "rows.parquet"])
def test_every_writer_writes_a_lone_surrogate_as_u_fffd(tmp_path: Path, name: str) -> None:
    # Through the format API: a fixed text holding a lone surrogate (a misbehaving plugin's
    # fix) cannot reach a writer through the CLI yet, as the report refuses it first.
    source = tmp_path / name
    if name.endswith(".txt"):
        source.write_text("Keep.\nJUNK\n", encoding="utf-8")
    elif name.endswith(".parquet"):
        pq.write_table(parquet_table(["Keep.\nJUNK\n"]), source)
    else:
        source.write_bytes(compress(jsonl_bytes([{"id": 1, "text": "Keep.\nJUNK\n"}]), name))
    fmt, fields = corpus_module.format_for(source), corpus_module.FieldOptions()
    written = tmp_path / "out" / name
    reader = fmt.reader(source, fields)
    writer = fmt.writer(source, written, fields, in_place=False)
    for item in reader.items():
        fixed = "Keep.\n\ud800\n"
        writer.write(item, fixed, fmt.encode(item, fmt.decode(item, fields), fixed, fields))
    reader.close()
    assert writer.commit()
    if name.endswith(".parquet"):
        texts = pq.read_table(written).column("text").to_pylist()
    else:
        raw = decompress(written.read_bytes(), name).decode("utf-8")  # strict
        texts = [json.loads(raw)["text"]] if ".jsonl" in name else [raw]
    assert texts == ["Keep.\n\ufffd\n"]
