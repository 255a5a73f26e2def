"""The rule API: what a rule declares, what it yields, and how a fix is expressed.

A rule is a class with declarative attributes (code, name, severity, options schema) and a
``check`` method that yields ``Finding`` objects. A finding may carry a ``Fix``: a set of span
edits (a deletion is an edit with an empty replacement) plus an applicability that says
whether it is safe to apply by default.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from lint_corpus import schema_check
from lint_corpus.document import Document

#: Stores an instance's attributes in one step, past a frozen dataclass's ``__setattr__``.
#: The generated ``__init__`` of a frozen dataclass calls ``object.__setattr__`` once per
#: field, about four times slower, and a corpus run builds tens of thousands of findings,
#: fixes and edits. The instances are the same: a plain ``__dict__`` holding every field.
_set_dict = object.__setattr__
#: The default of ``Finding.data``: stands for its ``field(default_factory=dict)``.
_NO_DATA: Any = object()


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Applicability(StrEnum):
    """How sure a fix is: safe fixes apply by default, unsafe ones need ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True, init=False)
class Edit:
    start: int
    end: int
    replacement: str = ""

    def __init__(self, start: int, end: int, replacement: str = "") -> None:
        _set_dict(self, "__dict__", {"start": start, "end": end, "replacement": replacement})

    def overlaps(self, other: Edit) -> bool:
        if self.start == self.end == other.start == other.end:
            return True  # two insertions at one point: their order would be arbitrary
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, init=False)
class Fix:
    """What applying the finding's fix does. ``description`` is an imperative sentence.

    A fix with ``writes_as`` changes the file, not the text: it has no edits, and the file
    is written in that encoding (the ``encoding`` rule's conversion to UTF-8).
    """

    description: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    writes_as: str | None = None

    def __init__(self, description: str, edits: tuple[Edit, ...],
                 applicability: Applicability = Applicability.SAFE,
                 writes_as: str | None = None) -> None:
        _set_dict(self, "__dict__", {"description": description, "edits": edits,
                                     "applicability": applicability, "writes_as": writes_as})

    @property
    def action(self) -> str:
        return "delete" if all(edit.replacement == "" for edit in self.edits) else "replace"

    @classmethod
    def delete(
        cls, start: int, end: int, description: str,
        applicability: Applicability = Applicability.SAFE,
    ) -> Fix:
        return cls(description, (Edit(start, end, ""),), applicability)

    @classmethod
    def delete_lines(
        cls, doc: Document, first: int, last: int, description: str,
        applicability: Applicability = Applicability.SAFE,
    ) -> Fix:
        """Delete lines ``first``..``last`` (indexes, inclusive) without leaving debris.

        The deletion starts at the end of the previous non-blank line, so the blank lines that
        separated the removed block go with it; removing the document's tail keeps the
        original's final-newline convention.
        """
        lines = doc.lines
        previous = next((ln for ln in reversed(lines[:first]) if not ln.is_blank), None)
        following = next((ln for ln in lines[last + 1 :] if not ln.is_blank), None)
        if following is None:  # the tail of the document
            start = previous.end if previous is not None else 0
            replacement = "\n" if previous is not None and doc.text.endswith("\n") else ""
            return cls(description, (Edit(start, len(doc.text), replacement),), applicability)
        if previous is None:  # the head of the document
            return cls(description, (Edit(0, following.start, ""),), applicability)
        return cls(description, (Edit(previous.end, lines[last].end, ""),), applicability)


@dataclass(frozen=True, init=False)
class Finding:
    """One defect at one span of a document's text."""

    code: str
    rule: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    #: Measured values and thresholds behind the verdict, for the report.
    data: Mapping[str, Any] = field(default_factory=dict)
    #: Document-level marks this finding implies: some of its rule's ``Rule.marks``.
    marks: frozenset[str] = frozenset()

    def __init__(self, code: str, rule: str, severity: Severity, message: str, start: int,
                 end: int, fix: Fix | None = None, data: Mapping[str, Any] = _NO_DATA,
                 marks: frozenset[str] = frozenset()) -> None:
        _set_dict(self, "__dict__", {
            "code": code, "rule": rule, "severity": severity, "message": message,
            "start": start, "end": end, "fix": fix, "data": {} if data is _NO_DATA else data,
            "marks": marks,
        })


class Rule:
    """Base class for rules. Subclasses set the class attributes and implement ``check``.

    The subclass docstring is the rule's documentation and must contain the headings
    ``What it does``, ``Why is this bad?``, ``Example`` and ``Fix``.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    #: Whether the rule's findings may carry a fix (``rules`` shows ``fix``): a rule that
    #: declares ``False`` and yields a fix fails on the document, like any broken rule.
    fixable: ClassVar[bool] = True
    #: Whether some of its fixes may be safe. A rule whose every fix is unsafe (it may remove
    #: real text) declares ``False``: ``rules`` shows ``unsafe fix`` for it instead of
    #: ``fix``, and a safe fix from it fails on the document, like an undeclared fix.
    safe_fixes: ClassVar[bool] = True
    #: Document marks this rule's findings may set (``Finding.marks``). A document with a
    #: marked finding takes the mark as its status, and the report states each mark the
    #: installed rules declare as a boolean of the document.
    marks: ClassVar[frozenset[str]] = frozenset()
    #: Kinds of Markdown regions that are not prose but that this rule is about (``"html"``
    #: for html-residue's script blocks): it sees them and may report and fix there. Every
    #: other rule sees them blanked out (``lint_corpus.suppressions``).
    reads_markup: ClassVar[frozenset[str]] = frozenset()
    #: JSON Schema (an object schema) for the rule's options; every property has a default.
    options_schema: ClassVar[dict[str, Any]] = {"type": "object", "properties": {}}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        merged = self.default_options()
        if options:
            # Only given options need checking: every rule's defaults are tested against its
            # schema. Valid options are checked without importing jsonschema (schema_check).
            merged.update(options)
            schema = dict(self.options_schema)
            schema.setdefault("additionalProperties", False)
            schema_check.validate(merged, schema)
        self.options: dict[str, Any] = merged

    #: The config's severity for this rule (``[severity]``), set by ``with_severity``.
    configured_severity: Severity | None = None

    def with_severity(self, severity: Severity) -> Rule:
        """This rule with ``severity`` for itself (its report entry) and all its findings."""
        _set_dict(self, "severity", severity)  # an instance's, over the class's declaration
        self.configured_severity = severity
        return self

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        properties = cls.options_schema.get("properties", {})
        return {key: copy.deepcopy(spec["default"]) for key, spec in properties.items()}

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    def check(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        data: Mapping[str, Any] | None = None,
        marks: frozenset[str] = frozenset(),
        severity: Severity | None = None,
    ) -> Finding:
        severity = self.configured_severity or severity or self.severity
        return Finding(self.code, self.name, severity, message, start, end,
                       fix, dict(data) if data else {}, marks)
