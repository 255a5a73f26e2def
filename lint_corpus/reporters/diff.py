"""``fix --diff``: a unified diff of what ``fix`` would change, document by document.

Headers name each file ``a/PATH`` and ``b/PATH`` with PATH as the user can open it from the
current directory (``shown_location``), so the diff applies there with ``patch -p1`` or
``git apply``, whether the input was a folder, a file or an absolute path under it.
"""

from __future__ import annotations

import difflib

from lint_corpus.reporters.base import ReportedDocument, ReporterContext, RunEnd, shown_location


def _keepends(text: str) -> list[str]:
    """Lines with their "\\n"; ``str.splitlines`` would also split on \\u2028 and friends."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def unified_diff(before: str, after: str, path: str) -> list[str]:
    """A unified diff that stays parseable when a side does not end with a newline."""
    result: list[str] = []
    for line in difflib.unified_diff(_keepends(before), _keepends(after),
                                     fromfile=f"a/{path}", tofile=f"b/{path}"):
        result.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return result


class DiffReporter:
    def __init__(self, context: ReporterContext) -> None:
        self.stdout = context.stdout

    def on_document(self, document: ReportedDocument) -> None:
        result = document.document.result
        location = shown_location(document.document)
        if result.written_as is not None:
            # Not a text change, so no hunk shows it; "patch" and "git apply" skip a line that
            # is neither a header nor in a hunk.
            conversion = next(r.finding.fix for r in result.findings if r.applied
                              and r.finding.fix is not None and r.finding.fix.writes_as)
            self.stdout.write(f"# {location}: {conversion.description}\n")
        if result.changed and result.fixed is not None and result.fixed != result.original:
            self.stdout.writelines(unified_diff(result.original, result.fixed, location))

    def finish(self, end: RunEnd) -> None:
        pass
