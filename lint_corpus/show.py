"""``--show-files`` and ``--show-settings``: what a run would read and how it is set up,
without running it, as ruff's flags of the same names. Both answer "why is (or isn't) this
file or rule part of my run?" before a long run over a corpus."""

from __future__ import annotations

import json
from typing import TextIO

from lint_corpus.session import RunPlan


def show_run(plan: RunPlan, stdout: TextIO, *, files: bool, settings: bool) -> int:
    """Write the files (one per line, as findings name them) and/or the settings; exit 0
    unless an input could not be found (2, with the same message a run gives)."""
    if settings:
        stdout.write(describe_settings(plan))
    if files:
        stdout.writelines(f"{source.label}\n" for source in plan.sources)
    return 2 if plan.discovery_errors else 0


def describe_settings(plan: RunPlan) -> str:
    config = plan.config
    include = (_toml(list(config.include)) if config.include is not None
               else "(every corpus format)")
    ignores = {pattern: sorted(codes) for pattern, codes in config.per_file_ignores.items()}
    lines = [
        f"config file: {config.path.as_posix() if config.path else '(none)'}",
        f"command: {plan.command}",
        f"format: {plan.reporter.name}",
        f"fail-on: {plan.fail_on.value}",
        f"unsafe-fixes: {_toml(plan.unsafe_fixes)}",
        f"include: {include}",
        f"exclude: {_toml(list(config.exclude))}",
        f"per-file-ignores: {_toml(ignores)}",
        f"jobs: {plan.options.jobs}",
        f"text-field: {plan.settings.fields.text_field}",
        f"id-field: {plan.settings.fields.id_field}",
        f"files: {len(plan.sources)}",
        "rules:",
    ]
    for rule in plan.rules:
        options = ", ".join(f"{key} = {_toml(value)}" for key, value in rule.options.items())
        lines.append(f"  {rule.code} {rule.name} ({rule.severity.value})"
                     + (f": {options}" if options else ""))
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    """A value as the config file spells it (TOML and JSON agree on these)."""
    return json.dumps(value, ensure_ascii=False)
