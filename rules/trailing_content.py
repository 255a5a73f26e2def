"""``unrelated-trailing-content``: teasers, blurbs and comments appended after the article."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from lint_corpus import text as textlib
from lint_corpus.document import Document
from lint_corpus.rule import Finding, Fix, Rule, Severity
from lint_corpus.trailer import TRAILER_OPTION, TrailerParameters, find_trailer, shows_furniture

#: The message quotes this much of the credit line the trailer follows: enough to recognise it.
_QUOTED_CHARS: Final = 40
#: Decimals of the trailer score in the report (scores are multiples of 0.25).
_SCORE_DECIMALS: Final = 2


class UnrelatedTrailingContent(Rule):
    """What it does
    Finds prose appended after the end of the article that is not part of it: teasers of
    other stories, "Most popular" blurbs, comment threads, newsletter pitches. The article's
    end is found from the document's shape: credit lines (source, editor, translator, author
    bio; "作者 王某" without a colon too) close the article and stay with it, except an
    editor's label right under the page's disclosure ("特别声明：…", "Notice: …"), which is
    the page's: the article ended before the disclosure. Prose that follows a closing
    credit, and short blurbs under a "related / most popular" marker, belong to other
    pages. Once page furniture (a share bar, "Follow us on …", "Comments") has been seen,
    prose after it counts as the article only if it is longer than a blurb or on the
    article's topic, so comment threads and pitches between buttons are found too. A long
    block in another script after the article is a translation, and is left alone. A part of
    the trailer with no real prose line (a copyright or disclosure line alone) is not
    reported here: it is furniture, for ``link-list``.

    Why is this bad?
    A scraper that keeps the whole page glues other articles onto this one. A model trained
    on it learns that stories end by changing subject mid-document, and retrieval returns
    passages that belong to a different story.

    Example
    Bad (the last two paragraphs are teasers of other articles, cut off mid-sentence):

        Taiwan is different from Ukraine: its security is indispensable to US interests.
        Given their shared interests, Taiwan and the US should build a stronger alliance.
        Lee Li-sheng is a graduate student at National Taiwan Normal University.
        Translated by Fion Khan
        There is much evidence that the CCP is sending soldiers from the PLA to support the
        On a quiet lane in Taipei's Daan District, an otherwise unremarkable high-rise is

    Good:

        Taiwan is different from Ukraine: its security is indispensable to US interests.
        Given their shared interests, Taiwan and the US should build a stronger alliance.
        Lee Li-sheng is a graduate student at National Taiwan Normal University.
        Translated by Fion Khan

    Fix
    Deletes the trailing content from its first line to the end of that part of the trailer
    (link lists inside the trailer are reported by ``link-list``). The byline, bio and
    translator credit stay. Safe: the span starts only where the article's end is evident, and
    only where the trailer up to it shows furniture (a marker, call to action or comment line,
    a list with evidence) or follows a strong closing credit: prose after short lines that
    only their shape marks may be the article's own (a recipe's method after its
    ingredients).

    Where the article ends is set once for this rule, ``truncated-document`` and
    ``link-list``: the config's ``[trailer]`` table (``threshold``, ``min-list-items``,
    ``on-topic-share``).
    """

    code = "LC102"
    name = "unrelated-trailing-content"
    summary = "Unrelated articles, teasers or comments appended after the article"
    severity = Severity.WARNING
    options_schema = {"type": "object", "properties": {"trailer": TRAILER_OPTION}}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.trailer = TrailerParameters.of_rule(self.options)

    def check(self, doc: Document) -> Iterator[Finding]:
        trailer = find_trailer(doc, self.trailer)
        if trailer is None:
            return
        for segment in trailer.segments:
            if segment.kind != "prose" or not shows_furniture(doc, trailer, segment):
                continue  # prose after a list of nothing but short lines may be the article's
            first, last = segment.first, segment.last
            after = (f" after “{textlib.shorten(trailer.anchor.content, _QUOTED_CHARS)}” "
                     f"(line {trailer.anchor.index + 1})"
                     if trailer.anchor is not None else "")
            lines = (f"line {first.index + 1}" if first is last else
                     f"lines {first.index + 1}–{last.index + 1}")
            yield self.finding(
                first.start, last.end,
                f"Content unrelated to the article follows its end{after}: "
                f"{textlib.counted(segment.items, 'line')} of teasers, blurbs or page text "
                f"({lines})",
                fix=Fix.delete_lines(doc, first.index, last.index,
                                     f"Delete the trailing content ({lines})"),
                data={"score": round(trailer.score, _SCORE_DECIMALS),
                      "threshold": self.trailer.threshold, "lines": segment.items},
            )
