"""Running lint-corpus on a Ray cluster through Ray Data (``--engine ray``).

The work unit is one corpus file. A Ray Data dataset holds one row per file, in input order;
each row is mapped in a Ray worker by the local engine itself: a one-process ``CorpusRun`` over
that file reads it with its format's reader, lints or fixes every document, writes the cleaned
file with the format's writer (atomically, into ``--out`` or in place) and records the
callbacks it makes. The driver streams the rows back in input order and replays the recorded
callbacks, so the caller (the CLI's report, its text output, the totals) sees exactly the
sequence of documents and errors a local run produces, and the files written are the same
bytes, because the same code wrote them.

Workers see the driver's working directory (when it exists on their node) and ``sys.path``,
so relative paths, the config's globs and rules imported from the driver's path resolve as
they do locally. Inputs and outputs must be on a file system every node sees at the same path.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import pickle
import socket
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from lint_corpus.config import Config
from lint_corpus.errors import LintCorpusError
from lint_corpus.parallel import Settings, available_cores
from lint_corpus.results import InputError
from lint_corpus.runner import CorpusRun, Processed, RunOptions, Totals
from lint_corpus.sources import Source

NOT_INSTALLED = "--engine ray needs Ray: pip install 'lint-corpus[ray]'"
#: Rows are files; a block holds a few of them, so many small files do not cost a Ray task
#: each while a corpus of a few large files still spreads over every worker.
MAX_BLOCKS = 4096
#: Ray and Ray Data log progress and start-up chatter at INFO; the CLI has its own progress.
QUIET_LOGGERS = ("ray", "ray.data")
#: Seconds to wait for the cluster named by ``RAY_ADDRESS`` to accept a connection.
CONNECT_TIMEOUT = 10.0


class RayEngineError(LintCorpusError):
    """Ray is missing, cannot be started or reached, or failed during the run (exit 2)."""


@dataclass(frozen=True)
class _Job:
    """What every worker needs, sent with the map function: the run's settings pickled by
    the driver (so that ``sys.path`` is in place before they are unpickled), the driver's
    ``sys.path`` and working directory."""

    blob: bytes
    path: tuple[str, ...]
    cwd: str
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", hashlib.sha256(self.blob).hexdigest())


@dataclass
class _FileOutcome:
    """What one file's run did, in the order the callbacks were made."""

    events: list[Processed | InputError] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    size: int = 0


# --- the worker side -------------------------------------------------------------------------

_LOADED: tuple[str, tuple[Settings, RunOptions, Config]] | None = None


def _load(job: _Job) -> tuple[Settings, RunOptions, Config]:
    """The run's settings, unpickled once per worker process and job."""
    global _LOADED
    if _LOADED is None or _LOADED[0] != job.key:
        sys.path.extend(entry for entry in job.path if entry not in sys.path)
        loaded: tuple[Settings, RunOptions, Config] = pickle.loads(job.blob)
        _LOADED = (job.key, loaded)
    return _LOADED[1]


@contextlib.contextmanager
def _working_directory(path: str) -> Iterator[None]:
    """Run in the driver's working directory when this node has it, so relative inputs,
    outputs and config paths mean what they mean on the driver, messages included."""
    previous = os.getcwd()
    moved = False
    if os.path.isdir(path):
        os.chdir(path)
        moved = True
    try:
        yield
    finally:
        if moved:
            os.chdir(previous)


def process_file(job: _Job, row: dict[str, Any]) -> dict[str, Any]:
    """Ray Data map function: run the local engine over one file, recording its callbacks."""
    settings, options, config = _load(job)
    # ``shown``: findings and the report name the file as the driver's user opens it.
    source = Source(Path(row["path"]), row["relative"], shown=row["shown"])
    outcome = _FileOutcome()

    def on_progress(position: int) -> None:
        outcome.size = max(outcome.size, position)

    with _working_directory(job.cwd):
        run = CorpusRun(settings, options, config, outcome.events.append,
                        outcome.events.append, on_progress)
        try:
            outcome.totals = run.run([source])
        except Exception as exc:  # reported as this file's error, not a crash
            outcome.events.append(InputError(source.relative, f"failed on a Ray worker: "
                                             f"{type(exc).__name__}: {exc}"))
    return {"index": row["index"],
            "outcome": pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)}


# --- the driver side -------------------------------------------------------------------------

