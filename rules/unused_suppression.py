"""``unused-suppression``: a suppression directive that suppressed nothing (ruff's RUF100)."""

from __future__ import annotations

from lint_corpus.rule import Severity
from lint_corpus.suppressions import SuppressionRule


class UnusedSuppression(SuppressionRule):
    """What it does
    Finds suppressions that suppressed no finding in this run: a Markdown directive comment
    (``<!-- lint-corpus: disable=LC101 -->``), a text file's marker line
    (``lint-corpus: disable-next-line=bad-whitespace``), or a code in a JSONL or Parquet
    record's ignore field (``lint_ignore``). A directive that names several rules is reported
    for the ones that suppressed nothing. Rules that did not run (``--select``, ``--ignore``)
    are never called unused: nothing can be known about them; a directive without a list of
    rules is judged against the rules that ran (as ruff judges a blanket ``# noqa``), so run
    this rule with the selection you usually run. ``enable`` directives only end a
    ``disable`` and are never reported.

    Why is this bad?
    A suppression outlives the finding it was written for: once the text is fixed or the rule
    improves, it silently hides the next real defect at that place. Removing stale ones keeps
    every remaining suppression meaningful.

    Example
    Bad (a marker line in a text file; nothing on the next line needed suppressing):

        lint-corpus: disable-next-line
        The project was started in 2019 and is maintained by volunteers.

    Good:

        The project was started in 2019 and is maintained by volunteers.

    In Markdown the same directive is a comment of its own line,
    ``<!-- lint-corpus: disable-next-line -->``.

    Fix
    Removes the directive's line, or only the unused codes when others in it are used.
    Safe: a directive is never content. A record's ignore field is reported without a fix
    (remove the codes from the field, or run ``check --add-noqa`` again on a clean copy).
    """

    code = "LC001"
    name = "unused-suppression"
    summary = "A suppression directive or ignore-field code that suppressed nothing"
    severity = Severity.WARNING
