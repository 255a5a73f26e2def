"""Processing documents in batches, in this process or in a pool of worker processes.

Output order never depends on the number of workers: batches are submitted in input order and
their results consumed in that order, so a run with ``--jobs 8`` writes the same report and
the same cleaned bytes as a run with ``--jobs 1``. At most a few batches per worker are in
flight, which bounds memory whatever the corpus size. Workers receive the raw record (a JSONL
line's bytes) where decoding is worth parallelising, and send back the report entry already
built, so the main process mostly moves bytes.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from lint_corpus import markdown, suppressions
from lint_corpus import report as reportlib
from lint_corpus.corpus import CorpusFormat, Decoded, FieldOptions, Item, format_named, parquet
from lint_corpus.corpus.legacy import DetectedEncoding
from lint_corpus.document import Document
from lint_corpus.engine import DEFAULT_RULE_TIMEOUT, Linter, is_trusted
from lint_corpus.errors import LintCorpusError
from lint_corpus.reporters.lines import LineRendering
from lint_corpus.results import DocumentResult, EntrySummary, named
from lint_corpus.rule import Rule

if TYPE_CHECKING:
    # Imported where a pool starts: a run in one process (a pre-commit hook's) never needs
    # them, and they cost a tenth of its start-up.
    from concurrent.futures import Future, ProcessPoolExecutor

#: A batch closes at this many characters of text or this many documents, whichever first:
#: large enough that inter-process overhead is small, small enough to keep memory flat.
BATCH_CHARS = 1 << 20
BATCH_DOCUMENTS = 512
#: Batches in flight per worker.
WINDOW_PER_JOB = 2
#: The size of a worker's note of what it runs (a rule and a document location).
WATCH_NOTE_BYTES = 512
#: The largest document the rules run on (config ``max-document-chars`` and
#: ``max-document-lines``). Measured peak memory of one document: about 20 bytes a
#: character for one long line (50 M characters: 0.93 GB), and 0.4 to 1 KB a line for
#: short lines (1 M lines of 14 characters: 1.0 GB; 500 K one-character lines: 0.22 GB). At
#: these limits one document stays under ~750 MB, and real documents pass with room to
#: spare: a long novel is ~3 M characters in ~60 K lines, the largest dev case 35 K.
DEFAULT_MAX_DOCUMENT_CHARS = 10_000_000
DEFAULT_MAX_DOCUMENT_LINES = 500_000
TOO_LARGE = ("document has {size:,} {unit}, more than max-document-{unit} ({limit:,}): "
             "not linted, passed through unchanged")


@dataclass(frozen=True)
class Settings:
    """What a worker needs to process documents; sent once to each worker."""

    rules: tuple[Rule, ...]
    fixing: bool
    unsafe_fixes: bool = False
    fields: FieldOptions = field(default_factory=FieldOptions)
    #: Build each document's report entry in the worker.
    entries: bool = True
    #: Send back only what a streaming run uses: the report entry already serialised, the
    #: counts the summary needs and the text-format lines, without the original text and the
    #: finding objects (pickling those cost more than the work they save in the main process).
    slim: bool = False
    #: With ``slim``: render the text format's lines in the worker.
    lines: LineRendering | None = None
    #: The document marks every result states (those of every installed rule).
    marks: tuple[str, ...] = ()
    #: Seconds per plugin rule per document (``None``: no budget).
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT
    max_document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS
    max_document_lines: int = DEFAULT_MAX_DOCUMENT_LINES
    #: A folder where each worker notes the plugin rule and document it is running (set by
    #: ``Pool`` when plugin rules run): what the main process names if a worker dies.
    watch_folder: str | None = None
    #: The codes of the built-in rules (``None``: rules defined in the built-in packages).
    trusted_codes: frozenset[str] | None = None
    #: ``check --add-noqa``: instead of fixing, write suppressions for the findings.
    add_noqa: bool = False

    @property
    def trusted(self) -> bool:
        """Whether every rule is built in (see ``engine.is_trusted``)."""
        return all(is_trusted(rule, self.trusted_codes) for rule in self.rules)


class WorkerDied(LintCorpusError):
    """A worker process ended in the middle of a batch (a rule called ``os._exit``, or the
    system killed it for memory); the message names what it was running when known."""


@dataclass(frozen=True)
class Task:
    """One document to process: its text, or the raw record when ``decode_with`` names the
    format that decodes it in the worker."""

    payload: Any
    path: str
    ignored: frozenset[str] = frozenset()
    record: int | None = None
    line: int | None = None
    id: str | None = None
    decode_with: str | None = None
    #: The legacy encoding a plain-text file was decoded from (``Document.detected_encoding``).
    detected_encoding: DetectedEncoding | None = None
    #: A record's ignore field, decoded in the main process (see ``Decoded.ignore``).
    ignore: tuple[str, ...] | None = None
    #: The file line of each line of the text (``Decoded.source_lines``: HTML).
    source_lines: Sequence[int] | None = None
    #: The file as the user opens it from the current directory (``Source.label``), for the
    #: report entry's ``file``; ``None``: ``path``.
    file: str | None = None


@dataclass
class Outcome:
    """What became of a task: its result (``None`` when the record could not be decoded,
    ``problem`` says why), the record re-encoded when a fix changed it, and its report entry
    (a dictionary, or with ``Settings.slim`` serialised, with its ``tally`` and text lines)."""

    result: DocumentResult | None = None
    problem: str | None = None
    encoded: bytes | None = None
    entry: dict[str, Any] | None = None
    entry_json: bytes | None = None
    tally: EntrySummary | None = None
    text_lines: str = ""
    changed: bool = False
    bytes_removed: int = 0


class Processor:
    """Lints or fixes tasks with one linter per set of per-file ignored rules."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._linters: dict[frozenset[str], Linter] = {}
        self._location = ""
        self._note: int | None = None  # the watch file's descriptor
        if settings.watch_folder is not None:
            self._note = os.open(os.path.join(settings.watch_folder, str(os.getpid())),
                                 os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)

    def _watch(self, rule: Rule | None) -> None:
        assert self._note is not None
        text = f"rule {rule.code} ({rule.name}) on {self._location}" if rule is not None \
            else f"{self._location}"
        data = text.encode("utf-8", "backslashreplace")[:WATCH_NOTE_BYTES]
        # One write at offset 0, padded: the file always holds one whole note.
        os.pwrite(self._note, data.ljust(WATCH_NOTE_BYTES), 0)

    def linter(self, ignored: frozenset[str]) -> Linter:
        if ignored not in self._linters:
            kept = [rule for rule in self.settings.rules if rule.code not in ignored]
            self._linters[ignored] = Linter(
                kept, unsafe_fixes=self.settings.unsafe_fixes, marks=self.settings.marks,
                rule_timeout=self.settings.rule_timeout,
                watch=self._watch if self._note is not None else None,
                trusted_codes=self.settings.trusted_codes)
        return self._linters[ignored]

    def process(self, tasks: Sequence[Task]) -> list[Outcome]:
        return [self.process_one(task) for task in tasks]

    def process_one(self, task: Task) -> Outcome:
        settings = self.settings
        item = Item(task.payload, index=task.record, line=task.line, id=task.id)
        if task.decode_with is not None:
            fmt = format_named(task.decode_with)
            decoded = fmt.decode(item, settings.fields)
            if decoded.problem is not None:
                return Outcome(problem=decoded.problem)
        else:
            fmt = None
            decoded = Decoded(task.payload, task.id, ignore=task.ignore)
        linter = self.linter(task.ignored)
        if self._note is not None:
            self._location = task.path if task.record is None else f"{task.path}[{task.record}]"
        noqa_record: bytes | None = None
        too_large = _too_large(decoded.text, settings)
        if too_large is not None:
            result = DocumentResult(task.path, decoded.text, id=decoded.id,
                                    declared_marks=linter.marks)
            result.errors.append(too_large)
            if settings.fixing:
                result.fixed = decoded.text
        else:
            doc = Document(decoded.text, task.path, decoded.id,
                           detected_encoding=task.detected_encoding,
                           markup=suppressions.markup_for(task.path,
                                                          record=task.record is not None),
                           ignore=decoded.ignore)
            if settings.add_noqa:
                result = linter.check(doc)
                noqa_record = _add_noqa(result, doc, linter, fmt, item, decoded,
                                        settings.fields)
            else:
                result = linter.fix(doc) if settings.fixing else linter.check(doc)
        result.record, result.source_line = task.record, task.line
        result.source_lines = task.source_lines
        result.errors.extend(decoded.warnings)
        outcome = Outcome(result, changed=result.changed or noqa_record is not None,
                          encoded=noqa_record)
        if result.changed and result.fixed is not None and noqa_record is None:
            outcome.bytes_removed = (len(result.original.encode("utf-8", "surrogatepass"))
                                     - len(result.fixed.encode("utf-8", "surrogatepass")))
            if fmt is not None:
                outcome.encoded = fmt.encode(item, decoded, result.fixed, settings.fields)
        if settings.entries:
            entry = reportlib.document_entry(result, task.file)
            if settings.slim:
                outcome.entry_json = reportlib.dump_entry(entry)
                outcome.tally = EntrySummary.of(entry)
                if settings.lines is not None and entry["findings"]:
                    location = named(task.file or task.path, task.record)
                    outcome.text_lines = settings.lines.render(location, entry, result.original)
                result.original = ""
                result.findings = []
            else:
                outcome.entry = entry
        if not result.changed and result.fixed is not None:
            result.fixed = None  # the main process restores it: no need to send it twice
        return outcome


