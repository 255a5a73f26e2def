"""One fixed document turned into counts: article tokens kept, trailer junk removed, and the
article text each rule's applied fixes removed.

Tokens are words for Latin-script text and single characters for CJK, so a Chinese article is
not one "word" per clause. Two ways of counting are used, each where it answers the question:

- *article text kept* is the token recall of the gold article in the fixed text (multiset), as
  the issue names it;
- *which rule removed what* needs positions: the manifest's spans mark the trailer, the
  repeated copy and the truncation fragment in the input, everything else is the article, and
  each applied edit (in input coordinates) removes the tokens inside it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from evaluation.cases import HAN, HANGUL, KANA, Case
from lint_corpus import DocumentResult

_CJK_CHARS: Final = HAN + KANA + HANGUL
TOKEN_RE: Final = re.compile(rf"[{_CJK_CHARS}]|[^\W{_CJK_CHARS}]+")

#: The four defect rules (LC101–LC104) whose findings the issue's figures judge.
DEFECT_RULES: Final = (
    "truncated-document",
    "unrelated-trailing-content",
    "link-list",
    "duplicate-section",
)
#: Span kinds that are not article text: removing them is right, keeping them is not an error
#: of "article text kept" (a truncation fragment may be kept or trimmed).
NOT_ARTICLE: Final = frozenset({"trailer", "duplicate-section", "truncation-fragment"})


def tokens(text: str) -> Counter[str]:
    return Counter(token.casefold() for token in TOKEN_RE.findall(text))


@dataclass(frozen=True)
class Removal:
    """One applied edit in the input's coordinates, and the rule whose fix made it."""

    rule: str
    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class FixOutcome:
    """What ``fix`` did with one document, in the terms the scoring needs."""

    fixed: str
    fired: frozenset[str]
    removals: tuple[Removal, ...]
    errors: tuple[str, ...] = ()


def outcome_of(result: DocumentResult) -> FixOutcome:
    """The outcome of a ``CorpusLinter.process(..., fix=True)`` result."""
    removals = tuple(
        Removal(reported.finding.rule, edit.start, edit.end, edit.replacement)
        for reported in result.findings if reported.applied and reported.finding.fix
        for edit in reported.finding.fix.edits
    )
    fixed = result.fixed if result.fixed is not None else result.original
    return FixOutcome(fixed, frozenset(r.finding.rule for r in result.findings), removals,
                      tuple(result.errors))


@dataclass(frozen=True)
class CaseScore:
    """The counts of one case under one rule configuration."""

    case: Case
    fired: frozenset[str]
    article_tokens: int
    article_kept: int
    junk_tokens: int
    junk_removed: int
    #: Tokens of the article (by position) that each rule's applied edits removed.
    article_removed_by_rule: dict[str, int] = field(default_factory=dict)
    changed: bool = False
    errors: tuple[str, ...] = ()
    #: Token F1 of the fixed text, and of the untouched input, against the gold article
    #: (with or without the truncation fragment, whichever is better).
    f1_fixed: float = 1.0
    f1_input: float = 1.0

    @property
    def article_recall(self) -> float:
        return self.article_kept / self.article_tokens if self.article_tokens else 1.0

    @property
    def junk_removed_share(self) -> float | None:
        return self.junk_removed / self.junk_tokens if self.junk_tokens else None


def score_case(case: Case, text: str, outcome: FixOutcome) -> CaseScore:
    article = tokens(case.article())
    kept = sum((tokens(outcome.fixed) & article).values())
    positions = _Tokens(text)
    trailer = [(s.start, s.end) for s in case.spans if s.kind == "trailer"]
    not_article = [(s.start, s.end) for s in case.spans if s.kind in NOT_ARTICLE]
    removed_by: dict[int, str] = {}  # token index -> the first rule that removed it
    for removal in outcome.removals:
        survivors = tokens(removal.replacement)
        for index in positions.inside(removal.start, removal.end):
            word = positions.words[index]
            if survivors[word] > 0:
                survivors[word] -= 1  # a rewrite that keeps the word removed nothing
            elif index not in removed_by:
                removed_by[index] = removal.rule
    article_removed: Counter[str] = Counter()
    junk_total = junk_removed = 0
    for index, start in enumerate(positions.starts):
        if _within(start, trailer):
            junk_total += 1
            junk_removed += index in removed_by
        elif index in removed_by and not _within(start, not_article):
            article_removed[removed_by[index]] += 1
    return CaseScore(
        case=case, fired=outcome.fired, article_tokens=sum(article.values()),
        article_kept=kept, junk_tokens=junk_total, junk_removed=junk_removed,
        article_removed_by_rule=dict(article_removed), changed=outcome.fixed != text,
        errors=outcome.errors, f1_fixed=accepted_f1(outcome.fixed, case),
        f1_input=accepted_f1(text, case),
    )


def token_f1(predicted: str, gold: str) -> float:
    """Multiset token F1; two empty texts agree perfectly."""
    pred, ref = tokens(predicted), tokens(gold)
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    return 2 * overlap / (sum(pred.values()) + sum(ref.values()))


def accepted_f1(predicted: str, case: Case) -> float:
    """F1 against the gold, or against the gold without the truncation fragment."""
    return max(token_f1(predicted, case.gold), token_f1(predicted, case.article()))


class _Tokens:
    """The input's tokens with their offsets, for finding those inside an edit."""

    def __init__(self, text: str) -> None:
        matches = list(TOKEN_RE.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.words = [m.group().casefold() for m in matches]

    def inside(self, start: int, end: int) -> Iterable[int]:
        """Indexes of the tokens lying wholly in ``[start, end)``."""
        first = bisect.bisect_left(self.starts, start)
        for index in range(first, len(self.starts)):
            if self.starts[index] >= end:
                return
            if self.ends[index] <= end:
                yield index


def _within(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)
