"""The engine and the registry, driven by small test-only rules (never registered)."""

from __future__ import annotations

import importlib.metadata
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint_corpus import registry
from lint_corpus.document import Document
from lint_corpus.engine import MAX_PASSES, DocumentResult, Linter
from lint_corpus.fixes import OffsetMap, apply_edits, choose_fixes
from lint_corpus.report import build_report, validate
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Rule

# --- test rules ----------------------------------------------------------------------------


class PatternRule(Rule):
    """Replaces every match of ``pattern`` with ``replacement``.

    What it does: test rule. Why is this bad?: test. Example: test. Fix: replaces the match.
    """

    summary = "test rule"
    pattern: ClassVar[str]
    replacement: ClassVar[str] = ""
    applicability: ClassVar[Applicability] = Applicability.SAFE
    first_only: ClassVar[bool] = False

    def check(self, doc: Document) -> Iterator[Finding]:
        for match in re.finditer(self.pattern, doc.text):
            fix = Fix(f"Replace {match.group()!r}",
                      (Edit(match.start(), match.end(), self.replacement),), self.applicability)
            yield self.finding(match.start(), match.end(), f"found {match.group()!r}", fix=fix)
            if self.first_only:
                return


def pattern_rule(code: str, pattern: str, replacement: str = "", **attrs: Any) -> type[Rule]:
    name = "test-" + code.lower()
    namespace = {"code": code, "name": name, "pattern": pattern,
                 "replacement": replacement, **attrs}
    return type(f"Rule{code}", (PatternRule,), namespace)


class Boom(Rule):
    """What it does: raises. Why is this bad?: test. Example: test. Fix: none."""

    code = "TE900"
    name = "boom"
    summary = "always raises"

    def check(self, doc: Document) -> Iterator[Finding]:
        raise RuntimeError("kaboom")


class Yields(Rule):
    """What it does: yields the given findings. Why is this bad?: test. Example: -. Fix: -."""

    code = "TE901"
    name = "yields"
    summary = "yields fixed findings"

    def __init__(self, spans: list[tuple[int, int]],
                 edits: list[list[Edit]] | None = None) -> None:
        super().__init__()
        self.spans = spans
        self.edits = edits

    def check(self, doc: Document) -> Iterator[Finding]:
        for index, (start, end) in enumerate(self.spans):
            fix = Fix("Apply", tuple(self.edits[index])) if self.edits else None
            yield self.finding(start, end, "test finding", fix=fix)


def codes(result: DocumentResult) -> list[str]:
    return [r.finding.code for r in result.findings]


# --- rule isolation ------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["check", "fix"])
def test_a_raising_rule_is_isolated_and_named(mode: str) -> None:
    junk = pattern_rule("TE100", "JUNK ")
    linter = Linter([Boom(), junk()])
    doc = Document("keep JUNK keep")
    result = linter.check(doc) if mode == "check" else linter.fix(doc)
    assert codes(result) == ["TE100"]
    assert result.errors == ["rule TE900 (boom) failed: RuntimeError: kaboom"]
    assert result.status == "error"
    if mode == "fix":
        assert result.fixed == "keep keep"
    report = build_report(mode, linter.rules, [result])
    validate(report)
    assert report["documents"][0]["errors"] == result.errors


def test_a_rule_failing_only_on_fixed_text_is_reported() -> None:
    class FailsAfterFix(Rule):
        """What it does: -. Why is this bad?: -. Example: -. Fix: -."""

        code, name, summary = "TE902", "fails-after-fix", "fails on the fixed text"

        def check(self, doc: Document) -> Iterator[Finding]:
            if "JUNK" not in doc.text:
                raise ValueError("no junk left")
            return iter(())

    result = Linter([FailsAfterFix(), pattern_rule("TE100", "JUNK ")()]).fix(Document("a JUNK b"))
    assert result.fixed == "a b"
    assert result.errors == ["rule TE902 (fails-after-fix) failed: ValueError: no junk left"]


@pytest.mark.parametrize(("spans", "edits"), [
    ([(0, 99)], None),                              # span past the end
    ([(5, 3)], None),                               # start after end
    ([(-1, 2)], None),                              # negative start
    ([(0, 2)], [[Edit(0, 99)]]),                    # fix edit past the end
    ([(0, 2)], [[Edit(3, 1)]]),                     # fix edit reversed
    ([(0, 4)], [[Edit(0, 3), Edit(2, 4)]]),         # a fix's own edits overlap
])
def test_out_of_range_spans_are_a_rule_error(spans: list[tuple[int, int]],
                                             edits: list[list[Edit]] | None) -> None:
    text = "abcdefgh"
    linter = Linter([Yields(spans, edits), pattern_rule("TE100", "c")()])
    checked = linter.check(Document(text))
    fixed = linter.fix(Document(text))  # must not raise
    for result in (checked, fixed):
        assert len(result.errors) == 1
        assert result.errors[0].startswith("rule TE901 (yields) failed: ValueError:")
        assert codes(result) == ["TE100"]  # the broken rule's findings are dropped
    assert fixed.fixed == "abdefgh"


