"""Record every output lint-corpus produces on a fixed input set, and compare two recordings.

A refactoring or a port (to the native core) must leave the outputs byte-identical except where
an issue changes behaviour on purpose. This script runs one matrix of commands -- ``check`` in
every output format, ``fix --out`` with its report and ``fix --diff``, with and without unsafe
fixes, and ``--jobs 2`` -- over the seeds, the dev and dev-ext cases and a benchmark sample, and
stores stdout, the exit code, the report and the fixed tree of each under one folder:

    python scripts/parity.py record /tmp/parity-before
    ...change the code...
    python scripts/parity.py record /tmp/parity-after
    python scripts/parity.py compare /tmp/parity-before /tmp/parity-after

Inputs are copied into ``<recording>/inputs`` and every command runs from there with relative
paths, so two recordings differ only where the tool's output does. ``compare`` exits 1 and lists
the differing files when anything differs. ``--ignore-rule-metadata`` compares JSON and SARIF
outputs without the rules' own descriptions (their options, documentation and properties), for
a change that moves or documents options on purpose but must not change a finding.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
#: A benchmark sample large enough for every rule and both shards' code paths, small enough to
#: record in about a minute.
SAMPLE_MB = 6.0
SAMPLE_SHARD_MB = 3.0

FORMATS = ("text", "json", "github", "sarif", "junit")


def _copy_inputs(dest: Path) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    names = []
    shutil.copytree(ROOT / "seeds", dest / "seeds", ignore=shutil.ignore_patterns("expected"))
    names.append("seeds")
    for corpus in ("dev", "dev-ext"):
        cases = SHARED / corpus / "cases"
        if cases.is_dir():
            shutil.copytree(cases, dest / corpus)
            names.append(corpus)
    sample = dest / "sample"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--size-mb", str(SAMPLE_MB),
         "--shard-mb", str(SAMPLE_SHARD_MB), "--out", str(sample)],
        check=True, stdout=subprocess.DEVNULL,
    )
    (sample / "manifest.json").unlink(missing_ok=True)
    names.append("sample")
    return names


def _run(out: Path, name: str, argv: Sequence[str], cwd: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lint_corpus", *argv], cwd=cwd, capture_output=True,
    )
    (out / f"{name}.stdout").write_bytes(proc.stdout)
    (out / f"{name}.stderr").write_bytes(proc.stderr)
    (out / f"{name}.exit").write_text(f"{proc.returncode}\n")


def record(dest: Path) -> int:
    if dest.exists():
        shutil.rmtree(dest)
    inputs = dest / "inputs"
    names = _copy_inputs(inputs)
    results = dest / "results"
    results.mkdir()
    for corpus in names:
        for fmt in FORMATS:
            _run(results, f"{corpus}.check.{fmt}", ["check", corpus, "--format", fmt, "-j", "1"],
                 inputs)
        for unsafe in (False, True):
            tag = "unsafe" if unsafe else "safe"
            flags = ["--unsafe-fixes"] if unsafe else []
            outdir = dest / "fixed" / f"{corpus}.{tag}"
            _run(results, f"{corpus}.fix.{tag}",
                 ["fix", corpus, "--out", str(outdir), "--report",
                  str(results / f"{corpus}.fix.{tag}.report.json"), "-j", "1", *flags], inputs)
            _run(results, f"{corpus}.diff.{tag}", ["fix", corpus, "--diff", "-j", "1", *flags],
                 inputs)
        _run(results, f"{corpus}.check.jobs2", ["check", corpus, "--format", "json", "-j", "2"],
             inputs)
    print(f"recorded {len(list(results.iterdir()))} results for {', '.join(names)} in {dest}")
    return 0


def _tree(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def _without_rule_metadata(path: Path) -> object:
    """A JSON report or SARIF log with the rules' descriptions left out, or ``None`` when the
    file is not JSON."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if isinstance(data, dict):
        for rule in data.get("rules", []) if isinstance(data.get("rules"), list) else []:
            rule.pop("options", None)
        for run in data.get("runs", []):
            for rule in run.get("tool", {}).get("driver", {}).get("rules", []):
                for key in ("help", "fullDescription", "properties"):
                    rule.pop(key, None)
    return data


def compare(before: Path, after: Path, ignore_rule_metadata: bool = False) -> int:
    differing: list[str] = []
    for part in ("results", "fixed"):
        a, b = _tree(before / part), _tree(after / part)
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                differing.append(f"{part}/{key}: only in {'after' if key in b else 'before'}")
            elif not filecmp.cmp(a[key], b[key], shallow=False):
                if ignore_rule_metadata:
                    old = _without_rule_metadata(a[key])
                    if old is not None and old == _without_rule_metadata(b[key]):
                        continue
                differing.append(f"{part}/{key}")
    for line in differing:
        print(line)
    print(f"{len(differing)} differing files" if differing else "identical")
    return 1 if differing else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="run the matrix and store its outputs in DIR")
    rec.add_argument("dir", type=Path)
    cmp = sub.add_parser("compare", help="compare two recordings")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    cmp.add_argument("--ignore-rule-metadata", action="store_true",
                     help="compare JSON and SARIF without the rules' options, docs and "
                          "properties")
    args = parser.parse_args(argv)
    if args.command == "record":
        return record(args.dir)
    return compare(args.before, args.after, args.ignore_rule_metadata)


if __name__ == "__main__":
    raise SystemExit(main())
