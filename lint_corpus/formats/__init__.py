"""Output formats: one module per format, and a registry from format name to writer.

A writer takes the finished run (``Run``) and returns the whole of stdout as a string.
Machine-readable formats put nothing else on stdout; summaries and errors go to stderr.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lint_corpus import report as reportlib
from lint_corpus.engine import DocumentResult, ReportedFinding
from lint_corpus.rule import Applicability, Rule
from lint_corpus.sources import InputError


@dataclass(frozen=True)
class RunDocument:
    """One processed document as the formats see it.

    ``file`` is the path on disk as named on the command line (``corpus/a.txt``), which CI
    services resolve against the checkout; ``result.path`` is relative to the input root.
    ``newline`` is the file's line ending: rules see "\\n" only, so formats that give
    offsets into the file (SARIF) map them back.
    """

    result: DocumentResult
    file: str
    newline: str = "\n"


@dataclass(frozen=True)
class Run:
    command: str
    rules: Sequence[Rule]
    documents: Sequence[RunDocument]
    errors: Sequence[InputError] = field(default_factory=tuple)
    unsafe_fixes: bool = False
    #: Findings hidden by ``--baseline`` (``None`` when no baseline is in use).
    baselined: int | None = None

    @property
    def results(self) -> list[DocumentResult]:
        return [document.result for document in self.documents]

    @functools.cached_property
    def report(self) -> Mapping[str, Any]:
        """The JSON report, built on first use: a text run never needs it."""
        built = reportlib.build_report(self.command, self.rules, self.results, self.errors)
        if self.baselined is not None:
            built["summary"]["baselined"] = self.baselined
        return built


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
