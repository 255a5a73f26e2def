"""The ``lint-corpus`` command line: check, fix, rules, explain.

Exit codes (ruff's model): 0 nothing at or above ``--fail-on`` (for ``fix``: nothing left
unfixed at or above it); 1 findings at or above it (``fix``: left unfixed, or a file changed
with ``--exit-non-zero-on-fix``, or a change ``--diff`` shows); 2 usage or input errors, or a
run that could not process every input; 141 the reader of stdout went away (``| head``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from lint_corpus import reporters, session
from lint_corpus import stdin as stdin_input
from lint_corpus.config import find_config
from lint_corpus.corpus import (
    DEFAULT_ID_FIELD,
    DEFAULT_IGNORE_FIELD,
    DEFAULT_TEXT_FIELD,
    supported_suffixes,
)
from lint_corpus.errors import LintCorpusError, UsageError
from lint_corpus.parallel import tune_gc
from lint_corpus.registry import all_rules, did_you_mean
from lint_corpus.reporters.json_report import binary
from lint_corpus.reporters.style import COLOR_CHOICES
from lint_corpus.rule import Severity
from lint_corpus.show import show_run
from lint_corpus.sources import OutputFile, terminate_as_interrupt
from lint_corpus.stdin import STDIN_PATH
from lint_corpus.text import counted
from lint_corpus.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: ruff's choice: each finding with its lines by default (what a person reads); ``concise``
#: (also ``text``) for one line each, as scripts and editors read it.
DEFAULT_FORMAT = "full"
#: The reader of stdout went away (``check corpus/ | head -1``): the status of a process that
#: SIGPIPE ended, as git's and coreutils' are. Not 0, which would let ``set -o pipefail``
#: pass a check whose findings were cut short.
EXIT_CLOSED_PIPE = 128 + signal.SIGPIPE

DESCRIPTION = """\
Lint and clean text corpora. Finds truncated documents, unrelated trailing articles,
"more articles" link lists and duplicated sections, says exactly which span is broken
and why, and fixes it.

examples:
  lint-corpus check corpus/                      findings, each with its lines underlined
  lint-corpus check corpus/ --output-format concise   one line per finding
  lint-corpus check corpus/ --format json        the JSON report on stdout
  lint-corpus fix corpus/ --out cleaned/ --report report.json
  lint-corpus fix corpus/ --diff                 show what fix would change (| patch -p1)
  lint-corpus fix corpus/ --in-place             rewrite the inputs (atomically)
  lint-corpus fix shards/ --out cleaned/ -j 0    JSONL (.gz/.zst) or Parquet shards, all cores
  lint-corpus fix - --stdin-filename a.md < a.md   the fixed text on stdout (findings on stderr)
  lint-corpus rules                              list the rules
  lint-corpus explain link-list                  a rule's documentation

