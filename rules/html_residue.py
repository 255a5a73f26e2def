"""``html-residue``: tags, entities, comments and script/style blocks left in plain text."""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.entities import html5 as _HTML5_ENTITIES
from typing import Final

import regex
from bs4 import BeautifulSoup

from lint_corpus.document import Document
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity

#: The cheap gate: nothing that could be markup, nothing to do.
_GATE_RE: Final = regex.compile(r"<[A-Za-z!/]|&#?[A-Za-z0-9]{1,32};")

_BLOCK_RE: Final = regex.compile(
    r"<(script|style|noscript)\b[^>]{0,2000}>.{0,200000}?</\1\s*>|<!--.{0,200000}?-->",
    regex.IGNORECASE | regex.DOTALL,
)
_DECL_RE: Final = regex.compile(r"<!DOCTYPE\b[^<>]{0,500}>|<!\[CDATA\[|\]\]>", regex.IGNORECASE)
_ATTR: Final = (
    r"""[A-Za-z_:@][-\w:.]*"""
    r"""(?:\s*=\s*(?:"[^"<>]{0,2000}"|'[^'<>]{0,2000}'|[^\s"'=<>`]+))?"""
)
_TAG_RE: Final = regex.compile(
    rf"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9]{{0,15}})(?P<attrs>(?:\s+{_ATTR}){{0,50}})"
    r"\s*(?P<self>/)?>"
)
_ENTITY_RE: Final = regex.compile(
    r"&(?:amp;)*(?P<ref>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_FENCE_RE: Final = regex.compile(r"^(`{3,}|~{3,}).*?^\1", regex.MULTILINE | regex.DOTALL)

#: HTML elements. An element name between angle brackets is not yet markup: "x<b>y" and
#: "List<Object>" are not. See ``_is_markup``.
_ELEMENTS: Final = frozenset("""
a abbr address area article aside audio b base bdi bdo big blockquote body br button canvas
caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt em
embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head
header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu
meta meter nav noscript object ol optgroup option output p param picture pre progress q rp
rt ruby s samp script section select small source span strike strong style sub summary sup
svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr
""".split())
#: Elements that are markup even alone and without attributes: nobody writes "<div>" or
#: "<br>" in prose or code for anything else.
_UNAMBIGUOUS: Final = frozenset("""
p br hr div span img li ul ol table tr td th tbody thead tfoot h1 h2 h3 h4 h5 h6 section
article header footer nav aside blockquote iframe font center strong em sup sub small
figure figcaption html head body meta link wbr dl dt dd pre script style noscript
""".split())
#: Elements that break a line: replaced by a newline when they sit between text on one line.
_LINE_BREAKING: Final = frozenset("""
p br hr div li ul ol table tr h1 h2 h3 h4 h5 h6 section article header footer nav aside
blockquote figure figcaption pre dl dt dd tbody thead tfoot
""".split())
#: Entities for spaces become a plain space: in scraped text they are layout, not typography.
_SPACE_ENTITIES: Final = frozenset({"nbsp", "#160", "#xa0", "ensp", "emsp", "thinsp"})


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    kind: str  # "tag", "entity", "block" (script/style/comment), "declaration"
    text: str
    name: str = ""


class HtmlResidue(Rule):
    """What it does
    Finds HTML left in plain text: tags (``<p>``, ``<br/>``, ``<div class="…">``), character
    entities (``&nbsp;``, ``&#8217;``, ``&amp;``, and double-escaped ``&amp;amp;``),
    ``<script>``/``<style>`` blocks with their content, and HTML comments. A tag counts only
    when it is clearly markup: a known element with attributes, a closing tag, an element
    that means nothing else (``<div>``, ``<br>``), or an opening and closing pair — so "a <
    b", "<3", "<name@example.com>", "x<y>z" and "List<Object>" are left alone; and a start
    tag must be one that beautifulsoup4 builds an element from when it parses the line (a
    cheap pattern finds the candidates and their exact spans first). In Markdown
    files (``.md``) inline HTML and entities are valid syntax and are not reported (set
    ``markdown-inline-html``); script and style blocks outside code fences still are.

    Why is this bad?
    Markup is not text: a model trained on it learns to emit tags in the middle of prose,
    entities split words ("don&#8217;t"), and script and style blocks are long runs of code
    inside an article. Findings are grouped per line.

    Example
    Bad:

        <p>Taiwan&#8217;s defence budget rose again.<br/>The vote is next week.</p>

    Good:

        Taiwan’s defence budget rose again.
        The vote is next week.

    Fix
    Replaces each tag by its text content: nothing, or a line break for a block tag such as
    ``<br>`` or ``</p>`` between text on one line. Entities become the characters they
    stand for (space entities a plain space). Script and style blocks and comments are
    deleted entirely. Safe.
    """

    code = "LC202"
    name = "html-residue"
    summary = "HTML tags, entities, comments, script/style blocks left in plain text"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "markdown-inline-html": {
                "type": "boolean", "default": False,
                "description": "in .md files, also report inline HTML tags, entities and "
                               "comments (off: they are valid Markdown)",
            },
            "entities": {
                "type": "boolean", "default": True,
                "description": "report character entities (&nbsp; &#8217; &amp;)",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if not _GATE_RE.search(text):
            return
        markdown = doc.path.lower().endswith((".md", ".markdown"))
        tokens = self._tokens(text, markdown)
        if not tokens:
            return
        by_line: dict[int, list[_Token]] = {}
        for token in tokens:
            by_line.setdefault(doc.line_at(token.start).index, []).append(token)
        covered = _Spans((t.start, t.end) for t in tokens)
        newline = "\r\n" if "\r\n" in text else "\n"
        for group in by_line.values():
            yield self._finding(doc, group, covered, newline)

    def _tokens(self, text: str, markdown: bool) -> list[_Token]:
        md_html = markdown and not self.options["markdown-inline-html"]
        taken = _Spans(m.span() for m in _FENCE_RE.finditer(text)) if markdown else _Spans(())
        tokens: list[_Token] = []
        for match in _BLOCK_RE.finditer(text):
            if taken.covers(match.start()) or (md_html and match.group(1) is None):
                continue  # a fenced code example, or a comment in Markdown
            tokens.append(_Token(match.start(), match.end(), "block", match.group()))
        taken = _Spans(list(taken.spans) + [(t.start, t.end) for t in tokens])
        if md_html:
            return tokens
        tags = [m for m in _TAG_RE.finditer(text) if not taken.covers(m.start())]
        closing = {m.group("name").lower() for m in tags if m.group("close")}
        opening = {m.group("name").lower() for m in tags if not m.group("close")}
        parsed = _ParsedLines(text)
        for match in tags:
            if _is_markup(match, opening, closing) and parsed.confirms(match):
                tokens.append(_Token(match.start(), match.end(), "tag", match.group(),
                                     match.group("name").lower()))
        for match in _DECL_RE.finditer(text):
            if not taken.covers(match.start()):
                tokens.append(_Token(match.start(), match.end(), "declaration", match.group()))
        taken = _Spans(list(taken.spans) + [(t.start, t.end) for t in tokens])
        if self.options["entities"]:
            for match in _ENTITY_RE.finditer(text):
                ref = match.group("ref")
                if taken.covers(match.start()) or not _known_entity(ref):
                    continue  # an entity inside a tag's attribute goes with the tag
                tokens.append(_Token(match.start(), match.end(), "entity", match.group(),
                                     ref.lower()))
        tokens.sort(key=lambda t: t.start)
        return tokens

    def _finding(self, doc: Document, group: list[_Token], covered: _Spans,
                 newline: str) -> Finding:
        text = doc.text
        edits = _merge([self._edit(text, token, covered, newline) for token in group])
        kinds: dict[str, list[str]] = {}
        for token in group:
            short = token.text if len(token.text) <= 30 else token.text[:27] + "…"
            kinds.setdefault(token.kind, []).append(short.replace("\n", "⏎"))
        labels = {"tag": ("tag", "tags"), "entity": ("entity", "entities"),
                  "block": ("script/style/comment block", "script/style/comment blocks"),
                  "declaration": ("declaration", "declarations")}
        parts = []
        for kind, shown in kinds.items():
            unique = list(dict.fromkeys(shown))
            label = labels[kind][len(shown) > 1]
            parts.append(f"{len(shown)} {label} ({', '.join(unique[:3])}"
                         f"{', …' if len(unique) > 3 else ''})")
        line = doc.line_at(group[0].start).index + 1
        return self.finding(
            group[0].start, group[-1].end,
            f"HTML residue on line {line}: {'; '.join(parts)}",
            fix=Fix("Replace the markup by its text content", tuple(edits)),
            data={kind: len(shown) for kind, shown in kinds.items()},
        )

    def _edit(self, text: str, token: _Token, covered: _Spans, newline: str) -> Edit:
        if token.kind == "entity":
            replacement = _unescape(token.text)
            if replacement == " " and (text[token.start - 1 : token.start] == " "
                                       or text[token.end : token.end + 1] == " "):
                replacement = ""  # "and &nbsp;x" becomes "and x"
            return Edit(token.start, token.end, replacement)
        start, end = token.start, token.end
        breaks = (token.kind == "tag" and token.name in _LINE_BREAKING
                  and _has_text(text, start, -1, covered) and _has_text(text, end, 1, covered))
        if breaks:
            # The line break replaces the spaces around the tag, so no trailing space is left.
            while start > 0 and text[start - 1] in " \t" and not covered.covers(start - 1):
                start -= 1
            while end < len(text) and text[end] in " \t" and not covered.covers(end):
                end += 1
            return Edit(start, end, newline)
        if (0 < start and end < len(text) and text[start - 1] == " " and text[end] == " "
                and not covered.covers(end)):
            end += 1  # "a <img> b" becomes "a b", not "a  b"
        return Edit(start, end, "")


class _ParsedLines:
    """beautifulsoup4's verdict on each line that holds a candidate tag, parsed once.

    The regex finds exact spans (bs4 keeps no source offsets for end tags); bs4 decides
    whether a start tag really is markup: it must have built that element from the line.
    A stray end tag cannot be confirmed this way (bs4 drops it), so the regex verdict stands.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.elements: dict[int, frozenset[str]] = {}

    def confirms(self, match: regex.Match[str]) -> bool:
        if match.group("close"):
            return True
        line_start = self.text.rfind("\n", 0, match.start()) + 1
        if line_start not in self.elements:
            line_end = self.text.find("\n", match.end())
            line = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
            soup = BeautifulSoup(line, "html.parser")
            self.elements[line_start] = frozenset(tag.name for tag in soup.find_all(True))
        return match.group("name").lower() in self.elements[line_start]


def _is_markup(match: regex.Match[str], opening: set[str], closing: set[str]) -> bool:
    name = match.group("name").lower()
    if name not in _ELEMENTS:
        return False
    if match.group("close") or match.group("attrs").strip() or name in _UNAMBIGUOUS:
        return True
    # "<b>" alone may be maths ("x<b>y") or a generic ("List<Object>"): only a pair is markup.
    return name in closing and name in opening


def _known_entity(ref: str) -> bool:
    if ref.startswith("#"):
        try:
            value = int(ref[2:], 16) if ref[1:2] in "xX" else int(ref[1:])
        except ValueError:
            return False
        return 0 < value <= 0x10FFFF
    return f"{ref};" in _HTML5_ENTITIES


def _unescape(entity: str) -> str:
    """Decode ``&amp;amp;nbsp;`` all the way; space entities give a plain space."""
    current = entity
    while True:
        if current.startswith("&") and current[1:-1].lower() in _SPACE_ENTITIES:
            return " "
        decoded = html.unescape(current)
        if decoded == current:
            return current
        current = decoded


def _merge(edits: list[Edit]) -> list[Edit]:
    """Join edits whose widened spans (only whitespace) touch or overlap."""
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


class _Spans:
    """Sorted, non-overlapping spans with a logarithmic membership test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and self.spans[index][0] <= offset < self.spans[index][1]:
            return self.spans[index]
        return None

    def covers(self, offset: int) -> bool:
        return self.at(offset) is not None


def _has_text(text: str, offset: int, step: int, covered: _Spans) -> bool:
    """True when non-space text outside any markup lies on the same line in direction ``step``."""
    index = offset - 1 if step < 0 else offset
    while 0 <= index < len(text) and text[index] != "\n":
        span = covered.at(index)
        if span is not None:
            index = span[0] - 1 if step < 0 else span[1]
            continue
        if not text[index].isspace():
            return True
        index += step
    return False
