"""A report's applied edits replay: applied onto the original text, the edits a report says
were applied (JSON ``fix.applied``, SARIF ``fixApplied``) never overlap and give exactly the
text ``fix`` wrote, for every dev and dev-ext case, with and without unsafe fixes.

A fix of a later pass can replace a span an earlier fix had edited (LC103 deleting a link
list inside which LC104 had removed a trailer line); the earlier one is then reported as
superseded (``applied: false``, ``superseded_by``), so a consumer replaying edits from the
report can apply them as they are.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fakes import run

from lint_corpus import report as reportlib
from lint_corpus.fixes import apply_edits
from lint_corpus.rule import Edit

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
FOLDERS = [CORPORA / name / "cases" for name in ("dev", "dev-ext")]

pytestmark = pytest.mark.skipif(not all(folder.is_dir() for folder in FOLDERS),
                                reason="the dev corpora (../shared/corpora) are not here")


def read_text(path: Path) -> str:
    """The file's text as the report's offsets count it (CRLF read as LF, as the reader does)."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


@pytest.fixture(scope="module", params=[False, True], ids=["safe", "unsafe"])
def fixed_corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    root = tmp_path_factory.mktemp("replay")
    for folder in FOLDERS:
        shutil.copytree(folder, root / "in" / folder.parent.name)
    unsafe = ["--unsafe-fixes"] if request.param else []
    code, _, err = run("fix", root / "in", "--out", root / "out", "--report",
                       root / "report.json", "--isolated", *unsafe)
    assert code in (0, 1), err
    code, sarif_text, err = run("fix", root / "in", "--out", root / "out-sarif", "--format",
                                "sarif", "--isolated", *unsafe)
    assert code in (0, 1), err
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    return root, report, json.loads(sarif_text)


def test_json_applied_edits_replay_onto_the_original(
        fixed_corpus: tuple[Path, dict[str, Any], dict[str, Any]]) -> None:
    root, report, _ = fixed_corpus
    reportlib.validate(report)
    superseded = 0
    assert len(report["documents"]) == sum(len(list(f.iterdir())) for f in FOLDERS)
    for document in report["documents"]:
        original = read_text(root / "in" / document["path"])
        edits = [Edit(edit["start"], edit["end"], edit["replacement"])
                 for finding in document["findings"]
                 if finding["fix"] and finding["fix"]["applied"]
                 for edit in finding["fix"]["edits"]]
        for finding in document["findings"]:
            by = finding["fix"] and finding["fix"].get("superseded_by")
            if by is not None:
                superseded += 1
                winner = document["findings"][by]
                assert winner["fix"]["applied"]
                assert all(any(cover["start"] <= edit["start"] <= edit["end"] <= cover["end"]
                               for cover in winner["fix"]["edits"])
                           for edit in finding["fix"]["edits"])
        replayed = apply_edits(original, edits)  # raises on overlapping edits
        assert replayed == read_text(root / "out" / document["path"]), document["path"]
    assert superseded, "no dev case has a superseded fix: this test no longer tests it"


def test_sarif_applied_edits_replay_onto_the_original_file(
        fixed_corpus: tuple[Path, dict[str, Any], dict[str, Any]]) -> None:
    root, _, sarif = fixed_corpus
    edits: dict[str, list[Edit]] = {}
    for result in sarif["runs"][0]["results"]:
        if not result.get("properties", {}).get("fixApplied"):
            continue
        for change in result["fixes"][0]["artifactChanges"]:
            uri = change["artifactLocation"]["uri"]
            for replacement in change["replacements"]:
                region = replacement["deletedRegion"]
                edits.setdefault(uri, []).append(Edit(
                    region["charOffset"], region["charOffset"] + region["charLength"],
                    replacement["insertedContent"]["text"]))
    assert edits
    base = (root / "in").as_posix()
    for uri, file_edits in edits.items():
        relative = uri.split(base + "/", 1)[-1] if base in uri else uri.split("/in/", 1)[-1]
        original = (root / "in" / relative).read_bytes().decode("utf-8-sig")
        fixed = (root / "out-sarif" / relative).read_bytes().decode("utf-8-sig")
        assert apply_edits(original, file_edits) == fixed, relative