exit codes: 0 clean (fix: everything failing was fixed), 1 findings at or above
  --fail-on (fix: left unfixed; also a change with --exit-non-zero-on-fix or --diff),
  2 usage or input errors, 141 stdout closed early (| head)
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _add_rule_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders (searched recursively for .txt, .md, .jsonl, "
                             ".jsonl.gz, .jsonl.zst, .parquet and .html, or the config's "
                             "include), or - for standard input")
    parser.add_argument("--only-corpus-files", action="store_true",
                        help="take a file named on the command line only when its name is a "
                             "corpus format's (.txt, .md, .jsonl, .jsonl.gz, .parquet, …), "
                             "as folders are searched; for pre-commit, which names every "
                             "staged file")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="with -: the name standard input goes by: its suffix picks the "
                             "format (default: plain text), findings name it, the config is "
                             "found from its folder and its per-file-ignores apply")
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
    declared = reporters.declared()
    parser.add_argument("--format", "--output-format", dest="format",
                        choices=[spec.name for spec in declared], default=DEFAULT_FORMAT,
                        help="stdout format: " + ", ".join(f"{spec.name} ({spec.summary})"
                                                           for spec in declared))
    parser.add_argument("-o", "--output-file", metavar="FILE",
                        help="write what would go to stdout to FILE instead (atomically)")
    parser.add_argument("--show-fixes", action=argparse.BooleanOptionalAction, default=False,
                        help="full format: show the lines each fix changes, before and after; "
                             "fix: also list the fixes applied, per file and rule (stderr)")
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour the text formats: auto (on a terminal, unless NO_COLOR "
                             "is set; FORCE_COLOR forces it), always or never")
    parser.add_argument("--show-files", action="store_true",
                        help="list the files that would be read, and exit")
    parser.add_argument("--show-settings", action="store_true",
                        help="print the settings the run would use (config file, rules, "
                             "severities, options, files), and exit")
    parser.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction,
                        default=True,
                        help="skip files .gitignore files ignore when searching folders "
                             "(default; files named on the command line are always read)")
    parser.add_argument("--statistics", action="store_true",
                        help="print the number of findings per rule instead of the findings")
    parser.add_argument("--baseline", metavar="FILE",
                        help="hide the findings recorded in FILE (see --update-baseline)")
    parser.add_argument("--update-baseline", action="store_true",
                        help="record the current findings in the --baseline FILE and exit 0")
    parser.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
                        help="also apply fixes marked unsafe (that may remove real content)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no summary line and no progress bar")
    parser.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                        help="worker processes (0: all cores; default: all cores when the "
                             "input is 4 MB or more, else 1); output is the same for any N")
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local: this machine's processes (--jobs); ray: a Ray cluster "
                             "through Ray Data (needs lint-corpus[ray]; RAY_ADDRESS picks the "
                             "cluster, else a local one is started); same output either way")
    records = parser.add_argument_group("record files (JSONL, .jsonl.gz, .jsonl.zst, Parquet)")
    records.add_argument("--text-field", default=DEFAULT_TEXT_FIELD, metavar="NAME",
                         help="field or column holding the document text (default: text); "
                              "when the records have no such field, the error names the "
                              "fields they have")
    records.add_argument("--id-field", default=DEFAULT_ID_FIELD, metavar="NAME",
                         help="field or column identifying the document (default: id)")
    records.add_argument("--ignore-field", default=None, metavar="NAME",
                         help="field or column whose list of rule codes or names (or \"all\") "
                              "suppresses those rules for its record (default: the config's "
                              f"ignore-field, else {DEFAULT_IGNORE_FIELD})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lint-corpus", description=DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"lint-corpus {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = commands.add_parser("check", help="report findings, change nothing")
    _add_rule_selection(check)
    check.add_argument("--add-noqa", action="store_true",
                       help="write suppressions for today's findings where the data lives "
                            "(Markdown comments, marker lines, a record's ignore field) and "
                            "rewrite the inputs in place; see README 'Suppressions'")
    fix = commands.add_parser("fix", help="apply fixes and write the cleaned corpus")
    _add_rule_selection(fix)
    target = fix.add_mutually_exclusive_group()
    target.add_argument("--out", metavar="DIR",
                        help="write the cleaned corpus here, mirroring relative paths")
    target.add_argument("--in-place", action="store_true", help="rewrite the inputs atomically")
    target.add_argument("--diff", action="store_true",
                        help="print a unified diff of what would change; write nothing")
    fix.add_argument("--malformed", choices=["keep", "skip"], default="keep",
                     help="a record that cannot be read (bad JSON, no text field) is reported "
                          "and copied to the output as it is (keep, the default) or left out "
                          "(skip)")
    fix.add_argument("--exit-non-zero-on-fix", action="store_true",
                     help="exit 1 when a file was changed, even if nothing failing remains "
                          "(by default fix exits 0 once every failing finding is fixed)")
    fix.add_argument("--drop-empty", action="store_true",
                     help="leave out records (and --out files) whose whole text was removed; "
                          "by default they are kept with empty text")
    rules = commands.add_parser("rules", help="list the available rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE", help="rule code or name")
    return parser


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO,
         stdin: BinaryIO | None) -> int:
    tune_gc()
    if STDIN_PATH in args.paths:
        return _run_stdin(args, stdout, stderr, stdin or sys.stdin.buffer)
    if args.stdin_filename is not None:
        raise UsageError("--stdin-filename names standard input: give - as the path")
    if args.only_corpus_files:
        args.paths = _corpus_files(args.paths)
        if not args.paths:  # pre-commit named no corpus file: nothing to do
            return EXIT_OK
    if args.show_files or args.show_settings:
        return show_run(session.plan(args, stderr), stdout, files=args.show_files,
                        settings=args.show_settings)
    if args.command == "fix" and not (args.out or args.in_place or args.diff):
        raise UsageError("fix needs --out DIR, --in-place or --diff "
                         "(the inputs are never modified unless you ask)")
    if getattr(args, "add_noqa", False):
        _as_add_noqa(args)
    run_plan = session.plan(args, stderr)
    return _run_plan(args, run_plan, stdout, stderr)


