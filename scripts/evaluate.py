"""Evaluate the built-in rules on the labelled dev set.

    python scripts/evaluate.py [--dev DIR] [--json FILE] [--verbose] [--all-rules]

For every case in ``manifest.jsonl`` the document is linted in-process with the four defect
rules of issue 2 (``RULE_NAMES``; ``--all-rules`` adds every other registered rule, such as the
hygiene rules) in check mode, for detection, and fixed with safe fixes (fix mode, for
cleaning). Hygiene rules (mojibake, whitespace, …) would otherwise change clean documents and
blur what the table measures. Printed:

- per rule, document-level TP/FP/FN, precision and recall. A label in ``optional_labels`` is
  neither right nor wrong, so that document is left out of that rule's counts. A "trailer" row
  judges ``unrelated-trailing-content`` and ``link-list`` as one family, because the dev labels
  split one trailer between them by a simple line-shape rule;
- token F1 of the fixed text against ``gold_clean_text`` (mean, and per case type), next to the
  F1 of the untouched input. For a truncated case, trimming the final partial sentence too is
  accepted: the score is the best of gold and gold-without-the-fragment;
- clean documents left byte-identical by fix, and clean documents with any finding;
- for information, how many dev documents each other registered rule (the hygiene rules)
  fires on, whether or not ``--all-rules`` is given.

A rule that is not registered (yet) is shown as missing and simply never fires.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from lint_corpus.corpus import FormatError
from lint_corpus.corpus.plain import PlainText, decode_file
from lint_corpus.document import Document
from lint_corpus.engine import DocumentResult, Linter
from lint_corpus.registry import all_rules
from lint_corpus.report import excerpt
from lint_corpus.rule import Rule

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_DEV: Final = REPO_ROOT.parent / "shared" / "corpora" / "dev"

RULE_NAMES: Final = (
    "truncated-document",
    "unrelated-trailing-content",
    "link-list",
    "duplicate-section",
)
TRAILER_FAMILY: Final = ("unrelated-trailing-content", "link-list")
TRAILER_ROW: Final = "trailer (either of the two)"
SCRIPTS: Final = ("cjk", "non-cjk")

#: One token per CJK character (Han, kana, hangul), one per run of other word characters.
_CJK: Final = (
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002ffff"
)
TOKEN_RE: Final = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


@dataclass(frozen=True)
class Case:
    id: str
    path: Path
    case_type: str
    labels: frozenset[str]
    optional: frozenset[str]
    gold: str
    fragment: str | None
    script: str
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end) of each defect region


@dataclass
class Outcome:
    """What the linter did with one case."""

    case: Case
    check: DocumentResult
    fixed: str
    byte_identical: bool
    fired: dict[str, list[str]]  # rule name -> "message | excerpt" of each finding
    f1: float
    baseline_f1: float


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    excluded: int = 0
    #: Trailer documents where only the split between the two trailer rules disagrees.
    split: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, Any]:
        judged = self.tp + self.fp + self.split
        strict_p = self.tp / judged if judged else None
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "excluded_optional": self.excluded, "split": self.split,
                "precision": self.precision, "recall": self.recall,
                "precision_counting_split_as_error": strict_p}


def read_manifest(dev: Path) -> list[Case]:
    cases = []
    for line in (dev / "manifest.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        cases.append(Case(
            id=raw["id"], path=dev / raw["path"], case_type=raw["case_type"],
            labels=frozenset(raw.get("labels") or ()),
            optional=frozenset(raw.get("optional_labels") or ()),
            gold=raw["gold_clean_text"], fragment=raw.get("truncation_fragment") or None,
            script=raw.get("script", "non-cjk"),
            spans=tuple((s["kind"], s["start"], s["end"]) for s in raw.get("spans") or ()),
        ))
    return cases


def tokens(text: str) -> Counter[str]:
    return Counter(token.casefold() for token in TOKEN_RE.findall(text))


def token_f1(predicted: str, gold: str) -> float:
    """Multiset token F1; two empty texts agree perfectly."""
    pred, ref = tokens(predicted), tokens(gold)
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def accepted_f1(predicted: str, case: Case) -> float:
    """F1 against gold, or against gold minus the truncation fragment, whichever is better."""
    best = token_f1(predicted, case.gold)
    fragment = (case.fragment or "").strip()
    at = case.gold.rfind(fragment) if fragment else -1
    if at >= 0:
        trimmed = case.gold[:at] + case.gold[at + len(fragment):]
        best = max(best, token_f1(predicted, trimmed))
    return best


def _decoded(path: Path) -> PlainText | None:
    try:
        return decode_file(path.read_bytes())
    except FormatError:
        return None


def run_case(case: Case, linter: Linter) -> Outcome:
    original = case.path.read_bytes()
    try:
        loaded = decode_file(original)
    except FormatError as exc:
        raise SystemExit(f"evaluate: cannot load {case.path}: {exc}") from None
    document = Document(loaded.text, case.path.name)
    checked = linter.check(document)
    fixed_result = linter.fix(document)
    fixed = fixed_result.fixed if fixed_result.fixed is not None else loaded.text
    fired: dict[str, list[str]] = {}
    text = loaded.text
    for reported in checked.findings:
        finding = reported.finding
        snippet = excerpt(text, finding.start, finding.end).replace("\n", "⏎")
        fired.setdefault(finding.rule, []).append(f"{finding.message} | {snippet}")
    return Outcome(
        case=case, check=checked, fixed=fixed,
        byte_identical=loaded.encode(fixed) == original,
        fired=fired,
        f1=accepted_f1(fixed, case),
        baseline_f1=accepted_f1(text, case),
    )


def gold_excerpt(case: Case, kinds: Iterable[str]) -> str:
    """The first labelled defect region of one of ``kinds``, for listing a miss."""
    wanted = set(kinds)
    for kind, start, end in case.spans:
        if kind in wanted:
            return excerpt(case.path.read_text("utf-8"), start, end).replace("\n", "⏎")
    return ""


SPAN_KIND: Final = {
    "truncated-document": ("truncation-fragment",),
    "unrelated-trailing-content": ("trailer",),
    "link-list": ("trailer",),
    "duplicate-section": ("duplicate-section",),
    TRAILER_ROW: ("trailer",),
}


def tally(outcomes: Sequence[Outcome], row: str, members: Sequence[str],
          verbose: bool) -> Counts:
    """Document-level counts for one rule (or a family of rules judged as one)."""
    counts = Counts()
    for outcome in outcomes:
        case = outcome.case
        gold = any(name in case.labels for name in members)
        optional = not gold and any(name in case.optional for name in members)
        predicted = any(name in outcome.fired for name in members)
        partner = _partner(members)
        # The dev labels split a trailer between the two trailer rules by line shape; where
        # both sides agree there is a trailer and only that split differs, it is no error.
        only_split = partner is not None and gold != predicted and (
            partner in case.labels and partner in outcome.fired)
        if optional:
            counts.excluded += 1
        elif only_split:
            counts.split += 1
        elif gold and predicted:
            counts.tp += 1
        elif predicted:
            counts.fp += 1
            if verbose:
                found = [f"{name}: {message}"
                         for name in members for message in outcome.fired.get(name, [])]
                counts.false_positives.append(f"{case.id} [{case.case_type}] " + " || ".join(found))
        elif gold:
            counts.fn += 1
            if verbose:
                counts.misses.append(f"{case.id} [{case.case_type}] gold span: "
                                     f"{gold_excerpt(case, SPAN_KIND.get(row, ()))}")
        else:
            counts.tn += 1
    return counts


def _partner(members: Sequence[str]) -> str | None:
    """The other trailer rule, for a row that is exactly one of the two."""
    if len(members) == 1 and members[0] in TRAILER_FAMILY:
        return next(name for name in TRAILER_FAMILY if name != members[0])
    return None


def rows(outcomes: Sequence[Outcome], verbose: bool) -> dict[str, Counts]:
    table = {name: tally(outcomes, name, (name,), verbose) for name in RULE_NAMES}
    table[TRAILER_ROW] = tally(outcomes, TRAILER_ROW, TRAILER_FAMILY, verbose)
    return table


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def hygiene_counts(cases: Sequence[Case], classes: Sequence[type[Rule]]) -> dict[str, int]:
    """Dev documents each rule outside ``RULE_NAMES`` fires on (check mode, informational)."""
    others = [cls for cls in classes if cls.name not in RULE_NAMES]
    counts = {cls.name: 0 for cls in others}
    if not others:
        return counts
    linter = Linter([cls() for cls in others])
    for case in cases:
        loaded = _decoded(case.path)
        if loaded is None:
            continue
        fired = {r.finding.rule for r in linter.check(Document(loaded.text, case.path.name))
                 .findings}
        for name in fired:
            counts[name] += 1
    return counts


def summarise(outcomes: Sequence[Outcome], registered: Sequence[str],
              verbose: bool) -> dict[str, Any]:
    by_type: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_type.setdefault(outcome.case.case_type, []).append(outcome)
    clean = [o for o in outcomes if o.case.case_type == "clean"]
    table = rows(outcomes, verbose)
    return {
        "documents": len(outcomes),
        "rules_registered": list(registered),
        "rules_missing": [name for name in RULE_NAMES if name not in registered],
        "rule_errors": {o.case.id: o.check.errors for o in outcomes if o.check.errors},
        "rules": {name: counts.as_dict() for name, counts in table.items()},
        "rules_by_script": {
            script: {name: counts.as_dict() for name, counts in
                     rows([o for o in outcomes if o.case.script == script], False).items()}
            for script in SCRIPTS
        },
        "token_f1": {
            "fixed": mean(o.f1 for o in outcomes),
            "input": mean(o.baseline_f1 for o in outcomes),
            "by_case_type": {
                case_type: {"n": len(group), "fixed": mean(o.f1 for o in group),
                            "input": mean(o.baseline_f1 for o in group)}
                for case_type, group in sorted(by_type.items())
            },
        },
        "worse_than_input": [
            {"id": o.case.id, "case_type": o.case.case_type, "input": o.baseline_f1,
             "fixed": o.f1, "rules_fired": sorted(o.fired)}
            for o in outcomes if o.f1 < o.baseline_f1
        ],
        "clean": {
            "documents": len(clean),
            "byte_identical_after_fix": sum(o.byte_identical for o in clean),
            "with_any_finding": sum(bool(o.check.findings) for o in clean),
        },
        "_table": table,
    }


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.1%}"


def render(summary: dict[str, Any], verbose: bool) -> str:
    out: list[str] = [f"lint-corpus dev-set evaluation: {summary['documents']} documents"]
    if summary["rules_missing"]:
        out.append(f"rules not registered (never fire): {', '.join(summary['rules_missing'])}")
    if summary["rule_errors"]:
        # The same failure usually hits every document: list each distinct one once.
        by_error: dict[str, list[str]] = {}
        for case_id, errors in summary["rule_errors"].items():
            for error in errors:
                by_error.setdefault(error, []).append(case_id)
        out.append(f"rule errors in {len(summary['rule_errors'])} documents:")
        for error, ids in by_error.items():
            more = f" (+{len(ids) - 3} more)" if len(ids) > 3 else ""
            out.append(f"  {error} in {', '.join(ids[:3])}{more}")
    out += ["", "Detection (document level; optional labels excluded; 'split' = trailer found by",
            "both, filed under the other trailer rule — not counted as an error)",
            f"  {'rule':<28} {'TP':>4} {'FP':>4} {'FN':>4} {'excl':>5} {'split':>5} "
            f"{'prec':>7} {'recall':>7}"]
    table: dict[str, Counts] = summary["_table"]
    for name, c in table.items():
        out.append(f"  {name:<28} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.excluded:>5} {c.split:>5} "
                   f"{_pct(c.precision):>7} {_pct(c.recall):>7}")
    f1 = summary["token_f1"]
    out += ["", "Cleaned text: token F1 against gold (input = untouched document)",
            f"  {'case type':<28} {'n':>4} {'input':>7} {'fixed':>7}",
            f"  {'all':<28} {summary['documents']:>4} {f1['input']:>7.3f} {f1['fixed']:>7.3f}"]
    for case_type, row in f1["by_case_type"].items():
        out.append(f"  {case_type:<28} {row['n']:>4} {row['input']:>7.3f} {row['fixed']:>7.3f}")
    clean = summary["clean"]
    out += ["", f"Clean documents: {clean['byte_identical_after_fix']}/{clean['documents']} "
                f"byte-identical after fix, {clean['with_any_finding']}/{clean['documents']} "
                "with any finding"]
    hygiene = summary.get("other_rules_documents_fired")
    if hygiene:
        scope = ("included above" if summary.get("all_rules")
                 else "not included above; --all-rules includes them")
        out += ["", f"Other rules (hygiene; {scope}): dev documents each fires on"]
        out += [f"  {name:<28} {count:>4}/{summary['documents']}"
                for name, count in hygiene.items()]
    if verbose:
        worse = summary["worse_than_input"]
        if worse:
            out += ["", "Fixed text scores below the untouched input:"]
            out += [f"  {w['id']} [{w['case_type']}] F1 {w['input']:.3f} -> {w['fixed']:.3f} "
                    f"(rules fired: {', '.join(w['rules_fired']) or 'none'})" for w in worse]
        for name, c in table.items():
            if c.misses or c.false_positives:
                out += ["", f"{name}:"]
                out += [f"  MISS {line}" for line in c.misses]
                out += [f"  FP   {line}" for line in c.false_positives]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set folder")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    parser.add_argument("--all-rules", action="store_true",
                        help="detect and fix with every registered rule, not just the four "
                             "defect rules (the hygiene rules change clean documents)")
    args = parser.parse_args(argv)
    if not (args.dev / "manifest.jsonl").is_file():
        print(f"evaluate: no manifest.jsonl in {args.dev}", file=sys.stderr)
        return 2
    classes = all_rules()
    used = classes if args.all_rules else [cls for cls in classes if cls.name in RULE_NAMES]
    linter = Linter([cls() for cls in used])
    cases = read_manifest(args.dev)
    outcomes = [run_case(case, linter) for case in cases]
    summary = summarise(outcomes, [cls.name for cls in classes], args.verbose)
    summary["all_rules"] = args.all_rules
    summary["rules_used"] = [cls.name for cls in used]
    summary["other_rules_documents_fired"] = hygiene_counts(cases, classes)
    sys.stdout.write(render(summary, args.verbose))
    if args.json:
        payload = {key: value for key, value in summary.items() if not key.startswith("_")}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
