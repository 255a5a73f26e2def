"""Finding corpus files, naming the ones that cannot be used, and writing files atomically.

Reading and writing each format is ``lint_corpus.corpus``'s job; a bad input becomes an
``InputError`` naming it, and the run goes on with the other files.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, ParamSpec, TextIO

from lint_corpus.corpus import describe_suffixes, supported_suffixes
from lint_corpus.corpus.atomic import AtomicFile, atomic_write
from lint_corpus.gitignore import GitIgnore
from lint_corpus.results import InputError


@dataclass(frozen=True)
class Source:
    """A file to read: its path on disk and its path relative to the input root.

    ``relative`` lays out ``fix --out`` (each file mirrored under its input); ``label`` is
    how findings and messages name the file: a path the user can open from the current
    directory (``shown``, when it differs from ``relative``).
    """

    path: Path
    relative: str
    #: The path config globs match instead of the file's own (``glob_path``): standard
    #: input's ``--stdin-filename``, whose contents sit in a temporary file.
    stands_for: Path | None = None
    #: The file as findings name it (see ``shown_path``); ``None``: ``relative``.
    shown: str | None = None

    @property
    def label(self) -> str:
        return self.relative if self.shown is None else self.shown


def shown_path(path: Path) -> str:
    """``path`` as a user can open it from the current directory, as ruff prints paths: an
    absolute path under the current directory becomes relative to it (so ``fix --diff``
    applies with ``patch -p1`` there); a path outside it stays absolute."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()
    return path.as_posix()


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
    warn_to: TextIO | None = None,
    respect_gitignore: bool = True,
) -> tuple[list[Source], list[InputError]]:
    """Expand files and folders (recursively) into sources, in a stable sorted order.

    Folders yield the files matching ``include`` (default: every supported suffix, in any
    case); a file named on the command line is taken whatever its name. ``exclude`` applies
    to both, as pre-commit passes files explicitly. Globs match paths relative to ``base``
    (see ``glob_path``); hidden files and folders under a folder input are always skipped,
    and with ``respect_gitignore`` so are the files ``.gitignore`` files ignore
    (``lint_corpus.gitignore``); a file named on the command line is taken even so.

    An input named on the command line that cannot be read is an error. Inside a folder, a
    matching name that is not a regular file (a FIFO, a dangling link, a symlink loop) is
    skipped with a warning on ``warn_to`` (default: standard error), as ruff does: the
    folder's other files are still checked, and the run's exit code does not change.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    seen: set[Path] = set()
    # Without ``include``: every format lint-corpus reads, as each declares its suffixes.
    suffixes = supported_suffixes()

    def wanted(path: Path, relative: str) -> bool:
        return not exclude or not glob_match(glob_path(path, base, relative), exclude,
                                             parents=True)

    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            found: list[Path] = []
            special: list[Path] = []
            gitignore = GitIgnore(root) if respect_gitignore else None
            for path in root.rglob("*"):
                if any(part.startswith(".") for part in path.relative_to(root).parts) or \
                        not _included(path, root, base, include, suffixes) or \
                        (gitignore is not None and gitignore.ignored(path)):
                    continue
                if path.is_file():
                    found.append(path)
                elif not path.is_dir():
                    special.append(path)
            if not found:
                errors.append(InputError(raw, f"folder has no corpus file ({describe_suffixes()})"
                                         if include is None
                                         else f"folder has no file matching {', '.join(include)}"))
            for path in sorted(found):
                relative = path.relative_to(root).as_posix()
                if path.resolve() not in seen and wanted(path, relative):
                    seen.add(path.resolve())
                    sources.append(Source(path, relative, shown=shown_path(path)))
            for path in sorted(special):
                if wanted(path, path.relative_to(root).as_posix()):
                    (warn_to or sys.stderr).write(
                        f"lint-corpus: warning: {path.as_posix()}: {unusable_reason(path)}; "
                        "skipped\n")
        elif root.is_file():
            relative = root.name if root.is_absolute() else root.as_posix()
            if root.resolve() not in seen and wanted(root, relative):
                seen.add(root.resolve())
                sources.append(Source(root, relative, shown=shown_path(root)))
        else:
            errors.append(InputError(raw, unusable_reason(root)))
    return sources, errors


def unusable_reason(path: Path) -> str:
    """Why a path that is neither a regular file nor a folder cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if os.path.islink(path):
            return f"dangling symlink (its target {os.readlink(path)} does not exist)"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read: {exc.strerror or exc}"
    for test, kind in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file or directory ({kind})"
    return "not a regular file or directory"


