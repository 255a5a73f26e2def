"""Output formats: one module per format, and a registry from format name to writer.

A writer takes the finished run (``Run``) and returns the whole of stdout as a string.
Machine-readable formats put nothing else on stdout; summaries and errors go to stderr.
"""

from __future__ import annotations

from collections.abc import Callable

from lint_corpus.results import ReportedFinding, Run, RunDocument
from lint_corpus.rule import Applicability

Writer = Callable[[Run], str]


def fix_marker(reported: ReportedFinding) -> str:
    """`` [fixed]``, `` [safe fix]``, `` [unsafe fix]`` or nothing, as the text lines show it."""
    fix = reported.finding.fix
    if fix is None:
        return ""
    return " [fixed]" if reported.applied else f" [{fix.applicability.value} fix]"


def fix_available(reported: ReportedFinding, unsafe_fixes: bool) -> bool:
    """Whether ``fix`` would apply this finding's fix with the run's settings."""
    fix = reported.finding.fix
    return fix is not None and (unsafe_fixes or fix.applicability is Applicability.SAFE)


def _registry() -> dict[str, Writer]:
    # Imported here: the format modules import this module for ``Run``.
    from lint_corpus.formats import github, json_report, junit, sarif, text

    return {
        "text": text.write,
        "json": json_report.write,
        "github": github.write,
        "sarif": sarif.write,
        "junit": junit.write,
    }


FORMAT_NAMES = ("text", "json", "github", "sarif", "junit")
#: Formats whose stdout is parsed by a program: nothing but the format may be written there.
MACHINE_FORMATS = frozenset(FORMAT_NAMES) - {"text"}


def writer(name: str) -> Writer:
    try:
        return _registry()[name]
    except KeyError:
        choices = ", ".join(FORMAT_NAMES)
        raise ValueError(f"unknown format {name!r}; choose from {choices}") from None


def render(name: str, run: Run) -> str:
    return writer(name)(run)


__all__ = ["FORMAT_NAMES", "MACHINE_FORMATS", "Run", "RunDocument", "Writer", "fix_available",
           "fix_marker", "render", "writer"]
