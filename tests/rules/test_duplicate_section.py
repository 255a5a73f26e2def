"""duplicate-section on documents built to make its work large: many phrases shared between
lines, many copies, one line pasted thousands of times, a huge line. (That each unit is
compared with a capped number of earlier lines is tested in core/src/duplicates.rs.)"""

from __future__ import annotations

import random

from lint_corpus_rules.duplicate_section import DuplicateSection

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


def test_a_unit_sharing_phrases_with_many_lines_is_no_copy_of_any() -> None:
    # Each later paragraph strings together phrases of ten earlier paragraphs far apart:
    # every phrase occurs earlier, but no window of earlier text holds most of it.
    phrases = [s.rstrip(".").lower() for s in sentences(400)]
    earlier = [f"{p} the {q}." for p, q in zip(phrases[:200], phrases[200:], strict=True)]
    hubs = [" the ".join(phrases[k:200:20]) + "." for k in range(20)]
    text = "\n\n".join(earlier + hubs) + "\n"
    assert Linter([DuplicateSection()]).check(Document(text)).findings == []
    # The same paragraphs pasted again are found, each pointing at its original.
    again = text + "\n".join(hubs[:3]) + "\n"
    findings = Linter([DuplicateSection()]).check(Document(again)).findings
    first_hub_line = 2 * len(earlier) + 1
    assert [f.finding.data["original_lines"] for f in findings] == [
        [first_hub_line, first_hub_line + 4]]


def test_many_repeated_paragraphs_are_each_found() -> None:
    originals = sentences(1000)
    rng = random.Random(3)
    paragraphs = originals + rng.sample(originals, 1000) + rng.sample(originals, 1000)
    text = "\n\n".join(paragraphs) + "\n"
    findings = Linter([DuplicateSection()]).check(Document(text)).findings
    # Every copy was found (paragraph k is on line 2k + 1), and no original.
    spans = [f.finding.data["copy_lines"] for f in findings]
    flagged = {line for first, last in spans for line in range(first, last + 1)}
    assert {2 * k + 1 for k in range(len(originals), len(paragraphs))} <= flagged
    assert min(flagged) > 2 * len(originals)


def test_a_line_pasted_20000_times_is_one_section() -> None:
    # Copies of one line are not boilerplate (that is a phrase on many different lines):
    # every copy is reported, in one section.
    text = "The committee said the new rules would take effect next year.\n" * 20000
    findings = Linter([DuplicateSection()]).check(Document(text)).findings
    assert [f.finding.data["copy_lines"] for f in findings] == [[2, 20000]]


def test_a_huge_line_and_its_copy_are_two_units() -> None:
    line = " ".join(sentences(2000))  # about 200 KB on one line
    text = f"{line}\n\n{line}\n"
    findings = Linter([DuplicateSection()]).check(Document(text)).findings
    assert [f.finding.data["copy_lines"] for f in findings] == [[3, 3]]


def test_a_unit_made_mostly_of_a_template_is_no_copy() -> None:
    # Each line is mostly one template; a later copy of one of them matches its original,
    # but the template shingles on many lines outweigh what it has of its own.
    template = "is currently streaming on Netflix and available to rent on Apple TV and Amazon."
    rng = random.Random(5)
    titles = ["".join(rng.choice("abcdefghij") for _ in range(8)).title() for _ in range(8)]
    lines = [f"{title} {n} {template}" for n, title in enumerate(titles)]
    text = "\n\n".join([*lines, lines[2]]) + "\n"
    assert Linter([DuplicateSection()]).check(Document(text)).findings == []
    # Counted as a template only on more lines than there are, the template is evidence:
    # the copy is found (and the other lines, sharing it, with it).
    rule = DuplicateSection({"template-min-lines": 100})
    copies = [f.finding.data["copy_lines"] for f in Linter([rule]).check(Document(text)).findings]
    assert [17, 17] in copies
