"""The datatrove step, run by datatrove's own executor on in-memory documents.

What it writes must be what the command line finds and fixes on the same seed files.
"""

from __future__ import annotations

import importlib
import json
import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from fakes import run

import lint_corpus
from lint_corpus import registry as registry_module
from lint_corpus.document import Document as LintDocument
from lint_corpus.integrations.datatrove import LintCorpusFilter
from lint_corpus.rule import Finding, Rule

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_documents() -> list[Document]:
    return [Document(text=path.read_text("utf-8"), id=path.name)
            for path in sorted(SEEDS.glob("*.txt"))]


def run_pipeline(step: LintCorpusFilter, documents: list[Document],
                 tmp_path: Path) -> tuple[list[Document], dict[str, int]]:
    """Run ``documents`` through ``step`` with datatrove's executor; the documents that came
    out, and the step's counters (datatrove runs a copy of the step, so they come from the
    executor's stats)."""
    out: list[Document] = []

    def collect(data: Iterator[Document], rank: int = 0,
                world_size: int = 1) -> Iterator[Document]:
        # A function, not an object: the executor deep-copies the pipeline's objects.
        for document in data:
            out.append(document)
            yield document

    executor = LocalPipelineExecutor(pipeline=[documents, step, collect], tasks=1, workers=1,
                                     logging_dir=str(tmp_path / "logs"))
    stats = executor.run()
    (step_stats,) = [s for s in stats.stats if "lint-corpus" in s.name]
    counters = {key: int(value.total) for key, value in step_stats.stats.items()}
    return out, counters


def test_fix_mode_writes_the_fixed_text_and_the_cli_findings(
        tmp_path: Path, cli_entries: Callable[[str], dict[str, Any]]) -> None:
    documents = seed_documents()
    originals = {doc.id: doc.text for doc in documents}
    out, counters = run_pipeline(LintCorpusFilter("fix", findings_json=True), documents,
                                 tmp_path)
    expected = cli_entries("fix")
    assert [doc.id for doc in out] == sorted(expected)
    for doc in out:
        entry = expected[doc.id]
        assert doc.text == lint_corpus.fix(originals[doc.id])
        assert doc.text == (tmp_path / "out" / doc.id).read_text("utf-8")
        assert json.loads(doc.metadata["lint_findings"]) == entry["findings"]
        assert doc.metadata["lint_codes"] == ",".join(f["code"] for f in entry["findings"])
        assert doc.metadata["lint_status"] == entry["status"]
        assert doc.metadata["lint_chars_removed"] == entry["chars_removed"]
        assert doc.metadata["lint_fixes_applied"] == sum(
            f["fix"] is not None and f["fix"]["applied"] for f in entry["findings"])
    # Counters as datatrove's filters keep them, plus one per status and per finding code.
    assert counters["total"] == counters["forwarded"] == len(expected)
    assert "dropped" not in counters
    statuses = [entry["status"] for entry in expected.values()]
    for status in set(statuses):
        assert counters[f"status_{status}"] == statuses.count(status)
    codes = [f["code"] for entry in expected.values() for f in entry["findings"]]
    assert {key: value for key, value in counters.items() if key.startswith("finding_")} == {
        f"finding_{code}": codes.count(code) for code in set(codes)}
    assert counters["chars_removed"] == sum(e["chars_removed"] for e in expected.values()) > 0


def test_annotate_mode_keeps_the_text(tmp_path: Path) -> None:
    documents = seed_documents()
    originals = {doc.id: doc.text for doc in documents}
    out, counters = run_pipeline(LintCorpusFilter(select="LC1"), documents, tmp_path)
    report = tmp_path / "check.json"
    run("check", SEEDS, "--isolated", "--exit-zero", "--select", "LC1", "--report", report)
    expected = {e["path"]: e for e in json.loads(report.read_text("utf-8"))["documents"]}
    assert len(out) == len(expected)
    for doc in out:
        assert doc.text == originals[doc.id]
        assert doc.metadata["lint_codes"] == ",".join(
            f["code"] for f in expected[doc.id]["findings"])
        assert doc.metadata["lint_status"] == expected[doc.id]["status"]
        assert doc.metadata["lint_chars_removed"] == doc.metadata["lint_fixes_applied"] == 0
        assert "lint_findings" not in doc.metadata
    assert "chars_removed" not in counters


