"""``check -`` and ``fix -``: a document, or a JSONL stream, read from standard input.

The input is spooled to a temporary file named like ``--stdin-filename`` (its suffix picks
the format, so ``--stdin-filename shard.jsonl.gz`` reads a compressed JSONL stream), and runs
as any file does. Findings name it by ``--stdin-filename`` (``-`` without one), and the
config is the one found from that name's folder, so its per-file-ignores apply. ``fix -``
writes the fixed text on stdout, as ruff does; the findings then go to stderr.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from lint_corpus.sources import Source

#: The path that stands for standard input.
STDIN_PATH = "-"
#: What findings call standard input without ``--stdin-filename``, as ruff does.
STDIN_DISPLAY = "-"
#: The spooled file's name without ``--stdin-filename``: plain text.
DEFAULT_SPOOL_NAME = "stdin.txt"
#: Bytes copied at a time: a JSONL stream of any size is spooled in constant memory.
SPOOL_CHUNK = 1 << 20


@dataclass(frozen=True)
class StdinInput:
    """Standard input spooled to ``path``; ``display`` is what findings call it, ``out_dir``
    where ``fix -`` has the fixed copy written before it goes to stdout."""

    path: Path
    display: str
    out_dir: Path

    #: ``--stdin-filename`` as given: the path config globs match.
    filename: str | None

    def source(self) -> Source:
        stands_for = Path(self.filename) if self.filename else None
        return Source(self.path, self.display, stands_for)

    def fixed_bytes(self) -> bytes | None:
        """The fixed copy ``fix`` wrote (``None`` when it wrote none)."""
        written = [path for path in sorted(self.out_dir.rglob("*")) if path.is_file()]
        return written[0].read_bytes() if written else None


@contextmanager
def spooled(stream: BinaryIO, filename: str | None) -> Iterator[StdinInput]:
    """Standard input copied to a temporary folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="lint-corpus-stdin-") as folder:
        name = PurePath(filename).name if filename else ""
        spool = Path(folder, "in", name if name not in ("", ".", "..") else DEFAULT_SPOOL_NAME)
        spool.parent.mkdir()
        with spool.open("wb") as copy:
            shutil.copyfileobj(stream, copy, SPOOL_CHUNK)
        out_dir = Path(folder, "out")
        yield StdinInput(spool, filename.removeprefix("./") if filename else STDIN_DISPLAY,
                         out_dir, filename)
