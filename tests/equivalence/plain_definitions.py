"""The plain definitions the fast paths and the native core are compared with, kept here and
not in the package.

Each is the straightforward form of an analysis as it was before a shortcut, or the Python
definition the core replaced: slower, and written for the reader. ``test_*`` modules in this
folder assert that the package gives the same answers.
"""

from __future__ import annotations

import itertools
from typing import Final

import regex

from lint_corpus import credits, native, trailer
from lint_corpus import text as textlib
from lint_corpus.document import Document, Line

# --- credits: the patterns as the Python definition wrote them, before the core took them ---


def _spaced(*labels: str) -> str:
    """CJK labels as an alternation that allows a space between their characters ("审 读")."""
    return "|".join(r"\s?".join(regex.escape(char) for char in label) for label in labels)


_SOURCE_LABEL: Final = (r"(?:本文|文章|新聞|新闻|素材|圖片|图片|資料|资料|信息|內容|内容)?"
                        r"(?:来源|來源|出處|出处)")
_STAFF_LABEL: Final = "(?:" + _spaced(
    "责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編", "翻译", "翻譯", "譯者", "译者",
    "校对", "校對", "撰文", "撰稿", "审读", "審讀", "审校", "審校", "排版", "摄影", "攝影",
    "采写", "採寫", "监制", "監製", "统筹", "統籌", "策划", "策劃", "主编", "主編",
    "通讯员", "通訊員", "实习生", "實習生", "校审", "终审", "終審", "初审", "初審",
) + ")"
_PERSON_LABEL: Final = "(?:作者|记者|記者|主持人)"
_SEPARATOR: Final = r"\s*[:：︱|｜/]"
STRONG_CREDIT_RE: Final = regex.compile("^" + r"""(?:
        [\[【(（]?\s*""" + _SOURCE_LABEL + _SEPARATOR + r"""
      | [\[【(（]?\s*""" + _STAFF_LABEL + _SEPARATOR + r"""
      | 原标题\s*[:：] | 原標題\s*[:：]
      | """ + _PERSON_LABEL + r"""\s*[:：︱|｜]
      | [(（]\s*完\s*[)）]
      | (?:本文|此文)(?:转载|轉載|转自|轉自|原载|原載)
      | [(\[]?\s*translat(?:ed|ion)\s+by\b
      | [(\[]?\s*(?:additional\s+)?reporting\s+by\b | [(\[]?\s*editing\s+by\b
      | edited\s+by\s+\S
      | contributing\s*(?:reporters?|writers?|editors?)?\s*:
      | this\s+(?:article|story|post|piece)\s+(?:was\s+)?(?:originally|first)\s+
        (?:appeared|published)
      | originally\s+published\s+(?:on|in|at)\b
      | \((?:[a-z]{2,5}(?:/[a-z]{2,5})*)\)$
      | [(（][^()（）]{0,12}?(?:记者|記者|通讯员|通訊員|评论员|評論員)[^()（）]{0,30}[)）]$
      | [(（](?:共同|時事|共同通信|時事通信|ロイター|ブルームバーグ|ＡＦＰ|ＡＰ|ＮＮＡ)[)）]$
    )""", regex.IGNORECASE | regex.VERBOSE)
CREDIT_TAIL_RE: Final = regex.compile(
    r"[\[【(（]\s*(?:责任编辑|責任編輯|编辑|編輯)\s*[:：][^\]】)）]*[\]】)）]$")
UNSEPARATED_LABEL_RE: Final = regex.compile(
    r"^(?:[\[【(（]?\s*(?:" + _SOURCE_LABEL + "|" + _STAFF_LABEL + r"|作者)\s+\S"
    r"|\S{0,12}?(?:记者|記者|通讯员|通訊員)\s*[\p{Han}·]{2,5}(?:\s|$)"
    r"|\p{Hangul}{2,4}\s*(?:기자|특파원|통신원)(?:\s|$))")
