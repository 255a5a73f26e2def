"""Reporters: one module per ``--format``, each declaring itself once (``REPORTER``).

The ``--format`` choices, their help and what each needs (streaming or the whole run, the JSON
report, machine-readable stdout) all come from these declarations. ``--statistics`` and
``--diff`` are reporters too, chosen by their own flags (``statistics``, ``diff``).
"""

from __future__ import annotations

from lint_corpus.reporters.base import ReporterSpec


def declared() -> tuple[ReporterSpec, ...]:
    """Every ``--format`` reporter, in the order ``--help`` lists them (the default first)."""
    # Imported here: the reporter modules import the package for their base classes, and a
    # process that only lints (a worker) needs none of them.
    from lint_corpus.reporters import github, json_report, junit, sarif, text

    return (text.FULL, text.CONCISE, text.REPORTER, json_report.REPORTER, github.REPORTER,
            sarif.REPORTER, junit.REPORTER)


def reporter(name: str) -> ReporterSpec:
    for spec in declared():
        if spec.name == name:
            return spec
    choices = ", ".join(spec.name for spec in declared())
    raise ValueError(f"unknown format {name!r}; choose from {choices}")


__all__ = ["ReporterSpec", "declared", "reporter"]
