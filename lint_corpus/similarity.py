"""Shingling and similarity helpers for finding repeated text inside one document.

Latin-script text is compared by words and CJK text by characters: CJK has no spaces, and
splitting on ``\\W`` (as many dedup tools do) turns a whole run of Han characters into a single
token, so a Chinese paragraph would share nothing with a copy that dropped one character.
Every CJK character is therefore its own token and a k-token shingle is a k-character n-gram,
while a Latin shingle is a k-word n-gram. Tokens of different scripts never compare equal, so
a translation shares no shingles with its source.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Final

_CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: One CJK character, a run of other letters (Latin, Cyrillic, Hangul...), or a run of digits.
TOKEN_RE: Final = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+|\d+")

#: Where anchor keys are cut besides punctuation: frequent function words (English, plus a
#: few Spanish/Portuguese/French ones) and Chinese function characters. Cutting there
#: is content-defined chunking: an edit (a dropped word, a moved sentence) changes only the
#: chunk it falls in, so a reworded copy still shares most chunks with its original, while a
#: chunk is long enough to be a fairly specific exact key. Plain ``str.replace`` passes are
#: several times faster than one regex alternation of words with ``\b`` anchors.
LATIN_BREAKS: Final = (
    " the ", " and ", " of ", " to ", " in ", " a ", " that ", " is ", " for ",
    " de ", " la ", " que ",
)
CJK_BREAKS: Final = ("的", "了", "在", "是", "和")

#: A character a fixed-width font draws two columns wide: CJK characters and CJK and
#: fullwidth punctuation.
WIDE_CHAR_RE: Final = re.compile(f"[{_CJK}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]")

#: Finds any CJK character (a cheap script test: it stops at the first one).
CJK_SEARCH_RE: Final = re.compile(f"[{_CJK}]")

#: A chunk: a run of at least 8 characters without a break mark or clause punctuation.
#: Shorter ones ("2015", "said") recur by chance and would point everywhere.
CHUNK_RE: Final = re.compile(
    r"[^\x00\n,.;:!?，。；：！？、“”\"()（）「」『』《》\[\]【】|·…—]{8,}"
)

#: Function words dropped from Latin paraphrase features; they carry style, not content.
STOPWORDS: Final = frozenset(
    "a about after all also an and any are as at be been being between both but by can could "
    "did do does each for from had has have he her his how however if in into is it its more "
    "most much not of on one or other our over such than that the their them then there these "
    "they this those through to under up upon us was we were what when where which while who "
    "will with within would you your".split()
)

Shingle = tuple[str, ...]


#: ``TOKEN_RE`` on ASCII text, where it has no CJK and its letters and digits are these
#: classes; the engine tests a plain ASCII class faster than the Unicode categories.
ASCII_TOKEN_RE: Final = re.compile(r"[A-Za-z]+|[0-9]+")


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` (expected lowercased): CJK characters, words and digit runs."""
    if text.isascii():  # a flag CPython keeps on the string: no scan
        return ASCII_TOKEN_RE.findall(text)
    return TOKEN_RE.findall(text)


def shingles(tokens: Sequence[str], k: int) -> list[Shingle]:
    """The k-token shingles of ``tokens``; a text shorter than k yields itself as one shingle."""
    if len(tokens) < k:
        return [tuple(tokens)] if tokens else []
    return list(zip(*(tokens[i:] for i in range(k)), strict=False))


def shingle_set(tokens: Sequence[str], k: int) -> frozenset[Shingle]:
    """The set of ``shingles(tokens, k)``, built without the intermediate list."""
    if len(tokens) < k:
        return frozenset({tuple(tokens)}) if tokens else frozenset()
    if k == 3:  # the default: three slices zip faster than k generated ones
        return frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False))
    return frozenset(zip(*(tokens[i:] for i in range(k)), strict=False))


#: Where a sentence ends inside a line: after ``.!?`` and a space, after a CJK full stop,
#: question or exclamation mark directly.
SENTENCE_BREAK_RE: Final = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


def sentence_shingle_set(text: str, k: int) -> tuple[list[str], frozenset[Shingle]]:
    """The tokens of ``text`` (lowercased) and the k-token shingles of each of its sentences.

    No shingle spans two sentences: a copy with a sentence moved to the front ("B. A.")
    then shares every shingle of A and B with "A. B.", and the two shingles across the new
    junction, found nowhere, do not count against it. Sentences split alike in the copy
    and the original, so a wrong split ("the 12. May") costs both the same shingles.
    """
    tokens = tokenize(text)
    if not SENTENCE_BREAK_RE.search(text):
        return tokens, shingle_set(tokens, k)
    grams: set[Shingle] = set()
    for sentence in SENTENCE_BREAK_RE.split(text):
        grams.update(shingle_set(tokenize(sentence), k))
    return tokens, frozenset(grams)


