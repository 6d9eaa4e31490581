"""Strict and lax precision/recall/F1 over beads, as in ../shared/data/README.md.

Convention (Vecalign / Bertalign score.py): precision runs over every test bead
that is not empty on both sides; recall swaps gold and test and skips 1-0 / 0-1
gold beads. Strict: equal beads. Lax: an exact match, or a test bead sharing a
source and a target sentence with one gold link.
"""

from __future__ import annotations

import pytest

from align.errors import AlignError
from align.evaluate import evaluate_paths, format_beads, parse_beads, score, score_many

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,)), ((4,), (3, 4))]
TEST = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((), (2,)), ((4,), (3,)), ((), (4,))]


def test_hand_computed_strict_scores():
    s = score(GOLD, TEST)
    # strict hits among 7 test beads: [0]:[0], [3]:[], []:[2]
    assert s.strict_p == pytest.approx(3 / 7)
    # gold beads with both sides: [0]:[0], [1,2]:[1], [4]:[3,4]; only the first is in TEST
    assert s.strict_r == pytest.approx(1 / 3)
    assert s.strict_f1 == pytest.approx(0.375)


def test_hand_computed_lax_scores():
    s = score(GOLD, TEST)
    # lax hits: [0]:[0], [1]:[1] (link 1-1), [3]:[] and []:[2] (exact), [4]:[3] (link 4-3)
    assert s.lax_p == pytest.approx(5 / 7)
    # every gold bead with both sides shares a link with a test bead
    assert s.lax_r == pytest.approx(1.0)
    assert s.lax_f1 == pytest.approx(10 / 12)


def test_a_strict_hit_is_always_a_lax_hit():
    only_deletions = [((0,), ()), ((), (0,))]
    s = score(only_deletions, only_deletions)
    assert s.strict_p == 1.0 and s.lax_p == 1.0


def test_perfect_alignment_scores_one():
    s = score(GOLD, GOLD)
    assert (s.strict_p, s.strict_r, s.strict_f1, s.lax_p, s.lax_r, s.lax_f1) == (1.0, 1.0, 1.0, 1.0, 1.0, 1.0)


def test_beads_empty_on_both_sides_are_ignored():
    assert score(GOLD, TEST + [((), ())]) == score(GOLD, TEST)


def test_nothing_in_common_scores_zero_without_dividing_by_zero():
    s = score([((0,), (0,))], [((0,), ()), ((), (0,))])
    assert (s.strict_p, s.strict_r, s.strict_f1) == (0.0, 0.0, 0.0)
    assert (s.lax_p, s.lax_r, s.lax_f1) == (0.0, 0.0, 0.0)
    assert score([], []).strict_f1 == 0.0


def test_many_files_are_scored_on_summed_counts_not_averaged():
    file_a = ([((0,), (0,))], [((0,), (0,))])  # 1/1
    file_b = (GOLD, TEST)  # 3/7
    s = score_many([file_a, file_b])
    assert s.strict_p == pytest.approx(4 / 8)
    assert s.strict_r == pytest.approx(2 / 4)


def test_parse_and_format_round_trip():
    text = "[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2]\n\n[4]:[3,4]\n"
    beads = parse_beads(text)
    assert beads == GOLD
    assert format_beads(beads) == text.replace("\n\n", "\n")
    assert parse_beads("[0, 1] : [2]\n") == [((0, 1), (2,))]


@pytest.mark.parametrize("line", ["[0]-[1]", "[0]:[x]", "[0]:[1]:[2]", "[0.5]:[1]", "0:1", "[-1]:[0]", "[true]:[0]"])
def test_malformed_bead_line_is_an_align_error_naming_the_line(line):
    with pytest.raises(AlignError, match=r"gold\.align:2"):
        parse_beads("[0]:[0]\n" + line + "\n", "gold.align")


def test_evaluate_paths_files_and_folders(tmp_path):
    gold_dir, auto_dir = tmp_path / "gold", tmp_path / "auto"
    gold_dir.mkdir()
    auto_dir.mkdir()
    (gold_dir / "a.align").write_text(format_beads(GOLD))
    (auto_dir / "a.align").write_text(format_beads(TEST))
    (gold_dir / "b.align").write_text("[0]:[0]\n")
    (auto_dir / "b.align").write_text("[0]:[0]\n")
    (auto_dir / "extra.align").write_text("[5]:[5]\n")  # not in gold: ignored
    scores, files = evaluate_paths(str(gold_dir), str(auto_dir))
    assert files == 2
    assert scores.strict_p == pytest.approx(4 / 8)
    scores, files = evaluate_paths(str(gold_dir / "a.align"), str(auto_dir / "a.align"))
    assert files == 1 and scores.strict_f1 == pytest.approx(0.375)


def test_evaluate_paths_errors(tmp_path):
    gold_dir, auto_dir = tmp_path / "gold", tmp_path / "auto"
    gold_dir.mkdir()
    auto_dir.mkdir()
    with pytest.raises(AlignError, match="no .align files"):
        evaluate_paths(str(gold_dir), str(auto_dir))
    (gold_dir / "a.align").write_text("[0]:[0]\n")
    with pytest.raises(AlignError, match="missing a.align"):
        evaluate_paths(str(gold_dir), str(auto_dir))
    with pytest.raises(AlignError, match="both be"):
        evaluate_paths(str(gold_dir), str(gold_dir / "a.align"))
    with pytest.raises(AlignError, match="cannot read"):
        evaluate_paths(str(gold_dir / "a.align"), str(tmp_path / "nope.align"))