def _as_add_noqa(args: argparse.Namespace) -> None:
    """``check --add-noqa`` runs as a fix that rewrites the inputs in place, whose "fix" of
    each document is the suppressions for its findings (``parallel._add_noqa``)."""
    for given, option in ((args.update_baseline, "--update-baseline"),
                          (args.baseline, "--baseline"), (args.statistics, "--statistics")):
        if given:
            raise UsageError(f"--add-noqa cannot be combined with {option}")
    args.command = "fix"
    args.in_place, args.out, args.diff = True, None, False
    args.malformed, args.drop_empty, args.exit_non_zero_on_fix = "keep", False, False


def _run_to_file(args: argparse.Namespace, stderr: TextIO, stdin: BinaryIO | None) -> int:
    """``--output-file FILE``: what would go to stdout goes to FILE, written atomically (a
    reader never sees half a report); an interrupted run leaves FILE as it was."""
    try:
        target = OutputFile(Path(args.output_file), durable=False)
    except OSError as exc:
        raise UsageError(f"cannot write --output-file {args.output_file}: "
                         f"{exc.strerror or exc}") from None
    stream = io.TextIOWrapper(target.stream, encoding="utf-8", newline="")
    try:
        code = _run(args, stream, stderr, stdin)
        stream.flush()
    except BaseException:
        target.abort()
        raise
    stream.detach()
    target.commit()
    return code


def _corpus_files(paths: Sequence[str]) -> list[str]:
    """The folders among ``paths`` and the files a corpus format reads, by name."""
    suffixes = supported_suffixes()
    return [path for path in paths
            if os.path.isdir(path) or path.lower().endswith(suffixes)]


def _run_stdin(args: argparse.Namespace, stdout: TextIO, stderr: TextIO,
               stdin: BinaryIO) -> int:
    """``check -`` / ``fix -``: ``fix`` (without ``--diff``) writes the fixed text on stdout
    and the findings on stderr."""
    if args.paths != [STDIN_PATH]:
        raise UsageError("- (standard input) cannot be combined with other paths")
    if getattr(args, "add_noqa", False):
        raise UsageError("--add-noqa rewrites files; it cannot read standard input")
    text_out = args.command == "fix" and not args.diff
    if args.command == "fix" and (args.out or args.in_place):
        raise UsageError("fix - writes the fixed text on stdout; --out and --in-place "
                         "need files")
    if text_out and reporters.reporter(args.format).machine_readable:
        raise UsageError(f"fix - writes the fixed text on stdout; it cannot be combined with "
                         f"--format {args.format} (write the report with --report FILE)")
    args = argparse.Namespace(**vars(args))
    if args.config is None and not args.isolated:
        found = find_config([args.stdin_filename or "."])
        args.config, args.isolated = (str(found[0]), False) if found else (None, True)
    with stdin_input.spooled(stdin, args.stdin_filename) as spooled:
        args.paths = [str(spooled.path)]
        if text_out:
            args.out = str(spooled.out_dir)
        run_plan = session.plan(args, stderr)
        run_plan = dataclasses.replace(run_plan, discovery_errors=(),
                                       sources=(spooled.source(),))
        code = _run_plan(args, run_plan, stderr if text_out else stdout, stderr)
        if text_out:
            fixed = spooled.fixed_bytes()
            if fixed is None and code == EXIT_ERROR:  # not fixed: the text goes on unchanged
                fixed = spooled.path.read_bytes()
            stdout.flush()
            binary(stdout).write(fixed or b"")
    return code


def _run_plan(args: argparse.Namespace, run_plan: session.RunPlan, stdout: TextIO,
              stderr: TextIO) -> int:
    done = session.Session(run_plan, stdout, stderr, quiet=args.quiet,
                           progress=not args.quiet and _is_terminal(stderr)).run()
    totals, tally = done.totals, done.tally
    if not args.quiet and not run_plan.reporter.machine_readable:
        summary = f"{counted(totals.documents, 'document')}, {counted(tally.findings, 'finding')}"
        if run_plan.settings.add_noqa:
            summary += (f", suppressions added to "
                        f"{counted(totals.files_changed, 'file')}")
        elif run_plan.fixing:
            summary += f", {tally.applied} fixed, {counted(totals.files_changed, 'file')} changed"
        if done.baselined is not None:
            summary += f", {done.baselined} hidden by the baseline"
        stderr.write(summary + "\n")
        if done.fixed:
            stderr.write(_fixed_listing(done.fixed))
    if done.input_errors or tally.rule_errors:
        return EXIT_ERROR
    if args.update_baseline or run_plan.settings.add_noqa:
        return EXIT_OK
    if args.exit_zero:
        return EXIT_OK
    if not run_plan.fixing:
        return EXIT_FINDINGS if tally.failing else EXIT_OK
    # ruff's model: fix succeeds when what it could fix is fixed and nothing failing is left;
    # --diff writes nothing, so a change it shows is still to be made.
    changed_fails = run_plan.diff or args.exit_non_zero_on_fix
    if tally.unfixed_failing or (changed_fails and totals.files_changed):
        return EXIT_FINDINGS
    return EXIT_OK


