"""``--engine ray`` on a real local Ray instance: the same report, output and errors as the
local engine, run by run on the same inputs.

Ray is started once for the module (the engine uses a Ray already initialised in the
process); every run is made from the corpus's parent folder with relative paths, which the
Ray workers (started elsewhere) must resolve as the driver does.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray
from fakes import JunkLine, LoudLine

from lint_corpus import cli
from lint_corpus import registry as registry_module
from lint_corpus.ray_engine import NOT_INSTALLED, RayEngineError, _check_reachable
from lint_corpus.report import validate

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")
ROOT = Path(__file__).resolve().parents[2]
RunResult = tuple[int, str, str]


@pytest.fixture(scope="module", autouse=True)
def ray_instance() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR)
    yield
    ray.shutdown()


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


RECORDS = [
    {"id": "a", "text": "First record.\n\n\n\n\nIt has a zero\u200bwidth space.  \n"},
    {"id": "b", "text": "A clean record.\n"},
    {"id": "c", "text": "Keep this.\nJUNK\nAnd this.\n"},
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``corpus/``: the seeds, a JSONL with a malformed and a blank line, a .jsonl.gz, a
    Parquet file, a document in a sub-folder and an empty file (an input error)."""
    base = tmp_path_factory.mktemp("ray")
    corpus = base / "corpus"
    (corpus / "nested").mkdir(parents=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, corpus / seed.name)
    lines = _jsonl(RECORDS).splitlines(keepends=True)
    (corpus / "records.jsonl").write_text(
        lines[0] + "{not json\n" + "\n" + "".join(lines[1:]), encoding="utf-8")
    with gzip.open(corpus / "nested" / "more.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write(_jsonl(RECORDS[::-1]))
    pq.write_table(pa.table({"id": [r["id"] for r in RECORDS],
                             "text": [r["text"] for r in RECORDS]}), corpus / "table.parquet")
    (corpus / "nested" / "junk.txt").write_text("Hello.\nJUNK\n!! loud\nBye.\n",
                                                encoding="utf-8")
    (corpus / "nested" / "empty.txt").write_bytes(b"")
    return base


def _run(*argv: str) -> RunResult:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _both(monkeypatch: pytest.MonkeyPatch, cwd: Path,
          *argv: str, out: str | None = None) -> tuple[RunResult, RunResult]:
    """The same command with the local and the Ray engine (each writing to its own --out)."""
    monkeypatch.chdir(cwd)
    target = ["--out", f"{out}-local"] if out else []
    local = _run(*argv, *target)
    target = ["--out", f"{out}-ray"] if out else []
    distributed = _run(*argv, *target, "--engine", "ray")
    return local, distributed


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_check_report_equals_the_local_engines(monkeypatch: pytest.MonkeyPatch,
                                               workspace: Path) -> None:
    local, distributed = _both(monkeypatch, workspace, "check", "corpus", "--format", "json")
    assert distributed == local
    report = json.loads(distributed[1])
    validate(report)
    assert distributed[0] == cli.EXIT_ERROR  # the empty file and the malformed record
    paths = [document["path"] for document in report["documents"]]
    assert "records.jsonl" in paths and "nested/more.jsonl.gz" in paths
    assert "table.parquet" in paths
    assert {error["path"] for error in report["errors"]} == {"nested/empty.txt",
                                                               "records.jsonl"}
    assert report["summary"]["findings"] > 0


def test_fix_writes_the_same_files_and_report(monkeypatch: pytest.MonkeyPatch,
                                              workspace: Path) -> None:
    local, distributed = _both(monkeypatch, workspace, "fix", "corpus", "--report",
                               "report.json", "--unsafe-fixes", out="fix")
    assert distributed[0] == local[0] == cli.EXIT_ERROR
    assert distributed[1:] == local[1:]
    written_local = _tree(workspace / "fix-local")
    written_ray = _tree(workspace / "fix-ray")
    assert written_ray == written_local
    changed = [name for name, data in written_ray.items()
               if (workspace / "corpus" / name).read_bytes() != data]
    assert "records.jsonl" in changed and "nested/more.jsonl.gz" in changed
    assert "{not json\n" in written_ray["records.jsonl"].decode()  # kept as it was
    report = json.loads((workspace / "report.json").read_text(encoding="utf-8"))
    validate(report)
    assert report["summary"]["fixes_applied"] > 0


def test_fix_report_equals_the_local_engines(monkeypatch: pytest.MonkeyPatch,
                                             workspace: Path) -> None:
    monkeypatch.chdir(workspace)
    reports = []
    for engine in ("local", "ray"):
        code, _, err = _run("fix", "corpus", "--out", f"dropped-{engine}", "--malformed",
                            "skip", "--drop-empty", "--report", f"{engine}.json", "--engine",
                            engine)
        assert code == cli.EXIT_ERROR, err
        reports.append(json.loads((workspace / f"{engine}.json").read_text(encoding="utf-8")))
    assert reports[1] == reports[0]
    validate(reports[1])
    assert _tree(workspace / "dropped-ray") == _tree(workspace / "dropped-local")
    assert "{not json" not in (workspace / "dropped-ray" / "records.jsonl").read_text()


def test_from_the_checkouts_root_workers_find_the_built_in_rules(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The checkout's lint_corpus/ comes first on the workers' path here; the built-in rules
    # (rules/, the package lint_corpus_rules) must still be found through their entry point.
    local, distributed = _both(monkeypatch, ROOT, "check", "seeds", "--format", "json",
                               "--isolated")
    assert distributed == local
    codes = {finding["code"] for document in json.loads(distributed[1])["documents"]
             for finding in document["findings"]}
    assert any(code.startswith("LC") for code in codes)


def test_rules_from_the_drivers_path_and_whole_run_formats(
        monkeypatch: pytest.MonkeyPatch, workspace: Path) -> None:
    # JunkLine and LoudLine live in tests/fakes.py, importable only through the driver's
    # sys.path, which the workers get too.
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [JunkLine, LoudLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])
    local, distributed = _both(monkeypatch, workspace, "check", "corpus", "--format",
                               "github")
    assert distributed == local
    assert "TX901" in distributed[1] and "TX902" in distributed[1]
    local, distributed = _both(monkeypatch, workspace, "fix", "corpus", "--diff")
    assert distributed == local
    assert "-JUNK" in distributed[1]


def test_config_globs_apply_on_the_workers(monkeypatch: pytest.MonkeyPatch,
                                           workspace: Path) -> None:
    # The config's per-file-ignores glob is relative to the config's folder, found from the
    # driver's working directory: the workers must match it the same way.
    project = workspace / "project"
    shutil.copytree(workspace / "corpus", project / "corpus")
    (project / "lint-corpus.toml").write_text(
        '[per-file-ignores]\n"corpus/nested/**" = ["TX901"]\n', encoding="utf-8")
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [JunkLine, LoudLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])
    local, distributed = _both(monkeypatch, project, "fix", "corpus", "--format", "json",
                               "--select", "TX901", out="fixed")
    assert distributed == local
    assert _tree(project / "fixed-ray") == _tree(project / "fixed-local")
    report = json.loads(distributed[1])
    codes: dict[str, list[str]] = {}
    for document in report["documents"]:
        codes.setdefault(document["path"], []).extend(f["code"] for f in document["findings"])
    assert codes["nested/junk.txt"] == []  # ignored there by the config
    assert codes["records.jsonl"] == ["TX901"]


