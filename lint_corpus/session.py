"""One ``check`` or ``fix`` run: a plan built from the parsed arguments and the config, the
engine that processes the documents, and what is made of each document as it comes back.

Every document goes through one path (``Session._account``): its report entry feeds the JSON
report and one ``Tally`` (findings, failing findings, applied fixes), then the chosen reporter
(``on_document``); rule errors go to stderr. A streaming run gets the entry already serialised
from the worker, a run that needs texts (the baseline, whole-run reporters, ``--diff``,
``--statistics``) gets the document's result and builds the entry here; the counts come from
the same ``EntrySummary`` either way. The command line keeps the parsing and the exit codes.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from lint_corpus import baseline as baselinelib
from lint_corpus import registry, reporters
from lint_corpus import report as reportlib
from lint_corpus.config import Config, choose_rules, parse_config, read_config
from lint_corpus.corpus import DEFAULT_IGNORE_FIELD, FieldOptions
from lint_corpus.engine import DEFAULT_RULE_TIMEOUT, describe_exception
from lint_corpus.errors import UsageError
from lint_corpus.parallel import (
    DEFAULT_MAX_DOCUMENT_CHARS,
    DEFAULT_MAX_DOCUMENT_LINES,
    Settings,
    available_cores,
)
from lint_corpus.progress import Progress
from lint_corpus.registry import all_rules, declared_marks
from lint_corpus.reporters.base import (
    ReportedDocument,
    Reporter,
    ReporterContext,
    ReporterSpec,
    RunEnd,
    shown_location,
)
from lint_corpus.reporters.diff import DiffReporter
from lint_corpus.reporters.statistics import StatisticsReporter
from lint_corpus.reporters.style import use_color
from lint_corpus.reporters.text import error_lines
from lint_corpus.results import EntrySummary, InputError, RunDocument
from lint_corpus.rule import Rule, Severity
from lint_corpus.runner import CorpusRun, Processed, RunOptions, Totals, check_outputs
from lint_corpus.sources import OutputFile, Source, discover
from lint_corpus.text import counted

#: Info findings (e.g. boilerplate-header, whose fix is unsafe) inform without failing, so a
#: pre-commit fix hook passes on its second run.
DEFAULT_FAIL_ON = Severity.WARNING.value
#: Below this many bytes of input, the default ``--jobs`` runs in one process: starting
#: workers costs more than they save (a pre-commit hook passes a handful of files).
PARALLEL_MIN_BYTES = 4 << 20


@dataclass(frozen=True)
class RunPlan:
    """Everything a run needs, decided before the first document is read."""

    command: str
    rules: tuple[Rule, ...]
    config: Config
    sources: tuple[Source, ...]
    discovery_errors: tuple[InputError, ...]
    settings: Settings
    options: RunOptions
    reporter: ReporterSpec
    statistics: bool
    diff: bool
    fail_on: Severity
    unsafe_fixes: bool
    #: ``--report FILE`` as given (messages name it so).
    report_path: str | None
    baseline_path: Path | None
    update_baseline: bool
    #: The findings ``--baseline`` hides (``None``: no baseline, or one being rewritten).
    known: frozenset[baselinelib.Key] | None
    engine: str
    total_bytes: int
    #: Rules that could not be constructed (each skipped for the run): one message each.
    rule_errors: tuple[str, ...] = ()
    #: ``--color``: auto, always or never (see ``reporters.style.use_color``).
    color: str = "auto"
    #: ``--show-fixes``: the full format shows what each fix changes.
    show_fixes: bool = False

    @property
    def fixing(self) -> bool:
        return self.command == "fix"


def split_selectors(values: Sequence[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def plan(args: argparse.Namespace, warnings: TextIO) -> RunPlan:
    """The plan for ``check`` or ``fix`` with the parsed ``args``; bad combinations of
    options raise ``UsageError``. Inputs skipped while searching folders are named on
    ``warnings``."""
    # Each registry call reads every installed package's entry points: the rules are found
    # once here (after the config file is read, whose errors come first) and handed on.
    found = read_config(args.paths, explicit=args.config, isolated=args.isolated)
    classes = all_rules()
    config = parse_config(found[1], found[0], classes) if found is not None else Config()
    chosen = choose_rules(config, classes, split_selectors(args.select),
                          split_selectors(args.extend_select), split_selectors(args.ignore))
    rules, rule_errors = _construct(chosen, config)
    unsafe_fixes = args.unsafe_fixes if args.unsafe_fixes is not None else bool(
        config.unsafe_fixes)
    fail_on = Severity(args.fail_on or config.fail_on or DEFAULT_FAIL_ON)
    sources, discovery_errors = discover(args.paths, include=config.include,
                                         exclude=config.exclude, base=config.root,
                                         warn_to=warnings,
                                         respect_gitignore=getattr(args, "respect_gitignore",
                                                                   True))
    spec = reporters.reporter(args.format)
    known = _check_output_options(args, spec)
    total_bytes = _total_bytes(sources)
    fixing = args.command == "fix"
    diff = fixing and args.diff
    # A run whose reporters only stream needs no finding objects or texts back from the
    # workers: the report entries, the summary's counts and the text lines.
    own_lines = not args.statistics and not diff
    slim = spec.streams and not (args.update_baseline or known is not None
                                 or args.statistics or diff)
    # The colour is the session's to decide (it knows the stream): see ``Session``.
    lines = None
    if slim and own_lines and spec.lines is not None:
        lines = dataclasses.replace(spec.lines,
                                    show_fixes=bool(getattr(args, "show_fixes", False)))
    settings = Settings(rules, fixing, unsafe_fixes,
                        FieldOptions(args.text_field, args.id_field,
                                     args.ignore_field or config.ignore_field
                                     or DEFAULT_IGNORE_FIELD),
                        entries=known is None, slim=slim,
                        lines=lines,
                        marks=declared_marks(classes),
                        rule_timeout=(config.rule_timeout if config.rule_timeout is not None
                                      else DEFAULT_RULE_TIMEOUT) or None,
                        max_document_chars=config.max_document_chars
                        or DEFAULT_MAX_DOCUMENT_CHARS,
                        max_document_lines=config.max_document_lines
                        or DEFAULT_MAX_DOCUMENT_LINES,
                        trusted_codes=frozenset(cls.code for cls in registry.builtin_rules()),
                        add_noqa=getattr(args, "add_noqa", False))
    options = RunOptions(settings.fields, args.malformed if fixing else "keep",
                         fixing and args.drop_empty,
                         Path(args.out) if fixing and args.out else None,
                         fixing and args.in_place, _jobs(args.jobs, total_bytes))
    if fixing:
        check_outputs(args.paths, sources, options)
    return RunPlan(args.command, rules, config, tuple(sources), tuple(discovery_errors),
                   settings, options, spec, args.statistics, diff, fail_on, unsafe_fixes,
                   args.report or None,
                   Path(args.baseline) if args.baseline else None, args.update_baseline,
                   known, args.engine, total_bytes, rule_errors,
                   getattr(args, "color", "auto"), bool(getattr(args, "show_fixes", False)))


def _construct(classes: Sequence[type[Rule]], config: Config
               ) -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    """An instance of each rule class; a class whose constructor raises is named and left
    out of the run (the others still run, and the run exits 2)."""
    rules: list[Rule] = []
    errors: list[str] = []
    for cls in classes:
        try:
            rules.append(_configured(cls(config.rule_options.get(cls.code)), config))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a plugin's constructor may raise anything
            errors.append(f"rule {cls.code} ({cls.name}) could not be created: "
                          f"{describe_exception(exc)}; skipped for this run")
    return tuple(rules), tuple(errors)


def _configured(rule: Rule, config: Config) -> Rule:
    severity = config.severity.get(rule.code)
    return rule.with_severity(Severity(severity)) if severity is not None else rule


def _check_output_options(args: argparse.Namespace,
                          spec: ReporterSpec) -> frozenset[baselinelib.Key] | None:
    """Reject option combinations that cannot work; load the baseline unless it is rewritten."""
    if args.statistics and spec.machine_readable:
        raise UsageError("--statistics prints a table; use it with --format text")
    if getattr(args, "diff", False) and spec.machine_readable:
        raise UsageError(f"--diff prints the diff on stdout; it cannot be combined with "
                         f"--format {args.format} (write the report with --report FILE)")
    if args.update_baseline:
        if not args.baseline:
            raise UsageError("--update-baseline needs --baseline FILE")
        if args.command != "check":
            raise UsageError("--update-baseline works with check")
        return None
    return baselinelib.load(Path(args.baseline)) if args.baseline else None


def _jobs(jobs: int | None, total_bytes: int) -> int:
    if jobs is not None:
        if jobs < 0:
            raise UsageError("--jobs must be 0 (all cores) or more")
        return jobs or available_cores()
    return available_cores() if total_bytes >= PARALLEL_MIN_BYTES else 1


def _total_bytes(sources: Sequence[Source]) -> int:
    total = 0
    for source in sources:
        with contextlib.suppress(OSError):
            total += source.path.stat().st_size
    return total


@dataclass
class Tally:
    """The run's counts, from each document's ``EntrySummary``."""

    #: ``Severity.rank`` at and above which a finding fails the run.
    threshold: int
    findings: int = 0
    failing: int = 0
    #: Failing findings whose fix was not applied: what ``fix`` leaves behind.
    unfixed_failing: int = 0
    applied: int = 0
    rule_errors: int = 0

    def add(self, summary: EntrySummary) -> None:
        self.findings += len(summary.findings)
        self.failing += sum(_RANKS[severity] >= self.threshold
                            for _, severity, _ in summary.findings)
        self.unfixed_failing += sum(_RANKS[severity] >= self.threshold and not applied
                                    for _, severity, applied in summary.findings)
        self.applied += sum(applied for _, _, applied in summary.findings)
        # A document whose fixes did not converge still has something left to fix.
        self.unfixed_failing += summary.warned


_RANKS = {severity.value: severity.rank for severity in Severity}


@dataclass
class SessionResult:
    """What the command line needs for its summary line and exit code."""

    totals: Totals
    tally: Tally
    input_errors: list[InputError] = field(default_factory=list)
    #: Findings hidden by the baseline (``None`` when no baseline is in use).
    baselined: int | None = None
    #: ``fix --show-fixes``: per file (as findings name it), the fixes applied per rule.
    fixed: dict[str, Counter[str]] = field(default_factory=dict)


class Session:
    """Runs a plan: processes every document, feeds the report, the tally and the reporter,
    and writes the report, the reporter's end and the input errors."""

    def __init__(self, run_plan: RunPlan, stdout: TextIO, stderr: TextIO, *, quiet: bool,
                 progress: bool) -> None:
        self.plan = run_plan
        self.stdout, self.stderr = stdout, stderr
        self.quiet = quiet
        self.show_progress = progress
        self.input_errors: list[InputError] = list(run_plan.discovery_errors)
        #: Each source's path relative to its input root, to the path the user opens it by.
        self.labels = {source.relative: source.label for source in run_plan.sources}
        self.tally = Tally(run_plan.fail_on.rank)
        for message in run_plan.rule_errors:
            self.tally.rule_errors += 1
            stderr.write(f"lint-corpus: error: {message}\n")
        self.baselined = 0
        self.fixed: dict[str, Counter[str]] = {}
        self.deferred: list[tuple[RunDocument, int]] = []
        spec = run_plan.reporter
        self.report = reportlib.ReportBuilder(run_plan.command, run_plan.rules) \
            if run_plan.report_path is not None or spec.needs_report else None
        context = ReporterContext(run_plan.command, run_plan.rules, run_plan.unsafe_fixes,
                                  stdout, self.report,
                                  color=use_color(run_plan.color, stdout),
                                  show_fixes=run_plan.show_fixes)
        lines = run_plan.settings.lines
        if lines is not None and lines.color != context.color:  # the workers colour them
            self.plan = dataclasses.replace(run_plan, settings=dataclasses.replace(
                run_plan.settings, lines=dataclasses.replace(lines, color=context.color)))
        self.reporter: Reporter = (StatisticsReporter(context) if run_plan.statistics else
                                   DiffReporter(context) if run_plan.diff else
                                   spec.create(context))

    def run(self) -> SessionResult:
        run_plan = self.plan
        progress = Progress(run_plan.total_bytes, enabled=self.show_progress,
                            stream=self.stderr)
        try:
            engine: type[CorpusRun] = CorpusRun
            if run_plan.engine == "ray":
                from lint_corpus.ray_engine import RayCorpusRun

                engine = RayCorpusRun
            totals = engine(run_plan.settings, run_plan.options, run_plan.config,
                            self._on_document, self.input_errors.append,
                            progress.update).run(run_plan.sources)
        finally:
            progress.close()
        baselined = self.baselined if run_plan.known is not None else None
        if run_plan.update_baseline:
            baselined = self._account_deferred()
        if self.report is not None:
            self._finish_report(baselined)
        shown_errors = self._shown_errors()
        self.reporter.finish(RunEnd(shown_errors, baselined))
        if self.report is not None:
            self.report.close()
        self.stderr.writelines(error_lines(shown_errors))
        return SessionResult(totals, self.tally, self.input_errors, baselined, self.fixed)

    def _shown_errors(self) -> list[InputError]:
        """The input errors as the user is told them: each file named by the path that opens
        from the current directory, as findings name it (the JSON report keeps the path
        relative to the input root, as its documents' ``path``)."""
        return [dataclasses.replace(error, relative=self._shown_file(error))
                for error in self.input_errors]

    def _shown_file(self, error: InputError) -> str:
        """The file an input error names, as the user opens it from the current directory."""
        return self.labels.get(error.relative, error.relative)

    def _on_document(self, processed: Processed) -> None:
        result = processed.result
        outcome = processed.outcome
        document = RunDocument(result, processed.source.label, processed.newline)
        if self.plan.update_baseline:  # accounted once the new baseline is known
            self.deferred.append((document, outcome.bytes_removed))
            return
        if outcome.tally is not None and outcome.entry_json is not None:  # a slim outcome
            self._account(ReportedDocument(document, outcome.tally, None, outcome.entry_json,
                                           outcome.text_lines, outcome.bytes_removed))
            return
        entry = outcome.entry
        if self.plan.known is not None:
            kept, hidden = baselinelib.apply(self.plan.known, [document])
            document = kept[0]
            self.baselined += hidden
            entry = None
        self._account_full(document, entry, outcome.bytes_removed)

    def _account_full(self, document: RunDocument, entry: dict[str, Any] | None,
                      bytes_removed: int) -> None:
        if entry is None:
            entry = reportlib.document_entry(document.result, document.file)
        self._account(ReportedDocument(document, EntrySummary.of(entry), entry,
                                       bytes_removed=bytes_removed))

    def _account(self, document: ReportedDocument) -> None:
        summary = document.summary
        if self.report is not None:
            self.report.add_dumped(document.dumped(), summary.status, summary.chars_removed,
                                   [(rule, applied) for rule, _, applied in summary.findings],
                                   document.bytes_removed)
        self.tally.add(summary)
        if self.plan.show_fixes and self.plan.fixing:
            for rule, _, applied in summary.findings:
                if applied:
                    counts = self.fixed.setdefault(document.document.file, Counter())
                    counts[rule] += 1
        self.reporter.on_document(document)
        result = document.document.result
        location = shown_location(document.document)
        for message in result.errors:
            self.tally.rule_errors += 1
            self.stderr.write(f"lint-corpus: error: {location}: {message}\n")
        for message in result.warnings:
            self.stderr.write(f"lint-corpus: warning: {location}: {message}\n")

    def _account_deferred(self) -> int | None:
        """``--update-baseline``: record the findings, then report what the new baseline
        leaves (nothing, unless it could not be written)."""
        assert self.plan.baseline_path is not None
        documents = [document for document, _ in self.deferred]
        known = self._update_baseline(self.plan.baseline_path, documents)
        baselined = None
        if known is not None:
            documents, baselined = baselinelib.apply(known, documents)
        for document, (_, bytes_removed) in zip(documents, self.deferred, strict=True):
            self._account_full(document, None, bytes_removed)
        return baselined

    def _update_baseline(self, path: Path, documents: Sequence[RunDocument]
                         ) -> frozenset[baselinelib.Key] | None:
        """Record every finding in the baseline; an incomplete run records nothing."""
        if self.input_errors or any(document.result.errors for document in documents):
            self.stderr.write(f"lint-corpus: error: baseline {path} not updated: "
                              "not every input could be checked\n")
            return None
        try:
            recorded = baselinelib.write(path, documents)
        except OSError as exc:
            self.input_errors.append(InputError(str(path), f"cannot write baseline: "
                                                           f"{exc.strerror or exc}"))
            return None
        if not self.quiet:
            self.stderr.write(f"lint-corpus: baseline {path}: "
                              f"{counted(recorded, 'finding')} recorded\n")
        return baselinelib.keys(documents)

    def _finish_report(self, baselined: int | None) -> None:
        assert self.report is not None
        for error in self.input_errors:
            self.report.add_error(error, self._shown_file(error))
        self.report.baselined = baselined
        path = self.plan.report_path
        if path is None:
            return
        try:
            _write_report(Path(path), self.report)
        except OSError as exc:
            self.input_errors.append(InputError(path,
                                                f"cannot write report: {exc.strerror or exc}"))


def _write_report(path: Path, report: reportlib.ReportBuilder) -> None:
    target = OutputFile(path)
    try:
        report.write(target.stream)
    except BaseException:
        target.abort()
        raise
    target.commit()
