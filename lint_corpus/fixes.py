"""Applying fixes: choosing a non-overlapping set deterministically, mapping offsets back, and
composing the edits of all passes into edits of the original text (what the report lists).

Overlapping fixes are resolved like ruff does: sort by position (then code), take each fix
whose edits touch nothing already taken, and leave the rest for the next pass, where the
rules run again on the edited text and re-derive whatever still applies.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Generic, TypeVar

from lint_corpus.rule import Edit, Finding

#: The order ``Edit``'s dataclass comparison gives (start, end, replacement), as a C-level
#: key: the generated ``__lt__`` builds two tuples in Python for every comparison.
_edit_order = attrgetter("start", "end", "replacement")
#: Whatever the caller ties to each edit (the engine: the reported finding whose fix made it).
Owner = TypeVar("Owner")


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


@dataclass
class Composite(Generic[Owner]):
    """One edit of the original text that the fix passes made, with whose fixes made it.

    ``owners`` holds one entry per rule edit that went into it, in the order the passes
    made them, so the last entry is the latest pass's (whose text the output holds).
    """

    start: int
    end: int
    replacement: str
    owners: list[Owner]

    def as_edit(self) -> Edit:
        return Edit(self.start, self.end, self.replacement)


class ComposedEdits(Generic[Owner]):
    """The edits of all fix passes so far, composed into one set of edits of the original text.

    Each pass's edits are in the coordinates of the text that pass saw. Mapped back one by
    one, an edit of a later pass that lies partly inside an earlier edit's replacement cannot
    be expressed in the original text without the earlier edit; so such edits are merged:
    the earlier edit and every later edit that overlaps its replacement (or, for two
    insertions, the same point, where their order would otherwise be arbitrary) become one
    edit of the original text whose replacement is what the output holds there. The result
    never overlaps and, applied onto the original text, gives the fixed text exactly.
    """

    def __init__(self) -> None:
        self._composites: list[Composite[Owner]] = []
        #: The first pass's edits, composed only when a second pass comes (most documents
        #: need one pass, whose edits are the composed ones as they are).
        self._first: list[tuple[Edit, Owner]] = []

    @property
    def composites(self) -> list[Composite[Owner]]:
        """The composed edits: disjoint, sorted by start (in the original text)."""
        if self._first:
            self._composites = [Composite(e.start, e.end, e.replacement, [owner])
                                for e, owner in self._first]
            self._first = []
        return self._composites

    def add(self, text: str, edits: Sequence[tuple[Edit, Owner]]) -> None:
        """Compose one pass's ``edits`` (disjoint, in ``text``'s coordinates; ``text`` is what
        the earlier passes made of the original) with those of the earlier passes."""
        ordered = sorted(edits, key=lambda pair: _edit_order(pair[0]))
        if not self._composites and not self._first:
            self._first = ordered
            return
        # Where each earlier edit sits in ``text``, and the length change before it.
        placed: list[tuple[int, int, int, Composite[Owner]]] = []  # start, end, shift before
        shift = 0
        for composite in self.composites:
            start = composite.start + shift
            placed.append((start, start + len(composite.replacement), shift, composite))
            shift += len(composite.replacement) - (composite.end - composite.start)
        merged: list[Composite[Owner]] = []
        index = 0  # the next earlier edit not yet placed in ``merged``
        position = 0  # the next edit of this pass
        while position < len(ordered):
            edit, owner = ordered[position]
            while index < len(placed) and placed[index][1] <= edit.start \
                    and not _interacts(placed[index], edit):
                merged.append(placed[index][3])
                index += 1
            if index == len(placed) or not _interacts(placed[index], edit):
                # Beside every earlier edit: mapped back by the length change before it.
                shift_before = placed[index][2] if index < len(placed) else shift
                merged.append(Composite(edit.start - shift_before, edit.end - shift_before,
                                        edit.replacement, [owner]))
                position += 1
                continue
            # A group: earlier edits and edits of this pass linked by overlaps.
            first_earlier = index
            group_edits = [ordered[position]]
            position += 1
            index += 1
            while True:
                last = group_edits[-1][0]
                if index < len(placed) and _interacts(placed[index], last):
                    index += 1
                    continue
                if position < len(ordered) and _interacts(placed[index - 1],
                                                          ordered[position][0]):
                    group_edits.append(ordered[position])
                    position += 1
                    continue
                break
            merged.append(_merge(text, placed[first_earlier:index], group_edits))
        merged.extend(item[3] for item in placed[index:])
        self._composites = merged

    def edits(self) -> list[Edit]:
        return [composite.as_edit() for composite in self.composites]


def _interacts(placed: tuple[int, int, int, Composite[Owner]], edit: Edit) -> bool:
    """Whether ``edit`` (of a later pass) cannot be kept apart from the earlier edit placed at
    ``placed``: it overlaps the earlier edit's replacement, is an insertion strictly inside
    it, or is an insertion beside an earlier insertion (both at one point of the original)."""
    start, end, _, composite = placed
    if edit.start < end and start < edit.end:
        return True
    if edit.start != edit.end:
        return False
    if start < edit.start < end:
        return True
    return composite.start == composite.end and edit.start in (start, end)


def _merge(text: str, earlier: Sequence[tuple[int, int, int, Composite[Owner]]],
           later: Sequence[tuple[Edit, Owner]]) -> Composite[Owner]:
    """One edit of the original text for earlier edits and the later edits that overlap them."""
    first_start, _, first_shift, first = earlier[0]
    last_end, last_composite = earlier[-1][1], earlier[-1][3]
    last_shift_after = earlier[-1][2] + len(last_composite.replacement) - (
        last_composite.end - last_composite.start)
    later_start, later_end = later[0][0].start, later[-1][0].end
    if later_start < first_start:
        span_start, original_start = later_start, later_start - first_shift
    else:
        span_start, original_start = first_start, first.start
    if later_end > last_end:
        span_end, original_end = later_end, later_end - last_shift_after
    else:
        span_end, original_end = last_end, last_composite.end
    pieces: list[str] = []
    cursor = span_start
    for edit, _ in later:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:span_end])
    owners = [owner for item in earlier for owner in item[3].owners]
    owners.extend(owner for _, owner in later)
    return Composite(original_start, original_end, "".join(pieces), owners)