def _add_noqa(result: DocumentResult, doc: Document, linter: Linter,
              fmt: CorpusFormat | None, item: Item, decoded: Decoded,
              fields: FieldOptions) -> bytes | None:
    """``check --add-noqa``: the document's text with suppression directives for its
    findings (``result.fixed``), or for a record the record with them in its ignore field
    (returned encoded; for a Parquet row, the codes its writer adds; ``None`` when the format
    cannot write the field)."""
    findings = suppressions.suppressible([reported.finding for reported in result.findings],
                                         linter.rules)
    result.fixed = doc.text
    if not findings:
        return None
    if doc.markup != suppressions.RECORD:
        text = suppressions.with_directives(doc, findings)
        # Directive lines beside blocks are blank lines to the rules, which may change a
        # verdict that reads the gaps, and a comment line can end a Markdown list: kept only
        # when they suppress exactly the findings and the page renders the same.
        rest = len(result.findings) - len(findings)
        again = linter.check(doc.revised(text)).findings
        if len(again) != rest or suppressions.suppressible(
                [reported.finding for reported in again], linter.rules) or (
                doc.markup == suppressions.MARKDOWN
                and not markdown.renders_alike(doc.text, text)):
            text = suppressions.with_directives(doc, findings, whole_file=True)
        result.fixed = text
        return None
    codes = sorted({f.code for f in findings})
    if fmt is None:  # a row decoded in the main process (Parquet): its writer adds them
        return parquet.codes_to_add(codes)
    with_ignores = getattr(fmt, "with_ignores", None)
    if with_ignores is None:
        result.warnings.append("--add-noqa cannot write this format's ignore field; "
                               "nothing added")
        return None
    encoded: bytes = with_ignores(item, decoded, codes, fields)
    return encoded


