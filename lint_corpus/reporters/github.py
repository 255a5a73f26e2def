"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::warning file=corpus/a.txt,line=3,col=1,endLine=5,title=LC103 link-list::message``

The runner shows each as an annotation on the file and line in the pull request. Escaping
follows the Actions toolkit (``@actions/core`` ``command.ts``): in the message ``%``, CR and
LF are percent-encoded; in property values ``:`` and ``,`` as well, since they delimit
properties.
"""

from __future__ import annotations

from lint_corpus import report as reportlib
from lint_corpus.reporters.base import ReporterSpec, fix_marker, whole_run
from lint_corpus.results import Run
from lint_corpus.rule import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}\n" if props else \
        f"::{name}::{escape_data(message)}\n"


def write(run: Run) -> str:
    lines: list[str] = []
    for document in run.documents:
        result = document.result
        for reported in result.findings:
            finding = reported.finding
            entry = reportlib.finding_entry(result.original, reported,
                                            source_lines=result.source_lines)
            message = entry["message"] + fix_marker(reported)
            if result.record is not None:
                # The annotation can only point at the record's line in the file.
                message = f"{result.location} line {entry['line']}: {message}"
                where: dict[str, str | int] = {"file": document.file}
                if result.source_line is not None:
                    where["line"] = result.source_line
            else:
                where = {"file": document.file, "line": entry["line"], "col": entry["column"],
                         "endLine": entry["end_line"]}
            lines.append(command(COMMANDS[finding.severity], message, **where,
                                 title=f"{finding.code} {finding.rule}"))
        for message in result.errors:
            lines.append(command("error", message, file=document.file, title="lint-corpus"))
    for error in run.errors:
        lines.append(command("error", error.message, file=error.relative, title="lint-corpus"))
    return "".join(lines)


REPORTER = ReporterSpec("github", "Actions annotations", streams=False, machine_readable=True,
                        create=whole_run(write))