def test_findings_of_a_rule_that_fails_midway_are_dropped() -> None:
    """A rule that raised may have yielded half an analysis; none of it is trusted."""
    linter = Linter([Yields([(0, 1), (7, 99)], [[Edit(0, 1)], [Edit(7, 8)]])])
    result = linter.fix(Document("abcdefgh"))
    assert result.findings == []
    assert result.fixed == "abcdefgh"
    assert result.status == "error"


# --- overlapping fixes ---------------------------------------------------------------------

def test_overlapping_fixes_resolve_the_same_in_any_rule_order() -> None:
    first, second = pattern_rule("TE101", "XY"), pattern_rule("TE102", "YZ", "-")
    text = "aXYZb XYZ"
    results = [Linter([a(), b()]).fix(Document(text)) for a, b in ((first, second),
                                                                  (second, first))]
    assert results[0].fixed == results[1].fixed == "aZb Z"
    for result in results:
        assert [(r.finding.code, r.finding.start, r.applied) for r in result.findings] == [
            ("TE101", 1, True), ("TE102", 2, False), ("TE101", 6, True), ("TE102", 7, False)]


def test_choose_fixes_prefers_earlier_edit_then_lower_code() -> None:
    def finding(code: str, start: int, end: int) -> Finding:
        return Finding(code, code.lower(), Rule.severity, "m", start, end,
                       Fix.delete(start, end, "Delete"))

    same_start = [finding("TE2", 0, 3), finding("TE1", 0, 5)]
    assert [f.code for f in choose_fixes(same_start)] == ["TE1"]
    assert [f.code for f in choose_fixes(list(reversed(same_start)))] == ["TE1"]
    earlier = [finding("TE1", 2, 6), finding("TE9", 1, 3), finding("TE5", 6, 8)]
    assert [f.code for f in choose_fixes(earlier)] == ["TE9", "TE5"]


def test_two_insertions_at_one_point_are_not_both_applied() -> None:
    a = Edit(3, 3, "x")
    assert a.overlaps(Edit(3, 3, "y"))
    assert not a.overlaps(Edit(3, 5))
    assert not Edit(1, 3).overlaps(Edit(3, 4))


def test_apply_edits_rejects_overlap() -> None:
    assert apply_edits("abcdef", [Edit(4, 6, "!"), Edit(0, 1)]) == "bcd!"
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3), Edit(2, 4)])


# --- the fix loop --------------------------------------------------------------------------

def test_fix_loop_converges_and_maps_spans_to_the_original() -> None:
    one_at_a_time = pattern_rule("TE103", "JUNK ", first_only=True)
    text = "a JUNK b JUNK c JUNK d"
    result = Linter([one_at_a_time()]).fix(Document(text))
    assert result.fixed == "a b c d"
    assert result.converged and result.passes == 3
    spans = [(r.finding.start, r.finding.end) for r in result.findings]
    assert spans == [(2, 7), (9, 14), (16, 21)]
    assert all(text[s:e] == "JUNK " for s, e in spans)
    assert all(r.applied for r in result.findings)
    for reported in result.findings:
        assert reported.finding.fix is not None
        (edit,) = reported.finding.fix.edits
        assert text[edit.start:edit.end] == "JUNK "


def test_later_pass_span_ending_at_an_earlier_deletion_excludes_it() -> None:
    """'zz' only becomes deletable once '##' is gone; its span must not swallow the '##'."""
    hashes = pattern_rule("TE104", "##")
    zz_at_line_end = pattern_rule("TE105", "zz(?=\n)")
    text = "zz##\nrest\n"
    result = Linter([hashes(), zz_at_line_end()]).fix(Document(text))
    assert result.fixed == "\nrest\n"
    placed = {r.finding.code: (r.finding.start, r.finding.end, r.applied) for r in result.findings}
    assert placed == {"TE104": (2, 4, True), "TE105": (0, 2, True)}
    report = build_report("fix", [], [result])
    removed = sum(f["fix"]["chars_removed"] for f in report["documents"][0]["findings"])
    assert removed == len(text) - len(result.fixed)