BIO_RE: Final = regex.compile(
    r"^(?!(?:The|This|That|These|Those|It|Its|Our|Their|His|Her|A|An|Each|Every|Some|Any|"
    r"No|One|In|On|At|For|If|When|While|El|La|Los|Las|Le|Les|Der|Die|Das|O|Os|As)\s)"
    r"(?:\p{Lu}[\p{L}.'’-]+\s+){1,3}\p{Lu}[\p{L}.'’-]+\s+"
    r"(?:is|was|es|é|ist|est)\s+(?:a|an|the|un|una|um|uma|ein|eine|le|la|former|senior|professor)\b",
)
EMPHATIC_BIO_RE: Final = regex.compile(
    r"^[\p{Lu}\s.'’-]{5,40}\s(?:IS|ES)\s[\p{Lu}\s,.'’-]{5,}$")
INTERVIEW_TURN_RE: Final = regex.compile(
    r"^" + _PERSON_LABEL + r"\s*[:：︱|｜]\s*(?P<said>.+)$")
PERSON_LABEL_RE: Final = regex.compile(r"^" + _PERSON_LABEL)


def is_strong_credit(content: str) -> bool:
    if len(content) > 400:
        return False
    return (bool(STRONG_CREDIT_RE.search(content[:100]) or CREDIT_TAIL_RE.search(content[-100:]))
            and not is_interview_turn(content))


def is_interview_turn(content: str) -> bool:
    match = INTERVIEW_TURN_RE.match(content)
    if match is None:
        return False
    said = match["said"].rstrip("\"'”’」』")
    return said.endswith(("?", "？")) or textlib.word_units(said) >= 15


def is_credit(content: str) -> bool:
    if len(content) > 400 or not content:
        return False
    if is_strong_credit(content):
        return True
    if (len(content) <= 40 and UNSEPARATED_LABEL_RE.search(content)
            and not textlib.ends_sentence(content)):
        return True
    return textlib.word_units(content) <= 60 and bool(
        BIO_RE.search(content[:100]) or EMPHATIC_BIO_RE.search(content))


def is_closing_label(content: str) -> bool:
    return is_strong_credit(content) and PERSON_LABEL_RE.match(content) is None


# --- trailer: a line's features, as the Python definition computed them ---------------------

NOTE_AFTER_SENTENCE_RE: Final = regex.compile(
    r"[.!?。！？]\s*[(（\[【][^()（）\[\]【】]{1,12}[)）\]】]\s*$")
ELLIPSIS_CUT_RE: Final = regex.compile(r"(?:…|\.\.)[\s\"'”’」』)）]*$")
DATE_ONLY_RE: Final = regex.compile(
    r"^[\p{N}\s/.:,\-年月日时時分amp]{4,}$|^\w{3,9}\.? \d{1,2}, \d{4}$", regex.IGNORECASE)
URL_RE: Final = regex.compile(r"^(?:https?://|www\.)\S+$", regex.IGNORECASE)
CODE_CHARS_RE: Final = regex.compile(r"[{}();=<>\[\]]")
LETTER_RE: Final = regex.compile(r"\p{L}")
INNER_SENTENCE_END_RE: Final = regex.compile(r"\p{Ll}{2}[.!?][\"'”’)]?\s+[\"'“‘(]?\p{Lu}")
WORDS_CAP: Final = trailer.BLURB_WORDS + 1


def capped_word_units(content: str) -> int:
    return min(textlib.word_units(content), WORDS_CAP)


def is_marker(content: str) -> bool:
    return (len(content) <= 80 and textlib.word_units(content) <= 6
            and trailer._MARKER_RE.is_match(content))


def is_related_marker(content: str) -> bool:
    return (len(content) <= 400 and trailer._RELATED_MARKER_RE.is_match(content[:100])
            and textlib.word_units(content) <= 40)


