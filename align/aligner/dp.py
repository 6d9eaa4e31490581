"""Exact dynamic programming over bead types, vectorized along the target axis."""

from __future__ import annotations

import numpy as np

NULL_SRC = (1, 0)
NULL_TGT = (0, 1)


def best_path(
    scores: dict[tuple[int, int], np.ndarray], n: int, m: int, null_score
) -> list[tuple[int, int, int, int]]:
    """Highest-scoring monotone segmentation of (n, m) into beads.

    Returns (i0, j0, a, b) per bead in document order. Leaving a sentence
    unaligned (a 1-0 / 0-1 bead) is worth `null_score`: one number, or a pair
    of arrays (per source sentence, per target sentence).
    """
    if np.isscalar(null_score):
        null_src, null_tgt = np.full(n, float(null_score)), np.full(m, float(null_score))
    else:
        null_src, null_tgt = (np.asarray(x, dtype=np.float64) for x in null_score)
    types = list(scores) + [NULL_SRC, NULL_TGT]
    best = np.full((n + 1, m + 1), -np.inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    best[0, 0] = 0.0
    null_tgt_type = types.index(NULL_TGT)
    null_src_type = types.index(NULL_SRC)
    steps = np.concatenate([[0.0], np.cumsum(null_tgt)])
    for i in range(n + 1):
        row = best[i].copy()
        row_back = back[i].copy()
        if i > 0:
            candidate = best[i - 1] + null_src[i - 1]
            better = candidate > row
            row[better] = candidate[better]
            row_back[better] = null_src_type
            for t, (a, b) in enumerate(types[:-2]):
                if a > i:
                    continue
                s = scores[(a, b)][i - a]
                candidate = best[i - a, : m + 1 - b] + s
                target = row[b:]
                better = candidate > target
                target[better] = candidate[better]
                row_back[b:][better] = t
        # 0-1 beads chain along the row: best[j] = max_k (row[k] + null_tgt[k:j].sum()).
        shifted = np.maximum.accumulate(row - steps) + steps
        chained = shifted > row + 1e-12
        row = np.where(chained, shifted, row)
        row_back = np.where(chained, null_tgt_type, row_back)
        best[i] = row
        back[i] = row_back
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = types[back[i, j]]
        path.append((i - a, j - b, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path
