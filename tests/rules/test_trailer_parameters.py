"""Where the article ends is one analysis with one set of parameters.

truncated-document (LC101) judges the article's last line, unrelated-trailing-content (LC102)
reports the trailer's prose and link-list (LC103) its lists. All three read the config's
``[trailer]`` table, so with any setting they agree on where the article ends, and the
analysis runs once per document however many of them ask.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lint_corpus import CorpusLinter, trailer
from lint_corpus.config import ConfigError, load_config
from lint_corpus.engine import DocumentResult
from lint_corpus.trailer import TrailerParameters

ROOT = Path(__file__).resolve().parents[2]
RULES = ["truncated-document", "unrelated-trailing-content", "link-list"]

ARTICLE = [
    "Trump wants to reach an agreement with Ukraine to gain access to its rare earth materials "
    "as a condition for continued support.",
    "In comparison, Taiwan occupies a critical position in the interests of the United States "
    "in technology, the economy and the military.",
    "Taiwan is different from Ukraine: its development and security are indispensable to core "
    "American interests.",
    "Given their shared interests, Taiwan and the US should build a stronger alliance in many "
    "areas.",
]
# Teasers of other stories after the translator's credit; the last one is cut mid-sentence.
# Either they are a trailer (LC102) or the article runs to the end and stops mid-sentence
# (LC101): never both, never neither.
CUT_TEASERS = "\n".join([
    *ARTICLE,
    "Lee Li-sheng is a graduate student at National Taiwan Normal University.",
    "Translated by Fion Khan",
    "There is much evidence that the Chinese Communist Party is sending soldiers to support the "
    "invasion of Ukraine, and forces there have captured two nationals fighting on the front "
    "line with details",
    "On a quiet lane in the central district, an otherwise unremarkable high-rise is marked by a "
    "police guard and a printout from the ministry, and visitors instead have to visit the trade "
    "office. The death of",
])
# A "Most Popular" block: runs of headlines between blurbs, short enough that whether they
# are lists of their own depends on ``min-list-items``.
MOST_POPULAR = "\n".join([
    *ARTICLE,
    "Most Popular",
    "Uber Was Supposed To Be Our Public Transit",
    "Storm hits the coast again",
    "Mayor opens new bridge",
    "Innisfil, Ontario, decided to partially subsidize ride-hailing trips rather than pay for a "
    "public bus system. It worked so well that fares must rise.",
    "Laura Bliss",
    "A 13,235-Mile Road Trip for 70-Degree Weather Every Day",
    "Why the city gave up on trams",
    "The bridge nobody wanted",
    "This year-long journey across the U.S. keeps you at consistent high temperatures.",
    "John Metcalfe",
])
THRESHOLDS = (1.0, 2.0, 4.0, 6.0, 12.0, 40.0)
LIST_ITEMS = (2, 3, 5, 8)


def _write_config(folder: Path, table: dict[str, Any]) -> Path:
    lines = [f'select = {json.dumps(RULES)}', "[trailer]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    path = folder / "lint-corpus.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _linter(folder: Path, threshold: float, items: int) -> CorpusLinter:
    config = _write_config(folder, {"threshold": threshold, "min-list-items": items})
    return CorpusLinter(config=config)


def _spans(result: DocumentResult, code: str) -> list[tuple[int, int]]:
    return [(r.finding.start, r.finding.end) for r in result.findings if r.finding.code == code]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def test_the_three_rules_agree_on_where_a_cut_trailer_starts(tmp_path: Path) -> None:
    outcomes = set()
    for threshold in THRESHOLDS:
        result = _linter(tmp_path, threshold, 5).process(CUT_TEASERS)
        truncated = bool(_spans(result, "LC101"))
        trailing = bool(_spans(result, "LC102"))
        # The teasers are after the article's end (LC102) or they end the article (LC101).
        assert truncated != trailing, (threshold, result.findings)
        outcomes.add(trailing)
    assert outcomes == {True, False}  # the threshold moves the article's end both ways


def test_prose_and_lists_of_one_trailer_never_overlap(tmp_path: Path) -> None:
    split = set()
    for threshold, items in itertools.product(THRESHOLDS, LIST_ITEMS):
        result = _linter(tmp_path, threshold, items).process(MOST_POPULAR)
        prose, lists = _spans(result, "LC102"), _spans(result, "LC103")
        assert not any(_overlap(p, q) for p in prose for q in lists), (threshold, items)
        split.add(bool(prose and lists))
    assert split == {True, False}  # min-list-items decides whether the headlines are lists


def _seed_texts() -> list[str]:
    return [path.read_text("utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]


@pytest.mark.parametrize(("threshold", "items"), [(2.0, 3), (4.0, 5), (8.0, 2), (3.0, 8)])
def test_on_the_seeds_truncation_is_judged_before_the_trailer(tmp_path: Path, threshold: float,
                                                              items: int) -> None:
    linter = _linter(tmp_path, threshold, items)
    for text in _seed_texts():
        result = linter.process(text)
        prose, lists = _spans(result, "LC102"), _spans(result, "LC103")
        assert not any(_overlap(p, q) for p in prose for q in lists)
        for cut in _spans(result, "LC101"):
            assert all(cut[1] <= start for start, _ in prose)


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[TrailerParameters]]:
    """The parameters of each run of the trailer analysis."""
    runs: list[TrailerParameters] = []
    original: Callable[..., Any] = trailer.analyse

    def counting(doc: Any, parameters: TrailerParameters) -> Any:
        runs.append(parameters)
        return original(doc, parameters)

    monkeypatch.setattr(trailer, "analyse", counting)
    yield runs


@pytest.mark.parametrize("table", [{}, {"threshold": 6.0}, {"min-list-items": 3},
                                   {"threshold": 2.0, "min-list-items": 2}])
def test_the_analysis_runs_once_per_document(tmp_path: Path, analyses: list[TrailerParameters],
                                             table: dict[str, Any]) -> None:
    linter = CorpusLinter(config=_write_config(tmp_path, table))
    assert [rule.name for rule in linter.rules] == RULES
    linter.check([CUT_TEASERS, MOST_POPULAR, "One line."])
    assert analyses == [TrailerParameters.from_options(table)] * 3


def test_fixing_runs_the_analysis_once_per_version_of_the_text(
        tmp_path: Path, analyses: list[TrailerParameters]) -> None:
    linter = CorpusLinter(config=_write_config(tmp_path, {"min-list-items": 3}))
    result = linter.process(MOST_POPULAR, fix=True)
    assert result.changed and result.passes >= 1
    assert len(analyses) == result.passes + 1


def test_the_documented_defaults_are_the_defaults() -> None:
    schema = json.loads((ROOT / "lint_corpus" / "schema" / "config.schema.json")
                        .read_text("utf-8"))
    table = schema["properties"]["trailer"]["properties"]
    assert {key: spec["default"] for key, spec in table.items()} == (
        TrailerParameters().as_options())


def test_a_report_names_the_trailer_parameters_each_rule_used(tmp_path: Path) -> None:
    linter = CorpusLinter(config=_write_config(tmp_path, {"threshold": 6.0}))
    report = linter.report(linter.check([CUT_TEASERS]))
    used = {rule["name"]: rule["options"]["trailer"] for rule in report["rules"]}
    assert used == dict.fromkeys(RULES, {"threshold": 6.0, "min-list-items": 5,
                                         "on-topic-share": TrailerParameters.on_topic_share})


@pytest.mark.parametrize(("table", "moved"), [
    ("[rules.unrelated-trailing-content]\nthreshold = 6\n", "threshold"),
    ("[rules.LC103]\nmin-items = 3\n", "min-list-items"),
    ("[rules.truncated-document.trailer]\nthreshold = 6\n", "threshold"),
])
def test_per_rule_trailer_settings_are_rejected_naming_the_table(tmp_path: Path, table: str,
                                                                 moved: str) -> None:
    path = tmp_path / "lint-corpus.toml"
    path.write_text(table, "utf-8")
    with pytest.raises(ConfigError) as error:
        load_config([tmp_path], explicit=path)
    message = str(error.value)
    assert "[trailer]" in message and moved in message and "\n" not in message
