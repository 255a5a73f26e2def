"""``mojibake``: UTF-8 text decoded as Latin-1 or Windows-1252 ("cafÃ©", "itâ€™s")."""

from __future__ import annotations

import bisect
import difflib
import functools
import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Final

from lint_corpus import lazy_regex
from lint_corpus.document import Document, Line
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity

# Windows-1252's printable characters in 0x80-0x9f: what a UTF-8 continuation byte becomes
# when the bytes are decoded as Windows-1252 instead of UTF-8.
_CP1252_HIGH: Final = (
    "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
_LATIN: Final = rf"A-Za-z\u00a0-\u024f{_CP1252_HIGH}"
#: The cheap gate. A UTF-8 lead byte read as Latin-1 ("Ã", "Â", "â", "ð") followed by a
#: continuation byte read as Latin-1 or Windows-1252 ("©", "€", "™", NBSP), or a C1 control
#: next to Latin text ("it\x92s"). Clean CJK and English text never matches, so ftfy, which
#: is slow, only sees lines that are likely broken.
_GATE_RE: Final = lazy_regex.compile(
    rf"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]"
    rf"|[{_LATIN}][\x80-\x9f]|[\x80-\x9f][{_LATIN}]"
)
# A one-class scan (stdlib ``re``, several times faster here) that every gate match needs:
# a gate match is two characters and starts at a hit or just before one (a C1 control).
_PREFILTER_RE: Final = re.compile("[\u0080-\u009f\u00c2-\u00f4]")
#: The Latin-1 characters the prefilter does not match, as bytes (see ``_prefilter_chars``).
_NOT_PREFILTER: Final = bytes(code for code in range(256) if not _PREFILTER_RE.match(chr(code)))
#: The byte each Latin-1 or Windows-1252 character stands for in mojibake.
_BYTE_OF: Final = {chr(code): code for code in range(0x80, 0x100)} | {
    bytes([code]).decode("cp1252"): code for code in range(0x80, 0xA0)
    if bytes([code]).decode("cp1252", "replace") != "\ufffd"}
#: Runs of non-ASCII characters: what ``_opcodes`` diffs run by run.
_NON_ASCII_RUN_RE: Final = re.compile(r"[^\x00-\x7f]+")
#: Runs of ASCII characters: where ``_add_anchored`` looks for anchors.
_ASCII_RUN_RE: Final = re.compile(r"[\x00-\x7f]+")
#: The ASCII characters ftfy folds into a repaired character: a space that stood for the
#: byte 0xA0 (an NBSP turned into a space: "Ã  la" is "à la") and 0x1A, its mark of a lost
#: byte. It never changes any other ASCII.
_FOLDABLE: Final = " \x1a"
#: Windows between anchors whose alignment is remembered: a text repeats the same few
#: broken words (a window is one word's mojibake and its spaces), so hits are the rule;
#: bounded because a window may be as long as a piece.
_WINDOW_CACHE_SIZE: Final = 4096
#: The most pairs of characters (any, for a run pair of this length product, or equal ones)
#: a run pair may have to be diffed exactly: such a diff costs about a millisecond. Larger
#: pairs sharing many characters (dense mojibake beside repaired text) are one replacement
#: between their common ends instead.
_MAX_RUN_PRODUCT: Final = 4096
# Characters a repair must never touch: CJK text and full-width forms are not mojibake.
_PROTECTED_RE: Final = lazy_regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef]"
)


#: UTF-16 surrogates: a ``str`` holds one only when it came from bytes that are not valid
#: UTF-8 or UTF-16 (``surrogateescape``, an escaped ``\ud800`` in JSON); no encoder writes it.
_SURROGATES_RE: Final = re.compile("[\ud800-\udfff]+")


def _ftfy_fix(text: str) -> str:
    import ftfy  # imported lazily: only lines that pass the gate need it

    fixed: str = ftfy.fix_encoding(text)
    return fixed


