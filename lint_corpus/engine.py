"""Running rules on documents: linting, and fixing until the text converges.

The engine knows rules only through the ``Rule`` API; it never imports a specific rule.
A rule that raises is isolated: the failure is recorded against the document and named,
and the other rules still run.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import replace
from operator import attrgetter

from lint_corpus.document import Document
from lint_corpus.fixes import OffsetMap, apply_edits, choose_fixes
from lint_corpus.results import DocumentResult, ReportedFinding
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Rule

#: Fix passes before giving up; a rule set that needs more is oscillating (reported).
MAX_PASSES = 10

#: The order of findings in a result (a C-level key: thousands of findings per document).
_finding_order = attrgetter("start", "end", "code")


class Linter:
    """Runs ``rules`` on documents. ``marks`` are the document marks the results state
    (default: those ``rules`` declare; a run states those of every installed rule)."""

    def __init__(self, rules: Sequence[Rule], *, unsafe_fixes: bool = False,
                 marks: Sequence[str] | None = None) -> None:
        self.rules = list(rules)
        self.unsafe_fixes = unsafe_fixes
        self.marks = tuple(marks) if marks is not None else tuple(
            sorted({mark for rule in self.rules for mark in rule.marks}))

    def run_rules(self, doc: Document, errors: list[str] | None = None) -> list[Finding]:
        findings: list[Finding] = []
        length = len(doc.text)
        for rule in self.rules:
            try:
                # A rule that fails midway may have yielded half an analysis: keep none of it.
                own = list(rule.check(doc))
                for finding in own:
                    _validate(finding, length)
                    if finding.fix is not None and not rule.fixable:
                        raise ValueError("a fix from a rule that declares fixable = False")
                    if finding.fix is not None and not rule.safe_fixes and \
                            finding.fix.applicability is Applicability.SAFE:
                        raise ValueError("a safe fix from a rule that declares safe_fixes = False")
                    if finding.marks and not finding.marks <= rule.marks:
                        raise ValueError(f"marks {sorted(finding.marks - rule.marks)} are not "
                                         "among the rule's declared marks")
            except Exception as exc:  # isolate a broken rule; the others still run
                message = f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}"
                if errors is not None and message not in errors:
                    errors.append(message)
                continue
            findings.extend(own)
        findings.sort(key=_finding_order)
        return findings

    def _fix_allowed(self, finding: Finding) -> bool:
        if finding.fix is None:
            return False
        return self.unsafe_fixes or finding.fix.applicability is Applicability.SAFE

    def check(self, doc: Document) -> DocumentResult:
        result = DocumentResult(path=doc.path, original=doc.text, id=doc.id,
                                declared_marks=self.marks)
        result.findings = [ReportedFinding(f) for f in self.run_rules(doc, result.errors)]
        return result

    def fix(self, doc: Document) -> DocumentResult:
        """Apply allowed fixes pass after pass until no allowed fix remains.

        Findings are reported in the original text's coordinates. A finding from a later
        pass is reported when its fix applies or when no earlier pass saw it.
        """
        result = DocumentResult(path=doc.path, original=doc.text, id=doc.id,
                                declared_marks=self.marks)
        offsets = OffsetMap()
        seen: dict[tuple[str, int, int], ReportedFinding] = {}
        coverage = _Coverage()
        text = doc.text
        current = doc
        for pass_number in range(MAX_PASSES + 1):
            findings = self.run_rules(current, result.errors)
            coverage.dirty = True  # cover by everything reported in earlier passes
            chosen = choose_fixes([f for f in findings if self._fix_allowed(f)])
            chosen_ids = {id(f) for f in chosen}
            for finding in findings:
                placed = _to_original(finding, offsets) if pass_number else finding
                key = (placed.code, placed.start, placed.end)
                if key in seen:
                    if id(finding) in chosen_ids:
                        # Report the fix that was applied: its edits, re-derived on the
                        # edited text, may differ from those first seen.
                        seen[key].finding = placed
                        seen[key].applied = True
                    continue
                if pass_number and id(finding) not in chosen_ids and coverage.covers(key, seen):
                    continue
                reported = ReportedFinding(placed, applied=id(finding) in chosen_ids)
                seen[key] = reported
                result.findings.append(reported)
            if not chosen:
                break
            if pass_number == MAX_PASSES:
                result.converged = False
                break
            edits = [edit for f in chosen for edit in f.fix.edits]  # type: ignore[union-attr]
            text = apply_edits(text, edits)
            offsets.record(edits)
            # The next pass's lines outside the edited span are this pass's, carried over.
            changed = (min(edit.start for edit in edits), max(edit.end for edit in edits))
            current = current.revised(text, changed=changed)
            result.passes = pass_number + 1
        result.fixed = text
        result.findings.sort(key=_reported_order)
        return result


def _reported_order(reported: ReportedFinding) -> tuple[int, int, str]:
    return _finding_order(reported.finding)


def _validate(finding: Finding, length: int) -> None:
    """Reject spans and edits that do not fit the text, so a bad rule cannot crash a fix."""
    if not 0 <= finding.start <= finding.end <= length:
        raise ValueError(f"span {finding.start}-{finding.end} outside the text")
    if finding.fix is None:
        return
    edits = finding.fix.edits
    if len(edits) == 1:  # most fixes: nothing to sort, no other edit to overlap
        edit = edits[0]
        if not 0 <= edit.start <= edit.end <= length:
            raise ValueError(f"fix edit {edit.start}-{edit.end} is out of range or overlaps "
                             "another edit of the same fix")
        return
    cursor = 0
    for edit in sorted(edits, key=_edit_key):
        if not cursor <= edit.start <= edit.end <= length:
            raise ValueError(f"fix edit {edit.start}-{edit.end} is out of range or overlaps "
                             "another edit of the same fix")
        cursor = edit.end


#: A plain tuple: dataclass ordering compares field by field in Python, slow on rules whose
#: fixes carry thousands of edits (html-residue on raw pages).
_edit_key = attrgetter("start", "end")


def _to_original(finding: Finding, offsets: OffsetMap) -> Finding:
    """``finding`` in the original text's coordinates.

    A finding (or fix) that the mapping leaves where it is comes back as it is: they are
    immutable, and most findings of a later pass lie outside the text that was edited.
    """
    to_original = offsets.to_original
    start = to_original(finding.start)
    end = max(start, to_original(finding.end, end=True))
    fix = finding.fix
    if fix is not None:
        edits = []
        moved = False
        for edit in fix.edits:
            edit_start = to_original(edit.start)
            edit_end = max(edit_start, to_original(edit.end, end=True))
            if edit_start != edit.start or edit_end != edit.end:
                edit = _moved(edit, edit_start, edit_end)
                moved = True
            edits.append(edit)
        if moved:
            fix = (Fix(fix.description, tuple(edits), fix.applicability)
                   if type(fix) is Fix else replace(fix, edits=tuple(edits)))
    if start == finding.start and end == finding.end and fix is finding.fix:
        return finding
    if type(finding) is not Finding:  # a subclass may construct itself differently
        return replace(finding, start=start, end=end, fix=fix)
    return Finding(finding.code, finding.rule, finding.severity, finding.message, start, end,
                   fix, finding.data, finding.marks)


def _moved(edit: Edit, start: int, end: int) -> Edit:
    if type(edit) is not Edit:
        return replace(edit, start=start, end=end)
    return Edit(start, end, edit.replacement)


class _Coverage:
    """Answers "does an earlier finding of the same rule span this region?" in log time.

    Per rule, spans sorted by start with the running maximum of their ends: the region is
    covered when some span starting at or before it ends at or after it. Rebuilt once per
    pass, from the findings of the earlier passes (one pass's findings are distinct).
    """

    def __init__(self) -> None:
        self.dirty = True
        self.index: dict[str, tuple[list[int], list[int]]] = {}

    def covers(self, key: tuple[str, int, int],
               seen: dict[tuple[str, int, int], ReportedFinding]) -> bool:
        if self.dirty:
            self._rebuild(seen)
        code, start, end = key
        if code not in self.index:
            return False
        starts, max_ends = self.index[code]
        position = bisect.bisect_right(starts, start) - 1
        return position >= 0 and max_ends[position] >= end

    def _rebuild(self, seen: dict[tuple[str, int, int], ReportedFinding]) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for code, start, end in seen:
            spans.setdefault(code, []).append((start, end))
        self.index = {}
        for code, items in spans.items():
            items.sort()
            max_ends = list(itertools.accumulate((e for _, e in items), max))
            self.index[code] = ([s for s, _ in items], max_ends)
        self.dirty = False
