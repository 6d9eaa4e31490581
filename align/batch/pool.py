"""Local worker processes, one set at a time each: a worker that dies costs only its set.

The standard ProcessPoolExecutor marks the whole pool broken when one worker
dies (the out-of-memory killer, a `kill -9`), failing every set not yet done.
Here the parent gives each worker one set at a time over its own pipe and
watches the process itself: when a worker dies, the set it held fails with the
reason, a fresh worker takes its place, and the rest go on.

Signals: workers ignore SIGINT from the moment they start (they inherit the
ignored disposition, so a Ctrl-C during their start-up prints nothing); the
parent decides. On Ctrl-C or SIGTERM, or when the batch stops early, the
parent sends SIGTERM to busy workers, which stop at once and remove their
temporary files on the way out, and waits for them (STOP_GRACE_S at most,
then SIGKILL). A worker whose parent is gone (SIGKILL of `align run`) notices
within PARENT_CHECK_S and stops the same way, instead of aligning on for no one.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import replace

from ..fsutil import remove_stale_temps, text_name
from .worker import FAILED, PROCESS_ENCODERS, SetJob, SetResult, align_one

PARENT_CHECK_S = 0.5
"""How often a worker checks that its parent is alive: cheap (one getppid), prompt enough."""
STOP_GRACE_S = 5.0
"""How long stopping workers get to remove their temporary files before they are killed."""


def run_locally(todo: list[SetJob], jobs: int):
    """Results as sets finish: in this process for one worker, else in a pool of JOBS processes."""
    workers = min(jobs, len(todo))
    # The cores not taken by other workers go to each worker's encoder (one set alone gets them all).
    threads = max(1, (os.cpu_count() or 1) // workers)
    todo = [replace(job, threads=threads, forward_logs=workers > 1) for job in todo]
    if workers == 1:
        for job in todo:
            yield align_one(job)
        return
    yield from WorkerPool(workers, todo[0].settings.encoder, threads).run(todo)


class _Worker:
    def __init__(self, context, spec: str, threads: int):
        here, there = context.Pipe()
        # spawn, not fork: the parent may hold BLAS/OpenMP thread pools that a fork would inherit broken.
        self.process = context.Process(target=worker_main, args=(there, spec, threads, os.getpid()), daemon=True)
        with _start_shielded():
            self.process.start()
        there.close()
        self.conn = here
        self.job: SetJob | None = None


class WorkerPool:
    def __init__(self, size: int, spec: str, threads: int):
        self.size = size
        self.spec = spec
        self.threads = threads
        self.context = multiprocessing.get_context("spawn")

    def run(self, todo: list[SetJob]):
        pending = deque(todo)
        workers: list[_Worker] = []
        try:
            for _ in range(self.size):
                workers.append(self._start(pending))
            while any(w.job for w in workers):
                busy = [w for w in workers if w.job]
                multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
                for index, worker in enumerate(workers):
                    result = self._collect(worker) if worker.job else None
                    if result is None:
                        continue
                    if not worker.process.is_alive():
                        worker.conn.close()
                        workers[index] = worker = self._start(pending) if pending else worker
                    elif pending:
                        self._give(worker, pending.popleft())
                    yield result
        finally:
            _stop(workers)

    def _start(self, pending: deque) -> _Worker:
        worker = _Worker(self.context, self.spec, self.threads)
        if pending:
            self._give(worker, pending.popleft())
        return worker

    @staticmethod
    def _give(worker: _Worker, job: SetJob) -> None:
        worker.job = job
        try:
            worker.conn.send(job)
        except OSError:
            pass  # it died already: its sentinel says so and the set fails with the reason

    @staticmethod
    def _collect(worker: _Worker) -> SetResult | None:
        """The result of WORKER's set if it is done, or its failure if the worker died."""
        job = worker.job
        if worker.conn.poll():
            try:
                result = worker.conn.recv()
            except (EOFError, OSError):
                pass  # the pipe closed: the process is gone, see below
            else:
                worker.job = None
                return result
        if worker.process.is_alive():
            return None
        worker.process.join()
        worker.job = None
        remove_stale_temps(job.output_dir)  # what it was writing when it died
        why = _describe_exit(worker.process.exitcode)
        return SetResult(text_name(job.name), FAILED, f"the worker process aligning it died ({why}); the other sets go on")


def worker_main(conn, spec: str, threads: int, parent_pid: int) -> None:
    """A pool worker: load the encoder, then align the sets it is given until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what a Ctrl-C stops
    signal.signal(signal.SIGTERM, _stop_now)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="parent-watch").start()
    try:
        PROCESS_ENCODERS.get(spec, threads)  # while the first set is on its way
    except Exception:
        pass  # the first set reports it, as a settings error
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if job is None:
            return
        result = align_one(job)
        try:
            conn.send(result)
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
            if not worker.process.is_alive():
                continue
            if worker.job:
                worker.process.terminate()
            else:
                try:
                    worker.conn.send(None)
                except OSError:
                    worker.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            if worker.job:
                remove_stale_temps(worker.job.output_dir)
            worker.conn.close()


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = ", as the out-of-memory killer does" if -code == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exit code {code}"


@contextmanager
def _start_shielded():
    """While a worker starts: SIGINT ignored, for the child to inherit (it then starts with
    SIGINT ignored, so a Ctrl-C during its start-up prints nothing), and SIGINT and SIGTERM
    blocked, so that one arriving meanwhile is held for the parent, not lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)  # before SIG_IGN: a blocked signal is kept pending
    try:
        with _signals_ignored(signal.SIGINT):
            yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)  # delivered now, to the parent's own handlers


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