def is_furniture_sentence(content: str) -> bool:
    return len(content) <= 400 and (trailer._FURNITURE_SENTENCE_RE.is_match(content[:100])
                                    or trailer._COMMENT_RE.is_match(content))


def is_ellipsis_cut(content: str, words: int) -> bool:
    return words <= trailer.BLURB_WORDS and ELLIPSIS_CUT_RE.search(content[-100:]) is not None


def finished(content: str, words: int, ends_sentence: bool) -> bool:
    if not ends_sentence and NOTE_AFTER_SENTENCE_RE.search(content[-100:]) is None:
        return False
    return not is_ellipsis_cut(content, words)


def is_prose(content: str) -> bool:
    words = textlib.word_units(content)
    return words >= trailer.PROSE_WORDS and finished(content, words,
                                                     textlib.ends_sentence(content))


def is_link_like(content: str) -> bool:
    words = textlib.word_units(content)
    return _is_link_like(content, words, textlib.ends_sentence(content))


def _is_link_like(content: str, words: int, ends_sentence: bool) -> bool:
    if words > 30 or is_credit(content) or content.endswith((",", "，", "、")):
        return False
    if words >= 12 and holds_two_sentences(content):
        return False
    if (finished(content, words, ends_sentence)
            and not content.rstrip("\"'”’」』").endswith(("?", "!", "？", "！", "…"))):
        return words <= 4
    return True


def holds_two_sentences(content: str) -> bool:
    for match in INNER_SENTENCE_END_RE.finditer(content):
        before, after = content[:match.start() + 2], content[match.end() - 1:]
        if min(len(before.split()), len(after.split())) >= 6:
            return True
    return False


def looks_like_code(content: str) -> bool:
    return len(CODE_CHARS_RE.findall(content)) >= 2 or not LETTER_RE.search(content)


def is_date_only(content: str) -> bool:
    return DATE_ONLY_RE.match(content) is not None


def line_kind(content: str) -> native.LineKind:
    """A line's kind as ``trailer._plain_text_score`` told it."""
    words = capped_word_units(content)
    if is_related_marker(content):
        return native.LineKind.RELATED_MARKER
    if is_marker(content) or is_furniture_sentence(content):
        return native.LineKind.MARKER
    if URL_RE.match(content) or is_date_only(content):
        return native.LineKind.URL_OR_DATE
    ends = finished(content, words, textlib.ends_sentence(content))
    if ends and words >= trailer.PROSE_WORDS:
        return native.LineKind.PROSE
    if looks_like_code(content):
        return native.LineKind.CODE
    if _is_link_like(content, words, ends):
        return native.LineKind.LINK
    return native.LineKind.TEXT

# --- credits: where the article's closing credit is, and a sentence end before a note ------


#: What may follow the last sentence on its line, after its end mark: a bracketed note
#: ("（島田さん）", "(AP)", "（完）"), reference marks ("[2] [5]", "[128]"), hashtags, or an
#: agency tag ("… said. PTI"). Matched at the end of the line, repeatedly.
TRAILING_NOTE_RE: Final = regex.compile(
    r"""(?:
        \s*[(（【][^()（）【】\n]{1,40}[)）】]
      | \s*\[[^\[\]\n]{1,40}\]
      | \s+(?:[#＃]\w+)
      | \s+[-–—]?\s*(?:[A-Z]{2,6}|Reuters|Xinhua|Bloomberg|Kyodo|Yonhap|Bernama)
    )$""",
    regex.VERBOSE,
)


def _finished_sentence(content: str) -> bool:
    return textlib.ends_sentence(content) or content.endswith(("」", "』"))


def without_closing_note(content: str) -> str:
    stripped = content
    for _ in range(4):
        match = TRAILING_NOTE_RE.search(stripped)
        if match is None or match.start() == 0:
            break
        stripped = stripped[:match.start()].rstrip()
        if _finished_sentence(stripped):
            return stripped
    return content


