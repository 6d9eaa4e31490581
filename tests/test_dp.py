"""The dynamic programme against brute force: every monotone path of a tiny problem scored by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from align.aligner.dp import best_path, boundary_slack
from align.aligner.posterior import posterior_path, posteriors

SHAPES = [(1, 1), (1, 2), (2, 1), (2, 2)]


def paths(i, j, n, m):
    """Every sequence of beads (i0, j0, a, b) from (i, j) to (n, m), nulls included."""
    if (i, j) == (n, m):
        yield []
        return
    for a, b in SHAPES + [(1, 0), (0, 1)]:
        if i + a <= n and j + b <= m:
            for rest in paths(i + a, j + b, n, m):
                yield [(i, j, a, b)] + rest


def path_score(path, scores, null_src, null_tgt, extend):
    """Beads' scores; a run of 1-0 (0-1) beads pays EXTEND of its null scores and (1 - EXTEND)/2
    of its first and last ones (a lone one: its null score)."""
    total = 0.0
    for shape, group in itertools.groupby(path, key=lambda bead: bead[2:]):
        group = list(group)
        if shape in ((1, 0), (0, 1)):
            nulls = [null_src[i] if shape == (1, 0) else null_tgt[j] for i, j, _, _ in group]
            total += extend * sum(nulls) + (1 - extend) / 2 * (nulls[0] + nulls[-1])
        else:
            total += sum(scores[shape][i, j] for i, j, _, _ in group)
    return total


def random_lattice(seed):
    """A problem of up to 4 x 4 sentences: random bead scores, random null scores."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    scores = {(a, b): rng.normal(0.0, 1.0, (n - a + 1, m - b + 1)) for a, b in SHAPES if a <= n and b <= m}
    return n, m, scores, -rng.uniform(0.1, 1.5, n), -rng.uniform(0.1, 1.5, m)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("extend", [1.0, 0.5, 0.1])
def test_best_path_is_the_best_of_all_paths(seed, extend):
    n, m, scores, null_src, null_tgt = random_lattice(seed)
    found = best_path(scores, n, m, (null_src, null_tgt), extend)
    every = [path_score(p, scores, null_src, null_tgt, extend) for p in paths(0, 0, n, m)]
    assert path_score(found, scores, null_src, null_tgt, extend) == pytest.approx(max(every))
    assert [(i, j) for i, j, _, _ in found][0] == (0, 0)
    assert all(x + 1e-9 >= 0 for pair in boundary_slack(scores, n, m, (null_src, null_tgt), found, extend=extend) for x in pair)


def test_a_run_of_unaligned_lines_costs_about_one_null():
    # Four target lines nobody translated between two good 1-1 beads: with full nulls the
    # aligner would rather glue them onto a bead (worth -1.5); with runs it leaves them alone.
    n, m = 2, 6
    scores = {(1, 1): np.full((n, m), -5.0), (1, 2): np.full((n, m - 1), -5.0)}
    scores[(1, 1)][0, 0] = scores[(1, 1)][1, 5] = 1.0
    glued = np.full((n, m - 4), -5.0)
    glued[0, 0] = 1.0 - 1.5
    scores[(1, 5)] = glued
    nulls = (np.full(n, -0.6), np.full(m, -0.6))
    assert best_path(scores, n, m, nulls, extend=1.0)[0] == (0, 0, 1, 5)
    path = best_path(scores, n, m, nulls, extend=0.25)
    assert path == [(0, 0, 1, 1), (1, 1, 0, 1), (1, 2, 0, 1), (1, 3, 0, 1), (1, 4, 0, 1), (1, 5, 1, 1)]


def test_extend_one_is_the_plain_null_score():
    rng = np.random.default_rng(7)
    n, m = 6, 5
    scores = {(a, b): rng.normal(0.0, 1.0, (n - a + 1, m - b + 1)) for a, b in SHAPES}
    nulls = (-rng.uniform(0.1, 1.5, n), -rng.uniform(0.1, 1.5, m))
    plain = [path_score(p, scores, *nulls, 1.0) for p in paths(0, 0, n, m)]
    assert path_score(best_path(scores, n, m, nulls), scores, *nulls, 1.0) == pytest.approx(max(plain))


def brute_posteriors(scores, null_src, null_tgt, n, m, extend):
    """P(bead) and P(sentence unaligned) by summing exp(score) over every path."""
    beads, unaligned_src, unaligned_tgt = {}, np.zeros(n), np.zeros(m)
    every = list(paths(0, 0, n, m))
    weights = np.exp([path_score(p, scores, null_src, null_tgt, extend) for p in every])
    weights /= weights.sum()
    for path, weight in zip(every, weights):
        for i, j, a, b in path:
            if a and b:
                beads[(i, j, a, b)] = beads.get((i, j, a, b), 0.0) + weight
            elif a:
                unaligned_src[i] += weight
            else:
                unaligned_tgt[j] += weight
    return beads, unaligned_src, unaligned_tgt


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("extend", [1.0, 0.5, 0.1])
def test_posteriors_and_the_posterior_path_match_brute_force(seed, extend):
    n, m, scores, null_src, null_tgt = random_lattice(seed)
    beads, unaligned_src, unaligned_tgt = brute_posteriors(scores, null_src, null_tgt, n, m, extend)
    found = posteriors(scores, n, m, (null_src, null_tgt), extend)
    every = [path_score(p, scores, null_src, null_tgt, extend) for p in paths(0, 0, n, m)]
    assert found.log_z == pytest.approx(np.logaddexp.reduce(every))
    for a, b in scores:
        for (i, j), value in np.ndenumerate(np.exp(found.bead((a, b)))):
            assert value == pytest.approx(beads.get((i, j, a, b), 0.0), abs=1e-9)
    assert np.exp(found.unaligned()[0]) == pytest.approx(unaligned_src)
    assert np.exp(found.unaligned()[1]) == pytest.approx(unaligned_tgt)

    def gain(path, threshold):
        return sum((beads.get(bead, 0.0) if bead[2] and bead[3] else (unaligned_src[bead[0]] if bead[2] else unaligned_tgt[bead[1]]))
                   - threshold for bead in path)

    for threshold in (0.0, 0.2, 0.5):
        chosen = posterior_path(found, n, m, threshold)
        assert gain(chosen, threshold) == pytest.approx(max(gain(p, threshold) for p in paths(0, 0, n, m)))


def test_the_posterior_path_weighs_the_paths_it_does_not_take():
    # The single best path is (0-0 : 0-1) then (1 : 2), worth 2.0. Three paths worth 1.8 each
    # share the bead 0 : 0 and differ after it, so that bead holds 0.7 of the probability and
    # the posterior path keeps it; the best path's beads hold 0.29 each.
    n, m = 2, 3
    low = -9.0
    scores = {(a, b): np.full((n - a + 1, m - b + 1), low) for a, b in SHAPES}
    scores[(1, 1)][0, 0] = 1.0
    scores[(1, 1)][1, 1] = scores[(1, 1)][1, 2] = 1.1
    scores[(1, 2)][1, 1] = 0.8
    scores[(1, 2)][0, 0] = 0.9
    nulls = (np.full(n, low), np.full(m, -0.3))
    assert best_path(scores, n, m, nulls) == [(0, 0, 1, 2), (1, 2, 1, 1)]
    found = posteriors(scores, n, m, nulls)
    assert np.exp(found.at(0, 0, 1, 1)) == pytest.approx(0.71, abs=0.01)
    assert posterior_path(found, n, m, 0.2)[0] == (0, 0, 1, 1)
