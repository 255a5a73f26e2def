"""The Python definition of ``bad-whitespace`` (LC203) that the native rule replaced, kept to
compare the native findings with on arbitrary text (tests/native/test_bad_whitespace.py).

It is the rule as it stood before the port, with lone CRs read as line ends (as documents
split them); its docstring and schema stay with the real rule in rules/whitespace.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import regex

from lint_corpus.document import Document, Line
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity

# Zero-width characters that carry nothing in running text. ZWJ and ZWNJ are handled apart:
# they are meaningful in emoji sequences and in Arabic, Persian and Indic scripts.
_ZERO_WIDTH: Final = "\u200b\u2060\ufeff"
_JOINERS: Final = "\u200c\u200d"
# Where a joiner is junk: both neighbours are ASCII, CJK, punctuation, whitespace or an edge.
_JOINER_CONTEXT: Final = (
    r"[\x00-\x7f\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef"
    r"\u2000-\u206f\u00a0]"
)
# C0 controls except tab, newline and carriage return (CRLF and CR belong to the line ends),
# and DEL. C1 controls next to Latin letters or Latin-1 characters are mojibake
# (Windows-1252 read as Latin-1: "itÂ\x92s", "â\x80\x99"), which LC201 repairs; the rest are junk.
_LATIN1_CONTEXT: Final = (
    r"A-Za-z\u00a0-\u024f\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_INVISIBLE_RE: Final = regex.compile(
    rf"[{_ZERO_WIDTH}]+"
    rf"|(?:(?<=^|{_JOINER_CONTEXT})[{_JOINERS}]+(?={_JOINER_CONTEXT}|$))"
)
_CONTROL_RE: Final = regex.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+"
    rf"|(?<![{_LATIN1_CONTEXT}\x80-\x9f])[\x80-\x9f]+(?![{_LATIN1_CONTEXT}\x80-\x9f])"
)
#: Horizontal whitespace that may trail a line: NBSP and its narrow and figure relatives,
#: the typographic spaces, the ideographic space.
_SPACES: Final = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
                 "\u200a\u202f\u205f\u3000"
_SPACE_SET: Final = frozenset(_SPACES)
# Anything worth a look: cheap tests that let clean text through at regex speed. A character
# that is always a defect (zero-width, control), and horizontal whitespace at a line end
# (``_trailing_lines``). A single-purpose stdlib pattern scans several times faster than a
# ``regex`` alternation.
_CHAR_GATE_RE: Final = re.compile(rf"[{_ZERO_WIDTH}{_JOINERS}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: What may be stripped from a line's end: the spaces plus the zero-width characters.
_TRAILING: Final = _SPACES + "\u200b\u2060\ufeff"
_BLANK: Final = _TRAILING + "\u200c\u200d"
_BLANK_RUN_RE: dict[int, re.Pattern[str]] = {}
_LONE_CR: Final = re.compile(r"\r(?!\n)")


@dataclass(frozen=True)
class _Defect:
    category: str
    edits: tuple[Edit, ...]
    start: int
    end: int


def _describe(chars: str) -> str:
    names = {"\u00a0": "NBSP", "\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D",
             "\u2060": "U+2060", "\ufeff": "U+FEFF", "\u3000": "U+3000", "\t": "tab",
             " ": "space"}
    seen: list[str] = []
    for char in dict.fromkeys(chars):
        name = names.get(char, f"U+{ord(char):04X}")
        if name not in seen:
            seen.append(name)
    return ", ".join(seen)


class PlainBadWhitespace(Rule):
    """bad-whitespace as defined in Python."""

    code = "LC203"
    name = "bad-whitespace"
    summary = "Zero-width and control characters, trailing whitespace, runs of blank lines"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "max-blank-lines": {
                "type": "integer", "minimum": 0, "default": 1,
                "description": "blank lines allowed in a row; longer runs are shortened",
            },
            "nbsp-inside-lines": {
                "type": "boolean", "default": False,
                "description": "also flag NBSP between words (off: French typography uses it)",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        char_gate = _CHAR_GATE_RE.search(text)
        trailing = _trailing_lines(doc)
        if not (char_gate or trailing or self._has_blank_run(text)
                or (self.options["nbsp-inside-lines"] and "\u00a0" in text)):
            return  # the common case: clean text is let through at regex speed
        lines = _real_lines(doc)
        blank = _blank_flags(lines)
        yield from self._blank_runs(doc, lines, blank)
        # Only the lines a defect pattern touches are looked at one by one; zero-width and
        # control characters are searched for only on the lines the character gate hit.
        with_chars = _char_lines(doc, char_gate.start()) if char_gate else set()
        if self.options["nbsp-inside-lines"]:
            candidates = [line.index for line in lines]
        else:
            candidates = sorted(with_chars.union(trailing))
        for index in candidates:
            if index >= len(lines) or not lines[index].raw:
                continue
            for defect in self._line_defects(lines, index, blank, index in with_chars):
                yield self._finding(doc, lines[index], defect)

    def _has_blank_run(self, text: str) -> bool:
        """Whether more than ``max-blank-lines`` blank lines follow each other, as far as
        the gate needs to know: a blank line holding any character other than a final
        "\\r" is already caught by the other gate patterns, so without "\\r" only runs of
        empty lines are left, a plain substring test."""
        allowed: int = self.options["max-blank-lines"]
        if "\r" not in text:
            return "\n" * (allowed + 2) in text or text.startswith("\n" * (allowed + 1))
        text = _LONE_CR.sub("\n", text)  # a lone "\r" ends a line too (same offsets)
        runs = _BLANK_RUN_RE.get(allowed)
        if runs is None:
            runs = _BLANK_RUN_RE[allowed] = re.compile(
                rf"(?:^|\n)(?:[{_BLANK}]*\r?\n){{{allowed + 1}}}")
        return runs.search(text) is not None

    def _blank_runs(self, doc: Document, lines: list[Line], blank: list[bool]
                    ) -> Iterator[Finding]:
        allowed = self.options["max-blank-lines"]
        # The runs longer than allowed, found by byte search: one flag byte per line, and a
        # run qualifies where ``allowed + 1`` blank flags follow each other. Each search
        # starts after the last run, so it finds the next qualifying run at its first line.
        flags = bytes(blank)
        too_many = b"\x01" * (allowed + 1)
        index = flags.find(too_many)
        while index >= 0:
            run = flags.find(b"\x00", index)
            if run < 0:
                run = len(flags)
            first, last = lines[index + allowed], lines[run - 1]
            end = min(last.end + 1, len(doc.text))
            start = first.start
            if end == len(doc.text) and not doc.text.endswith("\n"):
                start = max(0, first.start - 1)  # the last line has no newline: take ours
            count = run - index
            where = f"lines {lines[index].index + 1}–{last.index + 1}"
            yield self.finding(
                lines[index].start, last.end,
                f"{count} blank lines in a row ({where}); at most {allowed} allowed",
                fix=Fix(f"Delete {count - allowed} of the blank lines",
                        (Edit(start, end, ""),)),
                data={"category": "blank-lines", "blank_lines": count, "max": allowed},
            )
            index = flags.find(too_many, run)

    def _line_defects(self, lines: list[Line], index: int, blank: list[bool],
                      with_chars: bool) -> Iterator[_Defect]:
        """The defects of line ``index``; ``with_chars``: whether it holds a character the
        character gate matches (no zero-width or control character otherwise)."""
        line = lines[index]
        raw = line.raw[:-1] if line.raw.endswith("\r") else line.raw
        base = line.start
        if blank[index]:
            if raw and not self._in_long_blank_run(blank, index):
                yield _Defect("whitespace-only", (Edit(base, base + len(raw), ""),),
                              base, base + len(raw))
            return
        body_end = len(raw.rstrip(_TRAILING))
        trailing = (body_end, len(raw)) if body_end < len(raw) else None
        if with_chars:
            invisible = [m for m in _INVISIBLE_RE.finditer(raw, 0, body_end)
                         if not (base + m.start() == 0 and m.group() == "\ufeff")]  # a BOM
            if invisible:
                edits = tuple(Edit(base + m.start(), base + m.end(), "") for m in invisible)
                yield _Defect("zero-width", edits, edits[0].start, edits[-1].end)
            controls = list(_CONTROL_RE.finditer(raw, 0, body_end))
            if controls:
                edits = tuple(Edit(base + m.start(), base + m.end(),
                                   _control_replacement(raw, m)) for m in controls)
                yield _Defect("control", edits, edits[0].start, edits[-1].end)
        if self.options["nbsp-inside-lines"]:
            content_start = len(raw) - len(raw.lstrip(_TRAILING))
            nbsp = [i for i in range(content_start, body_end) if raw[i] == "\u00a0"]
            if nbsp:
                edits = tuple(Edit(base + i, base + i + 1, " ") for i in nbsp)
                yield _Defect("nbsp", edits, edits[0].start, edits[-1].end)
        if trailing is not None:
            start, end = base + trailing[0], base + trailing[1]
            yield _Defect("trailing", (Edit(start, end, ""),), start, end)

    def _in_long_blank_run(self, blank: list[bool], index: int) -> bool:
        """True when the blank-run finding deletes line ``index`` (so it is not reported
        twice): at least ``max-blank-lines`` blank lines come right before it. Counting
        stops there, so a long run is not walked again for each of its lines."""
        allowed: int = self.options["max-blank-lines"]
        before = 0
        index -= 1
        while before < allowed and index >= 0 and blank[index]:
            before += 1
            index -= 1
        return before >= allowed

    def _finding(self, doc: Document, line: Line, defect: _Defect) -> Finding:
        number = line.index + 1
        chars = "".join(doc.text[e.start:e.end] for e in defect.edits)
        category = defect.category
        if category == "whitespace-only":
            message = f"Line {number} holds only whitespace ({_describe(chars)})"
            title = "Empty the whitespace-only line"
        elif category == "zero-width":
            message = f"Zero-width character {_describe(chars)} inside the text"
            title = "Delete the zero-width characters"
        elif category == "control":
            message = f"Control character {_describe(chars)} in the text"
            title = "Delete the control characters"
        elif category == "nbsp":
            message, title = "Non-breaking space between words", "Replace NBSP by a space"
        else:  # trailing
            flagged = doc.text[defect.start:defect.end]
            message = f"Trailing whitespace ({_describe(flagged)}) at the end of line {number}"
            title = "Delete the trailing whitespace"
        return self.finding(defect.start, defect.end, message,
                            fix=Fix(title, defect.edits),
                            data={"category": category, "chars": len(chars)})


def _real_lines(doc: Document) -> list[Line]:
    """The document's lines without the empty one after a final newline."""
    def compute(d: Document) -> list[Line]:
        lines = list(d.lines)
        if len(lines) > 1 and d.text.endswith("\n"):
            lines.pop()
        return lines
    result: list[Line] = doc.memo("whitespace.lines", compute)
    return result


