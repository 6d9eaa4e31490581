"""Sentence alignment of two documents: span embeddings → bead scores → dynamic programming."""

from __future__ import annotations

import numpy as np

from ..model import Bead
from .dp import best_path
from .params import AlignParams
from .scoring import bead_scores
from .spans import build_spans

CONFIDENCE_SLOPE = 8.0
CONFIDENCE_OFFSET = 0.25


def align_texts(
    src_texts: list[str],
    tgt_texts: list[str],
    encode,
    params: AlignParams = AlignParams(),
    src_joiner: str = " ",
    tgt_joiner: str = " ",
) -> list[Bead]:
    """Align two lists of (normalized) sentences; `encode` maps strings to unit vectors."""
    n, m = len(src_texts), len(tgt_texts)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    src = build_spans(src_texts, params.max_side, src_joiner, encode)
    tgt = build_spans(tgt_texts, params.max_side, tgt_joiner, encode)
    scores = bead_scores(src, tgt, params)
    path = best_path(scores, n, m, params.null_score)
    return [_bead(i0, j0, a, b, scores, params) for i0, j0, a, b in path]


def _bead(i0: int, j0: int, a: int, b: int, scores, params: AlignParams) -> Bead:
    if a and b:
        gain = scores[(a, b)][i0, j0] - params.null_score * (a + b)
    else:
        gain = params.null_score - _best_one_to_one_near(scores, i0, j0, a)
    confidence = 1.0 / (1.0 + np.exp(-CONFIDENCE_SLOPE * (gain - CONFIDENCE_OFFSET)))
    return Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), round(float(confidence), 4))


def _best_one_to_one_near(scores, i0: int, j0: int, on_source: int, reach: int = 3) -> float:
    """Best 1-1 score the unaligned sentence could have had with a nearby partner."""
    table = scores.get((1, 1))
    if table is None or table.size == 0:
        return 0.0
    if on_source:
        row = table[min(i0, table.shape[0] - 1)]
        window = row[max(0, j0 - reach) : j0 + reach]
    else:
        col = table[:, min(j0, table.shape[1] - 1)]
        window = col[max(0, i0 - reach) : i0 + reach]
    return float(window.max()) if window.size else 0.0


__all__ = ["AlignParams", "align_texts"]
