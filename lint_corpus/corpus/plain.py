"""One document per file: ``.txt``, ``.md`` and anything not recognised as another format.

The file is decoded as UTF-8, or as UTF-16 when it starts with a UTF-16 byte-order mark (and
written back in its encoding). A file that is neither is decoded with the legacy encoding
charset-normalizer detects (``corpus.legacy``; the ``encoding`` rule reports it and its fix
writes the file as UTF-8), and written back in that encoding otherwise. Rules see "\\n"
only: a file that uses CRLF throughout is normalised and written back with CRLF, and a
byte-order mark is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lint_corpus.corpus import (
    Decoded,
    FieldOptions,
    FormatError,
    Item,
    Reader,
    encode_utf8,
    replace_surrogates,
)
from lint_corpus.corpus.atomic import atomic_write
from lint_corpus.corpus.legacy import DetectedEncoding, detect

#: Searched for in folders; a file with any other name given on the command line is read too.
SUFFIXES = (".txt", ".md")


#: Byte-order marks: UTF-16 is read and written back as UTF-16; UTF-32 is refused by name
#: (rather than as "binary", which is what its NUL bytes would otherwise make it).
UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
#: Of a NUL-holding file's bytes at even (or odd) offsets, the share that must be NUL for it
#: to be named UTF-16 without a byte-order mark: ASCII-range text in UTF-16 has a NUL in every
#: such position, binary data has them scattered.
UTF16_NUL_SHARE = 0.9


@dataclass(frozen=True)
class PlainText:
    text: str
    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"
    #: For a file in a legacy encoding: what was detected, and the file's bytes (written
    #: back as they are when no fix changed the text).
    detected: DetectedEncoding | None = None
    original: bytes | None = field(default=None, repr=False)
    #: Whether this is the text of a legacy file that a fix converts to UTF-8 (``as_utf8``).
    converted: bool = False

    def as_utf8(self) -> PlainText:
        """The same text, to be written as UTF-8 (the ``encoding`` rule's fix)."""
        return PlainText(self.text, self.newline, converted=True)

    def encode(self, text: str) -> bytes:
        if self.original is not None and text == self.text:
            return self.original
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        if self.detected is not None:
            try:
                return text.encode(self.encoding)
            except UnicodeEncodeError as exc:
                raise FormatError(
                    f"the fixed text has {text[exc.start]!r}, which {self.encoding} cannot "
                    "encode; nothing was written (the encoding rule's fix writes the file "
                    "as UTF-8; when the detection is unsure it needs --unsafe-fixes)") from None
        if self.encoding == "utf-8":
            return (UTF8_BOM if self.bom else b"") + encode_utf8(text)
        bom = next(mark for mark, encoding in UTF16_BOMS.items() if encoding == self.encoding)
        return bom + replace_surrogates(text).encode(self.encoding)


def decode_file(data: bytes) -> PlainText:
    """Decode a text file; reject binary, undecodable and empty files with a clear reason."""
    if not data.strip():
        raise FormatError("file is empty" if not data else "file is only whitespace")
    if data.startswith(UTF32_BOMS):
        raise FormatError("file is UTF-32 (it starts with a UTF-32 byte-order mark); "
                          "convert it to UTF-8, e.g. iconv -f UTF-32 -t UTF-8")
    for mark, encoding in UTF16_BOMS.items():
        if data.startswith(mark):
            try:
                text = data[len(mark):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise FormatError(f"not valid {encoding.upper()} (at byte offset "
                                  f"{exc.start + len(mark)}); skipped") from None
            if not text.strip():
                raise FormatError("file is only whitespace")
            return _with_newlines(text, bom=True, encoding=encoding)
    if b"\x00" in data:
        if _looks_utf16(data):
            raise FormatError("file looks like UTF-16 without a byte-order mark; convert it "
                              "to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8; skipped")
        raise FormatError("file looks binary (contains NUL bytes); skipped")
    bom = data.startswith(UTF8_BOM)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}"
        if bom or _mostly_utf8(data):  # damaged UTF-8, not a file in another encoding
            raise FormatError(f"not valid UTF-8 ({where}); skipped") from None
        try:
            text, detected = detect(data)
        except FormatError as error:
            raise FormatError(f"{error}; the first byte that is not UTF-8 is {where}; "
                              "skipped") from None
        return _with_newlines(text, bom=False, encoding=detected.encoding, detected=detected,
                              original=data)
    return _with_newlines(text, bom=bom, encoding="utf-8")


def _with_newlines(text: str, *, bom: bool, encoding: str,
                   detected: DetectedEncoding | None = None,
                   original: bytes | None = None) -> PlainText:
    # Only a file that uses CRLF throughout is normalised: in a file with mixed endings,
    # rewriting every "\n" as CRLF on write would change lines no fix touched.
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf == text.count("\n") else "\n"
    if newline == "\r\n":
        text = text.replace("\r\n", "\n")
    return PlainText(text, newline, bom, encoding, detected, original)


def _mostly_utf8(data: bytes) -> bool:
    """Whether the characters outside ASCII mostly decode as UTF-8: a UTF-8 file with a few
    damaged or foreign bytes, which no single legacy encoding reads right. Text in a legacy
    encoding forms a valid UTF-8 sequence only by chance (GBK's "中", D6 D0, does not: D0
    is no continuation byte), so in such a file the invalid sequences are the majority."""
    decoded = data.decode("utf-8", "replace")
    invalid = decoded.count("\ufffd")
    beyond_ascii = len(decoded) - len(decoded.encode("ascii", "ignore"))
    return beyond_ascii - invalid >= invalid


def _looks_utf16(data: bytes) -> bool:
    halves = (data[0::2], data[1::2])
    return any(half.count(0) >= UTF16_NUL_SHARE * len(half) and other.count(0) == 0
               for half, other in (halves, halves[::-1]))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or exc}") from None


