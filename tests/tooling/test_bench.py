"""The benchmark corpus generator and the benchmark's measurement helpers (no timings).

The generator runs on a small fake source set (pool, seeds, dev cases) built in a temporary
folder, so these tests need neither the shared corpora nor more than a second.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
import regex

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
import benchmark  # noqa: E402
import make_corpus  # noqa: E402
import references  # noqa: E402

ZH = "记者从有关部门获悉，这项工程预计将于明年年底前全面完工并投入使用。"
EN = "The committee said on Tuesday that the new rules would take effect next year."


def fake_sources(root: Path) -> make_corpus.Sources:
    """Forty pool documents (one a copy of a seed, which must be skipped), two seeds and a dev
    set with one case in a language the corpus leaves out."""
    root.mkdir(parents=True)
    pool = root / "pool.jsonl.gz"
    with gzip.open(pool, "wt", encoding="utf-8") as stream:
        for i in range(40):
            zh = i % 2 == 0
            paragraph = (ZH if zh else EN) + f" {i}"
            text = "\n".join([f"标题第{i}号新闻报道" if zh else f"Headline number {i} here",
                              *(f"{paragraph} {paragraph} ({j})" for j in range(4))]) + "\n"
            record = {"src": "news" if zh else "blog", "lang": "zh" if zh else "en",
                      "kind": "article", "title": "", "url": f"https://example.org/{i}",
                      "text": text.replace("\n", "\x00\n", 1) if i == 3 else text}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        stream.write(json.dumps({"src": "seeds", "lang": "en", "kind": "article", "title": "",
                                 "url": "seed-copy", "text": EN}) + "\n")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "000_zh.txt").write_text("".join(f"{ZH}{ZH}{j}\n" for j in range(5)), "utf-8")
    (seeds / "001_en.txt").write_text("".join(f"{EN} ({j})\n" for j in range(5)), "utf-8")
    dev = root / "dev"
    (dev / "cases").mkdir(parents=True)
    cases = [("a1", "en", EN * 3), ("b2", "zh", ZH * 3), ("c3", "de", "Der Ausschuss sagte.")]
    with (dev / "manifest.jsonl").open("w", encoding="utf-8") as stream:
        for case_id, language, text in cases:
            (dev / "cases" / f"{case_id}.txt").write_text(text + "\n", "utf-8")
            stream.write(json.dumps({"id": case_id, "path": f"cases/{case_id}.txt",
                                     "language": language,
                                     "source_url": f"dev:{case_id}"}) + "\n")
    return make_corpus.Sources(pool=pool, seeds=seeds, dev=dev)


@pytest.fixture()
def sources(tmp_path: Path) -> make_corpus.Sources:
    return fake_sources(tmp_path / "sources")


def build(out: Path, sources: make_corpus.Sources, size_mb: float = 0.2,
          **options: Any) -> make_corpus.Manifest:
    return make_corpus.build(size_mb, out, sources=sources, **options)


def read_records(out: Path, manifest: make_corpus.Manifest) -> list[dict[str, Any]]:
    records = []
    for shard in manifest.shards:
        with (out / shard.path).open(encoding="utf-8") as stream:
            records += [json.loads(line) for line in stream]
    return records


def corpus_bytes(out: Path, manifest: make_corpus.Manifest) -> bytes:
    return b"".join((out / shard.path).read_bytes() for shard in manifest.shards)


def test_same_settings_give_identical_bytes_and_another_seed_does_not(
        tmp_path: Path, sources: make_corpus.Sources) -> None:
    first = build(tmp_path / "a", sources)
    second = build(tmp_path / "b", sources)
    other = build(tmp_path / "c", sources, seed=7)
    assert corpus_bytes(tmp_path / "a", first) == corpus_bytes(tmp_path / "b", second)
    assert corpus_bytes(tmp_path / "a", first) != corpus_bytes(tmp_path / "c", other)
    assert ((tmp_path / "a" / "manifest.json").read_bytes()
            == (tmp_path / "b" / "manifest.json").read_bytes())


def test_records_are_valid_jsonl_with_pass_through_fields(
        tmp_path: Path, sources: make_corpus.Sources) -> None:
    manifest = build(tmp_path / "c", sources)
    records = read_records(tmp_path / "c", manifest)
    assert len(records) == manifest.docs
    for record in records:
        assert set(record) == {"id", "text", "src", "lang", "url", "planted"}
        assert record["text"].strip() and "\x00" not in record["text"]
        assert record["lang"] in ("zh", "en")
    assert len({record["id"] for record in records}) == len(records)
    sources_seen = {record["src"] for record in records}
    assert sources_seen == {"news", "blog", "seeds", "dev"}
    assert "seed-copy" not in {record["url"] for record in records}
    # The German dev case is left out: the corpus is a zh/en mix.
    assert "dev:c3" not in {record["url"] for record in records}
    assert {record["url"] for record in records if record["src"] == "dev"} == {"dev:a1", "dev:b2"}


def test_every_document_is_used_before_any_is_repeated(
        tmp_path: Path, sources: make_corpus.Sources) -> None:
    manifest = build(tmp_path / "c", sources)
    urls = [record["url"] for record in read_records(tmp_path / "c", manifest)]
    distinct = len(set(urls))
    assert distinct == 40 + 2 + 2  # pool (its seed copy left out), seeds, zh/en dev cases
    assert len(set(urls[:distinct])) == distinct
    assert len(urls) > 2 * distinct  # so the repetition was exercised


def test_size_and_shards_reach_their_targets(tmp_path: Path,
                                            sources: make_corpus.Sources) -> None:
    manifest = build(tmp_path / "c", sources, size_mb=0.3, shard_mb=0.1)
    lines = (corpus_bytes(tmp_path / "c", manifest)).splitlines(keepends=True)
    longest = max(len(line) for line in lines)
    assert 300_000 <= manifest.bytes < 300_000 + longest
    assert manifest.bytes == sum((tmp_path / "c" / s.path).stat().st_size
                                 for s in manifest.shards)
    assert len(manifest.shards) >= 3
    for shard in manifest.shards[:-1]:
        assert 100_000 <= shard.bytes < 100_000 + longest
    assert sum(shard.docs for shard in manifest.shards) == manifest.docs == len(lines)


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path: Path,
                                                     sources: make_corpus.Sources) -> None:
    small = build(tmp_path / "small", sources, size_mb=0.1)
    large = build(tmp_path / "large", sources, size_mb=0.3)
    assert corpus_bytes(tmp_path / "large", large).startswith(
        corpus_bytes(tmp_path / "small", small))


def test_planted_defects_are_in_the_text(tmp_path: Path,
                                         sources: make_corpus.Sources) -> None:
    originals = {doc.url: doc.text for doc in make_corpus.load_sources(sources)}
    manifest = build(tmp_path / "c", sources, size_mb=0.5, defect_rate=0.5)
    records = read_records(tmp_path / "c", manifest)
    planted = [record for record in records if record["planted"]]
    assert 0.4 < len(planted) / len(records) < 0.6
    assert set(manifest.by_defect) == set(make_corpus.DEFECTS)
    assert sum(manifest.by_defect.values()) == len(planted)
    for record in records:
        original, text = originals[record["url"]], record["text"]
        kind = record["planted"]
        if kind is None:
            assert text == original
        elif kind == "empty-bullet":
            assert text.startswith(original.rstrip())
            assert text.rstrip().rsplit("\n", 1)[-1] in ("•", "-", "*", "1.")
        elif kind == "cut-sentence":
            assert original.startswith(text) and len(text) < len(original.rstrip())
        elif kind == "repeated-paragraph":
            added = Counter(text.split("\n")) - Counter(original.split("\n"))
            assert len(text) > len(original)
            assert added and all(line in original for line in added)
        else:
            assert text.startswith(original.rstrip())
            assert any(marker in text[len(original.rstrip()):] for marker in (
                "更多文章", "相关阅读", "相关新闻", "Related", "More stories"))


def test_ensure_reuses_a_matching_corpus_and_rebuilds_a_different_one(
        tmp_path: Path, sources: make_corpus.Sources, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "c"
    built = build(out, sources, size_mb=0.1)
    monkeypatch.setattr(make_corpus, "load_sources", lambda *_: pytest.fail("rebuilt"))
    assert make_corpus.ensure(0.1, out) == built
    monkeypatch.undo()
    (out / built.shards[0].path).write_bytes(b"truncated\n")
    assert make_corpus.existing(out, 0.1) is None
    assert make_corpus.existing(out, 0.2) is None


def test_text_format_writes_the_same_documents_as_files(tmp_path: Path,
                                                       sources: make_corpus.Sources) -> None:
    # JSON escapes and the metadata make a record longer than its text: build more JSONL.
    jsonl = build(tmp_path / "j", sources, size_mb=0.1)
    texts = [record["text"] for record in read_records(tmp_path / "j", jsonl)]
    txt = build(tmp_path / "t", sources, size_mb=0.05, fmt="txt")
    files = sorted((tmp_path / "t").rglob("*.txt"))
    assert len(files) == txt.docs <= len(texts)
    assert txt.bytes == sum(path.stat().st_size for path in files)
    assert [path.read_text("utf-8") for path in files] == texts[: txt.docs]


def test_datatrove_prefix_takes_whole_shards_until_the_limit(
        tmp_path: Path, sources: make_corpus.Sources) -> None:
    manifest = build(tmp_path / "c", sources, size_mb=0.3, shard_mb=0.1)
    shards, docs = benchmark.prefix(tmp_path / "c", manifest, 0.15)
    assert [path.name for path in shards] == [s.path for s in manifest.shards[:2]]
    assert docs == manifest.shards[0].docs + manifest.shards[1].docs
    one, _ = benchmark.prefix(tmp_path / "c", manifest, 0.01)
    assert len(one) == 1
    every, docs = benchmark.prefix(tmp_path / "c", manifest, None)
    assert len(every) == len(manifest.shards) and docs == manifest.docs


def row(size: float, step: str, cpu: float, wall: float, peak: float) -> benchmark.Row:
    return benchmark.Row(size, step, step, 100.0, 1000, cpu, wall, peak, peak, 1, None)


def test_ratios_are_the_issue_targets() -> None:
    rows = [row(100, "regex", 2, 2, 20), row(100, "datatrove", 200, 200, 300),
            row(100, "check", 10, 10, 100), row(100, "check-jobs", 11, 6, 150),
            row(100, "fix", 12, 12, 110), row(1000, "check", 50, 50, 110)]
    found = {(r.size, r.name): r.value for r in benchmark.ratios(rows)}
    assert found[(100, "check / datatrove throughput (MB per CPU s)")] == pytest.approx(20)
    assert found[(100, "check / regex line scan CPU time (per MB)")] == pytest.approx(5)
    assert found[(100, "fix / check CPU time (per MB)")] == pytest.approx(1.2)
    assert found[(100, "check --jobs speed-up (wall)")] == pytest.approx(10 / 6)
    assert found[(None, "check peak RSS 1000 MB / 100 MB corpus")] == pytest.approx(1.1)
    # The larger size is compared with the datatrove rate measured on the smaller one.
    assert found[(1000, "check / datatrove throughput (MB per CPU s)")] == pytest.approx(4)
    assert not any(name.startswith("fix --jobs") for _, name in found)
    with_eight = {(r.size, r.name): r for r in benchmark.ratios(
        [*rows, row(100, "regex8", 7, 7, 20)])}
    eight = with_eight[(100, "8-regex / 1-regex line scan CPU time (per MB)")]
    assert eight.value == pytest.approx(3.5)
    assert "(target" not in eight.line()  # context for the targets, not one of its own


def test_the_length_ratio_compares_the_longest_documents_with_the_shortest() -> None:
    rows = [row(20, "check", 10, 10, 100), row(20, "floor", 1, 1, 20),
            benchmark.Row(8, "length:100", "check, 100 KB documents", 8.0, 80, 4, 4, 90, 90, 1,
                          None),
            benchmark.Row(8, "length:4000", "check, 4000 KB documents", 8.0, 2, 6, 6, 200, 200,
                          1, None)]
    found = {(r.size, r.name): r.value for r in benchmark.ratios(rows)}
    assert found[(None, "cost per MB, 4000 KB documents / 100 KB documents")] == \
        pytest.approx(1.5)
    assert found[(20, "check / floor CPU time (per MB)")] == pytest.approx(10)
    assert found[(20, "check throughput (MB per CPU s)")] == pytest.approx(10)
    # The length rows are not a corpus size: no peak-RSS ratio across sizes comes from them.
    assert not any("peak RSS" in name for _, name in found)


def test_length_documents_hold_the_distinct_texts_at_the_length(
        tmp_path: Path, sources: make_corpus.Sources) -> None:
    corpus = build(tmp_path / "corpus", sources, size_mb=0.05)
    texts = list(dict.fromkeys(r["text"] for r in read_records(tmp_path / "corpus", corpus)))
    lengths = make_corpus.build_lengths(tmp_path / "corpus", corpus, 2.0,
                                        tmp_path / "lengths")
    docs = [r["text"] for r in read_records(tmp_path / "lengths", lengths)]
    assert len(docs) == lengths.docs > 3
    # Every document but the last reaches the length and passes it by less than one line.
    for text in docs[:-1]:
        size = len(text.encode("utf-8")) + 1
        assert 2000 <= size < 2000 + max(len(line.encode("utf-8")) + 1
                                         for line in text.split("\n"))
    # Nothing lost, nothing repeated: the documents joined are the texts, a blank line apart.
    assert "\n".join(docs) == "\n".join(f"{text}\n" for text in texts)
    again = make_corpus.build_lengths(tmp_path / "corpus", corpus, 2.0, tmp_path / "lengths")
    assert again == lengths  # reused, not rebuilt


def test_update_readme_rewrites_only_the_marked_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{benchmark.README_START}\nold table\n"
                      f"{benchmark.README_END}\n\nAfter.\n", "utf-8")
    benchmark.update_readme(readme, "| new | table |")
    assert readme.read_text("utf-8") == (f"# Title\n\n{benchmark.README_START}\n| new | table |\n"
                                         f"{benchmark.README_END}\n\nAfter.\n")
    unmarked = tmp_path / "OTHER.md"
    unmarked.write_text("# No markers\n", "utf-8")
    with pytest.raises(SystemExit, match="markers"):
        benchmark.update_readme(unmarked, "| new | table |")
    assert unmarked.read_text("utf-8") == "# No markers\n"


def test_the_eight_rule_reference_runs_every_pattern_on_every_line(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    lines = ["Related Articles", "<b>bold</b> text", "trailing space ", "2024-05-01 news",
             "an ending."]
    shard.write_bytes(orjson.dumps({"text": "\n".join(lines)}) + b"\n")
    one = references.run("regex", [shard], tmp_path / "one")
    eight = references.run("regex8", [shard], tmp_path / "eight")
    assert one["count"] == 1  # the marker line
    # Each line that has no final period matches the truncation test, plus its own rule's.
    expected = sum(1 for line in lines for p in references.PER_RULE_PATTERNS
                   if regex.search(p, line))
    assert eight["count"] == expected >= 8
    assert (tmp_path / "eight" / "s.jsonl").read_bytes() == shard.read_bytes()


def run_tree_isolated(argv: list[str], tmp_path: Path) -> Any:
    """``benchmark.run_tree`` in a fresh driver process, as the benchmark runs it: it makes
    its process a subreaper and reaps every child, which inside pytest would include the
    processes other tests left running (a Ray instance, pool workers)."""
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import benchmark; "
            "from pathlib import Path; "
            "t = benchmark.run_tree(json.loads(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]));"
            " print(json.dumps(vars(t)))")
    done = subprocess.run([sys.executable, "-c", code, str(BENCH), json.dumps(argv),
                           str(tmp_path / "out"), str(tmp_path / "err")],
                          capture_output=True, text=True, check=True)
    return benchmark.Tree(**json.loads(done.stdout.strip().splitlines()[-1]))


def test_run_tree_counts_the_memory_of_concurrent_children(tmp_path: Path) -> None:
    """Two children holding ~100 MB at once: the tree's peak is their sum, the largest
    process's peak one of them."""
    # Each child allocates, then waits for the other before holding on: on a loaded machine
    # two children started one after the other might otherwise never hold memory together.
    barrier = tmp_path / "ready"
    barrier.mkdir()
    hold = ("import os, sys, time; b = bytearray(100 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
            f"open(os.path.join({str(barrier)!r}, str(os.getpid())), 'w').close(); "
            f"[time.sleep(0.05) for _ in range(600) if len(os.listdir({str(barrier)!r})) < 2]; "
            "time.sleep(1.5)")
    script = (f"import subprocess, sys; ps = [subprocess.Popen([sys.executable, '-c', {hold!r}])"
              " for _ in range(2)]; [p.wait() for p in ps]")
    tree = run_tree_isolated([sys.executable, "-c", script], tmp_path)
    assert tree.code == 0
    assert 100 <= tree.max_process_mb < 150
    assert tree.peak_mb >= 190
    assert tree.processes >= 3
    assert tree.cpu > 0


def test_run_tree_waits_for_orphans_and_counts_their_cpu(tmp_path: Path) -> None:
    """A grandchild left behind by its parent (as a forkserver pool's workers are) is waited
    for, and its CPU time is part of the step's."""
    done = tmp_path / "grandchild.json"
    burn = ("import json, resource, sys, time; sum(i * i for i in range(2_000_000)); "
            "time.sleep(0.3); u = resource.getrusage(resource.RUSAGE_SELF); "
            f"open({str(done)!r}, 'w').write(json.dumps(u.ru_utime + u.ru_stime))")
    script = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {burn!r}])"
    tree = run_tree_isolated([sys.executable, "-c", script], tmp_path)
    assert tree.code == 0
    assert done.exists(), "run_tree returned before the orphaned grandchild exited"
    assert tree.cpu >= json.loads(done.read_text())
    assert tree.processes >= 2
