"""A report's applied edits replay: applied onto the original text in order, the edits a report
says were applied (JSON ``fix.applied``, SARIF ``fixApplied``) never overlap and give exactly
the text ``fix`` wrote.

Checked on real documents (the seeds, and the dev and dev-ext cases when ``../shared`` is
here) and on generated documents built to make fix passes interact (markup that html-residue
turns into blank lines that bad-whitespace then trims, entity chains, link lists over edited
lines, repeated paragraphs), with and without unsafe fixes; and, below the CLI, on random
passes of random edits composed by ``ComposedEdits``.

A fix of a later pass can edit text an earlier fix wrote: wholly (LC103 deleting a link list
inside which LC104 had removed a line), or partly (LC203 trimming blank lines that LC202 left
where markup was). The report then gives one edit of the original text for both, in the later
fix, naming every contributing fix (``combines``); a fix none of whose edits remain on its
own is superseded (``applied: false``, ``superseded_by``).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from fakes import run
from hypothesis import given, settings
from hypothesis import strategies as st

from lint_corpus import report as reportlib
from lint_corpus.fixes import ComposedEdits, apply_edits
from lint_corpus.rule import Edit

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
REAL_FOLDERS = [ROOT / "seeds"] + [
    folder for folder in (CORPORA / "dev" / "cases", CORPORA / "dev-ext" / "cases")
    if folder.is_dir()]
#: Generated documents per run: enough that every interaction below happens many times.
GENERATED_DOCUMENTS = 160
GENERATOR_SEED = 1313


def read_text(path: Path) -> str:
    """The file's text as the report's offsets count it (CRLF read as LF, as the reader does)."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def generated_document(rng: random.Random, paragraphs: list[str]) -> str:
    """A document whose defects make fix passes edit each other's text."""
    pieces: list[str] = []
    for _ in range(rng.randint(3, 12)):
        kind = rng.random()
        paragraph = rng.choice(paragraphs)
        if kind < 0.25:  # markup with blank lines and spaces around it
            tag = rng.choice(["div", "p", "span", "li", "section"])
            pieces.append(f"<{tag} class=\"c{rng.randint(0, 9)}\">" + "\n" * rng.randint(0, 4)
                          + " " * rng.randint(0, 3) + paragraph + "\n" * rng.randint(0, 3)
                          + f"</{tag}>" + " " * rng.randint(0, 2))
        elif kind < 0.35:  # an entity chain inside text
            pieces.append(paragraph[:20] + "&" + "amp;" * rng.randint(1, 6) + "lt;b&gt;"
                          + paragraph[20:])
        elif kind < 0.45:  # whitespace-only lines and runs of blank lines
            pieces.append(" \t" * rng.randint(1, 3) + "\n" * rng.randint(2, 6))
        elif kind < 0.55:  # a paragraph repeated
            pieces.extend([paragraph] * rng.randint(2, 3))
        elif kind < 0.65:  # a link list, with markup on some of its lines
            items = [rng.choice(paragraphs)[:30].strip() for _ in range(rng.randint(4, 9))]
            pieces.append("Related\n" + "\n".join(
                f"<li><a href=\"/{n}\">{item}</a></li>" if rng.random() < 0.5 else f"- {item}"
                for n, item in enumerate(items)))
        else:
            pieces.append(paragraph + " " * rng.randint(0, 2))
    text = "\n\n".join(pieces) + "\n"
    ending = rng.random()
    if ending < 0.2:
        text += "\n\n•\n•\n\n"
    elif ending < 0.35:
        text += text.splitlines()[0][:25]  # cut mid-sentence
    return text


def paragraphs_of(folders: list[Path]) -> list[str]:
    found = [paragraph.strip() for folder in folders for path in sorted(folder.glob("*.txt"))
             for paragraph in read_text(path).split("\n\n") if 20 < len(paragraph.strip()) < 600]
    assert found
    return found


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("replay-in")
    for folder in REAL_FOLDERS:
        name = folder.name if folder.name != "cases" else folder.parent.name
        shutil.copytree(folder, root / name, ignore=shutil.ignore_patterns("expected"))
    rng = random.Random(GENERATOR_SEED)
    paragraphs = paragraphs_of(REAL_FOLDERS)
    (root / "generated").mkdir()
    for number in range(GENERATED_DOCUMENTS):
        (root / "generated" / f"g{number:03}.txt").write_text(
            generated_document(rng, paragraphs), "utf-8")
    return root