def ends_sentence_with_notes(content: str) -> bool:
    return _finished_sentence(content) or _finished_sentence(without_closing_note(content))


def closing_credit(lines: list[Line]) -> int:
    """Position in ``lines`` of the credit that ends the article, or -1: the last line of the
    last block of credits that holds a closing label or follows article prose (directly, or
    under a heading and a name); a closing credit right under the page's own text (a
    disclosure) means the article ended before that text."""
    index = len(lines) - 1
    while index >= 0:
        if not is_credit(lines[index].content):
            index -= 1
            continue
        block_start = index
        while block_start > 0 and is_credit(lines[block_start - 1].content):
            block_start -= 1
        closing = any(is_closing_label(line.content) for line in lines[block_start:index + 1])
        if block_start > 0 and trailer.is_furniture_sentence(lines[block_start - 1].content):
            if closing:
                above = block_start - 1
                while above > 0 and trailer.is_furniture_sentence(lines[above - 1].content):
                    above -= 1
                return above - 1
        elif closing or _follows_prose(lines, block_start):
            return index
        index = block_start - 1
    return -1


def _follows_prose(lines: list[Line], position: int) -> bool:
    before = position - 1
    skipped = 0
    while (before >= 1 and skipped < 2
           and lines[before].words <= 6 and not lines[before].ends_sentence
           and regex.search(r"\d", lines[before].content) is None
           and not trailer.is_marker(lines[before].content)):
        before -= 1
        skipped += 1
    return before >= 0 and (
        (lines[before].words >= 5 and ends_sentence_with_notes(lines[before].content))
        or is_credit(lines[before].content))


# --- trailer: the search's pieces, as the Python definition wrote them --------------------

# The scores, limits and shares of the analysis (named and explained in core/src/trailer.rs).
MARKER_SCORE: Final = 3.0
URL_OR_DATE_SCORE: Final = 1.5
TEASER_SCORE: Final = 2.0
LINK_SCORE: Final = 1.0
BLURB_SCORE: Final = 0.5
CODE_SCORE: Final = 0.0
TEXT_SCORE: Final = -1.0
UNPROVEN_PROSE_SCORE: Final = 0.0
PROSE_WORDS_PER_POINT: Final = 4.0
MAX_PROSE_PENALTY: Final = 15.0
MIN_KEPT_SHARE: Final = 1 / 7
UNPROVEN_MIN_KEPT_SHARE: Final = 0.5
STRONG_ANCHOR_MIN_SHARE: Final = 0.4
MIN_UNMARKED_TRAILER_LINES: Final = 3
TRANSLATION_MIN_SHARE: Final = 0.3
REPEATED_SHARE: Final = 0.5
TEMPLATE_MIN_REPEATS: Final = 3
TEMPLATE_RUN_MIN_LINES: Final = 8
ON_TOPIC_SHARE: Final = trailer.TrailerParameters.on_topic_share
CLAUSE_SPLIT_RE: Final = regex.compile(r"[\p{P}\p{S}]+\s*|\s{2,}")
TOPIC_WORD_RE: Final = regex.compile(r"\p{Latin}{5,}|\p{Cyrillic}{5,}")
TOPIC_CJK_RE: Final = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")
SITE_SUFFIX_RE: Final = regex.compile(r"\s[|｜\-–—]\s+([^|｜\-–—]{2,40})$")
HANDLE_OR_URL_RE: Final = regex.compile(r"(?:https?://|www\.)\S+|(?<!\w)@\w{2,}")


def wrap_continuations(doc: Document) -> frozenset[int]:
    """Indexes of lines that run on into the next: an unfinished Latin line of five words or
    more followed by lower case, or, in hard-wrapped text, an unfinished full line (its
    width in the band) followed by a non-blank line."""
    band = textlib.wrap_band([line.content for line in doc.nonblank_lines])
    found = set()
    for current, following in itertools.pairwise(doc.lines):
        if (following.content[:1].islower() and current.content and not current.ends_sentence
                and current.script == "latin" and current.words >= 5):
            found.add(current.index)
        elif (band is not None and following.content and not current.ends_sentence
              and 2 * len(current.content) >= textlib.WRAP_MIN_FULL_COLUMNS
              and len(current.content) <= textlib.WRAP_MAX_COLUMNS
              and band[0] <= textlib.display_width(current.content) <= band[1]):
            found.add(current.index)
    return frozenset(found)


