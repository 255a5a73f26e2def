"""Finding, reading and writing corpus files.

Everything that touches the file system for documents goes through here, so that new formats
(JSONL, Parquet, HTML) can be added as readers and writers without touching rules or the CLI.
Reading never raises for a bad file: it yields an ``InputError`` naming the file, and the run
goes on with the other files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint_corpus.document import Document

SUPPORTED_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Source:
    """A file to read: its path on disk and its path relative to the input root."""

    path: Path
    relative: str


@dataclass(frozen=True)
class InputError:
    relative: str
    message: str


@dataclass(frozen=True)
class LoadedDocument:
    source: Source
    document: Document
    newline: str
    bom: bool


def discover(inputs: Sequence[str]) -> tuple[list[Source], list[InputError]]:
    """Expand files and folders (recursively) into sources, in a stable sorted order."""
    sources: list[Source] = []
    errors: list[InputError] = []
    seen: set[Path] = set()
    for raw in inputs:
        root = Path(raw)
        if not root.exists():
            errors.append(InputError(raw, "no such file or directory"))
            continue
        if root.is_dir():
            found = sorted(
                p for p in root.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
            if not found:
                errors.append(InputError(raw, "folder has no .txt or .md file"))
            for path in found:
                if path.resolve() not in seen:
                    seen.add(path.resolve())
                    sources.append(Source(path, path.relative_to(root).as_posix()))
        elif root.is_file():
            if root.resolve() not in seen:
                seen.add(root.resolve())
                sources.append(Source(root, root.name if root.is_absolute() else root.as_posix()))
        else:
            errors.append(InputError(raw, "not a regular file or directory"))
    return sources, errors


def load(source: Source) -> LoadedDocument | InputError:
    """Decode a text file as UTF-8; reject binary, undecodable and empty files clearly."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return InputError(source.relative, f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        reason = "file is empty" if not data else "file is only whitespace"
        return InputError(source.relative, reason)
    if b"\x00" in data:
        return InputError(source.relative, "file looks binary (contains NUL bytes); skipped")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return InputError(
            source.relative,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}); "
            "skipped",
        )
    # Rules see "\n" only; the original line ending is restored on write. Only a file that
    # uses CRLF throughout is normalised: in a file with mixed endings, rewriting every "\n"
    # as CRLF on write would change lines no fix touched, so its "\r"s stay in the text.
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf == text.count("\n") else "\n"
    if newline == "\r\n":
        text = text.replace("\r\n", "\n")
    return LoadedDocument(source, Document(text, source.relative), newline, bom)


def encode(loaded: LoadedDocument, text: str) -> bytes:
    if loaded.newline != "\n":
        text = text.replace("\n", loaded.newline)
    return (b"\xef\xbb\xbf" if loaded.bom else b"") + text.encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    The temporary file lives in the target folder (same file system, so ``os.replace`` is
    atomic) and inherits the target's permission bits when it replaces an existing file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file 0600; a new file gets the mode open() would give it instead.
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_current_umask()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise


def _current_umask() -> int:
    umask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(umask)
    return umask


def iter_loaded(sources: Sequence[Source]) -> Iterator[LoadedDocument | InputError]:
    for source in sources:
        yield load(source)
