"""Joining pairwise beads (en↔zh-Hans, zh-Hans↔zh-Hant) into rows over three editions."""

from __future__ import annotations

import pytest

from align.join import join_pairwise
from align.model import Bead

# Documents: 0 = en, 1 = zh-Hans (the pivot), 2 = zh-Hant, as the pipeline orders them.


def spans(rows):
    return [row.spans for row in rows]


def test_one_to_one_chains_become_triples():
    pairwise = {
        (0, 1): [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)],
        (1, 2): [Bead((0,), (0,), 0.95), Bead((1,), (1,), 0.7)],
    }
    rows = join_pairwise([2, 2, 2], pairwise)
    assert spans(rows) == [((0,), (0,), (0,)), ((1,), (1,), (1,))]
    # A row is as trustworthy as its weakest bead.
    assert [row.score for row in rows] == [0.9, 0.7]
    assert [row.kind for row in rows] == ["1-1-1", "1-1-1"]


def test_merges_on_either_side_of_the_pivot_join_transitively():
    # en 0,1 ↔ zh-Hans 0; zh-Hans 0 ↔ zh-Hant 0; en 2 ↔ zh-Hans 1; zh-Hans 1 ↔ zh-Hant 1,2
    pairwise = {
        (0, 1): [Bead((0, 1), (0,), 0.9), Bead((2,), (1,), 0.9)],
        (1, 2): [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.6)],
    }
    rows = join_pairwise([3, 2, 3], pairwise)
    assert spans(rows) == [((0, 1), (0,), (0,)), ((2,), (1,), (1, 2))]
    assert [row.kind for row in rows] == ["2-1-1", "1-1-2"]
    assert rows[1].score == 0.6


def test_pivot_split_differently_on_each_side_makes_one_row():
    # en 0 ↔ zh-Hans 0,1; zh-Hans 1,2 ↔ zh-Hant 0: the chain links en 0 with zh-Hans 0..2 and zh-Hant 0.
    pairwise = {
        (0, 1): [Bead((0,), (0, 1), 0.9), Bead((1,), (2,), 0.9)],
        (1, 2): [Bead((0,), (), 0.2), Bead((1, 2), (0,), 0.9)],
    }
    rows = join_pairwise([2, 3, 1], pairwise)
    assert spans(rows) == [((0, 1), (0, 1, 2), (0,))]


def test_sentence_missing_in_one_edition_leaves_that_span_empty():
    # zh-Hant drops zh-Hans 1; en has an extra chrome line 2.
    pairwise = {
        (0, 1): [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (), 0.1), Bead((3,), (2,), 0.9)],
        (1, 2): [Bead((0,), (0,), 0.9), Bead((1,), (), 0.2), Bead((2,), (1,), 0.9)],
    }
    rows = join_pairwise([4, 3, 2], pairwise)
    assert spans(rows) == [
        ((0,), (0,), (0,)),
        ((1,), (1,), ()),
        ((2,), (), ()),
        ((3,), (2,), (1,)),
    ]
    assert rows[1].score == 0.2
    assert rows[2].score == 0.1
    assert rows[2].kind == "1-0-0"


def test_unaligned_sentence_on_a_leaf_keeps_document_order():
    pairwise = {
        (0, 1): [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)],
        (1, 2): [Bead((0,), (0,), 0.9), Bead((), (1,), 0.1), Bead((1,), (2,), 0.9)],
    }
    rows = join_pairwise([2, 2, 3], pairwise)
    assert spans(rows) == [((0,), (0,), (0,)), ((), (), (1,)), ((1,), (1,), (2,))]


def test_every_sentence_of_every_document_appears_exactly_once():
    pairwise = {
        (0, 1): [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.9), Bead((), (2,), 0.1), Bead((3,), (3, 4), 0.8)],
        (1, 2): [Bead((0, 1), (0,), 0.9), Bead((2,), (1,), 0.5), Bead((3,), (2,), 0.9), Bead((4,), (3,), 0.9)],
    }
    sizes = [4, 5, 4]
    rows = join_pairwise(sizes, pairwise)
    for doc, size in enumerate(sizes):
        assert [i for row in rows for i in row.spans[doc]] == list(range(size))
    assert all(0.0 <= row.score <= 1.0 for row in rows)


def test_two_documents_only():
    rows = join_pairwise([2, 1], {(0, 1): [Bead((0, 1), (0,), 0.75)]})
    assert spans(rows) == [((0, 1), (0,))]
    assert rows[0].score == 0.75


def test_crossing_pairwise_beads_are_rejected():
    # Only possible with non-monotone input; the join must not silently produce a wrong order.
    pairwise = {
        (0, 1): [Bead((0,), (1,), 0.9), Bead((1,), (0,), 0.9)],
    }
    with pytest.raises(ValueError):
        join_pairwise([2, 2], pairwise)
