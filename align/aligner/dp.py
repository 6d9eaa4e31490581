"""Exact dynamic programming over bead types, vectorized along the target axis."""

from __future__ import annotations

import numpy as np

NULL_SRC = (1, 0)
NULL_TGT = (0, 1)


def null_arrays(null_score, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    if np.isscalar(null_score):
        return np.full(n, float(null_score)), np.full(m, float(null_score))
    null_src, null_tgt = (np.asarray(x, dtype=np.float64) for x in null_score)
    return null_src, null_tgt


def forward(scores: dict[tuple[int, int], np.ndarray], n: int, m: int, null_score, extend: float = 1.0):
    """best[i, j]: the highest score of aligning the first i source and j target sentences.

    A run of k 1-0 (or 0-1) beads in a row pays EXTEND times its null scores, plus (1 - EXTEND)/2
    times those of its first and its last sentence: a lone unaligned sentence pays its null score
    as ever, a block of them (captions, an untranslated passage) about one null and EXTEND of the
    rest; the same read backwards, so boundary_slack's backward pass agrees.
    Returns (best, back, types, runs): back[i, j] indexes `types`, the last bead's shape;
    runs = (where the 0-1 run ending at (i, j) starts, whether the 1-0 run ending at (i, j) starts there).
    """
    null_src, null_tgt = null_arrays(null_score, n, m)
    ends = (1.0 - extend) / 2.0
    types = list(scores) + [NULL_SRC, NULL_TGT]
    best = np.full((n + 1, m + 1), -np.inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int16)
    tgt_run_start = np.zeros((n + 1, m + 1), dtype=np.int32)
    src_opens = np.ones((n + 1, m + 1), dtype=bool)
    best[0, 0] = 0.0
    null_tgt_type = types.index(NULL_TGT)
    null_src_type = types.index(NULL_SRC)
    steps = np.concatenate([[0.0], np.cumsum(null_tgt)])
    positions = np.arange(m)
    src_run = np.full(m + 1, -np.inf)  # best at (i, j) ending in a 1-0 run, its last end not yet paid
    for i in range(n + 1):
        row = best[i].copy()
        row_back = back[i].copy()
        if i > 0:
            opened = best[i - 1] + (extend + ends) * null_src[i - 1]
            extended = src_run + extend * null_src[i - 1]
            src_run = np.maximum(opened, extended)
            src_opens[i] = opened >= extended
            closed = src_run + ends * null_src[i - 1]
            better = closed > row
            row[better] = closed[better]
            row_back[better] = null_src_type
            for t, (a, b) in enumerate(types[:-2]):
                if a > i:
                    continue
                candidate = best[i - a, : m + 1 - b] + scores[(a, b)][i - a]
                target = row[b:]
                better = candidate > target
                target[better] = candidate[better]
                row_back[b:][better] = t
        best[i], back[i] = row, row_back
        if m:  # 0-1 runs k..j-1 along the row, from the best without one: vectorized over j
            start_value = row[:-1] + ends * null_tgt - extend * steps[:-1]
            running = np.maximum.accumulate(start_value)
            chained_value = running + extend * steps[1:] + ends * null_tgt
            chained = chained_value > row[1:] + 1e-12
            best[i, 1:] = np.where(chained, chained_value, row[1:])
            back[i, 1:] = np.where(chained, null_tgt_type, row_back[1:])
            tgt_run_start[i, 1:] = np.maximum.accumulate(np.where(start_value >= running, positions, 0))
    return best, back, types, (tgt_run_start, src_opens)


def best_path(
    scores: dict[tuple[int, int], np.ndarray], n: int, m: int, null_score, extend: float = 1.0
) -> list[tuple[int, int, int, int]]:
    """Highest-scoring monotone segmentation of (n, m) into beads.

    Returns (i0, j0, a, b) per bead in document order. Leaving a sentence
    unaligned (a 1-0 / 0-1 bead) is worth `null_score`: one number, or a pair
    of arrays (per source sentence, per target sentence).
    """
    _, back, types, runs = forward(scores, n, m, null_score, extend)
    return _trace(back, types, n, m, runs)


def best_path_and_slack(scores, n: int, m: int, null_score, extend: float = 1.0):
    """best_path and boundary_slack, sharing the forward pass."""
    ahead, back, types, runs = forward(scores, n, m, null_score, extend)
    path = _trace(back, types, n, m, runs)
    return path, boundary_slack(scores, n, m, null_score, path, ahead, extend)


def _trace(back: np.ndarray, types, n: int, m: int, runs) -> list[tuple[int, int, int, int]]:
    tgt_run_start, src_opens = runs
    path = []
    i, j = n, m
    in_src_run = False  # the 1-0 bead ending here extends a run: the one before is a 1-0 too
    while i > 0 or j > 0:
        a, b = NULL_SRC if in_src_run else types[back[i, j]]
        if (a, b) == NULL_TGT:
            start = tgt_run_start[i, j]
            path.extend((i, k, 0, 1) for k in range(j - 1, start - 1, -1))
            j = start
            continue
        in_src_run = (a, b) == NULL_SRC and not src_opens[i, j]
        path.append((i - a, j - b, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def boundary_slack(
    scores, n: int, m: int, null_score, path, ahead: np.ndarray | None = None, extend: float = 1.0
) -> list[tuple[float, float]]:
    """Per bead, how much worse the best alignment gets if it must pass a corner next to the
    bead's start corner, and next to its end corner, instead (inf at the documents' ends):
    small slack means an uncertain boundary. AHEAD: the forward pass's table, when the caller
    already has it."""
    null_src, null_tgt = null_arrays(null_score, n, m)
    if ahead is None:
        ahead = forward(scores, n, m, (null_src, null_tgt), extend)[0]
    flipped = {t: s[::-1, ::-1] for t, s in scores.items()}
    behind_rev = forward(flipped, n, m, (null_src[::-1], null_tgt[::-1]), extend)[0]
    through = ahead + behind_rev[::-1, ::-1]
    total = through[n, m]
    for i0, j0, a, b in path:  # corners on the best path are not alternatives
        through[i0, j0] = -np.inf
    through[n, m] = -np.inf
    padded = np.pad(through, 1, constant_values=-np.inf)

    def slack(i: int, j: int) -> float:
        if (i, j) in ((0, 0), (n, m)):
            return np.inf
        return float(total - padded[i : i + 3, j : j + 3].max())

    return [(slack(i0, j0), slack(i0 + a, j0 + b)) for i0, j0, a, b in path]