def clauses_of(content: str) -> list[str]:
    return [c for c in CLAUSE_SPLIT_RE.split(content) if len(c) >= 6]


def topic_words(content: str) -> set[str]:
    found = {word.lower() for word in TOPIC_WORD_RE.findall(content)}
    for run in TOPIC_CJK_RE.findall(content):
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def looks_like_translation(article: list[Line], tail: list[Line]) -> bool:
    def chars_by_script(lines: list[Line]) -> dict[str, int]:
        totals: dict[str, int] = {}
        for line in lines:
            totals[line.script] = totals.get(line.script, 0) + len(line.content)
        return totals

    head, rest = chars_by_script(article), chars_by_script(tail)
    if not head or not rest:
        return False
    return (max(head, key=lambda k: head[k]) != max(rest, key=lambda k: rest[k])
            and sum(rest.values()) >= TRANSLATION_MIN_SHARE * sum(head.values()))


def is_strong_furniture(content: str) -> bool:
    return (trailer.is_marker(content) or trailer.is_related_marker(content)
            or trailer.is_furniture_sentence(content))


def is_list_item(line: Line) -> bool:
    return trailer.is_link_like(line) and not trailer.is_prose(line)


def template_shape(content: str) -> str:
    return regex.sub(r"\d+", "0", content.strip().lower())


def has_template(run: list[Line]) -> bool:
    shapes: dict[str, int] = {}
    for line in run:
        shape = template_shape(line.content)
        shapes[shape] = shapes.get(shape, 0) + 1
    return any(count >= TEMPLATE_MIN_REPEATS for count in shapes.values())


def has_link_shape(run: list[Line]) -> bool:
    sites: dict[str, int] = {}
    for line in run:
        if HANDLE_OR_URL_RE.search(line.content):
            return True
        match = SITE_SUFFIX_RE.search(line.content)
        if match:
            site = match.group(1).strip().lower()
            sites[site] = sites.get(site, 0) + 1
    if any(count >= 2 for count in sites.values()):
        return True
    dates = [is_date_only(line.content) for line in run]
    return sum(1 for first, second in itertools.pairwise(dates) if first and not second) >= 2


def template_run_start(tail: list[Line], index: int) -> int:
    first = index
    shape: str | None = None
    while first > 0 and is_list_item(tail[first - 1]):
        above = template_shape(tail[first - 1].content)
        if shape is not None and above != shape:
            break
        shape, first = above, first - 1
    if index - first < TEMPLATE_RUN_MIN_LINES:
        return index
    if first > 0 and tail[first - 1].content.rstrip().endswith((":", "：")):
        return index
    return first


def introduces_own_list(content: str) -> bool:
    stripped = content.strip()
    return (stripped.endswith((":", "：")) and not is_strong_furniture(stripped)
            and textlib.word_units(content) >= 3 and not is_credit(content))


def below_introduced_list(lines: list[Line], start: int, index: int) -> int:
    position = start + index
    if position >= len(lines):
        return index
    if introduces_own_list(lines[position].content):
        rows_from = position + 1
    elif position > 0 and introduces_own_list(lines[position - 1].content):
        rows_from = position
    else:
        return index
    furniture = next((found for found in range(rows_from, len(lines))
                      if is_strong_furniture(lines[found].content)), None)
    if furniture is None:
        return index
    rows = lines[rows_from:furniture]
    if has_template(rows) or has_link_shape(rows):
        return index
    return furniture - start


