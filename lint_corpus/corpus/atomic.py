"""Writing files atomically, and never leaving a temporary file behind.

A file is written to a temporary file beside its target and renamed over it, so that a reader
sees the old file or the new one, never half of one. The temporary file is removed on every
path out: a failed write, a failed flush on a full disk, an interrupt (Ctrl-C, and SIGTERM, see
``lint_corpus.sources.terminate_as_interrupt``) and a normal exit with a file still open. Only
SIGKILL (or a power cut) can leave one; temporary files are named
``.<name>.lint-corpus-<pid>-<random>.tmp`` so that a later run writing to the same folder
recognises them and removes those whose process is gone.

This module is the bottom of the corpus layer: it imports nothing from ``lint_corpus``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import tempfile
from pathlib import Path

#: Marks a temporary file as lint-corpus's; the pid that follows it says which process owns it.
TEMP_MARK = "lint-corpus"
_TEMP_NAME = re.compile(r"\..+\." + TEMP_MARK + r"-(\d+)-[^./]+\.tmp", re.DOTALL)

#: Temporary files not yet renamed or removed, with the pid of the process that created them
#: (a forked worker inherits the set, and must not remove its parent's files at its exit).
_open_temps: dict[str, int] = {}
#: Folders already swept by this process: each is scanned once per run.
_swept: set[str] = set()


def temp_name_prefix(name: str) -> str:
    """The start of the temporary file's name for a target called ``name``."""
    return f".{name}.{TEMP_MARK}-{os.getpid()}-"


def owner_pid(file_name: str) -> int | None:
    """The pid in a lint-corpus temporary file's name; ``None`` for any other name."""
    match = _TEMP_NAME.fullmatch(file_name)
    return int(match.group(1)) if match else None


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists. When unsure, say yes: a file is only removed when
    its owner is certainly gone."""
    if pid <= 0 or pid == os.getpid():  # os.kill(0, ...) would signal our own group
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # EPERM: it exists, as another user
        return True
    return True


def sweep_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files that a lint-corpus process which no longer runs left in
    ``folder`` (killed while writing); return them. Other files are never touched."""
    removed: list[Path] = []
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            pid = owner_pid(entry.name)
            if pid is None or process_alive(pid):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _sweep_once(folder: Path) -> None:
    key = os.path.abspath(folder)
    if key not in _swept:
        _swept.add(key)
        sweep_stale_temp_files(folder)


@atexit.register
def _remove_open_temps() -> None:
    """A last resort at interpreter exit: a temporary file whose writer was never committed
    nor aborted (an exception between creating and registering it) goes too."""
    me = os.getpid()
    for name, pid in list(_open_temps.items()):
        if pid == me:
            with contextlib.suppress(OSError):
                os.unlink(name)
            _open_temps.pop(name, None)


class AtomicFile:
    """A file written beside ``path`` and moved over it on ``commit``, so that a reader sees
    the old file or the new one, never half of one.

    The temporary file lives in the target folder (same file system, so ``os.replace`` is
    atomic) and gets the target's permission bits when it replaces an existing file.
    ``durable`` also flushes the data to disk before the move, so that a crash cannot leave
    a renamed but empty file in place of the input. That costs about a millisecond a file,
    which dominates writing a tree of small files; an output tree beside the input can be
    written again, so it is written without it.

    With ``follow_symlinks``, a ``path`` that is a symbolic link is written through: the file
    it points to is replaced and the link stays (``--in-place``). Without it the link itself
    is replaced, as an output written into a folder should never land outside it.
    """

    def __init__(self, path: Path, *, durable: bool = True,
                 follow_symlinks: bool = False) -> None:
        if follow_symlinks and path.is_symlink():
            path = Path(os.path.realpath(path))
        self.path = path
        self.durable = durable
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_once(path.parent)
        # mkstemp creates the file 0600; a new file gets the mode open() would give it instead.
        self.mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_current_umask()
        handle, name = tempfile.mkstemp(prefix=temp_name_prefix(path.name), suffix=".tmp",
                                        dir=path.parent)
        _open_temps[name] = os.getpid()
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
        _open_temps.pop(str(self.temp), None)

    def abort(self) -> None:
        """Remove the temporary file; safe to call in any state, and more than once."""
        try:
            self.stream.close()
        except OSError:
            pass  # a full disk fails the last flush: the file is removed all the same
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.temp)
            _open_temps.pop(str(self.temp), None)


def atomic_write(path: Path, data: bytes, *, durable: bool = True,
                 follow_symlinks: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see ``AtomicFile``)."""
    target = AtomicFile(path, durable=durable, follow_symlinks=follow_symlinks)
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
