"""Score matrices for every bead type: similarity margin, length model, type prior."""

from __future__ import annotations

import numpy as np

from .params import AlignParams
from .spans import SpanTable


def bead_scores(src: SpanTable, tgt: SpanTable, params: AlignParams) -> dict[tuple[int, int], np.ndarray]:
    """scores[(a, b)][i, j]: value of a bead of a source and b target sentences starting at (i, j)."""
    mu = np.log((tgt.chars[1].sum() + 1.0) / (src.chars[1].sum() + 1.0))
    single_src = src.vectors[1]
    single_tgt = tgt.vectors[1]
    # Cosines of every span with the other side's single sentences, for the margin.
    src_vs_single = {a: src.vectors[a] @ single_tgt.T for a in src.vectors}
    single_vs_tgt = {b: single_src @ tgt.vectors[b].T for b in tgt.vectors}
    out: dict[tuple[int, int], np.ndarray] = {}
    for a, b in params.bead_types():
        if a not in src.vectors or b not in tgt.vectors:
            continue
        cos = src.vectors[a] @ tgt.vectors[b].T
        score = params.sim_weight * cos
        if params.margin_neighbours:
            score = score - params.margin_weight * 0.5 * (
                _neighbour_mean(src_vs_single[a], b, params.margin_neighbours, axis=1)
                + _neighbour_mean(single_vs_tgt[b], a, params.margin_neighbours, axis=0)
            )
        if params.len_weight:
            score = score + params.len_weight * _length_logprob(src.chars[a], tgt.chars[b], mu, params)
        score = score + params.bead_bonus - params.type_penalty * (a + b - 2)
        out[(a, b)] = score.astype(np.float64)
    return out


def _neighbour_mean(cos_with_singles: np.ndarray, span: int, k: int, axis: int) -> np.ndarray:
    """Mean cosine with the k single sentences nearest a span (k/2 before it, k/2 after it).

    `cos_with_singles` has one axis over the other side's single sentences; the
    result has, on that axis, one entry per span start.
    """
    matrix = cos_with_singles if axis == 1 else cos_with_singles.T
    rows, m = matrix.shape
    starts = m - span + 1
    half = k // 2
    total = np.zeros((rows, starts))
    count = np.zeros(starts)
    for offset in list(range(-half, 0)) + list(range(span, span + half)):
        lo = max(0, -offset)
        hi = min(starts, m - offset)
        if hi <= lo:
            continue
        total[:, lo:hi] += matrix[:, lo + offset : hi + offset]
        count[lo:hi] += 1
    mean = np.divide(total, np.maximum(count, 1))
    return mean if axis == 1 else mean.T


def _length_logprob(src_chars: np.ndarray, tgt_chars: np.ndarray, mu: float, params: AlignParams) -> np.ndarray:
    """Gaussian log-density (unnormalized) of log(target/source chars), tighter for long beads."""
    s = src_chars[:, None]
    t = tgt_chars[None, :]
    ratio = np.log((t + 1.0) / (s + 1.0))
    var = params.len_var_floor + params.len_var_scale / (s + t + 1.0)
    return -((ratio - mu) ** 2) / (2.0 * var)
