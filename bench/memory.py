"""Peak memory of one large document: prints, per input, the peak RSS of ``lint-corpus check`` and
``fix --out`` on it, above the same command's peak on a one-line document (the interpreter, the
imports and the rules: the baseline), and that excess per input byte.

The inputs are the shapes issue 13 measured (one 50 MB line, 1 M short lines, 2 MB of
``<p>x</p>``) and other dense-tag HTML; for HTML, the reader alone (the text extraction) is
measured too, against a baseline that imports it. Each measurement is its own process, started
from this driver, which stays small (it imports nothing heavy: on Linux a child starts with
its parent's peak as its ``ru_maxrss``); the figure is the child's ``ru_maxrss`` as the kernel
tracks it, with ``--jobs 1`` so the whole run is that one process.

    python bench/memory.py                      # every input
    python bench/memory.py --only html-p        # one input
    python bench/memory.py --python OTHER/.venv/bin/python   # another install, for a before/after

A measurement, never a test: the figures depend on the machine and the allocator.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MB = 1 << 20
#: The inputs: name -> (file name, a function writing it).
ONE_LINE_MB = 50
SHORT_LINES = 1_000_000
HTML_MB = 2
#: Just under the default ``max-document-chars`` / ``max-document-lines``: the largest
#: documents the rules run on, so what bounds one document's memory.
AT_LIMIT_CHARS = 9_500_000
AT_LIMIT_LINES = 480_000


def _write_repeated(path: Path, head: bytes, unit: bytes, count: int, tail: bytes) -> None:
    """Write ``head``, ``count`` times ``unit`` and ``tail`` in pieces of about 1 MB, so that the
    driver stays small (its children start from its peak)."""
    per_piece = max(1, MB // len(unit))
    with path.open("wb") as stream:
        stream.write(head)
        for done in range(0, count, per_piece):
            stream.write(unit * min(per_piece, count - done))
        stream.write(tail)


def _one_line(path: Path) -> None:
    _write_repeated(path, b"", b"word ", ONE_LINE_MB * MB // 5, b"")


def _short_lines(path: Path, count: int = SHORT_LINES) -> None:
    with path.open("wb") as stream:
        for start in range(0, count, 10_000):
            stream.write(b"".join(b"line %07d ok.\n" % number
                                  for number in range(start, min(start + 10_000, count))))


def _dense(unit: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        _write_repeated(path, b"<html><body>", unit, HTML_MB * MB // len(unit), b"</body></html>")
    return write


INPUTS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "one-line-50mb": ("one-line.txt", _one_line),
    "short-lines-1m": ("short-lines.txt", _short_lines),
    "one-line-at-limit": ("one-line-limit.txt", lambda path: _write_repeated(
        path, b"", b"word ", AT_LIMIT_CHARS // 5, b"")),
    "lines-at-limit": ("lines-limit.txt", lambda path: _short_lines(path, AT_LIMIT_LINES)),
    "html-p": ("p.html", _dense(b"<p>x</p>")),
    "html-li-a": ("li-a.html", _dense(b"<li><a href=\"/x\">x</a></li>")),
    "html-div-span": ("div-span.html", _dense(b"<div><span>x</span> y</div>\n")),
    "html-td": ("td.html", _dense(b"<tr><td>1</td><td>2</td></tr>")),
}
READER = ("import sys; from lint_corpus.corpus.html import extract_text; "
          "data = open(sys.argv[1], 'rb').read(); extract_text(data)")
READER_BASELINE = ("import sys; from lint_corpus.corpus.html import extract_text; "
                   "data = open(sys.argv[1], 'rb').read(); extract_text(b'<p>x</p>')")


def peak_mb(command: list[str], folder: Path) -> tuple[float, str]:
    """The peak RSS of ``command`` (one process), in MB, and what became of the document:
    ``linted``, or ``over limit`` (larger than ``max-document-*``: passed through unlinted)."""
    # Run from ``folder``: from a checkout, ``-m``/``-c`` would import its package first,
    # whichever install ``--python`` names.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=folder)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    over_limit = b"more than max-document" in error
    if process.returncode not in (0, 1) and not over_limit:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): "
                         f"{error.decode(errors='replace')[-500:]}")
    return usage.ru_maxrss / 1024, "over limit" if over_limit else "linted"  # KB on Linux


def lint_command(python: str, command: str, path: Path, out: Path) -> list[str]:
    tail = ["--out", str(out)] if command == "fix" else []
    return [python, "-m", "lint_corpus", command, str(path), "--jobs", "1", "--quiet",
            "--exit-zero", "--isolated", *tail]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter of the install to measure (default: this one)")
    parser.add_argument("--only", choices=sorted(INPUTS), action="append",
                        help="measure these inputs only (repeatable)")
    parser.add_argument("--commands", default="check,fix",
                        help="comma-separated: check, fix, reader (HTML inputs only)")
    args = parser.parse_args(argv)
    commands = args.commands.split(",")
    with tempfile.TemporaryDirectory(prefix="lint-corpus-memory-") as folder:
        root = Path(folder)
        small = root / "small.txt"
        small.write_text("One short line.\n", "utf-8")
        baselines = {
            command: peak_mb(lint_command(args.python, command, small, root / "o"), root)[0]
            for command in commands if command != "reader"}
        if "reader" in commands:
            baselines["reader"] = peak_mb([args.python, "-c", READER_BASELINE, str(small)],
                                          root)[0]
        print(f"{'input':<18} {'MB':>6} {'command':<7} {'peak MB':>8} {'over base':>9} "
              f"{'x input':>8}  document")
        for name, (file_name, write) in INPUTS.items():
            if args.only and name not in args.only:
                continue
            path = root / file_name
            write(path)
            size = path.stat().st_size / MB
            for command in commands:
                if command == "reader":
                    if path.suffix != ".html":
                        continue
                    peak, fate = peak_mb([args.python, "-c", READER, str(path)], root)
                else:
                    peak, fate = peak_mb(lint_command(args.python, command, path, root / "out"),
                                         root)
                over = peak - baselines[command]
                print(f"{name:<18} {size:>6.1f} {command:<7} {peak:>8.0f} {over:>9.0f} "
                      f"{over / size:>8.1f}  {fate}", flush=True)
            path.unlink()
        print("baselines (a one-line document): " + ", ".join(
            f"{command} {peak:.0f} MB" for command, peak in baselines.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
