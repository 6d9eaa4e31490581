"""The lexicon learned from a document pair itself (align.features.lexicon.learned)."""

from dataclasses import replace

import numpy as np

from align.aligner.evidence import chunk_evidence
from align.aligner.params import AlignParams
from align.aligner.scoring import FEATURES, feature_weights
from align.features import LEXICONS, lexicon_for, pair_features
from align.features.anchors import shared_key_ids
from align.features.lexicon.learned import LearnedLexicon, words_of

import random

NOUNS = [
    ("Haus", "maison"), ("Berg", "montagne"), ("Hund", "chien"), ("Brücke", "pont"), ("Wasser", "eau"),
    ("Gipfel", "sommet"), ("Lawine", "avalanche"), ("Gletscher", "glacier"), ("Seil", "corde"), ("Zelt", "tente"),
]
SYLLABLES = ["ba", "ke", "lo", "mu", "ri", "sa", "tu", "ve", "zo", "ni", "pe", "ga"]
MADE_UP = [(a + b + "n", "o" + b + a) for a in SYLLABLES for b in SYLLABLES if a != b]


def editions(n: int = 280) -> tuple[list[str], list[str]]:
    """Two editions of N sentences, each naming three nouns (ten real pairs and made-up ones,
    each noun in six sentences, in other company each time), with filler words in every
    sentence: as in a real text, a translation is what turns up at the same places."""
    pool = (NOUNS + MADE_UP)[: n // 2]
    slots = [noun for noun in pool for _ in range(6)]
    random.Random(0).shuffle(slots)
    german, french = [], []
    for i in range(n):
        (a_de, a_fr), (b_de, b_fr), (c_de, c_fr) = slots[3 * i : 3 * i + 3]
        german.append(f"Heute sehen wir das {a_de}, dann das {b_de} und auch das {c_de} dort.")
        french.append(f"Aujourd'hui nous voyons la {a_fr}, puis la {b_fr} et aussi la {c_fr} là-bas.")
    return german, french


def learned_pairs(src_texts, tgt_texts, anchors=None) -> set[tuple[str, str]]:
    """(source word, target word) of every learned pair, read back from the ids: a pair's word
    is the word that every sentence holding the pair has, other than the filler."""
    src, tgt = LearnedLexicon().pair_words(src_texts, tgt_texts, anchors)

    def words(side, texts):
        sentence_words = [set(words_of(t)) for t in texts]
        filler = {w for w in sentence_words[-1] if sum(w in found for found in sentence_words) > len(texts) / 2}
        holding: dict[int, list[set[str]]] = {}
        for i, found in enumerate(sentence_words):
            for k in side.ids.row(i).tolist():
                holding.setdefault(k, []).append(found)
        return {k: min(set.intersection(*sets) - filler) for k, sets in holding.items()}

    src_word, tgt_word = words(src, src_texts), words(tgt, tgt_texts)
    return {(src_word[k], tgt_word[k]) for k in src_word}


def test_real_translations_are_learned_from_the_pair_alone():
    pairs = learned_pairs(*editions())
    assert ("haus", "maiso") in pairs and ("gipfe", "somme") in pairs and ("lawin", "avala") in pairs
    right = {(words_of(de)[0], words_of(fr)[0]) for de, fr in NOUNS + MADE_UP}
    assert len(pairs & right) >= 100 and len(pairs - right) <= 5  # the filler, and few wrong pairs


def test_ids_count_the_matches_of_each_sentence_pair():
    german, french = editions()
    src, tgt = pair_features(german, french, lexicon_for("de", "fr"), ("de", "fr"))
    found = chunk_evidence(src, tgt, (0, len(german)), (0, len(french))).lexical
    assert src.lexical.learned and tgt.lexical.learned
    matched = np.diag(found.counts)
    assert np.mean(matched >= 2) > 0.9  # most nouns of a sentence match their translations
    neighbours = np.diag(found.counts, 1).sum() + np.diag(found.counts, -1).sum()
    assert neighbours < 0.1 * matched.sum()  # and seldom the next sentence's
    assert np.all(found.src_words <= 3) and np.all(matched <= found.src_words)


def test_anchors_place_the_band_where_the_characters_do_not():
    """Forty untranslated lines open the French edition: the characters' diagonal is off by up
    to forty sentences, and the numbers both editions share put the band back on the translation."""
    german, french = editions()
    german = [f"{s} ({1000 + i})" for i, s in enumerate(german)]
    french = [f"Note sans rapport avec le texte, {k}." for k in range(40)] + [
        f"{s} ({1000 + i})" for i, s in enumerate(french)
    ]
    placed = learned_pairs(german, french, shared_key_ids(german, french, ("de", "fr")))
    assert ("haus", "maiso") in placed
    assert len(placed) > 2 * len(learned_pairs(german, french))


def test_learned_lexicon_is_deterministic():
    german, french = editions()
    first = LearnedLexicon().pair_words(german, french)
    second = LearnedLexicon().pair_words(list(german), list(french))
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a.ids.ids, b.ids.ids)
        np.testing.assert_array_equal(a.ids.indptr, b.ids.indptr)
        np.testing.assert_array_equal(a.words, b.words)


def test_pairs_with_no_dictionary_get_the_learned_lexicon_and_their_own_weights():
    assert lexicon_for("de", "fr").name == "learned" and "learned" in LEXICONS
    assert lexicon_for("zh-Hans", "en").name == "cc-cedict"
    params = AlignParams()
    assert params.for_pair(has_dictionary=True) is params
    other = params.for_pair(has_dictionary=False)
    first_round = dict(params.without_dictionary)
    k = FEATURES.index("lex_dice")
    assert feature_weights(other)[k] == first_round["lex_dice_weight"] < feature_weights(params)[k]
    assert (other.null_score, other.cut_sure) == (first_round["null_score"], first_round["cut_sure"])
    assert other.for_pair(has_dictionary=False) == other  # applied once
    mine = replace(params, null_score=-0.1).for_pair(has_dictionary=False)
    assert mine.null_score == -0.1 and mine.cut_sure == first_round["cut_sure"]  # a value set is kept
    same = replace(params, without_dictionary=()).for_pair(has_dictionary=False)
    assert feature_weights(same).tolist() == feature_weights(params).tolist()


def test_short_and_wordless_sides_learn_nothing():
    german, french = editions()
    src, tgt = LearnedLexicon().pair_words(german[:40], french[:40])  # fewer than MIN_SENTENCES
    assert len(src.ids) == len(tgt.ids) == 40 and src.ids.ids.size == tgt.ids.ids.size == 0
    src, tgt = LearnedLexicon().pair_words(["123"] * 60, french[:60])
    assert len(src.ids) == 60 and src.ids.ids.size == tgt.ids.ids.size == 0


def test_words_keep_combining_signs_and_every_han_character():
    # Devanagari vowel signs and viramas belong inside a word; \w alone cuts at each of them.
    assert words_of("हिन्दी भाषा बहुत सुंदर है") == ["हिन्द", "भाषा", "बहुत", "सुंदर"]
    assert words_of("Ça coûte très cher") == ["coûte", "très", "cher"]
    # Han from the supplementary planes (Ext. B) is a word character like the rest.
    assert words_of("𠀋字 の") == ["𠀋", "字", "の"]
    assert words_of("한국어 문장 산") == ["한국어", "문장"]  # two Hangul syllables make a word
