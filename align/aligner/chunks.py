"""Cutting long documents into independently aligned chunks (linear time and memory).

A coarse path over blocks of sentences says roughly where each part of the
source lands in the target. Every `chunk_size // 2` source sentences a cut
is placed: the documents are aligned in a small window around the coarse
position and the cut goes on the bead boundary nearest the window's middle,
between two aligned beads. Chunks are then aligned exactly, one at a time.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..encoders.base import l2_normalize
from .dp import best_path
from .params import AlignParams
from .scoring import bead_scores, null_scores
from .spans import Side, SpanTable, summed_spans

COARSE_BLOCKS = 400
"""Blocks per side in the coarse pass: the coarse DP is at most this squared."""
CUT_WINDOW = 40
"""Source sentences on each side of a cut that the cut-finding alignment sees."""
CUT_CONTEXT = 2
"""Beads on each side of a cut that must be confident matches."""
OVERSIZED = 4
"""Chunks longer than this many chunk_size after the confident cuts are cut anyway."""
CUTS_PER_CHUNK = 2
"""A cut is tried every chunk_size / CUTS_PER_CHUNK source sentences: some do not settle,
and the chunk then runs on to the next cut that does, so chunks stay near chunk_size."""
MIN_CUT_SPACING = 2 * CUT_WINDOW
"""Cuts are tried at least this many source sentences apart: the windows of two
neighbouring cuts do not overlap, so each finds its own cut."""
FIRST_WINDOW_BLOCKS = 1.5
"""The first window around a cut spans this many coarse blocks either side (when that is
more than CUT_WINDOW): the coarse path may be off by a block or more."""
MIN_TARGET_HALF_WINDOW = 10
"""Target sentences either side of a cut the window sees at least, however short the
target is against the source."""
MIN_WINDOW = 4
"""A window with fewer sentences than this on a side (at a document's end) finds no cut."""
EDGE_MARGIN = 5
"""Cuts within this many sentences of a window's edge are not taken: the window may have
started mid-bead, and the beads near its edges are guesses."""
SETTLE_ROUNDS = 4
"""How many times a cut's window is re-centred before the cut counts as unsettled."""
COARSE_MAX_SIDE = 2
COARSE_MAX_TOTAL = 3
"""Coarse beads hold at most 2 blocks a side, 3 in all: the coarse path needs only rough
positions, and small bead shapes keep its COARSE_BLOCKS² DP cheap."""


def plan_chunks(src: Side, tgt: Side, params: AlignParams):
    """[((i0, i1), (j0, j1)), ...] covering both documents in order."""
    n, m = len(src), len(tgt)
    if max(n, m) <= params.chunk_size:
        return [((0, n), (0, m))]
    corners = _coarse_corners(src, tgt, params)
    cuts = []
    step = max(params.chunk_size // CUTS_PER_CHUNK, MIN_CUT_SPACING)
    # The coarse position may be off by a block or more: the first window is wider.
    first_window = max(CUT_WINDOW, int(FIRST_WINDOW_BLOCKS * math.ceil(n / COARSE_BLOCKS)))
    # The last cut is tried half a step or more before the end: a shorter last chunk is a sliver.
    for target in range(step, n - step // 2, step):
        i_c, j_c = _interpolate(corners, target)
        cut = _settled_cut(i_c, j_c, first_window, src, tgt, params)
        if cut and (not cuts or (cut[0] > cuts[-1][0] and cut[1] > cuts[-1][1])) and cut[0] < n and cut[1] < m:
            cuts.append(cut)
    bounds = _cut_oversized([(0, 0)] + cuts + [(n, m)], corners, params.chunk_size)
    return [((i0, i1), (j0, j1)) for (i0, j0), (i1, j1) in zip(bounds, bounds[1:])]


def _cut_oversized(bounds, corners, chunk_size: int):
    """Cut chunks still longer than OVERSIZED chunks where the coarse path says.

    Confident cuts need matching sentences on both sides; with one side far
    longer than the other (1 sentence against 100,000) there are none, and one
    huge chunk would cost memory in proportion to the document.
    """
    out = [bounds[0]]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if max(i1 - i0, j1 - j0) > OVERSIZED * chunk_size:
            # A chunk_size apart, the last one half a chunk or more before the end.
            if i1 - i0 >= j1 - j0:
                for i in range(i0 + chunk_size, i1 - chunk_size // 2, chunk_size):
                    out.append((i, min(max(_interpolate(corners, i)[1], out[-1][1]), j1)))
            else:
                flipped = [(j, i) for i, j in corners]
                for j in range(j0 + chunk_size, j1 - chunk_size // 2, chunk_size):
                    out.append((min(max(_interpolate(flipped, j)[1], out[-1][0]), i1), j))
        out.append((i1, j1))
    return out


def _coarse_corners(src: Side, tgt: Side, params):
    """Sentence coordinates (i, j) of the bead corners of a block-level alignment."""
    n, m = len(src), len(tgt)
    src_block = math.ceil(n / COARSE_BLOCKS)
    tgt_block = math.ceil(m / COARSE_BLOCKS)
    src_blocks = _blocks(src, src_block)
    tgt_blocks = _blocks(tgt, tgt_block)
    coarse = dataclasses.replace(params, max_side=COARSE_MAX_SIDE, max_total=COARSE_MAX_TOTAL)
    path = best_path(bead_scores(src_blocks, tgt_blocks, coarse), src_blocks.n, tgt_blocks.n, coarse.null_score)
    corners = [(0, 0)]
    for bi, bj, a, b in path:
        corners.append((min((bi + a) * src_block, n), min((bj + b) * tgt_block, m)))
    return corners


def _blocks(side: Side, size: int) -> SpanTable:
    starts = np.arange(0, len(side), size)
    sums = l2_normalize(np.stack([side.singles(lo, lo + size).sum(axis=0) for lo in starts]))
    return summed_spans(sums, np.add.reduceat(side.chars, starts), COARSE_MAX_SIDE)


def _interpolate(corners, i: int) -> tuple[int, int]:
    for (i0, j0), (i1, j1) in zip(corners, corners[1:]):
        if i0 <= i <= i1:
            if i1 == i0:
                return i, j0
            return i, int(round(j0 + (j1 - j0) * (i - i0) / (i1 - i0)))
    return i, corners[-1][1]


def _settled_cut(i_c, j_c, window, src: Side, tgt: Side, params, rounds=SETTLE_ROUNDS):
    """Re-centre the window on the cut it found until the cut stays put.

    A window placed where the documents do not correspond still yields some
    path; a cut that is a real correspondence is found again when the window is
    centred on it. Cuts that do not settle are dropped (the chunk grows instead).
    """
    cut = _refine_cut(i_c, j_c, src, tgt, params, window)
    for _ in range(rounds):
        if cut is None:
            return None
        again = _refine_cut(cut[0], cut[1], src, tgt, params, CUT_WINDOW)
        if again == cut:
            return cut
        cut = again
    return None


def _refine_cut(i_c, j_c, src: Side, tgt: Side, params, window=CUT_WINDOW):
    """A bead boundary near (i_c, j_c), between two aligned (non-null) beads."""
    n, m = len(src), len(tgt)
    ratio = m / max(n, 1)
    half_t = max(int(window * ratio), MIN_TARGET_HALF_WINDOW)
    i0, i1 = max(0, i_c - window), min(n, i_c + window)
    j0, j1 = max(0, j_c - half_t), min(m, j_c + half_t)
    if i1 - i0 < MIN_WINDOW or j1 - j0 < MIN_WINDOW:
        return None
    # Cuts need only confident beads on either side: the cheaper summed run vectors find them.
    src_spans = src.spans(i0, i1, params.max_side, pooled=False)
    tgt_spans = tgt.spans(j0, j1, params.max_side, pooled=False)
    scores = bead_scores(src_spans, tgt_spans, params)
    path = best_path(scores, src_spans.n, tgt_spans.n, null_scores(src_spans, tgt_spans, params), params.null_extend)

    def sure(bead) -> bool:
        i, j, a, b = bead
        return bool(a and b) and scores[(a, b)][i, j] >= params.cut_sure

    candidates = []
    for k in range(CUT_CONTEXT, len(path) - CUT_CONTEXT + 1):
        # A real correspondence has confident beads on both sides of it; a window placed
        # where the documents do not correspond yields a path of weak, forced beads.
        if all(sure(bead) for bead in path[k - CUT_CONTEXT : k + CUT_CONTEXT]):
            i, j = path[k][0] + i0, path[k][1] + j0
            candidates.append((abs(i - i_c) + abs(j - j_c) / ratio, i, j))
    # Cuts near the window's edges are unreliable: the window may have started mid-bead.
    inner = [
        c for c in candidates
        if i0 + EDGE_MARGIN <= c[1] <= i1 - EDGE_MARGIN and j0 + EDGE_MARGIN <= c[2] <= j1 - EDGE_MARGIN
    ]
    if not inner:
        return None
    _, i, j = min(inner)
    return i, j
