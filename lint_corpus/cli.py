"""The ``lint-corpus`` command line: check, fix, rules, explain.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it (for ``fix``, also
when a file was changed, as pre-commit expects); 2 usage or input errors, or a run that could
not process every input.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TextIO

from lint_corpus import __version__
from lint_corpus import report as reportlib
from lint_corpus.engine import DocumentResult, Linter
from lint_corpus.registry import RegistryError, all_rules, select_rules
from lint_corpus.rule import Rule, Severity
from lint_corpus.sources import (
    InputError,
    LoadedDocument,
    atomic_write,
    discover,
    encode,
    iter_loaded,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

DESCRIPTION = """\
Lint and clean text corpora. Finds truncated documents, unrelated trailing articles,
"more articles" link lists and duplicated sections, says exactly which span is broken
and why, and fixes it.

examples:
  lint-corpus check corpus/                      findings, one per line
  lint-corpus check corpus/ --format json        the JSON report on stdout
  lint-corpus fix corpus/ --out cleaned/ --report report.json
  lint-corpus fix corpus/ --diff                 show what fix would change
  lint-corpus fix corpus/ --in-place             rewrite the inputs (atomically)
  lint-corpus rules                              list the rules
  lint-corpus explain link-list                  a rule's documentation

exit codes: 0 clean, 1 findings (or files changed by fix), 2 usage or input errors
"""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _add_rule_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders (searched recursively for .txt and .md)")
    parser.add_argument("--select", action="append", default=[], metavar="RULE",
                        help="only these rules (code, code prefix or name; comma-separated)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE",
                        help="skip these rules (code, code prefix or name; comma-separated)")
    parser.add_argument("--fail-on", choices=[s.value for s in Severity], default="info",
                        help="lowest severity that makes the exit code 1 (default: info)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings (input errors still exit 2)")
    parser.add_argument("--report", metavar="FILE", help="also write the JSON report to FILE")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="stdout format: one line per finding, or the JSON report")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="also apply fixes marked unsafe (that may remove real content)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lint-corpus", description=DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"lint-corpus {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = commands.add_parser("check", help="report findings, change nothing")
    _add_rule_selection(check)
    fix = commands.add_parser("fix", help="apply fixes and write the cleaned corpus")
    _add_rule_selection(fix)
    target = fix.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="DIR",
                        help="write the cleaned corpus here, mirroring relative paths")
    target.add_argument("--in-place", action="store_true", help="rewrite the inputs atomically")
    target.add_argument("--diff", action="store_true",
                        help="print a unified diff of what would change; write nothing")
    rules = commands.add_parser("rules", help="list the available rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE", help="rule code or name")
    return parser


def _split(values: Sequence[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _instantiate(args: argparse.Namespace) -> list[Rule]:
    classes = all_rules()
    chosen = select_rules(classes, _split(args.select), _split(args.ignore))
    return [cls() for cls in chosen]


def _out_path(out_dir: Path, relative: str) -> Path:
    parts = [p for p in PurePosixPath(relative).parts if p not in ("", ".", "..", "/")]
    return out_dir.joinpath(*parts)


def _print_findings(result: DocumentResult, stream: TextIO) -> None:
    for reported in result.findings:
        finding = reported.finding
        entry = reportlib.finding_entry(result.original, reported)
        marker = ""
        if finding.fix is not None:
            marker = " [fixed]" if reported.applied else f" [{finding.fix.applicability.value} fix]"
        stream.write(f"{result.path}:{entry['line']}:{entry['column']}: {finding.code} "
                     f"{finding.rule} {finding.message}{marker}\n")


def _keepends(text: str) -> list[str]:
    """Lines with their "\\n"; ``str.splitlines`` would also split on \\u2028 and friends."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _unified_diff(before: str, after: str, path: str) -> list[str]:
    """A unified diff that stays parseable when a side does not end with a newline."""
    result: list[str] = []
    for line in difflib.unified_diff(_keepends(before), _keepends(after),
                                     fromfile=f"a/{path}", tofile=f"b/{path}"):
        result.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return result


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    rules = _instantiate(args)
    linter = Linter(rules, unsafe_fixes=args.unsafe_fixes)
    sources, input_errors = discover(args.paths)
    input_errors = list(input_errors)
    results: list[DocumentResult] = []
    fixing = args.command == "fix"
    diff = fixing and args.diff
    out_dir = args.out if fixing else None
    in_place = fixing and args.in_place
    writes: list[tuple[LoadedDocument, DocumentResult]] = []
    for loaded in iter_loaded(sources):
        if isinstance(loaded, InputError):
            input_errors.append(loaded)
            continue
        result = linter.fix(loaded.document) if fixing else linter.check(loaded.document)
        results.append(result)
        writes.append((loaded, result))

    changed = 0
    for loaded, result in writes:
        if not fixing or result.fixed is None:
            continue
        target: Path | None = None
        if out_dir:
            target = _out_path(Path(out_dir), loaded.source.relative)
        elif in_place and result.changed:
            target = loaded.source.path
        try:
            if target is not None:
                atomic_write(target, encode(loaded, result.fixed))
        except OSError as exc:
            input_errors.append(InputError(loaded.source.relative,
                                           f"cannot write {target}: {exc.strerror or exc}"))
            continue
        if diff and result.changed:
            stdout.writelines(_unified_diff(result.original, result.fixed, result.path))
        changed += result.changed

    report = reportlib.build_report(args.command, rules, results, input_errors)
    if args.report:
        try:
            atomic_write(Path(args.report), reportlib.dumps(report).encode("utf-8"))
        except OSError as exc:
            input_errors.append(InputError(args.report,
                                           f"cannot write report: {exc.strerror or exc}"))
    if args.format == "json":
        stdout.write(reportlib.dumps(report))
    elif not diff:
        for result in results:
            _print_findings(result, stdout)

    for error in input_errors:
        stderr.write(f"lint-corpus: error: {error.relative}: {error.message}\n")
    for result in results:
        for message in result.errors:
            stderr.write(f"lint-corpus: error: {result.path}: {message}\n")

    threshold = Severity(args.fail_on).rank
    failing = sum(1 for r in results for f in r.findings if f.finding.severity.rank >= threshold)
    if not args.quiet and args.format == "text":
        total = sum(len(r.findings) for r in results)
        applied = sum(f.applied for r in results for f in r.findings)
        summary = f"{len(results)} documents, {total} findings"
        if fixing:
            summary += f", {applied} fixed, {changed} files changed"
        stderr.write(summary + "\n")
    if input_errors or any(r.errors for r in results):
        return EXIT_ERROR
    if (failing or (fixing and changed)) and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _rules_command(args: argparse.Namespace, stdout: TextIO) -> int:
    classes = all_rules()
    if args.format == "json":
        payload: list[dict[str, Any]] = [
            {"code": c.code, "name": c.name, "summary": c.summary, "severity": c.severity.value,
             "fixable": c.fixable, "scope": c.scope, "options_schema": c.options_schema}
            for c in classes
        ]
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    width = max((len(c.name) for c in classes), default=0)
    for cls in classes:
        fix = "fix" if cls.fixable else "   "
        stdout.write(f"{cls.code}  {cls.name:<{width}}  {cls.severity.value:<7}  {fix}  "
                     f"{cls.summary}\n")
    return EXIT_OK


