"""HTML text extraction by its first definition: beautifulsoup4 builds the page's tree (from
lxml's parse), and a walk over the tree writes the text. ``corpus.html.extract`` must give the
same text without building a tree (a tree of 2 MB of ``<p>x</p>`` took ~270 MB)."""

from __future__ import annotations

import re
from typing import Any

from lint_corpus.corpus.html import LINES, PARAGRAPHS, SKIPPED

_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def extract_text(data: bytes) -> str:
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
