"""duplicate-section's Python shortcuts, each against the plain definition it replaces.

* ASCII text is tokenized with an ASCII pattern;
* the reworded-section search stops early on a text with too few spaces or no run of long
  paragraphs, keeps the long lines as indices, skips openings that cannot name a section
  and reads the line before an opening only when a section is named.

``PlainDuplicateSection`` below is the rule with the reworded-section search as it was before
these shortcuts. (The lexical search is the native core's, core/src/duplicates.rs, tested
there and in tests/native/test_duplicate_matches.py.)
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules.duplicate_section import DuplicateSection, Section, Unit
from samples import corpus_text_params

from lint_corpus import similarity as sim
from lint_corpus.document import Document
from lint_corpus.rule import Finding


class PlainDuplicateSection(DuplicateSection):
    """The rule before the reworded-section shortcuts (the methods as they were, unchanged
    otherwise)."""

    def check(self, doc: Document) -> Iterator[Finding]:
        lines, paragraphs = self._units(doc)
        if len(lines) < 2:
            return
        matches = [m for m in self._lexical_matches(doc, paragraphs)
                   if not self._restates(lines, m, self._lead_end(lines))]
        sections = self._merge(lines, matches, "lexical")
        taken = {i for s in sections for i in range(s.start, s.end + 1)}
        if self.options["paraphrase"]:
            sections += [s for s in self._plain_paraphrase(lines)
                         if not any(i in taken for i in range(s.start, s.end + 1))]
        for section in sorted(sections, key=lambda s: s.start):
            yield self._finding(doc, lines, section)

    def _plain_paraphrase(self, lines: Sequence[Unit]) -> list[Section]:
        min_words = self.options["paraphrase-min-words"]
        is_long = [ln.content.count(" ") + 1 >= min_words and not sim.has_cjk(ln.content)
                   for ln in lines]
        headed = self._plain_headed(lines, is_long)
        if len(headed) < 2:
            return []
        titles: dict[str, list[int]] = defaultdict(list)
        lengths: dict[str, set[int]] = defaultdict(set)
        for k, (_, _, title) in enumerate(headed):
            if sum(1 for w in title.split() if w.isalpha() and w not in sim.STOPWORDS) >= 3:
                titles[title].append(k)
                lengths[title.split()[0]].add(len(title.split()))
        titles = {title: ks for title, ks in titles.items()
                  if len(ks) <= self.options["max-postings"]}
        if not titles:
            return []
        found: list[Section] = []
        named_runs = 0
        vectors: list[dict[str, float]] | None = None
        features: dict[int, list[str]] = {}
        idf: dict[str, float] = {}
        for first_long, run_end in self._plain_runs(is_long):
            last_opening = run_end - self.options["paraphrase-min-paragraphs"] + 1
            for run_start in range(first_long, last_opening + 1):
                named = self._plain_named(lines, titles, lengths, headed, run_start)
                if not named:
                    continue
                named_runs += 1
                if named_runs > self.max_named_runs:
                    return found
                if vectors is None:
                    features = {i: sim.content_features(ln.content)
                                for i, ln in enumerate(lines)}
                    df = Counter(f for fs in features.values() for f in set(fs))
                    idf = {f: math.log(len(lines) / c) for f, c in df.items() if c > 1}
                    vectors = [self._section_vector(features, idf, h, e, None)
                               for h, e, _ in headed]
                section = self._best_named(features, idf, headed, vectors, named,
                                           run_start, run_end)
                if section is not None:
                    found.append(section)
                    break
        return found

    def _plain_headed(
        self, lines: Sequence[Unit], is_long: list[bool],
    ) -> list[tuple[int, int, str]]:
        heads: list[tuple[int, str]] = []
        for i in range(len(lines) - 1):
            line = lines[i]
            if not is_long[i + 1] or len(line.content) > 120 or line.ends_sentence \
                    or line.is_bullet:
                continue
            title = sim.TOKEN_RE.findall(line.content.lower())
            if 2 <= len(title) <= 12:
                heads.append((i, " ".join(title)))
        return [(h, (heads[k + 1][0] - 1 if k + 1 < len(heads) else len(lines) - 1), title)
                for k, (h, title) in enumerate(heads)]

    def _plain_named(
        self, lines: Sequence[Unit], titles: dict[str, list[int]],
        lengths: dict[str, set[int]], headed: list[tuple[int, int, str]], run_start: int,
    ) -> list[tuple[int, bool]]:
        words = sim.TOKEN_RE.findall(lines[run_start].content[:400].lower())[:15]
        before = " ".join(sim.TOKEN_RE.findall(lines[run_start - 1].content.lower())) \
            if run_start else ""
        named = set()
        for i, word in enumerate(words[:3]):
            for size in lengths.get(word, ()):
                for k in titles.get(" ".join(words[i : i + size]), ()):
                    if k + 1 < len(headed) and headed[k + 1][1] < run_start - 1:
                        named.add(k)
        return [(k, headed[k][2] == before) for k in sorted(named)]

    def _plain_runs(self, is_long: list[bool]) -> list[tuple[int, int]]:
        runs, start = [], None
        for i, flag in enumerate([*is_long, False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                if i - start >= self.options["paraphrase-min-paragraphs"]:
                    runs.append((start, i - 1))
                start = None
        return runs


def findings(rule: DuplicateSection, text: str) -> list[tuple[Any, ...]]:
    return [(f.start, f.end, f.message, f.fix, f.data) for f in rule.check(Document(text))]


# -- documents ------------------------------------------------------------------------------

WORDS = ("the and of to in a that is for de la que council budget school funding members "
         "plan local services district library river bridge storm season market prices "
         "growth report minister election vote court ruling").split()
CJK = "的了在是和中国经济发展市场政府企业城市学生教育文化科技新闻报道记者表示今年"
TEMPLATE = "is currently streaming on Netflix and available to rent on Apple TV and Amazon."


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def cjk_sentence(rng: random.Random, chars: int) -> str:
    return "".join(rng.choice(CJK) for _ in range(chars)) + "。"


def section(rng: random.Random) -> list[str]:
    heading = " ".join(rng.choice(WORDS[12:]) for _ in range(rng.randint(2, 5))).title()
    return [heading, *(" ".join(sentence(rng, 12) for _ in range(3))
                       for _ in range(rng.randint(1, 3)))]


def generated(seed: int) -> str:
    """A document of prose, CJK prose, templates and headed sections, parts of it copied
    (verbatim, with a word dropped, re-split, or a section's opening rewritten)."""
    rng = random.Random(seed)
    parts: list[str] = []
    for _ in range(rng.randint(4, 14)):
        kind = rng.random()
        if kind < 0.3:
            parts.append(sentence(rng, rng.randint(6, 30)))
        elif kind < 0.45:
            parts.append(cjk_sentence(rng, rng.randint(10, 60)))
        elif kind < 0.6:
            parts.append(f"{rng.choice(WORDS).title()} {rng.randint(1, 99)} {TEMPLATE}")
        elif kind < 0.8:
            parts.extend(section(rng))
        elif parts:
            copied = rng.choice(parts)
            change = rng.random()
            if change < 0.3 and len(copied.split()) > 1:
                words = copied.split()
                del words[rng.randrange(len(words))]
                copied = " ".join(words)
            elif change < 0.5 and ". " in copied:
                parts.extend(copied.split(". ", 1)[:1])
                copied = copied.split(". ", 1)[1]
            elif change < 0.6:
                # A reworded opening naming an earlier heading.
                copied = f"{rng.choice(parts)[:40]} {sentence(rng, 35)}"
            parts.append(copied)
    edges = ["", " ", "\u00a0", "  "]
    return "\n\n".join(rng.choice(edges) + p + rng.choice(edges) for p in parts) + "\n"


# -- whole rule ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", corpus_text_params())
def test_the_rule_finds_what_the_plain_rule_finds(text: str) -> None:
    assert findings(DuplicateSection(), text) == findings(PlainDuplicateSection(), text)


@pytest.mark.parametrize("options", [{}, {"template-min-lines": 3, "min-anchor-share": 0.1},
                                     {"paraphrase-min-words": 20, "paraphrase-min-paragraphs": 1},
                                     {"shingle-size": 2, "max-postings": 3}])
def test_generated_documents_match_the_plain_rule(options: dict[str, Any]) -> None:
    fast, plain = DuplicateSection(options), PlainDuplicateSection(options)
    found = 0
    for seed in range(120):
        text = generated(seed)
        expected = findings(plain, text)
        assert findings(fast, text) == expected, seed
        found += len(expected)
    assert found, "no generated copy was found: the comparison proves little"


def test_paraphrase_shortcuts_find_the_plain_reworded_sections() -> None:
    # Headed sections with long paragraphs, one later reworded: the search must still get
    # past every gate and agree with the plain search.
    rng = random.Random(11)
    body = [" ".join(sentence(rng, 12) for _ in range(3)) for _ in range(8)]
    text = "\n\n".join([
        "Regional Water Supply Planning", body[0], body[1],
        "School Budget Cuts Debate", body[2], body[3],
        "Harbour Bridge Repair Schedule", body[4], body[5],
        "Regional water supply planning " + body[6], body[7],
    ]) + "\n"
    plain = findings(PlainDuplicateSection(), text)
    assert any(f[4]["method"] == "reworded" for f in plain)
    assert findings(DuplicateSection(), text) == plain


# -- pieces ----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_tokens_equal_the_unicode_pattern(text: str) -> None:
    assert sim.tokenize(text) == sim.TOKEN_RE.findall(text)
    assert sim.tokenize(text.lower()) == sim.TOKEN_RE.findall(text.lower())


# Built once: checking a rule's options is slow next to the function under test.
RUN_RULES = {m: (DuplicateSection({"paraphrase-min-paragraphs": m}),
                 PlainDuplicateSection({"paraphrase-min-paragraphs": m})) for m in range(1, 5)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), max_size=30), st.integers(min_value=1, max_value=4))
def test_long_runs_from_indices_equal_the_plain_scan(flags: list[bool], minimum: int) -> None:
    fast, plain = RUN_RULES[minimum]
    longs = [i for i, flag in enumerate(flags) if flag]
    assert fast._long_runs(longs) == plain._plain_runs(flags)


def test_ascii_fast_path_is_used_only_for_ascii() -> None:
    assert re.fullmatch(sim.ASCII_TOKEN_RE.pattern, "abc")
    assert sim.tokenize("caf\u00e9 22 \u4e2d\u6587") == ["caf\u00e9", "22", "\u4e2d", "\u6587"]
