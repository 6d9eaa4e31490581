"""Bead confidence (align.aligner.confidence) and the review flags it drives.

The lattice cases are exact arrays; the rest goes through the real encoder on
real texts: the seed set, a real mac-dev chapter (skipped without ../shared),
and triples whose Traditional edition the aligner is unsure of.
"""

from __future__ import annotations

import numpy as np
import pytest

from align.aligner import dp
from align.aligner.confidence import EVIDENCE, POSTERIOR_SCALE, bead_confidence, bead_evidence
from align.aligner.posterior import posteriors
from align.aligner.confidence_model import CHECK_BELOW
from align.evaluate import read_beads
from align.export.table import LOW_SCORE, bead_flags
from align.model import Alignment, Document, Row, Sentence
from align.pipeline import MemoEncoder, Settings, align_documents, align_pair, load_document


def evidence_for(scores, nulls):
    n, m = len(nulls[0]), len(nulls[1])
    path, slacks = dp.best_path_and_slack(scores, n, m, nulls)
    return path, bead_evidence(posteriors(scores, n, m, nulls, scale=POSTERIOR_SCALE), path, slacks)


def column(evidence, name):
    return evidence[:, EVIDENCE.index(name)]


def lattice(n, m, value=-3.0):
    shapes = [(a, b) for a in (1, 2) for b in (1, 2)]
    return {(a, b): np.full((n - a + 1, m - b + 1), value) for a, b in shapes if a <= n and b <= m}


def doc(lang, texts):
    return Document(lang, [Sentence(t, 0) for t in texts])


# --- arrays in, arrays out --------------------------------------------------------------


def test_a_clear_diagonal_is_sure():
    scores = lattice(3, 3)
    for i in range(3):
        scores[(1, 1)][i, i] = 1.0
    path, evidence = evidence_for(scores, (np.full(3, -0.45), np.full(3, -0.45)))
    assert path == [(0, 0, 1, 1), (1, 1, 1, 1), (2, 2, 1, 1)]
    assert (column(evidence, "log_odds") > 10).all()
    assert (bead_confidence(evidence) > 0.99).all()


def test_two_equally_good_placements_leave_each_bead_at_even_odds():
    # Two source sentences, one target: pair it with either, the other left unaligned.
    scores = lattice(2, 1)
    scores[(1, 1)][:] = 1.0
    path, evidence = evidence_for(scores, (np.full(2, -0.45), np.full(1, -0.45)))
    paired = [k for k, (_, _, a, b) in enumerate(path) if a and b]
    assert len(paired) == 1
    assert abs(column(evidence, "log_odds")[paired[0]]) < 0.01
    assert bead_confidence(evidence)[paired[0]] < CHECK_BELOW
    assert column(evidence, "slack")[paired[0]] == pytest.approx(0.0)


def test_an_unaligned_sentence_is_sure_whichever_side_comes_first():
    # Nothing matches: 1-0 then 0-1 and 0-1 then 1-0 are the same alignment, not two doubts.
    scores = lattice(1, 1, value=-5.0)
    path, evidence = evidence_for(scores, (np.full(1, -0.45), np.full(1, -0.45)))
    assert sorted((a, b) for _, _, a, b in path) == [(0, 1), (1, 0)]
    assert (column(evidence, "log_odds") > 5).all()
    assert (column(evidence, "one_sided") == 1).all()


def test_rows_between_low_score_and_check_below_get_check():
    documents = [doc("en", ["One.", "Two.", "Three."]), doc("zh-Hans", ["一。", "二。", "三。"])]
    scores = [0.99, (LOW_SCORE + CHECK_BELOW) / 2, LOW_SCORE / 2]
    rows = [Row(((i,), (i,)), s) for i, s in enumerate(scores)]
    assert bead_flags(Alignment(documents, rows, "", "t")) == [[], ["check"], ["low-score"]]


# --- real encoder, real texts -----------------------------------------------------------


def test_seed_set_flags_few_rows_and_the_ones_a_deleted_sentence_disturbs(encoder, texts_dir):
    folder = texts_dir / "balancing-high-level-dialogue"
    en = load_document(str(folder / "en.txt"), "en")
    zh = load_document(str(folder / "zh-Hans.txt"), "zh-Hans")
    alignment = align_documents([en, zh], Settings(), encoder)
    flags = bead_flags(alignment)
    assert sum(bool(f) for f in flags) <= 0.2 * len(flags)
    for row, row_flags in zip(alignment.rows, flags):
        assert ("check" in row_flags) == (LOW_SCORE <= row.score < CHECK_BELOW)
    # Delete one Chinese sentence at a time: the rows where it was should ask for a look.
    encoder = MemoEncoder(encoder)  # each sentence encoded once over the twelve alignments
    noticed = positions = 0
    for k in range(5, len(zh) - 3, 4):
        damaged = align_documents([en, doc("zh-Hans", [s.text for s in zh.sentences[:k] + zh.sentences[k + 1 :]])],
                                  Settings(), encoder)
        near = [f for row, f in zip(damaged.rows, bead_flags(damaged))
                if not row.spans[1] or abs(row.spans[1][0] - k) <= 1]
        positions += 1
        noticed += any(near)
    assert noticed >= 0.4 * positions, (noticed, positions)


