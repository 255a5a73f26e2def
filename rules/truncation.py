"""``truncated-document``: the article stops mid-sentence, on an empty item or in a bracket."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import regex

from lint_corpus import credits, lazy_regex
from lint_corpus import text as textlib
from lint_corpus.document import Document, Line
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Rule, Severity
from lint_corpus.trailer import (
    TRAILER_OPTION,
    TrailerParameters,
    article_end,
    capped_word_units,
    introduces_list,
    is_marker,
    is_prose,
    wrap_continuations,
)

TRUNCATED: Final = frozenset({"truncated"})
# Words after which an English sentence cannot end.
_DANGLING_WORD_RE: Final = lazy_regex.compile(
    r"\b(?:a|an|the|and|or|but|nor|of|to|in|on|at|by|for|with|from|into|onto|than|that|which|who|"
    r"whose|whom|as|if|because|while|when|where|his|her|its|their|our|my|your|this|these|those|"
    r"is|are|was|were|be|been|has|have|had|not|no|very|more|most|such)$",
    regex.IGNORECASE,
)
_CONTINUING_MARK_RE: Final = lazy_regex.compile(r"[,，、:：;；\-–—/&+(（\[【「『《“‘]$")
# A Chinese enumerator with nothing after it ("三、", "（二）", "第三，", "其次："): the next
# point of a list was cut off, as with an empty bullet.
_DANGLING_ENUMERATOR_RE: Final = lazy_regex.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]"
    r"|[(（]\s*[一二三四五六七八九十百\d]+\s*[)）]"
    r"|第[一二三四五六七八九十百\d]+(?:[条條章节節点點部分]|)\s*[，,、:：]?"
    r"|(?:首先|其次|再次|最后|最後|另外|此外)\s*[，,:：])$"
)
_SENTENCE_START_RE: Final = lazy_regex.compile(r"[\p{Lu}\p{N}\"'“‘«(\[（「『\p{Han}]")
_HEADING_WORD_RE: Final = lazy_regex.compile(r"\p{Lu}[\p{L}\p{N}'’.-]*|\p{N}+|[&/|–—-]")
# The words Title Case writes in lower case (articles, conjunctions, short prepositions).
_TITLE_SMALL_WORD_RE: Final = lazy_regex.compile(
    r"a|an|the|and|or|but|nor|of|to|in|on|at|by|for|with|from|as|into|onto|via|vs\.?|per")
_INNER_COMMA_RE: Final = lazy_regex.compile(r"[，、,]")

#: A line is a heading when this share of its words is capitalised: Title Case leaves the
#: small words ("of", "and", "the") in lower case, and a sentence capitalises one word or two.
_HEADING_MIN_CAPITALISED_SHARE: Final = 0.7
#: Lines this long (in words) tell whether the article is prose: shorter ones are headings,
#: list items and labels, which need no end mark.
_LONG_LINE_WORDS: Final = 8
#: A document of one paragraph may have a title line above it.
_ONE_PARAGRAPH_MAX_TITLES: Final = 1
#: A list introduced by a colon is looked for this many lines up from the last line: a
#: schedule or an appendix, not a whole document of short lines.
_LIST_MAX_ITEMS: Final = 50
#: ... with at least this many items: one line under "X表示：" is a quote, not a list ...
_LIST_MIN_ITEMS: Final = 2
#: ... and an item is a line of at most this many words ("5月10日 北湖街道办事处二楼",
#: "June 12 -- The Greek, Berkeley"), not a paragraph.
_LIST_ITEM_MAX_WORDS: Final = 20
#: A CJK last line shorter than this (five words are ten characters) may be a heading, and
#: is cut only when a comma inside it shows it is a sentence.
_SHORT_HAN_WORDS: Final = 5


def fragment_start(content: str) -> int:
    """Offset in ``content`` where its last, unfinished sentence starts."""
    for index in range(len(content) - 1, -1, -1):
        if content[index] in textlib.SENTENCE_END:
            end = index + 1
            while end < len(content) and content[end] in textlib.CLOSERS:
                end += 1
            if end < len(content):
                cjk_end = content[index] in "。！？｡"
                gap = end
                while gap < len(content) and content[gap].isspace():
                    gap += 1
                # "e.g. read" is not a sentence boundary: a Latin one is followed by a space and
                # a capital, digit, quote or CJK character.
                if gap < len(content) and (cjk_end or (gap > end and _SENTENCE_START_RE.match(
                        content[gap]))):
                    return gap
    return 0


def _is_heading(content: str) -> bool:
    """Title Case or ALL CAPS Latin text without a comma: a heading or a name, not prose.

    The small words Title Case leaves in lower case ("Roads and Bridges", "Repairs to the
    Old Bridge") are not counted."""
    words = [word for word in content.split() if not _TITLE_SMALL_WORD_RE.fullmatch(word)]
    if not words or "," in content:
        return False
    capitalised = sum(1 for word in words if _HEADING_WORD_RE.fullmatch(word))
    return capitalised / len(words) >= _HEADING_MIN_CAPITALISED_SHARE


class TruncatedDocument(Rule):
    """What it does
    Checks how the article ends (the last line before any trailing page furniture, which the
    trailing-content rules report). A document is truncated when it ends on an empty or
    unfinished bullet or a bare enumerator ("三、", "（二）", "第三，"), inside a bracket or
    quote that was opened and never closed ("(e.g. read", "《省直管县经", "“What kind of"),
    or mid-sentence: a prose line that stops without sentence-final punctuation (Latin
    . ! ? … or CJK 。！？), often on a comma or a word like "with" or "the".

    Lines that close an article are legitimate last lines: credits, bylines, reporter and
    speaker notes, closing hashtags and agency tags, headings and names (the patterns live
    in ``lint_corpus/credits.py``), and a note, reference mark or tag after the last
    sentence end leaves it finished ("…。 [2]", "… Friday. PTI"). In hard-wrapped text (told
    by line widths, in any script) only a paragraph's last line must end a sentence; a
    document of one paragraph is judged on that paragraph.

    Why is this bad?
    A truncated document teaches a model that texts stop in the middle of a thought, and a
    retrieval system quotes a half sentence as if it were the conclusion. Peers only measure
    the share of lines without end punctuation (FineWeb, NeMo); none looks at the last line,
    a dangling bullet or an open bracket.

    Example
    Bad:

        • The U.S. and its allies could also create a collective framework.
        •

    Good (a closing credit is not a cut):

        • The U.S. and its allies could also create a collective framework.
        (Reporting by Jane Roe; Editing by John Doe)

    Fix
    Removes the dangling empty items at the end, all in one fix (safe). A cut sentence cannot
    be restored: the fix that trims the unfinished fragment back to the last sentence end is
    unsafe and applies only with ``--unsafe-fixes``; with no sentence end to trim back to,
    the finding has no fix, so a trim never exposes another "cut" line. Either way the
    report marks the document ``truncated``.

    Where the article ends is set once for this rule, ``unrelated-trailing-content`` and
    ``link-list``: the config's ``[trailer]`` table (``threshold``, ``min-list-items``).
    """

    code = "LC101"
    name = "truncated-document"
    marks = TRUNCATED
    summary = "The document stops mid-sentence, on an empty bullet, or inside an open bracket"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "min-prose-share": {
                "type": "number", "minimum": 0, "maximum": 1, "default": 0.5,
                "description": "share of the article's long lines (a hard-wrapped paragraph "
                               "is one line) that must end a sentence before a missing end "
                               "mark counts (skips lists, poems, tables)",
            },
            "min-fragment-words": {
                "type": "number", "minimum": 1, "default": 3,
                "description": "words (a CJK character is half a word) the last line needs "
                               "before a missing end mark counts",
            },
            "trailer": TRAILER_OPTION,
        },
    }

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.trailer = TrailerParameters.of_rule(self.options)

    def check(self, doc: Document) -> Iterator[Finding]:
        last = article_end(doc, self.trailer)
        if last is None:
            return
        content = last.content
        if _is_dangling_item(last):
            yield self._dangling(doc, last)
            return
        offset = last.raw.find(content)
        finished = credits.ends_sentence(content)
        opener = textlib.unclosed_opener(content)
        # A finished sentence with an unmatched opener is a scrape that dropped the closer.
        if opener is not None and not finished:
            yield self._cut(doc, last, offset,
                            f"Document ends inside an unclosed “{content[opener]}” "
                            f"(opened at column {offset + opener + 1}): the text was cut",
                            {"reason": "unclosed-bracket", "opener": content[opener]})
            return
        if finished or not self._is_unfinished_prose(doc, last):
            return
        if _DANGLING_WORD_RE.search(content) or _CONTINUING_MARK_RE.search(content):
            why = f"stops on “{content.split()[-1] if ' ' in content else content[-1]}”"
        else:
            why = "has no sentence-final punctuation"
        yield self._cut(doc, last, offset, f"Document ends mid-sentence: the last line {why}",
                        {"reason": "mid-sentence"})

    def _dangling(self, doc: Document, last: Line) -> Finding:
        """The document ends on empty list items: one fix removes them all (with the blank
        lines between them), so ``fix`` converges in one pass."""
        lines = [ln for ln in doc.nonblank_lines if ln.index <= last.index]
        first = len(lines) - 1
        while first > 0 and _is_dangling_item(lines[first - 1]):
            first -= 1
        run = lines[first:]
        where = (f"line {last.index + 1}" if len(run) == 1
                 else f"lines {run[0].index + 1}–{last.index + 1}")
        what = "an empty list item" if len(run) == 1 else f"{len(run)} empty list items"
        return self.finding(
            run[0].start, last.end,
            f"Document ends on {what} “{last.content}”: the rest of the list is missing",
            fix=Fix.delete_lines(doc, run[0].index, last.index,
                                 f"Delete the empty list item{'s' if len(run) > 1 else ''} "
                                 f"({where})"),
            data={"reason": "empty-bullet"}, marks=TRUNCATED,
        )

    def _is_unfinished_prose(self, doc: Document, last: Line) -> bool:
        content = last.content
        if (credits.closes_article(content) or is_marker(content)
                or _ends_introduced_list(doc, last)):
            return False
        continuations = wrap_continuations(doc)
        paragraph = _paragraph_of(doc, last, continuations)
        # In wrapped text the fragment is the paragraph's tail, not only its last line.
        words = sum(ln.words for ln in paragraph)
        if words < self.options["min-fragment-words"]:
            return False
        if (len(paragraph) == 1 and last.script != "han" and _is_heading(content)
                and not _DANGLING_WORD_RE.search(content)):
            return False
        # Lines inside a wrapped paragraph end no sentence by design: the text is judged on
        # its paragraphs (a line, or the lines of a wrapped paragraph), each by its length
        # and by whether its last line ends a sentence.
        before = [ln for ln in doc.nonblank_lines if ln.index < paragraph[0].index]
        long_paragraphs = [finished for paragraph_words, finished
                           in _paragraphs(before, continuations)
                           if paragraph_words >= _LONG_LINE_WORDS]
        if not long_paragraphs:
            # A document of one paragraph (and at most a title) is prose when that paragraph
            # holds a finished sentence before its last words, or stops on a word or mark that
            # cannot end one. Short lines before it are a list or verse: not judged.
            if len(before) > _ONE_PARAGRAPH_MAX_TITLES:
                return False
            joined = " ".join(ln.content for ln in paragraph)
            return capped_word_units(joined) >= _LONG_LINE_WORDS and (
                fragment_start(joined) > 0 or _DANGLING_WORD_RE.search(joined) is not None
                or _CONTINUING_MARK_RE.search(joined) is not None)
        if sum(long_paragraphs) / len(long_paragraphs) < self.options["min-prose-share"]:
            return False
        # A short CJK line after finished prose could be a heading; only a comma inside it
        # or a continuation mark at its end makes it a cut sentence.
        if (last.script == "han" and words < _SHORT_HAN_WORDS
                and not _INNER_COMMA_RE.search(content)):
            previous = next((ln for ln in reversed(before)
                             if capped_word_units(ln.content) >= _LONG_LINE_WORDS), None)
            return previous is not None and is_prose(previous)
        return True

    def _cut(self, doc: Document, last: Line, offset: int, message: str,
             data: dict[str, str]) -> Finding:
        paragraph = _paragraph_of(doc, last, wrap_continuations(doc))
        end = last.start + offset + len(last.content)
        found = _unfinished_sentence(paragraph)
        if found is None:
            first = paragraph[0]
            start = first.start + first.raw.find(first.content)
        else:
            start = found[1]
        fix = _trim(doc, paragraph, found, end, lambda line: self._would_be_cut(doc, line))
        return self.finding(start, end, message, fix=fix, data=data, marks=TRUNCATED)

    def _would_be_cut(self, doc: Document, line: Line) -> bool:
        """``line`` would be reported as a cut end if the text ended there."""
        content = line.content
        if _is_dangling_item(line):
            return True
        if credits.ends_sentence(content):
            return False
        return (textlib.unclosed_opener(content) is not None
                or self._is_unfinished_prose(doc, line))


