"""No temporary file outlives a run: full disk, SIGTERM, and SIGKILL followed by another run.

Outputs are written to a temporary file beside the target and renamed over it. These tests
drive the CLI into each way a write can end early and look for what is left in the folders.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import JunkLine, LoudLine, run

from lint_corpus import registry as registry_module

TESTS = Path(__file__).resolve().parent.parent  # tests/, where fakes.py is
#: The documented shape of a temporary file's name (``lint_corpus.corpus.atomic``).
TEMP_NAME = re.compile(r"\.(?P<target>.+)\.lint-corpus-(?P<pid>\d+)-[^./]+\.tmp")


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "builtin_rules", lambda: [LoudLine, JunkLine])
    monkeypatch.setattr(registry_module, "plugin_rules", lambda: [])


def temp_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.name.endswith(".tmp"))


#: Far enough into the JSON Lines file that earlier batches of records are written (its
#: temporary file is open) when the signalling rule reaches it.
SIGNAL_RECORD = 1500


def corpus(folder: Path, texts: int = 4, records: int = 2000) -> Path:
    """Text files and one JSON Lines file, every document with a JUNK line to fix."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(texts):
        (folder / f"doc{index}.txt").write_text(f"Keep {index}.\nJUNK\n", encoding="utf-8")
    lines = [json.dumps({"id": i, "text": f"Record {i}.\nJUNK\n"}) for i in range(records)]
    (folder / "shard.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# --- a full disk -------------------------------------------------------------------------------

class _FullDisk(io.RawIOBase):
    """A file on a full disk: every write fails with ENOSPC, so buffered data fails at the
    flush in ``close`` — where ``AtomicFile.abort`` used to stop before removing the file."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "in")

    def full_disk_fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        assert "w" in mode
        return io.BufferedWriter(_FullDisk(fd))

    monkeypatch.setattr(os, "fdopen", full_disk_fdopen)
    code, _, err = run("fix", source, "--out", tmp_path / "out", "--jobs", "1")
    monkeypatch.undo()
    assert code == 2 and "Traceback" not in err
    assert "No space left on device" in err
    assert temp_files(tmp_path) == []
    out = tmp_path / "out"
    assert not out.exists() or not [path for path in out.rglob("*") if path.is_file()]


def test_a_real_full_file_system_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The same on a small tmpfs filled up beforehand, where the kernel says ENOSPC when the
    buffered output is flushed (needs permission to mount; skipped otherwise)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        (mount / "out").mkdir()
        with open(mount / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"x" * 4096)
        source = corpus(tmp_path / "in", texts=5, records=3)
        code, _, err = run("fix", source, "--out", mount / "out")
        assert code == 2 and "Traceback" not in err
        assert "doc0.txt" in err and "No space left on device" in err
        assert temp_files(mount) == []
        assert list((mount / "out").iterdir()) == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# --- signals -------------------------------------------------------------------------------------

#: A run whose rule sends its own process a signal while the JSON Lines output is half
#: written (on record ``SIGNAL_RECORD``), in one process so the signal lands mid-run.
SIGNALLING_RUN = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from fakes import JunkLine
    from lint_corpus import cli, registry

    class SignalMidRun(JunkLine):
        __doc__ = JunkLine.__doc__

        def check(self, doc):
            if doc.text.startswith("Record {record}."):
                os.kill(os.getpid(), signal.{signal})
            yield from super().check(doc)

    registry.builtin_rules = lambda: [SignalMidRun]
    registry.plugin_rules = lambda: []
    sys.exit(cli.main(sys.argv[1:]))
""")


def run_signalled(signal_name: str, source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    script = SIGNALLING_RUN.format(tests=str(TESTS), signal=signal_name, record=SIGNAL_RECORD)
    return subprocess.run([sys.executable, "-c", script, "fix", str(source), "--out", str(out),
                           "--jobs", "1"], capture_output=True, text=True, timeout=120)


def test_sigterm_cleans_up_like_ctrl_c(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    done = run_signalled("SIGTERM", source, tmp_path / "out")
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr and "interrupted" in done.stderr
    assert temp_files(tmp_path) == []
    out = tmp_path / "out"
    # The files finished before the signal stay, whole; the one being written is not there.
    assert (out / "doc0.txt").read_text(encoding="utf-8") == "Keep 0.\n"
    assert not (out / "shard.jsonl").exists()


def test_a_killed_run_leaves_a_temporary_file_the_next_run_removes(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in")
    out = tmp_path / "out"
    killed = run_signalled("SIGKILL", source, out)
    assert killed.returncode == -signal.SIGKILL
    left = temp_files(out)
    assert [TEMP_NAME.fullmatch(path.name) is not None for path in left] == [True]
    match = TEMP_NAME.fullmatch(left[0].name)
    assert match is not None and match["target"] == "shard.jsonl"
    assert int(match["pid"]) != os.getpid()

    code, _, err = run("fix", source, "--out", out)
    assert code == 0, err
    assert temp_files(out) == []
    written = (out / "shard.jsonl").read_text("utf-8").splitlines()
    assert json.loads(written[SIGNAL_RECORD])["text"] == f"Record {SIGNAL_RECORD}.\n"


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The pid of a process that runs for the length of the test."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


def test_the_sweep_spares_files_of_live_processes_and_other_files(tmp_path: Path,
                                                                  live_pid: int) -> None:
    source = corpus(tmp_path / "in", texts=1, records=1)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    stale = out / f".doc0.txt.lint-corpus-{dead_pid}-k2j4h1x9.tmp"
    in_use = out / f".doc0.txt.lint-corpus-{live_pid}-a8f3k2l1.tmp"
    ours = out / f".doc0.txt.lint-corpus-{os.getpid()}-q8f3k2l1.tmp"
    unrelated = [out / ".doc0.txt.tmp", out / f"notes.lint-corpus-{dead_pid}-x.tmp",
                 out / f".doc0.txt.other-{dead_pid}-k2j4h1x9.tmp"]
    for path in [stale, in_use, ours, *unrelated]:
        path.write_bytes(b"partial")
    code, _, err = run("fix", source, "--out", out)
    assert code == 0, err
    assert not stale.exists()
    assert all(path.exists() for path in [in_use, ours, *unrelated])


def test_temporary_files_are_named_for_their_target_and_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "in", texts=1, records=1)
    renamed: list[str] = []
    real_replace = os.replace

    def recording_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renamed.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", recording_replace)
    code, _, err = run("fix", source, "--out", tmp_path / "out")
    assert code == 0, err
    matches = [TEMP_NAME.fullmatch(name) for name in renamed]
    assert sorted(m["target"] for m in matches if m) == ["doc0.txt", "shard.jsonl"]
    assert {m["pid"] for m in matches if m} == {str(os.getpid())}
