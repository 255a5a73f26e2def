"""HTML pages: their text, extracted with lxml as the page is parsed, one block per line.

Block elements (paragraphs, headings, list items, table rows, ``<br>``…) each start a new line,
with a blank line around paragraph-like blocks, so that the rules see paragraphs, bullet items
and link-list lines as a browser would show them. Scripts, styles and other non-text elements
are left out. Markup cannot be rebuilt from cleaned text, so ``fix`` writes the cleaned text as
a ``.txt`` file beside the mirrored path (``page.html`` -> ``page.txt``), and ``--in-place``
refuses HTML inputs. Each text line knows the page line it came from, so that findings point
into the page.
"""

from __future__ import annotations

import io
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lint_corpus.corpus import Decoded, FieldOptions, FormatError, Item
from lint_corpus.corpus.plain import (
    UTF16_BOMS,
    UTF32_BOMS,
    PlainFormat,
    PlainReader,
    PlainText,
    PlainWriter,
)

SUFFIXES = (".html", ".htm", ".xhtml")
#: Elements whose text is not page text.
SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "math",
                     "iframe", "object", "canvas", "button", "select", "textarea", "input"})
#: Elements that start a paragraph: a blank line before and after.
PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                        "table", "ul", "ol", "dl", "figure", "section", "article", "header",
                        "footer", "aside", "nav", "main", "form", "hr", "address", "details"})
#: Elements that start a line of their own.
LINES = frozenset({"div", "li", "dt", "dd", "tr", "br", "figcaption", "caption", "summary",
                   "option", "legend", "fieldset", "center", "body", "title"})
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_LINE_END = re.compile(rb"\r\n?|\n")
#: Elements whose strings beautifulsoup4 gives a type of their own (ruby annotations, scripts,
#: styles, templates), so that the extraction this one replaced left them out: so does this one.
CONTAINERS = frozenset({"rt", "rp", "script", "style", "template"})
#: Bytes fed to the parser at a time when lines cannot be split out of the encoded bytes
#: (UTF-16 and UTF-32): beautifulsoup4's chunk size, with which its output was recorded.
CHUNK_BYTES = 512
#: Encodings in which a line end is not the single byte it is in ASCII.
_WIDE_ENCODINGS = ("utf-16", "utf_16", "utf-32", "utf_32", "utf16", "utf32")


@dataclass(frozen=True)
class Extracted:
    """A page's text, and for each of its lines the 1-based line of the page it came from
    (``None`` when the page's encoding hides its line ends from the parser: UTF-16, UTF-32)."""

    text: str
    source_lines: array[int] | None


def extract_text(data: bytes) -> str:
    """The page's visible text, one block element per line, paragraphs separated by a blank
    line. Runs of whitespace inside a block collapse to one space, as browsers render them."""
    return extract(data).text


def extract(data: bytes) -> Extracted:
    """The page's text (see ``extract_text``) and the page line each text line came from.

    The page is parsed by lxml (libxml2's HTML parser) as a stream of events into a handler
    that keeps only the text, so memory follows the text, not the number of elements (a tree
    of 2 MB of ``<p>x</p>`` took ~270 MB). The encoding is chosen as beautifulsoup4 does (a
    byte-order mark, then a declared charset, then detection), trying the next one when
    libxml2 rejects the bytes.
    """
    from bs4.dammit import EncodingDetector
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    detector = EncodingDetector(data, is_html=True)
    failure: Exception | None = None
    for encoding in detector.encodings:
        handler = _TextHandler()
        parser = etree.HTMLParser(target=handler, recover=True, encoding=encoding)
        try:
            if encoding.lower().startswith(_WIDE_ENCODINGS):
                handler.lines_known = False
                for start in range(0, len(detector.markup), CHUNK_BYTES):
                    parser.feed(detector.markup[start : start + CHUNK_BYTES])
            else:
                for number, line in enumerate(_lines(detector.markup), 1):
                    handler.source_line = number
                    parser.feed(line)
            if not detector.markup:
                parser.feed(b"")
            parser.close()
        except (UnicodeDecodeError, LookupError, etree.ParserError) as exc:
            failure = exc
            continue
        return handler.result()
    raise ValueError(f"no encoding could decode the page ({failure})")


def _lines(data: bytes) -> Iterator[bytes]:
    """``data``'s lines with their ends ("\\n", "\\r\\n" or a lone "\\r", as ``Document``
    counts lines), one at a time (``bytes.splitlines`` would copy them all at once)."""
    start = 0
    for match in _LINE_END.finditer(data):
        yield data[start : match.end()]
        start = match.end()
    if start < len(data):
        yield data[start:]