_LATIN_WORDS: Final = "|".join(mark.strip(" ") for mark in LATIN_BREAKS)
#: One Latin mark. Between two spaces only one of the words can stand, so the alternation's
#: order does not matter.
LATIN_MARK_RE: Final = re.compile(f" (?:{_LATIN_WORDS}) ")
#: Two or more Latin marks in a row, each sharing a space with the next ("… and the …").
LATIN_CHAIN_RE: Final = re.compile(f" (?:{_LATIN_WORDS}) (?:(?:{_LATIN_WORDS}) )+")


#: Marked chains by their text: a few ("of the", "in the", "and the") make up most.
_MARKED_CHAINS: dict[str, str] = {}


def _mark_chain(match: re.Match[str]) -> str:
    chain = match.group()
    marked = _MARKED_CHAINS.get(chain)
    if marked is None:
        marked = chain
        for mark in LATIN_BREAKS:
            marked = marked.replace(mark, "\x00")
        if len(_MARKED_CHAINS) < 4096:  # bounded: chains of many words are all different
            _MARKED_CHAINS[chain] = marked
    return marked


def mark_breaks(text: str) -> str:
    """``text`` (lowercased) with every chunk break replaced by NUL; newlines are kept, so
    the result splits into the same lines as the input.

    Equal to its definition, a ``str.replace`` pass per mark in order (kept with the tests
    in ``tests/equivalence/plain_definitions.py``), in fewer passes. Two marks can only
    overlap by sharing a space, so marks apart from any other are replaced by every pass
    order alike, and one regex pass replaces them all. Where marks share spaces
    (a chain: " and the ", " a a "), the order decides which are replaced, so each whole
    chain is replaced first by the plain passes on its own text: a replacement never
    creates a mark, a maximal chain shares no space with a mark outside it, and no mark
    is left whole in a chain after the passes, so the second pass finds none there.
    """
    if " " in text:
        text = LATIN_MARK_RE.sub("\x00", LATIN_CHAIN_RE.sub(_mark_chain, text))
    # A CJK mark is one CJK character: it cannot overlap a Latin mark (ASCII only).
    if CJK_SEARCH_RE.search(text):
        for mark in CJK_BREAKS:
            text = text.replace(mark, "\x00")
    return text


def mark_lines(lines: Sequence[str]) -> list[str]:
    """``mark_breaks`` of each of ``lines`` (lowercased, without newlines), in one pass
    over their join.

    Equal to marking each line alone, or to splitting the marked, lowercased whole text:
    no break mark contains a newline, so none spans two lines, and a mark the joined text
    skips for want of a space or a CJK character could not occur in any of its lines.
    ``str.lower`` maps line by line too: only the final-sigma rule looks at neighbours, and
    it stops at a newline (neither cased nor case-ignorable).
    """
    if not lines:  # the join of no lines would split into one empty line
        return []
    return mark_breaks("\n".join(lines).lower()).split("\n")


def anchor_keys(marked: str) -> list[str]:
    """The chunks of a text prepared by ``mark_breaks``: exact keys a copy and its original
    share even when the copy was reworded a little."""
    return CHUNK_RE.findall(marked)


def has_cjk(text: str) -> bool:
    return CJK_SEARCH_RE.search(text) is not None


def stem(word: str) -> str:
    """A deliberately crude English suffix stripper: enough to match "exchanges"/"exchange"."""
    for suffix in ("ing", "ies", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_features(text: str) -> list[str]:
    """Paraphrase features of a Latin-script text: stemmed content words and their bigrams."""
    words = [stem(w) for w in re.findall(r"[^\W\d_]{3,}", text.lower()) if w not in STOPWORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def tfidf_vector(features: Iterable[str], idf: Mapping[str, float]) -> dict[str, float]:
    """A unit-length tf-idf vector (sublinear tf), over the features that have an idf."""
    counts = Counter(features)
    vector = {f: (1.0 + math.log(c)) * idf[f] for f, c in counts.items() if idf.get(f, 0.0) > 0}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {f: v / norm for f, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(f, 0.0) for f, v in a.items())


def best_line_window(
    hits: Sequence[tuple[int, frozenset[Hashable]]],
    sizes: Mapping[int, int],
    budget: int,
) -> tuple[int, int, int]:
    """The run of lines whose union of hit shingles is largest, within a token budget.

    ``hits`` lists (line index, the unit's shingles, or ids for them, found on that line), sorted by
    line; ``sizes`` gives each line's token count. A window is a range of lines whose hits
    are no more than two lines apart and whose tokens fit ``budget``; a single line always
    fits, since a unit copied out of one long paragraph is still a copy. Returns
    (distinct shingles covered, first line, last line).
    """
    best = (0, -1, -1)
    for start in range(len(hits)):
        covered: set[Hashable] = set()
        tokens = 0
        first = hits[start][0]
        previous = first
        for line, ids in hits[start:]:
            tokens += sizes[line]
            if line != first and (tokens > budget or line - previous > 2):
                break
            covered |= ids
            previous = line
            # Prefer more coverage, then the tightest window (a shared phrase in a title
            # just before the true original must not widen the reported range).
            if len(covered) > best[0] or (
                len(covered) == best[0] and line - first < best[2] - best[1]
            ):
                best = (len(covered), first, line)
    return best
