"""The recipes in docs/integrations.md, run as written on a small Parquet corpus.

Each ```python block is executed in a fresh namespace from a temporary folder holding
``data/raw/seeds.parquet`` (the seed documents plus a blank one), then its outputs are
checked against ``lint_corpus.fix``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import datasets  # noqa: E402
import pyarrow  # noqa: E402
import pyarrow.parquet  # noqa: E402
import pytest  # noqa: E402

import lint_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "integrations.md"
BLANK = " \n\u00a0\n"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text("utf-8"), flags=re.S)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The raw corpus, written to ``data/raw/`` under the working folder; id -> text."""
    raw = {path.name: path.read_text("utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))}
    raw["blank"] = BLANK
    (tmp_path / "data" / "raw").mkdir(parents=True)
    table = pyarrow.table({"id": list(raw), "text": list(raw.values())})
    pyarrow.parquet.write_table(table, tmp_path / "data" / "raw" / "seeds.parquet")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf-cache")
    return raw


def execute(code: str) -> str:
    namespace: dict[str, Any] = {"__name__": "__recipe__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(DOC), "exec"), namespace)
    return out.getvalue()


def read_rows(folder: str) -> list[dict[str, Any]]:
    return [row for path in sorted(Path(folder).glob("*.parquet"))
            for row in pyarrow.parquet.read_table(path).to_pylist()]


def test_the_document_has_the_three_recipes() -> None:
    assert len(blocks()) == 3


def test_batch_api_recipe() -> None:
    printed = execute(blocks()[0]).splitlines()
    assert printed == ["a clean []", "b truncated ['LC101']"]


def test_datatrove_recipe(corpus: dict[str, str]) -> None:
    execute(blocks()[1])
    truncated = {name for name, text in corpus.items()
                 if lint_corpus.CorpusLinter().process(text).status == "truncated"}
    assert truncated
    clean = read_rows("data/clean")
    assert [row["id"] for row in clean] == [n for n in corpus if n not in truncated | {"blank"}]
    for row in clean:
        assert row["text"] == lint_corpus.fix(corpus[row["id"]])
        assert row["lint_status"] in {"clean", "fixed", "flagged"}
    removed = read_rows("data/removed")
    assert {row["id"]: row["metadata"]["filter_reason"] for row in removed} == {
        **dict.fromkeys(truncated, "truncated"), "blank": "empty"}


def test_hf_recipe(corpus: dict[str, str]) -> None:
    printed = execute(blocks()[2])
    flagged = [",".join(f.code for f in lint_corpus.lint(text, select="LC1"))
               for text in corpus.values()]
    codes = [item for item in flagged if item]
    assert printed.strip() == f"{len(codes)} of {len(corpus)} flagged: {codes[:5]}"
    rows = pyarrow.parquet.read_table("data/clean.parquet").to_pylist()
    assert rows and all(not row["lint_truncated"] for row in rows)
    for row in rows:
        assert row["text"] == corpus[row["id"]]
        assert row["clean_text"] == lint_corpus.fix(corpus[row["id"]])
