"""Aligning one set, in whatever process runs it: this one (-j 1), a pool worker, a Dask worker.

A job and its result are plain picklable data. `align_one` never raises for a
problem with the set: it returns a failed result, so one bad set never costs
the others. Outputs and manifest are committed as align.batch.manifest says.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace

from ..encoders import Encoder, get_encoder
from ..encoders.base import EncoderWrapper
from ..errors import AlignError
from ..export import write_outputs
from ..pipeline import ArticleSet, Settings, align_article_set
from ..review import summary_line
from .manifest import ManifestCommit, input_digest

ALIGNED, SKIPPED, FAILED = "aligned", "skipped", "failed"
SETTINGS_ERROR = "settings-error"
"""A failure that is not the set's fault (the encoder cannot load): the whole batch stops."""


@dataclass(frozen=True)
class SetJob:
    """Everything a worker, local or remote, needs to align one set: plain, picklable data."""

    name: str
    """The set's folder name, as the file system has it (OUTPUT/<name>/<name>.*)."""
    folder: str
    files: tuple[tuple[str, str], ...]
    """(language tag, absolute path) per edition."""
    output_dir: str
    """Absolute OUTPUT/<name>."""
    formats: tuple[str, ...]
    settings: Settings
    threads: int | None = None
    """Encoder threads; None: the worker divides its machine's cores among its task threads."""
    forward_logs: bool = False
    """Runs in another process: collect its warnings and -v notes into the result for the
    parent to show, instead of letting them go to a worker's stderr (or nowhere)."""
    digest: str | None = None
    """The inputs' digest if planning already computed it (not with --force)."""

    @property
    def article_set(self) -> ArticleSet:
        return ArticleSet(self.name, self.folder, dict(self.files))


@dataclass
class SetResult:
    name: str
    """The set's name as text (align.fsutil.text_name), for messages."""
    status: str
    message: str = ""
    """The error for a failed set."""
    summary: str | None = None
    seconds: float = 0.0
    exit_code: int = 1
    """For a settings error: 2 when the settings themselves are wrong (align.errors.UsageError)."""
    log: list[tuple[int, str]] = field(default_factory=list)
    """(logging level, message) recorded while a worker process aligned the set."""


class ProcessEncoders:
    """The encoders this process has loaded, one per (spec, threads), reused by every set it
    aligns: loading takes seconds, a small set milliseconds. Shared by a Dask worker's task
    threads, so each is wrapped to run one forward pass at a time."""

    def __init__(self):
        self._encoders: dict[tuple[str, int], Encoder] = {}
        self._lock = threading.Lock()

    def get(self, spec: str, threads: int) -> Encoder:
        with self._lock:
            if (spec, threads) not in self._encoders:
                self._encoders[(spec, threads)] = _SerializedEncoder(get_encoder(spec, threads=threads))
            return self._encoders[(spec, threads)]

    def loaded(self) -> list[str]:
        """The specs loaded so far (tests ask a Dask worker this)."""
        with self._lock:
            return sorted(spec for spec, _ in self._encoders)


PROCESS_ENCODERS = ProcessEncoders()
"""This process's encoders: one per process by design (see ProcessEncoders)."""


def loaded_encoders() -> list[str]:
    return PROCESS_ENCODERS.loaded()


class _SerializedEncoder(EncoderWrapper):
    """One model per process, shared by a Dask worker's task threads: one forward pass at a time."""

    def __init__(self, encoder: Encoder):
        super().__init__(encoder)
        self._lock = threading.Lock()

    def encode(self, texts):
        with self._lock:
            return self.inner.encode(texts)

    def encode_states(self, texts):
        with self._lock:
            return self.inner.encode_states(texts)


def align_one(job: SetJob) -> SetResult:
    """Align one set and write its outputs and manifest. Never raises for a problem with the
    set: failures are results (an interruption, KeyboardInterrupt or SystemExit, does raise)."""
    if not job.forward_logs:
        return _align_one(job)
    capture = _LogCapture()
    logger = logging.getLogger("align")
    with _INFO_WHILE_CAPTURING:  # the parent shows what its own -v asks for
        logger.addHandler(capture)
        try:
            result = _align_one(job)
        finally:
            logger.removeHandler(capture)
    return replace(result, log=capture.records)


class _InfoLevel:
    """The "align" logger at INFO while any thread captures, its own level restored after
    the last one (a Dask worker's task threads overlap)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users = 0
        self._saved = logging.NOTSET

    def __enter__(self):
        with self._lock:
            logger = logging.getLogger("align")
            if not self._users:
                self._saved = logger.level
                logger.setLevel(logging.INFO)
            self._users += 1

    def __exit__(self, *exc_info):
        with self._lock:
            self._users -= 1
            if not self._users:
                logging.getLogger("align").setLevel(self._saved)


_INFO_WHILE_CAPTURING = _InfoLevel()


class _LogCapture(logging.Handler):
    """The "align" records of the current thread (a Dask worker runs several sets at once)."""

    def __init__(self):
        super().__init__()
        self.thread = threading.get_ident()
        self.records: list[tuple[int, str]] = []

    def emit(self, record):
        if record.thread == self.thread:
            self.records.append((record.levelno, record.getMessage()))


def _align_one(job: SetJob) -> SetResult:
    started = time.perf_counter()
    label = job.article_set.label
    try:
        encoder = PROCESS_ENCODERS.get(job.settings.encoder, job.threads or _threads_on_this_worker())
    except Exception as exc:
        return SetResult(label, SETTINGS_ERROR, one_line(exc), exit_code=getattr(exc, "exit_code", 1))
    try:
        summary = _align_and_write(job, encoder)
    except Exception as exc:  # a bug on one set must not cost the user the others
        return SetResult(label, FAILED, one_line(exc), seconds=time.perf_counter() - started)
    return SetResult(label, ALIGNED, summary=summary, seconds=time.perf_counter() - started)


def _align_and_write(job: SetJob, encoder: Encoder) -> str | None:
    files = dict(job.files)
    digest = job.digest or input_digest(files)
    alignment = align_article_set(job.article_set, job.settings, encoder)
    prefix = os.path.join(job.output_dir, job.name)
    if not digest:  # an input could not be hashed: nothing to vouch with, write the outputs alone
        write_outputs(alignment, prefix, list(job.formats))
    else:
        commit = ManifestCommit(job.output_dir, job.name, files, alignment.signature, digest)
        write_outputs(alignment, prefix, list(job.formats), before_rename=commit.prepare)
        commit.complete()
    return _summary_line(alignment)


def _summary_line(alignment) -> str | None:
    """The per-set line printed after the set's name (beads, % flagged, mean score): the one call site."""
    try:
        return summary_line(alignment)
    except Exception as exc:  # the outputs are written; a summary problem must not fail the set
        return f"aligned (no summary: {one_line(exc)})"


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if isinstance(exc, AlignError) else f"{type(exc).__name__}: {text}"


def _threads_on_this_worker() -> int:
    """On a Dask worker: this machine's cores shared among the worker's task threads."""
    task_threads = 1
    try:
        from distributed import get_worker

        task_threads = get_worker().state.nthreads
    except Exception:
        pass
    return max(1, (os.cpu_count() or 1) // max(1, task_threads))
