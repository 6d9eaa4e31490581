"""Any BCP 47 tag: its script, joiner and TMX code; the script check by Unicode script; the
encodings tried per language; which encoder covers which languages."""

from __future__ import annotations

import logging

import pytest

from align.encoders.coverage import coverage_warning, languages_of_model, uncovered
from align.errors import UsageError
from align.langcheck import script_mismatch
from align.languages import get_language, joiner, same_language
from align.readers import read_source


@pytest.mark.parametrize(
    "tag, canonical, script, tmx",
    [
        ("en", "en", "Latn", "en-US"),
        ("de", "de", "Latn", "de-DE"),
        ("FR", "fr", "Latn", "fr-FR"),
        ("pt-br", "pt-BR", "Latn", "pt-BR"),
        ("es-419", "es-419", "Latn", "es-419"),
        ("ru", "ru", "Cyrl", "ru-RU"),
        ("sr", "sr", "Cyrl", "sr-RS"),
        ("sr-Latn", "sr-Latn", "Latn", "sr-Latn"),
        ("uk", "uk", "Cyrl", "uk-UA"),
        ("ar", "ar", "Arab", "ar-SA"),
        ("he", "he", "Hebr", "he-IL"),
        ("ja", "ja", "Jpan", "ja-JP"),
        ("ko", "ko", "Kore", "ko-KR"),
        ("th", "th", "Thai", "th-TH"),
        ("zh", "zh-Hans", "Hans", "zh-CN"),
        ("zh-CN", "zh-Hans", "Hans", "zh-CN"),
        ("zh-TW", "zh-Hant", "Hant", "zh-TW"),
        ("zh-hant-hk", "zh-Hant-HK", "Hant", "zh-HK"),
        ("yue", "yue", "Hant", "yue"),
        ("en-GB", "en-GB", "Latn", "en-GB"),
    ],
)
def test_a_bcp47_tag_gives_its_script_and_tmx_code(tag, canonical, script, tmx):
    language = get_language(tag)
    assert (language.tag, language.script, language.tmx_code) == (canonical, script, tmx)


@pytest.mark.parametrize("bad", ["klingon", "english-uk", "x-private", "e", "fr_FR_x", "de--at", ""])
def test_an_ill_formed_tag_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="unknown language tag"):
        get_language(bad)


def test_a_tag_align_does_not_know_by_name_works_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="align"):
        language = get_language("tlh")
    assert (language.tag, language.script) == ("tlh", "Latn")
    assert "tlh" in caplog.text and "tlh-Cyrl" in caplog.text


def test_chinese_and_japanese_are_joined_without_spaces():
    assert [joiner(t) for t in ("zh-Hans", "zh-Hant", "ja", "ko", "th", "de", "ar")] == ["", "", "", " ", " ", " ", " "]


def test_same_language_ignores_the_region_but_not_the_chinese_script():
    assert same_language("en", "en-GB") and same_language("pt-BR", "pt")
    assert not same_language("zh-Hans", "zh-Hant") and not same_language("de", "nl")


# --- the script check ---------------------------------------------------------

ENGLISH = "The hut reopened on 3 October after two years of work, and the warden said she was glad to welcome climbers again before the first snow of the winter."
RUSSIAN = "Хижина снова открылась третьего октября после двух лет работы, и смотрительница сказала, что рада снова встречать альпинистов до первого снега этой зимы."
JAPANESE = "山小屋は二年間の工事を終えて十月三日に再開しました。管理人のアンナさんは「冬の最初の雪が降る前に、また登山者を迎えられてうれしい」と話しています。"
TRADITIONAL = "山屋經過兩年的施工，於十月三日重新開放。管理員安娜說，很高興能在冬天的第一場雪之前再次迎接登山者，並感謝所有參與工程的工人。"
KOREAN = "산장은 이 년 동안의 공사를 마치고 시월 삼일에 다시 문을 열었습니다. 관리인은 겨울의 첫눈이 내리기 전에 다시 등산객들을 맞이할 수 있어서 정말 기쁘다고 말했습니다. 공사에 참여한 모든 사람들에게 감사한다고 덧붙였습니다. 올해 겨울에는 더 많은 사람들이 찾아올 것으로 기대된다고 합니다."
ARABIC = "أعيد افتتاح الكوخ في الثالث من أكتوبر بعد عامين من العمل، وقالت الحارسة إنها سعيدة باستقبال المتسلقين مرة أخرى قبل أول ثلج في فصل الشتاء هذا العام."