def _explain_command(args: argparse.Namespace, stdout: TextIO) -> int:
    for cls in all_rules():
        if args.rule in (cls.code, cls.name) or args.rule.upper() == cls.code:
            stdout.write(f"{cls.code} {cls.name} ({cls.severity.value}"
                         f"{', fixable' if cls.fixable else ''})\n\n{cls.summary}\n\n")
            stdout.write(cls.documentation() + "\n")
            defaults = cls.default_options()
            if defaults:
                stdout.write("\nOptions (defaults):\n")
                for key, value in defaults.items():
                    description = cls.options_schema["properties"][key].get("description", "")
                    value_json = json.dumps(value, ensure_ascii=False)
                    stdout.write(f"  {key} = {value_json}  {description}\n")
            return EXIT_OK
    raise UsageError(f"unknown rule {args.rule!r}; see 'lint-corpus rules'")


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        try:
            # --help and --version print to sys.stdout and exit; keep both in-process.
            with contextlib.redirect_stdout(out):
                args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        if args.command is None:
            parser.print_help(out)
            return EXIT_ERROR
        if args.command == "rules":
            return _rules_command(args, out)
        if args.command == "explain":
            return _explain_command(args, out)
        if args.command == "fix" and not (args.out or args.in_place or args.diff):
            raise UsageError("fix needs --out DIR, --in-place or --diff "
                             "(the inputs are never modified unless you ask)")
        return _run(args, out, err)
    except (UsageError, RegistryError) as exc:
        err.write(f"lint-corpus: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("lint-corpus: interrupted\n")
        return 130