class PlainReader:
    """Reads the whole file as one document; subclasses say how its bytes become text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._size = 0

    def decode(self, data: bytes) -> PlainText:
        return decode_file(data)

    def items(self) -> Iterator[Item]:
        data = read_bytes(self.path)
        self._size = len(data)
        yield Item(self.decode(data))

    def position(self) -> int:
        return self._size

    def close(self) -> None:
        pass


class PlainWriter:
    def __init__(self, target: Path, in_place: bool) -> None:
        self.target, self.in_place = target, in_place
        self._data: bytes | None = None
        self._changed = False

    def write(self, item: Item, fixed: str | None, encoded: bytes | None) -> None:
        payload: PlainText = item.payload
        self._changed = fixed is not None and (fixed != payload.text or payload.converted)
        if self._changed or not self.in_place:
            self._data = payload.encode(payload.text if fixed is None else fixed)

    def skip(self, item: Item) -> None:
        self._data = None
        self._changed = True

    def commit(self) -> bool:
        if self._data is not None and (self._changed or not self.in_place):
            atomic_write(self.target, self._data, durable=self.in_place,
                         follow_symlinks=self.in_place)
        return self._changed

    def abort(self) -> None:
        self._data = None


class PlainFormat:
    name = "text"
    suffixes: tuple[str, ...] = SUFFIXES
    description = ", ".join(SUFFIXES)
    record_based = False
    decode_in_worker = False

    def reader(self, path: Path, fields: FieldOptions) -> Reader:
        return PlainReader(path)

    def writer(self, source: Path, target: Path, fields: FieldOptions, *,
               in_place: bool) -> PlainWriter:
        return PlainWriter(target, in_place)

    def decode(self, item: Item, fields: FieldOptions) -> Decoded:
        payload: PlainText = item.payload
        return Decoded(payload.text)

    def encode(self, item: Item, decoded: Decoded, fixed: str,
               fields: FieldOptions) -> bytes | None:
        return None

    def output_name(self, relative: str) -> str:
        return relative


PLAIN = PlainFormat()
