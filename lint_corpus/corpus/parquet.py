"""Parquet corpora, read and written one row group at a time (needs ``pyarrow``).

The text column (``--text-field``) is replaced by the fixed texts; every other column, the
schema with its metadata, the row-group boundaries and the compression codec are kept. A row
whose text is null or not a string is reported as malformed, and kept or skipped.

``check --add-noqa`` also rewrites the ignore column (``--ignore-field``): a row with findings
gets their codes appended to its list, and a file without the column gets it as a nullable
``list<string>`` column (null in every other row).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lint_corpus.corpus import Decoded, FieldOptions, FormatError, Item, replace_surrogates
from lint_corpus.corpus.atomic import AtomicFile, temp_name_prefix
from lint_corpus.corpus.fields import ALL_RULES, field_hint, record_ignores
from lint_corpus.corpus.jsonl import _id_text

SUFFIXES = (".parquet",)
INSTALL_HINT = "reading Parquet needs pyarrow: pip install 'lint-corpus[parquet]'"


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise FormatError(INSTALL_HINT) from None
    return pyarrow


class RowGroup:
    """One row group as read, and the fixed texts gathered for it until it is complete."""

    def __init__(self, table: Any, text_column: int) -> None:
        self.table = table
        self.text_column = text_column
        self.rows = table.num_rows
        self.texts: list[str | None] = table.column(text_column).to_pylist()
        self.keep = [True] * self.rows
        self.done = 0
        #: The ignore column's values (``None``: the file has no such column).
        self.ignores: list[Any] | None = None
        #: Whether ``check --add-noqa`` changed a value of ``ignores``.
        self.ignores_changed = False


def codes_to_add(codes: Sequence[str]) -> bytes:
    """What a worker sends back for a row that ``check --add-noqa`` gives ``codes``: the rows
    stay in the main process, whose writer adds them (``ParquetWriter.write``)."""
    return json.dumps(list(codes)).encode("utf-8")


def extended_ignores(current: object, codes: Sequence[str]) -> object:
    """The ignore value ``current`` with ``codes`` added: existing entries kept in their order,
    new ones appended, none twice; a comma-separated string stays a string, ``"all"`` stays."""
    if isinstance(current, str):
        listed = [entry.strip() for entry in current.split(",") if entry.strip()]
        if any(entry.lower() == ALL_RULES for entry in listed):
            return current
        new = [code for code in codes if code not in listed]
        return ", ".join([*listed, *new]) if new else current
    existing = list(current) if isinstance(current, (list, tuple)) else []
    if any(isinstance(entry, str) and entry.strip().lower() == ALL_RULES for entry in existing):
        return current
    new = [code for code in codes if code not in existing]
    return [*existing, *new] if new or current is None else current


def _as_column_value(value: object, text_column: bool) -> object:
    """``value`` as the ignore column holds it: a string column holds a list comma-joined."""
    if text_column and isinstance(value, list):
        return ", ".join(value)
    return value


class ParquetReader:
    def __init__(self, path: Path, fields: FieldOptions) -> None:
        pa = _pyarrow()
        self.fields = fields
        try:
            self.file = pa.parquet.ParquetFile(path)
        except (OSError, pa.ArrowException) as exc:
            raise FormatError(f"not a readable Parquet file ({exc})") from None
        names = self.file.schema_arrow.names
        if fields.text_field not in names:
            text_columns = [field.name for field in self.file.schema_arrow
                            if pa.types.is_string(field.type)
                            or pa.types.is_large_string(field.type)]
            hint = field_hint(fields.text_field, names, text_columns, label="columns")
            raise FormatError(f"no column {fields.text_field!r} ({hint})")
        self.text_column = names.index(fields.text_field)
        self.id_column = names.index(fields.id_field) if fields.id_field in names else None
        self.ignore_column = (names.index(fields.ignore_field) if fields.ignore_field in names
                              else None)
        self._position = 0

    def items(self) -> Iterator[Item]:
        index = 0
        metadata = self.file.metadata
        for group_number in range(self.file.num_row_groups):
            try:
                table = self.file.read_row_group(group_number)
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise FormatError(f"cannot read row group {group_number}: {exc}") from None
            group = RowGroup(table, self.text_column)
            if self.ignore_column is not None:
                group.ignores = table.column(self.ignore_column).to_pylist()
            ids = (table.column(self.id_column).to_pylist() if self.id_column is not None
                   else [None] * group.rows)
            for row in range(group.rows):
                yield Item((group, row), index=index, id=_id_text(ids[row]))
                index += 1
            self._position += metadata.row_group(group_number).total_byte_size

    def position(self) -> int:
        return self._position

    def close(self) -> None:
        self.file.close()


class ParquetWriter:
    def __init__(self, source: Path, target: Path, in_place: bool, ignore_field: str) -> None:
        pa = _pyarrow()
        self.pa = pa
        self.ignore_field = ignore_field
        self.in_place = in_place
        self.changed = False
        source_file = pa.parquet.ParquetFile(source)
        metadata = source_file.metadata
        codec = "NONE"
        if metadata.num_row_groups and metadata.num_columns:
            codec = metadata.row_group(0).column(0).compression
        self.schema = source_file.schema_arrow
        source_file.close()
        self.compression = "none" if codec.upper() == "UNCOMPRESSED" else codec.lower()
        #: Whether the ignore column is added by this writer (the source has none).
        self.adds_ignore_column = False
        self._file = AtomicFile(target, follow_symlinks=in_place)
        try:
            self._file.stream.close()  # pyarrow writes the temporary file by its path
            self._writer = self._open(self._file.temp)
        except BaseException:
            self._file.abort()
            raise

    def _open(self, path: Path) -> Any:
        return self.pa.parquet.ParquetWriter(str(path), self.schema,
                                             compression=self.compression)

    def _row(self, item: Item) -> tuple[RowGroup, int]:
        group, row = item.payload
        return group, row

    def write(self, item: Item, fixed: str | None, encoded: bytes | None) -> None:
        group, row = self._row(item)
        if fixed is not None and fixed != group.texts[row]:
            group.texts[row] = replace_surrogates(fixed)
            self.changed = True
        if encoded is not None:
            self._add_ignores(group, row, json.loads(encoded))
        self._done(group)

    def _add_ignores(self, group: RowGroup, row: int, codes: list[str]) -> None:
        """``check --add-noqa``: ``codes`` added to the row's ignore column."""
        if self.ignore_field in self.schema.names:
            column_type = self.schema.field(self.ignore_field).type
            is_list = (self.pa.types.is_list(column_type)
                       or self.pa.types.is_large_list(column_type))
            if not (self._holds_strings(column_type)
                    or is_list and self._holds_strings(column_type.value_type)):
                raise FormatError(f"ignore column {self.ignore_field!r} is {column_type}, "
                                  "not a list of strings or a string: --add-noqa cannot "
                                  "extend it")
        elif not self.adds_ignore_column:
            self._add_ignore_column()
        if group.ignores is None:
            group.ignores = [None] * group.rows
        text_column = self._holds_strings(self.schema.field(self.ignore_field).type)
        extended = _as_column_value(extended_ignores(group.ignores[row], codes), text_column)
        if extended != group.ignores[row]:
            group.ignores[row] = extended
            group.ignores_changed = True
            self.changed = True

    def _holds_strings(self, column_type: Any) -> bool:
        return bool(self.pa.types.is_string(column_type)
                    or self.pa.types.is_large_string(column_type))

    def _add_ignore_column(self) -> None:
        """Add the ignore column to the schema, and to the row groups already written (null
        in each of their rows): they are copied one at a time into a new temporary file."""
        self.adds_ignore_column = True
        self.schema = self.schema.append(self.pa.field(
            self.ignore_field, self.pa.list_(self.pa.string()), nullable=True))
        self._writer.close()
        written = self._file.temp
        # Named like every temp file of a run, so a later run sweeps it if this one is killed.
        descriptor, name = tempfile.mkstemp(prefix=temp_name_prefix(self._file.path.name),
                                            suffix=".tmp", dir=written.parent)
        os.close(descriptor)
        widened = Path(name)
        writer = self._open(widened)
        try:
            narrow = self.pa.parquet.ParquetFile(written)
            try:
                for number in range(narrow.num_row_groups):
                    table = self._with_ignore_column(narrow.read_row_group(number), None)
                    writer.write_table(table, row_group_size=max(table.num_rows, 1))
            finally:
                narrow.close()
            # The writer stays open on the renamed file: the rest of the rows follow.
            os.replace(widened, written)
        except BaseException:
            writer.close()
            widened.unlink(missing_ok=True)
            raise
        self._writer = writer

    def _with_ignore_column(self, table: Any, values: list[Any] | None) -> Any:
        field = self.schema.field(self.ignore_field)
        column = self.pa.array(values if values is not None else [None] * table.num_rows,
                               type=field.type)
        return table.append_column(field, column)

    def skip(self, item: Item) -> None:
        group, row = self._row(item)
        group.keep[row] = False
        self.changed = True
        self._done(group)

    def _done(self, group: RowGroup) -> None:
        group.done += 1
        if group.done < group.rows:
            return
        table = group.table
        column = self.pa.array(group.texts, type=table.schema.field(group.text_column).type)
        table = table.set_column(group.text_column, table.schema.field(group.text_column),
                                 column)
        if self.adds_ignore_column:
            table = self._with_ignore_column(table, group.ignores)
        elif group.ignores_changed:
            index = table.schema.get_field_index(self.ignore_field)
            field = table.schema.field(index)
            table = table.set_column(index, field, self.pa.array(group.ignores, type=field.type))
        if not all(group.keep):
            table = table.filter(self.pa.array(group.keep))
        self._writer.write_table(table, row_group_size=max(table.num_rows, 1))

    def commit(self) -> bool:
        self._writer.close()
        if self.in_place and not self.changed:
            self._file.abort()
            return False
        self._file.commit()
        return self.changed

    def abort(self) -> None:
        try:
            self._writer.close()
        except Exception:  # the temporary file is removed whatever state the writer is in
            pass
        self._file.abort()