@pytest.fixture(scope="module", params=[False, True], ids=["safe", "unsafe"])
def fixed_corpus(request: pytest.FixtureRequest, inputs: Path,
                 tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, Path, dict[str, Any], Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("replay-out")
    unsafe = ["--unsafe-fixes"] if request.param else []
    code, _, err = run("fix", inputs, "--out", root / "out", "--report", root / "report.json",
                       "--isolated", *unsafe)
    assert code in (0, 1), err
    code, sarif_text, err = run("fix", inputs, "--out", root / "out-sarif", "--format", "sarif",
                                "--isolated", *unsafe)
    assert code in (0, 1), err
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    return inputs, root / "out", report, root / "out-sarif", json.loads(sarif_text)


def assert_disjoint(edits: list[Edit], where: str) -> None:
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert not before.overlaps(after), f"{where}: {before} overlaps {after}"


def test_json_applied_edits_replay_onto_the_original(
        fixed_corpus: tuple[Path, Path, dict[str, Any], Path, dict[str, Any]]) -> None:
    inputs, out, report, _, _ = fixed_corpus
    reportlib.validate(report)
    superseded = combined = 0
    assert len(report["documents"]) == sum(1 for path in inputs.rglob("*") if path.is_file())
    for document in report["documents"]:
        findings = document["findings"]
        original = read_text(inputs / document["path"])
        edits = [Edit(edit["start"], edit["end"], edit["replacement"])
                 for finding in findings if finding["fix"] and finding["fix"]["applied"]
                 for edit in finding["fix"]["edits"]]
        for index, finding in enumerate(findings):
            fix = finding["fix"]
            if fix is None:
                continue
            by = fix.get("superseded_by")
            if by is not None:
                superseded += 1
                winner = findings[by]["fix"]
                assert winner["applied"] and not fix["applied"]
                # Its edits are inside the edits that hold the output's text there.
                assert all(any(cover["start"] <= edit["start"] <= edit["end"] <= cover["end"]
                               for cover in winner["edits"]) for edit in fix["edits"])
            for edit in fix["edits"] if fix["applied"] else ():
                if "combines" in edit:
                    combined += 1
                    assert edit["combines"][0] == index
                    assert all(findings[other]["fix"] for other in edit["combines"])
        assert_disjoint(edits, document["path"])
        replayed = apply_edits(original, edits)
        assert replayed == read_text(out / document["path"]), document["path"]
    assert superseded and combined, "no fix was superseded or combined: this tests nothing"


def test_sarif_applied_edits_replay_onto_the_original_file(
        fixed_corpus: tuple[Path, Path, dict[str, Any], Path, dict[str, Any]],
        assert_valid_sarif: Any) -> None:
    inputs, _, _, out, sarif = fixed_corpus
    assert_valid_sarif(sarif)
    edits: dict[str, list[Edit]] = {}
    combined = 0
    for result in sarif["runs"][0]["results"]:
        if not result.get("properties", {}).get("fixApplied"):
            continue
        for change in result["fixes"][0]["artifactChanges"]:
            uri = change["artifactLocation"]["uri"]
            for replacement in change["replacements"]:
                region = replacement["deletedRegion"]
                combined += "combines" in replacement.get("properties", {})
                edits.setdefault(uri, []).append(Edit(
                    region["charOffset"], region["charOffset"] + region["charLength"],
                    replacement["insertedContent"]["text"]))
    assert edits and combined
    base = inputs.as_posix()
    for uri, file_edits in edits.items():
        relative = uri.split(base + "/", 1)[-1]
        original = (inputs / relative).read_bytes().decode("utf-8-sig")
        fixed = (out / relative).read_bytes().decode("utf-8-sig")
        assert_disjoint(file_edits, relative)
        assert apply_edits(original, file_edits) == fixed, relative


@st.composite
def passes(draw: st.DrawFn) -> tuple[str, list[list[Edit]]]:
    """A text and up to four passes of disjoint edits, each in the text the earlier made."""
    text = draw(st.text("ab\n", min_size=0, max_size=30))
    current = text
    all_passes = []
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=8)))
        edits: list[Edit] = []
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            if edits and edits[-1].start == edits[-1].end == start == end:
                continue  # two insertions at one point: one pass never holds them
            edits.append(Edit(start, end, draw(st.text("XYZ", max_size=4))))
        all_passes.append(edits)
        current = apply_edits(current, edits)
    return text, all_passes


@settings(max_examples=1500, deadline=None)
@given(passes())
def test_composed_edits_replay_any_passes(case: tuple[str, list[list[Edit]]]) -> None:
    text, all_passes = case
    composed: ComposedEdits[int] = ComposedEdits()
    current = text
    for number, edits in enumerate(all_passes):
        composed.add(current, [(edit, number) for edit in edits])
        current = apply_edits(current, edits)
    result = composed.edits()
    assert_disjoint(result, "composed")
    assert apply_edits(text, result) == current
    # Every pass's edits are accounted for in some composed edit.
    owners = sorted(owner for composite in composed.composites for owner in composite.owners)
    assert owners == sorted(number for number, edits in enumerate(all_passes) for _ in edits)
