"""LC104 duplicate-section: a line, paragraph or section repeated later in the same document."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Final

from lint_corpus import native
from lint_corpus import similarity as sim
from lint_corpus.document import Document, Line
from lint_corpus.rule import Applicability, Finding, Fix, Rule

#: Later unit ``later`` repeats units ``first``..``last`` (indices into the units compared).
Match = native.DuplicateMatch


@dataclass(frozen=True)
class Section:
    """A run of later nonblank lines repeating one earlier region."""

    start: int
    end: int
    first: int
    last: int
    score: float
    threshold: float
    method: str


@dataclass(frozen=True)
class Paragraph:
    """Hard-wrapped lines joined into the paragraph they were cut from, compared as one unit
    (the attributes the rule reads of a ``Line``, for the joined text)."""

    content: str
    words: float
    ends_sentence: bool
    is_bullet: bool
    #: The first and last line's index in ``Document.lines``.
    index: int
    last_index: int
    start: int
    end: int


Unit = Line | Paragraph

#: Widest line read as hard-wrapped, in columns: plain text is wrapped at 70–80 columns (CJK at
#: 30–40 characters); a line much wider than twice that is a paragraph on one line.
MAX_WRAP_WIDTH: Final = 160
#: Columns a filled CJK line may fall short of the widest: line breaking moves a character
#: that may not start a line (a closing mark) to the line before or after. CJK text wraps at
#: a fixed count of characters, so filled lines are otherwise equally wide.
CJK_WRAP_SLACK: Final = 2
#: Lines in a hard-wrapped paragraph worth joining: three filled lines at one width and a
#: last one. Two or three headlines in a list can be alike in width by chance; a paragraph
#: of two or three lines is short enough to be a unit line by line.
MIN_WRAPPED_LINES: Final = 4
#: A space between two CJK characters.
CJK_SPACE_RE: Final = re.compile(f"(?:{sim.WIDE_CHAR_RE.pattern}) +(?:{sim.WIDE_CHAR_RE.pattern})")
#: A list marker opening a line (Wikipedia's "^" before each reference, bullets, dashes).
LIST_MARKERS: Final = frozenset("^•·‧∙◦▪▫■□●○◆◇►▶▸-–—*+※")


def _width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: CJK characters take two."""
    return len(text) + len(sim.WIDE_CHAR_RE.findall(text))


def _joint(left: str, right: str) -> str:
    """What joins two wrapped lines: nothing next to CJK text (it has no spaces), a space
    elsewhere."""
    if sim.WIDE_CHAR_RE.match(left[-1:]) or sim.WIDE_CHAR_RE.match(right[:1]):
        return ""
    return " "


def _first_word_width(text: str) -> int:
    return _width(text[:1]) if sim.WIDE_CHAR_RE.match(text) else len(text.split(" ", 1)[0])


def wrapped_blocks(lines: Sequence[Line], min_width: int) -> list[tuple[int, int]]:
    """(first, last) positions in ``lines`` of each hard-wrapped paragraph.

    Hard wrapping fills each line to one width and breaks where the next word would not
    fit, mid-sentence: every line but a paragraph's last is as wide as the widest less the
    next line's first word (CJK: less one character), and the next line goes on with the
    sentence (Latin: it opens in lower case). A list of headlines or short sentences of
    similar length is not wrapped: its lines end their sentences or open capitalised, and
    CJK ones are seldom equally wide. Lines next to each other in the file (no blank line
    between), at least ``MIN_WRAPPED_LINES``, ``min_width`` to ``MAX_WRAP_WIDTH`` columns.
    """
    # Columns inline, not by ``_width``: this runs on every line of every document.
    find_wide = sim.WIDE_CHAR_RE.findall
    widths = [len(content) + len(find_wide(content)) if len(content) <= MAX_WRAP_WIDTH
              else MAX_WRAP_WIDTH + 1 for content in (ln.content for ln in lines)]
    blocks: list[tuple[int, int]] = []

    def breaks(i: int, width: int) -> bool:
        """Whether line ``i`` is filled to ``width`` and breaks a sentence the next goes on
        with."""
        left, right = lines[i].content, lines[i + 1].content
        if widths[i] > MAX_WRAP_WIDTH or lines[i].ends_sentence:
            return False
        if _joint(left, right) == "":
            # A space between CJK characters separates a headline's parts or menu items;
            # prose wraps through without one.
            # Lines opening alike are items of a templated list ("专题｜…").
            return widths[i] >= width - CJK_WRAP_SLACK and not CJK_SPACE_RE.search(left) \
                and left[:2] != right[:2]
        return widths[i] + 1 + _first_word_width(right) > width \
            and (left[-1].isalnum() or left[-1] == ",") and right[:1].islower()

    i = 0
    while i + MIN_WRAPPED_LINES <= len(lines):
        width = widths[i]
        if not min_width <= width <= MAX_WRAP_WIDTH:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].index == lines[j].index + 1 \
                and breaks(j, width):
            j += 1
            if j + 1 < len(lines) and widths[j] <= MAX_WRAP_WIDTH and breaks(j, widths[j]):
                width = max(width, widths[j])
        if j - i + 1 >= MIN_WRAPPED_LINES and all(breaks(k, width) for k in range(i, j)):
            blocks.append((i, j))
            i = j + 1
        else:
            i += 1
    return blocks


