"""The shortcuts that make the document model and the trailer analysis fast keep their answers.

Each fast path is compared with the plain definition it replaces, and the work done on
pathological documents is counted (calls per line), not timed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import plain_definitions as plain
import pytest
from samples import corpus_texts

from lint_corpus import trailer
from lint_corpus.document import Document


def test_lines_stay_frozen() -> None:
    line = Document("a\nb").lines[0]
    with pytest.raises(AttributeError):
        line.start = 5  # type: ignore[misc]


def test_lazy_continuation_matches_hard_wrapped() -> None:
    texts = corpus_texts() + ["The committee said on Monday that\nthe rules would change soon.\n"]
    for text in texts:
        doc = Document(text)
        wrapped = plain.hard_wrapped(doc)
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
