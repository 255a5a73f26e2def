"""Applying fixes: choosing a non-overlapping set deterministically, and mapping offsets back.

Overlapping fixes are resolved like ruff does: sort by position (then code), take each fix
whose edits touch nothing already taken, and leave the rest for the next pass, where the
rules run again on the edited text and re-derive whatever still applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lint_corpus.rule import Edit, Finding


def choose_fixes(findings: Sequence[Finding]) -> list[Finding]:
    """The findings whose fixes apply together this pass, in a deterministic order."""
    with_fix = [f for f in findings if f.fix is not None and f.fix.edits]
    with_fix.sort(key=lambda f: (min(e.start for e in f.fix.edits), f.code, f.start, f.end))  # type: ignore[union-attr]
    taken: list[Edit] = []
    chosen: list[Finding] = []
    for finding in with_fix:
        assert finding.fix is not None
        edits = finding.fix.edits
        if any(edit.overlaps(other) for edit in edits for other in taken):
            continue
        taken.extend(edits)
        chosen.append(finding)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits given in ``text``'s coordinates."""
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(edits):
        if edit.start < cursor or edit.end > len(text) or edit.start > edit.end:
            raise ValueError(f"edit {edit} is out of order or out of range")
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@dataclass
class OffsetMap:
    """Maps offsets in text edited over several passes back to the original text."""

    passes: list[list[Edit]]

    def __init__(self) -> None:
        self.passes = []

    def record(self, edits: Sequence[Edit]) -> None:
        self.passes.append(sorted(edits))

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """The original offset of ``offset``. An ``end`` offset (exclusive) that sits where
        text was deleted maps to before the deleted text, a start offset to after it, so a
        span never swallows text that an earlier fix removed."""
        for edits in reversed(self.passes):
            offset = _map_back(offset, edits, end)
        return offset


def _map_back(offset: int, edits: Sequence[Edit], end: bool) -> int:
    shift = 0
    for edit in edits:
        new_start = edit.start + shift
        new_end = new_start + len(edit.replacement)
        if offset < new_start or (end and offset == new_start):
            break
        if offset < new_end:
            # Inside a replacement: a start points at what it replaced, an end past it.
            return edit.end if end else edit.start
        shift += len(edit.replacement) - (edit.end - edit.start)
    return offset - shift
