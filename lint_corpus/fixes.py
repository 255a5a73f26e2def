"""Applying fixes: choosing a non-overlapping set deterministically, and mapping offsets back.

Overlapping fixes are resolved like ruff does: sort by position (then code), take each fix
whose edits touch nothing already taken, and leave the rest for the next pass, where the
rules run again on the edited text and re-derive whatever still applies.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from lint_corpus.rule import Edit, Finding

#: The order ``Edit``'s dataclass comparison gives (start, end, replacement), as a C-level
#: key: the generated ``__lt__`` builds two tuples in Python for every comparison.
_edit_order = attrgetter("start", "end", "replacement")


def choose_fixes(findings: Sequence[Finding]) -> list[Finding]:
    """The findings whose fixes apply together this pass, in a deterministic order."""
    with_fix = [f for f in findings if f.fix is not None and f.fix.edits]
    with_fix.sort(key=_choice_order)
    taken = _TakenEdits()
    chosen: list[Finding] = []
    overlaps, add = taken.overlaps, taken.add
    for finding in with_fix:
        assert finding.fix is not None
        edits = finding.fix.edits
        if len(edits) == 1:  # most fixes: no generator for one edit
            if overlaps(edits[0]):
                continue
            add(edits[0])
        else:
            if any(overlaps(edit) for edit in edits):
                continue
            for edit in edits:
                add(edit)
        chosen.append(finding)
    return chosen


def _choice_order(finding: Finding) -> tuple[int, str, int, int]:
    edits = finding.fix.edits  # type: ignore[union-attr]
    first = edits[0].start if len(edits) == 1 else min(edit.start for edit in edits)
    return first, finding.code, finding.start, finding.end


class _TakenEdits:
    """Disjoint edits kept sorted by start, so an overlap test looks at a few neighbours.

    A rule such as html-residue can propose thousands of edits in one document; testing each
    against every taken edit made choosing fixes quadratic.
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []

    def overlaps(self, edit: Edit) -> bool:
        # Taken edits are disjoint, so only the one starting before ``edit`` and those
        # starting inside it (or at its end, for insertions) can overlap it.
        index = max(bisect.bisect_left(self.starts, edit.start) - 1, 0)
        while index < len(self.edits) and self.starts[index] <= edit.end:
            if edit.overlaps(self.edits[index]):
                return True
            index += 1
        return False

    def add(self, edit: Edit) -> None:
        index = bisect.bisect_right(self.starts, edit.start)
        self.starts.insert(index, edit.start)
        self.edits.insert(index, edit)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits given in ``text``'s coordinates."""
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=_edit_order):
        if edit.start < cursor or edit.end > len(text) or edit.start > edit.end:
            raise ValueError(f"edit {edit} is out of order or out of range")
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@dataclass(frozen=True)
class _Pass:
    """One pass's edits with where each landed in the edited text, for binary search."""

    edits: tuple[Edit, ...]
    new_starts: tuple[int, ...]
    shifts_after: tuple[int, ...]  # total length change up to and including each edit


class OffsetMap:
    """Maps offsets in text edited over several passes back to the original text."""

    def __init__(self) -> None:
        self.passes: list[_Pass] = []

    def record(self, edits: Sequence[Edit]) -> None:
        ordered = tuple(sorted(edits, key=_edit_order))
        new_starts, shifts_after, shift = [], [], 0
        for edit in ordered:
            new_starts.append(edit.start + shift)
            shift += len(edit.replacement) - (edit.end - edit.start)
            shifts_after.append(shift)
        self.passes.append(_Pass(ordered, tuple(new_starts), tuple(shifts_after)))

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """The original offset of ``offset``. An ``end`` offset (exclusive) that sits where
        text was deleted maps to before the deleted text, a start offset to after it, so a
        span never swallows text that an earlier fix removed."""
        for edits in reversed(self.passes):
            offset = _map_back(offset, edits, end)
        return offset


def _map_back(offset: int, edits: _Pass, end: bool) -> int:
    # The edits before ``offset`` in the edited text: for an end offset, those starting
    # strictly before it; for a start offset, those starting at or before it.
    if end:
        count = bisect.bisect_left(edits.new_starts, offset)
    else:
        count = bisect.bisect_right(edits.new_starts, offset)
    if count == 0:
        return offset
    last = edits.edits[count - 1]
    # Edited spans are disjoint and sorted, so only the last edit before can contain it.
    if offset < edits.new_starts[count - 1] + len(last.replacement):
        # Inside a replacement: a start points at what it replaced, an end past it.
        return last.end if end else last.start
    return offset - edits.shifts_after[count - 1]
