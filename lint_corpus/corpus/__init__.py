"""Corpus files: the formats documents are read from and written back in.

A corpus file holds one document (``.txt``, ``.md``, ``.html``) or many records (JSONL, plain or
compressed, and Parquet). Every format is a ``CorpusFormat``: its reader turns the file into
``Item``s in file order, and its writer takes them back, with each document's fixed text, and
installs the cleaned file atomically. Decoding a record is separated from reading it
(``decode``), so that worker processes can do the per-record work and the main process only
moves bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from lint_corpus.errors import LintCorpusError

#: What the document text and identifier are called in record-based files.
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"
#: The field or column whose value suppresses rules for its record (a list of rule codes or
#: names, or "all"); ``lint_corpus.suppressions`` documents suppressions.
DEFAULT_IGNORE_FIELD = "lint_ignore"


#: A UTF-16 surrogate code point. Python strings can hold one alone (JSON's ``"\\ud800"``
#: decodes to it) but UTF-8 cannot encode it: no writer may let one through.
_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogates(text: str) -> list[int]:
    """The character offsets of the surrogate code points in ``text``."""
    return [match.start() for match in _SURROGATE.finditer(text)]


def replace_surrogates(text: str) -> str:
    """``text`` with U+FFFD in place of each surrogate code point."""
    return _SURROGATE.sub("\ufffd", text)


def escape_surrogates(text: str) -> str:
    """Serialised JSON with each surrogate code point written as its ``\\uXXXX`` escape, as
    the input had it: valid UTF-8 that decodes back to the same value."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def encode_utf8(text: str) -> bytes:
    """``text`` as UTF-8, with U+FFFD for any surrogate code point (never invalid bytes)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return replace_surrogates(text).encode("utf-8")


class FormatError(LintCorpusError):
    """A file that cannot be read or written as its format (named in the message)."""


@dataclass(frozen=True)
class FieldOptions:
    text_field: str = DEFAULT_TEXT_FIELD
    id_field: str = DEFAULT_ID_FIELD
    ignore_field: str = DEFAULT_IGNORE_FIELD


@dataclass(frozen=True)
class Item:
    """One unit of a corpus file, in file order.

    ``payload`` is what the format's ``decode`` turns into text (a ``str`` already, or the raw
    bytes of a JSONL line); ``index`` is the record's position among the file's records
    (``None`` for one-document files); ``line`` is the 1-based line of a JSONL record.
    ``verbatim`` items are not documents (blank JSONL lines): writers copy them as they are.
    """

    payload: Any
    index: int | None = None
    line: int | None = None
    id: str | None = None
    verbatim: bool = False


@dataclass(frozen=True)
class Decoded:
    """A record's text and identifier, or why it could not be read (``problem``)."""

    text: str = ""
    id: str | None = None
    problem: str | None = None
    #: What the format needs to re-encode the record (the parsed JSON object, say).
    record: Any = None
    #: Problems with a record that is still linted (reported as errors for that record).
    warnings: tuple[str, ...] = ()
    #: The rules the record's ignore field suppresses (``()``: all; ``None``: no field).
    ignore: tuple[str, ...] | None = None
    #: For text extracted from a file that is not text (HTML): the 1-based line of the file
    #: each line of ``text`` came from, so that findings point into the file.
    source_lines: Sequence[int] | None = None


class Reader(Protocol):
    def items(self) -> Iterator[Item]: ...

    def position(self) -> int:
        """Bytes of the file on disk consumed so far (for progress)."""
        ...

    def close(self) -> None: ...


class Writer(Protocol):
    def write(self, item: Item, fixed: str | None, encoded: bytes | None) -> None:
        """Write one item: ``fixed`` is its new text (``None``: unchanged), ``encoded`` the
        record re-encoded by ``encode`` when the format has one."""
        ...

    def skip(self, item: Item) -> None:
        """Leave the item out of the output (a dropped or skipped malformed record)."""
        ...

    def commit(self) -> bool:
        """Install the output atomically; return whether it differs from the input."""
        ...

    def abort(self) -> None: ...


class CorpusFormat(Protocol):
    name: str
    #: The file names the format is chosen for (lower case, matched at the end of the name):
    #: the one declaration that discovery, ``format_for`` and the CLI's texts read.
    suffixes: tuple[str, ...]
    #: The suffixes as people read them in help and error texts.
    description: str
    #: Whether the file holds many documents (the report then names records).
    record_based: bool
    #: Whether ``decode`` is worth running in a worker process (parsing JSON is); otherwise
    #: the main process decodes and sends the text.
    decode_in_worker: bool

    def reader(self, path: Path, fields: FieldOptions) -> Reader: ...

    def writer(self, source: Path, target: Path, fields: FieldOptions, *,
               in_place: bool) -> Writer: ...

    def decode(self, item: Item, fields: FieldOptions) -> Decoded: ...

    def encode(self, item: Item, decoded: Decoded, fixed: str,
               fields: FieldOptions) -> bytes | None:
        """The record with its text replaced, as the writer wants it (``None``: the writer
        encodes itself); called in a worker, so the main process only writes bytes."""
        ...

    def output_name(self, relative: str) -> str:
        """The cleaned file's relative path for ``--out`` (HTML becomes ``.txt``)."""
        ...


def all_formats() -> tuple[CorpusFormat, ...]:
    """Every corpus format; plain text first, as it also reads files with other names."""
    # Imported here: the format modules import this module for the shared types.
    from lint_corpus.corpus import html, jsonl, parquet, plain

    return (plain.PLAIN, jsonl.JSONL, parquet.PARQUET, html.HTML)


def supported_suffixes() -> tuple[str, ...]:
    """The suffixes of every format: what a folder is searched for without ``include``."""
    return tuple(suffix for fmt in all_formats() for suffix in fmt.suffixes)


def describe_suffixes() -> str:
    """The supported file names for help and error texts, e.g. ``.txt, .md, .jsonl…``."""
    return ", ".join(fmt.description for fmt in all_formats())


def format_for(path: Path | str) -> CorpusFormat:
    """The format of a file, by its name; files with other names are read as plain text."""
    name = str(path).lower()
    formats = all_formats()
    for fmt in formats:
        if name.endswith(fmt.suffixes):
            return fmt
    return formats[0]


def format_named(name: str) -> CorpusFormat:
    """A format by its ``name`` (how a task tells a worker which decoder to use)."""
    for fmt in all_formats():
        if fmt.name == name:
            return fmt
    raise ValueError(f"unknown corpus format {name!r}")


__all__ = ["DEFAULT_ID_FIELD", "DEFAULT_IGNORE_FIELD", "DEFAULT_TEXT_FIELD", "CorpusFormat",
           "Decoded", "FieldOptions", "FormatError", "Item", "Reader", "Writer", "all_formats",
           "describe_suffixes", "encode_utf8", "escape_surrogates", "format_for", "format_named",
           "lone_surrogates", "replace_surrogates", "supported_suffixes"]
