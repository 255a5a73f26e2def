"""The plain definitions the fast paths are compared with, kept here and not in the package.

Each is the straightforward form of an analysis as it was before a shortcut: slower, and
written for the reader. ``test_*`` modules in this folder assert that the package's fast path
gives the same answers.
"""

from __future__ import annotations

import itertools

from lint_corpus import credits, trailer
from lint_corpus.document import Document, Line

# --- trailer: line scores, repeated lines and the trailer search ----------------------------


def prose_score(words: int) -> float:
    return -min(words / trailer._PROSE_WORDS_PER_POINT, trailer._MAX_PROSE_PENALTY)


def trailer_score(line: Line, after_marker: bool, after_end_credit: bool,
                 continues: bool) -> float:
    """A line's score as written before its features were cached by content."""
    content = line.content
    if is_marker_line(content):
        return trailer._MARKER_SCORE
    if trailer._URL_RE.match(content) or trailer._DATE_ONLY_RE.match(content):
        return trailer._URL_OR_DATE_SCORE
    if after_end_credit and line.words >= trailer.PROSE_WORDS:
        return trailer._TEASER_SCORE
    if trailer.is_prose(line):
        if after_marker and line.words <= trailer.BLURB_WORDS:
            return trailer._BLURB_SCORE
        return prose_score(line.words)
    if continues:
        return trailer._TEXT_SCORE
    if trailer.looks_like_code(content):
        return trailer._CODE_SCORE
    if trailer.is_link_like(line):
        return trailer._LINK_SCORE
    return trailer._TEXT_SCORE


def is_marker_line(content: str) -> bool:
    """A line that scores as a marker: a button, a related-articles heading, or a call to
    action, disclosure, metadata or comment line."""
    return (trailer.is_marker(content) or trailer.is_related_marker(content)
            or trailer.is_furniture_sentence(content))


def boilerplate_score(line: Line, *, after_marker: bool, after_end_credit: bool,
                       continues: bool = False) -> float:
    """A line's score from the analysis' cached features, in one call (the analysis itself
    asks for the continuation only when it changes the score)."""
    features = trailer._text_score(line.content)
    score = trailer._score(features, after_marker, after_end_credit)
    if score is None:
        return trailer._TEXT_SCORE if continues else features[3]
    return score


def repeated_lines(lines: list[Line], start: int) -> frozenset[int]:
    """Indexes of long lines from ``lines[start:]`` whose text mostly occurs earlier.

    A line is cut into clauses at punctuation; a clause counts as repeated when an earlier
    line has the same clause. Copies that move a sentence or drop a clause keep most clauses.
    The definition that the analysis' ``_RepeatedLines`` answers line by line.
    """
    if not any(line.words >= trailer.PROSE_WORDS for line in lines[start:]):
        return frozenset()
    seen: set[str] = set()
    found: set[int] = set()
    for position, line in enumerate(lines):
        clauses = trailer._clauses(line.content)
        if position >= start and line.words >= trailer.PROSE_WORDS:
            total = sum(len(c) for c in clauses)
            if total and (sum(len(c) for c in clauses if c in seen)
                          >= trailer.REPEATED_SHARE * total):
                found.add(line.index)
        seen.update(clauses)
    return frozenset(found)


