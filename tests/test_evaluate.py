"""The evaluation code (scripts/evaluation, scripts/evaluate.py) on small made-up cases."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import evaluate  # noqa: E402
from evaluation.cases import Case, Span, read_corpus, script_groups, site_key  # noqa: E402
from evaluation.crossval import (  # noqa: E402
    GRID,
    cross_validate,
    grid_points,
    option_value,
    point_options,
    site_folds,
)
from evaluation.figures import detection, figures  # noqa: E402
from evaluation.scoring import CaseScore, FixOutcome, Removal, score_case  # noqa: E402

from lint_corpus import CorpusLinter  # noqa: E402

ARTICLE = "One two three.\nFour five six.\n"
TRAILER = "Share this\nMore news\n"


def make_case(case_id: str = "c1", *, site: str = "a", case_type: str = "trailer",
              text: str = ARTICLE + TRAILER, labels: frozenset[str] = frozenset({"link-list"}),
              optional: frozenset[str] = frozenset(), gold: str = ARTICLE,
              spans: tuple[Span, ...] | None = None) -> Case:
    if spans is None:
        spans = (Span("trailer", len(ARTICLE), len(ARTICLE) + len(TRAILER)),)
    groups = script_groups(gold)
    return Case(id=case_id, corpus="dev", path=Path(f"/nonexistent/{case_id}.txt"),
                case_type=case_type, labels=labels, optional=optional, gold=gold,
                fragment=None, spans=spans, site=site, language="en",
                script="cjk" if "cjk" in groups else "latin", script_groups=groups)


def scored(case: Case, fired: set[str], kept: int, total: int = 10) -> CaseScore:
    return CaseScore(case=case, fired=frozenset(fired), article_tokens=total,
                     article_kept=kept, junk_tokens=0, junk_removed=0)


@pytest.mark.parametrize(("text", "expected"), [
    ("The council met on Tuesday and voted to close the bridge.", {"latin"}),
    ("Mayor 王明 said the bridge would close on Tuesday for repairs.", {"latin"}),
    ("市政府周二宣布，这座桥将因维修关闭三个月。", {"cjk", "zh-like"}),
    ("市役所は火曜日に、この橋を修理のため三か月閉鎖すると発表した。", {"cjk", "ja-like"}),
    ("시청은 화요일에 이 다리를 수리를 위해 석 달 동안 폐쇄한다고 발표했다.", {"cjk", "ko-like"}),
])
def test_script_is_measured_from_the_text(text: str, expected: set[str]) -> None:
    assert script_groups(text) == expected


def test_site_key_joins_one_publishers_hosts_and_pages() -> None:
    assert site_key("money.163.com") == site_key("163.com")
    assert site_key("jp.theorychina.org.cn") == site_key("en.theorychina.org.cn")
    assert site_key("https://news.gmw.cn/2024/a.html") == site_key("politics.gmw.cn")
    assert site_key("medium-2") == site_key("medium-3")
    assert site_key("spiegel.de") != site_key("stern.de")


def test_site_folds_split_sites_without_overlap() -> None:
    cases = [make_case(f"c{i}", site=f"s{i % 7}") for i in range(30)]
    folds = site_folds(cases, 3)
    assert len(folds) == 3
    assert set().union(*folds) == {case.site for case in cases}
    assert sum(len(fold) for fold in folds) == 7  # no site in two folds
    sizes = [sum(case.site in fold for case in cases) for fold in folds]
    assert max(sizes) - min(sizes) <= 5  # one site's worth at most
    assert site_folds(cases, 3) == folds
    assert len(site_folds(cases, 50)) == 7


def test_scoring_attributes_removed_article_text_to_the_rule() -> None:
    case = make_case()
    text = ARTICLE + TRAILER
    second_line = text.index("Four")
    outcome = FixOutcome(fixed="One two three.\n", fired=frozenset({"link-list"}),
                         removals=(Removal("link-list", second_line, len(text)),))
    score = score_case(case, text, outcome)
    assert score.article_removed_by_rule == {"link-list": 3}
    assert (score.junk_removed, score.junk_tokens) == (4, 4)
    assert score.article_recall == pytest.approx(0.5)


def test_a_rewrite_that_keeps_the_words_removes_nothing() -> None:
    case = make_case()
    text = ARTICLE + TRAILER
    outcome = FixOutcome(fixed=text.replace("One two", "One  two"), fired=frozenset(),
                         removals=(Removal("bad-whitespace", 0, 7, "One  two"),))
    score = score_case(case, text, outcome)
    assert score.article_removed_by_rule == {}
    assert score.article_recall == 1.0
    assert score.junk_removed == 0


def test_detection_leaves_optional_labels_out() -> None:
    scores = [
        scored(make_case("tp", labels=frozenset({"duplicate-section"})),
               {"duplicate-section"}, 10),
        scored(make_case("fp", labels=frozenset()), {"duplicate-section"}, 10),
        scored(make_case("opt", labels=frozenset(), optional=frozenset({"duplicate-section"})),
               {"duplicate-section"}, 10),
        scored(make_case("fn", labels=frozenset({"duplicate-section"})), set(), 10),
    ]
    counts = detection(scores, ("duplicate-section",))
    assert (counts.tp, counts.fp, counts.fn, counts.excluded) == (1, 1, 1, 1)
    assert counts.f1 == pytest.approx(0.5)


def test_only_defect_findings_count_against_clean_documents() -> None:
    def clean(case_id: str) -> Case:
        return make_case(case_id, case_type="clean", labels=frozenset(), spans=())

    scores = [scored(clean("a"), {"bad-whitespace"}, 10),
              scored(clean("b"), {"truncated-document"}, 10),
              scored(clean("c"), set(), 7)]
    figs = figures(scores)
    assert figs["clean_flagged"] == ["b"]
    assert figs["clean_flagged_share"] == pytest.approx(1 / 3)
    assert (figs["article_kept_worst"], figs["article_kept_worst_id"]) == (0.7, "c")


def test_held_out_fold_is_measured_with_the_choice_made_on_the_other_sites() -> None:
    # Point "keep" keeps everything on every site; point "tuned" is better on site x only.
    cases = {site: make_case(site, site=site, case_type="clean", labels=frozenset(), spans=())
             for site in ("x", "y", "z")}
    keep = [scored(case, set(), 10) for case in cases.values()]
    tuned = [scored(cases["x"], set(), 10), scored(cases["y"], set(), 5),
             scored(cases["z"], set(), 5)]
    by_point = {("keep",): keep, ("tuned",): tuned}
    folds = [frozenset({"x"}), frozenset({"y", "z"})]
    results = cross_validate(by_point, folds, default=("tuned",))
    # Trained on y and z, the fold of x picks "keep" although "tuned" ties on x itself.
    assert results[0].chosen == ("keep",)
    assert [s.case.site for s in results[0].held_out] == ["x"]
    # Trained on x alone, both points tie: the default wins the tie.
    assert results[1].chosen == ("tuned",)
    assert sorted(s.article_kept for s in results[1].held_out) == [5, 5]


def test_every_grid_point_is_valid_and_the_grid_holds_todays_defaults() -> None:
    default = evaluate.default_point(CorpusLinter())
    points = grid_points(GRID)
    assert default in points
    for point in points:
        linter = CorpusLinter(options=point_options(GRID, point))
        for axis, value in zip(GRID, point, strict=True):
            assert option_value(linter.rules, axis) == value


def _write_corpus(folder: Path) -> None:
    cases = {"en1": ("news.example.com", "The bridge closed on Tuesday. Repairs take a month.\n"),
             "zh1": ("www.beispiel.cn", "市政府周二宣布，这座桥将因维修关闭三个月。\n")}
    (folder / "cases").mkdir(parents=True)
    lines = []
    for case_id, (site, text) in cases.items():
        (folder / "cases" / f"{case_id}.txt").write_text(text, "utf-8")
        lines.append(json.dumps({"id": case_id, "path": f"cases/{case_id}.txt",
                                 "case_type": "clean", "labels": [], "gold_clean_text": text,
                                 "spans": [], "site": site}))
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def test_cli_reports_both_scripts_and_writes_json(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _write_corpus(tmp_path / "dev")
    out = tmp_path / "figures.json"
    code = evaluate.main(["--dev", str(tmp_path / "dev"), "--no-dev-ext", "--folds", "2",
                          "--markdown", "--json", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| figure |" in printed and "held-out" in printed
    data = json.loads(out.read_text("utf-8"))
    assert data["in_sample"]["latin"]["documents"] == 1
    assert data["in_sample"]["cjk"]["documents"] == 1
    assert data["cross_validation"]["folds"] == 2
    assert data["in_sample"]["all"]["clean_flagged_share"] == 0.0


def test_cli_names_a_missing_manifest(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main(["--dev", str(tmp_path), "--no-dev-ext", "--folds", "0"]) == 2
    assert "no manifest.jsonl" in capsys.readouterr().err


def test_cli_names_a_broken_manifest_line(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "manifest.jsonl").write_text('{"id": "x"}\n', "utf-8")
    assert evaluate.main(["--dev", str(tmp_path), "--no-dev-ext", "--folds", "0"]) == 2
    assert "manifest.jsonl:1" in capsys.readouterr().err


def test_read_corpus_reads_the_shared_dev_set_when_present() -> None:
    dev = ROOT.parent / "shared" / "corpora" / "dev"
    if not (dev / "manifest.jsonl").is_file():
        pytest.skip("the dev corpus is not here")
    cases = read_corpus(dev, "dev")
    assert cases and all(case.path.is_file() for case in cases)
    assert {"latin", "cjk"} <= {case.script for case in cases}
