"""Time lint-corpus against its references on one generated JSONL corpus, in one run.

Every step is its own process tree, started from this driver, which stays small (it never
imports lint_corpus, datatrove or the pool: on Linux a child inherits the parent's peak RSS as
its starting ``ru_maxrss``). For each step the driver measures, from outside:

- CPU seconds: user + system time of the step's process and every descendant it waited for
  (``os.wait4``), so the ``--jobs`` workers are included;
- wall seconds, interpreter start-up and imports included (what a user waits for);
- peak RSS: the largest sum of the RSS of the step's process and all its descendants, sampled
  every 0.1 s with psutil (forked workers' shared pages count once per process, so for
  ``--jobs`` runs this is an upper bound), and never less than the largest single process's
  ``ru_maxrss``, which the kernel tracks exactly.

Single-process rates are per CPU second (steady on a shared, busy machine); the ``--jobs``
speed-up is per wall second, so it is only meaningful when the machine has the cores free
(the load average is printed before and after).

Steps (``--steps``, comma-separated; default all):
  read        read + orjson decode of every record, nothing written
  floor       read + orjson decode + encode + write every record (the floor of any rewrite)
  regex       the floor plus one ``regex`` search on every line of ``text``
  regex8      the floor plus eight searches on every line, one simple test per built-in rule:
              what eight rules that each look at every line cost at the least
  datatrove   datatrove's C4 + Gopher repetition + Gopher quality + FineWeb quality filters,
              per-language settings (see bench/references.py); on the first shards of the
              first size's corpus, all of it or ``--datatrove-mb`` (it runs at < 1 MB/s)
  check       ``lint-corpus check SHARDS --jobs 1 --quiet --exit-zero --report FILE``, all
              built-in rules
  check-jobs  the same with ``--jobs N`` (``--jobs``, default: all cores)
  fix         ``lint-corpus fix SHARDS --out DIR --quiet --exit-zero --report FILE``
  fix-jobs    the same with ``--jobs N``
  rules       ``check --select CODE`` for each rule alone, on a ``--rules-mb`` corpus (the same
              document stream, so a prefix of the main corpus); once, with the first size
  lengths     ``check --jobs 1`` on the same ``--lengths-mb`` of text cut into documents of each
              of ``--lengths-kb`` (default 100, 1000 and 4000 KB): the cost per MB by document
              length; once, with the first size
  startup     a pre-commit style run, ``lint-corpus check seeds/002_*.txt``, ``--startup-runs``
              times (median wall and CPU milliseconds), next to the interpreter's bare start-up

    python bench/benchmark.py                                   # 100 MB corpus, all steps
    python bench/benchmark.py --sizes 100,1000 --steps check,check-jobs,fix,fix-jobs
    python bench/benchmark.py --json results.json
    python bench/benchmark.py --sizes 20 --update-readme        # rewrite the README's table

Needs the ``bench`` extra: ``pip install -e '.[bench]'`` (datatrove, spaCy, jieba, orjson,
psutil).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402  (a sibling script, not a package; it imports nothing heavy)

ALL_STEPS = ("read", "floor", "regex", "regex8", "datatrove", "check", "check-jobs", "fix",
             "fix-jobs", "rules", "lengths", "startup")
#: Steps run once, with the first size only.
ONCE = ("datatrove", "rules", "lengths", "startup")
REFERENCES = ("read", "floor", "regex", "regex8", "datatrove")
LABELS = {
    "read": "read + orjson decode",
    "floor": "floor: read + decode + encode + write",
    "regex": "reference: floor + 1 regex per line",
    "regex8": "reference: floor + 8 regex per line (1 per rule)",
    "datatrove": "datatrove C4+Gopher rep+Gopher qual+FineWeb",
    "check": "lint-corpus check",
    "fix": "lint-corpus fix --out DIR",
}
SAMPLE_SECONDS = 0.1
ROOT = HERE.parent
#: The pre-commit style run: one small seed document, all rules, the default output.
STARTUP_FILE = "seeds/002_*.txt"
#: The README section ``--update-readme`` rewrites, between these two lines.
README_START = "<!-- benchmark:start (bench/benchmark.py --update-readme writes this) -->"
README_END = "<!-- benchmark:end -->"


@dataclass
class Row:
    """One measured step."""

    size: float  # the corpus's nominal size (--sizes entry), MB
    step: str
    label: str
    megabytes: float  # input actually processed
    docs: int
    cpu: float
    wall: float
    peak_mb: float
    max_process_mb: float
    processes: int
    count: int | None
    work_seconds: float | None = None  # the step's own timing of its work, when it reports one

    @property
    def mb_per_cpu_s(self) -> float:
        return self.megabytes / self.cpu if self.cpu else 0.0

    @property
    def mb_per_wall_s(self) -> float:
        return self.megabytes / self.wall if self.wall else 0.0


@dataclass
class Startup:
    """Repeated short runs of one command: what a user waits for each time."""

    label: str
    runs: int
    wall_ms: float  # medians
    cpu_ms: float
    min_wall_ms: float


@dataclass
class Tree:
    """What running one process tree cost."""

    code: int
    cpu: float
    wall: float
    peak_mb: float
    max_process_mb: float
    processes: int


def become_subreaper() -> bool:
    """Have orphaned descendants re-parented to this process instead of to init.

    A multiprocessing pool started with ``forkserver`` runs its workers as children of the
    fork server, which the main process never waits for: without this, their CPU time would be
    lost when they exit. As the subreaper, this driver waits for every process of the step and
    adds up what the kernel reports for each.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(36, 1, 0, 0, 0) == 0)  # PR_SET_CHILD_SUBREAPER (Linux)
    except (OSError, AttributeError):
        return False


