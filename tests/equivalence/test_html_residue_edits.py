"""html-residue's findings and edits equal the straightforward definition they were sped up
from: each token's edit asks a sorted list of spans about its surroundings (is the position
covered? is there text on the line before and after, skipping spans whole?), the edits of
a line are sorted and merged, and the declarations are every match of their pattern.
"""

from __future__ import annotations

import bisect
import re
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from lint_corpus_rules import html_residue
from lint_corpus_rules.html_residue import HtmlResidue

from lint_corpus.document import Document
from lint_corpus.rule import Edit, Finding, Fix

FRAGMENTS = [
    "<p>", "</p>", "<br>", "<br/>", "<hr>", '<div class="x">', "</div>", "<li>", "<img src=a>",
    "<b>", "</b>", "<span>", "<a href=x]]>", "]]>", "<![CDATA[", "<!DOCTYPE html>",
    "<!-- c -->", "<!--\n-->", "<script>x</script>", "<style>\n</style>", "&nbsp;", "&amp;",
    "&#8217;", "&amp;nbsp;", "&#160;", " ", "  ", "\t", "\u00a0", "\n", "\n", "\r\n",
    "text", "中文", "a < b", "x", "```\n",
]
TEXT_RE = re.compile(r"\S")


class ReferenceSpans:
    """Sorted spans: membership and "text on the line", by the definition."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and self.spans[index][0] <= offset < self.spans[index][1]

    def has_text(self, text: str, offset: int, step: int) -> bool:
        """Non-space text outside the spans on the same line in direction ``step``; a span
        is skipped whole, even one holding a line break."""
        index = offset - 1 if step < 0 else offset
        while 0 <= index < len(text):
            slot = bisect.bisect_right(self.starts, index) - 1
            if slot >= 0 and index < self.spans[slot][1]:
                index = self.spans[slot][1] if step > 0 else self.spans[slot][0] - 1
                continue
            if text[index] == "\n":
                return False
            if TEXT_RE.match(text[index]):
                return True
            index += step
        return False


def reference_edit(text: str, token: html_residue._Token, covered: ReferenceSpans,
                   newline: str) -> Edit:
    if token.kind == "entity":
        replacement = html_residue._unescape(token.text)
        if replacement == " " and (text[token.start - 1 : token.start] == " "
                                   or text[token.end : token.end + 1] == " "):
            replacement = ""
        return Edit(token.start, token.end, replacement)
    start, end = token.start, token.end
    if (token.kind == "tag" and token.name in html_residue._LINE_BREAKING
            and covered.has_text(text, start, -1) and covered.has_text(text, end, 1)):
        while start > 0 and text[start - 1] in " \t" and not covered.covers(start - 1):
            start -= 1
        while end < len(text) and text[end] in " \t" and not covered.covers(end):
            end += 1
        return Edit(start, end, newline)
    if (0 < start and end < len(text) and text[start - 1] == " " and text[end] == " "
            and not covered.covers(end)):
        end += 1
    return Edit(start, end, "")


def reference_merge(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in sorted(edits):
        if merged and edit.start <= merged[-1].end:
            last = merged.pop()
            start = max(edit.start, last.end)
            merged.append(Edit(last.start, max(last.end, edit.end),
                               last.replacement + edit.replacement if start <= edit.end
                               else last.replacement))
        else:
            merged.append(edit)
    return merged


def reference_findings(rule: HtmlResidue, doc: Document) -> list[Finding]:
    """One finding per line with tokens, from the rule's own tokens."""
    text = doc.text
    if not html_residue._GATE_RE.search(text):
        return []
    tokens = rule._tokens(doc, doc.path.endswith(".md"))
    covered = ReferenceSpans([(t.start, t.end) for t in tokens])
    newline = "\r\n" if "\r\n" in text else "\n"
    by_line: dict[int, list[html_residue._Token]] = {}
    for token in tokens:
        by_line.setdefault(doc.line_at(token.start).index, []).append(token)
    findings = []
    for index, group in by_line.items():
        edits = reference_merge([reference_edit(text, t, covered, newline) for t in group])
        kinds: dict[str, list[str]] = {}
        for token in group:
            short = token.text if len(token.text) <= 30 else token.text[:27] + "…"
            kinds.setdefault(token.kind, []).append(short.replace("\n", "⏎"))
        parts = []
        for kind, shown in kinds.items():
            unique = list(dict.fromkeys(shown))
            label = html_residue._LABELS[kind][len(shown) > 1]
            parts.append(f"{len(shown)} {label} ({', '.join(unique[:3])}"
                         f"{', …' if len(unique) > 3 else ''})")
        findings.append(rule.finding(
            group[0].start, group[-1].end,
            f"HTML residue on line {index + 1}: {'; '.join(parts)}",
            fix=Fix("Replace the markup by its text content", tuple(edits)),
            data={kind: len(shown) for kind, shown in kinds.items()},
        ))
    return findings


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=24),
       st.sampled_from(["page.txt", "page.md"]))
def test_findings_equal_the_definition(fragments: list[str], path: str) -> None:
    rule = HtmlResidue()
    doc = Document("".join(fragments), path)
    assert list(rule.check(doc)) == reference_findings(rule, Document(doc.text, path))


def test_the_definition_sees_the_cases_that_matter() -> None:
    """The generated texts reach line breaks, widening and merged edits (else the
    comparison above would prove little)."""
    rule = HtmlResidue()
    text = "a <p> b&nbsp; <br> c\n<a href=x]]> d <img src=a> e\n\t<div class=x></div>"
    edits = [edit for f in reference_findings(rule, Document(text)) if f.fix is not None
             for edit in f.fix.edits]
    assert Edit(1, 6, "\n") in edits  # a line break, widened over the spaces around it
    assert any(edit.replacement == "" and edit.end - edit.start == len("<a href=x]]>")
               for edit in edits)  # the tag and the declaration inside it, merged
    assert [f.fix for f in rule.check(Document(text))] == [
        f.fix for f in reference_findings(rule, Document(text))]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=24))
def test_tokens_overlap_only_as_a_declaration_ending_a_tag(fragments: list[str]) -> None:
    """Why the runs of ``_token_edits`` answer as the sorted spans do: tokens are sorted and
    apart, except "]]>" matched at the end of a tag such as ``<a href=x]]>``."""
    text = "".join(fragments)
    tokens = HtmlResidue()._tokens(Document(text), False)
    assert [t.start for t in tokens] == sorted({t.start for t in tokens})
    for first, second in combinations(tokens, 2):
        assert first.end <= second.start or (
            second.kind == "declaration" and second.end == first.end), (first, second)


DECL_FRAGMENTS = ["<!DOCTYPE html>", "<!doctype x", "<!DOCTYPE", "<![CDATA[", "]]>", "]]",
                  "]", ">", "<", "<!", "<!-- -->", "x", "\n", "DOCTYPE", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DECL_FRAGMENTS), max_size=16))
def test_declaration_scan_equals_finditer(fragments: list[str]) -> None:
    text = "".join(fragments)
    assert [m.span() for m in html_residue._declarations(text)] == [
        m.span() for m in html_residue._DECL_RE.finditer(text)]
