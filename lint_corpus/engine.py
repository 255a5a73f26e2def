"""Running rules on documents: linting, and fixing until the text converges.

The engine knows rules only through the ``Rule`` API; it never imports a specific rule.
A rule that raises is isolated: the failure is recorded against the document and named,
and the other rules still run.

This is the boundary between lint-corpus and third-party rules: a plugin rule may raise
anything (``SystemExit`` and custom ``BaseException`` subclasses included), return values of
the wrong type, or hang. Everything a plugin rule yields is checked here before any other
layer sees it, and each plugin rule gets a time budget per document; a rule that breaks
either is skipped for that document and named. The built-in rules are trusted: they get the
cheap span checks only, and no timer.
"""

from __future__ import annotations

import bisect
import itertools
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from operator import attrgetter
from types import FrameType

import orjson

from lint_corpus import suppressions
from lint_corpus.document import Document
from lint_corpus.fixes import ComposedEdits, OffsetMap, apply_edits, choose_fixes
from lint_corpus.results import DocumentResult, ReportedFinding
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Rule, Severity

#: Fix passes before giving up; a rule set that needs more is oscillating (reported).
MAX_PASSES = 10
#: Seconds a plugin rule may spend on one document (config ``rule-timeout``). The slowest
#: built-in rule needs well under a second on a 10 MB document, so a minute is a hang, not
#: a large input; long enough that a slow but sane plugin on a big page is never cut off.
DEFAULT_RULE_TIMEOUT = 60.0
#: Top-level packages whose rules are trusted (the built-in rules): no deep checks, no timer.
TRUSTED_PACKAGES = frozenset({"lint_corpus", "lint_corpus_rules"})
NOT_CONVERGED = ("fix did not converge after {passes} passes: the fixes of {rules} kept "
                 "changing the text; the output holds the text of the last pass")

#: The order of findings in a result (a C-level key: thousands of findings per document).
_finding_order = attrgetter("start", "end", "code")


