"""The lineage memo: what a rule learnt about a line's text in one fix pass is reused in the
next, and never changes a finding, since its tables are keyed by content, not position."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lint_corpus.document import Document
from lint_corpus.registry import all_rules

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def findings(rule: Any, doc: Document) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.start, f.end, f.message) for f in rule.check(doc)]


def test_revised_document_shares_the_lineage_but_not_the_per_text_memo() -> None:
    first = Document("one\ntwo\n", "a.txt", "7")
    first.memo("x", lambda d: 1)
    table = first.content_table("t")
    table["one"] = 1
    later = first.revised("one\n")
    assert (later.path, later.id, later.text) == ("a.txt", "7", "one\n")
    assert later.content_table("t") is table
    assert "x" not in later.cache


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_a_warm_lineage_gives_the_findings_of_a_fresh_document(seed: Path) -> None:
    # The lineage is warmed on another text whose lines sit at other positions: a table
    # keyed by position would hand the later text wrong answers.
    text = seed.read_text(encoding="utf-8")
    shuffled = "\n\n".join(reversed(text.split("\n\n")))
    for rule in (cls() for cls in all_rules()):
        warm = Document(shuffled)
        list(rule.check(warm))
        assert findings(rule, warm.revised(text)) == findings(rule, Document(text)), rule.code
