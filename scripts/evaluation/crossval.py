"""Cross-validation by site: choose rule options on some sites, measure on the others.

The options tried are one declared grid (``GRID``): later quality work adds a ``Tunable`` here
and the evaluation tries it. Each grid point fixes every case once; a fold's choice is then
the point with the best objective on the cases of the *other* folds' sites, and the fold's
held-out figures are that point's scores on its own sites. Fixing every case once per point
(not once per point and fold) gives the same numbers at a fifth of the cost.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from evaluation.cases import Case
from evaluation.figures import figures
from evaluation.scoring import CaseScore


@dataclass(frozen=True)
class Tunable:
    """One rule option the cross-validation may change, and the values it tries."""

    rule: str
    option: str
    values: tuple[Any, ...]
    why: str

    @property
    def name(self) -> str:
        return f"{self.rule}.{self.option}"


#: The shared table that sets where the article ends, and the rules that read it.
TRAILER_TABLE: Final = "trailer"
TRAILER_RULES: Final = ("truncated-document", "unrelated-trailing-content", "link-list")

#: The options tried, each around today's default (which every axis must contain).
GRID: Final = (
    Tunable("trailer", "threshold", (3.0, 4.0, 5.0),
            "boilerplate score a prose trailer must reach: trades junk removed for article kept"),
    Tunable("trailer", "min-list-items", (4, 5, 6),
            "short lines an unmarked trailing run needs to be a list: the rule that deletes lists"),
    Tunable("trailer", "on-topic-share", (0.3, 0.4, 0.5),
            "share of topic words that proves prose after page furniture is the article's"),
    Tunable("truncated-document", "min-fragment-words", (2, 3, 4),
            "words the last line needs before a missing end mark counts as a cut"),
    Tunable("duplicate-section", "shingle-fallback", (True, False),
            "compare Latin units the anchor chunks missed when most of their 3-grams recur"),
)

#: How much each figure counts in the training objective (higher is better). Article text
#: lost counts double: the issue's first principle is never to delete the article, and a
#: point of article recall is worth more to a corpus than a point of junk removed.
OBJECTIVE_WEIGHTS: Final = {
    "article_kept_mean": 2.0,
    "clean_flagged_share": -1.0,
    "junk_removed_mean": 1.0,
    "trailer_f1": 1.0,
    "truncation_f1": 1.0,
    "duplicate_f1": 1.0,
}

Point = tuple[Any, ...]  # one value per axis of the grid, in the grid's order


def grid_points(grid: Sequence[Tunable]) -> list[Point]:
    return list(itertools.product(*(axis.values for axis in grid)))


def point_options(grid: Sequence[Tunable], point: Point) -> dict[str, dict[str, Any]]:
    """``point`` as the ``options=`` of ``CorpusLinter``."""
    options: dict[str, dict[str, Any]] = {}
    for axis, value in zip(grid, point, strict=True):
        if axis.rule == TRAILER_TABLE:
            # One [trailer] table defines the article end for all three rules that read it.
            for rule in TRAILER_RULES:
                options.setdefault(rule, {}).setdefault(TRAILER_TABLE, {})[axis.option] = value
        else:
            options.setdefault(axis.rule, {})[axis.option] = value
    return options


def option_value(rules: Sequence[Any], axis: Tunable) -> Any:
    """The value ``axis`` has in ``rules`` (a linter's rule instances), or ``KeyError``."""
    rule_name = TRAILER_RULES[0] if axis.rule == TRAILER_TABLE else axis.rule
    rule = next((r for r in rules if r.name == rule_name), None)
    if rule is None:
        raise KeyError(f"grid option {axis.name}: the rule is not in the selection")
    options = rule.options[TRAILER_TABLE] if axis.rule == TRAILER_TABLE else rule.options
    return options.get(axis.option)


def describe(grid: Sequence[Tunable], point: Point, default: Point) -> str:
    """The options of ``point`` that differ from the defaults, or ``defaults``."""
    changed = [f"{axis.name}={value}" for axis, value, base in zip(grid, point, default,
                                                                   strict=True)
               if value != base]
    return ", ".join(changed) or "defaults"


def objective(figs: Mapping[str, Any]) -> float:
    """The weighted sum of the figures a training set can measure (``None`` counts 0: the
    same figures are missing for every point of one training set)."""
    return sum(weight * (figs.get(key) or 0.0) for key, weight in OBJECTIVE_WEIGHTS.items())


def site_folds(cases: Sequence[Case], folds: int) -> list[frozenset[str]]:
    """Sites split into ``folds`` groups of about equal case counts: the largest site first,
    each to the fold with fewest cases so far (ties by fold number), so the split is the same
    on every run."""
    per_site = Counter(case.site for case in cases)
    count = max(1, min(folds, len(per_site)))
    members: list[set[str]] = [set() for _ in range(count)]
    sizes = [0] * count
    for site, size in sorted(per_site.items(), key=lambda item: (-item[1], item[0])):
        target = min(range(count), key=lambda fold: (sizes[fold], fold))
        members[target].add(site)
        sizes[target] += size
    return [frozenset(group) for group in members]


@dataclass(frozen=True)
class FoldResult:
    sites: frozenset[str]
    chosen: Point
    training_objective: float
    held_out: list[CaseScore]


def best_point(scores: Mapping[Point, Sequence[CaseScore]], default: Point,
               include: Callable[[CaseScore], bool] = lambda score: True,
               score_of: Callable[[Mapping[str, Any]], float] = objective
               ) -> tuple[Point, float]:
    """The point with the best objective on the cases ``include`` accepts, and that objective.

    Ties go to the point closest to the defaults (fewest options changed), then grid order:
    a change must earn its place.
    """
    order = list(scores)
    measured = {point: score_of(figures([s for s in scores[point] if include(s)]))
                for point in order}
    chosen = min(order, key=lambda p: (-measured[p], _changes(p, default), order.index(p)))
    return chosen, measured[chosen]


def cross_validate(scores: Mapping[Point, Sequence[CaseScore]], folds: Sequence[frozenset[str]],
                   default: Point,
                   score_of: Callable[[Mapping[str, Any]], float] = objective
                   ) -> list[FoldResult]:
    """For each fold, the point best on the other folds' sites and its scores on this fold's."""
    results = []
    for sites in folds:
        def training(score: CaseScore, sites: frozenset[str] = sites) -> bool:
            return score.case.site not in sites

        chosen, objective_value = best_point(scores, default, training, score_of)
        held_out = [s for s in scores[chosen] if s.case.site in sites]
        results.append(FoldResult(sites, chosen, objective_value, held_out))
    return results


def _changes(point: Point, default: Point) -> int:
    return sum(a != b for a, b in zip(point, default, strict=True))