def tree_rss(psutil: Any, seen: set[int]) -> int:
    """The summed RSS of every live descendant of this driver (= of the running step); adds
    their process ids to ``seen``."""
    total = 0
    try:
        members = psutil.Process().children(recursive=True)
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
            seen.add(member.pid)
        except psutil.Error:
            pass
    return int(total)


def run_tree(argv: Sequence[str], stdout: Path, stderr: Path) -> Tree:
    """Run ``argv`` until it and every process it started have exited; see the module doc.

    The driver runs one step at a time, so every process it reaps meanwhile belongs to the step.
    """
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:  # the kernel's per-process peaks and CPU times are still reported
        psutil = None
    become_subreaper()
    cpu = 0.0
    max_process = peak = 0
    code: int | None = None
    seen: set[int] = set()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), stdout=out, stderr=err)
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                # The usage covers the process and its descendants that it waited for.
                seen.add(pid)
                cpu += usage.ru_utime + usage.ru_stime
                max_process = max(max_process, usage.ru_maxrss)
                if pid == child.pid:
                    code = os.waitstatus_to_exitcode(status)
                    child.returncode = code  # reaped here, so Popen must not wait again
                continue
            if psutil is not None:
                peak = max(peak, tree_rss(psutil, seen))
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - started
    assert code is not None
    return Tree(code, cpu, wall, max(peak / 2**20, max_process / 1024), max_process / 1024,
                len(seen))


def lint_corpus_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m lint_corpus``."""
    script = Path(sys.executable).parent / "lint-corpus"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lint_corpus"]


def findings_in(report: Path) -> int | None:
    """The report's finding count, read in a subprocess so this driver stays small."""
    code = ("import json, sys; r = json.load(open(sys.argv[1], encoding='utf-8')); "
            "print(r['summary']['findings'])")
    done = subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True,
                          text=True, check=False)
    return int(done.stdout) if done.returncode == 0 and done.stdout.strip().isdigit() else None


def step_command(step: str, shards: Sequence[Path], out: Path, report: Path,
                 jobs: int) -> list[str]:
    if step in REFERENCES:
        return [sys.executable, str(HERE / "references.py"), step, *map(str, shards),
                "--out", str(out)]
    if step.startswith("length:"):  # check on documents of one length (length_rows)
        step = "check"
    command, _, rest = step.partition("-")
    argv = [*lint_corpus_command(), command, *map(str, shards)]
    if command == "fix":
        argv += ["--out", str(out)]
    # One job unless the step says otherwise: the CLI's default is all cores from 4 MB of input.
    argv += ["--jobs", str(jobs if rest == "jobs" else 1)]
    if rest.startswith("select:"):
        argv += ["--select", rest.removeprefix("select:")]
    return argv + ["--quiet", "--exit-zero", "--report", str(report)]


