"""JSON Lines corpora: ``.jsonl`` (also ``.ndjson``), gzip (``.gz``) and Zstandard (``.zst``).

One JSON object per line; the document is the ``--text-field`` string and its identifier the
``--id-field`` value. Every other field is passed through: a record whose text no fix changed
is written back byte for byte, and a changed one is re-encoded with only its text replaced.
Blank lines are kept. A line that is not a JSON object with a string text field is reported
with its line number and kept verbatim or skipped (``--malformed``), never dropped silently.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

import orjson

from lint_corpus.corpus import (
    Decoded,
    FieldOptions,
    FormatError,
    Item,
    escape_surrogates,
    lone_surrogates,
    replace_surrogates,
)
from lint_corpus.corpus.atomic import AtomicFile
from lint_corpus.corpus.fields import field_hint, merged_ignores, record_ignores, string_fields

UNCOMPRESSED_SUFFIXES = (".jsonl", ".ndjson")
#: What a compressed file's name ends with after ``.jsonl``, and its compression.
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
SUFFIXES = UNCOMPRESSED_SUFFIXES + tuple(
    base + extension for extension in COMPRESSIONS for base in UNCOMPRESSED_SUFFIXES)
READ_BUFFER = 1 << 20
#: Fixed compression settings (and gzip's header timestamp at 0), so the same input gives the
#: same output bytes on every run.
GZIP_LEVEL = 6
ZSTD_LEVEL = 3


def compression_of(path: Path | str) -> str | None:
    name = str(path).lower()
    for extension, compression in COMPRESSIONS.items():
        if name.endswith(extension):
            return compression
    return None


def _open_read(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression == "gzip":
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    if compression == "zstd":
        return io.BufferedReader(ZstdFrames(raw), buffer_size=READ_BUFFER)
    return raw


#: Compressed bytes decompressed at a time: bounds what one step holds in memory (text
#: expands about tenfold).
ZSTD_READ_CHUNK = 1 << 17


class ZstdFrames(io.RawIOBase):
    """The decompressed content of every Zstandard frame in ``raw``, one after the other.

    ``zstandard``'s ``stream_reader`` ends quietly at a frame cut short, so a truncated file
    would read as a shorter, valid one; here an incomplete last frame is an ``EOFError``, as
    ``gzip`` raises for a truncated member.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        super().__init__()
        self._raw = raw
        self._decompressor = zstandard.ZstdDecompressor()
        self._frame: Any = None
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            if not self._decompress_more():
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _decompress_more(self) -> bool:
        chunk = self._raw.read(ZSTD_READ_CHUNK)
        if not chunk:
            if self._frame is not None and not self._frame.eof:
                raise EOFError("the file ends inside a Zstandard frame (truncated)")
            return False
        output: list[bytes] = []
        while chunk:
            if self._frame is None or self._frame.eof:
                self._frame = self._decompressor.decompressobj()
            output.append(self._frame.decompress(chunk))
            chunk = self._frame.unused_data if self._frame.eof else b""
        self._pending = memoryview(b"".join(output))
        return True


class JsonlReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._raw: IO[bytes] = open(path, "rb", buffering=READ_BUFFER)  # noqa: SIM115
        except OSError as exc:
            raise FormatError(f"cannot read: {exc.strerror or exc}") from None
        self._stream = _open_read(self._raw, compression_of(path))

    def items(self) -> Iterator[Item]:
        index = 0
        line_number = 0
        try:
            for line in self._stream:
                line_number += 1
                if not line.strip():
                    yield Item(line, line=line_number, verbatim=True)
                    continue
                yield Item(line, index=index, line=line_number)
                index += 1
        except (OSError, EOFError, ValueError) as exc:
            # gzip.BadGzipFile is an OSError; zstandard raises ZstdError, a ValueError subclass
            # in recent releases; a truncated stream ends in EOFError.
            raise FormatError(f"cannot decompress after line {line_number}: {exc}") from None
        except Exception as exc:
            if type(exc).__name__ == "ZstdError":
                raise FormatError(f"cannot decompress after line {line_number}: {exc}") from None
            raise

    def position(self) -> int:
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self._stream.close()
        self._raw.close()


def _loads(line: bytes) -> tuple[Any, bool]:
    """The decoded line and whether orjson could do it (its output is then used to encode)."""
    try:
        return orjson.loads(line), True
    except orjson.JSONDecodeError:
        # orjson rejects what the standard library accepts (integers beyond 64 bits, NaN):
        # such records are still read, and re-encoded by the standard library.
        return json.loads(line), False