class RayCorpusRun(CorpusRun):
    """``CorpusRun`` with the files processed by Ray workers; same callbacks, same order.

    Connects to the cluster named by ``RAY_ADDRESS``, else starts a local Ray instance for the
    run (``options.jobs`` CPUs when more than 1, else every core) and shuts it down after. When
    Ray is already initialised in this process, that connection is used and left open.
    """

    def run(self, sources: Sequence[Source]) -> Totals:
        ray = _import_ray()
        started = self._connect(ray)
        try:
            with _quiet():
                return self._run_on_ray(ray, sources)
        finally:
            if started:
                ray.shutdown()

    def _connect(self, ray: Any) -> bool:
        if ray.is_initialized():
            return False
        address = os.environ.get("RAY_ADDRESS")
        if address:
            _check_reachable(address)
        try:
            with _quiet():
                if address:
                    ray.init(address=address, log_to_driver=False,
                             logging_level=logging.ERROR)
                else:
                    jobs = self.options.jobs
                    ray.init(num_cpus=jobs if jobs > 1 else available_cores(),
                             include_dashboard=False, log_to_driver=False,
                             logging_level=logging.ERROR)
        except Exception as exc:  # Ray raises many kinds; the message says why
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise RayEngineError(f"--engine ray: cannot start or reach {where}: "
                                 f"{type(exc).__name__}: {exc}") from None
        return True

    def _run_on_ray(self, ray: Any, sources: Sequence[Source]) -> Totals:
        if not sources:
            return self.totals
        # cloudpickle: rules importable on the driver pickle by reference, others by value.
        # One process per task: Ray schedules the parallelism, the workers do not fork more.
        options = dataclasses.replace(self.options, jobs=1)
        job = _Job(ray.cloudpickle.dumps((self.settings, options, self.config)),
                   tuple(sys.path), os.getcwd())
        rows = [{"index": index, "path": str(source.path), "relative": source.relative,
                 "shown": source.shown} for index, source in enumerate(sources)]
        dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), MAX_BLOCKS))
        context = dataset.context  # the dataset's own copy: the process-wide one is untouched
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        mapped = dataset.map(partial(process_file, job), num_cpus=1)
        try:
            for index, outcome in _in_order(mapped.iter_rows()):
                self._replay(sources[index], outcome)
        except ray.exceptions.RayError as exc:
            raise RayEngineError(f"--engine ray: the run failed: {type(exc).__name__}: "
                                 f"{_first_line(exc)}") from None
        return self.totals

    def _replay(self, source: Source, outcome: _FileOutcome) -> None:
        for event in outcome.events:
            if isinstance(event, InputError):
                self.on_error(event)
            else:
                event.source = source  # the driver's own, whatever the worker resolved
                self.on_document(event)
        self.totals.documents += outcome.totals.documents
        self.totals.files_changed += outcome.totals.files_changed
        self._done_bytes += outcome.size
        if self.on_progress is not None:
            self.on_progress(self._done_bytes)


def _in_order(rows: Iterator[dict[str, Any]]) -> Iterator[tuple[int, _FileOutcome]]:
    """Rows by input index: Ray Data is asked to keep the order, and this holds back any row
    that arrives early, so the replay order never depends on the executor."""
    waiting: dict[int, _FileOutcome] = {}
    expected = 0
    for row in rows:
        waiting[int(row["index"])] = pickle.loads(row["outcome"])
        while expected in waiting:
            yield expected, waiting.pop(expected)
            expected += 1
    if waiting:
        raise RayEngineError(f"--engine ray: the run lost files {expected} and after")


def _check_reachable(address: str) -> None:
    """Fail fast on an address nothing listens on: Ray itself retries for minutes."""
    target = address.removeprefix("ray://")
    host, sep, port = target.rpartition(":")
    if not sep or not port.isdigit():
        return  # "auto", "local": Ray resolves and reports these itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise RayEngineError(f"--engine ray: cannot reach the Ray cluster at {address} "
                             f"(RAY_ADDRESS): {reason}") from None


def _import_ray() -> Any:
    try:
        import ray
        import ray.cloudpickle
        import ray.data
        import ray.exceptions
    except ImportError:
        raise RayEngineError(NOT_INSTALLED) from None
    return ray


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Ray's loggers at ERROR for the run, restored after (a library caller keeps its own)."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else ""

