"""The shortcuts that make the document model and the trailer analysis fast keep their answers.

Each fast path is compared with the plain definition it replaces, and the work done on
pathological documents is counted (calls per line), not timed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import corpus_texts

from lint_corpus import credits, trailer
from lint_corpus import text as textlib
from lint_corpus.document import Document

CREDITS = [
    "来源：新华社", "（责任编辑：王小明）", "責任編輯：李四", "原标题：某某", "作者：张三",
    "（完）",
    "本文转载自某网", "Translated by Fion Khan", "Reporting by Jane Doe; Editing by Tom Lee",
    "Edited by Sam", "This article was originally published on The Conversation.",
    "Originally published in 2019", "(AP)", "(ap/dpa)", "Additional reporting by A. B.",
    "Jane Doe is a reporter for the Globe.", "素材来源 某某日报", "（记者 王明）",
    "Contributing: Jane Roe", "(Reporting by Jane Roe; Editing by John Doe)",
    "Andrés Malamud es un politólogo argentino.",
    "LEE LI-SHENG IS A GRADUATE STUDENT, TAIPEI.", "文章（编辑：张三）",
    "The Committee is a body of experts.", "Jane Doe is another name", "记者 | 李四",
]


def _lines() -> list[str]:
    return [line for text in corpus_texts() for line in text.split("\n")] + CREDITS


def _plain_is_credit(content: str) -> bool:
    """The credit test without the shared prefilter: the definition the prefilter must keep."""
    if len(content) > 400:
        return False
    if credits.is_strong_credit(content):
        return True
    if (len(content) <= 40 and credits._UNSEPARATED_LABEL_RE.search(content)
            and not textlib.ends_sentence(content)):
        return True
    return textlib.word_units(content) <= 60 and bool(
        credits._BIO_RE.search(content[:100]) or credits._EMPHATIC_BIO_RE.search(content))


def test_credit_prefilter_keeps_every_credit() -> None:
    contents = [textlib.strip_edges(line) for line in _lines()]
    verdicts = Counter(trailer.is_credit(c) for c in contents)
    assert verdicts[True] >= len(CREDITS) - 3  # the examples are credits (a few are traps)
    for content in contents:
        assert trailer.is_credit(content) == _plain_is_credit(content), content


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CREDITS + ["IS", " is a ", "（", "）", "编辑：", " ", "x", "Jo"]),
                max_size=6).map("".join))
def test_credit_prefilter_on_generated_lines(content: str) -> None:
    content = textlib.strip_edges(content)
    assert trailer.is_credit(content) == _plain_is_credit(content)


def test_lines_stay_frozen() -> None:
    line = Document("a\nb").lines[0]
    with pytest.raises(AttributeError):
        line.start = 5  # type: ignore[misc]


def test_lazy_continuation_matches_hard_wrapped() -> None:
    texts = corpus_texts() + ["The committee said on Monday that\nthe rules would change soon.\n"]
    for text in texts:
        doc = Document(text)
        wrapped = trailer.hard_wrapped(doc)
        for line in doc.nonblank_lines:
            assert trailer._continues(doc, line) == (line.index in wrapped)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts calls of the per-line steps of the trailer analysis."""
    calls: Counter[str] = Counter()

    def wrap(name: str) -> None:
        original: Callable[..., Any] = getattr(trailer, name)

        def counting(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(trailer, name, counting)

    for name in ("_score", "_clauses", "_runs_on", "is_link_like"):
        wrap(name)
    yield calls


@pytest.mark.parametrize("text", [
    "Read more stories from our newsroom\n" * 20_000,
    "The committee said the new rules would take effect next year.\n" * 20_000,
    "\n".join("天地玄黄abc"[i % 7] for i in range(20_000)),
])
def test_work_per_line_is_bounded(counted: Counter[str], text: str) -> None:
    doc = Document(text)
    trailer.find_trailer(doc)
    trailer.article_end(doc)
    lines = len(doc.nonblank_lines)
    assert counted["_score"] <= lines
    assert counted["_clauses"] <= lines
    assert counted["_runs_on"] <= 2 * lines
    assert counted["is_link_like"] <= 3 * lines


def test_a_huge_line_is_one_line_of_work(counted: Counter[str]) -> None:
    line = "记者从有关部门获悉，这项工程预计将于明年年底前全面完工, " * 50_000
    doc = Document(line + "\n更多文章\n")
    trailer.find_trailer(doc)
    assert counted["_score"] <= 2 and counted["_clauses"] <= 2