def test_a_fix_applied_in_a_later_pass_reports_the_edits_it_made() -> None:
    """TE111's fix first loses to TE110's overlapping one; re-derived on the edited text, it
    reaches further back, and the report must show the edit that was applied, not the first."""

    class TailWithContext(Rule):
        """What it does: -. Why is this bad?: -. Example: -. Fix: -."""

        code, name, summary = "TE111", "tail-with-context", "deletes TAIL and two chars before"

        def check(self, doc: Document) -> Iterator[Finding]:
            at = doc.text.find("TAIL")
            if at >= 2:
                yield self.finding(at, at + 4, "tail",
                                   fix=Fix.delete(at - 2, len(doc.text), "Delete the tail"))

    text = "abXXTAIL"
    result = Linter([TailWithContext(), pattern_rule("TE110", "XX")()]).fix(Document(text))
    assert result.fixed == ""
    placed = {r.finding.code: r for r in result.findings}
    # TE110's fix ran, then TE111's deleted all of it: TE110 is reported superseded, so the
    # applied edits do not overlap (13.9).
    assert placed["TE111"].applied and not placed["TE110"].applied
    assert placed["TE110"].superseded_by is placed["TE111"]
    assert (placed["TE111"].finding.start, placed["TE111"].finding.end) == (4, 8)
    assert placed["TE111"].finding.fix is not None
    assert placed["TE111"].finding.fix.edits == (Edit(0, 8),)


def test_offset_map_directly() -> None:
    offsets = OffsetMap()
    assert offsets.to_original(5) == 5
    offsets.record([Edit(2, 7)])              # "a JUNK b JUNK c" -> "a b JUNK c"
    offsets.record([Edit(4, 9, "XY")])        # "a b JUNK c"      -> "a b XYc"
    assert offsets.to_original(0) == 0
    assert offsets.to_original(2) == 7        # right after the first deletion
    assert offsets.to_original(4) == 9        # start of the replacement: what it replaced
    assert offsets.to_original(5) == 9        # inside the replacement
    assert offsets.to_original(6) == 14       # after the replacement
    assert offsets.to_original(7) == 15       # the end of the text
    assert offsets.to_original(2, end=True) == 2   # an end at a deletion stays before it
    assert offsets.to_original(6, end=True) == 14


def test_oscillating_rules_stop_at_max_passes() -> None:
    calls: list[str] = []

    class Counting(PatternRule):
        def check(self, doc: Document) -> Iterator[Finding]:
            calls.append(doc.text)
            return super().check(doc)

    a_to_b = type("AtoB", (Counting,), {"code": "TE106", "name": "a-to-b",
                                        "pattern": "A", "replacement": "B"})
    b_to_a = type("BtoA", (Counting,), {"code": "TE107", "name": "b-to-a",
                                        "pattern": "B", "replacement": "A"})
    result = Linter([a_to_b(), b_to_a()]).fix(Document("xAx"))
    assert result.converged is False
    assert result.passes == MAX_PASSES
    assert len(calls) == 2 * (MAX_PASSES + 1)
    assert result.fixed in {"xAx", "xBx"}
    report = build_report("fix", [], [result])
    validate(report)
    assert report["documents"][0]["converged"] is False


@pytest.mark.parametrize("unsafe_fixes", [False, True])
def test_unsafe_fixes_need_the_flag(unsafe_fixes: bool) -> None:
    unsafe = pattern_rule("TE108", "maybe ", applicability=Applicability.UNSAFE)
    safe = pattern_rule("TE109", "surely ")
    result = Linter([unsafe(), safe()], unsafe_fixes=unsafe_fixes).fix(
        Document("maybe junk surely junk"))
    applied = {r.finding.code: r.applied for r in result.findings}
    assert applied == {"TE108": unsafe_fixes, "TE109": True}
    assert result.fixed == ("junk junk" if unsafe_fixes else "maybe junk junk")


def test_check_never_applies_fixes() -> None:
    result = Linter([pattern_rule("TE100", "JUNK ")()]).check(Document("a JUNK b"))
    assert result.fixed is None and not result.changed
    assert [r.applied for r in result.findings] == [False]
    assert result.status == "flagged"


# --- registry ------------------------------------------------------------------------------

RuleA = pattern_rule("LC901", "a")
RuleB = pattern_rule("LC902", "b")
RuleC = pattern_rule("LD100", "c")


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    ((), (), ["LC901", "LC902", "LD100"]),
    (("LC901",), (), ["LC901"]),
    (("lc9",), (), ["LC901", "LC902"]),
    (("LC",), ("test-lc902",), ["LC901"]),
    (("test-ld100", "LC902"), (), ["LC902", "LD100"]),
    (("ALL",), ("LD",), ["LC901", "LC902"]),
])
def test_select_rules(select: tuple[str, ...], ignore: tuple[str, ...],
                      expected: list[str]) -> None:
    chosen = registry.select_rules([RuleA, RuleB, RuleC], select, ignore)
    assert [cls.code for cls in chosen] == expected