@pytest.mark.parametrize(
    "text, tag, fragment",
    [
        (RUSSIAN, "en", "mostly Cyrillic"),
        (ENGLISH, "ru", "mostly Latin-script words"),
        (ARABIC, "fr", "mostly Arabic script"),
        (JAPANESE, "zh-Hant", "Japanese kana"),
        (TRADITIONAL, "ja", "almost no kana"),
        (KOREAN, "zh-Hans", "mostly Korean Hangul"),
        (TRADITIONAL, "ko", "mostly Chinese characters"),
        (ENGLISH, "ja", "mostly Latin-script words"),
    ],
)
def test_a_text_in_another_script_than_its_tag_is_found(text, tag, fragment):
    assert fragment in script_mismatch(text, tag)


@pytest.mark.parametrize(
    "text, tag",
    [(RUSSIAN, "ru"), (RUSSIAN, "uk"), (ENGLISH, "de"), (JAPANESE, "ja"), (KOREAN, "ko"), (ARABIC, "ar"), (TRADITIONAL, "zh-Hant")],
)
def test_a_text_in_its_own_script_passes(text, tag):
    assert script_mismatch(text, tag) is None


def test_japanese_kana_is_not_taken_for_traditional_chinese():
    """Japanese shinjitai look Simplified or Traditional to OpenCC; the kana say which language it is."""
    reason = script_mismatch(JAPANESE, "zh-Hant")
    assert "is it Japanese (ja)" in reason and "Simplified" not in reason


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag, codec, text",
    [
        ("ru", "cp1251", "В 1990 г. он переехал в Москву. Это было очень рано утром, и все ещё спали."),
        ("ru", "koi8_r", "Он взял с собой только чемодан и книги, больше ничего."),
        ("ja", "shift_jis", "今日は晴れです。明日は雨が降るでしょうか？「行こう。」と彼は言った。"),
        ("ja", "euc_jp", "東京の大学で日本語を勉強しています。"),
        ("ko", "euc_kr", "오늘은 날씨가 좋습니다. 내일은 비가 올까요?"),
        ("ar", "cp1256", "ذهب الطالب إلى المدرسة. هل تعرف أين هو؟"),
        ("tr", "cp1254", "Bugün hava çok güzel. Yarın İstanbul'a gideceğim."),
        ("pl", "cp1250", "Zażółć gęślą jaźń. Dzień dobry, panie Kowalski!"),
        ("el", "cp1253", "Η Ελλάδα είναι μια χώρα στη νότια Ευρώπη."),
        ("de", "cp1252", "Größe und Übermut: Die Hütte liegt auf 3170 m."),
    ],
)
def test_legacy_encodings_of_each_language_are_detected(tmp_path, tag, codec, text):
    path = tmp_path / f"{tag}.txt"
    path.write_bytes(text.encode(codec))
    assert read_source(str(path), lang=tag).text == text


# --- encoder coverage -----------------------------------------------------------------


class Trained:
    def __init__(self, name, languages):
        self.name, self.languages = name, languages


def test_an_encoder_declares_its_languages_and_a_pair_outside_them_is_named():
    from align.encoders.coverage import USEM3_LANGUAGES

    usem3 = Trained("usem3", USEM3_LANGUAGES)
    assert uncovered(usem3, ["de", "fr", "zh-Hant", "pt-BR"]) == []
    assert uncovered(usem3, ["eu", "en"]) == ["eu"]
    message = coverage_warning(usem3, ["eu", "en"])
    assert "usem3 was not trained on eu" in message
    assert "--encoder e5 or st:sentence-transformers/LaBSE" in message
    assert "e5" not in coverage_warning(usem3, ["haw", "en"]) and "LaBSE" in coverage_warning(usem3, ["haw", "en"])


def test_the_real_encoders_declare_their_coverage(encoder):
    assert "de" in encoder.languages and "th" in encoder.languages and "eu" not in encoder.languages
    assert "eu" in languages_of_model("sentence-transformers/LaBSE")
    assert languages_of_model("some/private-model") is None


def test_aligning_a_pair_the_encoder_does_not_cover_warns(encoder, caplog):
    from align.model import Document, Sentence
    from align.pipeline import Settings, align_documents

    basque = Document("eu", [Sentence("Kaixo mundua.", 0), Sentence("Gaur eguraldi ona dago.", 0)])
    english = Document("en", [Sentence("Hello world.", 0), Sentence("The weather is nice today.", 0)])
    with caplog.at_level(logging.WARNING, logger="align"):
        align_documents([basque, english], Settings(), encoder)
    assert "usem3 was not trained on eu" in caplog.text and "--encoder e5" in caplog.text
