"""Time ``check`` on pathological documents, at full and half size, to expose superlinear cost.

Each input is checked with all rules and with each rule alone (a fresh ``Document`` every
time, so no rule profits from another's memoized analysis), in a fresh process with a
timeout. The exponent ``log2(t(full) / t(half))`` is about 1 for linear work and 2 for
quadratic work (small timings are noisy; look at the large ones).

    python bench/pathological.py [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "pathological"
SENTENCE_ZH = "记者从有关部门获悉，这项工程预计将于明年年底前全面完工并投入使用，"
SENTENCE_EN = "The committee said the new rules would take effect next year, "


def corpus_texts() -> Iterator[str]:
    """The texts of the first bench corpus built under bench/data (make_corpus.py), if any."""
    for shard in sorted((HERE / "data").glob("corpus-*/part-*.jsonl")):
        with shard.open(encoding="utf-8") as stream:
            for line in stream:
                yield json.loads(line)["text"]


def big_document(size: int) -> str:
    """Real corpus text (a bench corpus, else a repeated sentence) up to ``size``."""
    pieces: list[str] = []
    total = 0
    for text in corpus_texts():
        pieces.append(text)
        total += len(text.encode("utf-8"))
        if total >= size:
            break
    if total < size:
        pieces.append((SENTENCE_EN + "。\n") * ((size - total) // 60 + 1))
    return "\n\n".join(pieces)[:size]


def one_char_lines(count: int) -> str:
    chars = "天地玄黄宇宙洪荒abcdefg日月盈昃辰宿列张xyz"
    return "\n".join(chars[i % len(chars)] for i in range(count)) + "\n"


def identical_lines(count: int) -> str:
    return "Read more stories from our newsroom\n" * count


def identical_prose(count: int) -> str:
    return (SENTENCE_EN.strip(", ") + ".\n") * count


def long_line(size: int) -> str:
    unit = SENTENCE_ZH + SENTENCE_EN
    return (unit * (size // len(unit.encode("utf-8")) + 1))[: size // 2]


#: name -> (generator, full size argument)
INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    "5 MB single document": (big_document, 5_000_000),
    "50,000 one-character lines": (one_char_lines, 50_000),
    "20,000 identical short lines": (identical_lines, 20_000),
    "20,000 identical prose lines": (identical_prose, 20_000),
    "1 MB line, no newline": (long_line, 2_000_000),  # ~1 MB of UTF-8 (mixed zh/en)
}


def input_path(name: str, half: bool) -> Path:
    slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
    return OUT / f"{slug}{'-half' if half else ''}.txt"


def generate() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (make, size) in INPUTS.items():
        input_path(name, False).write_text(make(size), "utf-8")
        input_path(name, True).write_text(make(size // 2), "utf-8")


def worker(path: Path) -> None:
    """Print ``{rule or "all": seconds}`` for one file, each on a fresh Document."""
    from lint_corpus.corpus import FormatError
    from lint_corpus.corpus.plain import decode_file
    from lint_corpus.document import Document
    from lint_corpus.engine import Linter
    from lint_corpus.registry import all_rules

    rules = [cls() for cls in all_rules()]
    timings: dict[str, float] = {}
    for label, chosen in [("all", rules)] + [(rule.code, [rule]) for rule in rules]:
        try:
            text = decode_file(path.read_bytes()).text
        except FormatError as exc:
            raise SystemExit(f"{path}: {exc}") from None
        started = time.perf_counter()
        Linter(chosen).check(Document(text, path.name))
        timings[label] = time.perf_counter() - started
        print(json.dumps({label: timings[label]}), flush=True)


def run_worker(path: Path, timeout: float) -> dict[str, float | None]:
    """Timings per label; a label the worker did not reach before the timeout is ``None``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=True)
        output = done.stdout
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or b""
        output = raw.decode() if isinstance(raw, bytes) else raw
    timings: dict[str, float | None] = {}
    for line in output.splitlines():
        timings.update(json.loads(line))
    return timings


def exponent(full: float | None, half: float | None) -> str:
    if full is None or half is None:
        return "?"
    if half < 0.02:
        return "~"  # too fast to tell
    return f"{math.log2(full / half):.2f}"


def report(name: str, full: dict[str, float | None], half: dict[str, float | None]) -> None:
    labels = ["all"] + sorted(k for k in {*full, *half} if k != "all")
    print(f"\n{name}  ({input_path(name, False).stat().st_size / 1e6:.2f} MB)")
    print(f"  {'rules':<8} {'half (s)':>9} {'full (s)':>9} {'exponent':>9}")
    for label in labels:
        h, f = half.get(label), full.get(label)
        print(f"  {label:<8} {_seconds(h):>9} {_seconds(f):>9} {exponent(f, h):>9}")


def _seconds(value: float | None) -> str:
    return "timeout" if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds per input file and size (default 300)")
    parser.add_argument("--only", help="run only inputs whose name contains this text")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0
    generate()
    for name in INPUTS:
        if args.only and args.only not in name:
            continue
        half = run_worker(input_path(name, True), args.timeout)
        full = run_worker(input_path(name, False), args.timeout)
        report(name, full, half)
    return 0


if __name__ == "__main__":
    sys.exit(main())
