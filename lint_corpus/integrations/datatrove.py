"""A datatrove pipeline step that lints, and optionally fixes, each document's text.

``LintCorpusFilter`` is a datatrove ``BaseFilter``: datatrove's ``run`` batches the documents,
times them, counts ``total`` / ``forwarded`` / ``dropped`` / ``dropped_<reason>`` and sends
dropped documents to the ``exclusion_writer``, exactly as for its own filters. Like
datatrove's ``C4QualityFilter`` it may rewrite ``doc.text``, and like its
``LanguageFilter`` it records what it found in ``doc.metadata``.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from lint_corpus.integrations.datatrove import LintCorpusFilter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        LintCorpusFilter(mode="fix", drop_truncated=True, drop_empty=True),
        JsonlWriter("clean/"),
    ]).run()
"""

from __future__ import annotations

from typing import Any, Literal

try:
    from datatrove.pipeline.filters.base_filter import (  # type: ignore[import-untyped,unused-ignore]
        BaseFilter,
    )
    from loguru import logger
except ModuleNotFoundError as exc:  # name the extra rather than a bare missing module
    raise ModuleNotFoundError(f"{exc}: the datatrove step needs datatrove; "
                              "pip install 'lint-corpus[datatrove]'", name=exc.name) from exc

from lint_corpus.api import ConfigInput, CorpusLinter, RuleOptions, Selectors
from lint_corpus.integrations._fields import DEFAULT_PREFIX, fields

Mode = Literal["annotate", "fix"]


class LintCorpusFilter(BaseFilter):  # type: ignore[misc,unused-ignore]
    """Lint each ``Document.text`` with lint-corpus; in ``fix`` mode replace it by the fixed text.

    Every document gets the metadata keys ``lint_status`` (clean, fixed, flagged, truncated,
    error), ``lint_truncated``, ``lint_codes`` (one rule code per finding, comma-separated),
    ``lint_fixes_applied``, ``lint_chars_removed`` and ``lint_errors`` (rules that failed, one
    per line), and with ``findings_json`` also ``lint_findings``: the report's finding entries
    as a JSON string. All are strings, bools or ints, so ``ParquetWriter`` infers the same
    schema whichever document comes first. ``metadata_prefix`` renames them.

    Args:
        mode: ``annotate`` leaves the text alone; ``fix`` applies the allowed fixes.
        select, extend_select, ignore, unsafe_fixes, options, config: as for
            ``lint_corpus.CorpusLinter`` (codes, code prefixes or names).
        drop_truncated: drop documents lint-corpus marks truncated (reason ``truncated``).
        drop_empty: drop documents whose text is empty or only whitespace after this step,
            such as a page that was all boilerplate (reason ``empty``).
        findings_json: also store the full findings (spans, messages, fixes) as JSON.
        metadata_prefix: prefix of the metadata keys.
        exclusion_writer: a datatrove writer that receives the dropped documents.
    """

    name = "🧹 lint-corpus"

    def __init__(
        self,
        mode: Mode = "annotate",
        *,
        select: Selectors = (),
        extend_select: Selectors = (),
        ignore: Selectors = (),
        unsafe_fixes: bool | None = None,
        options: RuleOptions | None = None,
        config: ConfigInput = None,
        drop_truncated: bool = False,
        drop_empty: bool = False,
        findings_json: bool = False,
        metadata_prefix: str = DEFAULT_PREFIX,
        exclusion_writer: Any = None,
    ) -> None:
        if mode not in ("annotate", "fix"):
            raise ValueError(f"mode must be 'annotate' or 'fix', got {mode!r}")
        super().__init__(exclusion_writer)
        self.mode = mode
        # Built here, not per document, so that a bad selection fails when the pipeline is
        # declared; the linter pickles with the step for datatrove's worker processes.
        self.linter = CorpusLinter(select=select, extend_select=extend_select, ignore=ignore,
                                   unsafe_fixes=unsafe_fixes, options=options, config=config)
        self.drop_truncated = drop_truncated
        self.drop_empty = drop_empty
        self.findings_json = findings_json
        self.metadata_prefix = metadata_prefix

    def filter(self, doc: Any) -> bool | tuple[bool, str]:
        result = self.linter.process((doc.id, doc.text), fix=self.mode == "fix")
        doc.metadata.update(fields(result, self.metadata_prefix, self.findings_json))
        self.stat_update(f"status_{result.status}")
        for reported in result.findings:
            self.stat_update(f"finding_{reported.finding.code}")
        if result.errors:
            self.stat_update("rule_errors")
            logger.warning(f"lint-corpus: document {doc.id}: {'; '.join(result.errors)}")
        if result.fixed is not None:
            self.stat_update("chars_removed", value=len(result.original) - len(result.fixed))
            doc.text = result.fixed
        if self.drop_truncated and "truncated" in result.marks:
            return False, "truncated"
        if self.drop_empty and not doc.text.strip():
            return False, "empty"
        return True
