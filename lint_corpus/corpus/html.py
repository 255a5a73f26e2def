"""HTML pages: their text, extracted with beautifulsoup4 and lxml, one block per line.

Block elements (paragraphs, headings, list items, table rows, ``<br>``…) each start a new line,
with a blank line around paragraph-like blocks, so that the rules see paragraphs, bullet items
and link-list lines as a browser would show them. Scripts, styles and other non-text elements
are left out. Markup cannot be rebuilt from cleaned text, so ``fix`` writes the cleaned text as
a ``.txt`` file beside the mirrored path (``page.html`` -> ``page.txt``), and ``--in-place``
refuses HTML inputs.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from lint_corpus.corpus import FieldOptions, FormatError
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


def extract_text(data: bytes) -> str:
    """The page's visible text, one block element per line, paragraphs separated by a blank
    line. Runs of whitespace inside a block collapse to one space, as browsers render them."""
    from bs4 import BeautifulSoup
    from bs4.element import Comment, Doctype, NavigableString, Tag

    soup = BeautifulSoup(data, "lxml")
    lines: list[str] = []
    current: list[str] = []
    pending_blank = False

    def end_line(blank: bool) -> None:
        nonlocal pending_blank
        text = _SPACE.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            if pending_blank and lines and lines[-1]:
                lines.append("")
            lines.append(text)
            pending_blank = False
        pending_blank = pending_blank or blank

    def walk(node: Any) -> None:
        nonlocal pending_blank
        for child in node.children:
            if isinstance(child, (Comment, Doctype)):
                continue
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not CData, processing instructions…
                    current.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in SKIPPED:
                continue
            if child.name == "pre":  # preformatted: its lines and indentation are kept
                end_line(True)
                if lines and lines[-1]:
                    lines.append("")
                lines.extend(line.rstrip() for line in child.get_text().strip("\n").split("\n"))
                pending_blank = True
                continue
            block = child.name in PARAGRAPHS or child.name in LINES
            if block:
                end_line(child.name in PARAGRAPHS)
            walk(child)
            if block:
                end_line(child.name in PARAGRAPHS)

    walk(soup)
    end_line(False)
    return "\n".join(lines) + "\n" if lines else ""


#: Of a page's visible characters, the share that may be U+FFFD or control characters before
#: it is refused as binary: a page decoded with the wrong encoding has a few, binary data read
#: as a page has one in two.
BINARY_SHARE = 0.1
_UNREADABLE = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")


class HtmlReader(PlainReader):
    def decode(self, data: bytes) -> PlainText:
        if not data.strip():
            raise FormatError("file is empty" if not data else "file is only whitespace")
        # A page in UTF-16 or UTF-32 has NUL bytes and a byte-order mark, which the parser
        # reads; any other NUL means the file is not a page.
        if b"\x00" in data and not data.startswith(tuple(UTF16_BOMS) + UTF32_BOMS):
            raise FormatError("file looks binary (contains NUL bytes); skipped")
        try:
            text = extract_text(data)
        except Exception as exc:  # lxml and bs4 raise many types on broken input
            raise FormatError(f"cannot parse HTML: {type(exc).__name__}: {exc}") from None
        visible = len(text) - text.count(" ") - text.count("\n")
        if visible and len(_UNREADABLE.findall(text)) > BINARY_SHARE * visible:
            raise FormatError("file looks binary (its text is mostly undecodable bytes); "
                              "skipped")
        if not text.strip():
            raise FormatError("page has no visible text")
        return PlainText(text)


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

    def output_name(self, relative: str) -> str:
        return PurePosixPath(relative).with_suffix(".txt").as_posix()


HTML = HtmlFormat()
