"""Align many article sets: in parallel, skipping unchanged ones; one bad set never stops the rest.

`run_batch` finds the article sets, decides per set whether it needs work,
and runs the sets that do on a local process pool (`jobs` processes, each
loading the encoder once) or, given a scheduler address, on a Dask cluster
(one task per set; workers read the inputs from shared storage and write the
outputs there, atomically).

Skipping: next to each set's outputs, `.align-manifest.json` records, per
output file, its SHA-256, the settings signature and the digest of the inputs
it was made from. A set is skipped when every requested output is still
there, unmodified, and was made from the same inputs with the same settings.

Overwriting: outputs made by an earlier run with other settings are replaced,
with a note naming what changed (that is what a re-run with new settings
asks for). An output file the manifest does not vouch for, because align did
not write it or it was edited since, is never replaced without `--force`:
that set fails with a one-line message and the others go on.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field, fields, replace

import click

from .encoders import Encoder, get_encoder
from .encoders.base import EncoderWrapper
from .errors import AlignError, UsageError
from .export import FORMATS, write_outputs
from .fsutil import atomic_write
from .pipeline import ArticleSet, Settings, align_article_set, find_article_sets
from .review import summary_line

log = logging.getLogger("align.batch")

MANIFEST_NAME = ".align-manifest.json"
MANIFEST_VERSION = 1

ALIGNED, SKIPPED, FAILED = "aligned", "skipped", "failed"
SETTINGS_ERROR = "settings-error"
"""A failure that is not the set's fault (the encoder cannot load): the whole batch stops."""


@dataclass(frozen=True)
class SetJob:
    """Everything a worker, local or remote, needs to align one set: plain, picklable data."""

    name: str
    folder: str
    files: tuple[tuple[str, str], ...]
    """(language tag, absolute path) per edition."""
    output_dir: str
    """Absolute OUTPUT/<name>."""
    formats: tuple[str, ...]
    settings: Settings
    threads: int | None
    """Encoder threads; None: the worker divides its machine's cores among its task threads."""
    forward_logs: bool = False
    """Runs in another process: collect its warnings and -v notes into the result for the
    parent to show, instead of letting them go to a worker's stderr (or nowhere)."""
    digest: str | None = None
    """The inputs' digest if planning already computed it (not with --force)."""


@dataclass
class SetResult:
    name: str
    status: str
    message: str = ""
    """The error for a failed set."""
    summary: str | None = None
    seconds: float = 0.0
    exit_code: int = 1
    """For a settings error: 2 when the settings themselves are wrong (align.errors.UsageError)."""
    log: list[tuple[int, str]] = field(default_factory=list)
    """(logging level, message) recorded while a worker process aligned the set."""


