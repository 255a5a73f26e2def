"""duplicate-section's work is bounded on documents built to make it large: every unit is
compared with a capped number of earlier lines, whatever the document's size."""

from __future__ import annotations

import random
from typing import Any

from lint_corpus_rules.duplicate_section import DuplicateSection

from lint_corpus import similarity as sim
from lint_corpus.document import Document
from lint_corpus.engine import Linter


def sentences(count: int, seed: int = 7) -> list[str]:
    """Distinct prose sentences of invented words (no shared template)."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(4, 8)))
                  for _ in range(3000)]
    return [" ".join(rng.choice(vocabulary) for _ in range(14)).capitalize() + "."
            for _ in range(count)]


def count_supports(monkeypatch: Any, seen: dict[int, list[int]] | None = None) -> list[int]:
    """Record how many earlier lines each unit is compared with (and which, in ``seen``)."""
    supports: list[int] = []
    compare = DuplicateSection._match_unit

    def counting(self: DuplicateSection, index: int, support: list[int], *args: Any) -> Any:
        supports.append(len(support))
        if seen is not None:
            seen[index] = support
        return compare(self, index, support, *args)

    monkeypatch.setattr(DuplicateSection, "_match_unit", counting)
    return supports


def test_a_unit_sharing_phrases_with_many_lines_is_compared_with_few(monkeypatch: Any) -> None:
    # Each later paragraph strings together phrases of ten earlier paragraphs far apart.
    phrases = [s.rstrip(".").lower() for s in sentences(400)]
    earlier = [f"{p} the {q}." for p, q in zip(phrases[:200], phrases[200:], strict=True)]
    hubs = [" the ".join(phrases[k:200:20]) + "." for k in range(20)]
    text = "\n\n".join(earlier + hubs) + "\n"
    seen: dict[int, list[int]] = {}
    supports = count_supports(monkeypatch, seen)
    rule = DuplicateSection()
    Linter([rule]).check(Document(text))
    assert len(supports) == len(hubs)
    assert max(supports) <= 7 * rule.options["max-anchor-lines"]  # anchors +/- three lines
    # All ten tie; the earliest six are looked around, in every run (not in hash order).
    for k in range(len(hubs)):
        anchors = range(k, k + 6 * 20, 20)
        expected = sorted({j for a in anchors for j in range(max(0, a - 3), a + 4)})
        assert seen[len(earlier) + k] == expected


def test_many_repeated_paragraphs_are_each_found_with_bounded_work(monkeypatch: Any) -> None:
    originals = sentences(1000)
    rng = random.Random(3)
    paragraphs = originals + rng.sample(originals, 1000) + rng.sample(originals, 1000)
    text = "\n\n".join(paragraphs) + "\n"
    supports = count_supports(monkeypatch)
    rule = DuplicateSection()
    findings = Linter([rule]).check(Document(text)).findings
    assert len(supports) <= len(paragraphs)
    assert max(supports) <= 7 * rule.options["max-anchor-lines"]
    # Every copy was found (paragraph k is on line 2k + 1), and no original.
    spans = [f.finding.data["copy_lines"] for f in findings]
    flagged = {line for first, last in spans for line in range(first, last + 1)}
    assert {2 * k + 1 for k in range(len(originals), len(paragraphs))} <= flagged
    assert min(flagged) > 2 * len(originals)


def test_a_line_pasted_20000_times_is_one_section_tokenized_once(monkeypatch: Any) -> None:
    # Copies of one line are not boilerplate (that is a phrase on many different lines):
    # every copy is reported, in one section, and the line's text is tokenized once.
    calls = [0]
    tokenize = sim.tokenize

    def counting(text: str) -> list[str]:
        calls[0] += 1
        return tokenize(text)

    monkeypatch.setattr(sim, "tokenize", counting)
    text = "The committee said the new rules would take effect next year.\n" * 20000
    findings = Linter([DuplicateSection()]).check(Document(text)).findings
    assert [f.finding.data["copy_lines"] for f in findings] == [[2, 20000]]
    assert calls[0] == 1


def test_a_huge_line_and_its_copy_are_two_units() -> None:
    line = " ".join(sentences(2000))  # about 200 KB on one line
    text = f"{line}\n\n{line}\n"
    findings = Linter([DuplicateSection()]).check(Document(text)).findings
    assert [f.finding.data["copy_lines"] for f in findings] == [[3, 3]]