def test_real_mac_dev_chapters_are_flagged_where_they_are_wrong(encoder, mac_dev):
    """In-sample (the model was fitted on these chapters; benchmarks/confidence.py gives the
    cross-validated figures), but through the real pipeline as `align run` does it."""
    right, flagged, scores, checks = [], [], [], 0
    for gold_file in sorted(mac_dev.glob("*.align")):
        zh = gold_file.with_suffix(".zh").read_text(encoding="utf-8").splitlines()
        en = gold_file.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        gold = {(e, z) for z, e in read_beads(str(gold_file))}
        alignment = align_documents([doc("en", en), doc("zh-Hans", zh)], Settings(), encoder)
        flags = bead_flags(alignment)
        right += [(row.spans[0], row.spans[1]) in gold for row in alignment.rows]
        flagged += [bool(f) for f in flags]
        scores += [row.score for row in alignment.rows]
        checks += sum("check" in f for f in flags)
    right, flagged, scores = np.array(right), np.array(flagged), np.array(scores)
    assert 0.10 <= flagged.mean() <= 0.22
    assert flagged[~right].mean() >= 0.7
    assert checks > 0.5 * flagged.sum(), "most flags are the model's"
    assert abs(scores.mean() - right.mean()) <= 0.03, "the score is a probability of being right"


def test_a_triple_row_shows_the_doubt_of_the_traditional_leg(encoder):
    # English and Simplified agree sentence for sentence; the Traditional edition has a line
    # the others lack, and where it belongs is unclear.
    en = ["The weather was cold this morning.", "My sister bought a new bicycle.",
          "She rode it to school and then to the park.", "The museum opens at nine o'clock.", "We ate noodles for dinner."]
    hans = ["今天早上天气很冷。", "我妹妹买了一辆新自行车。", "她骑着它去上学，然后去公园。", "博物馆九点开门。", "我们晚饭吃了面条。"]
    hant = ["今天早上天氣很冷。", "我妹妹買了一輛新自行車。", "她騎著它去上學，然後去公園。", "好的。", "博物館九點開門。", "我們晚飯吃了麵條。"]
    settings = Settings()
    english_leg = align_pair(doc("en", en), doc("zh-Hans", hans), encoder, settings)
    traditional_leg = align_pair(doc("zh-Hans", hans), doc("zh-Hant", hant), encoder, settings)
    assert min(b.score for b in english_leg) >= CHECK_BELOW, "the English leg is sure"
    doubtful = [b for b in traditional_leg if b.score < CHECK_BELOW]
    assert doubtful, "the Traditional leg is not"
    alignment = align_documents([doc("en", en), doc("zh-Hans", hans), doc("zh-Hant", hant)], settings, encoder)
    for bead in doubtful:
        (row, flags), = [(r, f) for r, f in zip(alignment.rows, bead_flags(alignment)) if set(bead.src) & set(r.spans[1])]
        assert row.score <= bead.score
        assert {"check", "low-score"} & set(flags), (row, flags)


def test_scores_do_not_depend_on_whether_the_evidence_is_collected(seed_alignment, encoder):
    """The aligner skips the boundary-slack pass when the fitted model does not read it
    (MODEL_READS_SLACK); a benchmark that collects the evidence gets the same beads and scores."""
    from align.aligner import AlignStats
    from align.aligner.confidence import MODEL_READS_SLACK
    src, tgt = seed_alignment.documents[0], seed_alignment.documents[1]
    settings = Settings()
    plain = align_pair(src, tgt, encoder, settings)
    stats = AlignStats()
    stats.confidence_evidence = []
    collected = align_pair(src, tgt, encoder, settings, stats)
    assert plain == collected
    slack = np.concatenate(stats.confidence_evidence)[:, EVIDENCE.index("slack")]
    assert np.isfinite(slack).any()  # collected: the slack was computed
    assert not MODEL_READS_SLACK  # the model in the package reads the posterior only
