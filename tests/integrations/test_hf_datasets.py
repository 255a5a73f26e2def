"""The ``datasets.Dataset.map`` recipe, run by the real ``datasets`` on in-memory data.

What it writes must be what the command line finds and fixes on the same seed files.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# In-memory datasets need no hub; make sure nothing here tries to reach it.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import datasets  # noqa: E402
import pytest  # noqa: E402
from fakes import run  # noqa: E402

import lint_corpus  # noqa: E402
from lint_corpus.integrations.hf import lint_dataset, lint_map  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CLEAN = "A short clean paragraph that ends properly.\n"

datasets.disable_progress_bars()


def seed_dataset(extra: Sequence[tuple[str, str | None]] = ()) -> datasets.Dataset:
    rows = [*extra, *((p.name, p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt")))]
    return datasets.Dataset.from_dict({"id": [i for i, _ in rows], "text": [t for _, t in rows]})


def test_batched_fix_writes_the_fixed_text_and_the_cli_findings(
        tmp_path: Path, cli_entries: Callable[[str], dict[str, Any]]) -> None:
    # Clean rows first: the first batches have no findings at all, the case where inferred
    # column types (lists of nulls) would break on a later batch.
    ds = seed_dataset([("clean-1", CLEAN), ("clean-2", CLEAN), ("missing", None)])
    function = lint_map(fix=True, fixed_column="clean_text")
    out = ds.map(function, batched=True, batch_size=2, features=function.features(ds.features))
    expected = cli_entries("fix")
    assert out["id"] == ds["id"] and out["text"] == ds["text"]
    for row in out:
        if row["id"] in expected:
            entry = expected[row["id"]]
            assert row["clean_text"] == lint_corpus.fix(row["text"])
            assert row["clean_text"] == (tmp_path / "out" / row["id"]).read_text("utf-8")
            assert json.loads(row["lint_findings"]) == entry["findings"]
            assert row["lint_codes"] == ",".join(f["code"] for f in entry["findings"])
            assert row["lint_status"] == entry["status"]
            assert row["lint_truncated"] == entry["truncated"]
            assert row["lint_chars_removed"] == entry["chars_removed"]
        elif row["id"] == "missing":
            assert row["clean_text"] is None and row["lint_status"] is None
            assert row["lint_codes"] is None
        else:
            assert row["clean_text"] == CLEAN
            assert (row["lint_status"], row["lint_codes"], row["lint_findings"]) == (
                "clean", "", "[]")
    assert out.features["lint_codes"] == datasets.Value("string")
    assert out.features["lint_truncated"] == datasets.Value("bool")


def test_plain_map_needs_no_features_when_the_first_batch_is_clean() -> None:
    ds = seed_dataset([("clean-1", CLEAN), ("clean-2", CLEAN)])
    out = ds.map(lint_map(fix=True), batched=True, batch_size=2)
    assert out["lint_codes"][:2] == ["", ""]
    results = lint_corpus.CorpusLinter().fix(ds["text"])
    assert out["lint_codes"] == [",".join(r.finding.code for r in result.findings)
                                 for result in results]
    assert out["text"] == [lint_corpus.fix(text) for text in ds["text"]]


def test_check_overwrites_nothing_and_matches_the_cli(tmp_path: Path) -> None:
    ds = seed_dataset()
    out = lint_dataset(ds, select="LC1", findings_json=False)
    report = tmp_path / "check.json"
    run("check", SEEDS, "--isolated", "--exit-zero", "--select", "LC1", "--report", report)
    expected = {e["path"]: e for e in json.loads(report.read_text("utf-8"))["documents"]}
    assert out["text"] == ds["text"]
    assert "lint_findings" not in out.column_names
    for row in out:
        assert row["lint_codes"] == ",".join(
            f["code"] for f in expected[row["id"]]["findings"])
        assert row["lint_status"] == expected[row["id"]]["status"]
        assert row["lint_fixes_applied"] == 0


def test_fix_replaces_the_text_column_by_default_and_unbatched_map_agrees() -> None:
    ds = seed_dataset()
    batched = lint_dataset(ds, fix=True, batch_size=3)
    assert batched["text"] == [lint_corpus.fix(text) for text in ds["text"]]
    function = lint_map(fix=True)
    one_by_one = ds.map(function, features=function.features(ds.features))
    assert one_by_one.column_names == batched.column_names
    assert one_by_one.to_dict() == batched.to_dict()


def test_the_function_pickles_and_hashes_stably() -> None:
    function = lint_map(fix=True, select="LC1", prefix="lc_")
    copy = pickle.loads(pickle.dumps(function))
    batch = {"text": [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]}
    assert copy(batch) == function(batch)
    assert list(function(batch)) == function.columns == [
        "text", "lc_status", "lc_truncated", "lc_codes", "lc_fixes_applied",
        "lc_chars_removed", "lc_errors", "lc_findings"]
    # datasets caches a map's result under a hash of the function: equal settings, equal hash.
    hasher = datasets.fingerprint.Hasher
    assert hasher.hash(function) == hasher.hash(lint_map(fix=True, select="LC1", prefix="lc_"))
    assert hasher.hash(function) != hasher.hash(lint_map(fix=True, select="LC1", ignore="LC101",
                                                             prefix="lc_"))


def test_a_missing_text_column_is_named() -> None:
    with pytest.raises(KeyError, match="body"):
        lint_map(text_column="body")({"text": ["x"]})