class ParquetFormat:
    name = "parquet"
    suffixes: tuple[str, ...] = SUFFIXES
    description = ", ".join(SUFFIXES)
    record_based = True
    decode_in_worker = False

    def reader(self, path: Path, fields: FieldOptions) -> ParquetReader:
        return ParquetReader(path, fields)

    def writer(self, source: Path, target: Path, fields: FieldOptions, *,
               in_place: bool) -> ParquetWriter:
        return ParquetWriter(source, target, in_place, fields.ignore_field)

    def decode(self, item: Item, fields: FieldOptions) -> Decoded:
        group, row = item.payload
        text = group.texts[row]
        if not isinstance(text, str):
            what = "null" if text is None else f"{type(text).__name__}, not a string"
            return Decoded(problem=f"text column {fields.text_field!r} is {what}")
        if group.ignores is None:
            return Decoded(text, item.id)
        ignore, problem = record_ignores(group.ignores[row])
        warnings = (f"ignore column {fields.ignore_field!r} {problem}",) if problem else ()
        return Decoded(text, item.id, warnings=warnings, ignore=ignore)

    def encode(self, item: Item, decoded: Decoded, fixed: str,
               fields: FieldOptions) -> bytes | None:
        return None

    def output_name(self, relative: str) -> str:
        return relative


PARQUET = ParquetFormat()
