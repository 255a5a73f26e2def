"""The engine's faster paths keep the behaviour of their plain definitions: findings, fixes
and edits built without the dataclass ``__init__`` are still frozen dataclasses, findings
mapped back to the original text equal those ``dataclasses.replace`` builds, the report's
line numbers and fix actions match their definitions, and boilerplate-header's capped word
count gives the verdicts of the full one."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules import boilerplate_header as bh

from lint_corpus import report as reportlib
from lint_corpus import trailer
from lint_corpus.document import Document, Line
from lint_corpus.engine import ReportedFinding, _to_original
from lint_corpus.fixes import OffsetMap, apply_edits
from lint_corpus.results import line_col
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Severity

# --- Finding, Fix and Edit ------------------------------------------------------------------


def test_findings_are_frozen_dataclasses_built_by_keyword() -> None:
    edit = Edit(start=1, end=3)
    fix = Fix(description="Delete it", edits=(edit,))
    finding = Finding(code="LC999", rule="test", severity=Severity.INFO, message="m",
                      start=1, end=3, fix=fix)
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "code", "rule", "severity", "message", "start", "end", "fix", "data", "marks"]
    assert (edit.replacement, fix.applicability) == ("", Applicability.SAFE)
    assert (finding.data, finding.marks) == ({}, frozenset())
    other = Finding("LC999", "test", Severity.INFO, "m", 1, 3, fix)
    assert finding.data is not other.data  # the default is a fresh dictionary each time
    assert finding == other and edit == Edit(1, 3, "") and fix == Fix("Delete it", (edit,))
    assert finding != dataclasses.replace(other, message="n")
    for obj, name in ((edit, "start"), (fix, "edits"), (finding, "start")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, 0)
    assert hash(edit) == hash(Edit(1, 3)) and Edit(1, 3) < Edit(1, 4) < Edit(2, 0)
    assert pickle.loads(pickle.dumps(finding)) == finding


def test_rule_finding_copies_its_data() -> None:
    rule = bh.BoilerplateHeader()
    data = {"a": 1}
    finding = rule.finding(0, 1, "m", data=data)
    assert finding.data == data and finding.data is not data
    assert rule.finding(0, 1, "m").data == {}
    assert (finding.code, finding.rule, finding.severity) == (rule.code, rule.name, Severity.INFO)


# --- mapping findings back to the original text --------------------------------------------


def to_original_by_definition(finding: Finding, offsets: OffsetMap) -> Finding:
    start = offsets.to_original(finding.start)
    end = max(start, offsets.to_original(finding.end, end=True))
    fix = finding.fix
    if fix is not None:
        fix = dataclasses.replace(fix, edits=tuple(
            dataclasses.replace(e, start=offsets.to_original(e.start),
                                end=max(offsets.to_original(e.start),
                                        offsets.to_original(e.end, end=True)))
            for e in fix.edits))
    return dataclasses.replace(finding, start=start, end=end, fix=fix)


spans = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=6), st.lists(spans, min_size=1, max_size=4),
       st.integers(0, 60), st.integers(0, 8), st.booleans())
def test_to_original_equals_the_replace_definition(
        applied: list[tuple[int, int]], fix_spans: list[tuple[int, int]], start: int,
        length: int, with_fix: bool) -> None:
    offsets = OffsetMap()
    disjoint: list[Edit] = []
    for edit_start, edit_end in sorted(applied):
        if not disjoint or edit_start >= disjoint[-1].end + 1:
            disjoint.append(Edit(edit_start, edit_end, "xy"[: edit_end % 3]))
    offsets.record(disjoint)
    fix = Fix("f", tuple(Edit(s, e, "r") for s, e in fix_spans)) if with_fix else None
    finding = Finding("LC999", "test", Severity.INFO, "m", start, start + length, fix,
                      {"k": 1}, frozenset({"mark"}))
    placed = _to_original(finding, offsets)
    assert placed == to_original_by_definition(finding, offsets)
    assert placed.data is finding.data


# --- the report -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r", max_size=30), st.integers(0, 30), st.integers(0, 10),
       st.lists(st.sampled_from(["", "x"]), min_size=1, max_size=3), st.booleans())
def test_finding_entry_equals_its_definition(text: str, start: int, length: int,
                                             replacements: list[str], applied: bool) -> None:
    start = min(start, len(text))
    end = min(start + length, len(text))
    edits = tuple(Edit(start, end, r) for r in replacements)
    finding = Finding("LC999", "test", Severity.WARNING, "m", start, end,
                      Fix("f", edits, Applicability.UNSAFE), {"n": 2})
    entry = reportlib.finding_entry(text, ReportedFinding(finding, applied))
    line, column = line_col(text, start)
    end_line, _ = line_col(text, max(start, end - 1))
    assert (entry["line"], entry["column"], entry["end_line"]) == (line, column, end_line)
    assert entry["fix"]["action"] == finding.fix.action  # type: ignore[union-attr]
    assert entry["fix"]["chars_removed"] == sum(
        e.end - e.start - len(e.replacement) for e in edits)


def test_apply_edits_orders_edits_as_their_dataclass_order() -> None:
    edits = [Edit(4, 5, "b"), Edit(0, 1, "a"), Edit(2, 2, "z"), Edit(2, 3, "")]
    assert apply_edits("012345", edits) == "a1z3b5"
    offsets = OffsetMap()
    offsets.record(edits)
    assert offsets.passes[0].edits == tuple(sorted(edits))


# --- boilerplate-header ---------------------------------------------------------------------


def test_the_word_cap_is_above_what_is_prose_compares() -> None:
    assert trailer._LINES.words_cap > 12


WORDS = ["word", "詞", "two words", "。", ".", " ", "x" * 30, "長文" * 120, "end."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=120))
def test_is_prose_equals_the_full_word_count(pieces: list[str]) -> None:
    line: Line = Document("".join(pieces)).lines[0]
    expected = line.words >= 12 or (line.ends_sentence and line.words >= 8)
    assert bh._is_prose(line) is expected


