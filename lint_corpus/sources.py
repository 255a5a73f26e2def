"""Finding corpus files, naming the ones that cannot be used, and writing files atomically.

Reading and writing each format is ``lint_corpus.corpus``'s job; a bad input becomes an
``InputError`` naming it, and the run goes on with the other files.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: What a folder is searched for without an ``include`` setting: every format lint-corpus
#: reads (``lint_corpus.corpus``).
SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz",
                      ".jsonl.zst", ".ndjson.zst", ".jsonl.zstd", ".ndjson.zstd", ".parquet",
                      ".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Source:
    """A file to read: its path on disk and its path relative to the input root."""

    path: Path
    relative: str


@dataclass(frozen=True)
class InputError:
    relative: str
    message: str
    #: For one record of a many-record file: its position and (JSONL) line.
    record: int | None = None
    source_line: int | None = None


# --- globs ---------------------------------------------------------------------------------
# ``fnmatch`` lets ``*`` cross "/" and has no ``**``; ``PurePath.full_match`` needs Python 3.13.
# The dialect here is ruff's and gitignore's: ``*`` and ``?`` stay inside one path component,
# ``**`` spans any number of components, and a pattern without "/" matches a file name anywhere.


@lru_cache(maxsize=512)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a glob over "/"-separated relative paths (``**``, ``*``, ``?``, ``[...]``)."""
    pattern = pattern.removeprefix("./").rstrip("/")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):  # "**/": zero or more whole directories
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close]
            negate = body.startswith(("!", "^"))
            body = body[1:] if negate else body
            out.append(f"[{'^' if negate else ''}{body.replace(chr(92), chr(92) * 2)}]")
            i = close
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def glob_match(relative: str, patterns: Sequence[str], *, parents: bool = False) -> bool:
    """Whether a relative posix path matches one of the globs.

    A pattern with no "/" is matched against the file name alone (``*.md`` matches
    ``a/b/c.md``). With ``parents`` the path's folders are tried too, so ``drafts`` or
    ``drafts/**`` excludes everything under ``drafts/``.
    """
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    if not parents:
        candidates = candidates[-1:]
    for pattern in patterns:
        regex = glob_regex(pattern)
        anchored = "/" in pattern.removeprefix("./").rstrip("/")
        for candidate in candidates:
            target = candidate if anchored else candidate.rsplit("/", 1)[-1]
            if regex.fullmatch(target):
                return True
    return False


def glob_path(path: Path, base: Path | None, fallback: str) -> str:
    """The path globs are matched against: relative to ``base`` (the config file's folder)
    when the file is inside it, else ``fallback`` (its path relative to the input root)."""
    if base is not None:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
        except ValueError:
            pass
    return fallback


def discover(
    inputs: Sequence[str],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    base: Path | None = None,
) -> tuple[list[Source], list[InputError]]:
    """Expand files and folders (recursively) into sources, in a stable sorted order.

    Folders yield the files matching ``include`` (default: ``.txt`` and ``.md`` in any case);
    a file named on the command line is taken whatever its name. ``exclude`` applies to both,
    as pre-commit passes files explicitly. Globs match paths relative to ``base`` (see
    ``glob_path``); hidden files and folders under a folder input are always skipped.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    seen: set[Path] = set()

    def wanted(path: Path, relative: str) -> bool:
        return not exclude or not glob_match(glob_path(path, base, relative), exclude,
                                             parents=True)

    for raw in inputs:
        root = Path(raw)
        if not root.exists():
            errors.append(InputError(raw, "no such file or directory"))
            continue
        if root.is_dir():
            found = sorted(
                p for p in root.rglob("*")
                if p.is_file() and _included(p, root, base, include)
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
            if not found:
                errors.append(InputError(raw, "folder has no corpus file (.txt, .md, .jsonl, "
                                         ".parquet, .html…)" if include is None
                                         else f"folder has no file matching {', '.join(include)}"))
            for path in found:
                relative = path.relative_to(root).as_posix()
                if path.resolve() not in seen and wanted(path, relative):
                    seen.add(path.resolve())
                    sources.append(Source(path, relative))
        elif root.is_file():
            relative = root.name if root.is_absolute() else root.as_posix()
            if root.resolve() not in seen and wanted(root, relative):
                seen.add(root.resolve())
                sources.append(Source(root, relative))
        else:
            errors.append(InputError(raw, "not a regular file or directory"))
    return sources, errors


def _included(path: Path, root: Path, base: Path | None, include: Sequence[str] | None) -> bool:
    if include is None:
        return path.name.lower().endswith(SUPPORTED_SUFFIXES)
    return glob_match(glob_path(path, base, path.relative_to(root).as_posix()), include)


class AtomicFile:
    """A file written beside ``path`` and moved over it on ``commit``, so that a reader sees
    the old file or the new one, never half of one.

    The temporary file lives in the target folder (same file system, so ``os.replace`` is
    atomic) and gets the target's permission bits when it replaces an existing file.
    ``durable`` also flushes the data to disk before the move, so that a crash cannot leave
    a renamed but empty file in place of the input. That costs about a millisecond a file,
    which dominates writing a tree of small files; an output tree beside the input can be
    written again, so it is written without it.
    """

    def __init__(self, path: Path, *, durable: bool = True) -> None:
        self.path = path
        self.durable = durable
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file 0600; a new file gets the mode open() would give it instead.
        self.mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_current_umask()
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.temp = Path(name)
        self.stream = os.fdopen(handle, "wb")

    def commit(self) -> None:
        try:
            if not self.stream.closed:
                self.stream.flush()
                if self.durable:
                    os.fsync(self.stream.fileno())
                self.stream.close()
            os.chmod(self.temp, self.mode)
            os.replace(self.temp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        self.stream.close()
        try:
            os.unlink(self.temp)
        except FileNotFoundError:
            pass


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see ``AtomicFile``)."""
    target = AtomicFile(path, durable=durable)
    try:
        target.stream.write(data)
    except BaseException:
        target.abort()
        raise
    target.commit()


def _current_umask() -> int:
    umask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(umask)
    return umask