def below_reference_entries(tail: list[Line], index: int) -> int:
    return next((found for found in range(index, len(tail))
                 if is_strong_furniture(tail[found].content)), index)


def split_segments(lines: list[Line], min_list_items: int, teasers: bool,
                   repeated: frozenset[int]) -> tuple[trailer.Segment, ...]:
    kinds = ["list" if (trailer.is_link_like(line) and not (teasers and trailer.is_prose(line)))
             or is_strong_furniture(line.content) or line.index in repeated else "prose"
             for line in lines]
    runs: list[tuple[str, int, int]] = []
    for index, kind in enumerate(kinds):
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1], index)
        else:
            runs.append((kind, index, index))
    labelled = [
        ("link-list" if kind == "list" and last - first + 1 >= min_list_items else "prose",
         first, last)
        for kind, first, last in runs
    ]
    if not any(kind == "link-list" for kind, _, _ in labelled):
        teaser_lines = teasers and any(line.words >= trailer.PROSE_WORDS
                                       and line.index not in repeated for line in lines)
        kind = "prose" if "prose" in kinds or teaser_lines else "link-list"
        return (trailer.Segment(kind, lines[0], lines[-1], len(lines)),)
    merged: list[tuple[str, int, int]] = []
    for kind, first, last in labelled:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1], last)
        else:
            merged.append((kind, first, last))
    # A "prose" part without any prose line (a few stray buttons) joins the list before it.
    parts: list[tuple[str, int, int]] = []
    for kind, first, last in merged:
        if kind == "prose" and "prose" not in kinds[first:last + 1]:
            kind = "link-list"
        if parts and parts[-1][0] == kind:
            parts[-1] = (kind, parts[-1][1], last)
        else:
            parts.append((kind, first, last))
    return tuple(trailer.Segment(kind, lines[first], lines[last], last - first + 1)
                 for kind, first, last in parts)


# --- trailer: line scores, repeated lines and the trailer search ----------------------------


def prose_score(words: int) -> float:
    return -min(words / PROSE_WORDS_PER_POINT, MAX_PROSE_PENALTY)


def trailer_score(line: Line, after_marker: bool, after_end_credit: bool,
                 continues: bool) -> float:
    """A line's score as written before its features were read from the core."""
    content = line.content
    if is_marker_line(content):
        return MARKER_SCORE
    if URL_RE.match(content) or is_date_only(content):
        return URL_OR_DATE_SCORE
    if after_end_credit and line.words >= trailer.PROSE_WORDS:
        return TEASER_SCORE
    if is_prose(content):
        if after_marker and line.words <= trailer.BLURB_WORDS:
            return BLURB_SCORE
        return prose_score(line.words)
    if continues:
        return TEXT_SCORE
    if looks_like_code(content):
        return CODE_SCORE
    if is_link_like(content):
        return LINK_SCORE
    return TEXT_SCORE


def is_marker_line(content: str) -> bool:
    """A line that scores as a marker: a button, a related-articles heading, or a call to
    action, disclosure, metadata or comment line."""
    return is_marker(content) or is_related_marker(content) or is_furniture_sentence(content)


def hard_wrapped(doc: Document) -> frozenset[int]:
    """Indexes of lines that belong to a hard-wrapped paragraph: each line that runs on into
    the next (``wrap_continuations``) and the line it runs into. The definition that the
    core's continuation test answers line by line."""
    continuations = wrap_continuations(doc)
    return continuations | frozenset(index + 1 for index in continuations)