def join_wrapped(lines: Sequence[Line], blocks: list[tuple[int, int]]
                 ) -> tuple[Sequence[Unit], list[Paragraph]]:
    """``lines`` with each block of them (first and last position) joined into one
    ``Paragraph``, and the paragraphs."""
    if not blocks:
        return lines, []
    units: list[Unit] = []
    paragraphs: list[Paragraph] = []
    done = 0
    for first, last in blocks:
        units.extend(lines[done:first])
        parts = [ln.content for ln in lines[first:last + 1]]
        text = parts[0]
        for part in parts[1:]:
            text += _joint(text, part) + part
        paragraphs.append(Paragraph(
            content=text, words=sum(ln.words for ln in lines[first:last + 1]),
            ends_sentence=lines[last].ends_sentence, is_bullet=lines[first].is_bullet,
            index=lines[first].index, last_index=lines[last].index,
            start=lines[first].start, end=lines[last].end))
        units.append(paragraphs[-1])
        done = last + 1
    units.extend(lines[done:])
    return units, paragraphs


def last_index(unit: Unit) -> int:
    """The index in ``Document.lines`` of the unit's last line."""
    return unit.last_index if isinstance(unit, Paragraph) else unit.index


class DuplicateSection(Rule):
    """A line, paragraph or multi-paragraph section repeated later in the same document.

    What it does
    Finds text that occurs a second time further down the document, verbatim or reworded (a
    sentence moved, words or a clause dropped, re-split across lines), and a whole section
    rewritten in other words. Units are non-blank lines; Latin text is compared by word
    3-grams and CJK text by character 3-grams (none spanning two sentences, so a moved
    sentence costs the copy nothing), so a translation never matches its source. A
    later unit is compared with the earlier lines sharing its anchor chunks (text between
    punctuation and function words) or, for a Latin-script unit the chunks miss, most of its
    word 3-grams; it matches when most of its shingles occur in one window of earlier text;
    consecutive matching units that map to one earlier region make one finding. A section of
    three or more long paragraphs whose best matches all point at one earlier, non-adjacent
    section is reported as a reworded copy even with little verbatim overlap. A
    hard-wrapped paragraph (three or more lines filled to one width, broken mid-sentence) is
    compared as one unit, its lines joined without the breaks (CJK lines without a space),
    so a wrapped copy of a one-line paragraph is found, and the other way round.

    Repeats that articles make themselves are not copies: a passage restated with words of
    its own around it (a lead summarised at the top and given again in the body after "In
    fact, data show …"), a lead restated in other words at the start of a section below it,
    an entry repeated inside one marked list (a reference list citing a source twice), and a
    passage quoted twice, each time after a line ending in a colon ("She wrote:").

    Why is this bad?
    Scrapers and text generators repeat captions, paragraphs and sections. The copy adds no
    information, over-weights that passage in training data and reads as an error.

    Example
    Bad:

        The council approved the budget on Tuesday after a long debate about school funding.
        Opposition members said the plan cut too deeply into local services.
        The council approved the budget on Tuesday after a long debate about school funding.

    Good:

        The council approved the budget on Tuesday after a long debate about school funding.
        Opposition members said the plan cut too deeply into local services.

    Fix
    Deletes the later copy as whole lines, with the blank lines that followed it, and keeps
    the first occurrence. The fix is safe: a match needs most of the copy's shingles (or, for
    a reworded section, a consistent alignment of three or more long paragraphs) to come from
    one earlier region. Short lines (headings, "Reply", dates, names, share buttons) are never
    units, so legitimate repeated furniture is left alone.
    """

    #: Runs that name an earlier section, compared (each with every section) before the
    #: search for reworded sections stops: a real document has a handful; thousands are a
    #: generated page, whose comparisons would grow with the square of its length.
    max_named_runs = 32
    #: Lines a section grows by at each end over short lines copied along with it (a
    #: heading, a caption, a row of share buttons): more is a page repeating itself.
    max_extension_lines = 40

    code = "LC104"
    name = "duplicate-section"
    summary = "A line, paragraph or section is repeated later in the document."
    options_schema = {
        "type": "object",
        "properties": {
            "min-words": {
                "type": "number", "minimum": 1, "default": 10,
                "description": "Minimum length of a unit in words (a CJK character counts as "
                               "half a word) for a line that ends a sentence.",
            },
            "min-words-unpunctuated": {
                "type": "number", "minimum": 1, "default": 24,
                "description": "Minimum length of a unit that does not end a sentence "
                               "(headlines, captions, menu items repeat legitimately).",
            },
            "shingle-size": {
                "type": "integer", "minimum": 1, "default": 3,
                "description": "Tokens per shingle (words for Latin text, characters for CJK).",
            },
            "min-containment": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.72,
                "description": "Share of a unit's shingles that must occur in one window of "
                               "earlier text for the unit to count as a repeat.",
            },
            "short-unit-words": {
                "type": "integer", "minimum": 1, "default": 16,
                "description": "Units with fewer tokens (words; CJK characters count one "
                               "each) must repeat near-verbatim.",
            },
            "short-unit-min-containment": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.95,
                "description": "Containment required of a short unit.",
            },
            "min-anchor-share": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.3,
                "description": "Share of a line's chunks (text between punctuation and "
                               "function words) that must occur earlier for it to be compared.",
            },
            "max-anchor-lines": {
                "type": "integer", "minimum": 1, "default": 6,
                "description": "Earlier lines (with their neighbours) a unit is compared with.",
            },
            "max-postings": {
                "type": "integer", "minimum": 1, "default": 16,
                "description": "Clauses occurring more often than this are boilerplate and "
                               "are not used to find candidate earlier lines.",
            },
            "template-min-lines": {
                "type": "integer", "minimum": 3, "default": 4,
                "description": "A shingle found on this many lines is template text and does "
                               "not count as evidence of a copy.",
            },
            "shingle-fallback": {
                "type": "boolean", "default": True,
                "description": "Also compare a unit whose anchor chunks found no earlier "
                               "line when most of its word shingles occur earlier.",
            },
            "max-added-tokens": {
                "type": "integer", "minimum": 0, "default": 4,
                "description": "A later unit holding a longer run of tokens (words; CJK "
                               "characters count one each) found nowhere in the earlier "
                               "text it matches restates that text in its own words (a "
                               "lead repeated in the body after \"In fact, data show\") "
                               "and is not a copy: copies drop, move or keep words but "
                               "do not add them.",
            },
            "heading-max-words": {
                "type": "number", "minimum": 1, "default": 12,
                "description": "Longest unpunctuated line read as a section heading, for "
                               "a lead restated at the start of a section.",
            },
            "join-wrapped-lines": {
                "type": "boolean", "default": True,
                "description": "Compare a hard-wrapped paragraph (lines filled to one "
                               "width) as one unit, its lines joined.",
            },
            "wrap-min-width": {
                "type": "integer", "minimum": 1, "default": 40,
                "description": "Narrowest wrap width, in columns (a CJK character takes "
                               "two), read as hard wrapping: narrower runs of similar lines "
                               "are lists and menus.",
            },
            "paraphrase": {
                "type": "boolean", "default": True,
                "description": "Also look for reworded sections (Latin script only).",
            },
            "paraphrase-min-words": {
                "type": "number", "minimum": 1, "default": 30,
                "description": "Minimum words of a paragraph taking part in a reworded section.",
            },
            "paraphrase-min-paragraphs": {
                "type": "integer", "minimum": 1, "default": 2,
                "description": "Minimum long paragraphs in a reworded copy of a section.",
            },
            "paraphrase-min-similarity": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.3,
                "description": "Minimum tf-idf cosine between a reworded copy and the section "
                               "it repeats (which must also be its most similar section).",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        lines, paragraphs = self._units(doc)
        if len(lines) < 2:
            return
        matches = self._lexical_matches(doc, paragraphs)
        if matches:
            lead_end = self._lead_end(lines)
            matches = [m for m in matches if not self._restates(lines, m, lead_end)]
        sections = self._merge(lines, matches, "lexical")
        taken = {i for s in sections for i in range(s.start, s.end + 1)}
        if self.options["paraphrase"]:
            sections += [s for s in self._paraphrase_sections(lines, doc.text.count(" "))
                         if not any(i in taken for i in range(s.start, s.end + 1))]
        for section in sorted(sections, key=lambda s: s.start):
            yield self._finding(doc, lines, section)

    def _units(self, doc: Document) -> tuple[Sequence[Unit], list[Paragraph]]:
        """The units compared: non-blank lines, a hard-wrapped paragraph's lines joined
        (and the paragraphs). The native core finds the few runs of lines that could be
        wrapped; only their lines are read here."""
        lines = doc.nonblank_lines
        if not self.options["join-wrapped-lines"]:
            return lines, []
        min_width = self.options["wrap-min-width"]
        regions = native.wrap_regions(doc.line_table, min_width=min_width,
                                      max_width=MAX_WRAP_WIDTH, min_lines=MIN_WRAPPED_LINES)
        blocks = [(offset + first, offset + last) for offset, end in regions
                  for first, last in wrapped_blocks(lines[offset:end + 1], min_width)]
        return join_wrapped(lines, blocks)

    # -- natural repeats ------------------------------------------------------------------

    def _restates(self, lines: Sequence[Unit], match: Match, lead_end: int) -> bool:
        """Whether a matched unit repeats its original the way articles themselves do,
        rather than as a copy: a restatement adding text of its own, a lead restated to
        open a section, or an entry repeated inside one list (a source cited twice)."""
        return (self._repeats_list_entry(lines, match)
                or self._quoted_twice(lines, match)
                or self._adds_text(match)
                or self._restates_lead(lines, match, lead_end))

    @staticmethod
    def _quoted_twice(lines: Sequence[Unit], match: Match) -> bool:
        """Whether the unit and its original are one passage quoted twice, each time after
        a line that introduces it with a colon ("She wrote:", "他表示：").

        A post that answers a quotation quotes it again where it takes it up; a copy pasted
        into the text lands after any line, and after a colon at both places only by
        chance. A quotation of several paragraphs is quoted paragraph by paragraph: only
        the unit directly after the colon line is taken for a quote.
        """
        if match.first != match.last or match.first < 1:
            return False
        return all(lines[i - 1].content.rstrip().endswith((":", "："))
                   for i in (match.first, match.later))

    def _adds_text(self, match: Match) -> bool:
        """Whether the unit holds a run of more than max-added-tokens tokens found nowhere
        in the earlier lines it matched.

        Copies, verbatim or reworded, are made of the original's words: a dropped word or
        clause or a moved sentence leaves every remaining token inside some shared shingle.
        A lead or summary restated in the body comes with words of its own ("In fact, data
        show that …") around the same sentences.
        """
        return bool(match.added_run > self.options["max-added-tokens"])

    def _is_heading(self, lines: Sequence[Unit], index: int) -> bool:
        """A short unpunctuated line opening the prose after it (not a fragment of a
        sentence that the next line continues)."""
        line = lines[index]
        if line.ends_sentence or line.is_bullet or line.content.endswith((":", "：")) \
                or line.words > self.options["heading-max-words"] or index + 1 >= len(lines):
            return False
        after = lines[index + 1].content
        return lines[index + 1].words > line.words and after[:1].isalnum()

    def _lead_end(self, lines: Sequence[Unit]) -> int:
        """The position of the first heading: the lead is the text before it."""
        return next((i for i in range(len(lines)) if self._is_heading(lines, i)), len(lines))

    def _restates_lead(self, lines: Sequence[Unit], match: Match, lead_end: int) -> bool:
        """Whether a reworded unit opening a section restates the document's lead.

        A lead (the text before the first heading) summarises the sections below it, and a
        section often opens by saying the same in other words; a copy pasted into the text
        lands after any line, and one after a heading repeating the lead reworded is rare.
        A verbatim repeat is still a copy.
        """
        if match.score >= self.options["short-unit-min-containment"] or match.later < 1 \
                or not self._is_heading(lines, match.later - 1):
            return False
        return match.last < lead_end

    def _repeats_list_entry(self, lines: Sequence[Unit], match: Match) -> bool:
        """Whether the unit and its original are entries of one list (every line between
        them opens with the same list marker): a reference list cites one source for two
        notes, a changelog repeats an entry."""
        marker = lines[match.later].content[:1]
        if marker not in LIST_MARKERS:
            return False
        return all(lines[j].content[:1] == marker for j in range(match.first, match.later))

    # -- lexical repeats ------------------------------------------------------------------

    def _lexical_matches(self, doc: Document, paragraphs: list[Paragraph]) -> list[Match]:
        """The units repeating earlier ones, from the native search (core/src/duplicates.rs):
        anchor chunks and shingles index the earlier lines, and each unit is scored against
        the few its anchors point at. Units shorter than min-words (min-words-unpunctuated
        for one that ends neither a sentence nor with a colon, as headlines and menu items
        do, which repeat legitimately) are not compared."""
        options = self.options
        return native.duplicate_matches(
            doc.line_table, [(p.index, p.last_index, p.content) for p in paragraphs],
            (options["min-words"], options["min-words-unpunctuated"]), self.native_parameters())

    def native_parameters(self) -> native.DuplicateParameters:
        """The options the core's lexical search reads, in its order."""
        options = self.options
        return native.DuplicateParameters(
            shingle_size=options["shingle-size"],
            min_containment=options["min-containment"],
            short_unit_words=options["short-unit-words"],
            short_unit_min_containment=options["short-unit-min-containment"],
            min_anchor_share=options["min-anchor-share"],
            max_anchor_lines=options["max-anchor-lines"],
            max_postings=options["max-postings"],
            template_min_lines=options["template-min-lines"],
            shingle_fallback=bool(options["shingle-fallback"]),
        )

    # -- reworded sections ----------------------------------------------------------------

    def _paraphrase_sections(self, lines: Sequence[Unit], doc_spaces: int) -> list[Section]:
        """Reworded copies of a headed section (Latin script only).

        Topic words alone cannot tell a rewritten copy from the next section on a related
        subject: in a text about one topic every paragraph resembles many others. What a
        rewritten copy keeps is the section's subject, i.e. its heading: a later run of long
        paragraphs, outside that section, that opens with the heading's words and is closer
        to that section than to any other section.
        The cheap string tests run first; tf-idf is computed only for a run that names a
        heading, which almost no document has.
        """
        min_words = self.options["paraphrase-min-words"]
        # Two sections each open onto a long line, so at least two lines need
        # ``min_words - 1`` spaces: a text with fewer spaces in all (most CJK texts) has no
        # reworded section, and one whole-text count is cheaper than a test per line.
        if doc_spaces < 2 * (min_words - 1):
            return []
        # Counting spaces bounds the word count from above cheaply (one C-level pass over
        # the contents); the CJK test stops at the first CJK character and is paid only by
        # lines that might be long enough. Few lines are long: their indices are kept.
        contents = [ln.content for ln in lines]
        longs = [i for i, spaces in enumerate(map(str.count, contents, repeat(" ")))
                 if spaces + 1 >= min_words and not sim.has_cjk(contents[i])]
        # A copy is a run of long paragraphs: without one no heading is worth looking for.
        runs = self._long_runs(longs)
        if not runs:
            return []
        headed = self._headed_sections(lines, longs)
        if len(headed) < 2:
            return []
        titles: dict[str, list[int]] = defaultdict(list)
        lengths: dict[str, set[int]] = defaultdict(set)
        for k, (_, _, title) in enumerate(headed):
            # "Conclusion", "Related posts": too generic to name one section.
            if sum(1 for w in title.split() if w.isalpha() and w not in sim.STOPWORDS) >= 3:
                titles[title].append(k)
                lengths[title.split()[0]].add(len(title.split()))
        # A heading over many sections ("Regional news" before every story) names none of
        # them, as a clause on many lines is boilerplate (and looking each up is quadratic).
        limit = self.options["max-postings"]
        titles = {title: ks for title, ks in titles.items() if len(ks) <= limit}
        if not titles:
            return []
        # ``_named_sections`` only names a section followed by another that ends before the
        # line preceding the run; no opening at or before ``earliest`` can name one, so its
        # words need not be read.
        ends = [headed[k + 1][1] for ks in titles.values() for k in ks if k + 1 < len(headed)]
        if not ends:
            return []
        earliest = min(ends) + 1
        found: list[Section] = []
        vectors: list[dict[str, float]] | None = None
        features: dict[int, list[str]] = {}
        idf: dict[str, float] = {}
        budget = self.max_named_runs
        for first_long, run_end in runs:
            # The copy may follow other long paragraphs directly: any paragraph of the run
            # that names an earlier heading can open it.
            last_opening = run_end - self.options["paraphrase-min-paragraphs"] + 1
            for run_start in range(max(first_long, earliest + 1), last_opening + 1):
                named = self._named_sections(lines, titles, lengths, headed, run_start)
                if not named:
                    continue
                budget -= 1
                if budget < 0:
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

    def _section_vector(
        self, features: dict[int, list[str]], idf: dict[str, float], head: int, last: int,
        skip: tuple[int, int] | None,
    ) -> dict[str, float]:
        rows = [i for i in range(head, last + 1) if skip is None or not skip[0] <= i <= skip[1]]
        return sim.tfidf_vector((f for i in rows for f in features[i]), idf)

    def _best_named(
        self, features: dict[int, list[str]], idf: dict[str, float],
        headed: list[tuple[int, int, str]], vectors: list[dict[str, float]],
        named: list[tuple[int, bool]], run_start: int, run_end: int,
    ) -> Section | None:
        """The named section, if the run is at least as close to it as to any other."""
        run_vector = self._section_vector(features, idf, run_start, run_end, None)
        skip = (run_start - 1, run_end)
        # A section overlapping the run is compared without the run's own lines.
        scores = [
            sim.cosine(run_vector, self._section_vector(features, idf, h, e, skip)
                       if h <= run_end and e >= run_start - 1 else v)
            for (h, e, _), v in zip(headed, vectors, strict=True)
        ]
        rival = max(scores)
        threshold = self.options["paraphrase-min-similarity"]
        for k, heading_before in named:
            if scores[k] >= threshold and scores[k] >= rival:
                head, last, _ = headed[k]
                start = run_start - 1 if heading_before else run_start
                return Section(start, run_end, head, last, scores[k], threshold, "reworded")
        return None


    def _headed_sections(
        self, lines: Sequence[Unit], longs: list[int],
    ) -> list[tuple[int, int, str]]:
        """(heading, last line, heading tokens) of each section opened by a heading line
        followed by a long paragraph."""
        heads: list[tuple[int, str]] = []
        # Only a line followed by a long one (``longs``, ascending) can open a section.
        for i in [j - 1 for j in longs if j]:
            line = lines[i]
            if len(line.content) > 120 or line.ends_sentence or line.is_bullet:
                continue
            title = sim.tokenize(line.content.lower())
            if 2 <= len(title) <= 12:
                heads.append((i, " ".join(title)))
        return [(h, (heads[k + 1][0] - 1 if k + 1 < len(heads) else len(lines) - 1), title)
                for k, (h, title) in enumerate(heads)]

    def _named_sections(
        self, lines: Sequence[Unit], titles: dict[str, list[int]],
        lengths: dict[str, set[int]], headed: list[tuple[int, int, str]], run_start: int,
    ) -> list[tuple[int, bool]]:
        """Sections, ended before the run, whose heading the run's opening words repeat.

        Returns (section, whether the run also carries a copy of the heading line). A copied
        heading line alone is no evidence: photo credits and "Advertisement" lines recur
        before many paragraphs; only the heading's words inside the prose are. Only the
        opening's n-grams that start like a title (``lengths``: first word to title lengths)
        are looked up, so the cost does not grow with the number of headings.
        """
        words = sim.tokenize(lines[run_start].content[:400].lower())[:15]
        named = set()
        # The copy opens with the subject ("Overall, defense diplomacy and …"); a name in
        # the middle of a sentence ("… Skype for Windows Phone 8 …") is only a mention.
        for i, word in enumerate(words[:3]):
            for size in lengths.get(word, ()):
                for k in titles.get(" ".join(words[i : i + size]), ()):
                    # At least one other section must lie between: right after its
                    # original, a paragraph on the same subject is just more of it.
                    if k + 1 < len(headed) and headed[k + 1][1] < run_start - 1:
                        named.add(k)
        if not named:  # the usual case: the line before need not be read
            return []
        before = " ".join(sim.tokenize(lines[run_start - 1].content.lower())) if run_start else ""
        return [(k, headed[k][2] == before) for k in sorted(named)]

    def _long_runs(self, longs: list[int]) -> list[tuple[int, int]]:
        """(first, last) of each run of at least paraphrase-min-paragraphs consecutive long
        lines, from the long lines' ascending indices."""
        minimum = self.options["paraphrase-min-paragraphs"]
        runs: list[tuple[int, int]] = []
        for index in longs:
            if runs and runs[-1][1] == index - 1:
                runs[-1] = (runs[-1][0], index)
            else:
                runs.append((index, index))
        return [(first, last) for first, last in runs if last - first + 1 >= minimum]

    # -- findings -------------------------------------------------------------------------

    def _merge(self, lines: Sequence[Unit], matches: list[Match], method: str) -> list[Section]:
        """Join consecutive matched units that repeat one earlier region into sections."""
        sections: list[Section] = []
        group: list[Match] = []
        # The earlier region the group repeats so far, kept as the group grows (recomputing
        # it per match is quadratic in a section of thousands of copies).
        first = last = 0
        for match in sorted(matches, key=lambda m: m.later):
            if group:
                contiguous = match.later == group[-1].later + 1
                near = match.first <= last + 3 and match.last >= first - 3
                if contiguous and near and max(last, match.last) < group[0].later:
                    group.append(match)
                    first, last = min(first, match.first), max(last, match.last)
                    continue
                sections.append(self._extend(lines, group, method))
            group = [match]
            first, last = match.first, match.last
        if group:
            sections.append(self._extend(lines, group, method))
        return sections

    def _extend(self, lines: Sequence[Unit], group: list[Match], method: str) -> Section:
        """Grow a section over short lines equal to the ones next to its original (a heading
        or a caption too short to be a unit on its own, copied along with the paragraphs).

        By ``max_extension_lines`` at most each way: a paragraph pasted many times with the
        same lines after it would otherwise grow each copy over all the later ones
        (quadratic work, and findings that all overlap)."""
        start, end = group[0].later, group[-1].later
        first, last = min(m.first for m in group), max(m.last for m in group)

        def same(a: int, b: int) -> bool:
            return lines[a].content.lower() == lines[b].content.lower()

        limit = group[-1].later + self.max_extension_lines
        while end + 1 < len(lines) and last + 1 < start and end < limit \
                and same(end + 1, last + 1):
            end, last = end + 1, last + 1
        limit = group[0].later - self.max_extension_lines
        while first > 0 and start - 1 > last and start > limit \
                and same(start - 1, first - 1):
            start, first = start - 1, first - 1
        weight = sum(m.weight for m in group)
        score = sum(m.score * m.weight for m in group) / weight
        return Section(start, end, first, last, score, self.options["min-containment"], method)

    def _finding(self, doc: Document, lines: Sequence[Unit], section: Section) -> Finding:
        head, tail = lines[section.start], lines[section.end]
        orig_first, orig_last = lines[section.first].index + 1, last_index(lines[section.last]) + 1
        original = f"line {orig_first}" if orig_first == orig_last else \
            f"lines {orig_first}\u2013{orig_last}"
        copy_first, copy_last = head.index + 1, last_index(tail) + 1
        copy = f"line {copy_first}" if copy_first == copy_last else \
            f"lines {copy_first}\u2013{copy_last}"
        units = section.end - section.start + 1
        what = "Paragraph" if units == 1 else f"Section of {units} paragraphs"
        verb = "rewords" if section.method == "reworded" else "repeats"
        message = f"{what} {verb} {original} (similarity {section.score:.2f})"
        if section.end + 1 < len(lines):
            # Delete up to the next paragraph so no blank-line debris is left behind.
            edit_start, edit_end = head.start, lines[section.end + 1].start
        else:
            # A copy at the end: delete from the end of the text before it, so the document
            # keeps whatever ending (final newline or none) it had after the copy.
            edit_start, edit_end = lines[section.start - 1].end, tail.end
        fix = Fix.delete(edit_start, edit_end, f"Delete the repeated copy ({copy})",
                         Applicability.SAFE)
        data = {
            "similarity": round(section.score, 3),
            "threshold": section.threshold,
            "method": section.method,
            "original_lines": [orig_first, orig_last],
            "copy_lines": [copy_first, copy_last],
        }
        return self.finding(head.start, tail.end, message, fix=fix, data=data)
