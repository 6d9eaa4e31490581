"""benchmarks/fit_weights.py: the CRF objective the aligner's weights are fitted with."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
fit_weights = pytest.importorskip("fit_weights")  # needs scipy, which the test extra brings in

SHAPES = [(1, 1), (1, 2), (2, 1)]


def toy_chapter(cost: float, seed: int = 0):
    """A 4 × 5 chapter with random feature planes and a gold path that uses every kind of step."""
    rng = np.random.default_rng(seed)
    n, m, k = 4, 5, len(fit_weights.FEATURES)
    planes = {(a, b): rng.normal(size=(k, n - a + 1, m - b + 1)).astype(np.float32) for a, b in SHAPES}
    nulls = (rng.uniform(0.5, 1.0, n), rng.uniform(0.5, 1.0, m))
    chapter = dict(planes=planes, nulls=nulls, n=n, m=m)
    path = [(0, 0, 1, 1), (1, 1, 1, 2), (2, 3, 2, 1), (4, 4, 0, 1)]
    chapter["gold_features"] = fit_weights.path_features(chapter, path)
    chapter["costs"] = fit_weights.cost_planes(chapter, path, cost) if cost else None
    return chapter, path


def test_cost_is_zero_on_the_gold_steps_only():
    chapter, path = toy_chapter(cost=1.5)
    beads, null_src, null_tgt = chapter["costs"]
    assert beads[(1, 2)][1, 1] == 0 and beads[(2, 1)][2, 3] == 0 and null_tgt[4] == 0
    assert beads[(1, 1)][1, 1] == 1.5 and null_src.tolist() == [1.5] * 4
    assert sum(int((plane == 0).sum()) for plane in beads.values()) == 3


@pytest.mark.parametrize("cost", [0.0, 1.0])
def test_gradient_matches_finite_differences(cost):
    chapter, _ = toy_chapter(cost)
    w = np.random.default_rng(1).normal(scale=0.3, size=len(fit_weights.NAMES))
    value, grad = fit_weights.neg_log_likelihood(w, [chapter])
    for k in range(len(w)):
        step = np.zeros_like(w)
        step[k] = 1e-5
        numeric = (fit_weights.neg_log_likelihood(w + step, [chapter])[0] - fit_weights.neg_log_likelihood(w - step, [chapter])[0]) / 2e-5
        assert grad[k] == pytest.approx(numeric, rel=1e-3, abs=1e-5)


def test_the_margin_makes_the_gold_path_pay_for_its_rivals():
    """With cost on every wrong bead, the wrong paths weigh more in the partition function, so
    the gold path's loss is higher for the same weights (softmax margin bounds the plain loss)."""
    w = np.random.default_rng(2).normal(scale=0.3, size=len(fit_weights.NAMES))
    plain = fit_weights.neg_log_likelihood(w, [toy_chapter(0.0)[0]])[0]
    margin = fit_weights.neg_log_likelihood(w, [toy_chapter(1.0)[0]])[0]
    assert margin > plain > 0