def _blank_flags(lines: list[Line]) -> list[bool]:
    """Whether each line is blank: only ``_BLANK`` characters before an optional final
    "\\r". ``lstrip`` stops at the first other character, so it leaves "" or, when that
    character is a final "\\r", just "\\r": one call per line, no slicing."""
    return [line.raw.lstrip(_BLANK) in ("", "\r") for line in lines]


def _trailing_lines(doc: Document) -> list[int]:
    """The lines ending in horizontal whitespace, before at most one "\\r": where the
    multiline pattern ``[ \\t\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]\\r?$`` matches. A look
    at each line's last characters is several times faster than the pattern, which tries
    every space of the text."""
    spaces = _SPACE_SET
    found = []
    for line in doc.lines:
        last = line.raw[-1:]
        if last in spaces or (last == "\r" and line.raw[-2:-1] in spaces):
            found.append(line.index)
    return found


def _char_lines(doc: Document, first: int) -> set[int]:
    """The lines holding a character ``_CHAR_GATE_RE`` matches, the first at ``first``.
    After a hit the search resumes on the next line: one lookup per line, not per hit."""
    text = doc.text
    found = set()
    position = first
    while True:
        line = doc.line_at(position)
        found.add(line.index)
        match = _CHAR_GATE_RE.search(text, line.end + 1)
        if match is None:
            return found
        position = match.start()


def _control_replacement(raw: str, match: regex.Match[str]) -> str:
    """A vertical tab or form feed inside a line was a line break; other controls are junk."""
    if "\x0b" not in match.group() and "\x0c" not in match.group():
        return ""
    inside = match.start() > 0 and match.end() < len(raw.rstrip(_TRAILING))
    return "\n" if inside else ""
