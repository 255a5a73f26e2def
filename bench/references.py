"""The reference workloads that lint-corpus is timed against, each run as its own process.

    python bench/references.py STEP --out DIR SHARD.jsonl...

Steps:
  read       read every JSONL line and decode it with orjson; nothing is written
  floor      read + orjson decode + orjson encode + write each record to DIR (same shard names):
             the least any tool that rewrites a JSONL corpus must do
  regex      the floor plus one ``regex`` search on every line of every ``text``
  regex8     the floor plus eight ``regex`` searches on every line, one per built-in rule,
             each that rule's simplest line test (a marker, a sentence end, a bullet, a tag, a
             mojibake pair, trailing space, a credit, a repeated-looking line start): the
             least a linter whose eight rules each look at every line must do
  datatrove  datatrove's C4 + Gopher repetition + Gopher quality + FineWeb quality filters
             between its JsonlReader and JsonlWriter, in one process (``LocalPipelineExecutor``
             with one task and one worker), with the settings its authors use per language:
             English documents get the FineWeb pipeline (GopherRepetition, GopherQuality,
             C4QualityFilter(filter_no_terminal_punct=False), FineWebQuality, all spaCy ``en``
             word tokenization); Chinese documents (``lang`` starting with ``zh``) get the
             FineWeb-2 ``cmn_Hani`` pipeline (GopherRepetition, FineWebQuality, GopherQuality
             with FineWeb-2's Mandarin thresholds and stop words, jieba word segmentation; no C4
             filter, which FineWeb-2 does not apply and which drops ~99 % of Chinese text).
             A datatrove user splits a mixed corpus by language and runs one pipeline per
             language; routing each document by its ``lang`` field does the same in one pass.

Prints one JSON line: ``{"step", "seconds", "docs", "count"}`` where ``seconds`` is the work
alone (imports excluded) and ``count`` is what the step found: regex hits, or documents kept.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

STEPS = ("read", "floor", "regex", "regex8", "datatrove")
#: The reference pattern: a related-articles marker, searched on every line.
REFERENCE_PATTERN = r"(?:更多文章|相关阅读|相關新聞|Related (?:Articles|Stories)|Read more)"
#: One simple line test per built-in rule, in rule-code order (``regex8``).
PER_RULE_PATTERNS = (
    r"[^.!?。！？…”」』)）]$",                                   # truncated-document
    r"^(?:本文来源|责任编辑|Translated by|Reporting by)",          # unrelated-trailing-content
    REFERENCE_PATTERN,                                            # link-list
    r"^(?:The|This|It|In|A)\s\w+\s\w+",                         # duplicate-section
    r"[ÃÂâ][\x80-\xbf]",                                         # mojibake
    r"</?[a-zA-Z][^>]*>|&[a-z]+;",                                # html-residue
    r"[ \t\u00a0\u200b]$",                                       # bad-whitespace
    r"^\d{4}[-/年]\d{1,2}",                                       # boilerplate-header
)

#: FineWeb-2's thresholds for Mandarin (configs/cmn_Hani.yml in huggingface/fineweb-2).
CMN_HANI: dict[str, Any] = {
    "dup_line_frac": 0.287,
    "dup_n_grams": [(5, 0.198), (6, 0.182), (7, 0.167), (8, 0.154), (9, 0.14), (10, 0.127)],
    "top_n_grams": [(2, 0.256), (3, 0.201), (4, 0.171)],
    "line_punct_thr": 0.106,
    "new_line_ratio": 0.178,
    "max_avg_word_length": 5,
    "min_avg_word_length": 1,
    "max_non_alpha_words_ratio": 0.735,
    "stopwords": ["的", "年", "在", "月", "是", "和", "日", "了", "於", "·", "為", "有", "被", "人",
                  "中", "为", "他", "與", "後", "也", "而", "由"],
}


def copy_shards(shards: Sequence[Path], out: Path | None,
                scan: Callable[[str], object] | None,
                scans: Sequence[Callable[[str], object]] = ()) -> tuple[int, int]:
    """Decode every record, optionally scan each line of its text (with ``scan``, or with
    each of ``scans``), re-encode and write it."""
    import orjson

    docs = hits = 0
    for shard in shards:
        sink = (out / shard.name).open("wb") if out is not None else None
        try:
            with shard.open("rb") as stream:
                for line in stream:
                    record = orjson.loads(line)
                    docs += 1
                    if scan is not None:
                        hits += sum(1 for text_line in record["text"].split("\n")
                                    if scan(text_line))
                    if scans:
                        hits += sum(1 for text_line in record["text"].split("\n")
                                    for one in scans if one(text_line))
                    if sink is not None:
                        sink.write(orjson.dumps(record) + b"\n")
        finally:
            if sink is not None:
                sink.close()
    return docs, hits


def datatrove_pipeline(shards: Sequence[Path], out: Path, logs: Path) -> Any:
    """The executor for the filter pipeline over ``shards`` (all in one folder)."""
    # datatrove ships no type information.
    from datatrove.data import Document  # type: ignore[import-untyped]
    from datatrove.executor import LocalPipelineExecutor  # type: ignore[import-untyped]
    from datatrove.pipeline.filters import (  # type: ignore[import-untyped]
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )
    from datatrove.pipeline.filters.base_filter import BaseFilter  # type: ignore[import-untyped]
    from datatrove.pipeline.readers import JsonlReader  # type: ignore[import-untyped]
    from datatrove.pipeline.writers import JsonlWriter  # type: ignore[import-untyped]

    english = [
        GopherRepetitionFilter(language="eng_Latn"),
        GopherQualityFilter(language="eng_Latn"),
        C4QualityFilter(filter_no_terminal_punct=False, language="eng_Latn"),
        FineWebQualityFilter(language="eng_Latn"),
    ]
    mandarin = [
        GopherRepetitionFilter(
            language="cmn_Hani", dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0,
            dup_line_frac=CMN_HANI["dup_line_frac"], top_n_grams=CMN_HANI["top_n_grams"],
            dup_n_grams=CMN_HANI["dup_n_grams"]),
        FineWebQualityFilter(
            language="cmn_Hani", short_line_thr=999, char_duplicates_ratio=0.1,
            line_punct_thr=CMN_HANI["line_punct_thr"], new_line_ratio=CMN_HANI["new_line_ratio"]),
        GopherQualityFilter(
            language="cmn_Hani", max_avg_word_length=CMN_HANI["max_avg_word_length"],
            min_avg_word_length=CMN_HANI["min_avg_word_length"],
            stop_words=CMN_HANI["stopwords"],
            max_non_alpha_words_ratio=CMN_HANI["max_non_alpha_words_ratio"], min_stop_words=2),
    ]

    class ByLanguage(BaseFilter):  # type: ignore[misc]
        """Runs the document's language pipeline; the first filter that drops it wins."""

        name = "by language"

        def filter(self, doc: Document) -> bool | tuple[bool, str]:
            lang = str(doc.metadata.get("lang", ""))
            for step in mandarin if lang.startswith("zh") else english:
                verdict = step.filter(doc)
                kept = verdict[0] if isinstance(verdict, tuple) else verdict
                if not kept:
                    return verdict  # type: ignore[no-any-return]
            return True

    folder = shards[0].parent
    paths = logs / "paths.txt"
    paths.write_text("".join(f"{shard.name}\n" for shard in shards), "utf-8")
    return LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(folder), paths_file=str(paths)),
            ByLanguage(),
            JsonlWriter(str(out), output_filename="${rank}.jsonl", compression=None,
                        expand_metadata=True),
        ],
        tasks=1, workers=1, logging_dir=str(logs / "logs"), skip_completed=False)


