"""duplicate-section's shortcuts, each against the plain definition it replaces.

* anchor keys are memoised by raw line, and only unseen lines are marked, in one pass over
  their join (``sim.mark_lines``), instead of marking the whole lowercased text;
* a line whose chunks all occur first on it is skipped before its words are counted;
* the template test runs last, on the units that matched, counting only their shingles;
* ``_match_unit`` unites the shingles themselves instead of numbers standing for them;
* ASCII text is tokenized with an ASCII pattern;
* Latin break marks are replaced in two regex passes (chains of marks sharing spaces
  first, by the plain passes on each chain) instead of a ``str.replace`` pass per mark;
* the reworded-section search stops early on a text with too few spaces or no run of long
  paragraphs, keeps the long lines as indices, skips openings that cannot name a section
  and reads the line before an opening only when a section is named.

``PlainDuplicateSection`` below is the rule as it was before these shortcuts.
"""

from __future__ import annotations

import math
import random
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules.duplicate_section import DuplicateSection, Match, Section, Unit
from plain_definitions import mark_breaks as mark_breaks_by_definition
from samples import corpus_text_params

from lint_corpus import similarity as sim
from lint_corpus.document import Document
from lint_corpus.rule import Finding


def sentence_grams(content: str, k: int) -> frozenset[sim.Shingle]:
    """The shingles of each sentence of a line, none across two sentences."""
    return frozenset(gram for sentence in sim.SENTENCE_BREAK_RE.split(content.lower())
                     for gram in sim.shingles(sim.TOKEN_RE.findall(sentence), k))


class PlainDuplicateSection(DuplicateSection):
    """The rule before the shortcuts (the methods as they were, unchanged otherwise)."""

    def check(self, doc: Document) -> Iterator[Finding]:
        lines = self._units(doc)
        if len(lines) < 2:
            return
        matches = [m for m in self._plain_lexical(doc, lines)
                   if not self._restates(doc, lines, m, self._lead_end(lines))]
        sections = self._merge(lines, matches, "lexical")
        taken = {i for s in sections for i in range(s.start, s.end + 1)}
        if self.options["paraphrase"]:
            sections += [s for s in self._plain_paraphrase(lines)
                         if not any(i in taken for i in range(s.start, s.end + 1))]
        for section in sorted(sections, key=lambda s: s.start):
            yield self._finding(doc, lines, section)

    def _plain_lexical(self, doc: Document, lines: Sequence[Unit]) -> list[Match]:
        limit = self.options["max-postings"]
        # Each unit marked alone: a line as it is in the marked whole text (no mark spans
        # a newline), a joined paragraph as its joined text.
        keys = [frozenset(sim.anchor_keys(mark_breaks_by_definition(line.raw.lower())))
                for line in lines]
        counts = Counter(chain.from_iterable(keys))
        # Boilerplate is on more than ``limit`` different lines (copies of a line count once).
        first_copies = {line.raw: line_keys for line, line_keys in zip(lines, keys, strict=True)}
        spread_over_lines = Counter(chain.from_iterable(first_copies.values()))
        repeated = {key for key, count in counts.items()
                    if 1 < count and spread_over_lines[key] <= limit}
        if not repeated and not self.options["shingle-fallback"]:
            return []
        shared = [repeated.intersection(line_keys) for line_keys in keys]
        where: dict[str, list[int]] = defaultdict(list)
        for index, line_keys in enumerate(shared):
            for key in line_keys:
                where[key].append(index)
        candidates: dict[int, list[int]] = {}
        for index, line_keys in enumerate(shared):
            if not line_keys or len(line_keys) < self.options["min-anchor-share"] * len(
                    keys[index]) or not self._is_unit(lines[index]):
                continue
            votes = Counter(chain.from_iterable(
                postings[: min(limit, bisect_left(postings, index))]
                for postings in (where[key] for key in line_keys)))
            if not votes:
                continue
            anchors = sorted(votes, key=lambda j: (-votes[j], j))[
                : self.options["max-anchor-lines"]]
            candidates[index] = sorted(
                {j for a in anchors for j in range(max(0, a - 3), min(index, a + 4))})
        k = self.options["shingle-size"]
        if self.options["shingle-fallback"]:
            self._plain_fallback(lines, candidates, k)
        if not candidates:
            return []
        needed = set(candidates).union(*candidates.values())
        tokens: dict[int, list[str]] = {}
        grams: dict[int, frozenset[sim.Shingle]] = {}
        for i in needed:
            tokens[i] = sim.TOKEN_RE.findall(lines[i].content.lower())
            grams[i] = sentence_grams(lines[i].content, k)
        spread = Counter(chain.from_iterable({grams[i] for i in needed}))  # distinct lines
        template = {g for g, c in spread.items() if c >= self.options["template-min-lines"]}
        matches = []
        for index, support in candidates.items():
            match = self._plain_match(index, support, tokens, grams, template)
            if match is not None:
                matches.append(match)
        return matches

    def _plain_fallback(
        self, lines: Sequence[Unit], candidates: dict[int, list[int]], k: int,
    ) -> None:
        """Latin units the anchors missed: most of their shingles are on one of the first
        max-postings earlier Latin units holding that shingle."""
        limit = self.options["max-postings"]
        units = [i for i, line in enumerate(lines)
                 if self._is_unit(line) and not sim.has_cjk(line.content)]
        grams = {i: sentence_grams(lines[i].content, k) for i in units}
        holders: dict[sim.Shingle, list[int]] = defaultdict(list)
        for i in units:
            for g in grams[i]:
                holders[g].append(i)
        for index in units:
            if index in candidates or not grams[index]:
                continue
            earlier = [[j for j in holders[g][:limit] if j < index] for g in grams[index]]
            earlier = [postings for postings in earlier if postings]
            if len(earlier) < self.options["min-containment"] * len(grams[index]):
                continue
            votes = Counter(chain.from_iterable(earlier))
            anchors = sorted(votes, key=lambda j: (-votes[j], j))[
                : self.options["max-anchor-lines"]]
            candidates[index] = sorted(
                {j for a in anchors for j in range(max(0, a - 3), min(index, a + 4))})

    def _plain_match(
        self, index: int, support: list[int], tokens: dict[int, list[str]],
        grams: dict[int, frozenset[sim.Shingle]], template: set[sim.Shingle],
    ) -> Match | None:
        own = grams[index]
        if len(own) < 3 or len(own & template) * 2 > len(own):
            return None
        ids = {gram: n for n, gram in enumerate(own)}
        hits = []
        reached: set[int] = set()
        for j in support:
            found = frozenset(map(ids.__getitem__, own & grams[j]))
            if found:
                hits.append((j, found))
                reached |= found
        short = len(tokens[index]) < self.options["short-unit-words"]
        needed = max(self.options["min-containment"],
                     self.options["short-unit-min-containment"] if short else 0.0)
        if len(reached) / len(own) < needed:
            return None
        size = len(tokens[index])
        budget = max(2 * size, size + 30)
        covered, first, last = sim.best_line_window(
            hits, {j: len(tokens[j]) for j, _ in hits}, budget)
        score = covered / len(own)
        if score < needed:
            return None
        return Match(index, first, last, score, len(own))

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


