"""html-residue in Markdown files: inline HTML is valid Markdown, script/style blocks are not.

The rule-case runner lints ``<string>`` documents, so the path-dependent behaviour is tested here.
"""

from __future__ import annotations

from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.registry import all_rules

RULES = {cls.name: cls for cls in all_rules()}
TEXT = ("Hi <b>bold</b> &amp; <!-- note -->\n<script>track()</script>\n"
        "```html\n<script>example()</script>\n```\n")


def test_markdown_keeps_inline_html_and_fenced_examples() -> None:
    linter = Linter([RULES["html-residue"]()])
    result = linter.fix(Document(TEXT, "notes.md"))
    assert [TEXT[r.finding.start:r.finding.end] for r in result.findings] == [
        "<script>track()</script>"]
    assert result.fixed == TEXT.replace("<script>track()</script>", "")


def test_markdown_inline_html_option_reports_everything() -> None:
    linter = Linter([RULES["html-residue"]({"markdown-inline-html": True})])
    result = linter.check(Document(TEXT, "notes.md"))
    flagged = [TEXT[r.finding.start:r.finding.end] for r in result.findings]
    assert flagged[0].startswith("<b>") and len(flagged) == 2  # line 1, line 2; fence skipped


def test_plain_text_reports_inline_html() -> None:
    result = Linter([RULES["html-residue"]()]).check(Document(TEXT, "notes.txt"))
    assert len(result.findings) == 3  # line 1, line 2, and the script inside the "fence"