def test_parquet_output_takes_its_schema_from_any_first_document(
        tmp_path: Path, cli_entries: Callable[[str], dict[str, Any]]) -> None:
    # datatrove's ParquetWriter fixes the schema from the first document it writes: a clean
    # one comes first here, and the later ones, with findings, must still fit it.
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")  # installed with datasets
    from datatrove.pipeline.writers import ParquetWriter

    clean = Document(text="A short clean paragraph that ends properly.\n", id="clean")
    documents = [clean, *seed_documents()]
    LocalPipelineExecutor(pipeline=[documents, LintCorpusFilter("fix", findings_json=True),
                                    ParquetWriter(str(tmp_path / "out"), expand_metadata=True)],
                          tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    (written,) = (tmp_path / "out").glob("*.parquet")
    rows = pyarrow_parquet.read_table(written).to_pylist()
    expected = cli_entries("fix")
    assert [row["id"] for row in rows] == ["clean", *sorted(expected)]
    assert rows[0]["lint_codes"] == "" and rows[0]["lint_status"] == "clean"
    for row in rows[1:]:
        assert row["lint_codes"] == ",".join(f["code"] for f in expected[row["id"]]["findings"])
        assert json.loads(row["lint_findings"]) == expected[row["id"]]["findings"]


class ExclusionWriter:
    """Stands in for a datatrove DiskWriter: the filter opens it and writes dropped docs."""

    def __init__(self) -> None:
        self.written: list[Document] = []

    def __enter__(self) -> ExclusionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, document: Document, rank: int = 0) -> None:
        self.written.append(document)


def test_truncated_and_emptied_documents_are_dropped_with_a_reason(
        tmp_path: Path, cli_entries: Callable[[str], dict[str, Any]]) -> None:
    documents = [*seed_documents(), Document(text=" \n\u00a0\n\n", id="blank")]
    expected = cli_entries("fix")
    truncated = sorted(name for name, entry in expected.items() if entry["truncated"])
    assert truncated  # the seeds include a truncated document
    writer = ExclusionWriter()
    step = LintCorpusFilter("fix", drop_truncated=True, drop_empty=True, exclusion_writer=writer,
                            metadata_prefix="lc_")
    out, counters = run_pipeline(step, documents, tmp_path)
    assert sorted(doc.id for doc in out) == sorted(set(expected) - set(truncated))
    assert counters["dropped"] == len(truncated) + 1
    assert counters["dropped_truncated"] == len(truncated)
    assert counters["dropped_empty"] == 1
    # The executor ran a copy of the step, and with it a copy of the writer: run the step
    # directly to see what datatrove hands the exclusion writer.
    kept = list(step(iter(documents)))
    assert len(kept) == len(out)
    reasons = {doc.id: doc.metadata["filter_reason"] for doc in writer.written}
    assert reasons == {**dict.fromkeys(truncated, "truncated"), "blank": "empty"}
    assert all(doc.metadata["lc_status"] for doc in writer.written)


def test_the_step_pickles_for_worker_processes() -> None:
    step = LintCorpusFilter("fix", select="LC1", options={"link-list": {"min-marked-items": 4}})
    copy = pickle.loads(pickle.dumps(step))
    texts = [doc.text for doc in copy(iter(seed_documents()))]
    assert texts == [doc.text for doc in step(iter(seed_documents()))]
    options = {"LC103": {"min-marked-items": 4}}
    assert texts == [lint_corpus.fix(doc.text, select="LC1", options=options)
                     for doc in seed_documents()]


def test_bad_settings_fail_when_the_pipeline_is_declared() -> None:
    with pytest.raises(ValueError, match="mode must be"):
        LintCorpusFilter("clean")  # type: ignore[arg-type]
    with pytest.raises(lint_corpus.RegistryError, match="unknown rule"):
        LintCorpusFilter(select="no-such-rule")


class Broken(Rule):
    """Always fails.

    What it does: raises. Why is this bad?: it is a test. Example: any text. Fix: none.
    """

    code = "TX999"
    name = "broken"
    summary = "A rule that raises."
    fixable = False

    def check(self, doc: LintDocument) -> Iterator[Finding]:
        raise RuntimeError("boom")


def test_a_failing_rule_is_recorded_not_raised(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [Broken])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])
    out, counters = run_pipeline(LintCorpusFilter("fix"), seed_documents()[:2], tmp_path)
    assert len(out) == 2
    for doc in out:
        assert doc.metadata["lint_status"] == "error"
        assert doc.metadata["lint_errors"] == "rule TX999 (broken) failed: RuntimeError: boom"
    assert counters["rule_errors"] == counters["status_error"] == 2


def test_without_datatrove_the_import_error_names_the_extra(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datatrove.pipeline.filters.base_filter", None)
    monkeypatch.delitem(sys.modules, "lint_corpus.integrations.datatrove")
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'lint-corpus\[datatrove\]'"):
        importlib.import_module("lint_corpus.integrations.datatrove")
