"""Posterior probabilities over the DP lattice, and the path they choose.

`forward` in align.aligner.dp keeps the best path into each corner; here the
same lattice sums every path (log-sum-exp in place of max), so each possible
bead gets its probability of being in the alignment. The confidence of a bead
(align.aligner.confidence), the CRF fit of the weights (benchmarks/fit_weights.py)
and posterior decoding (`posterior_path`) all read these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dp import null_arrays, best_path


def log_forward(scores, n: int, m: int, null_score, extend: float = 1.0) -> np.ndarray:
    """total[i, j]: the log of the summed exp(score) of every path through the first i source
    and j target sentences. Runs of unaligned sentences are priced as dp.forward prices them
    (EXTEND of their null scores, plus (1 - EXTEND)/2 of the first and last), each path
    counted once: a run ends only where a bead of another shape follows."""
    null_src, null_tgt = null_arrays(null_score, n, m)
    ends = (1.0 - extend) / 2.0
    total = np.full((n + 1, m + 1), -np.inf)
    not_after_src_run = np.full((n + 1, m + 1), -np.inf)  # paths whose last bead is not 1-0
    src_open = np.full(m + 1, -np.inf)  # paths ending in a 1-0 run, its last end not yet paid
    steps = np.concatenate([[0.0], np.cumsum(extend * null_tgt)])
    for i in range(n + 1):
        two_sided = np.full(m + 1, -np.inf)
        src_closed = np.full(m + 1, -np.inf)
        if i == 0:
            two_sided[0] = 0.0  # the empty path
        else:
            for (a, b), s in scores.items():
                if a <= i:
                    two_sided[b:] = np.logaddexp(two_sided[b:], total[i - a, : m + 1 - b] + s[i - a])
            opened = not_after_src_run[i - 1] + (extend + ends) * null_src[i - 1]
            src_open = np.logaddexp(opened, src_open + extend * null_src[i - 1])
            src_closed = src_open + ends * null_src[i - 1]
        not_after_tgt_run = np.logaddexp(two_sided, src_closed)
        total[i] = not_after_tgt_run
        not_after_src_run[i] = two_sided
        if m:  # 0-1 runs along the row, opened at k after a path not ending in one: vectorized over j
            start = not_after_tgt_run[:-1] + (extend + ends) * null_tgt - steps[1:]
            tgt_closed = np.logaddexp.accumulate(start) + steps[1:] + ends * null_tgt
            total[i, 1:] = np.logaddexp(total[i, 1:], tgt_closed)
            not_after_src_run[i, 1:] = np.logaddexp(two_sided[1:], tgt_closed)
    return total


@dataclass
class Posteriors:
    """log P(bead) over every path (paths weighted by exp(score)): beads[(a, b)][i, j] for the
    bead of shape (a, b) starting at (i, j); null_src[i] (null_tgt[j]) for the source (target)
    sentence being left unaligned anywhere."""

    beads: dict[tuple[int, int], np.ndarray]
    null_src: np.ndarray
    null_tgt: np.ndarray
    log_z: float
    """log of the summed exp(score) of every path."""


def posteriors(scores, n: int, m: int, null_score, extend: float = 1.0) -> Posteriors:
    """Every bead's posterior, by forward-backward: the paths into a bead's start corner, its
    score, the paths out of its end corner (log_forward of the flipped lattice: the pricing of
    runs reads the same backwards). A sentence is unaligned when no two-sided bead covers it."""
    null_src, null_tgt = null_arrays(null_score, n, m)
    ahead = log_forward(scores, n, m, (null_src, null_tgt), extend)
    flipped = {shape: s[::-1, ::-1] for shape, s in scores.items()}
    behind = log_forward(flipped, n, m, (null_src[::-1], null_tgt[::-1]), extend)[::-1, ::-1]
    log_z = ahead[n, m]
    beads = {}
    covered_src, covered_tgt = np.zeros(n + 1), np.zeros(m + 1)
    for (a, b), s in scores.items():
        rows, cols = s.shape
        log_p = np.minimum(ahead[:rows, :cols] + s + behind[a : a + rows, b : b + cols] - log_z, 0.0)
        beads[(a, b)] = log_p
        p = np.exp(log_p)
        # a bead from i covers i..i+a-1: +p at i, -p at i+a, summed along the side below
        by_row, by_col = p.sum(axis=1), p.sum(axis=0)
        covered_src[:rows] += by_row
        covered_src[a : a + rows] -= by_row
        covered_tgt[:cols] += by_col
        covered_tgt[b : b + cols] -= by_col
    with np.errstate(divide="ignore"):
        unaligned_src = np.log(np.clip(1.0 - np.cumsum(covered_src)[:n], 0.0, 1.0))
        unaligned_tgt = np.log(np.clip(1.0 - np.cumsum(covered_tgt)[:m], 0.0, 1.0))
    return Posteriors(beads, unaligned_src, unaligned_tgt, float(log_z))


def posterior_path(posterior: Posteriors, n: int, m: int, threshold: float) -> list[tuple[int, int, int, int]]:
    """The path whose beads have the most posterior probability in all, less THRESHOLD per bead:
    the most beads expected exactly right for the beads output (minimum Bayes risk decoding).
    Unlike best_path it weighs every alternative path, not only the best one, so a boundary
    that many nearly-as-good paths put elsewhere moves there."""
    gains = {shape: np.exp(log_p) - threshold for shape, log_p in posterior.beads.items()}
    nulls = (np.exp(posterior.null_src) - threshold, np.exp(posterior.null_tgt) - threshold)
    return best_path(gains, n, m, nulls)
