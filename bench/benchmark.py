"""Time lint-corpus against its floor and a one-regex reference, on one generated corpus.

Every measured step runs in a fresh Python process, so its peak RSS is its own: the driver
never imports lint_corpus or loads the pool, because on Linux a child started with
fork/vfork + exec inherits the parent's peak RSS as its starting ``ru_maxrss``. A step times
only its work (interpreter start and imports excluded) and reports ``ru_maxrss`` of itself.

Steps (``--steps``, comma-separated; default all):
  read    read + decode (UTF-8) every file, no output (what ``check`` must do)
  floor   read + decode (UTF-8) every file and write it to an output folder
  regex   the floor plus one ``regex`` search on every line (the FIELD-NOTES reference)
  check   ``lint-corpus check`` with all built-in rules, in-process, one process
  fix     ``lint-corpus fix --out DIR``, same
  rules   ``check --select CODE`` for each rule alone, on the first ``--rules-mb`` of the
          corpus (whole folders of the same random mix), to keep the run short

    python bench/benchmark.py                 # 20 MB corpus under bench/data/
    python bench/benchmark.py --size-mb 100 --steps floor,regex,check,fix
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
ALL_JOBS = ("read", "floor", "regex", "check", "fix", "rules")
#: The reference pattern: a related-articles marker, searched on every line.
REFERENCE_PATTERN = r"(?:更多文章|相关阅读|相關新聞|Related (?:Articles|Stories)|Read more)"


# --- worker side: runs in a fresh process, prints one JSON line -------------------------------

def _corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


def _copy_corpus(corpus: Path, out: Path | None, pattern: str | None) -> int:
    """Read, decode, optionally scan every line, encode and write each file; return hits."""
    search = None
    if pattern is not None:
        import regex

        search = regex.compile(pattern).search
    hits = 0
    for path in _corpus_files(corpus):
        text = path.read_bytes().decode("utf-8")
        if search is not None:
            hits += sum(1 for line in text.split("\n") if search(line))
        if out is not None:
            target = out / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    return hits


def _run_cli(argv: list[str]) -> int:
    import io

    from lint_corpus.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, stdout, stderr)
    if code == 2:
        raise SystemExit(f"lint-corpus {' '.join(argv)} failed:\n{stderr.getvalue()[-2000:]}")
    return stdout.getvalue().count("\n")


def _step_work(step: str, corpus: Path, out: Path) -> int:
    """Do the step's work; return a count worth printing (findings, or regex hits)."""
    if step == "read":
        return _copy_corpus(corpus, None, None)
    if step == "floor":
        return _copy_corpus(corpus, out, None)
    if step == "regex":
        return _copy_corpus(corpus, out, REFERENCE_PATTERN)
    if step == "check":
        return _run_cli(["check", str(corpus), "-q"])
    if step == "fix":
        return _run_cli(["fix", str(corpus), "--out", str(out), "-q"])
    if step.startswith("rule:"):
        code, _, folders = step.removeprefix("rule:").partition("@")
        paths = [str(p) for p in sorted(corpus.iterdir()) if p.is_dir()][: int(folders)]
        return _run_cli(["check", *paths, "-q", "--select", code])
    raise SystemExit(f"unknown step {step!r}")


def _preload(step: str) -> None:
    """Import what the step needs before the clock starts."""
    if step not in ("read", "floor", "regex"):
        from lint_corpus.cli import main  # noqa: F401
        from lint_corpus.registry import all_rules

        all_rules()  # imports the rule modules (and compiles their patterns)


def worker(step: str, corpus: Path, out: Path) -> None:
    import resource

    _preload(step)
    started = time.perf_counter()
    count = _step_work(step, corpus, out)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"step": step, "seconds": seconds, "count": count, "peak_kb": peak_kb}))


def list_rules() -> None:
    from lint_corpus.registry import all_rules

    print(json.dumps([[cls.code, cls.name] for cls in all_rules()]))


# --- driver side -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Measurement:
    label: str
    seconds: float
    count: int
    peak_mb: float
    megabytes: float
    docs: int

    @property
    def rate(self) -> float:
        return self.megabytes / self.seconds