def _unfinished_sentence(paragraph: list[Line]) -> tuple[int, int] | None:
    """Where the last, unfinished sentence of ``paragraph`` (a wrapped paragraph's lines, or
    one line) starts: the end of the sentence before it (without the space after it) and
    the start of the fragment, as document offsets; ``None`` when the paragraph holds no
    sentence end before it. A kept text that would be an empty list item ("A.") does not
    count: trimming to it would leave a new dangling end."""
    for position in range(len(paragraph) - 1, -1, -1):
        line = paragraph[position]
        content = line.content
        content_start = line.start + line.raw.find(content)
        if position < len(paragraph) - 1 and credits.ends_sentence(content):
            following = paragraph[position + 1]
            return (content_start + len(content),
                    following.start + following.raw.find(following.content))
        inner = fragment_start(content)
        kept = content[:inner].rstrip()
        if inner and not _is_dangling_text(kept):
            return content_start + len(kept), content_start + inner
    return None


def _trim(doc: Document, paragraph: list[Line], found: tuple[int, int] | None, end: int,
          would_be_cut: Callable[[Line], bool]) -> Fix | None:
    """The unsafe fix that removes the unfinished sentence, or ``None``.

    It never leaves a text that would be judged cut again: it trims back to the sentence end
    before the fragment (no space is left for another rule), or deletes the paragraph when
    the line before it would be a finished end (a sentence, a credit, a heading). Otherwise
    the place where the article ends is unknown, and only the finding is reported: deleting
    line after line would not converge.
    """
    if found is not None:
        return Fix("Trim the unfinished sentence at the end", (Edit(found[0], end, ""),),
                   Applicability.UNSAFE)
    first, last = paragraph[0], paragraph[-1]
    earlier = (ln for ln in reversed(doc.nonblank_lines) if ln.index < first.index)
    before = next(earlier, None)
    if before is not None and would_be_cut(before) and before.words < _LONG_LINE_WORDS:
        # A short line over the cut paragraph is its heading: with nothing left under it,
        # it goes too, when the line above it is a finished end.
        first, before = before, next(earlier, None)
    if before is None or would_be_cut(before):
        return None
    lines = (f"line {last.index + 1}" if first is last
             else f"lines {first.index + 1}–{last.index + 1}")
    return Fix.delete_lines(doc, first.index, last.index,
                            f"Delete the unfinished end of the text ({lines})",
                            Applicability.UNSAFE)


