"""Evaluate the rules on the labelled corpora (dev, dev-ext), in-sample and cross-validated by site.

    python scripts/evaluate.py [--dev DIR] [--dev-ext DIR | --no-dev-ext] [--folds K]
                               [--markdown] [--json FILE] [--verbose]

Every case is fixed in-process (``CorpusLinter``, default rule selection and options, safe
fixes: what ``lint-corpus fix`` does) and scored against its gold article. Printed, for each
corpus, both together, and each script group (Latin vs CJK, measured from the article's
characters; CJK split into zh-, ja- and ko-like), the figures of the issue "never delete the
article":

- clean documents that get a defect finding (LC101–LC104);
- article text kept: token recall of the gold article after fix (words for Latin script,
  characters for CJK; a trimmed truncation fragment is no loss), mean and worst document;
- trailer junk removed on trailer cases (share of the labelled trailer's tokens removed);
- trailing content found (either trailer rule) F1; truncated-document precision and recall;
  unrelated-trailing-content precision; duplicate-section F1 (document level, labels marked
  optional excluded);
- per rule, the article tokens its applied fixes removed, with the worst documents by id.

Then the cross-validation by site: sites are split into ``--folds`` groups; for each, the rule
options of ``evaluation.crossval.GRID`` are chosen on the other groups' sites and the figures
are measured on its own. Per-fold and pooled held-out figures are printed next to the
in-sample ones. ``--markdown`` prints the tables for the README, ``--json`` writes everything.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from evaluation.cases import CJK, LATIN, SCRIPT_GROUPS, Case, CorpusError, read_corpus
from evaluation.crossval import (
    GRID,
    Point,
    best_point,
    cross_validate,
    describe,
    grid_points,
    option_value,
    point_options,
    site_folds,
)
from evaluation.figures import figures, grouped_figures, groups
from evaluation.render import detection_table, headline_table, number, removed_table, table
from evaluation.scoring import CaseScore, outcome_of, score_case

from lint_corpus import ConfigError, CorpusLinter, RegistryError

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
SHARED_CORPORA: Final = REPO_ROOT.parent / "shared" / "corpora"
DEFAULT_DEV: Final = SHARED_CORPORA / "dev"
DEFAULT_DEV_EXT: Final = SHARED_CORPORA / "dev-ext"
#: Five folds leave about a fifth of the sites out each time: enough training sites for a
#: choice, enough held-out cases per fold to show how it varies.
DEFAULT_FOLDS: Final = 5
#: The figures a fold's line shows (the full set is in the JSON).
FOLD_FIGURES: Final = ("clean_flagged_share", "article_kept_mean", "article_kept_worst",
                       "junk_removed_mean", "trailer_f1", "truncation_f1")


def score_all(cases: Sequence[Case], texts: Sequence[str],
              options: dict[str, dict[str, Any]] | None) -> list[CaseScore]:
    linter = CorpusLinter(options=options)
    return [score_case(case, text, outcome_of(linter.process(text, fix=True)))
            for case, text in zip(cases, texts, strict=True)]


def default_point(linter: CorpusLinter) -> Point:
    """Today's values of the grid's options, read from the rules themselves."""
    values = []
    for axis in GRID:
        try:
            value = option_value(linter.rules, axis)
        except KeyError as error:
            raise CorpusError(error.args[0]) from None
        if value not in axis.values:
            raise CorpusError(f"grid option {axis.name}: today's value {value!r} is not one "
                              f"of the values tried {axis.values}")
        values.append(value)
    return tuple(values)


def load(args: argparse.Namespace) -> list[Case]:
    corpora: list[tuple[str, Path]] = [("dev", args.dev)]
    if not args.no_dev_ext:
        dev_ext = args.dev_ext
        if dev_ext is None and (DEFAULT_DEV_EXT / "manifest.jsonl").is_file():
            dev_ext = DEFAULT_DEV_EXT
        if dev_ext is not None:
            corpora.append(("dev-ext", dev_ext))
    cases: list[Case] = []
    for name, folder in corpora:
        cases += read_corpus(folder, name)
    return cases


def evaluate(cases: Sequence[Case], folds: int, progress: bool) -> dict[str, Any]:
    texts = [case.text() for case in cases]
    corpora = list(dict.fromkeys(case.corpus for case in cases))
    chosen_groups = groups(corpora, SCRIPT_GROUPS, (LATIN, CJK))
    started = time.monotonic()
    in_sample = score_all(cases, texts, None)
    result: dict[str, Any] = {
        "corpora": {name: sum(case.corpus == name for case in cases) for name in corpora},
        "sites": len({case.site for case in cases}),
        "in_sample": grouped_figures(in_sample, chosen_groups),
        "_in_sample_scores": in_sample,
    }
    if folds < 2:
        result["seconds"] = round(time.monotonic() - started, 1)
        return result
    default = default_point(CorpusLinter())
    points = grid_points(GRID)
    by_point: dict[Point, list[CaseScore]] = {}
    for number_, point in enumerate(points, start=1):
        by_point[point] = (in_sample if point == default
                           else score_all(cases, texts, point_options(GRID, point)))
        if progress:
            print(f"\r  grid point {number_}/{len(points)}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    split = site_folds(cases, folds)
    fold_results = cross_validate(by_point, split, default)
    held_out = [score for fold in fold_results for score in fold.held_out]
    best_in_sample, _ = best_point(by_point, default)
    result["cross_validation"] = {
        "folds": len(split),
        "grid": [{"rule": axis.rule, "option": axis.option, "values": list(axis.values),
                  "why": axis.why} for axis in GRID],
        "grid_points": len(points),
        "default": describe(GRID, default, default),
        "best_in_sample": describe(GRID, best_in_sample, default),
        "per_fold": [
            {"sites": sorted(fold.sites), "cases": len(fold.held_out),
             "chosen": describe(GRID, fold.chosen, default),
             "chosen_options": point_options(GRID, fold.chosen),
             "training_objective": fold.training_objective,
             "held_out": figures(fold.held_out)}
            for fold in fold_results
        ],
        "held_out": grouped_figures(held_out, chosen_groups),
    }
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def render(result: dict[str, Any], markdown: bool, verbose: bool) -> str:
    corpora = ", ".join(f"{name} {count} cases" for name, count in result["corpora"].items())
    out = [f"lint-corpus evaluation: {corpora}; {result['sites']} sites", "",
           "In-sample: fix with default options"]
    out += headline_table(result["in_sample"], markdown)
    cv = result.get("cross_validation")
    if cv:
        options = ", ".join(f"{g['rule']}.{g['option']}" for g in cv["grid"])
        out += ["", f"Cross-validated by site: {cv['folds']} folds of sites; for each, the "
                    f"options are chosen on the other folds' sites from {cv['grid_points']} "
                    f"grid points ({options}). Best on all cases: {cv['best_in_sample']}."]
        rows = []
        for index, fold in enumerate(cv["per_fold"], start=1):
            figs = fold["held_out"]
            rows.append([f"fold {index}", str(len(fold["sites"])), str(fold["cases"]),
                         fold["chosen"], *(number(figs[key]) for key in FOLD_FIGURES)])
        out += table(["held-out fold", "sites", "cases", "options chosen", *FOLD_FIGURES],
                     rows, markdown)
        out += ["", "Held-out figures, pooled over the folds (each measured with its fold's "
                    "choice)"]
        out += headline_table(cv["held_out"], markdown)
        out += ["", "Summary: in-sample and held-out"]
        out += headline_table(_summary_columns(result), markdown)
    everything = result["in_sample"]["all"]
    out += ["", "Article text removed, per rule (in-sample, all cases; must go to zero)"]
    out += removed_table(everything, markdown)
    out += ["", "Detection per rule (in-sample, all cases; document level)"]
    out += detection_table(everything, markdown)
    if everything["rule_errors"]:
        out += ["", f"rule errors in {len(everything['rule_errors'])} documents: "
                    + ", ".join(sorted(everything["rule_errors"]))]
    if verbose:
        out += ["", "Clean documents with a defect finding: "
                    + (", ".join(everything["clean_flagged"]) or "none"),
                "Documents keeping less than 0.9 of the article: "
                    + (", ".join(everything["article_below_0_9"]) or "none")]
        scores: list[CaseScore] = result["_in_sample_scores"]
        missed = [s for s in scores if s.junk_tokens and s.junk_removed < s.junk_tokens]
        out += ["Trailer cases keeping junk (id: share removed): "
                + (", ".join(f"{s.case.id}: {s.junk_removed / s.junk_tokens:.2f}"
                             for s in sorted(missed, key=lambda s: s.junk_removed
                                             / s.junk_tokens)) or "none")]
    if "seconds" in result:
        out += ["", f"({result['seconds']} s)"]
    return "\n".join(out) + "\n"


def _summary_columns(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The README's columns: each corpus and script in-sample, then all and dev-ext held-out."""
    in_sample, held = result["in_sample"], result["cross_validation"]["held_out"]
    columns = {name: in_sample[name] for name in (*result["corpora"], "latin", "cjk")
               if name in in_sample}
    columns.update({f"{name} held-out": held[name]
                    for name in ("all", "dev-ext", "latin", "cjk", "dev-ext latin", "dev-ext cjk")
                    if name in held})
    return columns


def write_json(path: Path, result: dict[str, Any]) -> None:
    """Write atomically: a reader never sees half a file."""
    payload = {key: value for key, value in result.items() if not key.startswith("_")}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set folder")
    parser.add_argument("--dev-ext", type=Path, default=None,
                        help=f"extended dev set folder (default: {DEFAULT_DEV_EXT} when present)")
    parser.add_argument("--no-dev-ext", action="store_true", help="evaluate the dev set only")
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS,
                        help="folds of sites for the cross-validation (0: none)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure here")
    parser.add_argument("--verbose", action="store_true",
                        help="list the flagged clean documents and the worst cases")
    args = parser.parse_args(argv)
    if args.folds < 0:
        parser.error("--folds must be 0 or more")
    try:
        cases = load(args)
        result = evaluate(cases, args.folds, progress=sys.stderr.isatty())
    except (CorpusError, ConfigError, RegistryError, OSError, UnicodeDecodeError) as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(result, args.markdown, args.verbose))
    if args.json:
        try:
            write_json(args.json, result)
        except OSError as exc:
            print(f"evaluate: cannot write {args.json}: {exc}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