def test_template_units_are_rejected_after_matching(monkeypatch: Any) -> None:
    # Each line is mostly the template; the later copy of one of them matches its original
    # but is rejected by the template test, which the shortcut applies last.
    rng = random.Random(5)
    lines = [f"{rng.choice(WORDS).title()} {n} {TEMPLATE}" for n in range(8)]
    text = "\n\n".join([*lines, lines[2]]) + "\n"
    calls: list[int] = []
    template = DuplicateSection._template

    def counting(self: DuplicateSection, *args: Any) -> Any:
        result = template(self, *args)
        calls.append(len(result))
        return result

    monkeypatch.setattr(DuplicateSection, "_template", counting)
    assert findings(DuplicateSection(), text) == findings(PlainDuplicateSection(), text) == []
    assert calls and calls[0] > 0


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

# Lines of break words, letters, Greek sigmas, edge spaces and CJK break characters.
LINE_TEXT = st.lists(st.sampled_from(
    list("ab ΣσςΑ\u00a0\u200b.,:的了在是和中文") + [" the ", " and ", " a ", " que ", "THE "]),
    max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE_TEXT, min_size=1, max_size=8), st.data())
def test_marking_some_lines_equals_marking_the_whole_text(
        lines: list[str], data: st.DataObject) -> None:
    whole = sim.mark_breaks("\n".join(lines).lower()).split("\n")
    chosen = data.draw(st.lists(st.sampled_from(range(len(lines))), unique=True))
    assert sim.mark_lines([lines[i] for i in chosen]) == [whole[i] for i in chosen]


# Runs of break words and other words, mostly single-spaced, so that marks share spaces.
MARK_TEXT = st.lists(st.sampled_from(
    [m.strip() for m in sim.LATIN_BREAKS] + ["x", "thea", "an", "\n", ".", "的", "  "]),
    max_size=30).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(MARK_TEXT)
def test_marks_in_two_passes_equal_a_pass_per_mark(text: str) -> None:
    assert sim.mark_breaks(text) == mark_breaks_by_definition(text)
    assert sim.mark_breaks(f" {text} ") == mark_breaks_by_definition(f" {text} ")


def test_chains_of_marks_follow_the_order_of_the_passes() -> None:
    # " the " goes first: "and" before it and "a" after it lose a space and stay.
    text = "x and the a y a a a z in in of"
    assert sim.mark_breaks(text) == mark_breaks_by_definition(text) == \
        "x and\x00a y\x00a\x00z\x00in of"


def test_final_sigma_is_lowered_alike_alone_and_in_the_whole_text() -> None:
    lines = ["ΟΔΟΣ", "Σ the ΑΣ\u200b", "ΑΣ"]
    whole = "\n".join(lines).lower().split("\n")
    assert whole == [line.lower() for line in lines]
    assert sim.mark_lines(lines[1:2]) == sim.mark_breaks("\n".join(lines).lower()).split("\n")[1:2]


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


def test_template_counts_only_the_units_shingles_with_the_plain_counts() -> None:
    rng = random.Random(2)
    # A small vocabulary, so that some pairs recur on several lines and some do not.
    grams = {i: frozenset(sim.shingles([rng.choice("abcdef") for _ in range(8)], 2))
             for i in range(30)}
    needed = set(grams)
    units = [grams[3], grams[17]]
    spread = Counter(chain.from_iterable(grams.values()))
    rule = DuplicateSection({"template-min-lines": 3})
    plain = {g for g, c in spread.items() if c >= 3}
    restricted = rule._template(needed, grams, units)
    assert restricted == plain & (units[0] | units[1])
    assert restricted, "no template shingle among the units: the test proves little"
    assert restricted != plain, "every template shingle is a unit's: the test proves little"
    for own in units:
        assert len(own & restricted) == len(own & plain)


def test_ascii_fast_path_is_used_only_for_ascii() -> None:
    assert re.fullmatch(sim.ASCII_TOKEN_RE.pattern, "abc")
    assert sim.tokenize("caf\u00e9 22 \u4e2d\u6587") == ["caf\u00e9", "22", "\u4e2d", "\u6587"]
