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

from lint_corpus import __version__, formats
from lint_corpus import baseline as baselinelib
from lint_corpus import report as reportlib
from lint_corpus.config import Config, ConfigError, choose_rules, load_config
from lint_corpus.engine import DocumentResult, Linter
from lint_corpus.formats import statistics as statslib
from lint_corpus.registry import RegistryError, all_rules
from lint_corpus.rule import Rule, Severity
from lint_corpus.sources import (
    InputError,
    LoadedDocument,
    atomic_write,
    discover,
    encode,
    glob_path,
    iter_loaded,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Info findings (e.g. boilerplate-header, whose fix is unsafe) inform without failing, so a
#: pre-commit fix hook passes on its second run.
DEFAULT_FAIL_ON = Severity.WARNING.value

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
                        help="files or folders (searched recursively for .txt and .md, "
                             "or the config's include)")
    parser.add_argument("--select", action="append", default=[], metavar="RULE",
                        help="only these rules (code, code prefix or name; comma-separated)")
    parser.add_argument("--extend-select", action="append", default=[], metavar="RULE",
                        help="also these rules, on top of the selection (comma-separated)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE",
                        help="skip these rules (code, code prefix or name; comma-separated)")
    config = parser.add_mutually_exclusive_group()
    config.add_argument("--config", metavar="FILE",
                        help="use this config file (pyproject.toml or lint-corpus.toml) "
                             "instead of the one found above the inputs")
    config.add_argument("--isolated", action="store_true", help="ignore all config files")
    parser.add_argument("--fail-on", choices=[s.value for s in Severity], default=None,
                        help="lowest severity that makes the exit code 1 "
                             "(default: the config's fail-on, else warning: info findings "
                             "are reported but do not fail a run)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings (input errors still exit 2)")
    parser.add_argument("--report", metavar="FILE", help="also write the JSON report to FILE")
    parser.add_argument("--format", choices=formats.FORMAT_NAMES, default="text",
                        help="stdout format: text (one line per finding), json (the report), "
                             "github (Actions annotations), sarif (2.1.0), junit (XML)")
    parser.add_argument("--statistics", action="store_true",
                        help="print the number of findings per rule instead of the findings")
    parser.add_argument("--baseline", metavar="FILE",
                        help="hide the findings recorded in FILE (see --update-baseline)")
    parser.add_argument("--update-baseline", action="store_true",
                        help="record the current findings in the --baseline FILE and exit 0")
    parser.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
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


def _instantiate(args: argparse.Namespace, config: Config) -> list[Rule]:
    classes = all_rules()
    chosen = choose_rules(config, classes, _split(args.select), _split(args.extend_select),
                          _split(args.ignore))
    return [cls(config.rule_options.get(cls.code)) for cls in chosen]


class _Linters:
    """The run's linter, and for files matched by ``per-file-ignores`` one without those
    rules: an ignored rule is not run at all (cheaper, and its fixes cannot apply)."""

    def __init__(self, rules: Sequence[Rule], config: Config, unsafe_fixes: bool) -> None:
        self.rules, self.config, self.unsafe_fixes = list(rules), config, unsafe_fixes
        self._cache: dict[frozenset[str], Linter] = {}

    def for_source(self, loaded: LoadedDocument) -> Linter:
        source = loaded.source
        ignored = self.config.ignored_codes(glob_path(source.path, self.config.root,
                                                      source.relative))
        if ignored not in self._cache:
            kept = [rule for rule in self.rules if rule.code not in ignored]
            self._cache[ignored] = Linter(kept, unsafe_fixes=self.unsafe_fixes)
        return self._cache[ignored]


def _out_path(out_dir: Path, relative: str) -> Path:
    parts = [p for p in PurePosixPath(relative).parts if p not in ("", ".", "..", "/")]
    return out_dir.joinpath(*parts)