def find_trailer(doc: Document, threshold: float,
                        min_list_items: int) -> trailer.Trailer | None:
    """The trailer search without shortcuts: every score, every repetition, no early exit."""
    lines = list(doc.nonblank_lines)
    if len(lines) < 2:
        return None
    total_chars = sum(len(line.content) for line in lines)
    anchor_index = credits.closing_credit(lines, trailer.is_marker, trailer.is_furniture_sentence)
    chars_before = sum(len(line.content) for line in lines[:anchor_index])
    strong_anchor = (anchor_index >= 0 and credits.is_strong_credit(lines[anchor_index].content)
                     and chars_before >= trailer._STRONG_ANCHOR_MIN_SHARE * total_chars)
    start = anchor_index + 1
    headings = [index for index, line in enumerate(lines)
                if index >= start and trailer.is_reference_heading(line.content)]
    start = max([start, *headings])
    if start >= len(lines):
        return None
    tail = lines[start:]
    after_end_credit = strong_anchor and not trailer._looks_like_translation(lines[:start], tail)
    repeated = repeated_lines(lines, start)
    wrapped = trailer.hard_wrapped(doc)

    def is_list_item(index: int) -> bool:
        return trailer.is_link_like(tail[index]) and not trailer.is_prose(tail[index])

    scores: list[float] = []
    seen_marker = False
    # Prose after furniture is unproven until a line longer than a blurb, or one on the topic
    # of the article read so far, shows the article goes on.
    in_furniture = False
    topic: set[str] = set().union(*(trailer.topic_words(line.content) for line in lines[:start]))
    unproven: dict[int, float] = {}
    for index, line in enumerate(tail):
        is_unproven = False
        if is_marker_line(line.content):
            in_furniture = True
        elif in_furniture and trailer.is_prose(line):
            words = trailer.topic_words(line.content)
            on_topic = bool(words) and (len(words & topic)
                                        >= trailer.ON_TOPIC_SHARE * len(words))
            if line.words > trailer.BLURB_WORDS or on_topic:
                in_furniture = False
            else:
                is_unproven = True
        if not in_furniture and not is_unproven:
            topic |= trailer.topic_words(line.content)
        if line.index in repeated:
            scores.append(prose_score(line.words))
            continue
        sandwiched = (seen_marker and 0 < index < len(tail) - 1 and is_list_item(index - 1)
                      and is_list_item(index + 1))
        scores.append(trailer_score(line, sandwiched, after_end_credit, line.index in wrapped))
        if is_unproven and scores[-1] < trailer._UNPROVEN_PROSE_SCORE:
            unproven[index] = scores[-1]
            scores[-1] = trailer._UNPROVEN_PROSE_SCORE
        seen_marker = seen_marker or trailer.is_related_marker(line.content)
    suffix = [0.0] * (len(tail) + 1)
    for index in range(len(tail) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + scores[index]
    prefix_chars = list(itertools.accumulate((len(line.content) for line in lines), initial=0))

    def best(candidates: list[int]) -> int | None:
        chosen: int | None = None
        for index in candidates:
            if chosen is None or suffix[index] > suffix[chosen]:
                chosen = index
        return chosen

    def best_start() -> int | None:
        chosen = best(list(range(len(tail))))
        if (chosen is not None
                and prefix_chars[start + chosen] < trailer.MIN_KEPT_SHARE * total_chars):
            chosen = best([
                i for i, line in enumerate(tail)
                if is_marker_line(line.content)
                and prefix_chars[start + i] >= trailer.MIN_KEPT_SHARE * total_chars])
        return chosen

    best_index = best_start()
    if (best_index is not None
            and prefix_chars[start + best_index] < trailer.UNPROVEN_MIN_KEPT_SHARE * total_chars
            and any(index >= best_index for index in unproven)):
        for index, score in unproven.items():
            scores[index] = score
        for index in range(len(tail) - 1, -1, -1):
            suffix[index] = suffix[index + 1] + scores[index]
        best_index = best_start()
    if best_index is None or suffix[best_index] < threshold:
        return None
    best_score = suffix[best_index]
    while best_index < len(tail) and scores[best_index] < 0:
        best_index += 1
    template_start = trailer._template_run_start(tail, best_index)
    if prefix_chars[start + template_start] >= trailer.MIN_KEPT_SHARE * total_chars:
        best_index = template_start
    best_index = trailer._below_introduced_list(lines, start, best_index)
    if headings and best_index > 0:
        best_index = trailer._below_reference_entries(tail, best_index)
    trailer_lines = tail[best_index:]
    if not trailer_lines or (len(trailer_lines) < trailer._MIN_UNMARKED_TRAILER_LINES
                             and not after_end_credit and not any(
            is_marker_line(line.content) for line in trailer_lines)):
        return None
    anchor = lines[anchor_index] if anchor_index >= 0 else None
    segments = trailer.split_segments(trailer_lines, min_list_items, after_end_credit, repeated)
    return trailer.Trailer(first=trailer_lines[0], score=best_score, segments=segments,
                           anchor=anchor)
