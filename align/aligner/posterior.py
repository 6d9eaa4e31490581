"""Posterior probabilities over the DP lattice, and the path they choose.

`forward` in align.aligner.dp keeps the best path into each corner; here the
same lattice sums every path (log-sum-exp in place of max), so each possible
bead gets its probability of being in the alignment. The confidence of a bead
(align.aligner.confidence), the CRF fit of the weights (benchmarks/fit_weights.py)
and posterior decoding (`posterior_path`) all read these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .dp import best_path, null_arrays


def log_forward(scores, n: int, m: int, null_score, extend: float = 1.0, scale: float = 1.0) -> np.ndarray:
    """total[i, j]: the log of the summed exp(SCALE x score) of every path through the first i
    source and j target sentences. Runs of unaligned sentences are priced as dp.forward prices
    them (EXTEND of their null scores, plus (1 - EXTEND)/2 of the first and last), each path
    counted once: a run ends only where a bead of another shape follows."""
    null_src, null_tgt = (scale * x for x in null_arrays(null_score, n, m))
    ends = (1.0 - extend) / 2.0
    total = np.full((n + 1, m + 1), -np.inf)
    not_after_src_run = np.full((n + 1, m + 1), -np.inf)  # paths whose last bead is not 1-0
    src_open = np.full(m + 1, -np.inf)  # paths ending in a 1-0 run, its last end not yet paid
    steps = np.concatenate([[0.0], np.cumsum(extend * null_tgt)])
    shapes = list(scores.items())
    terms = np.empty((len(shapes), m + 1))  # a row's paths by the shape of their last bead
    for i in range(n + 1):
        two_sided = np.full(m + 1, -np.inf)
        src_closed = np.full(m + 1, -np.inf)
        if i == 0:
            two_sided[0] = 0.0  # the empty path
        else:
            terms.fill(-np.inf)
            for t, ((a, b), s) in enumerate(shapes):
                if a <= i:
                    np.multiply(s[i - a], scale, out=terms[t, b:])
                    terms[t, b:] += total[i - a, : m + 1 - b]
            two_sided = _log_sum(terms)
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


def _log_sum(terms: np.ndarray) -> np.ndarray:
    """log(sum(exp(terms), axis=0)), shifted by each column's largest term: one exp per term,
    where pairwise logaddexp costs an exp and a log (2.4 times the time)."""
    peak = terms.max(axis=0)
    shift = np.where(np.isfinite(peak), peak, 0.0)
    with np.errstate(divide="ignore"):
        return shift + np.log(np.exp(terms - shift).sum(axis=0))


@dataclass
class Posteriors:
    """Every path weighed by exp(scale x its score): the log of their sum into each corner
    (ahead) and out of it (behind), from which any bead's posterior follows (`bead`, `at`,
    `unaligned`). No table of every bead's posterior is kept: a chunk's would be as big as its
    scores."""

    scores: dict[tuple[int, int], np.ndarray]
    scale: float
    ahead: np.ndarray
    behind: np.ndarray
    log_z: float
    """log of the summed weight of every path."""
    _unaligned: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def bead(self, shape: tuple[int, int]) -> np.ndarray:
        """log P of the bead of SHAPE (a, b) starting at (i, j), for every (i, j)."""
        (a, b), s = shape, self.scores[shape]
        rows, cols = s.shape
        log_p = self.scale * s + self.ahead[:rows, :cols]
        log_p += self.behind[a : a + rows, b : b + cols] - self.log_z
        return np.minimum(log_p, 0.0, out=log_p)

    def at(self, i: int, j: int, a: int, b: int) -> float:
        """log P of the one bead of shape (a, b) starting at (i, j)."""
        value = self.scale * self.scores[(a, b)][i, j] + self.ahead[i, j] + self.behind[i + a, j + b] - self.log_z
        return min(float(value), 0.0)

    def unaligned(self) -> tuple[np.ndarray, np.ndarray]:
        """log P(sentence left unaligned) per source and per target sentence: that no two-sided
        bead covers it. Takes a pass over every bead, so it is computed on first use only (the
        confidence of a path with no 1-0 / 0-1 bead never asks)."""
        if self._unaligned is None:
            n, m = self.ahead.shape[0] - 1, self.ahead.shape[1] - 1
            covered_src, covered_tgt = np.zeros(n + 1), np.zeros(m + 1)
            for a, b in self.scores:
                p = np.exp(self.bead((a, b)))
                # a bead from i covers i..i+a-1: +p at i, -p at i+a, summed along the side below
                by_row, by_col = p.sum(axis=1), p.sum(axis=0)
                covered_src[: len(by_row)] += by_row
                covered_src[a : a + len(by_row)] -= by_row
                covered_tgt[: len(by_col)] += by_col
                covered_tgt[b : b + len(by_col)] -= by_col
            with np.errstate(divide="ignore"):
                self._unaligned = (
                    np.log(np.clip(1.0 - np.cumsum(covered_src)[:n], 0.0, 1.0)),
                    np.log(np.clip(1.0 - np.cumsum(covered_tgt)[:m], 0.0, 1.0)),
                )
        return self._unaligned


def posteriors(scores, n: int, m: int, null_score, extend: float = 1.0, scale: float = 1.0) -> Posteriors:
    """Forward-backward: the paths into a bead's start corner, its score, the paths out of its
    end corner (log_forward of the flipped lattice: the pricing of runs reads the same
    backwards)."""
    null_src, null_tgt = null_arrays(null_score, n, m)
    ahead = log_forward(scores, n, m, (null_src, null_tgt), extend, scale)
    flipped = {shape: s[::-1, ::-1] for shape, s in scores.items()}
    behind = log_forward(flipped, n, m, (null_src[::-1], null_tgt[::-1]), extend, scale)[::-1, ::-1]
    return Posteriors(scores, scale, ahead, behind, float(ahead[n, m]))


def posterior_path(posterior: Posteriors, n: int, m: int, threshold: float) -> list[tuple[int, int, int, int]]:
    """The path whose beads have the most posterior probability in all, less THRESHOLD per bead:
    the most beads expected exactly right for the beads output (minimum Bayes risk decoding).
    Unlike best_path it weighs every alternative path, not only the best one, so a boundary
    that many nearly-as-good paths put elsewhere moves there."""
    gains = {shape: np.exp(posterior.bead(shape)) - threshold for shape in posterior.scores}
    nulls = tuple(np.exp(log_p) - threshold for log_p in posterior.unaligned())
    return best_path(gains, n, m, nulls)