def measure(size: float, step: str, label: str, shards: Sequence[Path], docs: int,
            scratch: Path, jobs: int) -> Row:
    name = step.replace(":", "-")
    out, report = scratch / name, scratch / f"{name}.report.json"
    stdout, stderr = scratch / f"{name}.stdout", scratch / f"{name}.stderr"
    tree = run_tree(step_command(step, shards, out, report, jobs), stdout, stderr)
    if tree.code not in (0, 1):
        tail = stderr.read_text("utf-8", "replace")[-3000:]
        raise SystemExit(f"step {step} exited {tree.code}:\n{tail}")
    count: int | None
    work: float | None = None
    if step in REFERENCES:
        data = json.loads(stdout.read_text("utf-8").strip().splitlines()[-1])
        count, work = int(data["count"]), float(data["seconds"])
    else:
        count = findings_in(report)
    megabytes = sum(shard.stat().st_size for shard in shards) / 1e6
    # Outputs are removed right away: a 1 GB run writes several GB otherwise.
    shutil.rmtree(out, ignore_errors=True)
    report.unlink(missing_ok=True)
    return Row(size, step, label, megabytes, docs, tree.cpu, tree.wall, tree.peak_mb,
               tree.max_process_mb, tree.processes, count, work)


def rule_codes() -> list[tuple[str, str]]:
    code = ("import json; from lint_corpus.registry import all_rules; "
            "print(json.dumps([[c.code, c.name] for c in all_rules()]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return [(str(c), str(n)) for c, n in json.loads(done.stdout)]


def corpus(size: float, seed: int) -> tuple[Path, make_corpus.Manifest]:
    """Build (or reuse) the corpus in a subprocess, keeping the pool out of this process."""
    out = make_corpus.default_out(size)
    if make_corpus.existing(out, size, seed) is None:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--size-mb", f"{size:g}",
                        "--seed", str(seed), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    manifest = make_corpus.existing(out, size, seed)
    if manifest is None:
        raise SystemExit(f"could not build the corpus at {out}")
    return out, manifest


def prefix(folder: Path, manifest: make_corpus.Manifest,
           megabytes: float | None) -> tuple[list[Path], int]:
    """Whole shards from the start until they hold ``megabytes`` (all of them for None)."""
    shards: list[Path] = []
    docs = total = 0
    for shard in manifest.shards:
        if megabytes is not None and total >= megabytes * 1e6:
            break
        shards.append(folder / shard.path)
        docs += shard.docs
        total += shard.bytes
    return shards, docs


def plan(steps: Sequence[str], jobs: int) -> list[tuple[str, str]]:
    """(step, label) pairs in run order; ``rules`` expands to one step per rule."""
    planned: list[tuple[str, str]] = []
    for step in steps:
        if step == "rules":
            planned += [(f"check-select:{code}", f"check --select {code} ({name})")
                        for code, name in rule_codes()]
        elif step in ("lengths", "startup"):  # rows of their own (length_rows, startup)
            planned.append((step, step))
        elif step.endswith("-jobs"):
            base = step.removesuffix("-jobs")
            planned.append((step, f"{LABELS[base]} --jobs {jobs}"))
        else:
            planned.append((step, LABELS[step]))
    return planned


def run_size(size: float, args: argparse.Namespace, scratch: Path, first: bool) -> list[Row]:
    """Every step on the corpus of this size; datatrove and the per-rule steps only for the
    first size (they run on a fixed share of the same document stream anyway)."""
    folder, manifest = corpus(size, args.seed)
    shards = [folder / shard.path for shard in manifest.shards]
    print(f"corpus {folder}: {manifest.docs} documents in {len(shards)} shards, "
          f"{manifest.bytes / 1e6:.1f} MB, seed {args.seed}; load average "
          f"{os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs", file=sys.stderr, flush=True)
    rows: list[Row] = []
    steps = [s for s in args.steps if first or s not in ONCE]
    for step, label in plan(steps, args.jobs):
        if step == "startup":
            continue
        if step == "lengths":
            rows += length_rows(size, args, scratch)
            continue
        step_shards, docs = shards, manifest.docs
        if step == "datatrove":
            step_shards, docs = prefix(folder, manifest, args.datatrove_mb)
        elif step.startswith("check-select:"):
            rules_folder, rules_manifest = corpus(args.rules_mb, args.seed)
            step_shards = [rules_folder / shard.path for shard in rules_manifest.shards]
            docs = rules_manifest.docs
        row = measure(size, step, label, step_shards, docs, scratch, args.jobs)
        rows.append(row)
        print(f"  {size:g} MB {label}: {row.cpu:.1f} CPU s, {row.wall:.1f} s, "
              f"{row.peak_mb:.0f} MB", file=sys.stderr, flush=True)
    return rows


def length_rows(size: float, args: argparse.Namespace, scratch: Path) -> list[Row]:
    """``check --jobs 1`` on the same text cut into documents of each length."""
    rows: list[Row] = []
    for length_kb in args.lengths_kb:
        out = make_corpus.length_out(args.lengths_mb, length_kb)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--size-mb",
                        f"{args.lengths_mb:g}", "--length-kb", f"{length_kb:g}", "--seed",
                        str(args.seed), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        manifest = make_corpus.existing(out, args.lengths_mb, args.seed, 0.0, "jsonl",
                                        length_kb / 1000)
        if manifest is None:
            raise SystemExit(f"could not build the documents of {length_kb:g} KB at {out}")
        shards = [out / shard.path for shard in manifest.shards]
        label = f"lint-corpus check, {length_kb:g} KB documents"
        row = measure(args.lengths_mb, f"length:{length_kb:g}", label, shards, manifest.docs,
                      scratch, 1)
        rows.append(row)
        print(f"  {label}: {row.cpu:.1f} CPU s, {row.mb_per_cpu_s:.2f} MB/s", file=sys.stderr,
              flush=True)
    return rows


def with_bytecode_cache(cache: Path) -> None:
    """Let every step's processes keep their compiled bytecode in ``cache``, filled by one
    untimed run.

    A user's environment holds the package's bytecode (pip writes it at install; Python caches
    it at first import). This machine may forbid writing it (PYTHONDONTWRITEBYTECODE), which
    would time the compiler at the start of every step.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
    subprocess.run([*lint_corpus_command(), "check", *map(str, ROOT.glob(STARTUP_FILE))],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)


def startup(runs: int) -> list[Startup]:
    """Median wall and CPU time of the pre-commit style run, and of the bare interpreter
    (each after one untimed run, which fills the bytecode cache)."""
    seeds = sorted(ROOT.glob(STARTUP_FILE))
    if not seeds:
        raise SystemExit(f"no {STARTUP_FILE} to time the start-up on")
    commands = [("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"]),
                (f"lint-corpus check {seeds[0].relative_to(ROOT).as_posix()}",
                 [*lint_corpus_command(), "check", str(seeds[0])])]
    environment = dict(os.environ)
    found: list[Startup] = []
    for label, argv in commands:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                       env=environment, check=False)
        found.append(_timed_runs(label, argv, runs, environment))
    return found


def _timed_runs(label: str, argv: list[str], runs: int, environment: dict[str, str]) -> Startup:
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 cwd=ROOT, env=environment)
        _, _, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped here
        walls.append(time.perf_counter() - started)
        cpus.append(usage.ru_utime + usage.ru_stime)
    timed = Startup(label, runs, 1000 * statistics.median(walls),
                    1000 * statistics.median(cpus), 1000 * min(walls))
    print(f"  {label}: {timed.wall_ms:.0f} ms wall, {timed.cpu_ms:.0f} ms CPU "
          f"(median of {runs})", file=sys.stderr, flush=True)
    return timed


# --- reporting -----------------------------------------------------------------------------------

def format_table(rows: Sequence[Row]) -> str:
    header = (f"{'size':>5} {'step':<52} {'MB':>6} {'CPU s':>7} {'wall s':>7} "
              f"{'MB/s':>6} {'docs/s':>7} {'MB/s wall':>9} {'peak RSS':>9} {'found':>7}")
    lines = [header, "-" * len(header)]
    for row in rows:
        docs_rate = row.docs / row.cpu if row.cpu else 0.0
        found = "-" if row.count is None else str(row.count)
        lines.append(f"{row.size:>5g} {row.label:<52} {row.megabytes:>6.1f} {row.cpu:>7.1f} "
                     f"{row.wall:>7.1f} {row.mb_per_cpu_s:>6.2f} {docs_rate:>7.0f} "
                     f"{row.mb_per_wall_s:>9.2f} {row.peak_mb:>6.0f} MB {found:>7}")
    return "\n".join(lines)


def format_startup(found: Sequence[Startup], markdown: bool) -> str:
    if not found:
        return ""
    if markdown:
        lines = ["| pre-commit style run | median wall | median CPU | fastest wall |",
                 "| --- | ---: | ---: | ---: |"]
        lines += [f"| `{s.label}` | {s.wall_ms:.0f} ms | {s.cpu_ms:.0f} ms | "
                  f"{s.min_wall_ms:.0f} ms |" for s in found]
        return "\n".join(lines)
    return "\n".join(f"{s.label}: {s.wall_ms:.0f} ms wall, {s.cpu_ms:.0f} ms CPU (median of "
                     f"{s.runs}; fastest {s.min_wall_ms:.0f} ms; target < 100 ms wall)"
                     for s in found)


def format_ratios(found: Sequence[Ratio], markdown: bool) -> str:
    if not markdown:
        return "\n".join(ratio.line() for ratio in found)
    lines = ["| ratio | measured | target |", "| --- | ---: | --- |"]
    for ratio in found:
        where = "" if ratio.size is None else f"{ratio.size:g} MB: "
        lines.append(f"| {where}{ratio.name} | {ratio.value:.2f} | {ratio.target} |")
    return "\n".join(lines)


def update_readme(readme: Path, section: str) -> None:
    """Replace the README's benchmark section (between the markers) by ``section``,
    atomically."""
    text = readme.read_text("utf-8")
    head, found_start, rest = text.partition(README_START)
    middle, found_end, tail = rest.partition(README_END)
    if not found_start or not found_end:
        raise SystemExit(f"{readme}: the markers {README_START!r} and {README_END!r} are "
                         "missing; nothing was written")
    del middle
    temporary = readme.with_name(f".{readme.name}.tmp")
    temporary.write_text(f"{head}{README_START}\n{section}\n{README_END}{tail}", "utf-8")
    os.replace(temporary, readme)


def format_markdown(rows: Sequence[Row]) -> str:
    """The table as the README shows it."""
    lines = ["| corpus | step | MB read | MB/s | docs/s | MB/s wall | peak RSS |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        docs_rate = row.docs / row.cpu if row.cpu else 0.0
        lines.append(f"| {row.size:g} MB | {row.label} | {row.megabytes:,.1f} | "
                     f"{row.mb_per_cpu_s:,.2f} | "
                     f"{docs_rate:,.0f} | {row.mb_per_wall_s:,.2f} | {row.peak_mb:,.0f} MB |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Ratio:
    size: float | None
    name: str
    value: float
    target: str

    def line(self) -> str:
        where = "" if self.size is None else f"{self.size:g} MB: "
        aim = f"target {self.target}" if self.target[0] in "<>" else self.target
        return f"{where}{self.name}: {self.value:.2f} ({aim})"


def ratios(rows: Sequence[Row]) -> list[Ratio]:
    """The figures issues 4's and 11's targets are stated in, for each size and across
    sizes."""
    found: list[Ratio] = []
    lengths = [row for row in rows if row.step.startswith("length:")]
    if len(lengths) >= 2:
        shortest, longest = lengths[0], lengths[-1]
        found.append(Ratio(None, f"cost per MB, {longest.label.rpartition(', ')[2]} / "
                                 f"{shortest.label.rpartition(', ')[2]}",
                           shortest.mb_per_cpu_s / longest.mb_per_cpu_s, "<= 1.5"))
    rows = [row for row in rows if not row.step.startswith("length:")]
    sizes = sorted({row.size for row in rows})
    # datatrove runs on one size only; its rate per MB stands for the same document stream.
    measured = next((row for row in rows if row.step == "datatrove"), None)
    for size in sizes:
        by = {row.step: row for row in rows if row.size == size}
        check, fix, regex = (by.get(s) for s in ("check", "fix", "regex"))
        datatrove = by.get("datatrove", measured)
        if check and datatrove:
            found.append(Ratio(size, "check / datatrove throughput (MB per CPU s)",
                               check.mb_per_cpu_s / datatrove.mb_per_cpu_s, ">= 10"))
        if check:
            found.append(Ratio(size, "check throughput (MB per CPU s)", check.mb_per_cpu_s,
                               ">= 30"))
        floor = by.get("floor")
        if check and floor:
            found.append(Ratio(size, "check / floor CPU time (per MB)",
                               floor.mb_per_cpu_s / check.mb_per_cpu_s, "<= 8"))
        if check and regex:
            found.append(Ratio(size, "check / regex line scan CPU time (per MB)",
                               regex.mb_per_cpu_s / check.mb_per_cpu_s, "<= 5"))
        eight = by.get("regex8")
        if eight and regex:
            found.append(Ratio(size, "8-regex / 1-regex line scan CPU time (per MB)",
                               regex.mb_per_cpu_s / eight.mb_per_cpu_s,
                               "no target: the least eight per-line rules cost"))
        if check and fix:
            found.append(Ratio(size, "fix / check CPU time (per MB)",
                               check.mb_per_cpu_s / fix.mb_per_cpu_s, "<= 1.3"))
        for base in ("check", "fix"):
            one, many = by.get(base), by.get(f"{base}-jobs")
            if one and many:
                found.append(Ratio(size, f"{base} --jobs speed-up (wall)",
                                   one.wall / many.wall, ">= 1.8"))
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for step in ("check", "check-jobs", "fix", "fix-jobs"):
            a = next((r for r in rows if r.size == small and r.step == step), None)
            b = next((r for r in rows if r.size == large and r.step == step), None)
            if a and b:
                found.append(Ratio(None, f"{step} peak RSS {large:g} MB / {small:g} MB corpus",
                                   b.peak_mb / a.peak_mb, "<= 1.2"))
    return found


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="100",
                        help="comma-separated corpus sizes in MB (default 100; e.g. 100,1000)")
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument("--steps", default=",".join(ALL_STEPS),
                        help=f"comma-separated steps to run, from {', '.join(ALL_STEPS)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="workers for the *-jobs steps (default: all cores)")
    parser.add_argument("--datatrove-mb", type=float,
                        help="run datatrove on the first shards only, until they hold this "
                             "many MB (default: the whole corpus of the first size; datatrove "
                             "runs at < 1 MB/s)")
    parser.add_argument("--rules-mb", type=float, default=6.0,
                        help="corpus size for the per-rule steps (default 6)")
    parser.add_argument("--lengths-mb", type=float, default=8.0,
                        help="text per document length for the lengths step (default 8)")
    parser.add_argument("--lengths-kb", default="100,1000,4000",
                        help="document lengths for the lengths step, KB (default 100,1000,4000)")
    parser.add_argument("--startup-runs", type=int, default=20,
                        help="runs of the startup step (default 20)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table as Markdown (the README's form)")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the Markdown tables into README.md's benchmark section")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the rows and ratios as JSON to FILE ('-': stdout)")
    args = parser.parse_args(argv)
    args.steps = args.steps.split(",")
    unknown = set(args.steps) - set(ALL_STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    try:
        args.sizes = [float(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {args.sizes!r}")
    try:
        args.lengths_kb = [float(length) for length in args.lengths_kb.split(",")]
    except ValueError:
        parser.error(f"--lengths-kb: not a list of numbers: {args.lengths_kb!r}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=DATA) as scratch:
        with_bytecode_cache(Path(scratch) / "pycache")
        for number, size in enumerate(args.sizes):
            rows += run_size(size, args, Path(scratch), number == 0)
        started_up = startup(args.startup_runs) if "startup" in args.steps else []
    found = ratios(rows)
    load_after = os.getloadavg()[0]
    if args.json:
        payload: dict[str, Any] = {
            "rows": [asdict(row) | {"mb_per_cpu_s": row.mb_per_cpu_s,
                                    "mb_per_wall_s": row.mb_per_wall_s} for row in rows],
            "ratios": [asdict(ratio) for ratio in found],
            "startup": [asdict(entry) for entry in started_up],
            "cpus": os.cpu_count(), "jobs": args.jobs, "seed": args.seed,
            "load_average": [load_before, load_after],
        }
        text = json.dumps(payload, indent=2) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text, "utf-8")
    markdown = args.markdown or args.update_readme
    parts = [format_markdown(rows) if markdown else format_table(rows),
             format_ratios(found, markdown), format_startup(started_up, markdown),
             f"MB/s and docs/s per CPU second; MB/s wall per elapsed second. "
             f"Total {time.perf_counter() - started:.0f} s; load average "
             f"{load_before:.2f} before, {load_after:.2f} after; {os.cpu_count()} CPUs; "
             f"`python bench/benchmark.py {' '.join(argv if argv is not None else sys.argv[1:])}`"
             f", {time.strftime('%Y-%m-%d', time.gmtime())}."]
    report = "\n\n".join(part for part in parts if part)
    if args.update_readme:
        update_readme(ROOT / "README.md", report)
    if args.json != "-":
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
