"""The Chinese-English dictionary and the punctuation cues, on the real CC-CEDICT."""

import numpy as np
import pytest

from align.aligner.evidence import chunk_evidence
from align.features import lexicon_for, pair_features
from align.features.cues import cue_counts
from align.features.lexicon.zh_en import english_stems, stem


@pytest.fixture(scope="module")
def zh_en():
    return lexicon_for("zh-Hans", "en")


def test_lexicon_is_chosen_by_language_family_in_either_direction():
    assert lexicon_for("zh-Hant", "en-GB") is not None
    assert lexicon_for("en", "zh-Hans").reverse
    assert lexicon_for("zh-Hans", "zh-Hant").name == "learned"
    assert lexicon_for("en", "fr").name == "learned"  # no dictionary: learned from the pair


def test_stems_drop_inflection_and_stop_words():
    assert {stem("walked"), stem("walking"), stem("walks")} == {"walk"}
    assert english_stems("She got used to the rivers") == ["river"]


def test_chinese_is_cut_into_dictionary_words_longest_first(zh_en):
    words = zh_en.words("难道这里是皇宫")
    assert words[0] == "难道" and words[-1] == "皇宫"
    assert "这里" not in words  # "here": every gloss a stop word, no evidence
    assert "palace" in zh_en.word_stems("皇宫")
    assert "palace" in zh_en.word_stems("皇宮")  # Traditional headwords too


def test_chinese_words_follow_jieba_where_longest_match_goes_wrong(zh_en):
    # Longest match reads 研究生 / 命 ("graduate student", "fate"); jieba reads 研究 / 生命.
    assert zh_en.words("研究生命起源") == ["研究", "生命", "起源"]
    assert "life" in zh_en.word_stems("生命")
    # 和尚 ("monk") inside 和 / 尚未 ("and", "not yet").
    assert "和尚" not in zh_en.words("结婚的和尚未结婚的")


def matches(src, tgt, lexicon):
    """The dictionary matches the aligner counts for a chunk of the whole of both lists."""
    src_features, tgt_features = pair_features(src, tgt, lexicon)
    return chunk_evidence(src_features, tgt_features, (0, len(src)), (0, len(tgt))).lexical


def test_matches_count_translated_words_per_sentence_pair(zh_en):
    chinese = ["难道这里是皇宫？", "他吃了一碗面条。"]
    english = ["Could this be the imperial palace?", "He ate a bowl of noodles."]
    found = matches(chinese, english, zh_en)
    assert found.counts.shape == (2, 2)
    assert found.counts[0, 0] >= 1 and found.counts[1, 1] >= 2
    assert found.counts[0, 1] == 0 and found.counts[1, 0] == 0
    reverse = matches(english, chinese, lexicon_for("en", "zh-Hans"))
    np.testing.assert_array_equal(reverse.counts, found.counts.T)
    np.testing.assert_array_equal(reverse.src_words, found.tgt_words)


def test_matches_of_a_chunk_are_the_matches_of_its_sentences(zh_en):
    """Ids are numbered once for the document pair; a chunk counts only its own sentences."""
    chinese = ["难道这里是皇宫？", "他吃了一碗面条。", "皇宫里的面条。"]
    english = ["Could this be the imperial palace?", "He ate a bowl of noodles.", "Noodles in the palace."]
    src_features, tgt_features = pair_features(chinese, english, zh_en)
    chunk = chunk_evidence(src_features, tgt_features, (1, 3), (1, 3)).lexical
    np.testing.assert_array_equal(chunk.counts, matches(chinese[1:], english[1:], zh_en).counts)
    np.testing.assert_array_equal(chunk.counts, matches(chinese, english, zh_en).counts[1:, 1:])


@pytest.mark.parametrize(
    "text, counts",
    [
        ("'Well then, don't sit around doing nothing.", [1, 0, 0, 0]),
        ("Eat your lunch, and if you've no jobs, go!'", [0, 1, 0, 1]),
        ("'I know,' said Trinket.", [1, 1, 0, 0]),
        ("The boys' toys are here.", [0, 0, 0, 0]),
        ('"Nowhere," she said. "Why?"', [2, 2, 1, 0]),
        ("海老公道：“别躲懒，便多练练。”", [1, 1, 0, 0]),
        ("小宝道：「好嗎？」", [1, 1, 1, 0]),
    ],
)
def test_cues_tell_quotes_from_apostrophes(text, counts):
    assert cue_counts([text])[0].tolist() == counts