def test_unknown_selector_names_the_known_rules() -> None:
    with pytest.raises(registry.RegistryError, match=r"unknown rule 'nope'.*LC901 \(test-lc901\)"):
        registry.select_rules([RuleA], ["nope"])


def _no_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: [])


def test_duplicate_code_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_builtins(monkeypatch)
    clash = type("Clash", (PatternRule,), {"code": "LC901", "name": "other", "pattern": "x"})
    with pytest.raises(registry.RegistryError, match="both use 'LC901'"):
        registry.all_rules([RuleA, clash])


def test_duplicate_name_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_builtins(monkeypatch)
    clash = type("Clash", (PatternRule,), {"code": "LC999", "name": "test-lc901",
                                           "pattern": "x"})
    with pytest.raises(registry.RegistryError, match="both use 'test-lc901'"):
        registry.all_rules([RuleA, clash])


def test_same_class_twice_is_not_a_clash(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_builtins(monkeypatch)
    assert registry.all_rules([RuleB, RuleA, RuleB]) == [RuleA, RuleB]


@dataclass
class FakeEntryPoint:
    name: str
    target: object
    value: str = "fake_plugin:target"

    def load(self) -> object:
        if isinstance(self.target, Exception):
            raise self.target
        return self.target


def _entry_points(monkeypatch: pytest.MonkeyPatch, *points: FakeEntryPoint) -> None:
    def entry_points(*, group: str) -> list[FakeEntryPoint]:
        assert group == registry.ENTRY_POINT_GROUP
        return list(points)

    # registry.py calls importlib.metadata.entry_points(group=...) at discovery time.
    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_entry_point_plugins_are_discovered_and_sorted(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin_module = types.ModuleType("fake_plugin_pack")
    InModule = type("InModule", (PatternRule,), {"code": "AA001", "name": "in-module",
                                                 "pattern": "q", "__module__": "fake_plugin_pack"})
    plugin_module.InModule = InModule  # type: ignore[attr-defined]
    _entry_points(monkeypatch, FakeEntryPoint("zz-class", RuleC),
                  FakeEntryPoint("aa-module", plugin_module))
    monkeypatch.setattr(registry, "builtin_rules", lambda: [RuleB, RuleA])
    found = registry.all_rules()
    assert [cls.code for cls in found] == ["AA001", "LC901", "LC902", "LD100"]
    assert found[0] is InModule


def test_real_builtins_and_plugins_go_through_one_path(monkeypatch: pytest.MonkeyPatch) -> None:
    _entry_points(monkeypatch, FakeEntryPoint("late", RuleC))
    builtin = registry.builtin_rules()
    found = registry.all_rules()
    assert RuleC in found
    assert [cls.code for cls in found] == sorted(cls.code for cls in [*builtin, RuleC])


@pytest.mark.parametrize(("target", "message"), [
    (ImportError("No module named 'gone'"), "rule plugin 'broken' failed to load"),
    ("not a rule", "rule plugin 'broken' is not a Rule class or module"),
])
def test_broken_plugin_is_named(monkeypatch: pytest.MonkeyPatch, target: object,
                                message: str) -> None:
    _entry_points(monkeypatch, FakeEntryPoint("broken", target))
    with pytest.raises(registry.RegistryError, match=message):
        registry.all_rules()


def _naive_map_back(offset: int, edits: list[Edit], end: bool) -> int:
    """The linear walk the bisect version replaced, kept as the reference."""
    shift = 0
    for edit in sorted(edits):
        new_start = edit.start + shift
        if offset < new_start or (end and offset == new_start):
            break
        if offset < new_start + len(edit.replacement):
            return edit.end if end else edit.start
        shift += len(edit.replacement) - (edit.end - edit.start)
    return offset - shift


@st.composite
def _disjoint_edits(draw: st.DrawFn) -> tuple[int, list[Edit]]:
    length = draw(st.integers(0, 60))
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=12)))
    edits, cursor = [], 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a >= cursor:
            edits.append(Edit(a, b, draw(st.text("xyz", max_size=4))))
            cursor = b + 1
    return length, edits


@given(_disjoint_edits(), st.data())
def test_offset_map_matches_the_linear_reference(case: tuple[int, list[Edit]],
                                                 data: st.DataObject) -> None:
    length, edits = case
    offsets = OffsetMap()
    offsets.record(edits)
    new_length = length + sum(len(e.replacement) - (e.end - e.start) for e in edits)
    offset = data.draw(st.integers(0, max(new_length, 0)))
    for end in (False, True):
        assert offsets.to_original(offset, end=end) == _naive_map_back(offset, edits, end)