def _check_output_options(args: argparse.Namespace) -> frozenset[baselinelib.Key] | None:
    """Reject option combinations that cannot work; load the baseline unless it is rewritten."""
    if args.statistics and args.format != "text":
        raise UsageError("--statistics prints a table; use it with --format text")
    if getattr(args, "diff", False) and args.format != "text":
        raise UsageError(f"--diff prints the diff on stdout; it cannot be combined with "
                         f"--format {args.format} (write the report with --report FILE)")
    if args.update_baseline:
        if not args.baseline:
            raise UsageError("--update-baseline needs --baseline FILE")
        if args.command != "check":
            raise UsageError("--update-baseline works with check")
        return None
    return baselinelib.load(Path(args.baseline)) if args.baseline else None


def _update_baseline(path: Path, documents: Sequence[formats.RunDocument],
                     input_errors: list[InputError], quiet: bool,
                     stderr: TextIO) -> frozenset[baselinelib.Key] | None:
    """Record every finding in the baseline; an incomplete run records nothing."""
    if input_errors or any(document.result.errors for document in documents):
        stderr.write(f"lint-corpus: error: baseline {path} not updated: "
                     "not every input could be checked\n")
        return None
    try:
        recorded = baselinelib.write(path, documents)
    except OSError as exc:
        input_errors.append(InputError(str(path), f"cannot write baseline: "
                                                  f"{exc.strerror or exc}"))
        return None
    if not quiet:
        stderr.write(f"lint-corpus: baseline {path}: {recorded} findings recorded\n")
    return baselinelib.keys(documents)


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
    config = load_config(args.paths, explicit=args.config, isolated=args.isolated)
    rules = _instantiate(args, config)
    unsafe_fixes = args.unsafe_fixes if args.unsafe_fixes is not None else bool(
        config.unsafe_fixes)
    linters = _Linters(rules, config, unsafe_fixes)
    fail_on = args.fail_on or config.fail_on or DEFAULT_FAIL_ON
    sources, input_errors = discover(args.paths, include=config.include,
                                     exclude=config.exclude, base=config.root)
    input_errors = list(input_errors)
    known = _check_output_options(args)
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
        linter = linters.for_source(loaded)
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

    documents = [formats.RunDocument(result, loaded.source.path.as_posix(), loaded.newline)
                 for loaded, result in writes]
    if args.update_baseline:
        known = _update_baseline(Path(args.baseline), documents, input_errors, args.quiet, stderr)
    baselined: int | None = None
    if known is not None:
        documents, baselined = baselinelib.apply(known, documents)
        results = [document.result for document in documents]

    run = formats.Run(args.command, rules, documents, input_errors, unsafe_fixes, baselined)
    if args.report:
        try:
            atomic_write(Path(args.report), reportlib.dumps(dict(run.report)).encode("utf-8"))
        except OSError as exc:
            input_errors.append(InputError(args.report,
                                           f"cannot write report: {exc.strerror or exc}"))
    if args.statistics:
        stdout.write(statslib.write(run))
    elif not diff:
        stdout.write(formats.render(args.format, run))

    for error in input_errors:
        stderr.write(f"lint-corpus: error: {error.relative}: {error.message}\n")
    for result in results:
        for message in result.errors:
            stderr.write(f"lint-corpus: error: {result.path}: {message}\n")

    threshold = Severity(fail_on).rank
    failing = sum(1 for r in results for f in r.findings if f.finding.severity.rank >= threshold)
    if not args.quiet and args.format == "text":
        total = sum(len(r.findings) for r in results)
        applied = sum(f.applied for r in results for f in r.findings)
        summary = f"{len(results)} documents, {total} findings"
        if fixing:
            summary += f", {applied} fixed, {changed} files changed"
        if baselined is not None:
            summary += f", {baselined} hidden by the baseline"
        stderr.write(summary + "\n")
    if input_errors or any(r.errors for r in results):
        return EXIT_ERROR
    if args.update_baseline:
        return EXIT_OK
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
    except (UsageError, RegistryError, ConfigError, baselinelib.BaselineError) as exc:
        err.write(f"lint-corpus: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("lint-corpus: interrupted\n")
        return 130