class Linter:
    """Runs ``rules`` on documents. ``marks`` are the document marks the results state
    (default: those ``rules`` declare; a run states those of every installed rule)."""

    def __init__(self, rules: Sequence[Rule], *, unsafe_fixes: bool = False,
                 marks: Sequence[str] | None = None,
                 rule_timeout: float | None = DEFAULT_RULE_TIMEOUT,
                 watch: Callable[[Rule | None], None] | None = None,
                 trusted_codes: frozenset[str] | None = None) -> None:
        self.rules = list(rules)
        self.unsafe_fixes = unsafe_fixes
        self.marks = tuple(marks) if marks is not None else tuple(
            sorted({mark for rule in self.rules for mark in rule.marks}))
        #: Seconds per plugin rule per document; ``None`` or 0: no budget.
        self.rule_timeout = rule_timeout or None
        self._untrusted = {id(rule) for rule in self.rules
                           if not is_trusted(rule, trusted_codes)}
        #: Told which plugin rule is about to run (``None``: none is running), so that a
        #: process a rule kills can be explained by the process that watches it.
        self.watch = watch

    def run_rules(self, doc: Document, errors: list[str] | None = None) -> list[Finding]:
        # Markdown structure, suppression directives and a record's ignores: the rules see
        # the document with its protected regions blanked out (``suppressions``).
        structure = suppressions.structure_of(doc)
        view = doc if structure is None else structure.view(doc)
        findings: list[Finding] = []
        length = len(doc.text)
        for rule in self.rules:
            untrusted = id(rule) in self._untrusted
            try:
                # A rule that fails midway may have yielded half an analysis: keep none of it.
                seen = view if structure is None or not rule.reads_markup else \
                    structure.view(doc, rule.reads_markup)
                own = self._run_untrusted(rule, seen) if untrusted else list(rule.check(seen))
                for finding in own:
                    if untrusted:
                        _validate_types(finding)
                    _validate(finding, length)
                    if finding.fix is not None and not rule.fixable:
                        raise ValueError("a fix from a rule that declares fixable = False")
                    if finding.fix is not None and not rule.safe_fixes and \
                            finding.fix.applicability is Applicability.SAFE:
                        raise ValueError("a safe fix from a rule that declares safe_fixes = False")
                    if finding.marks and not finding.marks <= rule.marks:
                        raise ValueError(f"marks {sorted(finding.marks - rule.marks)} are not "
                                         "among the rule's declared marks")
            except KeyboardInterrupt:
                raise
            # Isolate a broken rule, the others still run. BaseException: a plugin's
            # SystemExit or custom BaseException must not end the run either.
            except BaseException as exc:
                _note(errors, f"rule {rule.code} ({rule.name}) failed: {describe_exception(exc)}")
                continue
            findings.extend(own)
        if structure is not None:
            findings = suppressions.apply(structure, doc, findings, self.rules)
        findings.sort(key=_finding_order)
        return findings

    def _run_untrusted(self, rule: Rule, doc: Document) -> list[Finding]:
        """``rule.check(doc)`` within the time budget. The budget is a ``SIGALRM`` timer,
        which only the main thread can receive: elsewhere (a linter used from a thread of
        the caller's) the rule runs without one."""
        watch = self.watch
        if watch is None:
            return self._timed(rule, doc)
        watch(rule)
        try:
            return self._timed(rule, doc)
        finally:
            watch(None)

    def _timed(self, rule: Rule, doc: Document) -> list[Finding]:
        timeout = self.rule_timeout
        if (timeout is None or not hasattr(signal, "setitimer")
                or threading.current_thread() is not threading.main_thread()):
            return list(rule.check(doc))

        def expire(signum: int, frame: FrameType | None) -> None:
            raise RuleTimeout(f"took longer than the rule-timeout of {timeout:g} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return list(rule.check(doc))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            # ``None``: a handler installed outside Python, which cannot be put back.
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)

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
        composed: ComposedEdits[ReportedFinding] = ComposedEdits()
        seen: dict[tuple[str, int, int], ReportedFinding] = {}
        coverage = _Coverage()
        text = doc.text
        current = doc
        for pass_number in range(MAX_PASSES + 1):
            findings = self.run_rules(current, result.errors)
            coverage.dirty = True  # cover by everything reported in earlier passes
            allowed = [f for f in findings if self._fix_allowed(f)]
            chosen = choose_fixes(allowed)
            # A fix that converts the file has no edits: it overlaps nothing.
            conversion = next((f for f in allowed if f.fix.writes_as), None)  # type: ignore[union-attr]
            if conversion is not None:
                chosen.append(conversion)
            chosen_ids = {id(f) for f in chosen}
            owner_of: dict[int, ReportedFinding] = {}  # id of a chosen finding -> its report
            for finding in findings:
                placed = _to_original(finding, offsets) if pass_number else finding
                key = (placed.code, placed.start, placed.end)
                if key in seen:
                    if id(finding) in chosen_ids:
                        # Report the fix that was applied: its edits, re-derived on the
                        # edited text, may differ from those first seen.
                        seen[key].finding = placed
                        seen[key].applied = True
                        owner_of[id(finding)] = seen[key]
                    continue
                if pass_number and id(finding) not in chosen_ids and coverage.covers(key, seen):
                    continue
                reported = ReportedFinding(placed, applied=id(finding) in chosen_ids)
                if reported.applied:
                    owner_of[id(finding)] = reported
                seen[key] = reported
                result.findings.append(reported)
            if not chosen:
                break
            if pass_number == MAX_PASSES:
                result.converged = False
                rules = ", ".join(sorted({f"{f.code} ({f.rule})" for f in chosen}))
                result.warnings.append(NOT_CONVERGED.format(passes=MAX_PASSES, rules=rules))
                break
            edits = [edit for f in chosen for edit in f.fix.edits]  # type: ignore[union-attr]
            if edits:
                composed.add(text, [(edit, owner_of[id(f)]) for f in chosen
                                    for edit in f.fix.edits])  # type: ignore[union-attr]
                text = apply_edits(text, edits)
                offsets.record(edits)
                current = current.revised(text)
            if conversion is not None:
                result.written_as = conversion.fix.writes_as  # type: ignore[union-attr]
                current = current.converted_to_utf8()
            result.passes = pass_number + 1
        result.fixed = text
        result.findings.sort(key=_reported_order)
        if result.passes > 1:  # one pass's fixes are disjoint: they replay as they are
            _report_composed(result.findings, composed)
        return result


class RuleTimeout(BaseException):
    """A plugin rule ran past its time budget. A ``BaseException``, so that a rule's own
    ``except Exception`` cannot swallow it and run on."""


def is_trusted(rule: Rule, trusted_codes: frozenset[str] | None = None) -> bool:
    """Whether ``rule`` is a built-in rule (trusted: see the module's docstring): one of
    ``trusted_codes`` (the registry's built-in pack) when given, else one defined in the
    built-in packages."""
    if trusted_codes is not None:
        return rule.code in trusted_codes
    return type(rule).__module__.partition(".")[0] in TRUSTED_PACKAGES


def _note(errors: list[str] | None, message: str) -> None:
    if errors is not None and message not in errors:
        errors.append(message)


