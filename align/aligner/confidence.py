"""How sure the aligner is of each bead: the probability that it is exactly right.

Arrays in, arrays out. `bead_evidence` describes each bead of the chosen path
by EVIDENCE, from what the dynamic programme already has: the score of every
possible bead, the score of leaving a sentence unaligned, the path and the
slack of its boundaries. `bead_confidence` turns that into P(bead right) with
the logistic model in `confidence_model`, which `benchmarks/confidence.py
--write` fits on mac-dev (docs/review.md, "Confidence").

The strongest evidence by far is the bead's posterior probability: every
monotone path through the chapter weighted by exp(POSTERIOR_SCALE × its
score), summed by forward-backward over the lattice the DP searches
(align.aligner.posterior; runs of unaligned sentences priced as the DP prices them). It
counts every alternative at once (merging with a neighbour, splitting,
shifting a sentence across a boundary, leaving one unaligned), however far
away, weighted by how close it comes. On mac-dev, chapters cross-validated,
the bead's own feature terms, its length ratio, dictionary coverage, cue
mismatches, the best merge/split/shift alternative and how sure its
neighbours are added nothing measurable to it (benchmarks/confidence.py
--ablation shows the ones EVIDENCE keeps).
"""

from __future__ import annotations

import hashlib

import numpy as np

from . import confidence_model as model
from .posterior import Posteriors

POSTERIOR_SCALE = 12.0
"""Paths weigh exp(scale × score), scores being in the aligner's units (sim_weight = 1). Half
the scale the CRF fit lands at (AlignParams.decoding_scale, 24): a flatter posterior ranks the
wrong beads better. On mac-dev, chapters cross-validated, the flags then hold 75% of them
(71% at 24, where one forward-backward would serve the path and its confidence); on
textberg-dev 24 does better (64% of them in the lowest 20% against 57%)."""
LOG_ODDS_CAP = 15.0
"""|log odds| of the posterior beyond this is rounding: past 1 - 1e-6 nothing is surer."""
SLACK_CAP = 10.0
"""Slack is infinite at the documents' ends; beyond this it says nothing more."""
WINDOW = 3
"""Beads on each side that count as a bead's neighbourhood."""

EVIDENCE = (
    "log_odds", "slack", "start_slack", "end_slack", "one_sided", "sentences",
    "neighbour_log_odds", "local_not_one_to_one",
)
"""Per bead: the log odds of its posterior probability; the slack of its less certain boundary
(the old confidence's only input), and of each boundary; 1 for a 1-0 or 0-1 bead; sentences in
it; the least sure neighbour's log odds; the share of beads nearby that are not 1-1 (how free
the translation is there)."""

MODEL_READS_SLACK = any(name.endswith("slack") for name in model.FEATURES)
"""Whether the fitted model needs the slack columns: when not, the aligner skips the backward
max pass that computes them (about a tenth of aligning a chapter) unless a benchmark collects
the evidence."""

MODEL_IDENTITY = "posterior-" + hashlib.sha1(repr((
    POSTERIOR_SCALE, LOG_ODDS_CAP, SLACK_CAP, WINDOW, model.FEATURES, model.MEAN, model.SCALE,
    model.COEFFICIENTS, model.INTERCEPT, model.CHECK_BELOW,
)).encode()).hexdigest()[:8]
"""The model's field in the output signature (align.signature): a refit changes scores and flags."""


def bead_confidence(evidence: np.ndarray) -> np.ndarray:
    """P(bead exactly right) per row of EVIDENCE values, from the fitted model."""
    columns = [EVIDENCE.index(name) for name in model.FEATURES]
    z = (evidence[:, columns] - np.array(model.MEAN)) / np.array(model.SCALE)
    return 1.0 / (1.0 + np.exp(-(z @ np.array(model.COEFFICIENTS) + model.INTERCEPT)))


def bead_evidence(posterior: Posteriors, path, slacks) -> np.ndarray:
    """One row per bead of PATH ((i0, j0, a, b) steps), one column per EVIDENCE name.

    POSTERIOR: the chunk's align.aligner.posterior.posteriors at POSTERIOR_SCALE; SLACKS: (start, end) per bead
    (dp.boundary_slack), or None where nothing reads them (MODEL_READS_SLACK): NaN then."""
    out = np.zeros((len(path), len(EVIDENCE)))
    column = {name: c for c, name in enumerate(EVIDENCE)}
    log_p = _log_posteriors(posterior, path)
    log_odds = np.clip(log_p - np.log(-np.expm1(np.minimum(log_p, -1e-300))), -LOG_ODDS_CAP, LOG_ODDS_CAP)
    if slacks is None:
        start = end = np.full(len(path), np.nan)
    else:
        start = np.minimum([s for s, _ in slacks], SLACK_CAP)
        end = np.minimum([e for _, e in slacks], SLACK_CAP)
    shapes = np.array([(a, b) for _, _, a, b in path], dtype=np.float64).reshape(-1, 2)
    padded = np.concatenate([[LOG_ODDS_CAP], log_odds, [LOG_ODDS_CAP]])
    out[:, column["log_odds"]] = log_odds
    out[:, column["slack"]] = np.minimum(start, end)
    out[:, column["start_slack"]] = start
    out[:, column["end_slack"]] = end
    out[:, column["one_sided"]] = shapes.min(axis=1) == 0
    out[:, column["sentences"]] = shapes.sum(axis=1)
    out[:, column["neighbour_log_odds"]] = np.minimum(padded[:-2], padded[2:])
    out[:, column["local_not_one_to_one"]] = _neighbour_mean(np.any(shapes != 1, axis=1).astype(np.float64))
    return out


def _neighbour_mean(values: np.ndarray) -> np.ndarray:
    """Mean over each bead's neighbours within WINDOW, the bead itself left out (0 when alone)."""
    k = len(values)
    total = np.concatenate([[0.0], np.cumsum(values)])
    lo = np.maximum(np.arange(k) - WINDOW, 0)
    hi = np.minimum(np.arange(k) + WINDOW + 1, k)
    count = hi - lo - 1
    return np.where(count > 0, (total[hi] - total[lo] - values) / np.maximum(count, 1), 0.0)


def _log_posteriors(posterior: Posteriors, path) -> np.ndarray:
    """log P(bead) of each bead of PATH. A one-sided bead counts as the probability that its
    sentence is left unaligned at all: where it sits among other unaligned sentences (1-0 then
    0-1, or 0-1 then 1-0) does not make it wrong."""
    out = np.empty(len(path))
    for q, (i0, j0, a, b) in enumerate(path):
        if a and b:
            out[q] = posterior.at(i0, j0, a, b)
        else:
            unaligned_src, unaligned_tgt = posterior.unaligned()
            out[q] = unaligned_src[i0] if a else unaligned_tgt[j0]
    return out
