"""The text formats' lines for one document, rendered from its report entry (and, for the
full format's snippets, its text).

The workers render them (``parallel.Settings.lines``), so that a streaming run gets back
only the serialised entry and these lines: neither the document's text nor its finding
objects cross the process boundary, whichever text format is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lint_corpus.reporters.snippet import Snippet
from lint_corpus.reporters.style import Style


@dataclass(frozen=True)
class LineRendering:
    """How a document's text-format lines look: ``full`` (each finding's line, then its
    lines with the span underlined) or concise (the finding's line alone)."""

    full: bool
    #: ANSI colour (decided by the session, from ``--color`` and the output stream).
    color: bool = False
    #: ``--show-fixes``: the full format also shows the lines each fix changes.
    show_fixes: bool = False

    def render(self, location: str, entry: dict[str, Any], text: str) -> str:
        """The lines for the findings of ``entry``, a document named ``location`` whose text
        is ``text`` (read by the full format only)."""
        style = Style(self.color)
        if not self.full:
            return "".join(header(location, finding, style) for finding in entry["findings"])
        snippet = Snippet(text, style)
        out: list[str] = []
        for finding in entry["findings"]:
            out.append(header(location, finding, style))
            span, fix = finding["span"], finding["fix"]
            lines = snippet.finding(span["start"], span["end"], finding["severity"],
                                    fix["description"] if fix is not None else None)
            if fix is not None and self.show_fixes:
                lines.extend(snippet.fix(fix["edits"]))
            out.extend(line + "\n" for line in lines)
            out.append("\n")
        return "".join(out)


def header(location: str, finding: dict[str, Any], style: Style) -> str:
    """``path:line:col: CODE name message [fix]``."""
    where = style.path(f"{location}:{finding['line']}:{finding['column']}:")
    return (f"{where} {style.code(finding['code'], finding['severity'])} "
            f"{finding['rule']} {finding['message']}{_marker(finding['fix'])}\n")


def _marker(fix: dict[str, Any] | None) -> str:
    # A superseded fix ran; a later fix removed its span, so its finding is fixed too.
    if fix is None:
        return ""
    if fix["applied"] or "superseded_by" in fix:
        return " [fixed]"
    return f" [{fix['applicability']} fix]"