@dataclass
class BatchReport:
    output_dir: str
    results: list[SetResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    def describe(self) -> str:
        parts = [f"{self.count(ALIGNED)} aligned"]
        if self.count(SKIPPED):
            parts.append(f"{self.count(SKIPPED)} unchanged (skipped)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return f"{len(self.results)} article sets: {', '.join(parts)}; outputs in {self.output_dir}"


# ---------------------------------------------------------------------------
# Planning: which sets need work


def run_batch(
    paths: list[str],
    output_dir: str,
    formats: list[str],
    settings: Settings,
    jobs: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    reporter: "ConsoleReporter | None" = None,
) -> BatchReport:
    """Align every article set under PATHS into OUTPUT_DIR/<set>/; returns what happened per set."""
    if jobs is not None and jobs < 1:
        raise AlignError(f"--jobs must be 1 or more, got {jobs}")
    reporter = reporter or ConsoleReporter()
    sets = find_article_sets(paths)
    report = BatchReport(output_dir)
    todo: list[SetJob] = []
    for article_set in sets:
        job, result, note = plan_set(article_set, output_dir, formats, settings, force)
        if note:
            reporter.line(f"{article_set.name}: {note}")
        if job:
            todo.append(job)
        else:
            report.results.append(result)
            if result.status == FAILED:
                reporter.line(f"Error: {result.name}: {result.message}")

    if todo:
        if scheduler:
            results = _run_on_dask(todo, scheduler, reporter)
        else:
            results = _run_locally(todo, jobs or os.cpu_count() or 1)
        reporter.start(len(todo))
        try:
            for result in results:
                if result.status == SETTINGS_ERROR:
                    raise (UsageError if result.exit_code == UsageError.exit_code else AlignError)(result.message)
                report.results.append(result)
                for level, message in result.log:
                    log.log(level, "%s", message)
                if result.status == FAILED:
                    reporter.line(f"Error: {result.name}: {result.message}")
                elif result.summary:
                    reporter.line(f"{result.name}: {result.summary}")
                reporter.advance(result.name)
        finally:
            results.close()  # cancels what has not started when the batch stops early
            reporter.finish()
    reporter.line(report.describe())
    return report


def plan_set(
    article_set: ArticleSet, output_root: str, formats: list[str], settings: Settings, force: bool
) -> tuple[SetJob | None, SetResult | None, str | None]:
    """(job to run, or the result without running: skipped/failed; and a note for the user)."""
    output_dir = os.path.abspath(os.path.join(output_root, article_set.name))
    signature = run_signature(settings)
    files = {lang: os.path.abspath(path) for lang, path in article_set.files.items()}
    job = SetJob(
        article_set.name,
        os.path.abspath(article_set.folder),
        tuple(sorted(files.items())),
        output_dir,
        tuple(formats),
        settings,
        None,
    )
    if force:  # nothing to compare: no hashing
        return job, None, None
    digest = input_digest(files)
    job = replace(job, digest=digest)
    manifest = read_manifest(output_dir)
    recorded = manifest.get("outputs", {})
    targets = [article_set.name + FORMATS[fmt] for fmt in formats]
    current = {name: _file_sha256(os.path.join(output_dir, name)) for name in targets}

    def vouched(name: str) -> bool:
        return name in recorded and recorded[name].get("sha256") == current[name]

    if digest and all(
        current[n] and vouched(n) and recorded[n].get("signature") == signature and recorded[n].get("inputs") == digest
        for n in targets
    ):
        return None, SetResult(article_set.name, SKIPPED), None
    foreign = [n for n in targets if current[n] and not vouched(n)]
    if foreign:
        path = os.path.join(output_dir, foreign[0])
        why = "was edited after align wrote it" if foreign[0] in recorded else "was not written by align run"
        message = f"{path} {why}; not replacing it (use --force to re-align and replace it)"
        return None, SetResult(article_set.name, FAILED, message), None
    older = sorted({recorded[n].get("signature", "") for n in targets if current[n]} - {signature})
    if older:
        return job, None, f"settings changed since its outputs were made ({_signature_change(older[0], signature)}); re-aligning and replacing them"
    return job, None, None


# Settings that say how to run, not what comes out, and those Settings.signature already holds.
_NOT_OUTPUT_SETTINGS = {"cache"}
_IN_SIGNATURE = {"encoder", "params", "tw_profile", "strip_boilerplate", "encoding", "pivot"}


def run_signature(settings: Settings) -> str:
    """Settings.signature plus every other non-default setting (--strict), so that changing it re-aligns."""
    signature = settings.signature()
    defaults = Settings()
    for item in fields(Settings):
        name = item.name
        value = getattr(settings, name)
        if name in _NOT_OUTPUT_SETTINGS | _IN_SIGNATURE or value == getattr(defaults, name):
            continue
        signature += f"|{name}:{value}"
    return signature


def _signature_change(old: str, new: str) -> str:
    old_parts, new_parts = old.split("|"), new.split("|")
    changed = [f"{a} → {b}" for a, b in zip(old_parts, new_parts) if a != b]
    return ", ".join(changed) if changed and len(old_parts) == len(new_parts) else f"{old} → {new}"


def input_digest(files: dict[str, str]) -> str | None:
    """One hash over every edition's language and bytes; None if one cannot be read (the run will say why)."""
    digest = hashlib.sha256()
    for lang in sorted(files):
        content = _file_sha256(files[lang])
        if content is None:
            return None
        digest.update(f"{lang}\x00{content}\x00".encode())
    return digest.hexdigest()


def _file_sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def read_manifest(output_dir: str) -> dict:
    try:
        with open(os.path.join(output_dir, MANIFEST_NAME), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("manifest") == MANIFEST_VERSION else {}


def _write_manifest(job: SetJob, digest: str, written: list[str]) -> None:
    manifest = read_manifest(job.output_dir)
    outputs = manifest.get("outputs", {})
    signature = run_signature(job.settings)
    for path in written:
        outputs[os.path.basename(path)] = {"sha256": _file_sha256(path), "signature": signature, "inputs": digest}
    # Entries for files that are gone would vouch for a file someone puts there later.
    outputs = {n: r for n, r in outputs.items() if os.path.exists(os.path.join(job.output_dir, n))}
    manifest = {
        "manifest": MANIFEST_VERSION,
        "set": job.name,
        "inputs": {lang: path for lang, path in job.files},
        "outputs": dict(sorted(outputs.items())),
    }
    atomic_write(os.path.join(job.output_dir, MANIFEST_NAME), json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Working: one set, in whatever process runs it

_encoders: dict[tuple[str, int], Encoder] = {}
_encoders_lock = threading.Lock()


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


def _process_encoder(spec: str, threads: int) -> Encoder:
    """The encoder for SPEC, loaded once per process and reused by every set it aligns."""
    with _encoders_lock:
        if (spec, threads) not in _encoders:
            _encoders[(spec, threads)] = _SerializedEncoder(get_encoder(spec, threads=threads))
        return _encoders[(spec, threads)]


def _preload_encoder(spec: str, threads: int) -> None:
    """Pool initializer: load while the first sets are dispatched; a failure is reported by the first task."""
    try:
        _process_encoder(spec, threads)
    except Exception:
        pass


def align_one(job: SetJob) -> SetResult:
    """Align one set and write its outputs and manifest. Never raises: failures are results."""
    if not job.forward_logs:
        return _align_one(job)
    capture = _LogCapture()
    logger = logging.getLogger("align")
    logger.setLevel(logging.INFO)  # the parent shows what its own -v asks for
    logger.addHandler(capture)
    try:
        result = _align_one(job)
    finally:
        logger.removeHandler(capture)
    return replace(result, log=capture.records)


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
    try:
        encoder = _process_encoder(job.settings.encoder, job.threads or _threads_on_this_worker())
    except Exception as exc:
        return SetResult(job.name, SETTINGS_ERROR, _one_line(exc), exit_code=getattr(exc, "exit_code", 1))
    try:
        files = dict(job.files)
        digest = job.digest or input_digest(files)
        alignment = align_article_set(ArticleSet(job.name, job.folder, files), job.settings, encoder)
        written = write_outputs(alignment, os.path.join(job.output_dir, job.name), list(job.formats))
        if digest:
            _write_manifest(job, digest, written)
        summary = _summary_line(alignment)
    except Exception as exc:  # a bug on one set must not cost the user the others
        return SetResult(job.name, FAILED, _one_line(exc), seconds=time.perf_counter() - started)
    return SetResult(job.name, ALIGNED, summary=summary, seconds=time.perf_counter() - started)


def _summary_line(alignment) -> str | None:
    """The per-set line printed after the set's name (beads, % flagged, mean score): the one call site."""
    try:
        return summary_line(alignment)
    except Exception as exc:  # the outputs are written; a summary problem must not fail the set
        return f"aligned (no summary: {_one_line(exc)})"


def _one_line(exc: BaseException) -> str:
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


# ---------------------------------------------------------------------------
# Running: a local process pool or a Dask cluster; both yield results as sets finish


def _run_locally(todo: list[SetJob], jobs: int):
    workers = min(jobs, len(todo))
    # The cores not taken by other workers go to each worker's encoder (one set alone gets them all).
    threads = max(1, (os.cpu_count() or 1) // workers)
    todo = [replace(job, threads=threads, forward_logs=workers > 1) for job in todo]
    if workers == 1:
        for job in todo:
            yield align_one(job)
        return
    # spawn, not fork: the parent may hold BLAS/OpenMP thread pools that a fork would inherit broken.
    context = multiprocessing.get_context("spawn")
    spec = todo[0].settings.encoder
    with concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=context, initializer=_preload_encoder, initargs=(spec, threads)
    ) as pool:
        futures = {pool.submit(align_one, job): job for job in todo}
        try:
            for future in concurrent.futures.as_completed(futures):
                yield _result_of(future, futures[future])
        finally:
            for future in futures:
                future.cancel()


def _result_of(future, job: SetJob) -> SetResult:
    try:
        return future.result()
    except concurrent.futures.CancelledError:
        return SetResult(job.name, FAILED, "cancelled")
    except Exception as exc:  # the worker process died (out of memory, killed): only its sets fail
        return SetResult(job.name, FAILED, f"worker failed: {_one_line(exc)}")


def _run_on_dask(todo: list[SetJob], scheduler: str, reporter: "ConsoleReporter"):
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise AlignError("--scheduler needs dask.distributed: pip install 'align[dask]'") from None
    try:
        client = Client(scheduler, timeout="15s", set_as_default=False)
    except Exception as exc:
        raise AlignError(f"cannot reach the Dask scheduler at {scheduler}: {_one_line(exc)}") from None
    with client:
        if not client.scheduler_info().get("workers"):
            reporter.line(f"note: the scheduler at {scheduler} has no workers yet; the sets wait until one joins")
        batch = uuid.uuid4().hex[:8]
        futures = {
            client.submit(align_one, replace(job, forward_logs=True), key=f"align-{batch}-{index}-{job.name}", pure=False): job
            for index, job in enumerate(todo)
        }
        try:
            for future in as_completed(futures, loop=client.loop):
                yield _result_of(future, futures[future])
        except OSError as exc:  # the scheduler went away (distributed's comm errors are OSErrors)
            raise AlignError(f"lost the Dask scheduler at {scheduler}: {_one_line(exc)}") from None
        finally:
            try:
                client.cancel(list(futures))
            except Exception:  # cleanup on the way out: the scheduler may already be gone
                pass


# ---------------------------------------------------------------------------
# Reporting: one progress bar for the batch, one line per event, all on stderr


class ConsoleReporter:
    """A single progress bar on a terminal; on a pipe or a log file, only the lines."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = _isatty(self.stream)
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.current = ""

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()
        self._draw()

    def advance(self, name: str) -> None:
        self.done += 1
        self.current = name
        self._draw()

    def line(self, text: str) -> None:
        if self.live and self.total:
            self.stream.write("\r\x1b[K")
        click.echo(text, file=self.stream)
        if self.total and self.done < self.total:
            self._draw()

    def finish(self) -> None:
        if self.live and self.total:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self.total = 0

    def _draw(self) -> None:
        if not self.live or not self.total:
            return
        width = 24
        filled = width * self.done // self.total
        elapsed = time.monotonic() - self.started
        eta = ""
        if 0 < self.done < self.total:
            eta = f"  eta {_duration(elapsed / self.done * (self.total - self.done))}"
        text = f"Aligning [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}{eta}  {self.current}"
        columns = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r\x1b[K" + text[: columns - 1])
        self.stream.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


__all__ = ["run_batch", "plan_set", "align_one", "BatchReport", "SetResult", "SetJob", "ConsoleReporter"]
