"""Corpus files: the formats documents are read from and written back in.

A corpus file holds one document (``.txt``, ``.md``, ``.html``) or many records (JSONL, plain or
compressed, and Parquet). Every format is a ``CorpusFormat``: its reader turns the file into
``Item``s in file order, and its writer takes them back, with each document's fixed text, and
installs the cleaned file atomically. Decoding a record is separated from reading it
(``decode``), so that worker processes can do the per-record work and the main process only
moves bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from lint_corpus.errors import LintCorpusError

#: What the document text and identifier are called in record-based files.
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"


class FormatError(LintCorpusError):
    """A file that cannot be read or written as its format (named in the message)."""


@dataclass(frozen=True)
class FieldOptions:
    text_field: str = DEFAULT_TEXT_FIELD
    id_field: str = DEFAULT_ID_FIELD


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


def format_for(path: Path | str) -> CorpusFormat:
    """The format of a file, by its name; files with other names are read as plain text."""
    # Imported here: the format modules import this module for the shared types.
    from lint_corpus.corpus import html, jsonl, parquet, plain

    name = str(path).lower()
    if name.endswith(jsonl.SUFFIXES):
        return jsonl.JSONL
    if name.endswith(".parquet"):
        return parquet.PARQUET
    if name.endswith((".html", ".htm", ".xhtml")):
        return html.HTML
    return plain.PLAIN


def format_named(name: str) -> CorpusFormat:
    """A format by its ``name`` (how a task tells a worker which decoder to use)."""
    from lint_corpus.corpus import html, jsonl, parquet, plain

    for fmt in (jsonl.JSONL, parquet.PARQUET, html.HTML, plain.PLAIN):
        if fmt.name == name:
            return fmt
    raise ValueError(f"unknown corpus format {name!r}")


__all__ = ["DEFAULT_ID_FIELD", "DEFAULT_TEXT_FIELD", "CorpusFormat",
           "Decoded", "FieldOptions", "FormatError", "Item", "Reader", "Writer", "format_for",
           "format_named"]
