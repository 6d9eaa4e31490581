"""The text features read each language as it is written: quotation marks and question
marks (cues), numbers with the language's separators, names in any cased script (German
nouns included), pinyin only against Chinese, page chrome, and sentence fragments."""

from __future__ import annotations

import pytest

from align.features import pair_features
from align.features.anchors import anchor_keys, lowercase_words, pinyin_keys, shared_key_ids
from align.features.chrome import looks_like_chrome
from align.features.cues import CUES, cue_counts
from align.features.fragments import continues_lower_case, inside_brackets
from align.features.numbers import numbers_in
from align.model import Alignment, Document, Row, Sentence
from align.export.table import bead_flags


def cues(text: str, lang: str | None) -> dict[str, int]:
    return dict(zip(CUES, (int(c) for c in cue_counts([text], lang)[0])))


# --- cues ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("en", "“Are you coming?” she asked.", (1, 1, 1, 0)),
        ("de", "„Kommst du?“, fragte sie.", (1, 1, 1, 0)),
        ("de", "»Kommst du?«, fragte sie.", (1, 1, 1, 0)),
        ("de", "Er nannte es « Makalu » , nicht mehr.", (1, 1, 0, 0)),
        ("fr", "« Tu viens ? » demanda-t-elle.", (1, 1, 1, 0)),
        ("ru", "«Ты придёшь?» — спросила она.", (1, 1, 1, 0)),
        ("pl", "„Idziesz?” — zapytała.", (1, 1, 1, 0)),
        ("es", "—¿Vienes? ¡Claro que sí!", (0, 0, 1, 1)),
        ("ar", "هل تعرف أين هو؟", (0, 0, 1, 0)),
        ("el", "Πού πας;", (0, 0, 1, 0)),
        ("ja", "「明日は来ますか。」と彼は聞いた。", (1, 1, 1, 0)),
        ("zh-Hans", "“你来吗？”她问。", (1, 1, 1, 0)),
    ],
)
def test_cues_read_each_languages_quotation_and_question_marks(lang, text, expected):
    assert tuple(cues(text, lang).values()) == expected


def test_a_german_closing_quote_is_not_an_english_opening_one():
    german = "„Wir sind ein Volk“, sagte er."
    assert cues(german, "de")["open"] == 1 and cues(german, "de")["close"] == 1
    assert cues(german, None)["open"] == 2  # read as English would, “ opens a second quotation


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("de", "Es kostete 1.200,50 Euro, also 3,5 % mehr.", ["1200.5", "3.5"]),
        ("en", "It cost 1,200.50 euros, or 3.5% more.", ["1200.5", "3.5"]),
        ("fr", "Cela coûte 1 200,50 euros, soit 3,5 % de plus.", ["1200.5", "3.5"]),
        ("fr", "La ville compte 3\u202f450 habitants.", ["3450"]),
        ("de", "Der Preis: 1’200 Franken.", ["1200"]),
        ("de", "Am 3.10.1990 um 15.30 Uhr.", ["3", "10", "1990", "15.3"]),
        ("ar", "السعر ٣٫٥ مليون و١٬٢٠٠ دولار", ["3.5", "1200"]),
        ("ja", "価格は１２３円です。", ["123"]),
        ("en", "In 1990 200 people came.", ["1990", "200"]),
    ],
)
def test_numbers_are_read_with_the_languages_separators(lang, text, expected):
    assert numbers_in(text, lang) == expected


def test_the_same_number_written_three_ways_is_one_anchor():
    de, en, fr = ["Rund 1.200 Flüge."], ["About 1,200 flights."], ["Environ 1 200 vols."]
    assert "#1200" in anchor_keys(de[0], "de") & anchor_keys(en[0], "en") & anchor_keys(fr[0], "fr")
    src, tgt = shared_key_ids(de, fr, ("de", "fr"))
    assert len(src.ids) == len(tgt.ids) == 1


def _alignment(texts: dict[str, str]) -> Alignment:
    documents = [Document(lang, [Sentence(text, 0)]) for lang, text in texts.items()]
    return Alignment(documents, [Row(tuple((0,) for _ in texts), 0.9)])