def count_lines(folder: Path) -> int:
    total = 0
    for path in folder.glob("*.jsonl"):
        with path.open("rb") as stream:
            total += sum(1 for _ in stream)
    return total


def run(step: str, shards: Sequence[Path], out: Path) -> dict[str, Any]:
    """Prepare (imports, objects), then time the step's work alone."""
    import orjson  # noqa: F401  (imported before the clock starts)

    out.mkdir(parents=True, exist_ok=True)
    if step == "datatrove":
        with tempfile.TemporaryDirectory(prefix="bench-datatrove-") as logs:
            executor = datatrove_pipeline(shards, out, Path(logs))
            started = time.perf_counter()
            executor.run()
            seconds = time.perf_counter() - started
        docs = sum(sum(1 for _ in shard.open("rb")) for shard in shards)
        return {"step": step, "seconds": seconds, "docs": docs, "count": count_lines(out)}
    import regex

    scan = regex.compile(REFERENCE_PATTERN).search if step == "regex" else None
    scans = [regex.compile(p).search for p in PER_RULE_PATTERNS] if step == "regex8" else []
    started = time.perf_counter()
    docs, hits = copy_shards(shards, None if step == "read" else out, scan, scans)
    seconds = time.perf_counter() - started
    return {"step": step, "seconds": seconds, "docs": docs,
            "count": hits if step.startswith("regex") else docs}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("shards", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.step, args.shards, args.out)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
