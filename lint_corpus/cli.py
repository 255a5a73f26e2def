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
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from lint_corpus import baseline as baselinelib
from lint_corpus import formats
from lint_corpus import report as reportlib
from lint_corpus.config import Config, choose_rules, load_config
from lint_corpus.corpus import DEFAULT_ID_FIELD, DEFAULT_TEXT_FIELD, FieldOptions
from lint_corpus.errors import LintCorpusError, UsageError
from lint_corpus.formats import statistics as statslib
from lint_corpus.formats import text as textfmt
from lint_corpus.parallel import EntrySummary, Settings, available_cores, tune_gc
from lint_corpus.progress import Progress
from lint_corpus.registry import all_rules
from lint_corpus.results import DocumentResult, Run, RunDocument
from lint_corpus.rule import Rule, Severity
from lint_corpus.runner import CorpusRun, Processed, RunOptions
from lint_corpus.sources import AtomicFile, InputError, Source, discover
from lint_corpus.version import __version__

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
  lint-corpus fix shards/ --out cleaned/ -j 0    JSONL (.gz/.zst) or Parquet shards, all cores
  lint-corpus rules                              list the rules
  lint-corpus explain link-list                  a rule's documentation

exit codes: 0 clean, 1 findings (or files changed by fix), 2 usage or input errors
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _add_rule_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders (searched recursively for .txt, .md, .jsonl, "
                             ".jsonl.gz, .jsonl.zst, .parquet and .html, or the config's "
                             "include)")
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
                         help="field or column holding the document text (default: text)")
    records.add_argument("--id-field", default=DEFAULT_ID_FIELD, metavar="NAME",
                         help="field or column identifying the document (default: id)")


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
    fix.add_argument("--malformed", choices=["keep", "skip"], default="keep",
                     help="a record that cannot be read (bad JSON, no text field) is reported "
                          "and copied to the output as it is (keep, the default) or left out "
                          "(skip)")
    fix.add_argument("--drop-empty", action="store_true",
                     help="leave out records (and --out files) whose whole text was removed; "
                          "by default they are kept with empty text")
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


