"""``bad-whitespace``: invisible characters, control characters and whitespace debris.

Detection, messages and edits are computed by the native core (core/src/whitespace.rs) in one
call per document; this class declares the rule and turns the core's answers into findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_corpus import native
from lint_corpus.document import Document
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity


class BadWhitespace(Rule):
    """What it does
    Finds whitespace a scraper leaves behind: zero-width characters inside the text (U+200B,
    U+2060, U+FEFF, and U+200C/U+200D where they join nothing), stray control characters
    (C0 except tab and line ends, DEL, C1), trailing spaces, tabs and non-breaking spaces at
    line ends, lines holding only whitespace, and runs of more than ``max-blank-lines`` blank
    lines. Indentation is never flagged: an ideographic space (U+3000) that indents a CJK
    paragraph, or NBSP between words (French typography), stays. One finding per category per
    line; a run of blank lines is one finding.

    Why is this bad?
    Invisible characters split words and CJK strings that look identical, so deduplication,
    tokenisers and search miss them; control characters break downstream tools; trailing
    and blank-line debris is noise that shifts chunk boundaries and hashes.

    Example
    Bad:

        台灣與美國之間原本已有3大年度例行性對話平台。



        然而國防部2026年公開預算書顯示，美台將再新增平台。

    Good:

        台灣與美國之間原本已有3大年度例行性對話平台。

        然而國防部2026年公開預算書顯示，美台將再新增平台。

    Fix
    Deletes zero-width and control characters (a vertical tab or form feed inside a line
    becomes a newline), trailing whitespace, and the content of whitespace-only lines, and
    shortens a run of blank lines to ``max-blank-lines``. Paragraph breaks and indentation
    stay. Safe.
    """

    code = "LC203"
    name = "bad-whitespace"
    summary = "Zero-width and control characters, trailing whitespace, runs of blank lines"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "max-blank-lines": {
                "type": "integer", "minimum": 0, "default": 1,
                "description": "blank lines allowed in a row; longer runs are shortened",
            },
            "nbsp-inside-lines": {
                "type": "boolean", "default": False,
                "description": "also flag NBSP between words (off: French typography uses it)",
            },
        },
    }

    def check(self, doc: Document) -> Iterator[Finding]:
        found = native.bad_whitespace(
            doc.line_table, max_blank_lines=self.options["max-blank-lines"],
            nbsp_inside_lines=self.options["nbsp-inside-lines"])
        for item in found:
            data: dict[str, object] = {"category": item.category}
            if item.blank_lines is not None:
                data.update(blank_lines=item.blank_lines, max=self.options["max-blank-lines"])
            else:
                data["chars"] = item.chars
            edits = tuple(Edit(start, end, replacement) for start, end, replacement in item.edits)
            yield self.finding(item.start, item.end, item.message,
                               fix=Fix(item.fix_title, edits), data=data)
