"""Long documents are aligned in chunks: the chunk cuts must not cost accuracy."""

from __future__ import annotations

import random

from align.aligner import AlignParams, AlignStats, Side
from align.aligner.chunks import plan_chunks
from align.features import pair_features
from align.prepare import align_texts

CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几"


def long_pair(n: int, seed: int = 11):
    """n source sentences; the target drops every 97th and merges every 53rd with the next."""
    rng = random.Random(seed)
    src = ["".join(rng.choice(CHARS) for _ in range(rng.randint(10, 28))) + "。" for _ in range(n)]
    tgt, expected = [], []
    i = 0
    while i < n:
        if i % 97 == 96:
            expected.append(((i,), ()))
            i += 1
        elif i % 53 == 52 and i + 1 < n:
            expected.append(((i, i + 1), (len(tgt),)))
            tgt.append(src[i] + src[i + 1])
            i += 2
        else:
            expected.append(((i,), (len(tgt),)))
            tgt.append(src[i])
            i += 1
    return src, tgt, expected


def test_a_long_document_is_cut_into_chunks_and_aligned_exactly(ngram_encoder):
    src, tgt, expected = long_pair(1500)
    params = AlignParams()
    stats = AlignStats()
    beads = align_texts(src, tgt, ngram_encoder.encode, params, "", "", stats)
    assert stats.chunks > 3
    got = [(b.src, b.tgt) for b in beads]
    right = len(set(got) & set(expected))
    assert right / len(expected) > 0.99, [b for b in got if b not in set(expected)][:10]


def sides(src, tgt, encoder):
    src_features, tgt_features = pair_features(src, tgt)
    return Side(encoder.encode(src), src_features), Side(encoder.encode(tgt), tgt_features)


def test_chunk_plan_covers_both_documents_in_order(ngram_encoder):
    src, tgt, _ = long_pair(1200, seed=3)
    plan = plan_chunks(*sides(src, tgt, ngram_encoder), AlignParams())
    assert len(plan) > 1
    assert plan[0][0][0] == 0 and plan[0][1][0] == 0
    assert plan[-1][0][1] == len(src) and plan[-1][1][1] == len(tgt)
    for ((_, i1), (_, j1)), ((i0, _), (j0, _)) in zip(plan, plan[1:]):
        assert (i1, j1) == (i0, j0)
    assert all(i1 > i0 and j1 > j0 for (i0, i1), (j0, j1) in plan)


def test_short_documents_are_one_chunk(ngram_encoder):
    src, tgt, _ = long_pair(100)
    plan = plan_chunks(*sides(src, tgt, ngram_encoder), AlignParams())
    assert plan == [((0, len(src)), (0, len(tgt)))]
