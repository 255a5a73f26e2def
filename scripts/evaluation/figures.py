"""The issue's figures, summed over any group of case scores (a corpus, a script, a fold)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from evaluation.scoring import DEFECT_RULES, CaseScore

TRAILER_RULES: Final = ("unrelated-trailing-content", "link-list")
TRAILER_FAMILY: Final = "trailer (either rule)"
#: Cases listed per rule under "article text removed": the worst ones, by tokens removed.
WORST_LISTED: Final = 5


@dataclass(frozen=True)
class Headline:
    """One figure of the issue's table: where it is in ``figures()``, and its target."""

    key: str
    label: str
    target: str
    #: Higher is better (False for shares of wrongly flagged documents).
    higher_is_better: bool = True


#: The issue's figures, in its order; ``figures()`` fills every key.
HEADLINES: Final = (
    Headline("clean_flagged_share", "clean documents with a defect finding (LC101–LC104)",
             "≤ 0.02", higher_is_better=False),
    Headline("article_kept_mean", "article text kept (token recall), mean", "≥ 0.995"),
    Headline("article_kept_worst", "article text kept, worst document", "≥ 0.9"),
    Headline("junk_removed_mean", "trailer junk removed, trailer cases", "≥ 0.88"),
    Headline("trailer_f1", "trailing content found (either trailer rule), F1", "≥ 0.94"),
    Headline("truncation_precision", "truncated-document precision", "≥ 0.97"),
    Headline("truncation_recall", "truncated-document recall", "≥ 0.92"),
    Headline("unrelated_precision", "unrelated-trailing-content precision", "≥ 0.85"),
    Headline("duplicate_f1", "duplicate-section F1", "≥ 0.97"),
    Headline("article_removed_share", "article tokens removed by the four rules (share)",
             "0", higher_is_better=False),
)


@dataclass
class Detection:
    """Document-level counts for one rule, or for the two trailer rules judged as one."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    excluded: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if not self.tp + self.fp + self.fn:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "excluded_optional": self.excluded, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def detection(scores: Iterable[CaseScore], rules: Sequence[str]) -> Detection:
    """Counts for ``rules`` judged as one: a case is positive when it carries any of their
    labels, predicted when any of them fired. A case whose only such labels are optional
    is neither right nor wrong and is left out."""
    counts = Detection()
    for score in scores:
        case = score.case
        gold = any(rule in case.labels for rule in rules)
        predicted = any(rule in score.fired for rule in rules)
        if not gold and any(rule in case.optional for rule in rules):
            counts.excluded += 1
        elif gold and predicted:
            counts.tp += 1
        elif predicted:
            counts.fp += 1
        elif gold:
            counts.fn += 1
        else:
            counts.tn += 1
    return counts


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def figures(scores: Sequence[CaseScore]) -> dict[str, Any]:
    """Every figure for ``scores``; a figure with nothing to measure is ``None``."""
    clean = [s for s in scores if s.case.is_clean]
    flagged = [s for s in clean if s.fired & set(DEFECT_RULES)]
    worst = min(scores, key=lambda s: (s.article_recall, s.case.id), default=None)
    junk = [s for s in scores if s.junk_tokens]
    rules = {rule: detection(scores, (rule,)) for rule in DEFECT_RULES}
    trailer = detection(scores, TRAILER_RULES)
    article_tokens = sum(s.article_tokens for s in scores)
    removed = {rule: _removed_by(scores, rule) for rule in _removing_rules(scores)}
    removed_by_defect_rules = sum(removed[r]["tokens"] for r in DEFECT_RULES if r in removed)
    return {
        "documents": len(scores),
        "clean_documents": len(clean),
        "clean_flagged": [s.case.id for s in flagged],
        "clean_flagged_share": len(flagged) / len(clean) if clean else None,
        "article_kept_mean": _mean(s.article_recall for s in scores),
        "article_kept_worst": worst.article_recall if worst else None,
        "article_kept_worst_id": worst.case.id if worst else None,
        "article_below_0_9": [s.case.id for s in scores if s.article_recall < 0.9],
        "trailer_cases": len(junk),
        "junk_removed_mean": _mean(s.junk_removed / s.junk_tokens for s in junk),
        "junk_removed_pooled": (sum(s.junk_removed for s in junk)
                                / sum(s.junk_tokens for s in junk) if junk else None),
        "trailer_f1": trailer.f1,
        "truncation_precision": rules["truncated-document"].precision,
        "truncation_recall": rules["truncated-document"].recall,
        "truncation_f1": rules["truncated-document"].f1,
        "unrelated_precision": rules["unrelated-trailing-content"].precision,
        "duplicate_f1": rules["duplicate-section"].f1,
        "article_removed_share": (removed_by_defect_rules / article_tokens
                                  if article_tokens else None),
        "article_removed_by_rule": removed,
        "detection": {**{rule: counts.as_dict() for rule, counts in rules.items()},
                      TRAILER_FAMILY: trailer.as_dict()},
        "token_f1": {"fixed": _mean(s.f1_fixed for s in scores),
                     "input": _mean(s.f1_input for s in scores),
                     "clean_fixed": _mean(s.f1_fixed for s in clean)},
        "rule_errors": {s.case.id: list(s.errors) for s in scores if s.errors},
    }


def _removing_rules(scores: Iterable[CaseScore]) -> list[str]:
    found = {rule for s in scores for rule in s.article_removed_by_rule}
    return [*(r for r in DEFECT_RULES if r in found), *sorted(found - set(DEFECT_RULES))]


def _removed_by(scores: Sequence[CaseScore], rule: str) -> dict[str, Any]:
    hit = sorted((s for s in scores if s.article_removed_by_rule.get(rule)),
                 key=lambda s: (-s.article_removed_by_rule[rule], s.case.id))
    total = sum(s.article_removed_by_rule[rule] for s in hit)
    article_tokens = sum(s.article_tokens for s in scores)
    return {
        "tokens": total,
        "share_of_article": total / article_tokens if article_tokens else None,
        "documents": len(hit),
        "worst": [{"id": s.case.id, "tokens": s.article_removed_by_rule[rule],
                   "share_of_document": s.article_removed_by_rule[rule] / s.article_tokens}
                  for s in hit[:WORST_LISTED]],
    }


@dataclass(frozen=True)
class Group:
    """A set of cases figures are reported for: all of them, one corpus or one script group."""

    name: str
    corpus: str | None = None
    script: str | None = None

    def contains(self, score: CaseScore) -> bool:
        if self.corpus is not None and score.case.corpus != self.corpus:
            return False
        return self.script is None or self.script in score.case.script_groups


def groups(corpora: Sequence[str], script_groups: Sequence[str],
           per_corpus_scripts: Sequence[str] = ()) -> list[Group]:
    """All cases, each corpus, each script group, and each corpus by each of
    ``per_corpus_scripts`` ("dev-ext cjk": the issue's targets hold in every script of
    dev-ext)."""
    return [Group("all"), *(Group(name, corpus=name) for name in corpora),
            *(Group(name, script=name) for name in script_groups),
            *(Group(f"{corpus} {script}", corpus=corpus, script=script)
              for corpus in corpora for script in per_corpus_scripts)]


def grouped_figures(scores: Sequence[CaseScore], chosen: Sequence[Group]
                    ) -> dict[str, dict[str, Any]]:
    """``figures()`` per group; a group with no case is left out."""
    result = {}
    for group in chosen:
        subset = [s for s in scores if group.contains(s)]
        if subset:
            result[group.name] = figures(subset)
    return result
