"""Tokens and similarity helpers for finding reworded sections inside one document.

Latin-script text is compared by words and CJK text by characters: CJK has no spaces, and
splitting on ``\\W`` (as many dedup tools do) turns a whole run of Han characters into a single
token. Every CJK character is therefore its own token. The shingles and the lexical search for
repeated lines, which tokenize alike, are in the native core (core/src/duplicates.rs).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

_CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: One CJK character, a run of other letters (Latin, Cyrillic, Hangul...), or a run of digits.
TOKEN_RE: Final = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+|\d+")

#: A character a fixed-width font draws two columns wide: CJK characters and CJK and
#: fullwidth punctuation.
WIDE_CHAR_RE: Final = re.compile(f"[{_CJK}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]")

#: Finds any CJK character (a cheap script test: it stops at the first one).
CJK_SEARCH_RE: Final = re.compile(f"[{_CJK}]")

#: Function words dropped from Latin paraphrase features; they carry style, not content.
STOPWORDS: Final = frozenset(
    "a about after all also an and any are as at be been being between both but by can could "
    "did do does each for from had has have he her his how however if in into is it its more "
    "most much not of on one or other our over such than that the their them then there these "
    "they this those through to under up upon us was we were what when where which while who "
    "will with within would you your".split()
)

#: ``TOKEN_RE`` on ASCII text, where it has no CJK and its letters and digits are these
#: classes; the engine tests a plain ASCII class faster than the Unicode categories.
ASCII_TOKEN_RE: Final = re.compile(r"[A-Za-z]+|[0-9]+")


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` (expected lowercased): CJK characters, words and digit runs."""
    if text.isascii():  # a flag CPython keeps on the string: no scan
        return ASCII_TOKEN_RE.findall(text)
    return TOKEN_RE.findall(text)


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
