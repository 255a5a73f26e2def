"""A Hugging Face ``datasets`` recipe: a function for ``Dataset.map`` that lints a text column.

    from datasets import load_dataset
    from lint_corpus.integrations.hf import lint_map

    ds = load_dataset("json", data_files="raw.jsonl", split="train")
    ds = ds.map(lint_map(fix=True), batched=True)
    ds = ds.filter(lambda row: row["lint_status"] != "truncated")

The function needs nothing from ``datasets`` (it maps a dict of columns to a dict of
columns), so this module imports nothing from it; the ``hf`` extra installs ``datasets``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lint_corpus.api import ConfigInput, CorpusLinter, RuleOptions, Selectors
from lint_corpus.integrations._fields import DEFAULT_PREFIX, field_names, fields, types


class LintMap:
    """The map function ``lint_map`` returns: picklable, so ``num_proc`` and ``datasets``'
    fingerprinting (which hashes the function) work."""

    def __init__(self, linter: CorpusLinter, *, fix: bool, text_column: str,
                 fixed_column: str | None, prefix: str, findings_json: bool) -> None:
        self.linter = linter
        self.fix = fix
        self.text_column = text_column
        self.fixed_column = fixed_column or text_column
        self.prefix = prefix
        self.findings_json = findings_json

    @property
    def columns(self) -> list[str]:
        """The columns the function writes, in order."""
        names = field_names(self.prefix, self.findings_json, self.linter.marks)
        return [self.fixed_column, *names] if self.fix else names

    def features(self, input_features: Mapping[str, Any] | None = None) -> Any:
        """``datasets.Features`` of the mapped dataset: ``input_features`` plus the new columns.

        Every new column is a string, bool or int, so ``datasets`` infers the same types from
        any batch, except from a first batch whose texts are all missing (``None``): with these
        features such a dataset maps too.
        """
        from datasets import Features, Value  # type: ignore[import-untyped,unused-ignore]

        features = dict(input_features or {})
        if self.fix:
            features[self.fixed_column] = Value("string")
        for name in field_names(self.prefix, self.findings_json, self.linter.marks):
            features[name] = Value(types(self.linter.marks)[name.removeprefix(self.prefix)])
        return Features(features)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        texts = batch[self.text_column]
        if isinstance(texts, str) or texts is None:  # map(batched=False): one row
            return {name: values[0] for name, values in self._rows([texts]).items()}
        return self._rows(list(texts))

    def _rows(self, texts: list[str | None]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {name: [] for name in self.columns}
        empty = dict.fromkeys(field_names(self.prefix, self.findings_json, self.linter.marks))
        for text in texts:
            if text is None:  # a missing text stays missing: nulls, not a "clean" verdict
                row: dict[str, Any] = dict(empty)
                if self.fix:
                    row[self.fixed_column] = None
            else:
                result = self.linter.process(text, fix=self.fix)
                row = fields(result, self.prefix, self.findings_json)
                if self.fix:
                    row[self.fixed_column] = result.fixed
            for name in self.columns:
                out[name].append(row[name])
        return out


def lint_map(
    *,
    fix: bool = False,
    text_column: str = "text",
    fixed_column: str | None = None,
    findings_json: bool = True,
    prefix: str = DEFAULT_PREFIX,
    select: Selectors = (),
    extend_select: Selectors = (),
    ignore: Selectors = (),
    unsafe_fixes: bool | None = None,
    options: RuleOptions | None = None,
    config: ConfigInput = None,
) -> LintMap:
    """A function for ``Dataset.map(fn, batched=True)`` (``batched=False`` works too).

    It adds the columns ``lint_status`` (clean, fixed, flagged, truncated, error),
    ``lint_truncated``, ``lint_codes`` (one rule code per finding, comma-separated),
    ``lint_fixes_applied``, ``lint_chars_removed``, ``lint_errors`` (rules that failed, one
    per line) and, with ``findings_json``, ``lint_findings`` (the report's finding entries as
    a JSON string). With ``fix`` it also writes the fixed text to
    ``fixed_column``, by default over ``text_column``. A missing text (``None``) gets nulls.
    Rule selection and options are those of ``lint_corpus.CorpusLinter``; the rules are
    built once, here.
    """
    linter = CorpusLinter(select=select, extend_select=extend_select, ignore=ignore,
                          unsafe_fixes=unsafe_fixes, options=options, config=config)
    return LintMap(linter, fix=fix, text_column=text_column, fixed_column=fixed_column,
                   prefix=prefix, findings_json=findings_json)


def lint_dataset(dataset: Any, *, batch_size: int = 100, num_proc: int | None = None,
                 **options: Any) -> Any:
    """``dataset.map(lint_map(**options), batched=True, features=...)``, for a ``datasets``
    ``Dataset`` (not an ``IterableDataset``, whose features may be unknown)."""
    function = lint_map(**options)
    return dataset.map(function, batched=True, batch_size=batch_size, num_proc=num_proc,
                       features=function.features(dataset.features),
                       desc="lint-corpus")
