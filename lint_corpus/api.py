"""The public Python API: one text (``lint``, ``fix``) or batches of documents (``CorpusLinter``).

Building the rules costs about as much as linting a news page (registry discovery plus option
validation), so ``CorpusLinter`` builds them once and runs them over any number of documents;
``lint`` and ``fix`` keep one linter per rule selection for the same reason.

Texts are linted as given: offsets in findings are offsets into the string passed in. No
config file is read unless one is named (``config=``): the API never guesses from the
working folder, unlike the command line.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lint_corpus import report as reportlib
from lint_corpus.config import Config, choose_rules, load_config
from lint_corpus.document import Document
from lint_corpus.engine import Linter
from lint_corpus.errors import ConfigError, RegistryError
from lint_corpus.registry import all_rules, declared_marks
from lint_corpus.results import DocumentResult
from lint_corpus.rule import Finding, Rule

#: A document for the batch API: a text, an ``(id, text)`` pair, or a ``Document``.
DocumentInput = str | tuple[str | int, str] | Document
#: Rule selectors: codes, code prefixes (``LC1``) or names, as a list or a comma-separated string.
Selectors = str | Iterable[str]
#: Rule options by rule code or name, e.g. ``{"link-list": {"min-marked-items": 4}}``.
RuleOptions = Mapping[str, Mapping[str, Any]]
ConfigInput = Config | str | os.PathLike[str] | None


class CorpusLinter:
    """A set of rules, built once, run over any number of documents.

    Rule selection works as on the command line: ``select`` replaces the config's
    ``select`` and ``extend-select``, ``extend_select`` and ``ignore`` add to the config's,
    and an ignore beats a select. ``unsafe_fixes=None`` takes the config's setting (default
    off). ``options`` are merged over the config's ``[rules.<name>]`` tables. The config's
    ``include``, ``exclude``, ``per-file-ignores`` and ``fail-on`` concern files and exit
    codes and do not apply here.

    Unknown rules raise ``RegistryError``; invalid options or config raise ``ConfigError``.
    """

    def __init__(
        self,
        *,
        select: Selectors = (),
        extend_select: Selectors = (),
        ignore: Selectors = (),
        unsafe_fixes: bool | None = None,
        options: RuleOptions | None = None,
        config: ConfigInput = None,
    ) -> None:
        settings = _config(config)
        classes = all_rules()
        chosen = choose_rules(settings, classes, _selectors(select), _selectors(extend_select),
                              _selectors(ignore))
        merged = _merge_options(settings.rule_options, options or {}, classes)
        self.rules: list[Rule] = [_build(cls, merged.get(cls.code)) for cls in chosen]
        self.unsafe_fixes = (bool(settings.unsafe_fixes) if unsafe_fixes is None
                             else unsafe_fixes)
        #: The document marks every result states (``summary``, the report): those the
        #: installed rules declare.
        self.marks = declared_marks(classes)
        self._linter = Linter(self.rules, unsafe_fixes=self.unsafe_fixes, marks=self.marks)

    def __repr__(self) -> str:
        codes = ",".join(rule.code for rule in self.rules)
        return f"CorpusLinter(rules={codes}, unsafe_fixes={self.unsafe_fixes})"

    def process(self, document: DocumentInput, *, fix: bool = False) -> DocumentResult:
        """Lint one document, or with ``fix`` apply its fixes until nothing more changes."""
        doc = _as_document(document)
        return self._linter.fix(doc) if fix else self._linter.check(doc)

    def stream(self, documents: Iterable[DocumentInput], *,
               fix: bool = False) -> Iterator[DocumentResult]:
        """One result per document, in input order, as the documents are read: for corpora
        that do not fit in memory."""
        _reject_single_text(documents)  # now, not when the first result is asked for
        return (self.process(document, fix=fix) for document in documents)

    def check(self, documents: Iterable[DocumentInput]) -> list[DocumentResult]:
        """Findings for each document, in input order; nothing is changed."""
        return list(self.stream(documents))

    def fix(self, documents: Iterable[DocumentInput]) -> list[DocumentResult]:
        """Each document fixed (``result.fixed``), with its findings, in input order."""
        return list(self.stream(documents, fix=True))

    def report(self, results: Sequence[DocumentResult], command: str | None = None,
               files: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The JSON report for ``results``, as ``--report`` writes it (schema-valid).

        ``command`` defaults to ``fix`` when the results were fixed, else ``check``.
        ``files`` maps a document's ``path`` to the path a user opens its file by, where they
        differ (each entry's ``file``; by default its ``path``).
        """
        if command is None:
            command = "fix" if any(r.fixed is not None for r in results) else "check"
        return reportlib.build_report(command, self.rules, results, files=files)


