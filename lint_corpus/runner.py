"""A streaming run over corpus files: read, lint or fix in parallel, write, and report.

The main process reads each file's items in order, hands documents to the ``parallel.Pool`` in
batches, and as outcomes come back (in input order) writes the cleaned file through its
format's writer and passes each document to the caller. Nothing is kept per document: memory
stays flat however large the corpus, and the cleaned corpus and report are the same for any
number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Literal

from lint_corpus.config import Config
from lint_corpus.corpus import CorpusFormat, FieldOptions, FormatError, Item, Writer, format_for
from lint_corpus.corpus.plain import PlainText
from lint_corpus.errors import UsageError
from lint_corpus.parallel import Batch, Outcome, Pool, Settings, Task, batched
from lint_corpus.results import DocumentResult, InputError
from lint_corpus.sources import Source, glob_path

Malformed = Literal["keep", "skip"]


@dataclass(frozen=True)
class RunOptions:
    fields: FieldOptions = field(default_factory=FieldOptions)
    #: What ``fix`` does with a record that cannot be read: copy it as it is, or leave it out.
    malformed: Malformed = "keep"
    #: Leave out documents whose whole text a fix removed (else they are kept, empty).
    drop_empty: bool = False
    out_dir: Path | None = None
    in_place: bool = False
    jobs: int = 1


@dataclass
class Processed:
    """A document as the caller sees it: its result, with texts restored, and the outcome."""

    source: Source
    result: DocumentResult
    outcome: Outcome
    newline: str = "\n"


@dataclass
class Totals:
    documents: int = 0
    files_changed: int = 0


@dataclass
class _Unit:
    """One step of the input, in order: a file opening or closing, an item, or a failure."""

    kind: Literal["open", "item", "close", "fail"]
    source: Source
    fmt: CorpusFormat | None = None
    item: Item | None = None
    newline: str = "\n"
    problem: str | None = None
    position: int = 0


@dataclass
class _FileState:
    fmt: CorpusFormat
    writer: Writer | None = None
    failed: bool = False
    changed: bool = False


def out_path(out_dir: Path, relative: str) -> Path:
    parts = [p for p in PurePosixPath(relative).parts if p not in ("", ".", "..", "/")]
    return out_dir.joinpath(*parts)


#: How many offending inputs a refusal names before "and N more".
NAMED_IN_REFUSAL = 5


def check_outputs(inputs: Sequence[str], sources: Sequence[Source], options: RunOptions
                  ) -> None:
    """Refuse, before anything is read or written, a ``fix`` whose outputs would collide,
    overwrite an input, or land where a later run reads them as input.

    Colliding outputs are refused rather than renamed or mirrored under each input's root:
    the layout of ``--out`` stays what the help promises (each file's path relative to its
    input), whatever the inputs hold, and the user picks the fix (one run per folder, or a
    common parent folder as the input), as ``cp`` refuses to overwrite a file it has just
    created.
    """
    if options.in_place:
        _check_in_place(sources)
    if options.out_dir is None:
        return
    out = options.out_dir.resolve()
    written: dict[Path, Source] = {}
    for source in sources:
        target = out_path(out, format_for(source.path).output_name(source.relative))
        if target == source.path.resolve():
            raise UsageError(f"{source.path.as_posix()}: --out {options.out_dir} would "
                             "overwrite the input itself (use --in-place for that)")
        other = written.setdefault(target, source)
        if other is not source:
            raise UsageError(
                f"{other.path.as_posix()} and {source.path.as_posix()} would both be written "
                f"to {(options.out_dir / target.relative_to(out)).as_posix()}; nothing was "
                "written. Fix them in separate runs, or give their common parent folder as the "
                "input so that --out mirrors their paths")
    for raw in inputs:
        if raw == "-":  # standard input: no folder to nest in
            continue
        given = Path(raw).resolve()
        if given == out:
            raise UsageError(f"--out {options.out_dir} is the input {raw}: the cleaned files "
                             "would overwrite the originals (use --in-place for that)")
        if given.is_dir() and given in out.parents and not _hidden(out.relative_to(given)):
            raise UsageError(f"--out {options.out_dir} is inside the input {raw}: the next run "
                             f"on {raw} would read the cleaned files as input; choose a folder "
                             "outside it (or a hidden one, which folder searches skip)")
        if out in given.parents:
            raise UsageError(f"the input {raw} is inside --out {options.out_dir}: its cleaned "
                             "copy would nest inside the output; choose another --out folder")


def _hidden(relative: Path) -> bool:
    """Whether a path inside an input folder is one that searching the folder skips."""
    return any(part.startswith(".") for part in relative.parts)


def _check_in_place(sources: Sequence[Source]) -> None:
    refused = [source for source in sources
               if not getattr(format_for(source.path), "writes_in_place", True)]
    if refused:
        names = ", ".join(source.path.as_posix() for source in refused[:NAMED_IN_REFUSAL])
        more = len(refused) - NAMED_IN_REFUSAL
        raise UsageError(f"--in-place cannot rewrite HTML (markup is not rebuilt from cleaned "
                         f"text): {names}{f' and {more} more' if more > 0 else ''}; use --out "
                         "DIR, which writes page.txt files, or leave the pages out; nothing "
                         "was written")


class CorpusRun:
    """Runs ``settings`` over ``sources``; ``on_document`` and ``on_error`` receive, in input
    order, every processed document and every problem; ``on_progress`` bytes read so far."""

    def __init__(self, settings: Settings, options: RunOptions, config: Config,
                 on_document: Callable[[Processed], None],
                 on_error: Callable[[InputError], None],
                 on_progress: Callable[[int], None] | None = None) -> None:
        self.settings, self.options, self.config = settings, options, config
        self.on_document, self.on_error, self.on_progress = on_document, on_error, on_progress
        self.writing = settings.fixing and (options.out_dir is not None or options.in_place)
        self.totals = Totals()
        self._files: dict[str, _FileState] = {}
        self._done_bytes = 0

    # --- the main process's reading side ------------------------------------------------------

    def _units(self, sources: Sequence[Source]) -> Iterator[tuple[Task | None, _Unit]]:
        fields = self.options.fields
        for source in sources:
            fmt = format_for(source.path)
            ignored = self.config.ignored_codes(glob_path(source.stands_for or source.path,
                                                          self.config.root,
                                                          source.relative))
            try:
                reader = fmt.reader(source.path, fields)
            except FormatError as exc:
                yield None, _Unit("fail", source, fmt, problem=str(exc))
                continue
            yield None, _Unit("open", source, fmt)
            try:
                for item in reader.items():
                    position = reader.position()
                    if item.verbatim:
                        yield None, _Unit("item", source, fmt, item, position=position)
                    elif fmt.decode_in_worker:
                        yield Task(item.payload, source.relative, ignored, item.index,
                                   item.line, item.id, fmt.name, file=source.label), \
                            _Unit("item", source, fmt, item, position=position)
                    else:
                        decoded = fmt.decode(item, fields)
                        unit = _Unit("item", source, fmt, item, problem=decoded.problem,
                                     position=position)
                        detected = None
                        if isinstance(item.payload, PlainText):
                            unit.newline = item.payload.newline
                            detected = item.payload.detected
                        task = None if decoded.problem else Task(
                            decoded.text, source.relative, ignored, item.index, item.line,
                            decoded.id, detected_encoding=detected, ignore=decoded.ignore,
                            source_lines=decoded.source_lines, file=source.label)
                        yield task, unit
            except FormatError as exc:
                yield None, _Unit("fail", source, fmt, problem=str(exc))
                continue
            finally:
                # The file's size as read, taken before closing: a closed reader cannot
                # tell (the progress bar counted 0 bytes for every finished file).
                end = reader.position()
                reader.close()
            yield None, _Unit("close", source, fmt, position=end)

    # --- the consuming side ------------------------------------------------------------------

    def run(self, sources: Sequence[Source]) -> Totals:
        def size(task: Task) -> int:
            return len(task.payload)

        try:
            with Pool[list[tuple[Task | None, _Unit]]](self.settings,
                                                       self.options.jobs) as pool:
                for batch, outcomes in pool.run(batched(self._units(sources), size)):
                    self._consume(batch, outcomes)
        except BaseException:
            # Interrupted or a worker died: no temporary file is left behind, no output
            # half-written (the completed files stay: each was renamed into place whole).
            for state in self._files.values():
                if state.writer is not None and not state.failed:
                    state.writer.abort()
            raise
        return self.totals

    def _consume(self, batch: Batch[list[tuple[Task | None, _Unit]]],
                 outcomes: list[Outcome]) -> None:
        results = iter(outcomes)
        for task, unit in batch.context:
            outcome = next(results) if task is not None else None
            if unit.kind == "open":
                self._open(unit)
            elif unit.kind == "item":
                self._item(unit, outcome)
            elif unit.kind == "close":
                self._close(unit)
            else:
                self._fail(unit)
            if self.on_progress is not None and unit.kind in ("item", "close"):
                self.on_progress(self._done_bytes + unit.position)
                if unit.kind == "close":
                    self._done_bytes += unit.position

    def _open(self, unit: _Unit) -> None:
        assert unit.fmt is not None
        state = _FileState(unit.fmt)
        self._files[unit.source.relative] = state
        if not self.writing:
            return
        options = self.options
        target = (unit.source.path if options.in_place else
                  out_path(options.out_dir or Path("."),
                           unit.fmt.output_name(unit.source.relative)))
        try:
            state.writer = unit.fmt.writer(unit.source.path, target, options.fields,
                                           in_place=options.in_place)
        except (FormatError, OSError) as exc:
            state.failed = True
            self.on_error(InputError(unit.source.relative, f"cannot write {target}: "
                                     f"{_reason(exc)}"))

    def _item(self, unit: _Unit, outcome: Outcome | None) -> None:
        state = self._files[unit.source.relative]
        item = unit.item
        assert item is not None
        writer = state.writer if not state.failed else None
        if item.verbatim:
            if writer is not None:
                writer.write(item, None, None)
            return
        problem = unit.problem or (outcome.problem if outcome is not None else None)
        if problem is not None or outcome is None or outcome.result is None:
            self._malformed(unit, problem or "could not be processed", writer)
            return
        result = outcome.result
        if self.settings.fixing and result.fixed is None:  # unchanged: not sent back
            result.fixed = result.original
        self.totals.documents += 1
        # ``outcome.changed``, not ``result.changed``: a slim result has no original text.
        if outcome.changed:
            state.changed = True
        if result.written_as is not None and isinstance(item.payload, PlainText):
            item = replace(item, payload=item.payload.as_utf8())
        if writer is not None:
            try:
                if (self.options.drop_empty and outcome.changed and result.fixed is not None
                        and not result.fixed.strip()):
                    writer.skip(item)
                else:
                    writer.write(item, result.fixed if outcome.changed else None,
                                 outcome.encoded)
            except (OSError, FormatError) as exc:
                self._write_failed(unit, state, exc)
        self.on_document(Processed(unit.source, result, outcome, unit.newline))

    def _malformed(self, unit: _Unit, problem: str, writer: Writer | None) -> None:
        item = unit.item
        assert item is not None
        action = "kept as it is" if self.options.malformed == "keep" else "skipped"
        where = f"line {item.line}" if item.line is not None else f"record {item.index}"
        self.on_error(InputError(unit.source.relative,
                                 f"{where}: {problem}" + (f"; {action}" if writer else ""),
                                 item.index, item.line))
        if writer is not None:
            if self.options.malformed == "keep":
                writer.write(item, None, None)
            else:
                writer.skip(item)

    def _write_failed(self, unit: _Unit, state: _FileState, exc: Exception) -> None:
        state.failed = True
        if state.writer is not None:
            state.writer.abort()
        self.on_error(InputError(unit.source.relative, f"cannot write: {_reason(exc)}"))

    def _close(self, unit: _Unit) -> None:
        state = self._files.pop(unit.source.relative)
        if state.writer is not None and not state.failed:
            try:
                state.changed = state.writer.commit()
            except (OSError, FormatError) as exc:
                self._write_failed(unit, state, exc)
                return
        # A file whose writer failed was not changed, whatever its documents' fixes say.
        self.totals.files_changed += state.changed and not (self.writing and state.failed)

    def _fail(self, unit: _Unit) -> None:
        state = self._files.pop(unit.source.relative, None)
        if state is not None and state.writer is not None and not state.failed:
            state.writer.abort()
        self.on_error(InputError(unit.source.relative, unit.problem or "cannot be read"))


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