class JsonlFormat:
    name = "jsonl"
    suffixes: tuple[str, ...] = SUFFIXES
    description = (f"{', '.join(UNCOMPRESSED_SUFFIXES)} (also compressed: "
                   f"{', '.join(COMPRESSIONS)})")
    record_based = True
    decode_in_worker = True

    def reader(self, path: Path, fields: FieldOptions) -> JsonlReader:
        return JsonlReader(path)

    def writer(self, source: Path, target: Path, fields: FieldOptions, *,
               in_place: bool) -> JsonlWriter:
        return JsonlWriter(target, compression_of(target), in_place)

    def decode(self, item: Item, fields: FieldOptions) -> Decoded:
        line: bytes = item.payload
        try:
            record, fast = _loads(line)
        except UnicodeDecodeError as exc:
            # Not decoded with the encoding rule as a text file is: JSON exchanged between
            # systems must be UTF-8 (RFC 8259, 8.1), and a record-by-record guess on short
            # records would be unsure and could differ from line to line.
            return Decoded(problem=f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} at column "
                           f"{exc.start + 1}): JSON Lines must be UTF-8 (RFC 8259); convert "
                           "the file first, e.g. iconv -f ITS-ENCODING -t UTF-8")
        except (ValueError, RecursionError) as exc:
            return Decoded(problem=f"not valid JSON ({_short(exc)})")
        if not isinstance(record, dict):
            return Decoded(problem=f"not a JSON object but {json_type(record)}")
        text = record.get(fields.text_field)
        if not isinstance(text, str):
            if fields.text_field in record:
                what = f"{json_type(text)}, not a string"
            else:
                what = f"missing ({field_hint(fields.text_field, record, string_fields(record))})"
            return Decoded(problem=f"text field {fields.text_field!r} is {what}")
        raw_id = record.get(fields.id_field)
        # orjson refuses lone surrogates, so only a record the standard library read has any.
        warnings = () if fast else _surrogate_warnings(text, fields.text_field)
        ignore, problem = record_ignores(record.get(fields.ignore_field))
        if problem is not None:
            warnings += (f"ignore field {fields.ignore_field!r} {problem}",)
        return Decoded(text, _id_text(raw_id), record=(record, fast), warnings=warnings,
                       ignore=ignore)

    def encode(self, item: Item, decoded: Decoded, fixed: str,
               fields: FieldOptions) -> bytes | None:
        record, fast = decoded.record
        record = dict(record)
        record[fields.text_field] = replace_surrogates(fixed)
        return self._encoded(item, record, fast)

    def with_ignores(self, item: Item, decoded: Decoded, codes: Sequence[str],
                     fields: FieldOptions) -> bytes:
        """The record with ``codes`` added to its ignore field (``check --add-noqa``)."""
        record, fast = decoded.record
        record = dict(record)
        record[fields.ignore_field] = merged_ignores(record.get(fields.ignore_field), codes)
        return self._encoded(item, record, fast)

    def _encoded(self, item: Item, record: dict[str, Any], fast: bool) -> bytes:
        line: bytes = item.payload
        ending = b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else b""
        if fast:
            return orjson.dumps(record) + ending
        # Lone surrogates in the other fields stay as the escapes they were read from.
        return escape_surrogates(json.dumps(record, ensure_ascii=False,
                                            separators=(",", ":"))).encode("utf-8") + ending

    def output_name(self, relative: str) -> str:
        return relative


def _surrogate_warnings(text: str, field: str) -> tuple[str, ...]:
    positions = lone_surrogates(text)
    if not positions:
        return ()
    first = positions[0]
    return (f"text field {field!r} holds {len(positions)} lone surrogate"
            f"{'s' if len(positions) > 1 else ''} (first U+{ord(text[first]):04X} at "
            f"character {first}), which UTF-8 cannot encode; a rewritten record has U+FFFD "
            "in place of each",)


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else "a string"


def _id_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _short(exc: BaseException) -> str:
    return str(exc).split("\n", 1)[0][:120]


def _open_write(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression == "gzip":
        return cast(IO[bytes], gzip.GzipFile(filename="", fileobj=raw, mode="wb",
                                             compresslevel=GZIP_LEVEL, mtime=0))
    if compression == "zstd":
        import zstandard

        compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        return cast(IO[bytes], compressor.stream_writer(raw, closefd=False))
    return raw


class JsonlWriter:
    def __init__(self, target: Path, compression: str | None, in_place: bool) -> None:
        self.in_place = in_place
        self.changed = False
        self._file = AtomicFile(target, follow_symlinks=in_place)
        try:
            self._stream = _open_write(self._file.stream, compression)
        except BaseException:
            self._file.abort()
            raise
        self._buffer: list[bytes] = []
        self._buffered = 0

    def _put(self, data: bytes) -> None:
        self._buffer.append(data)
        self._buffered += len(data)
        if self._buffered >= READ_BUFFER:
            self._flush()

    def _flush(self) -> None:
        self._stream.write(b"".join(self._buffer))
        self._buffer.clear()
        self._buffered = 0

    def write(self, item: Item, fixed: str | None, encoded: bytes | None) -> None:
        if encoded is not None:
            self.changed = True
            self._put(encoded)
        else:
            self._put(item.payload)

    def skip(self, item: Item) -> None:
        self.changed = True

    def commit(self) -> bool:
        if self.in_place and not self.changed:
            self.abort()
            return False
        self._flush()
        if self._stream is not self._file.stream:
            self._stream.close()
        self._file.commit()
        return self.changed

    def abort(self) -> None:
        try:
            if self._stream is not self._file.stream:
                self._stream.close()
        except Exception:  # the temporary file is removed whatever state the compressor is in
            pass
        self._file.abort()


JSONL = JsonlFormat()