def test_the_numbers_flag_reads_numbers_as_each_language_writes_them():
    same = _alignment({"en": "About 1,200 flights.", "de": "Rund 1.200 Flüge.", "fr": "Environ 1 200 vols."})
    assert "numbers" not in bead_flags(same)[0]
    different = _alignment({"en": "About 1,200 flights.", "de": "Rund 1.300 Flüge."})
    assert "numbers" in bead_flags(different)[0]


# --- names --------------------------------------------------------------------------


def test_names_beyond_ascii_capitals_are_keys_without_case_or_accents():
    assert {"muller", "zurich"} <= anchor_keys("Anne Müller kam aus Zürich.", "de")
    assert "reinagl" in anchor_keys("Richard Reìnagl", "fr") & anchor_keys("Richard Reinagl", "de")
    assert "пушкин" in anchor_keys("Это написал Пушкин.", "ru")


def test_a_capitalised_word_the_document_also_writes_in_lower_case_is_not_a_name():
    texts = ["In the morning Anne left.", "She slept in the hut."]
    common = lowercase_words(texts)
    keys = anchor_keys(texts[0], "en", common=common)
    assert "anne" in keys and "in" not in keys


def test_german_nouns_are_keys_but_anchor_only_what_the_other_edition_has():
    german = ["Die Hütte hat jetzt 120 Schlafplätze und Solarzellen.", "Anne Müller führt die Hütte."]
    french = ["La cabane compte 120 places et des panneaux solaires.", "Anne Müller tient la cabane."]
    assert "schlafplatze" in anchor_keys(german[0], "de")  # every German noun is capitalised
    de_keys = set().union(*(anchor_keys(t, "de", common=lowercase_words(german)) for t in german))
    fr_keys = set().union(*(anchor_keys(t, "fr", common=lowercase_words(french)) for t in french))
    assert de_keys & fr_keys == {"#120", "anne", "muller", "annemuller"}  # the nouns find nothing in French
    src, tgt = shared_key_ids(german, french, ("de", "fr"))
    assert len(set(src.ids.tolist())) == len(set(tgt.ids.tolist())) == 4


def test_pinyin_only_when_one_side_is_chinese_and_the_other_writes_names_in_latin_capitals():
    assert pinyin_keys("zh-Hans", "en") and pinyin_keys("fr", "zh-Hant")
    assert not pinyin_keys("de", "zh-Hans")  # German nouns would all be pinyin candidates
    assert not pinyin_keys("ja", "zh-Hans") and not pinyin_keys("de", "fr") and not pinyin_keys("ru", "zh-Hans")
    assert "qingyang" in anchor_keys("陈清扬说", "zh-Hans", pinyin=True)
    chinese, japanese = ["陈清扬说。"], ["陳清揚は言った。"]
    src, tgt = pair_features(japanese, ["Chen Qingyang said."], langs=("ja", "en"))
    assert len(src.anchors.ids) == 0  # no pinyin of Japanese kanji
    src, tgt = pair_features(chinese, ["Chen Qingyang said."], langs=("zh-Hans", "en"))
    assert len(src.anchors.ids) > 0


# --- page chrome ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Nach oben", "Zurück zum Seitenanfang", "Lire la suite", "Partager sur Facebook", "Compartir", "Leggi anche",
     "Наверх", "Читайте также:", "ページの先頭へ", "관련 기사", "العودة إلى الأعلى", "3. Oktober 2024",
     "3 de octubre de 2024", "12 апреля 2024 г.", "Deutsch | Français | Italiano"],
)
def test_page_chrome_words_of_each_language(line):
    assert looks_like_chrome(line)


@pytest.mark.parametrize("line", ["Die Hütte ist wieder offen.", "Plus de 120 places sont prêtes.", "Mai war kalt."])
def test_sentences_with_those_words_are_not_chrome(line):
    assert not looks_like_chrome(line)


# --- sentence fragments ---------------------------------------------------------------


def test_fragments_that_go_on_from_the_line_before():
    lines = [
        "Es sind drei Fehlerquellen , die heute anders bewertet werden :",
        "die Grösse der Lichtbrechung ;",
        "Das Buch ( Zürich :",
        "Orell Füssli 1956 ) ist gut .",
        "Ein Satz ( mit Klammer ) .",
        "Noch einer .",
    ]
    assert continues_lower_case(lines).tolist() == [0, 1, 0, 0, 0, 0]
    assert inside_brackets(lines).tolist() == [0, 0, 0, 1, 0, 0]
