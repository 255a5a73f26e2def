"""The core's line features and credit patterns (core/src/features.rs, core/src/credits.rs)
answer as the Python definitions they replaced (``plain_definitions``), line by line.

Compared on every line of the seeds and of the dev and dev-ext cases beside the checkout, on
the examples of the equivalence samples, and on lines generated from their pieces. The
classes of the two regex engines differ only on code points a later Unicode version assigned
(core/src/credits.rs says how), which the generated lines leave out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import plain_definitions as plain
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import PIECES, corpus_texts

from lint_corpus import credits, native, trailer
from lint_corpus import text as textlib
from lint_corpus.document import Document

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

CREDITS = [
    "来源：新华社", "（责任编辑：王小明）", "責任編輯：李四", "原标题：某某", "作者：张三",
    "（完）", "本文转载自某网", "Translated by Fion Khan",
    "Reporting by Jane Doe; Editing by Tom Lee", "Edited by Sam",
    "This article was originally published on The Conversation.",
    "Originally published in 2019", "(AP)", "(ap/dpa)", "Additional reporting by A. B.",
    "Jane Doe is a reporter for the Globe.", "素材来源 某某日报", "（记者 王明）",
    "Contributing: Jane Roe", "(Reporting by Jane Roe; Editing by John Doe)",
    "Andrés Malamud es un politólogo argentino.", "LEE LI-SHENG IS A GRADUATE STUDENT, TAIPEI.",
    "文章（编辑：张三）", "The Committee is a body of experts.", "Jane Doe is another name",
    "记者 | 李四", "记者：这项政策有何影响？", "Edİted by Sam", "(AİP)", "审 读：王某",
    "中青网记者 魏某 来源：中国青年网", "作者：" + "很长的回答" * 8, "主持人：请问您如何看待？",
]
# Long lines: past the characters the word count reads first, and past the credit limit.
LONG_LINES = [
    "The committee said on Monday that the new rules would take effect early next year. " * 6,
    "记者从有关部门获悉，这项工程预计将于明年年底前全面完工，届时将大大缓解交通压力。" * 8,
    "https://example.com/" + "a" * 420,
    "x = f(a); y = g(b); " * 25,
    "Related articles about the committee and the new rules " * 9,
    "来源：新华社 " + "记者从有关部门获悉。" * 50,
]
# Shapes the predicates turn on: ellipses, notes after a sentence, two sentences, dates.
SHAPES = [
    "Storm hits the coast as residents flee …", "The rules would change soon...",
    "The committee said the new rules would take effect next year. (bsc)", "……。（完）",
    "Jane Roe is a political scientist at Harvard. John Doe is a lawyer and analyst",
    "May 3, 2020", "2024-05-01 12:00", "2024年5月1日", "www.example.com/a", "{}", "—",
    "Is this the end of the story?", "Undo.", "Sign in now.", "a) b) c)", "Share", "更多文章",
    "Related: Storm hits the coast", "Follow us on Twitter", "3楼", "分享到：",
    "…尽きます」（島田さん）", "The talks ended. PTI", "It rained. #weather #storm",
    "The report is out. [2] [5]", "A fragment (AP)", "まとめ（完）[1]",
]


@cache
def _dev_texts() -> tuple[str, ...]:
    return tuple(path.read_text("utf-8") for path in sorted(CORPORA.glob("dev*/cases/*.txt")))


def _contents() -> list[str]:
    texts = [*corpus_texts(), *_dev_texts()]
    lines = [line.content for text in texts for line in Document(text).lines if line.content]
    examples = [textlib.strip_edges(line) for line in PIECES + CREDITS + LONG_LINES + SHAPES]
    return lines + [line for line in examples if line]


PREDICATES: list[tuple[str, Callable[[str], bool], Callable[[str], bool]]] = [
    ("is_credit", credits.is_credit, plain.is_credit),
    ("ends_sentence", credits.ends_sentence, plain.ends_sentence_with_notes),
    ("keeps a closing note", lambda c: credits.without_closing_note(c) == c,
     lambda c: plain.without_closing_note(c) == c),
    ("is_strong_credit", credits.is_strong_credit, plain.is_strong_credit),
    ("is_closing_label", native.is_closing_label, plain.is_closing_label),
    ("is_interview_turn", native.is_interview_turn, plain.is_interview_turn),
    ("is_marker", trailer.is_marker, plain.is_marker),
    ("is_related_marker", trailer.is_related_marker, plain.is_related_marker),
    ("is_furniture_sentence", trailer.is_furniture_sentence, plain.is_furniture_sentence),
    ("is_prose", lambda c: trailer.is_prose(Document(c).lines[0]), plain.is_prose),
    ("is_link_like", lambda c: trailer.is_link_like(Document(c).lines[0]), plain.is_link_like),
    ("is_date_only", trailer.is_date_only, plain.is_date_only),
    ("looks_like_code", trailer.looks_like_code, plain.looks_like_code),
]


def _assert_same_features(contents: list[str]) -> Counter[native.LineKind]:
    found_kinds, found_words = trailer._LINES.features(contents)
    kinds: Counter[native.LineKind] = Counter()
    for content, kind, words in zip(contents, found_kinds, found_words, strict=True):
        expected = plain.line_kind(content)
        kinds[expected] += 1
        assert (native.LineKind(kind), words) == (expected, plain.capped_word_units(content)), (
            content, expected)
        assert trailer._LINES.capped_word_units(content) == words, content
    return kinds


def test_features_match_the_python_definition_on_every_line() -> None:
    contents = _contents()
    kinds = _assert_same_features(contents)
    # Every kind occurs, so every branch of the decision is compared.
    assert set(kinds) == set(native.LineKind), kinds


@pytest.mark.parametrize(("name", "native_answer", "plain_answer"), PREDICATES,
                         ids=[name for name, _, _ in PREDICATES])
def test_each_predicate_matches_the_python_definition_on_every_line(
        name: str, native_answer: Callable[[str], bool],
        plain_answer: Callable[[str], bool]) -> None:
    contents = _contents()
    answers = Counter(native_answer(content) for content in contents)
    assert answers[True] >= 3 and answers[False] >= 3, (name, answers)  # both sides occur
    for content in contents:
        assert native_answer(content) == plain_answer(content), (name, content)


def test_a_closing_note_is_cut_as_the_python_definition_cuts_it() -> None:
    cut = 0
    for content in _contents():
        assert credits.without_closing_note(content) == plain.without_closing_note(content), (
            content)
        cut += credits.without_closing_note(content) != content
    assert cut >= 3


def _runs(contents: list[str]) -> list[list[str]]:
    """Runs of consecutive lines, as the list evidence reads them: every window of up to
    eight lines of the texts, and each example list."""
    windows = [contents[i:i + size] for size in (2, 5, 8) for i in range(0, len(contents), 3)]
    return windows + [LIST_RUNS[name] for name in sorted(LIST_RUNS)]


LIST_RUNS = {
    "template": ["2022年第4期", "2022年第3期", "2022年第2期"],
    "sites": ["Storm hits coast | Example News", "Mayor opens bridge | Example News"],
    "handle": ["Follow @example_news for more"],
    "dated": ["2024-05-01", "Storm hits coast", "2024-05-02", "Mayor opens bridge"],
    "own list": ["Week 1 - 3 km", "Week 2 - 4 km", "Rest day"],
}


def test_list_shapes_match_the_python_definition() -> None:
    answers: Counter[tuple[bool, bool]] = Counter()
    for run in _runs(_contents()):
        lines = [line for text in run for line in Document(text).lines]
        template, link = native.has_template(run), native.has_link_shape(run)
        assert (template, link) == (plain.has_template(lines), plain.has_link_shape(lines)), run
        answers[template, link] += 1
    assert all(answers[pair] for pair in [(True, False), (False, True), (False, False)]), answers


def test_an_ellipsis_cut_matches_the_python_definition() -> None:
    for content in _contents():
        for words in (0, trailer.BLURB_WORDS, trailer.BLURB_WORDS + 1):
            assert trailer.is_ellipsis_cut(content, words) == plain.is_ellipsis_cut(
                content, words), content


# Generated lines: the examples above joined with the marks and words the patterns turn on,
# or those marks and words cut into characters and shuffled.
_MARKS = [
    " ", "  ", "\t", "\u3000", "\u00a0", "。", "…", "..", ".", "?", "!", "？", "（", "）", "(",
    ")", "[", "]", "【", "】", ":", "：", "|", "/", ",", "，", "、", "\"", "”", "’", "」", "İ",
    "ſ", "K", "IS", "ES", "is a ", "Jane Roe ", "by ", "记者", "编辑", "来源", "1", "2024", "年",
    # The words a bio must not open with (a look-ahead in Python, a second pattern in Rust).
    "The ", "This ", "As ", "Le ", "Theodore ", "Asa ",
]
_GENERATED = st.lists(st.sampled_from(PIECES + CREDITS + SHAPES + _MARKS),
                      max_size=8).map("".join) | st.text(
    alphabet=st.sampled_from("".join(_MARKS) + "abcXYZ中文"), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_GENERATED)
def test_features_and_predicates_match_on_generated_lines(content: str) -> None:
    content = textlib.strip_edges(content)  # a line's content, as the analysis reads it
    if not content:
        return
    _assert_same_features([content])
    for name, native_answer, plain_answer in PREDICATES:
        assert native_answer(content) == plain_answer(content), (name, content)


def test_features_are_read_in_one_call_per_block() -> None:
    contents = _contents()
    kinds, words = trailer._LINES.features(contents)
    one_by_one = [trailer._LINES.features([c]) for c in contents]
    assert kinds == b"".join(kind for kind, _ in one_by_one)
    assert words == b"".join(count for _, count in one_by_one)