def _too_large(text: str, settings: Settings) -> str | None:
    """Why ``text`` is too large to lint (see ``DEFAULT_MAX_DOCUMENT_CHARS``), or ``None``."""
    if len(text) > settings.max_document_chars:
        return TOO_LARGE.format(size=len(text), unit="chars",
                                limit=settings.max_document_chars)
    if len(text) <= settings.max_document_lines:  # fewer characters than lines allowed
        return None
    # Line ends as ``Document`` splits lines: "\n", "\r\n" and a lone "\r".
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if lines > settings.max_document_lines:
        return TOO_LARGE.format(size=lines, unit="lines", limit=settings.max_document_lines)
    return None


_WORKER: Processor | None = None


#: The cyclic garbage collector's first threshold for processes that lint a corpus. Linting
#: allocates many small objects (lines, findings) and few cycles: at Python's default of 700
#: allocations a young-generation collection runs every few lines, about 9 % of the CPU time
#: on the benchmark corpus; at this threshold peak memory stays the same.
GC_THRESHOLD = (50_000, 20, 20)


def tune_gc() -> None:
    """Collect garbage less often in a process that lints a corpus (see ``GC_THRESHOLD``)."""
    gc.set_threshold(*GC_THRESHOLD)


def _init_worker(settings: Settings, path: list[str]) -> None:
    global _WORKER
    sys.path[:] = path  # rules from a plugin or a test module import in the worker too
    tune_gc()
    _WORKER = Processor(settings)


