"""Text features become arrays once per document pair; each chunk's evidence comes from them."""

from __future__ import annotations

import numpy as np
import pytest

from align.aligner.evidence import MAX_SENTENCES_PER_KEY, chunk_evidence
from align.features import IdLists, pair_features
from align.features.anchors import anchor_keys
from align.features.cues import cue_counts

ZH = [
    "陈清扬说，一九六八年她在云南。",
    "王二和陈清扬走到山上。",
    "陈清扬笑了。",
    "陈清扬又说了一遍。",
    "他们在1968年离开了那里。",
    "返回顶部",
    "王二不说话。",
]
EN = [
    "Chen Qingyang said she was in Yunnan in 1968.",
    "Wang Er and Chen Qingyang walked up the hill.",
    "Qingyang laughed.",
    "Chen Qingyang said it again.",
    "They left in 1968.",
    "Back to Top",
    "Wang Er said nothing.",
]


def keys_by_hand(src_texts, tgt_texts):
    """Sentence × key matrices over the keys found in at most MAX_SENTENCES_PER_KEY
    sentences of each side, sorted: the rule, written out on the texts themselves."""
    src_keys = [anchor_keys(t) for t in src_texts]
    tgt_keys = [anchor_keys(t) for t in tgt_texts]

    def rare(keys_per_sentence):
        counts = {}
        for keys in keys_per_sentence:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        return {key for key, count in counts.items() if count <= MAX_SENTENCES_PER_KEY}

    vocabulary = sorted(rare(src_keys) & rare(tgt_keys))
    matrix = lambda keys_per_sentence: np.array(  # noqa: E731
        [[key in keys for key in vocabulary] for keys in keys_per_sentence], dtype=np.float32
    ).reshape(len(keys_per_sentence), len(vocabulary))
    return vocabulary, matrix(src_keys), matrix(tgt_keys)


@pytest.mark.parametrize("src_range, tgt_range", [((0, 7), (0, 7)), ((1, 5), (2, 6)), ((2, 4), (0, 7)), ((5, 6), (5, 6))])
def test_chunk_anchor_incidence_drops_keys_common_within_the_chunk(src_range, tgt_range):
    src, tgt = pair_features(ZH, EN)
    evidence = chunk_evidence(src, tgt, src_range, tgt_range)
    vocabulary, src_expected, tgt_expected = keys_by_hand(ZH[slice(*src_range)], EN[slice(*tgt_range)])
    if not vocabulary:
        assert evidence.anchors is None
        return
    np.testing.assert_array_equal(evidence.anchors[0], src_expected)
    np.testing.assert_array_equal(evidence.anchors[1], tgt_expected)


def test_a_key_common_in_the_whole_pair_still_anchors_a_chunk_where_it_is_rare():
    src, tgt = pair_features(ZH, EN)
    whole, _, _ = keys_by_hand(ZH, EN)
    part, _, _ = keys_by_hand(ZH[2:4], EN[2:4])
    assert "chenqingyang" in part and "chenqingyang" not in whole  # 4 sentences a side in all
    assert chunk_evidence(src, tgt, (2, 4), (2, 4)).anchors[0].sum() >= 2


def test_side_features_are_per_sentence_arrays():
    src, tgt = pair_features(ZH, EN)
    assert len(src) == len(ZH) and len(tgt) == len(EN)
    assert src.chrome.tolist() == [False] * 5 + [True, False]
    assert tgt.chrome.tolist() == [False] * 5 + [True, False]
    np.testing.assert_array_equal(tgt.cues, cue_counts(EN))
    assert tgt.chars[2] == len("Qingyanglaughed.")
    assert src.lexical is None  # no dictionary given
    evidence = chunk_evidence(src, tgt, (0, 7), (0, 7))
    assert evidence.lexical is None and evidence.cues[0].shape == (7, 4)


def test_id_lists_keep_each_sentence_s_distinct_ids_in_order():
    lists = IdLists.from_sets([{3, 1}, [], [2, 2, 0]])
    assert lists.indptr.tolist() == [0, 2, 2, 4] and lists.ids.tolist() == [1, 3, 0, 2]
    renumbered = lists.renumbered(np.array([5, -1, 4, 0]))
    assert [renumbered.row(i).tolist() for i in range(3)] == [[0], [], [4, 5]]