def _update_baseline(path: Path, documents: Sequence[RunDocument],
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


#: Below this many bytes of input, the default ``--jobs`` runs in one process: starting
#: workers costs more than they save (a pre-commit hook passes a handful of files).
PARALLEL_MIN_BYTES = 4 << 20
#: Formats that need whole results (texts included) at the end rather than a stream.
WHOLE_RUN_FORMATS = frozenset({"github", "sarif", "junit"})


def _jobs(args: argparse.Namespace, total_bytes: int) -> int:
    if args.jobs is not None:
        if args.jobs < 0:
            raise UsageError("--jobs must be 0 (all cores) or more")
        return args.jobs or available_cores()
    return available_cores() if total_bytes >= PARALLEL_MIN_BYTES else 1


def _total_bytes(sources: Sequence[Source]) -> int:
    total = 0
    for source in sources:
        with contextlib.suppress(OSError):
            total += source.path.stat().st_size
    return total


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    tune_gc()
    config = load_config(args.paths, explicit=args.config, isolated=args.isolated)
    rules = _instantiate(args, config)
    unsafe_fixes = args.unsafe_fixes if args.unsafe_fixes is not None else bool(
        config.unsafe_fixes)
    fail_on = args.fail_on or config.fail_on or DEFAULT_FAIL_ON
    sources, discovery_errors = discover(args.paths, include=config.include,
                                         exclude=config.exclude, base=config.root)
    known = _check_output_options(args)
    total_bytes = _total_bytes(sources)
    fixing = args.command == "fix"
    diff = fixing and args.diff
    whole_run = args.format in WHOLE_RUN_FORMATS or args.update_baseline
    baseline_in_use = known is not None
    streaming_text = args.format == "text" and not args.statistics and not diff
    # A streaming run needs no finding objects or texts back from the workers: only the
    # report entries, the summary's counts and the text lines.
    slim = not (whole_run or baseline_in_use or args.statistics or diff)
    settings = Settings(tuple(rules), fixing, unsafe_fixes,
                        FieldOptions(args.text_field, args.id_field),
                        entries=not baseline_in_use, slim=slim,
                        text_lines=slim and streaming_text)
    options = RunOptions(settings.fields, args.malformed if fixing else "keep",
                         fixing and args.drop_empty,
                         Path(args.out) if fixing and args.out else None,
                         fixing and args.in_place, _jobs(args, total_bytes))

    input_errors: list[InputError] = list(discovery_errors)
    report = reportlib.ReportBuilder(args.command, rules) \
        if args.report or args.format == "json" else None
    tally = statslib.Tally(unsafe_fixes)
    retained: list[RunDocument] = []
    threshold = Severity(fail_on).rank
    ranks = {severity.value: severity.rank for severity in Severity}
    counts = {"findings": 0, "failing": 0, "applied": 0, "rule_errors": 0, "baselined": 0}

    deferred: list[tuple[RunDocument, int]] = []

    def on_document(processed: Processed) -> None:
        result = processed.result
        document = RunDocument(result, processed.source.path.as_posix(),
                                       processed.newline)
        if args.update_baseline:  # accounted once the new baseline is known
            deferred.append((document, processed.outcome.bytes_removed))
            return
        outcome = processed.outcome
        if outcome.tally is not None and outcome.entry_json is not None:
            account_slim(result, outcome.entry_json, outcome.tally, outcome.text_lines,
                         outcome.bytes_removed)
            return
        entry = outcome.entry
        if known is not None:
            kept, hidden = baselinelib.apply(known, [document])
            document = kept[0]
            counts["baselined"] += hidden
            entry = None
        account(document, entry, processed.outcome.bytes_removed)

    def account_slim(result: DocumentResult, entry_json: bytes, tally: EntrySummary,
                     text_lines: str, bytes_removed: int) -> None:
        if report is not None:
            report.add_dumped(entry_json, tally.status, tally.chars_removed,
                              [(rule, applied) for rule, _, applied in tally.findings],
                              bytes_removed)
        counts["findings"] += len(tally.findings)
        counts["failing"] += sum(ranks[severity] >= threshold
                                 for _, severity, _ in tally.findings)
        counts["applied"] += sum(applied for _, _, applied in tally.findings)
        stdout.write(text_lines)
        for message in result.errors:
            counts["rule_errors"] += 1
            stderr.write(f"lint-corpus: error: {result.location}: {message}\n")

    def account(document: RunDocument, entry: dict[str, Any] | None,
                bytes_removed: int) -> None:
        result = document.result
        if entry is None:
            entry = reportlib.document_entry(result)
        if report is not None:
            report.add(entry, bytes_removed)
        findings = entry["findings"]
        counts["findings"] += len(findings)
        counts["failing"] += sum(ranks[f["severity"]] >= threshold for f in findings)
        counts["applied"] += sum(bool(f["fix"] and f["fix"]["applied"]) for f in findings)
        if args.statistics:
            tally.add(result)
        if streaming_text and findings:
            stdout.write(textfmt.entry_lines(result.location, entry))
        if diff and result.changed and result.fixed is not None:
            stdout.writelines(_unified_diff(result.original, result.fixed, result.location))
        for message in result.errors:
            counts["rule_errors"] += 1
            stderr.write(f"lint-corpus: error: {result.location}: {message}\n")
        if whole_run:
            if not (result.findings or result.errors):
                result.original = ""  # a clean document's text is not needed any more
            retained.append(document)

    def on_error(error: InputError) -> None:
        input_errors.append(error)

    progress = Progress(total_bytes,
                        enabled=not args.quiet and _is_terminal(stderr), stream=stderr)
    try:
        engine: type[CorpusRun] = CorpusRun
        if args.engine == "ray":
            from lint_corpus.ray_engine import RayCorpusRun

            engine = RayCorpusRun
        totals = engine(settings, options, config, on_document, on_error,
                        progress.update).run(sources)
    finally:
        progress.close()

    baselined = counts["baselined"] if baseline_in_use else None
    if args.update_baseline:
        documents = [document for document, _ in deferred]
        known = _update_baseline(Path(args.baseline), documents, input_errors, args.quiet,
                                 stderr)
        if known is not None:
            documents, baselined = baselinelib.apply(known, documents)
        for document, (_, bytes_removed) in zip(documents, deferred, strict=True):
            account(document, None, bytes_removed)
    if report is not None:
        for error in input_errors:
            report.add_error(error)
        report.baselined = baselined
        try:
            if args.report:
                _write_report(Path(args.report), report)
        except OSError as exc:
            input_errors.append(InputError(args.report,
                                           f"cannot write report: {exc.strerror or exc}"))
        if args.format == "json" and not args.statistics:
            stdout.flush()
            report.write(_binary(stdout))
        report.close()
    if args.statistics:
        stdout.write(tally.write())
    elif args.format in WHOLE_RUN_FORMATS:
        run = Run(args.command, rules, retained, input_errors, unsafe_fixes, baselined)
        stdout.write(formats.render(args.format, run))

    for error in input_errors:
        stderr.write(f"lint-corpus: error: {_error_location(error)}: {error.message}\n")

    if not args.quiet and args.format == "text":
        summary = f"{totals.documents} documents, {counts['findings']} findings"
        if fixing:
            summary += f", {counts['applied']} fixed, {totals.files_changed} files changed"
        if baselined is not None:
            summary += f", {baselined} hidden by the baseline"
        stderr.write(summary + "\n")
    if input_errors or counts["rule_errors"]:
        return EXIT_ERROR
    if args.update_baseline:
        return EXIT_OK
    if (counts["failing"] or (fixing and totals.files_changed)) and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _error_location(error: InputError) -> str:
    return error.relative if error.record is None else f"{error.relative}[{error.record}]"


def _write_report(path: Path, report: reportlib.ReportBuilder) -> None:
    target = AtomicFile(path)
    try:
        report.write(target.stream)
    except BaseException:
        target.abort()
        raise
    target.commit()


def _binary(stream: TextIO) -> BinaryIO:
    """The byte stream under a text stream (stdout), or an adapter for in-memory ones."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    return cast(BinaryIO, _TextAdapter(stream))


class _TextAdapter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("utf-8"))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


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
    except LintCorpusError as exc:
        err.write(f"lint-corpus: error: {exc}\n")
        return EXIT_ERROR
    except BrokenProcessPool as exc:
        err.write(f"lint-corpus: error: a worker process died ({exc}); nothing was left "
                  "half-written. Rerun with --jobs 1 to see which document fails\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("lint-corpus: interrupted\n")
        return 130