def repeated_lines(lines: list[Line], start: int) -> frozenset[int]:
    """Indexes of long lines from ``lines[start:]`` whose text mostly occurs earlier.

    A line is cut into clauses at punctuation; a clause counts as repeated when an earlier
    line has the same clause. Copies that move a sentence or drop a clause keep most clauses.
    The definition that the core's repetition test answers line by line.
    """
    if not any(line.words >= trailer.PROSE_WORDS for line in lines[start:]):
        return frozenset()
    seen: set[str] = set()
    found: set[int] = set()
    for position, line in enumerate(lines):
        clauses = clauses_of(line.content)
        if position >= start and line.words >= trailer.PROSE_WORDS:
            total = sum(len(c) for c in clauses)
            if total and (sum(len(c) for c in clauses if c in seen)
                          >= REPEATED_SHARE * total):
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
    anchor_index = closing_credit(lines)
    chars_before = sum(len(line.content) for line in lines[:anchor_index])
    strong_anchor = (anchor_index >= 0 and credits.is_strong_credit(lines[anchor_index].content)
                     and chars_before >= STRONG_ANCHOR_MIN_SHARE * total_chars)
    start = anchor_index + 1
    headings = [index for index, line in enumerate(lines)
                if index >= start and trailer.is_reference_heading(line.content)]
    start = max([start, *headings])
    if start >= len(lines):
        return None
    tail = lines[start:]
    after_end_credit = strong_anchor and not looks_like_translation(lines[:start], tail)
    repeated = repeated_lines(lines, start)
    wrapped = hard_wrapped(doc)

    def is_list_item(index: int) -> bool:
        return trailer.is_link_like(tail[index]) and not trailer.is_prose(tail[index])

    scores: list[float] = []
    seen_marker = False
    # Prose after furniture is unproven until a line longer than a blurb, or one on the topic
    # of the article read so far, shows the article goes on.
    in_furniture = False
    topic: set[str] = set().union(*(topic_words(line.content) for line in lines[:start]))
    unproven: dict[int, float] = {}
    for index, line in enumerate(tail):
        is_unproven = False
        if is_marker_line(line.content):
            in_furniture = True
        elif in_furniture and trailer.is_prose(line):
            words = topic_words(line.content)
            on_topic = bool(words) and (len(words & topic)
                                        >= ON_TOPIC_SHARE * len(words))
            if line.words > trailer.BLURB_WORDS or on_topic:
                in_furniture = False
            else:
                is_unproven = True
        if not in_furniture and not is_unproven:
            topic |= topic_words(line.content)
        if line.index in repeated:
            scores.append(prose_score(line.words))
            continue
        sandwiched = (seen_marker and 0 < index < len(tail) - 1 and is_list_item(index - 1)
                      and is_list_item(index + 1))
        scores.append(trailer_score(line, sandwiched, after_end_credit, line.index in wrapped))
        if is_unproven and scores[-1] < UNPROVEN_PROSE_SCORE:
            unproven[index] = scores[-1]
            scores[-1] = UNPROVEN_PROSE_SCORE
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
                and prefix_chars[start + chosen] < MIN_KEPT_SHARE * total_chars):
            chosen = best([
                i for i, line in enumerate(tail)
                if is_marker_line(line.content)
                and prefix_chars[start + i] >= MIN_KEPT_SHARE * total_chars])
        return chosen

    best_index = best_start()
    if (best_index is not None
            and prefix_chars[start + best_index] < UNPROVEN_MIN_KEPT_SHARE * total_chars
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
    template_start = template_run_start(tail, best_index)
    if prefix_chars[start + template_start] >= MIN_KEPT_SHARE * total_chars:
        best_index = template_start
    best_index = below_introduced_list(lines, start, best_index)
    if headings and best_index > 0:
        best_index = below_reference_entries(tail, best_index)
    trailer_lines = tail[best_index:]
    if not trailer_lines or (len(trailer_lines) < MIN_UNMARKED_TRAILER_LINES
                             and not after_end_credit and not any(
            is_marker_line(line.content) for line in trailer_lines)):
        return None
    anchor = lines[anchor_index] if anchor_index >= 0 else None
    segments = split_segments(trailer_lines, min_list_items, after_end_credit, repeated)
    return trailer.Trailer(first=trailer_lines[0], score=best_score, segments=segments,
                           anchor=anchor)
