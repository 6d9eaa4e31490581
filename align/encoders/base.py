"""The one interface every sentence encoder implements, and the optional pooling one."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Encoder(Protocol):
    name: str
    """Stable identifier used in signatures and cache keys, e.g. 'usem3' or 'st:LaBSE'."""
    languages: frozenset[str] | None
    """Primary language subtags it was trained on; None: unknown (align.encoders.coverage)."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per text."""


class PoolingEncoder(Encoder, Protocol):
    """An encoder that can give the vector of several consecutive texts joined without
    encoding the joined text: each text is encoded once into a state, runs come from states."""

    pools: bool
    """True when encode_states/run_vectors work (wrappers set it from what they wrap)."""

    def encode_states(self, texts: list[str]) -> np.ndarray:
        """One float32 row per text."""

    def vectors_from_states(self, states: np.ndarray) -> np.ndarray:
        """The texts' own vectors, as `encode` gives them."""

    def run_vectors(self, states: np.ndarray, max_len: int, join: np.ndarray | None = None) -> dict[int, np.ndarray]:
        """{k: unit vectors of texts i..i+k-1 joined, one row per start i} for k = 2..max_len."""

    def join_correction(self, joined: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """JOIN for run_vectors, from the states of some joined pairs and of their two parts."""


class EncoderWrapper:
    """Base of encoders that wrap another (a cache, a memo, a lock): they pass states through,
    and the run arithmetic stays with the wrapped encoder."""

    def __init__(self, inner: Encoder):
        self.inner = inner
        self.name = inner.name
        self.pools = can_pool(inner)
        self.languages = getattr(inner, "languages", None)
        """What the wrapped encoder was trained on (align.encoders.coverage)."""

    def vectors_from_states(self, states):
        return self.inner.vectors_from_states(states)

    def run_vectors(self, states, max_len, join=None):
        return self.inner.run_vectors(states, max_len, join)

    def join_correction(self, joined, first, second):
        return self.inner.join_correction(joined, first, second)


def can_pool(encoder) -> bool:
    return bool(getattr(encoder, "pools", False))


def rows_for(texts: list[str], known: dict[str, np.ndarray], compute, on_computed=None) -> np.ndarray:
    """One row per text: from KNOWN (text -> row), else computed, once per distinct text, and
    added to KNOWN; ON_COMPUTED(texts, rows) sees what was computed. When every text is new and
    distinct, COMPUTE's own array is returned, so a book's rows are not copied a second time."""
    if not texts:
        return np.asarray(compute([]), dtype=np.float32)
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    if missing:
        fresh = np.asarray(compute(missing), dtype=np.float32)
        if on_computed is not None:
            on_computed(missing, fresh)
        known.update(zip(missing, fresh))
        if len(missing) == len(texts):
            return fresh
    return np.stack([known[t] for t in texts])


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