def test_in_place_rewrites_the_same_bytes(monkeypatch: pytest.MonkeyPatch,
                                          workspace: Path) -> None:
    for engine in ("local", "ray"):
        shutil.copytree(workspace / "corpus", workspace / f"in-place-{engine}")
    monkeypatch.chdir(workspace)
    results = [_run("fix", f"in-place-{engine}", "--in-place", "-q", "--engine", engine)
               for engine in ("local", "ray")]
    # Findings name each file by its path from here, so the folder names differ.
    code, out, err = results[1]
    assert (code, out.replace("in-place-ray/", "in-place-local/"),
            err.replace("in-place-ray/", "in-place-local/")) == results[0]
    assert _tree(workspace / "in-place-ray") == _tree(workspace / "in-place-local")
    assert _tree(workspace / "in-place-ray") != _tree(workspace / "corpus")


def test_without_ray_the_message_says_how_to_install(monkeypatch: pytest.MonkeyPatch,
                                                     workspace: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    monkeypatch.chdir(workspace)
    code, out, err = _run("check", "corpus", "--engine", "ray")
    assert code == cli.EXIT_ERROR
    assert err == f"lint-corpus: error: {NOT_INSTALLED}\n"
    assert out == ""


def test_an_unreachable_cluster_fails_fast_with_a_message() -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(RayEngineError, match=f"cannot reach the Ray cluster at "
                                             f"127.0.0.1:{port} \\(RAY_ADDRESS\\)"):
        _check_reachable(f"127.0.0.1:{port}")
    _check_reachable("auto")  # resolved by Ray itself: no check here