class _TextHandler:
    """An lxml parser target that builds the page's text as the parser goes (see ``extract``).

    Source lines: a tag is reported once its ``>`` is fed, so at a tag the parse stands on the
    line being fed; text is reported after it (possibly in pieces), and starts where the parse
    stood, moved on by the line ends of the text before it.
    """

    def __init__(self) -> None:
        # The text as it grows, and whether its last line is blank (one buffer, not a list
        # of lines: a page of 260 K one-word paragraphs has 520 K lines).
        self.text = io.StringIO()
        self.last_blank = True
        self.line_sources = array("I")
        self.current: list[str] = []
        self.current_lines: list[int] = []  # the page line each piece of ``current`` starts on
        self.pending_blank = False
        self.blocks: list[str | None] = []  # per open element: its name if it ends a line
        self.skipped = 0  # open elements inside a skipped one (and it)
        self.preformatted = 0  # open elements inside a <pre> (and it)
        self.containers = 0  # open elements whose strings are not page text (CONTAINERS)
        self.source_line = 1  # the page line being fed
        self.parse_line = 1  # the page line the parse stands on
        self.lines_known = True

    def start(self, tag: str, attrib: object) -> None:
        self.parse_line = self.source_line
        if self.skipped:
            self.skipped += 1
            return
        if self.preformatted:
            self.preformatted += 1
            self.containers += tag in CONTAINERS
            self.blocks.append(tag if tag in CONTAINERS else None)
            return
        if tag in SKIPPED:
            self.skipped = 1
            return
        if tag == "pre":  # preformatted: its lines and indentation are kept
            self.end_line(True)
            self.preformatted = 1
            self.blocks.append(None)
            return
        block = tag in PARAGRAPHS or tag in LINES
        if block:
            self.end_line(tag in PARAGRAPHS)
        self.containers += tag in CONTAINERS
        self.blocks.append(tag if block or tag in CONTAINERS else None)

    def end(self, tag: str) -> None:
        self.parse_line = self.source_line
        if self.skipped:
            self.skipped -= 1
            return
        name = self.blocks.pop() if self.blocks else None
        if name in CONTAINERS:
            self.containers -= 1
        if self.preformatted:
            self.preformatted -= 1
            if not self.preformatted:
                self.end_preformatted()
            return
        if name in PARAGRAPHS or name in LINES:
            self.end_line(name in PARAGRAPHS)

    def data(self, data: str) -> None:
        line = self.parse_line
        self.parse_line += data.count("\n")
        if self.skipped or self.containers:
            return
        self.current.append(data)
        self.current_lines.append(line)

    def comment(self, text: str) -> None:
        self.parse_line = self.source_line

    def close(self) -> None:
        pass

    def end_line(self, blank: bool) -> None:
        joined = "".join(self.current)
        text = _SPACE.sub(" ", joined).strip()
        if text:
            if self.pending_blank and not self.last_blank:
                self._append("", self.line_sources[-1])
            self._append(text, self._first_text_line())
            self.pending_blank = False
        self.current.clear()
        self.current_lines.clear()
        self.pending_blank = self.pending_blank or blank

    def end_preformatted(self) -> None:
        joined = "".join(self.current)
        body = joined.strip("\n")
        # The page line of the body's first line: the first piece's, past the newlines cut.
        first = (self.current_lines[0] + len(joined) - len(joined.lstrip("\n"))
                 if self.current_lines else self.parse_line)
        self.current.clear()
        self.current_lines.clear()
        if not self.last_blank:
            self._append("", self.line_sources[-1])
        for offset, line in enumerate(body.split("\n")):
            self._append(line.rstrip(), first + offset)
        self.pending_blank = True

    def _first_text_line(self) -> int:
        """The page line of the first character that is not whitespace in ``current``."""
        for piece, line in zip(self.current, self.current_lines, strict=True):
            stripped = piece.lstrip()
            if stripped:
                return line + piece[: len(piece) - len(stripped)].count("\n")
        return self.parse_line

    def _append(self, text: str, source_line: int) -> None:
        self.text.write(text)
        self.text.write("\n")
        self.last_blank = not text
        self.line_sources.append(source_line)

    def result(self) -> Extracted:
        self.end_line(False)
        return Extracted(self.text.getvalue(), self.line_sources if self.lines_known else None)


#: Of a page's visible characters, the share that may be U+FFFD or control characters before
#: it is refused as binary: a page decoded with the wrong encoding has a few, binary data read
#: as a page has one in two.
BINARY_SHARE = 0.1
_UNREADABLE = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class HtmlText(PlainText):
    """A page's text, with the page line of each of its lines (``Extracted.source_lines``)."""

    source_lines: Sequence[int] | None = None


class HtmlReader(PlainReader):
    def decode(self, data: bytes) -> HtmlText:
        if not data.strip():
            raise FormatError("file is empty" if not data else "file is only whitespace")
        # A page in UTF-16 or UTF-32 has NUL bytes and a byte-order mark, which the parser
        # reads; any other NUL means the file is not a page.
        if b"\x00" in data and not data.startswith(tuple(UTF16_BOMS) + UTF32_BOMS):
            raise FormatError("file looks binary (contains NUL bytes); skipped")
        try:
            extracted = extract(data)
        except Exception as exc:  # lxml and bs4 raise many types on broken input
            raise FormatError(f"cannot parse HTML: {type(exc).__name__}: {exc}") from None
        text = extracted.text
        visible = len(text) - text.count(" ") - text.count("\n")
        if visible and len(_UNREADABLE.findall(text)) > BINARY_SHARE * visible:
            raise FormatError("file looks binary (its text is mostly undecodable bytes); "
                              "skipped")
        if not text.strip():
            raise FormatError("page has no visible text")
        return HtmlText(text, source_lines=extracted.source_lines)


class HtmlFormat(PlainFormat):
    """Read as extracted text; written as that text (a plain ``.txt`` document)."""

    name = "html"
    suffixes: tuple[str, ...] = SUFFIXES
    description = ", ".join(SUFFIXES)
    #: ``--in-place`` is refused before a run (``runner.check_outputs``): see ``writer``.
    writes_in_place = False

    def reader(self, path: Path, fields: FieldOptions) -> HtmlReader:
        return HtmlReader(path)

    def writer(self, source: Path, target: Path, fields: FieldOptions, *,
               in_place: bool) -> PlainWriter:
        if in_place:
            raise FormatError("--in-place cannot rewrite HTML (markup is not rebuilt from "
                              "cleaned text); use --out DIR, which writes page.txt files")
        return PlainWriter(target, in_place=False)

    def decode(self, item: Item, fields: FieldOptions) -> Decoded:
        payload: HtmlText = item.payload
        return Decoded(payload.text, source_lines=payload.source_lines)

    def output_name(self, relative: str) -> str:
        return PurePosixPath(relative).with_suffix(".txt").as_posix()


HTML = HtmlFormat()
