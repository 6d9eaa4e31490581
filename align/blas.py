"""BLAS thread control for numpy's matrix products."""

from __future__ import annotations

import functools


@functools.cache
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # scans the loaded BLAS libraries once, not per call


def one_blas_thread():
    """A context with numpy's BLAS on one thread. Our products are small: a second BLAS thread
    gains little on a quiet machine and, spinning, costs several times over on a busy one
    (see align.encoders.get_encoder); parallelism comes from Python threads and processes."""
    return _controller().limit(limits=1, user_api="blas")
