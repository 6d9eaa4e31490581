"""Local worker processes, one set at a time each: a worker that dies costs only its set.

The standard ProcessPoolExecutor marks the whole pool broken when one worker
dies (the out-of-memory killer, a `kill -9`), failing every set not yet done.
Here the parent gives each worker one set at a time over a pipe of its own
and watches it: when a worker dies, the set it held fails with the reason, a
fresh worker takes its place, and the rest go on.

Signals: each worker is a fresh interpreter (no BLAS thread pools inherited
from a fork) in a session of its own, so a Ctrl-C in the terminal reaches the
parent alone, never a worker in the middle of its start-up. The parent
decides: on Ctrl-C or SIGTERM, or when the batch stops early, it sends SIGTERM
to busy workers, which stop at once and remove their temporary files on the
way out, and waits for them (STOP_GRACE_S at most, then SIGKILL). A worker
whose parent is gone (SIGKILL of `align run`) notices within PARENT_CHECK_S
and stops the same way, instead of aligning on for no one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.connection import Connection, wait

from ..fsutil import remove_stale_temps, text_name
from .worker import FAILED, PROCESS_ENCODERS, SetJob, SetResult, align_one

PARENT_CHECK_S = 0.5
"""How often a worker checks that its parent is alive: cheap (one getppid), prompt enough."""
STOP_GRACE_S = 5.0
"""How long stopping workers get to remove their temporary files before they are killed."""

_BOOT = (
    "import signal, sys\n"
    # From the first line: a Ctrl-C while workers start is the parent's to report, and a
    # parent that stops before sending anything closes the pipe (no start-up traceback).
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "from multiprocessing.connection import Connection\n"
    "jobs = Connection(int(sys.argv[1]), writable=False)\n"
    "results = Connection(int(sys.argv[2]), readable=False)\n"
    "try:\n"
    "    sys.path[:] = jobs.recv()\n"  # the parent's, so the worker imports the same align
    "except (EOFError, OSError):\n"
    "    sys.exit(0)\n"
    "from align.batch.pool import serve\n"
    "serve(jobs, results, int(sys.argv[3]))\n"
)


def run_locally(todo: list[SetJob], jobs: int):
    """Results as sets finish: in this process for one worker, else in a pool of JOBS processes."""
    workers = min(jobs, len(todo))
    if os.name != "posix":  # the pool passes pipes by descriptor number
        workers = 1
    # The cores not taken by other workers go to each worker's encoder (one set alone gets them all).
    threads = max(1, (os.cpu_count() or 1) // workers)
    todo = [replace(job, threads=threads, forward_logs=workers > 1) for job in todo]
    if workers == 1:
        for job in todo:
            yield align_one(job)
        return
    yield from WorkerPool(workers, todo[0].settings.encoder, threads).run(todo)


class _Worker:
    """One worker process and the two ends of its pipes that the parent holds."""

    def __init__(self, spec: str, threads: int):
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(job_read), str(result_write), str(os.getpid())],
                pass_fds=(job_read, result_write),
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # out of the terminal's reach: Ctrl-C is the parent's to handle
            )
        finally:
            os.close(job_read)
            os.close(result_write)
        self.jobs = Connection(job_write, readable=False)
        self.results = Connection(result_read, writable=False)
        self.job: SetJob | None = None
        try:
            self.jobs.send(list(sys.path))
            self.jobs.send((spec, threads))
        except OSError:
            pass  # it could not start: its result pipe is closed, and its first set fails with why

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        for end in (self.jobs, self.results):
            end.close()


class WorkerPool:
    def __init__(self, size: int, spec: str, threads: int):
        self.size = size
        self.spec = spec
        self.threads = threads

    def run(self, todo: list[SetJob]):
        pending = deque(todo)
        workers: list[_Worker] = []
        try:
            for _ in range(self.size):
                workers.append(self._start(pending))
            while any(w.job for w in workers):
                wait([w.results for w in workers if w.job])
                for index, worker in enumerate(workers):
                    result = self._collect(worker) if worker.job else None
                    if result is None:
                        continue
                    if not worker.alive():
                        worker.close()
                        workers[index] = worker = self._start(pending) if pending else worker
                    elif pending:
                        self._give(worker, pending.popleft())
                    yield result
        finally:
            _stop(workers)

    def _start(self, pending: deque) -> _Worker:
        worker = _Worker(self.spec, self.threads)
        if pending:
            self._give(worker, pending.popleft())
        return worker

    @staticmethod
    def _give(worker: _Worker, job: SetJob) -> None:
        worker.job = job
        try:
            worker.jobs.send(job)
        except OSError:
            pass  # it died already: its result pipe says so and the set fails with the reason

    @staticmethod
    def _collect(worker: _Worker) -> SetResult | None:
        """The result of WORKER's set if it is done, or its failure if the worker died."""
        job = worker.job
        if not worker.results.poll():
            return None
        try:
            result = worker.results.recv()
        except Exception:  # the pipe closed (the worker died) or a result was cut short
            pass
        else:
            worker.job = None
            return result
        try:
            worker.process.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:  # alive but talking nonsense: no use to anyone
            worker.process.kill()
            worker.process.wait()
        worker.job = None
        remove_stale_temps(job.output_dir)  # what it was writing when it died
        why = _describe_exit(worker.process.returncode)
        return SetResult(text_name(job.name), FAILED, f"the worker process aligning it died ({why}); the other sets go on")


def serve(jobs: Connection, results: Connection, parent_pid: int) -> None:
    """A worker process: load the encoder, then align the sets it is given until told to stop.
    SIGINT is ignored from the worker's first line on (_BOOT): the parent decides what a Ctrl-C stops."""
    signal.signal(signal.SIGTERM, _stop_now)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="parent-watch").start()
    try:
        spec, threads = jobs.recv()
    except (EOFError, OSError):
        return
    try:
        PROCESS_ENCODERS.get(spec, threads)  # while the first set is on its way
    except Exception:
        pass  # the first set reports it, as a settings error
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if job is None:
            return
        result = align_one(job)
        try:
            results.send(result)
        except OSError:
            return


def _stop_now(signum, frame):
    """SIGTERM in a worker: unwind (atomic writes remove their temporary files) and exit."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os.kill(os.getpid(), signal.SIGTERM)  # unwind like a stop; the main thread gets it
    time.sleep(STOP_GRACE_S)
    os._exit(1)


def _stop(workers: list[_Worker]) -> None:
    """Stop every worker: idle ones are told to exit, busy ones get SIGTERM and a moment to
    clean up, then stragglers are killed and their temporary files removed here."""
    with _signals_ignored(signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut this short
        for worker in workers:
            if not worker.alive():
                continue
            if worker.job:
                worker.process.terminate()
            else:
                try:
                    worker.jobs.send(None)
                except OSError:
                    worker.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for worker in workers:
            try:
                worker.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            if worker.job:
                remove_stale_temps(worker.job.output_dir)
            worker.close()


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = ", as the out-of-memory killer does" if -code == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exit code {code}"


@contextmanager
def _signals_ignored(*signums):
    """Ignore SIGNUMS meanwhile (in the main thread; elsewhere signals cannot be changed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {signum: signal.signal(signum, signal.SIG_IGN) for signum in signums}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