def _work(tasks: Sequence[Task]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.process(tasks)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


B = TypeVar("B")


@dataclass
class Batch(Generic[B]):
    """Tasks to process together, with what the caller needs to place their outcomes."""

    tasks: list[Task]
    context: B


class Pool(Generic[B]):
    """Runs batches in order: in this process (``jobs == 1``) or in ``jobs`` workers."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.watch_folder: tempfile.TemporaryDirectory[str] | None = None
        trusted = settings.trusted
        if not trusted:
            # Plugin rules run in worker processes even with one job: a rule that ends its
            # process (``os._exit``) then ends a worker, which is reported, not the run.
            self.watch_folder = tempfile.TemporaryDirectory(prefix="lint-corpus-watch-")
            settings = replace(settings, watch_folder=self.watch_folder.name)
        self.local = Processor(settings) if self.jobs == 1 and trusted else None
        self.executor: ProcessPoolExecutor | None = None
        if self.local is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.executor = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=multiprocessing.get_context(_start_method()),
                initializer=_init_worker, initargs=(settings, list(sys.path)))

    def run(self, batches: Iterable[Batch[B]]) -> Iterator[tuple[Batch[B], list[Outcome]]]:
        if self.local is not None:
            for batch in batches:
                yield batch, self.local.process(batch.tasks) if batch.tasks else []
            return
        assert self.executor is not None
        from concurrent.futures.process import BrokenProcessPool

        window: deque[tuple[Batch[B], Future[list[Outcome]] | None]] = deque()
        limit = self.jobs * WINDOW_PER_JOB
        try:
            for batch in batches:
                window.append((batch, self.executor.submit(_work, batch.tasks)
                               if batch.tasks else None))
                while len(window) > limit:
                    yield _resolve(window.popleft())
            while window:
                yield _resolve(window.popleft())
        except BrokenProcessPool as exc:
            if self.watch_folder is None:
                raise WorkerDied(f"a worker process died ({exc}); nothing was left "
                                 "half-written. Rerun with --jobs 1 to see which document "
                                 "fails") from exc
            raise WorkerDied(self._died()) from exc

    def _died(self) -> str:
        """What the workers were running when one died, from their notes."""
        assert self.watch_folder is not None
        notes = []
        for name in sorted(os.listdir(self.watch_folder.name)):
            with open(os.path.join(self.watch_folder.name, name), "rb") as note:
                text = note.read().rstrip(b" ").decode("utf-8", "replace")
            if text.startswith("rule "):
                notes.append(text)
        doing = (f" while running {' or '.join(notes)}" if notes else
                 " (not in a plugin rule: perhaps out of memory)")
        return f"a worker process died{doing}; nothing was left half-written"

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        if self.watch_folder is not None:
            self.watch_folder.cleanup()

    def __enter__(self) -> Pool[B]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_method() -> str:
    """fork where it is safe: workers start in milliseconds and do not re-import the caller's
    ``__main__`` (a script calling ``cli.main`` without a ``__name__`` guard would otherwise
    run again in every worker). With other threads alive, forking could copy a held lock, so
    forkserver (or spawn) is used instead."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _resolve(pending: tuple[Batch[B], Future[list[Outcome]] | None]
             ) -> tuple[Batch[B], list[Outcome]]:
    batch, future = pending
    return batch, future.result() if future is not None else []


def batched(units: Iterable[tuple[Task | None, B]],
            size: Callable[[Task], int]) -> Iterator[Batch[list[tuple[Task | None, B]]]]:
    """Group ``(task or None, context)`` units into batches bounded by text size and count;
    units without a task (file boundaries, blank lines) ride along in order."""
    tasks: list[Task] = []
    context: list[tuple[Task | None, B]] = []
    chars = 0
    for task, unit in units:
        context.append((task, unit))
        if task is not None:
            tasks.append(task)
            chars += size(task)
            if chars >= BATCH_CHARS or len(tasks) >= BATCH_DOCUMENTS:
                yield Batch(tasks, context)
                tasks, context, chars = [], [], 0
        elif len(context) >= 4 * BATCH_DOCUMENTS:
            yield Batch(tasks, context)
            tasks, context, chars = [], [], 0
    if context:
        yield Batch(tasks, context)
