"""``truncated-document``: the article stops mid-sentence, on an empty bullet or in a bracket."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

import regex

from lint_corpus import text as textlib
from lint_corpus.document import Document, Line
from lint_corpus.rule import Applicability, Edit, Finding, Fix, Rule, Severity
from lint_corpus.trailer import (
    TRAILER_OPTION,
    TrailerParameters,
    article_end,
    capped_word_units,
    hard_wrapped,
    is_credit,
    is_marker,
    is_prose,
)

TRUNCATED: Final = frozenset({"truncated"})
# Words after which an English sentence cannot end.
_DANGLING_WORD_RE: Final = regex.compile(
    r"\b(?:a|an|the|and|or|but|nor|of|to|in|on|at|by|for|with|from|into|onto|than|that|which|who|"
    r"whose|whom|as|if|because|while|when|where|his|her|its|their|our|my|your|this|these|those|"
    r"is|are|was|were|be|been|has|have|had|not|no|very|more|most|such)$",
    regex.IGNORECASE,
)
_CONTINUING_MARK_RE: Final = regex.compile(r"[,，、:：;；\-–—/&+(（\[【「『《“‘]$")
# "采写：南都记者林子沛", "（鲍伯·费利评）": a label with its value, or a bracketed note.
_METADATA_RE: Final = regex.compile(
    r"^\p{Han}{1,4}\s*[:：︱|]\s*\S.{0,30}$|^[(（\[【][^)）\]】]{1,40}[)）\]】]$"
)
_SENTENCE_START_RE: Final = regex.compile(r"[\p{Lu}\p{N}\"'“‘«(\[（「『\p{Han}]")
_HEADING_WORD_RE: Final = regex.compile(r"\p{Lu}[\p{L}\p{N}'’.-]*|\p{N}+|[&/|–—-]")
_INNER_COMMA_RE: Final = regex.compile(r"[，、,]")

#: A line is a heading when this share of its words is capitalised: Title Case leaves the
#: small words ("of", "and", "the") in lower case, and a sentence capitalises one word or two.
_HEADING_MIN_CAPITALISED_SHARE: Final = 0.7
#: Lines this long (in words) tell whether the article is prose: shorter ones are headings,
#: list items and labels, which need no end mark.
_LONG_LINE_WORDS: Final = 8
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
    """Title Case or ALL CAPS Latin text without a comma: a heading or a name, not prose."""
    words = content.split()
    if not words or "," in content:
        return False
    capitalised = sum(1 for word in words if _HEADING_WORD_RE.fullmatch(word))
    return capitalised / len(words) >= _HEADING_MIN_CAPITALISED_SHARE


class TruncatedDocument(Rule):
    """What it does
    Checks how the article ends (the last line before any trailing page furniture, which the
    trailing-content rules report). A document is truncated when it ends on an empty or
    unfinished bullet, inside a bracket or quote that was opened and never closed ("(e.g.
    read", "《省直管县经", "“What kind of"), or mid-sentence: a prose line that stops
    without sentence-final punctuation (Latin . ! ? … or CJK 。！？), often on a comma or a
    word like "with" or "the". Credit lines (source, editor, translator), headings and
    names are legitimate last lines and are not flagged.

    Why is this bad?
    A truncated document teaches a model that texts stop in the middle of a thought, and a
    retrieval system quotes a half sentence as if it were the conclusion. Peers only measure
    the share of lines without end punctuation (FineWeb, NeMo); none looks at the last line,
    a dangling bullet or an open bracket.

    Example
    Bad:

        • The U.S. and its allies could also create a collective framework.
        •

    Good:

        • The U.S. and its allies could also create a collective framework.

    Fix
    Removes a dangling empty bullet (safe). A cut sentence cannot be restored: the fix that
    trims the unfinished fragment is unsafe and applies only with ``--unsafe-fixes``. Either
    way the report marks the document ``truncated``.

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
                "description": "share of the article's long lines that must end a sentence "
                               "before a missing end mark counts (skips lists, poems, tables)",
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
        if last.is_bullet and not textlib.bullet_content(last.raw):
            lines = f"line {last.index + 1}"
            yield self.finding(
                last.start, last.end,
                f"Document ends on an empty list item “{content}”: the rest of the list is missing",
                fix=Fix.delete_lines(doc, last.index, last.index,
                                     f"Delete the empty list item ({lines})"),
                data={"reason": "empty-bullet"}, marks=TRUNCATED,
            )
            return
        offset = last.raw.find(content)
        opener = textlib.unclosed_opener(content)
        # A finished sentence with an unmatched opener is a scrape that dropped the closer.
        if opener is not None and not last.ends_sentence:
            yield self._cut(doc, last, offset, content,
                            f"Document ends inside an unclosed “{content[opener]}” "
                            f"(opened at column {offset + opener + 1}): the text was cut",
                            {"reason": "unclosed-bracket", "opener": content[opener]})
            return
        if last.ends_sentence or not self._is_unfinished_prose(doc, last):
            return
        if _DANGLING_WORD_RE.search(content) or _CONTINUING_MARK_RE.search(content):
            why = f"stops on “{content.split()[-1] if ' ' in content else content[-1]}”"
        else:
            why = "has no sentence-final punctuation"
        yield self._cut(doc, last, offset, content,
                        f"Document ends mid-sentence: the last line {why}",
                        {"reason": "mid-sentence"})

    def _is_unfinished_prose(self, doc: Document, last: Line) -> bool:
        content = last.content
        if (is_credit(content) or is_marker(content) or _METADATA_RE.match(content)
                or last.words < self.options["min-fragment-words"]):
            return False
        if last.script != "han" and _is_heading(content) and not _DANGLING_WORD_RE.search(content):
            return False
        # In hard-wrapped text only a paragraph's last line can end a sentence.
        wrapped = hard_wrapped(doc)
        # The capped count (capped above ``_LONG_LINE_WORDS``) decides the comparison as the
        # exact one would, without counting all of a long paragraph.
        long_lines = [ln for ln in doc.nonblank_lines
                      if ln.index < last.index
                      and capped_word_units(ln.content) >= _LONG_LINE_WORDS
                      and not (ln.index in wrapped and ln.index + 1 in wrapped)]
        if not long_lines:
            return False
        finished = sum(1 for ln in long_lines if ln.ends_sentence)
        if finished / len(long_lines) < self.options["min-prose-share"]:
            return False
        # A short CJK line after finished prose could be a heading; only a comma inside it
        # or a continuation mark at its end makes it a cut sentence.
        if (last.script == "han" and last.words < _SHORT_HAN_WORDS
                and not _INNER_COMMA_RE.search(content)):
            previous = [ln for ln in long_lines if ln.index < last.index]
            return bool(previous) and is_prose(previous[-1])
        return True

    def _cut(self, doc: Document, last: Line, offset: int, content: str, message: str,
             data: dict[str, str]) -> Finding:
        start = last.start + offset + fragment_start(content)
        end = last.start + offset + len(content)
        if start == last.start + offset:
            fix = Fix.delete_lines(doc, last.index, last.index,
                                   f"Delete the unfinished last line (line {last.index + 1})",
                                   Applicability.UNSAFE)
        else:
            fix = Fix("Trim the unfinished sentence at the end",
                      (Edit(start, end, ""),), Applicability.UNSAFE)
        return self.finding(start, end, message, fix=fix, data=data, marks=TRUNCATED)