def _python(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def measure(step: str, label: str, corpus: Path, out: Path,
            share: tuple[float, int]) -> Measurement:
    raw = _python(str(Path(__file__).resolve()), "--worker", step, "--corpus", str(corpus),
                  "--out", str(out))
    data = json.loads(raw.strip().splitlines()[-1])
    return Measurement(label, data["seconds"], data["count"], data["peak_kb"] / 1024, *share)


def rule_share(corpus: Path, folders: int) -> tuple[float, int]:
    """Megabytes and files in the first ``folders`` folders of the corpus."""
    files = [f for d in sorted(p for p in corpus.iterdir() if p.is_dir())[:folders]
             for f in d.glob("*.txt")]
    return sum(f.stat().st_size for f in files) / 1e6, len(files)


def ensure_corpus(size_mb: float, seed: int) -> tuple[Path, int, int]:
    """Build (or reuse) the corpus in a subprocess, keeping the pool out of this process."""
    corpus = DATA / f"corpus-{size_mb:g}"
    code = ("import sys, json, dataclasses; sys.path.insert(0, sys.argv[1]); import make_corpus; "
            "m = make_corpus.ensure(float(sys.argv[2]), make_corpus.Path(sys.argv[3]), "
            "int(sys.argv[4])); print(json.dumps(dataclasses.asdict(m)))")
    raw = _python("-c", code, str(HERE), str(size_mb), str(corpus), str(seed))
    manifest = json.loads(raw)
    return corpus, int(manifest["files"]), int(manifest["bytes"])


def plan(jobs: Sequence[str], rule_folders: int) -> list[tuple[str, str]]:
    """(step, label) pairs in run order."""
    steps: list[tuple[str, str]] = []
    for job in jobs:
        if job == "rules":
            rules = json.loads(_python(str(Path(__file__).resolve()), "--list-rules"))
            steps += [(f"rule:{code}@{rule_folders}", f"check --select {code} ({name})")
                      for code, name in rules]
        elif job in ("check", "fix"):
            steps.append((job, f"lint-corpus {job}" + (" --out DIR" if job == "fix" else "")))
        else:
            steps.append((job, {"read": "read+decode only",
                                "floor": "floor: read+decode+write",
                                "regex": "reference: floor + 1 regex/line"}[job]))
    return steps


def format_table(rows: Sequence[Measurement]) -> str:
    """One row per step; ``x floor`` is how many times slower than the floor, per MB."""
    floor = next((r for r in rows if r.label.startswith("floor")), None)
    header = (f"{'step':<50} {'MB':>5} {'seconds':>8} {'MB/s':>7} {'docs/s':>7} "
              f"{'x floor':>7} {'peak RSS':>9} {'found':>7}")
    lines = [header, "-" * len(header)]
    for row in rows:
        ratio = f"{floor.rate / row.rate:.1f}" if floor else "-"
        lines.append(f"{row.label:<50} {row.megabytes:>5.1f} {row.seconds:>8.2f} "
                     f"{row.rate:>7.2f} {row.docs / row.seconds:>7.0f} {ratio:>7} "
                     f"{row.peak_mb:>6.0f} MB {row.count:>7}")
    return "\n".join(lines)


def format_ratios(rows: Sequence[Measurement]) -> str:
    times = {row.label: row.seconds for row in rows}
    check = times.get("lint-corpus check")
    fix = times.get("lint-corpus fix --out DIR")
    regex = next((r.seconds for r in rows if r.label.startswith("reference")), None)
    check_rate = next((r.rate for r in rows if r.label == "lint-corpus check"), None)
    rule_sum = sum(1 / r.rate for r in rows if r.label.startswith("check --select"))
    parts = []
    if check and regex:
        parts.append(f"check / regex-scan time: {check / regex:.1f}x")
    if check and fix:
        parts.append(f"fix / check time: {fix / check:.2f}x")
    if check_rate and rule_sum:
        parts.append(f"sum of rules alone / check (time per MB): {rule_sum * check_rate:.2f}x")
    return "\n".join(parts)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--steps", default=",".join(ALL_JOBS),
                        help=f"comma-separated steps to run, from {', '.join(ALL_JOBS)}")
    parser.add_argument("--rules-mb", type=float, default=6.0,
                        help="corpus share for the per-rule steps (whole folders, default 6)")
    parser.add_argument("--keep-output", action="store_true",
                        help="keep the written folders under bench/data/out/")
    parser.add_argument("--worker", metavar="STEP", help=argparse.SUPPRESS)
    parser.add_argument("--list-rules", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.steps.split(",")) - set(ALL_JOBS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list_rules:
        list_rules()
        return 0
    if args.worker:
        worker(args.worker, args.corpus, args.out)
        return 0
    started = time.perf_counter()
    corpus, docs, size = ensure_corpus(args.size_mb, args.seed)
    megabytes = size / 1e6
    print(f"corpus {corpus}: {docs} files, {megabytes:.1f} MB, seed {args.seed}; "
          f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs", flush=True)
    rows: list[Measurement] = []
    outputs = DATA / "out"
    # Deleting between steps would slow the next step's writes (discard on this file system),
    # so earlier outputs are removed before the run and after it.
    shutil.rmtree(outputs, ignore_errors=True)
    all_folders = sum(1 for p in corpus.iterdir() if p.is_dir())
    folders = max(1, round(args.rules_mb / megabytes * all_folders))
    for step, label in plan(args.steps.split(","), folders):
        share = rule_share(corpus, folders) if step.startswith("rule:") else (megabytes, docs)
        row = measure(step, label, corpus, outputs / step.replace(":", "-").replace("@", "-"),
                      share)
        rows.append(row)
        print(f"  {label}: {rows[-1].seconds:.2f} s", file=sys.stderr, flush=True)
    if not args.keep_output:
        shutil.rmtree(outputs, ignore_errors=True)
    print()
    print(format_table(rows))
    ratios = format_ratios(rows)
    if ratios:
        print("\n" + ratios)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s "
          f"(load average now {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