def _fixed_listing(fixed: dict[str, Counter[str]]) -> str:
    """``fix --show-fixes``: the fixes applied, per file and rule, as ruff lists them."""
    total = sum(sum(counts.values()) for counts in fixed.values())
    lines = [f"Fixed {counted(total, 'finding')}:"]
    for file, counts in fixed.items():
        lines.append(f"- {file}:")
        lines.extend(f"    {count} × {rule}" for rule, count in sorted(
            counts.items(), key=lambda item: (-item[1], item[0])))
    return "\n".join(lines) + "\n"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


#: The ``rules`` column for (fixable, some fixes safe): ``fix`` applies by default, ``unsafe
#: fix`` only with ``--unsafe-fixes``.
_FIX_LABELS = {(True, True): "fix", (True, False): "unsafe fix", (False, False): ""}


def _rules_command(args: argparse.Namespace, stdout: TextIO) -> int:
    classes = all_rules()
    if args.format == "json":
        payload: list[dict[str, Any]] = [
            {"code": c.code, "name": c.name, "summary": c.summary, "severity": c.severity.value,
             "fixable": c.fixable, "safe_fixes": c.fixable and c.safe_fixes,
             "options_schema": c.options_schema}
            for c in classes
        ]
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    width = max((len(c.name) for c in classes), default=0)
    fix_width = max(len(label) for label in _FIX_LABELS.values())
    for cls in classes:
        fix = _FIX_LABELS[cls.fixable, cls.fixable and cls.safe_fixes]
        stdout.write(f"{cls.code}  {cls.name:<{width}}  {cls.severity.value:<7}  "
                     f"{fix:<{fix_width}}  {cls.summary}\n")
    return EXIT_OK


def _explain_command(args: argparse.Namespace, stdout: TextIO) -> int:
    for cls in all_rules():
        if args.rule in (cls.code, cls.name) or args.rule.upper() == cls.code:
            fixes = ("" if not cls.fixable else ", fixable" if cls.safe_fixes else
                     ", fixable with --unsafe-fixes")
            stdout.write(f"{cls.code} {cls.name} ({cls.severity.value}{fixes})\n\n"
                         f"{cls.summary}\n\n")
            stdout.write(cls.documentation() + "\n")
            defaults = cls.default_options()
            if defaults:
                stdout.write("\nOptions (defaults):\n")
                for key, value in defaults.items():
                    description = cls.options_schema["properties"][key].get("description", "")
                    value_json = json.dumps(value, ensure_ascii=False)
                    stdout.write(f"  {key} = {value_json}  {description}\n")
            return EXIT_OK
    raise UsageError(f"unknown rule {args.rule!r}{did_you_mean(args.rule, all_rules())}; "
                     "see 'lint-corpus rules'")


def _closed_pipe(*streams: TextIO) -> int:
    """Stop quietly: whoever read the output has all they wanted. The standard streams are
    pointed at the null device, so that the interpreter's last flush of what is still
    buffered cannot fail again (and print "Exception ignored")."""
    for stream in streams:
        if stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, stream.fileno())
                os.close(null)
    return EXIT_CLOSED_PIPE


@terminate_as_interrupt
def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None, stdin: BinaryIO | None = None) -> int:
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
        if args.command in ("rules", "explain"):
            code = (_rules_command if args.command == "rules" else _explain_command)(args, out)
            out.flush()
            return code
        if args.output_file:
            return _run_to_file(args, err, stdin)
        code = _run(args, out, err, stdin)
        out.flush()
        return code
    except BrokenPipeError:
        return _closed_pipe(out, err)
    except LintCorpusError as exc:
        err.write(f"lint-corpus: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("lint-corpus: interrupted\n")
        return 130
