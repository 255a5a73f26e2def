"""``html-residue``: tags, entities, comments and script/style blocks left in plain text."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Iterator
from html.entities import html5 as _HTML5_ENTITIES
from typing import Final, NamedTuple

import regex

from lint_corpus import lazy_regex
from lint_corpus.document import Document
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity

#: The cheap gate: nothing that could be markup, nothing to do.
_GATE_RE: Final = lazy_regex.compile(r"<[A-Za-z!/]|&#?[A-Za-z0-9]{1,32};")

#: Script, style and noscript blocks and comments are what
#: ``<(script|style|noscript)\b[^>]{0,2000}>.{0,200000}?</\1\s*>|<!--.{0,200000}?-->``
#: (case-insensitive, dot matching newlines) finds. ``_blocks`` finds the same spans without
#: the regex's cost on unclosed openers: each would scan 200,000 characters again.
_BLOCK_OPEN_RE: Final = lazy_regex.compile(r"<(?:(script|style|noscript)\b|!--)", regex.IGNORECASE)
_BLOCK_CLOSE_RE: Final[dict[str | None, lazy_regex.LazyPattern]] = {
    name: lazy_regex.compile(rf"</{name}\s*>", regex.IGNORECASE)
    for name in ("script", "style", "noscript")} | {None: lazy_regex.compile("-->")}
_MAX_OPEN_TAG: Final = 2000
_MAX_BLOCK: Final = 200000
_DECL_RE: Final = lazy_regex.compile(r"<!DOCTYPE\b[^<>]{0,500}>|<!\[CDATA\[|\]\]>",
                                     regex.IGNORECASE)
_ATTR: Final = (
    r"""[A-Za-z_:@][-\w:.]*"""
    r"""(?:\s*=\s*(?:"[^"<>]{0,2000}"|'[^'<>]{0,2000}'|[^\s"'=<>`]+))?"""
)
_TAG_RE: Final = lazy_regex.compile(
    rf"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9]{{0,15}})(?P<attrs>(?:\s+{_ATTR}){{0,50}})"
    r"\s*(?P<self>/)?>"
)
#: An entity, with the escapes of "&" before its name that double (or deeper) escaping left
#: (``&amp;amp;nbsp;``, ``&AMP;#38;lt;``): each level decodes to "&" followed by the rest,
#: so the whole chain is one token, decoded to a fixed point in one fix.
_ENTITY_RE: Final = lazy_regex.compile(
    r"&(?:(?:amp|AMP|#0{0,5}38|#[xX]0{0,4}26);)*(?P<ref>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_FENCE_RE: Final = lazy_regex.compile(r"^(`{3,}|~{3,}).*?^\1", regex.MULTILINE | regex.DOTALL)
#: Whitespace html.parser does not end a tag name at (NBSP, U+3000...): bs4 decides there.
_ODD_SPACE_RE: Final = re.compile(r"[^\S \t\n\r\f]")
_CHARREF_RE: Final = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+);")
#: Text for ``_Runs.text_before``: stdlib ``\S`` is exactly ``not str.isspace()``.
_TEXT_RE: Final = re.compile(r"\S")
#: Elements whose content html.parser (in some Python version) reads as raw text.
_RAW_TEXT: Final = frozenset(
    "script style textarea title xmp iframe noembed noframes noscript plaintext".split())

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
_LABELS: Final = {"tag": ("tag", "tags"), "entity": ("entity", "entities"),
                  "block": ("script/style/comment block", "script/style/comment blocks"),
                  "declaration": ("declaration", "declarations")}


class _Tag(NamedTuple):
    """A match of the tag pattern, its groups read once."""

    start: int
    end: int
    text: str
    close: bool
    name: str  # lowercased
    attrs: str
    slash: bool


class _Token(NamedTuple):
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
    #: Script and style blocks in Markdown are HTML blocks, which other rules never see.
    reads_markup = frozenset({"html"})
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
        tokens = self._tokens(doc, markdown)
        if not tokens:
            return
        edits = _token_edits(text, tokens, "\r\n" if "\r\n" in text else "\n")
        # Tokens are in order, so a line's tokens are consecutive: a line is looked up once,
        # at its first token (a token belongs to the line it starts on).
        first = 0
        line = doc.line_at(tokens[0].start)
        for position in range(1, len(tokens) + 1):
            if position == len(tokens) or tokens[position].start > line.end:
                yield self._finding(line.index + 1, tokens[first:position],
                                    edits[first:position])
                if position < len(tokens):
                    first = position
                    line = doc.line_at(tokens[position].start)

    def _tokens(self, doc: Document, markdown: bool) -> list[_Token]:
        text = doc.text
        md_html = markdown and not self.options["markdown-inline-html"]
        taken = _Spans(m.span() for m in _FENCE_RE.finditer(text)) if markdown else _Spans(())
        tokens: list[_Token] = []
        for start, end, name in _blocks(text):
            if taken.covers(start) or (md_html and name is None):
                continue  # a fenced code example, or a comment in Markdown
            tokens.append(_Token(start, end, "block", text[start:end]))
        taken = _Spans(list(taken.spans) + [(t.start, t.end) for t in tokens])
        if md_html:
            return tokens
        candidates = _find_tags(text)
        tags = [tag for tag in candidates if not (taken.spans and taken.covers(tag.start))]
        closing = {tag.name for tag in tags if tag.close}
        opening = {tag.name for tag in tags if not tag.close}
        parsed = _ParsedLines(doc, candidates)
        for tag in tags:
            name = tag.name
            if name not in _ELEMENTS:
                continue
            # "<b>" alone may be maths ("x<b>y") or a generic ("List<Object>"): only a
            # closing tag, attributes, an element that means nothing else, or a pair is markup.
            if not (tag.close or tag.attrs.strip() or name in _UNAMBIGUOUS
                    or (name in closing and name in opening)):
                continue
            if tag.close or parsed.confirms(tag):
                tokens.append(_Token(tag.start, tag.end, "tag", tag.text, name))
        for match in _declarations(text):
            if not taken.covers(match.start()):
                tokens.append(_Token(match.start(), match.end(), "declaration", match.group()))
        taken = _Spans(list(taken.spans) + [(t.start, t.end) for t in tokens])
        if self.options["entities"]:
            for match in _ENTITY_RE.finditer(text):
                ref = match.group(1)
                if taken.covers(match.start()) or not _known_entity(ref):
                    continue  # an entity inside a tag's attribute goes with the tag
                tokens.append(_Token(match.start(), match.end(), "entity", match.group(),
                                     ref.lower()))
        tokens.sort(key=lambda t: t.start)
        return tokens

    def _finding(self, line: int, group: list[_Token], edits: list[_Replacement]) -> Finding:
        kinds: dict[str, list[str]] = {}
        for token in group:
            short = token.text if len(token.text) <= 30 else token.text[:27] + "…"
            kinds.setdefault(token.kind, []).append(short.replace("\n", "⏎"))
        parts = []
        for kind, shown in kinds.items():
            unique = list(dict.fromkeys(shown))
            label = _LABELS[kind][len(shown) > 1]
            parts.append(f"{len(shown)} {label} ({', '.join(unique[:3])}"
                         f"{', …' if len(unique) > 3 else ''})")
        return self.finding(
            group[0].start, group[-1].end,
            f"HTML residue on line {line}: {'; '.join(parts)}",
            fix=Fix("Replace the markup by its text content", _merge(edits)),
            data={kind: len(shown) for kind, shown in kinds.items()},
        )


class _ParsedLines:
    """beautifulsoup4's verdict on each line that holds a candidate tag, parsed once.

    The regex finds exact spans (bs4 keeps no source offsets for end tags); bs4 decides
    whether a start tag really is markup: it must have built that element from the line.
    A stray end tag cannot be confirmed this way (bs4 drops it), so the regex verdict stands.

    Most lines of a scraped page are plain: every "<" on them opens a well-formed tag the
    pattern matched. On such a line html.parser builds exactly those start tags, so their
    names are the verdict and bs4 (by far the costliest step on a raw HTML page) is called
    only for the other lines. ``tests/equivalence/test_html_residue_tags.py`` checks the two agree.
    """

    def __init__(self, doc: Document, tags: Iterable[_Tag]) -> None:
        self.doc = doc
        self.text = doc.text
        #: Every tag-pattern match by its "<"; a match holds no other "<".
        self.tags = {tag.start: tag for tag in tags}
        self.elements: dict[int, frozenset[str]] = {}
        #: The line of the last tag looked up: (start, end).
        self._line = (0, -1)
        #: Lines handed to beautifulsoup4 (the others took the plain-line path).
        self.parsed = 0

    def confirms(self, tag: _Tag) -> bool:
        """Whether bs4 builds the start tag ``tag``."""
        position = tag.start
        if not self._line[0] <= position < self._line[1]:  # tags come in order: often same line
            line_start = self.doc.line_at(position).start
            line_end = self.text.find("\n", position)
            self._line = (line_start, line_end if line_end >= 0 else len(self.text))
        line_start = self._line[0]
        if line_start not in self.elements:
            line_end = self.text.find("\n", tag.end)
            end = line_end if line_end >= 0 else len(self.text)
            elements = self._plain_elements(line_start, end)
            if elements is None:
                # Imported here: most runs never reach a line the tag pattern cannot settle,
                # and bs4 is a sixth of the start-up a pre-commit hook run pays.
                from bs4 import BeautifulSoup

                self.parsed += 1
                soup = BeautifulSoup(self.text[line_start:end], "html.parser")
                elements = frozenset(tag.name for tag in soup.find_all(True))
            self.elements[line_start] = elements
        return tag.name in self.elements[line_start]

    def _plain_elements(self, start: int, end: int) -> frozenset[str] | None:
        """The start tags' names when every "<" in ``text[start:end]`` opens a tag that
        html.parser reads as the pattern does; None when only bs4 can tell.

        Plain means: every "<" opens a matched tag or a simple comment (no "--" inside), no
        "&#" between tags that is not a character reference (html.parser stops parsing at
        a malformed one), no whitespace inside a tag that html.parser does not end a name
        at (NBSP, U+3000), and a raw-text element (script, style...) closed right away or
        left open to the segment's end. A tag cut by the segment's end is not an element:
        html.parser reads it as text. Only constructs every html.parser version reads
        alike count as plain.
        """
        text = self.text
        names: set[str] = set()
        # Without any "&#" in the segment no stretch of it holds a malformed one.
        charrefs = text.find("&#", start, end) >= 0
        data = start
        position = text.find("<", start, end)
        while position >= 0:
            if charrefs and _bad_charref(text, data, position):
                return None
            tag = self.tags.get(position)
            if tag is None:
                data = _comment_end(text, position, end)
                if data < 0:
                    return None  # "a < b", "<!DOCTYPE", "<![endif]", an odd comment
                position = text.find("<", data, end)
                continue
            if _ODD_SPACE_RE.search(text, position, min(tag.end, end)):
                return None
            if tag.end > end:
                return frozenset(names)  # the last "<" of the segment: nothing follows it
            data = tag.end
            if not tag.close:
                names.add(tag.name)
                if tag.name in _RAW_TEXT:
                    # Its content is text up to the first end tag of the same name.
                    position = text.find("<", data, end)
                    if position < 0:
                        return frozenset(names)  # open to the end: no more markup
                    closing = self.tags.get(position)
                    if closing is None or closing.end > end or not closing.close \
                            or closing.name != tag.name or closing.attrs or closing.slash \
                            or _ODD_SPACE_RE.search(closing.text):
                        return None
                    data = closing.end
            position = text.find("<", data, end)
        return None if charrefs and _bad_charref(text, data, end) else frozenset(names)


def _comment_end(text: str, start: int, end: int) -> int:
    """Where the comment opening at ``start`` ends, if it is a plain ``<!-- … -->`` inside
    ``text[:end]``: nothing in it ("--", a leading ">" or "->") that html.parser versions
    read differently. Otherwise -1."""
    if not text.startswith("<!--", start, end):
        return -1
    close = text.find("-->", start + 4, end)
    if close < 0 or text.startswith((">", "->"), start + 4) or "--" in text[start + 4 : close]:
        return -1
    return close + 3


def _find_tags(text: str) -> list[_Tag]:
    """Every match of the tag pattern."""
    # Groups by number: the regex module looks names up slowly, and a page has thousands.
    return [_Tag(*m.span(), m.group(), bool(close), name.lower(), attrs, bool(slash))
            for m in _TAG_RE.finditer(text) for close, name, attrs, slash in [m.groups()]]


def _blocks(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, element name or None for a comment) of each script, style or noscript
    block and each comment, left to right; see ``_BLOCK_OPEN_RE``.

    Each opener is closed by the first closer after it, if that lies close enough. The first
    ">" and the first closer of each kind after a position stay first for every later
    position before them, so each is searched for once per position it is found at, and
    the work stays linear however many openers are never closed.
    """
    found: list[tuple[int, int, str | None]] = []
    done = 0  # the end of the last block: openers inside it are text
    gt = -2  # the first ">" at or after the last position asked about (-1: none)
    closers: dict[str | None, tuple[int, int]] = {}  # kind -> first closer, (-1, -1): none
    for opener in _BLOCK_OPEN_RE.finditer(text):
        if opener.start() < done:
            continue
        name = opener.group(1)
        body = opener.end()
        if name is not None:
            if gt == -2 or 0 <= gt < body:
                gt = text.find(">", body)
            if gt < 0 or gt - body > _MAX_OPEN_TAG:
                continue
            body = gt + 1
            name = name.lower()
        closer = closers.get(name)
        if closer is None or 0 <= closer[0] < body:
            match = _BLOCK_CLOSE_RE[name].search(text, body)
            closer = closers[name] = match.span() if match is not None else (-1, -1)
        if closer[0] < 0 or closer[0] - body > _MAX_BLOCK:
            continue
        found.append((opener.start(), closer[1], opener.group(1)))
        done = closer[1]
    return found


def _declarations(text: str) -> list[regex.Match[str]]:
    """What ``_DECL_RE.finditer(text)`` finds, tried only where a match can start.

    Every alternative begins with "<!" or "]]>", so the pattern is matched at each of those,
    left to right, skipping the ones inside the last match as ``finditer`` does. Case-
    insensitive ``regex`` scans the whole page several times slower than ``str.find``.
    """
    candidates = sorted(_occurrences(text, "<!") + _occurrences(text, "]]>"))
    found: list[regex.Match[str]] = []
    done = 0
    for position in candidates:
        if position < done:
            continue
        match = _DECL_RE.match(text, position)
        if match is not None:
            found.append(match)
            done = match.end()
    return found


def _occurrences(text: str, needle: str) -> list[int]:
    """The start of every occurrence of ``needle`` (overlapping ones too)."""
    found = []
    position = text.find(needle)
    while position >= 0:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _bad_charref(text: str, start: int, end: int) -> bool:
    """A "&#" in ``text[start:end]`` that does not begin a well-formed character reference."""
    position = text.find("&#", start, end)
    while position >= 0:
        if not _CHARREF_RE.match(text, position, end):
            return True
        position = text.find("&#", position + 2, end)
    return False


def _known_entity(ref: str) -> bool:
    if ref.startswith("#"):
        try:
            value = int(ref[2:], 16) if ref[1:2] in "xX" else int(ref[1:])
        except ValueError:
            return False
        return 0 < value <= 0x10FFFF
    return f"{ref};" in _HTML5_ENTITIES


def _unescape(entity: str) -> str:
    """Decode ``&amp;amp;nbsp;`` all the way; space entities give a plain space.

    Each level of the chain decodes the leading escape of "&" (``html.unescape`` reads one
    entity at a time, left to right), so all levels but the last leave "&" and the name:
    decoding ``&nbsp;`` directly gives the same, in one step instead of one pass per level
    over the whole chain (quadratic on a megabyte of ``&amp;amp;…``)."""
    inner = entity.rfind(";", 0, len(entity) - 1)
    current = "&" + entity[inner + 1 :] if inner >= 0 else entity
    while True:
        if current.startswith("&") and current[1:-1].lower() in _SPACE_ENTITIES:
            return " "
        decoded = html.unescape(current)
        if decoded == current:
            return current
        current = decoded


class _Runs:
    """The tokens' spans joined where they touch or overlap: what the fix treats as markup.

    A position is covered by a token exactly when it lies in a run, and a token's neighbour
    position is covered exactly when the token does not start (or end) its run, so the
    questions an edit asks about its surroundings are answered from the token's run alone,
    instead of a binary search per position. Tokens are sorted and apart, except a "]]>"
    declaration that ends a tag (``<a href=x]]>``), which lies inside it
    (``tests/equivalence/test_html_residue_edits.py`` checks both, and that the edits equal those
    computed from the sorted spans by definition).
    """

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        #: The run of each token, by the token's position in ``tokens``.
        self.of: list[int] = []
        for token in tokens:  # sorted by start
            if self.ends and token.start <= self.ends[-1]:
                if token.end > self.ends[-1]:
                    self.ends[-1] = token.end
            else:
                self.starts.append(token.start)
                self.ends.append(token.end)
            self.of.append(len(self.starts) - 1)
        #: ``text_before`` / ``text_after`` by run: a walk over a row of runs separated by
        #: spaces gives every run it passes the same answer, so each gap is read once.
        self._before: list[bool | None] = [None] * len(self.starts)
        self._after: list[bool | None] = [None] * len(self.starts)

    def text_before(self, run: int) -> bool:
        """Whether non-space text outside the runs lies on the same line before ``run``;
        a run is skipped whole, even one holding a line break."""
        text, starts, ends, memo = self.text, self.starts, self.ends, self._before
        visited = []
        index = run
        while True:
            known = memo[index]
            if known is not None:
                found = known
                break
            visited.append(index)
            low = ends[index - 1] if index > 0 else 0
            newline = text.rfind("\n", low, starts[index])
            found = _TEXT_RE.search(text, newline + 1 if newline >= 0 else low,
                                    starts[index]) is not None
            if found or newline >= 0 or index == 0:
                break
            index -= 1  # only spaces since the previous run: look past it
        for index in visited:
            memo[index] = found
        return found

    def text_after(self, run: int) -> bool:
        """``text_before``'s mirror: non-space text after ``run`` on the same line."""
        text, starts, ends, memo = self.text, self.starts, self.ends, self._after
        visited = []
        index = run
        while True:
            known = memo[index]
            if known is not None:
                found = known
                break
            visited.append(index)
            stop = starts[index + 1] if index + 1 < len(starts) else len(text)
            newline = text.find("\n", ends[index], stop)
            found = _TEXT_RE.search(text, ends[index],
                                    stop if newline < 0 else newline) is not None
            if found or newline >= 0 or index + 1 == len(starts):
                break
            index += 1
        for index in visited:
            memo[index] = found
        return found


#: An edit before it becomes an ``Edit``: (start, end, replacement).
_Replacement = tuple[int, int, str]


def _token_edits(text: str, tokens: list[_Token], newline: str) -> list[_Replacement]:
    """The edit that removes each token, in the order of ``tokens``.

    A tag or declaration is deleted, a line-breaking tag between text on one line becomes a
    line break, and an entity becomes its character.

    The edits come out in ``Edit`` order (by start, then end and replacement), with strictly
    increasing starts: tokens are sorted by start, and an edit only widens over spaces that
    no token covers, so it starts after the previous run's end (and past the previous
    token's start) when its token starts a run, and at its token's start otherwise.
    """
    runs = _Runs(text, tokens)
    starts, ends = runs.starts, runs.ends
    length = len(text)
    edits: list[_Replacement] = []
    for token, run in zip(tokens, runs.of, strict=True):
        start, end = token.start, token.end
        if token.kind == "entity":
            replacement = _unescape(token.text)
            if replacement == " " and (text[start - 1 : start] == " "
                                       or text[end : end + 1] == " "):
                replacement = ""  # "and &nbsp;x" becomes "and x"
            edits.append((start, end, replacement))
            continue
        # The positions just outside the token are covered when it does not start or end
        # its run (a run is what its tokens cover, and runs are apart).
        covered_before = start > starts[run]
        covered_after = end < ends[run]
        if (token.kind == "tag" and token.name in _LINE_BREAKING
                and runs.text_before(run) and runs.text_after(run)):
            # The line break replaces the spaces around the tag, so no trailing space is
            # left. Up to the neighbouring runs, nothing is covered.
            if not covered_before:
                floor = ends[run - 1] if run > 0 else 0
                while start > floor and text[start - 1] in " \t":
                    start -= 1
            if not covered_after:
                ceiling = starts[run + 1] if run + 1 < len(starts) else length
                while end < ceiling and text[end] in " \t":
                    end += 1
            edits.append((start, end, newline))
            continue
        if (0 < start and end < length and text[start - 1] == " " and text[end] == " "
                and not covered_after):
            end += 1  # "a <img> b" becomes "a b", not "a  b"
        edits.append((start, end, ""))
    return edits


def _merge(edits: list[_Replacement]) -> tuple[Edit, ...]:
    """Join edits, given in ``Edit`` order (see ``_token_edits``), whose widened spans (only
    whitespace) touch or overlap."""
    merged: list[_Replacement] = []
    for start, end, replacement in edits:
        if merged and start <= merged[-1][1]:
            last_start, last_end, last_replacement = merged[-1]
            # An edit inside the last one adds nothing; one reaching past it adds its text.
            merged[-1] = (last_start, max(last_end, end),
                          last_replacement + replacement if last_end <= end
                          else last_replacement)
        else:
            merged.append((start, end, replacement))
    return tuple(Edit(start, end, replacement) for start, end, replacement in merged)


class _Spans:
    """Sorted spans with a logarithmic membership test (the last span starting at or before
    an offset is the one asked about)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and self.spans[index][0] <= offset < self.spans[index][1]
