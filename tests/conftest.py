"""Shared fixtures, and the map of the test suite: one folder per kind of behaviour.

- ``rules/``: what the built-in rules find and fix. ``test_rule_cases.py`` runs the per-rule
  case files in ``tests/rule_cases/<rule-name>.toml`` (add a rule's cases there first);
  ``test_<rule>.py`` holds what a case file cannot say (a path-dependent option, bounded work
  on huge inputs); ``test_rule_docs.py`` runs every rule's documented examples,
  ``test_rule_properties.py`` the properties every rule keeps on generated documents, and
  ``test_dev_corpus_quality.py`` the quality floor on the labelled dev corpus.
- ``engine/``: the fix loop, the registry and plugin discovery, and ``--engine ray``.
- ``formats/``: corpus formats (JSONL, Parquet, HTML in and out) and the reporters
  (``--format text|json|github|sarif|junit``, ``--statistics``).
- ``cli/``: the command line in-process: exit codes and outputs, configuration files,
  ``--baseline``, and the seed documents with their golden outputs.
- ``integrations/``: the Python API, datatrove, Hugging Face ``datasets``, pre-commit, the
  README's CI workflow and the recipes of ``docs/integrations.md``.
- ``packaging/``: the package imports the same from a checkout, an editable install, a wheel
  and a Ray worker, and its modules import each other without cycles.
- ``tooling/``: the benchmark corpus generator, the pathological-input check and the
  evaluation script.
- ``equivalence/``: every fast path against the plain definition it replaces. The plain
  definitions live there too (``plain_definitions.py``), with the texts they are compared on
  (``samples.py``), not in the package.

Helpers that tests import by name live beside this file: ``fakes.py`` holds tiny test rules
(importable by name, so worker processes and Ray workers can unpickle them) and ``run``, the
in-process command line. Everything else shared is a fixture here.

Tests that read ``../shared`` (the corpora beside the checkout) skip with a reason naming the
missing path; a clean clone runs the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fakes import run

from lint_corpus import registry as registry_module
from lint_corpus.rule import Rule

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@cache
def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def _assert_valid_sarif(log: dict[str, Any]) -> None:
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def assert_valid_sarif() -> Callable[[dict[str, Any]], None]:
    """Asserts a SARIF log is valid against the official SARIF 2.1.0 schema."""
    return _assert_valid_sarif


@pytest.fixture
def cli_entries(tmp_path: Path) -> Callable[[str], dict[str, dict[str, Any]]]:
    """The command line's report entries for the seed files, by file name, for ``check`` or
    ``fix`` with the installed rules: what the integrations must agree with."""

    def entries(command: str) -> dict[str, dict[str, Any]]:
        report = tmp_path / f"{command}.json"
        extra: list[str | Path] = ["--out", tmp_path / "out"] if command == "fix" else []
        code, _, err = run(command, SEEDS, "--isolated", "--exit-zero", "--report", report,
                           *extra)
        assert code == 0, err
        documents = json.loads(report.read_text("utf-8"))["documents"]
        return {entry["path"]: entry for entry in documents}

    return entries


@pytest.fixture
def use_rules(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Makes the given rule classes the only rules, built-in and plugin, for one test: the
    expected outputs then depend on small exact test rules, not on the real ones."""

    def install(*rules: type[Rule]) -> None:
        monkeypatch.setattr(registry_module, "builtin_rules", lambda: list(rules))
        monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])

    return install


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small corpus folder: a file with a JUNK line for the fake rules, a clean file, a
    Markdown file in a subfolder, and a file that is not a corpus file (ignored)."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"First line.\nJUNK\nLast line.\n")
    (root / "b.txt").write_bytes(b"Nothing wrong here.\n")
    (root / "sub" / "c.md").write_bytes(b"!! loud heading\nBody text.\n")
    (root / "notes.json").write_bytes(b"{}")  # not a corpus file: ignored
    return root


#: Korean text (no corpus beside the checkout has any), written for the encoding tests.
KOREAN = ("대한민국의 수도는 서울특별시이다. 서울은 한강을 중심으로 발전한 도시로, 조선 시대부터 "
          "나라의 중심지 역할을 해 왔다. 오늘날 서울에는 약 천만 명의 인구가 살고 있으며, "
          "정치와 경제, 문화의 중심지이다.\n")
#: Real documents to write in legacy encodings: ``shared:`` paths are under ../shared.
LEGACY_TEXTS = {
    "zh-hans": "shared:corpora/dev/cases/dbfaba6ce7d9a.txt",
    "zh-hant": "seeds/000_a68d08d6fa4f830c.txt",
    "ja": "shared:corpora/dev/cases/d07f72191da2d.txt",
    "ko": "korean",
    "de": "shared:corpora/dev-ext/cases/e305b44da418a.txt",
    "de-latin-1": "shared:corpora/dev-ext/cases/e3b5427a9c4af.txt",
}


@pytest.fixture
def legacy_text() -> Callable[[str], str]:
    """The text of one of ``LEGACY_TEXTS`` (skips when ../shared is missing)."""

    def read(name: str) -> str:
        where = LEGACY_TEXTS[name]
        if where == "korean":
            return KOREAN
        path = (ROOT.parent / "shared" / where.removeprefix("shared:")
                if where.startswith("shared:") else ROOT / where)
        if not path.exists():
            pytest.skip(f"{path} is missing")
        return path.read_text("utf-8")

    return read
