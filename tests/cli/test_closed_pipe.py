"""A reader that stops early (``lint-corpus check corpus/ | head -1``) ends the run quietly:
no traceback, no "Exception ignored", and the status of a process SIGPIPE ended (141), as
git's is. Each test runs the real command line in a subprocess writing into a real pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint_corpus.cli import EXIT_CLOSED_PIPE

#: Enough documents with a finding each for the text output to overflow a pipe's buffer
#: (64 KiB on Linux), so the writer blocks until the reader closes its end.
MANY_DOCUMENTS = 3000


def command(*argv: str | Path) -> list[str]:
    return [sys.executable, "-m", "lint_corpus", *map(str, argv)]


@pytest.fixture
def shard(tmp_path: Path) -> Path:
    shard = tmp_path / "shard.jsonl"
    with shard.open("w", encoding="utf-8") as out:
        for index in range(MANY_DOCUMENTS):
            text = f"Document {index} has a zero\u200bwidth space.\nIt ends well."
            out.write(json.dumps({"id": str(index), "text": text}) + "\n")
    return shard


def run_into_closed_pipe(argv: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run with stdout a pipe whose reading end is already closed: every write fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, timeout=120,
                              check=False)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [
    ("check", "{path}"),
    ("check", "{path}", "--format", "json"),
    ("fix", "{path}", "--diff"),
    ("explain", "link-list"),
    ("rules",),
])
def test_closed_stdout_ends_quietly(shard: Path, args: tuple[str, ...]) -> None:
    argv = command(*(arg.format(path=shard) for arg in args))
    done = run_into_closed_pipe(argv)
    assert done.stderr.decode() in ("", f"{MANY_DOCUMENTS} documents, "
                                        f"{MANY_DOCUMENTS} findings\n")
    assert done.returncode == EXIT_CLOSED_PIPE


def test_reader_that_stops_after_one_line(shard: Path) -> None:
    """``| head -1``: the reader takes one line while the run is still writing."""
    with subprocess.Popen(command("check", shard), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline().decode()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert first.startswith(f"{shard.as_posix()}[0]:")
    assert "Traceback" not in stderr and "Exception" not in stderr
    assert stderr == ""
    assert code == EXIT_CLOSED_PIPE