def summary(result: DocumentResult) -> dict[str, Any]:
    """A compact, flat description of a result, for per-document metadata and table columns.

    ``status`` (clean, fixed, flagged, error, or a mark a rule set), one boolean per mark
    the installed rules declare (the built-in pack declares one),
    ``codes`` (one rule code per finding, in document order), ``fixes_applied``,
    ``chars_removed`` (0 when not fixed) and ``errors`` (rules that failed on the document).
    The keys and value types are the same for every document, so columnar stores (Arrow,
    Parquet) get one schema.
    """
    removed = len(result.original) - len(result.fixed) if result.fixed is not None else 0
    marks = result.marks
    return {
        "status": result.status,
        **{mark: mark in marks for mark in result.declared_marks},
        "codes": [reported.finding.code for reported in result.findings],
        "fixes_applied": sum(reported.applied for reported in result.findings),
        "chars_removed": removed,
        "errors": list(result.errors),
    }


def document_entry(result: DocumentResult, file: str | None = None) -> dict[str, Any]:
    """The result's entry in the JSON report (``documents[]``): findings with spans, line
    numbers, excerpts, measured data and fixes, as validated by the report schema.
    ``file`` is the path a user opens the document's file by (the entry's ``file``; by
    default the document's ``path``)."""
    return reportlib.document_entry(result, file)


def lint(
    text: str,
    *,
    select: Selectors = (),
    ignore: Selectors = (),
    options: RuleOptions | None = None,
    config: ConfigInput = None,
) -> list[Finding]:
    """Findings for ``text``, sorted by position."""
    linter = _linter(select, ignore, None, options, config)
    return [reported.finding for reported in linter.process(text).findings]


def fix(
    text: str,
    *,
    select: Selectors = (),
    ignore: Selectors = (),
    unsafe_fixes: bool | None = None,
    options: RuleOptions | None = None,
    config: ConfigInput = None,
) -> str:
    """``text`` with every allowed fix applied until nothing more changes."""
    fixed = _linter(select, ignore, unsafe_fixes, options, config).process(text, fix=True).fixed
    assert fixed is not None
    return fixed


def _linter(select: Selectors, ignore: Selectors, unsafe_fixes: bool | None,
            options: RuleOptions | None, config: ConfigInput) -> CorpusLinter:
    if options is None and config is None:
        return _cached_linter(tuple(_selectors(select)), tuple(_selectors(ignore)),
                              bool(unsafe_fixes))
    # A config file may change between calls and options are not hashable: build afresh.
    return CorpusLinter(select=select, ignore=ignore, unsafe_fixes=unsafe_fixes,
                        options=options, config=config)


@functools.lru_cache(maxsize=16)
def _cached_linter(select: tuple[str, ...], ignore: tuple[str, ...],
                   unsafe_fixes: bool) -> CorpusLinter:
    return CorpusLinter(select=select, ignore=ignore, unsafe_fixes=unsafe_fixes)


def _selectors(value: Selectors) -> list[str]:
    # A bare string is one comma-separated list, never a sequence of one-letter selectors
    # ("LC1" read letter by letter would select every rule through the prefix "L").
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"rule selectors must be strings, got {type(item).__name__}")
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _config(config: ConfigInput) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    return load_config([], explicit=Path(config))


def _merge_options(base: Mapping[str, Mapping[str, Any]], extra: RuleOptions,
                   classes: Sequence[type[Rule]]) -> dict[str, dict[str, Any]]:
    """Options by rule code: the config's, with ``extra`` (keyed by code or name) on top."""
    merged = {code: dict(values) for code, values in base.items()}
    for key, values in extra.items():
        cls = next((c for c in classes if key in (c.code, c.name)), None)
        if cls is None:
            known = ", ".join(f"{c.code} ({c.name})" for c in classes)
            raise RegistryError(f"options: unknown rule {key!r}; known rules: {known}")
        merged.setdefault(cls.code, {}).update(values)
    return merged


def _build(cls: type[Rule], options: Mapping[str, Any] | None) -> Rule:
    try:
        return cls(options)
    except Exception as exc:
        if not options:
            raise  # the defaults: nothing was validated
        import jsonschema  # only when a rule given options failed: valid ones never need it

        if not isinstance(exc, jsonschema.ValidationError):
            raise
        where = ".".join(str(part) for part in exc.absolute_path)
        raise ConfigError(f"options for {cls.name}{': ' + where if where else ''}: "
                          f"{exc.message}") from exc


def _as_document(document: DocumentInput) -> Document:
    if isinstance(document, Document):
        return document
    if isinstance(document, str):
        return Document(document)
    if isinstance(document, tuple) and len(document) == 2:
        identifier, text = document
        if isinstance(text, str) and isinstance(identifier, str | int):
            return Document(text, path=str(identifier), id=str(identifier))
    raise TypeError("a document is a text, an (id, text) pair or a lint_corpus Document; "
                    f"got {type(document).__name__}")


def _reject_single_text(documents: object) -> None:
    if isinstance(documents, str | bytes):
        raise TypeError("expected an iterable of documents, got one text; "
                        "wrap it in a list or use lint_corpus.lint / lint_corpus.fix")
