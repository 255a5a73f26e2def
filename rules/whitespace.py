"""``bad-whitespace``: invisible characters, control characters and whitespace debris.

Detection, messages and edits are computed by the native core (core/src/whitespace.rs) in one
call per document; this class declares the rule and turns the core's answers into findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_corpus import native
from lint_corpus.document import Document
from lint_corpus.rule import Edit, Finding, Fix, Rule, Severity

#: Whitespace that changes no word, only layout: opt-in (``layout-whitespace``), and info.
LAYOUT_CATEGORIES = frozenset({"trailing", "whitespace-only", "blank-lines"})


class BadWhitespace(Rule):
    """What it does
    Finds whitespace that damages text: zero-width characters inside the text (U+200B,
    U+2060, U+FEFF, and U+200C/U+200D where they join nothing) and stray control characters
    (C0 except tab and line ends, DEL, C1). With ``layout-whitespace = true`` it also reports
    whitespace that only affects layout: trailing spaces, tabs and non-breaking spaces at line
    ends, lines holding only whitespace, and runs of more than ``max-blank-lines`` blank lines,
    as info findings. Indentation is never flagged: an ideographic space (U+3000) that indents
    a CJK paragraph, or NBSP between words (French typography), stays. One finding per
    category per line; a run of blank lines is one finding.

    Why is this bad?
    Invisible characters split words and CJK strings that look identical, so deduplication,
    tokenisers and search miss them; control characters (NUL above all, from text decoded
    with the wrong encoding) break downstream tools. Layout whitespace changes no word: on
    the benchmark pool's 8,389 real documents, trailing whitespace, whitespace-only lines and
    blank-line runs were 13,701 findings in 1,000 documents, against 5,243 damaging ones
    (zero-width and control characters) in 21; reported by default, they buried the findings
    that matter, which is why they are opt-in, and info when reported (a run does not fail
    on them unless ``--fail-on info``). Most corpus pipelines normalise them anyway; turn them
    on when the corpus itself should be tidy (hashes, exact deduplication, diffs).

    Example
    Bad:

        台灣與美國之間原本已有3大年度\u200b例行性對話平台。

    Good:

        台灣與美國之間原本已有3大年度例行性對話平台。

    Fix
    Deletes zero-width and control characters (a vertical tab or form feed inside a line
    becomes a newline); with ``layout-whitespace``, also trailing whitespace and the content
    of whitespace-only lines, and shortens a run of blank lines to ``max-blank-lines``.
    Paragraph breaks and indentation stay. Safe.
    """

    code = "LC203"
    name = "bad-whitespace"
    summary = "Zero-width and control characters, trailing whitespace, runs of blank lines"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {
            "layout-whitespace": {
                "type": "boolean", "default": False,
                "description": "also report (as info) trailing whitespace, whitespace-only "
                               "lines and runs of blank lines, which change no word",
            },
            "max-blank-lines": {
                "type": "integer", "minimum": 0, "default": 1,
                "description": "with layout-whitespace: blank lines allowed in a row; "
                               "longer runs are shortened",
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
        layout = self.options["layout-whitespace"]
        for item in found:
            if item.category in LAYOUT_CATEGORIES and not layout:
                continue
            data: dict[str, object] = {"category": item.category}
            if item.blank_lines is not None:
                data.update(blank_lines=item.blank_lines, max=self.options["max-blank-lines"])
            else:
                data["chars"] = item.chars
            edits = tuple(Edit(start, end, replacement) for start, end, replacement in item.edits)
            yield self.finding(item.start, item.end, item.message,
                               fix=Fix(item.fix_title, edits), data=data,
                               severity=Severity.INFO if item.category in LAYOUT_CATEGORIES
                               else None)