class Mojibake(Rule):
    """What it does
    Finds mojibake: UTF-8 text that was decoded as Latin-1 or Windows-1252 ("cafÃ©" for
    "café", "itâ€™s" for "it’s", "Â©" for "©"), twice ("ÃƒÂ©" for "é"), and Windows-1252
    characters read as C1 controls. A cheap pattern finds candidate lines; ftfy
    (``fix_encoding`` only — never ``fix_text``, whose defaults rewrite full-width CJK
    punctuation and curly quotes) confirms that re-decoding gives better text. Only the
    broken characters are reported and replaced; CJK text, full-width punctuation (，（）：)
    and curly quotes around them are left alone. Also finds lone UTF-16 surrogates
    (U+D800-U+DFFF on their own, what an escaped ``\\ud800`` in JSON decodes to): invalid
    Unicode that no UTF-8 writer can encode.

    Why is this bad?
    Mojibake turns every accented letter and typographic quote into two or three junk
    characters: words stop matching their dictionary forms, tokenisers split them into
    rare pieces, and a model learns to reproduce the garbage.

    Example
    Bad:

        The cafÃ© is open. Itâ€™s “nice”, he said — 真的很好。

    Good:

        The café is open. It’s “nice”, he said — 真的很好。

    Fix
    Replaces each broken sequence by what ftfy decodes it to; nothing else on the line
    changes. A lone surrogate becomes U+FFFD (the replacement character). Safe. GBK-style
    mojibake (Chinese read in the wrong Chinese code page) is not repaired by ftfy and is not
    reported.
    """

    code = "LC201"
    name = "mojibake"
    summary = "UTF-8 text decoded as Latin-1 / Windows-1252 (cafÃ©, itâ€™s)"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "max-line-chars": {
                "type": "integer", "minimum": 100, "default": 2000,
                "description": "longer lines are checked piece by piece, in pieces of at most "
                               "this many characters cut at spaces (bounds ftfy's and the "
                               "diff's cost, which grow faster than the line)",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.line_table.has_surrogates:  # known from the line table's decoding
            yield from self._surrogates(doc.text)
        for index in _candidate_lines(doc):
            yield from self._check_line(doc.lines[index])

    def _surrogates(self, text: str) -> Iterator[Finding]:
        """Lone surrogates: invalid Unicode that no writer can encode as UTF-8. Each run is
        replaced by as many U+FFFD, the character decoders put for what they cannot read."""
        for match in _SURROGATES_RE.finditer(text):
            run = match.group()
            count = f" ({len(run)} in a row)" if len(run) > 1 else ""
            yield self.finding(
                match.start(), match.end(),
                f"invalid Unicode: lone surrogate U+{ord(run[0]):04X}{count}",
                fix=Fix("Replace the lone surrogate by U+FFFD",
                        (Edit(match.start(), match.end(), "\ufffd" * len(run)),)),
                data={"surrogates": len(run)},
            )

    def _check_line(self, line: Line) -> Iterator[Finding]:
        raw = line.raw[:-1] if line.raw.endswith("\r") else line.raw
        edits: list[Edit] = []
        pairs: list[tuple[str, str]] = []
        for start, piece in _pieces(raw, self.options["max-line-chars"]):
            if not _GATE_RE.search(piece):
                continue
            fixed = _ftfy_fix(piece)
            if fixed == piece:
                continue
            offset = line.start + start
            for a0, a1, b0, b1 in _changed_regions(piece, fixed):
                broken, repaired = piece[a0:a1], fixed[b0:b1]
                if _PROTECTED_RE.search(broken) or not _GATE_RE.search(broken):
                    continue  # not a repair we can vouch for: leave the text alone
                edits.append(Edit(offset + a0, offset + a1, repaired))
                pairs.append((broken, repaired))
        if not edits:
            return
        examples = ", ".join(f"“{_show(b)}” → “{r}”" for b, r in pairs[:3])
        more = f" and {len(pairs) - 3} more" if len(pairs) > 3 else ""
        yield self.finding(
            edits[0].start, edits[-1].end,
            f"Mojibake (UTF-8 read as Latin-1/Windows-1252): {examples}{more}",
            fix=Fix("Replace the mojibake by the decoded text", tuple(edits)),
            data={"sequences": len(pairs)},
        )


def _candidate_lines(doc: Document) -> list[int]:
    """The lines where the gate matches, in order. The gate is tried only around prefilter
    hits: run over a whole English text, every letter would start an attempt. A match
    never spans a line break (no class holds one)."""
    text = doc.text
    lines: set[int] = set()
    # Every hit of the prefilter, one character it matches at a time (in any order: the
    # lines are collected in a set).
    for char in _prefilter_chars(text):
        start = text.find(char)
        while start >= 0:
            match = _GATE_RE.search(text, max(start - 1, 0), start + 2)
            if match is not None:
                lines.add(doc.line_at(match.start()).index)
            start = text.find(char, start + 1)
    return sorted(lines)


def _prefilter_chars(text: str) -> str:
    """The distinct characters of ``text`` that ``_PREFILTER_RE`` matches, without its scan
    (most texts have none, and the pattern reads every character). They are all Latin-1:
    encoding to Latin-1 while dropping every other character (CJK, curly quotes, lone
    surrogates), then deleting the Latin-1 bytes the pattern does not match, leaves exactly
    their bytes. Two linear passes in C, several times faster; ``str.find`` then locates
    them."""
    if text.isascii():  # known without reading the text
        return ""
    kept = text.encode("latin-1", "ignore").translate(None, _NOT_PREFILTER)
    return "".join(map(chr, sorted(set(kept))))


def _pieces(raw: str, size: int) -> Iterator[tuple[int, str]]:
    """``raw`` cut into pieces of at most about ``size`` characters, at a space where there is
    one (a mojibake sequence holds no ASCII space), with each piece's offset. ftfy and the
    diff that locates its changes grow faster than linearly with the text, so a long line is
    repaired piece by piece."""
    start = 0
    while len(raw) - start > size:
        cut = raw.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut != -1 else start + size
        yield start, raw[start:cut]
        start = cut
    yield start, raw[start:]


def _changed_regions(raw: str, fixed: str) -> list[tuple[int, int, int, int]]:
    """The regions ``(a0, a1, b0, b1)`` where ``fixed`` differs from ``raw``, each widened to
    the whole candidate sequences it touches ("Â©" → "©" is one region, not a deleted "Â")."""
    opcodes = _opcodes(raw, fixed)
    # Gate matches are two characters each, found left to right: their starts are sorted,
    # and the ones touching ``[a0, a1]`` start in ``[a0 - 2, a1]``.
    starts = [m.start() for m in _GATE_RE.finditer(raw, overlapped=True)]
    regions: list[list[int]] = []
    for index, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if tag == "equal":
            continue
        first = bisect.bisect_left(starts, a0 - 2)
        last = bisect.bisect_right(starts, a1) - 1
        low = min(a0, starts[first]) if first <= last else a0
        high = max(a1, starts[last] + 2) if first <= last else a1
        # Widen only into the neighbouring unchanged text, where offsets map one to one.
        before = opcodes[index - 1] if index else None
        after = opcodes[index + 1] if index + 1 < len(opcodes) else None
        low = max(low, before[1]) if before is not None and before[0] == "equal" else a0
        high = min(high, after[2]) if after is not None and after[0] == "equal" else a1
        region = [low, high, b0 - (a0 - low), b1 + (high - a1)]
        if regions and regions[-1][1] >= region[0]:
            regions[-1][1], regions[-1][3] = region[1], region[3]
        else:
            regions.append(region)
    return [(a0, a1, b0, b1) for a0, a1, b0, b1 in regions]


_Opcode = tuple[str, int, int, int, int]


class _OpcodeList(list[_Opcode]):
    """Opcodes built left to right, with adjacent equal stretches merged and empty ones
    dropped, as difflib gives them."""

    def add(self, tag: str, a0: int, a1: int, b0: int, b1: int) -> None:
        if tag == "equal" and self and self[-1][0] == "equal":
            _, p0, _, q0, _ = self[-1]
            self[-1] = ("equal", p0, a1, q0, b1)
        elif a0 < a1 or b0 < b1:
            self.append((tag, a0, a1, b0, b1))


def _opcodes(raw: str, fixed: str) -> list[_Opcode]:
    """``difflib.SequenceMatcher(None, raw, fixed).get_opcodes()``, in linear time on what
    ftfy returns.

    ``fix_encoding`` re-encodes non-ASCII characters to bytes of 0x80 and above and decodes
    them as UTF-8, which gives ASCII only from ASCII: when both texts have the same ASCII
    between their runs of non-ASCII characters, the runs pair up in order and only each pair
    needs a diff (``_add_run_pairs``). A whole-text diff costs up to the product of the
    lengths (seconds per 2,000-character piece of dense mojibake). When the ASCII differs
    (ftfy restored an NBSP read as a space, "Ã  la" → "à la"), the texts are cut at the ASCII
    that both still hold (``_add_anchored``), and only the short windows between are diffed.
    """
    opcodes = _OpcodeList()
    if _NON_ASCII_RUN_RE.split(raw) == _NON_ASCII_RUN_RE.split(fixed):
        _add_run_pairs(opcodes, raw, fixed, 0, 0)
    else:
        _add_anchored(opcodes, raw, fixed)
    return opcodes


def _add_anchored(opcodes: _OpcodeList, raw: str, fixed: str) -> None:
    """The opcodes of texts whose ASCII differs. ftfy only folds ASCII characters into a
    repaired character (``_FOLDABLE``): each stretch of ASCII in ``raw``, without foldable
    characters at its ends, is in ``fixed`` as it is, and, holding a character that is not
    foldable, first where the repair of the text before it ends. Such a stretch anchors both
    texts; the windows between anchors (a run of non-ASCII characters and the spaces around
    it) are diffed alone (``_add_window``). A stretch not found where it should be is no
    anchor: its window joins the next one."""
    a = b = 0
    for match in _ASCII_RUN_RE.finditer(raw):
        stretch = match.group()
        core = stretch.strip(_FOLDABLE)
        if not core:
            continue
        core_start = match.start() + len(stretch) - len(stretch.lstrip(_FOLDABLE))
        # A repair is never longer than what it repairs (each character of mojibake is one
        # byte; UTF-8 decodes bytes to at most as many characters).
        at = fixed.find(core, b, b + (core_start - a) + len(core))
        if at < 0:
            continue
        _add_window(opcodes, raw[a:core_start], fixed[b:at], a, b)
        a, b = core_start + len(core), at + len(core)
        opcodes.add("equal", core_start, a, at, b)
    _add_window(opcodes, raw[a:], fixed[b:], a, b)


def _add_window(opcodes: _OpcodeList, broken: str, repaired: str, a: int, b: int) -> None:
    """The opcodes of one window between anchors, at offsets ``a`` and ``b``."""
    for kind, i0, i1, j0, j1 in _window_opcodes(broken, repaired):
        opcodes.add(kind, a + i0, a + i1, b + j0, b + j1)


@functools.lru_cache(maxsize=_WINDOW_CACHE_SIZE)
def _window_opcodes(broken: str, repaired: str) -> tuple[_Opcode, ...]:
    """The opcodes of one window: aligned by decoding with folded spaces (the usual window:
    "Ã¨" → "è", "Ã  " → "à "), else its runs paired when its ASCII is the same, else a diff
    when that is cheap, else one replacement between the common ends. Remembered: the same
    few words recur all along a text."""
    if (aligned := _aligned_with_folds(broken, repaired)) is not None:
        return tuple(aligned)
    opcodes = _OpcodeList()
    if _NON_ASCII_RUN_RE.split(broken) == _NON_ASCII_RUN_RE.split(repaired):
        _add_run_pairs(opcodes, broken, repaired, 0, 0)
    elif _cheap_to_diff(broken, repaired):
        for tag, i0, i1, j0, j1 in difflib.SequenceMatcher(
                None, broken, repaired, autojunk=False).get_opcodes():
            opcodes.add(tag, i0, i1, j0, j1)
    else:
        _add_common_ends(opcodes, broken, repaired, 0, 0)
    return tuple(opcodes)


def _add_run_pairs(opcodes: _OpcodeList, raw: str, fixed: str, a0: int, b0: int) -> None:
    """The opcodes of texts with the same ASCII between their runs of non-ASCII characters,
    at offsets ``a0`` and ``b0``: runs pair up in order. A pair of runs too costly to diff
    (``_cheap_to_diff``) is aligned by decoding it sequence by sequence
    (``_aligned_by_decoding``), or when ftfy did something else, is one replacement between
    their common ends."""
    raw_ascii = _NON_ASCII_RUN_RE.split(raw)
    a = b = 0
    raw_runs = _NON_ASCII_RUN_RE.finditer(raw)
    fixed_runs = _NON_ASCII_RUN_RE.finditer(fixed)
    for ascii_text, raw_run, fixed_run in zip(raw_ascii, raw_runs, fixed_runs, strict=False):
        opcodes.add("equal", a0 + a, a0 + a + len(ascii_text), b0 + b, b0 + b + len(ascii_text))
        (a, a_end), (b, b_end) = raw_run.span(), fixed_run.span()
        broken, repaired = raw_run.group(), fixed_run.group()
        if broken == repaired:
            opcodes.add("equal", a0 + a, a0 + a_end, b0 + b, b0 + b_end)
        elif _cheap_to_diff(broken, repaired):
            for tag, i0, i1, j0, j1 in difflib.SequenceMatcher(
                    None, broken, repaired, autojunk=False).get_opcodes():
                opcodes.add(tag, a0 + a + i0, a0 + a + i1, b0 + b + j0, b0 + b + j1)
        elif (aligned := _aligned_by_decoding(broken, repaired)) is not None:
            for kind, i0, i1, j0, j1 in aligned:
                opcodes.add(kind, a0 + a + i0, a0 + a + i1, b0 + b + j0, b0 + b + j1)
        else:
            _add_common_ends(opcodes, broken, repaired, a0 + a, b0 + b)
        a, b = a_end, b_end
    opcodes.add("equal", a0 + a, a0 + len(raw), b0 + b, b0 + len(fixed))


def _add_common_ends(opcodes: _OpcodeList, broken: str, repaired: str, a: int, b: int) -> None:
    """One replacement between the common prefix and suffix of ``broken`` and ``repaired``."""
    head = len(os.path.commonprefix([broken, repaired]))
    tail = len(os.path.commonprefix([broken[head:][::-1], repaired[head:][::-1]]))
    a_end, b_end = a + len(broken), b + len(repaired)
    opcodes.add("equal", a, a + head, b, b + head)
    opcodes.add("replace", a + head, a_end - tail, b + head, b_end - tail)
    opcodes.add("equal", a_end - tail, a_end, b_end - tail, b_end)


def _aligned_by_decoding(broken: str, repaired: str) -> list[_Opcode] | None:
    """The opcodes turning ``broken`` into ``repaired``, found in linear time by re-decoding
    ``broken`` one UTF-8 sequence at a time: each Latin-1 or Windows-1252 character stands
    for its byte, and at each sequence ``repaired`` either holds its character (ftfy
    decoded it) or the sequence itself (ftfy left it). None when ``repaired`` holds neither
    or could hold both: only a diff can tell then."""
    opcodes: list[_Opcode] = []
    index = at = 0
    while index < len(broken):
        lead = _BYTE_OF.get(broken[index], 0)
        length = 2 if 0xC2 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else \
            4 if 0xF0 <= lead <= 0xF4 else 1
        sequence = broken[index : index + length]
        decoded = ""
        if length > 1 and len(sequence) == length:
            try:
                decoded = bytes(_BYTE_OF.get(char, 0) for char in sequence).decode("utf-8")
            except UnicodeDecodeError:
                length, sequence = 1, broken[index]
        else:
            length, sequence = 1, broken[index]
        kept = repaired.startswith(sequence, at)
        if len(decoded) == 1 and repaired.startswith(decoded, at):
            if kept:
                return None
            opcodes.append(("replace", index, index + length, at, at + 1))
            at += 1
        elif kept:
            opcodes.append(("equal", index, index + length, at, at + length))
            at += length
        else:
            return None
        index += length
    return opcodes if at == len(repaired) else None


def _aligned_with_folds(broken: str, repaired: str) -> list[_Opcode] | None:
    """The opcodes turning ``broken`` into ``repaired`` when ftfy folded spaces into what it
    decoded, found by re-decoding ``broken`` one UTF-8 sequence at a time as
    ``_aligned_by_decoding`` does, where a space may stand for the byte 0xA0 it replaced
    ("Ã " + " la" → "à la"), or where ftfy put the 0xA0 back before a space it kept ("Ã "
    + "." → "à ."). Which of these happened shows only further on: a depth-first search
    over the positions in both texts, trying a decoded sequence before an equal character,
    and each pair of positions at most once (linear in the window for what ftfy returns).
    None when no way through explains ``repaired``."""
    failed: set[tuple[int, int]] = set()
    # Each frame: a pair of positions and the steps from it not yet tried.
    stack: list[tuple[int, int, list[_Opcode]]] = [(0, 0, _fold_steps(broken, repaired, 0, 0))]
    path: list[_Opcode] = []
    while stack:
        i, j, steps = stack[-1]
        if i == len(broken) and j == len(repaired):
            return path
        if not steps:
            failed.add((i, j))
            stack.pop()
            if path:
                path.pop()
            continue
        step = steps.pop(0)
        i_next, j_next = step[2], step[4]
        if (i_next, j_next) in failed:
            continue
        path.append(step)
        stack.append((i_next, j_next, _fold_steps(broken, repaired, i_next, j_next)))
    return None


def _fold_steps(broken: str, repaired: str, i: int, j: int) -> list[_Opcode]:
    """The ways ``_aligned_with_folds`` may go on from ``broken[i:]`` and ``repaired[j:]``."""
    steps: list[_Opcode] = []
    if i >= len(broken) or j >= len(repaired):
        return steps
    lead = _BYTE_OF.get(broken[i], 0)
    length = 2 if 0xC2 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else \
        4 if 0xF0 <= lead <= 0xF4 else 1
    if length > 1:
        sequence = broken[i : i + length]
        encoded = bytes([lead]) + bytes(
            0xA0 if char == " " else _BYTE_OF.get(char, 0) for char in sequence[1:])
        try:
            decoded = encoded.decode("utf-8") if len(sequence) == length else ""
        except UnicodeDecodeError:
            decoded = ""
        if len(decoded) == 1 and repaired.startswith(decoded, j):
            steps.append(("replace", i, i + length, j, j + 1))
        if length == 2 and broken.startswith(" ", i + 1) and \
                repaired.startswith(bytes([lead, 0xA0]).decode("utf-8") + " ", j):
            steps.append(("replace", i, i + 1, j, j + 1))  # ftfy put the 0xA0 back
    if broken[i] == repaired[j]:
        steps.append(("equal", i, i + 1, j, j + 1))
    return steps


def _cheap_to_diff(broken: str, repaired: str) -> bool:
    """Whether difflib aligns the two runs quickly: they are short, or share few pairs of
    equal characters (its work grows with those pairs: mojibake of CJK text shares almost
    none with its repair)."""
    if len(broken) * len(repaired) <= _MAX_RUN_PRODUCT:
        return True
    in_broken, in_repaired = Counter(broken), Counter(repaired)
    pairs = sum(in_broken[char] * in_repaired[char] for char in in_broken.keys() & in_repaired)
    return pairs <= _MAX_RUN_PRODUCT


def _show(text: str) -> str:
    """Make C1 controls visible in a message."""
    return "".join(f"\\x{ord(c):02x}" if 0x80 <= ord(c) <= 0x9f else c for c in text)