def _ends_introduced_list(doc: Document, last: Line) -> bool:
    """``last`` is an item of a list the article introduces with a colon ("报名地点如下：",
    "The dates are:"): short unfinished lines up from it reach that line. A list item needs
    no end mark."""
    content = last.content
    if (last.words > _LIST_ITEM_MAX_WORDS
            or (last.script == "han" and _INNER_COMMA_RE.search(content))
            or _DANGLING_WORD_RE.search(content) or _CONTINUING_MARK_RE.search(content)):
        # A paragraph under a colon ("… noted:"), or a quote under "表示：" with a comma
        # inside or a word that cannot end it, is prose, and can be cut.
        return False
    above = [line for line in doc.nonblank_lines if line.index < last.index]
    items = 1
    for line in reversed(above[-_LIST_MAX_ITEMS:]):
        if introduces_list(line.content):
            return items >= _LIST_MIN_ITEMS
        if line.words > _LIST_ITEM_MAX_WORDS or credits.ends_sentence(line.content):
            return False
        items += 1
    return False


def _is_dangling_item(line: Line) -> bool:
    """An empty bullet or a Chinese enumerator with nothing after it."""
    return _is_dangling_text(line.raw)


def _is_dangling_text(raw: str) -> bool:
    return ((textlib.is_bullet_line(raw) and not textlib.bullet_content(raw))
            or _DANGLING_ENUMERATOR_RE.match(textlib.strip_edges(raw)) is not None)


def _paragraphs(lines: list[Line], continuations: frozenset[int]) -> Iterator[tuple[int, bool]]:
    """Each paragraph of ``lines`` (a line, or the lines of a wrapped paragraph): its length
    in words (each line's count capped, which decides a comparison with
    ``_LONG_LINE_WORDS`` as the exact count would) and whether it ends a sentence."""
    words = 0
    for line in lines:
        words += capped_word_units(line.content)
        if line.index not in continuations:
            yield words, credits.ends_sentence(line.content)
            words = 0


def _paragraph_of(doc: Document, last: Line, continuations: frozenset[int]) -> list[Line]:
    """``last`` and the lines before it that run on into it (one wrapped paragraph)."""
    lines = doc.lines
    paragraph = [last]
    index = last.index - 1
    while index >= 0 and index in continuations:
        paragraph.append(lines[index])
        index -= 1
    paragraph.reverse()
    return paragraph