def _included(path: Path, root: Path, base: Path | None, include: Sequence[str] | None,
              suffixes: tuple[str, ...]) -> bool:
    if include is None:
        return path.name.lower().endswith(suffixes)
    return glob_match(glob_path(path, base, path.relative_to(root).as_posix()), include)


# --- whole output files --------------------------------------------------------------------

class OutputFile:
    """A file a run writes whole (``--report``, ``--output-file``): atomically, through a
    temporary file renamed over it, when it is a regular file or does not exist yet; directly
    when it is a device or a pipe (``/dev/null``, ``/dev/stdout``, a FIFO), which a rename
    would replace by a regular file instead of writing to it."""

    def __init__(self, path: Path, *, durable: bool = True) -> None:
        self._atomic: AtomicFile | None = None
        if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
            self.stream: BinaryIO = open(path, "wb")  # noqa: SIM115 -- closed in commit/abort
        else:
            self._atomic = AtomicFile(path, durable=durable)
            self.stream = self._atomic.stream

    def commit(self) -> None:
        if self._atomic is not None:
            self._atomic.commit()
        else:
            self.stream.close()

    def abort(self) -> None:
        if self._atomic is not None:
            self._atomic.abort()
        else:
            self.stream.close()


# --- SIGTERM -------------------------------------------------------------------------------
# A terminated run must clean up as an interrupted one does: abort the files being written
# (their temporary files are removed) and keep the ones already renamed into place.

#: The exit status of a process that ends on SIGTERM (128 + the signal's number), as shells
#: report it.
EXIT_TERMINATED = 128 + signal.SIGTERM
#: What ``cli.main`` returns after a ``KeyboardInterrupt``.
EXIT_INTERRUPTED = 130


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C's ``KeyboardInterrupt`` is so that the same cleanup runs."""


_P = ParamSpec("_P")


def terminate_as_interrupt(main: Callable[_P, int]) -> Callable[_P, int]:
    """Run ``main`` with SIGTERM raising ``Terminated`` (a ``KeyboardInterrupt``); a run it
    ended returns ``EXIT_TERMINATED`` instead of ``EXIT_INTERRUPTED``.

    The handler is installed only in the main thread and only when SIGTERM has its default
    action (a caller that ignores or handles it keeps its choice), and restored afterwards.
    A worker process forked while it is installed dies of SIGTERM as before.
    """

    @functools.wraps(main)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> int:
        if threading.current_thread() is not threading.main_thread() or \
                signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return main(*args, **kwargs)
        owner = os.getpid()
        received: list[int] = []

        def on_sigterm(signum: int, frame: object) -> None:
            if os.getpid() != owner:  # a forked worker: die as it did without this handler
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.kill(os.getpid(), signal.SIGTERM)
                return
            received.append(signum)
            raise Terminated

        signal.signal(signal.SIGTERM, on_sigterm)
        try:
            code = main(*args, **kwargs)
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        return EXIT_TERMINATED if received and code == EXIT_INTERRUPTED else code

    return wrapper


__all__ = ["AtomicFile", "InputError", "OutputFile", "Source", "Terminated",
           "atomic_write", "discover", "shown_path", "glob_match", "glob_path", "glob_regex",
           "terminate_as_interrupt", "unusable_reason"]
