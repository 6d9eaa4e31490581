"""Running the sets on a Dask cluster: one task per set, results as they finish."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace

from ..errors import AlignError, UsageError
from .worker import FAILED, SetJob, SetResult, align_one, one_line

SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")
"""The Dask comm schemes that name a host and a port."""
_ADDRESS = re.compile(r"^(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>\[[^\]]+\]|[^:/\s\[\]]+)(?::(?P<port>\d+))?/?$")


def check_scheduler_address(address: str) -> str:
    """ADDRESS as Dask reads it (`tcp://HOST:PORT`, `HOST:PORT`, `tls://…`), or a usage error
    now, before anything waits on a scheduler that an address like `tcp://HOST` never reaches."""
    match = _ADDRESS.match(address.strip())
    example = "e.g. tcp://10.0.0.5:8786"
    if not match:
        raise UsageError(f"--scheduler {address!r} is not a scheduler address ({example})")
    scheme = match["scheme"] or "tcp"
    if scheme not in SCHEMES:
        raise UsageError(f"--scheduler {address!r}: unknown scheme {scheme!r} (use {', '.join(SCHEMES)}; {example})")
    port = match["port"]
    if port is None or not 0 < int(port) < 65536:
        raise UsageError(f"--scheduler {address!r}: {'no port' if port is None else 'bad port ' + port} ({example})")
    return address.strip()


def run_on_dask(todo: list[SetJob], scheduler: str, progress):
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise AlignError("--scheduler needs dask.distributed: pip install 'align[dask]'") from None
    try:
        client = Client(scheduler, timeout="15s", set_as_default=False)
    except Exception as exc:
        raise AlignError(f"cannot reach the Dask scheduler at {scheduler}: {one_line(exc)}") from None
    with client:
        if not client.scheduler_info().get("workers"):
            progress.line(f"note: the scheduler at {scheduler} has no workers yet; the sets wait until one joins")
        batch = uuid.uuid4().hex[:8]
        futures = {
            client.submit(align_one, replace(job, forward_logs=True), key=f"align-{batch}-{index}-{job.article_set.label}", pure=False): job
            for index, job in enumerate(todo)
        }
        try:
            for future in as_completed(futures, loop=client.loop):
                yield _result_of(future, futures[future])
        except OSError as exc:  # the scheduler went away (distributed's comm errors are OSErrors)
            raise AlignError(f"lost the Dask scheduler at {scheduler}: {one_line(exc)}") from None
        finally:
            try:
                client.cancel(list(futures))
            except Exception:  # cleanup on the way out: the scheduler may already be gone
                pass


def _result_of(future, job: SetJob) -> SetResult:
    try:
        return future.result()
    except Exception as exc:  # the worker died or the task was cancelled: only this set fails
        return SetResult(job.article_set.label, FAILED, f"worker failed: {one_line(exc)}")