def describe_exception(exc: BaseException) -> str:
    """``Type: message``, printable whatever a plugin put in its exception."""
    try:
        text = str(exc)
    except BaseException:  # a plugin's __str__ may itself be broken
        text = "<unprintable>"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _validate_types(finding: object) -> None:
    """Reject what a plugin rule yields unless every field has the type the report, the
    writers and the other layers rely on (the built-in rules are typed and tested)."""
    if not isinstance(finding, Finding):
        raise TypeError(f"yielded a {type(finding).__name__}, not a Finding")
    for name in ("code", "rule", "message"):
        _expect_text(getattr(finding, name), name)
    if not finding.message:
        raise ValueError("an empty message")
    if not isinstance(finding.severity, Severity):
        raise TypeError(f"severity {finding.severity!r} is a {type(finding.severity).__name__},"
                        " not a Severity")
    _expect_offset(finding.start, "span start")
    _expect_offset(finding.end, "span end")
    if not isinstance(finding.data, Mapping):
        raise TypeError(f"data is a {type(finding.data).__name__}, not a mapping")
    try:  # what the report will do with it: JSON, strict UTF-8, string keys
        orjson.dumps(dict(finding.data))
    except TypeError as exc:
        raise TypeError(f"data cannot be written as JSON: {exc}") from None
    marks = finding.marks
    if not isinstance(marks, frozenset) or not all(isinstance(m, str) for m in marks):
        raise TypeError("marks must be a frozenset of strings")
    fix = finding.fix
    if fix is None:
        return
    if not isinstance(fix, Fix):
        raise TypeError(f"fix is a {type(fix).__name__}, not a Fix")
    _expect_text(fix.description, "fix description")
    if not isinstance(fix.applicability, Applicability):
        raise TypeError(f"fix applicability {fix.applicability!r} is not an Applicability")
    if fix.writes_as is not None:
        _expect_text(fix.writes_as, "fix writes_as")
    if not isinstance(fix.edits, tuple):
        raise TypeError(f"fix edits are a {type(fix.edits).__name__}, not a tuple")
    for edit in fix.edits:
        if not isinstance(edit, Edit):
            raise TypeError(f"a fix edit is a {type(edit).__name__}, not an Edit")
        _expect_offset(edit.start, "edit start")
        _expect_offset(edit.end, "edit end")
        _expect_text(edit.replacement, "edit replacement")


def _expect_text(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} {value!r} is a {type(value).__name__}, not a str")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{name} is not valid Unicode (a lone surrogate at "
                         f"character {exc.start})") from None


def _expect_offset(value: object, name: str) -> None:
    if type(value) is not int:  # not a bool, not a float that happens to be whole
        raise TypeError(f"{name} {value!r} is a {type(value).__name__}, not an int")


def _report_composed(findings: list[ReportedFinding],
                     composed: ComposedEdits[ReportedFinding]) -> None:
    """Give the applied fixes the edits of the original text the passes made together.

    Each composed edit goes to the fix of the latest rule edit in it (whose text the output
    holds there), naming every fix that contributed (``combines``) when there are several. A
    fix none of whose edits remain on its own is superseded (not applied, ``superseded_by``
    names the fix holding its text); one that lost some keeps the others
    (``superseded_edits``). A fix chosen in a pass that was never applied (the pass limit)
    is not applied. So the report's applied edits never overlap and, replayed onto the
    original text, give the fixed text.
    """
    owned: dict[int, list[Edit]] = {}
    combines: dict[int, dict[int, tuple[ReportedFinding, ...]]] = {}
    lost: dict[int, int] = {}  # id of a fix -> its rule edits in others' composed edits
    holder: dict[int, ReportedFinding] = {}  # id of a fix -> a fix holding its text
    for composite in composed.composites:
        primary = composite.owners[-1]
        mine = owned.setdefault(id(primary), [])
        contributors = tuple({id(owner): owner for owner in reversed(composite.owners)}.values())
        if len(contributors) > 1:
            combines.setdefault(id(primary), {})[len(mine)] = contributors
        mine.append(composite.as_edit())
        for owner in composite.owners:
            if owner is not primary:
                lost[id(owner)] = lost.get(id(owner), 0) + 1
                holder.setdefault(id(owner), primary)
    for reported in findings:
        if not reported.applied:
            continue
        key = id(reported)
        if key not in owned:
            reported.applied = False
            reported.superseded_by = holder.get(key)
            continue
        fix = reported.finding.fix
        assert fix is not None
        edits = tuple(owned[key])
        if edits != fix.edits and edits != tuple(sorted(fix.edits, key=_edit_key)):
            fix = (Fix(fix.description, edits, fix.applicability) if type(fix) is Fix
                   else replace(fix, edits=edits))
            reported.finding = replace(reported.finding, fix=fix) \
                if type(reported.finding) is not Finding else Finding(
                    reported.finding.code, reported.finding.rule, reported.finding.severity,
                    reported.finding.message, reported.finding.start, reported.finding.end,
                    fix, reported.finding.data, reported.finding.marks)
        reported.superseded_edits = lost.get(key, 0)
        reported.combines = combines.get(key)


def _reported_order(reported: ReportedFinding) -> tuple[int, int, str]:
    return _finding_order(reported.finding)


def _validate(finding: Finding, length: int) -> None:
    """Reject spans and edits that do not fit the text, so a bad rule cannot crash a fix."""
    if not 0 <= finding.start <= finding.end <= length:
        raise ValueError(f"span {finding.start}-{finding.end} outside the text")
    if finding.fix is None:
        return
    edits = finding.fix.edits
    if finding.fix.writes_as is not None and (finding.fix.writes_as != "utf-8" or edits):
        raise ValueError("a fix that converts the file writes it as utf-8 and has no edits")
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
