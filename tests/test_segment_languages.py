"""`align segment --lang X` with each language's own rules (one module per rule set in
align/segment): real-looking paragraphs with abbreviations, quotes and numbers."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.segment import segment, splitter

PARAGRAPHS = {
    "de": (
        "Am 3. Oktober 1990 wurde Deutschland wiedervereinigt. Das war z. B. für viele ein Wunder, "
        "d. h. niemand hatte es erwartet. „Bist du fertig? Dann komm!“ Er nickte. Im 19. Jahrhundert "
        "kostete das ca. 1.200,50 Mark. Prof. Dr. Müller wohnt in der Hauptstr. 5. Es gab Äpfel, Birnen "
        "usw. Danach gingen wir. Der 2. Weltkrieg endete 1945.",
        [
            "Am 3. Oktober 1990 wurde Deutschland wiedervereinigt.",
            "Das war z. B. für viele ein Wunder, d. h. niemand hatte es erwartet.",
            "„Bist du fertig?",
            "Dann komm!“",
            "Er nickte.",
            "Im 19. Jahrhundert kostete das ca. 1.200,50 Mark.",
            "Prof. Dr. Müller wohnt in der Hauptstr. 5.",
            "Es gab Äpfel, Birnen usw.",
            "Danach gingen wir.",
            "Der 2. Weltkrieg endete 1945.",
        ],
    ),
    "fr": (
        "M. Dupont est arrivé hier. « Bonjour ! » dit-il. « Vous venez ? » Elle ne répondit pas. "
        "Le prix est de 3,5 millions d’euros, c.-à-d. beaucoup. Mme Martin, p. ex., n’était pas là. "
        "César est mort en 44 av. J.-C. Voir p. 12. — Vraiment ? — Oui. La ville compte 3 450 habitants.",
        [
            "M. Dupont est arrivé hier.",
            "« Bonjour ! » dit-il.",
            "« Vous venez ? »",
            "Elle ne répondit pas.",
            "Le prix est de 3,5 millions d’euros, c.-à-d. beaucoup.",
            "Mme Martin, p. ex., n’était pas là.",
            "César est mort en 44 av. J.-C.",
            "Voir p. 12.",
            "— Vraiment ?",
            "— Oui.",
            "La ville compte 3 450 habitants.",
        ],
    ),
    "ru": (
        "В 1990 г. он переехал в Москву. Это было в 5 ч. утра, т. е. очень рано. «Ты придёшь?» — "
        "спросила она. А. С. Пушкин родился в 1799 г. Он был поэтом. Стоимость составила 3 450,5 руб. "
        "Мы купили хлеб, молоко и т. д. Потом пошли домой по ул. Ленина.",
        [
            "В 1990 г. он переехал в Москву.",
            "Это было в 5 ч. утра, т. е. очень рано.",
            "«Ты придёшь?» — спросила она.",
            "А. С. Пушкин родился в 1799 г.",
            "Он был поэтом.",
            "Стоимость составила 3 450,5 руб.",
            "Мы купили хлеб, молоко и т. д.",
            "Потом пошли домой по ул. Ленина.",
        ],
    ),
    "es": (
        "¿Vienes mañana? —preguntó ella. ¡Claro que sí! El Sr. García llegó a las 10. El precio es de "
        "1.200,50 euros, aprox. EE. UU. es un país grande. «¿Estás listo? ¡Vamos!» Él asintió. "
        "Nació en el año 50 a. C. Después vino la guerra.",
        [
            "¿Vienes mañana? —preguntó ella.",
            "¡Claro que sí!",
            "El Sr. García llegó a las 10.",
            "El precio es de 1.200,50 euros, aprox.",
            "EE. UU. es un país grande.",
            "«¿Estás listo?",
            "¡Vamos!»",
            "Él asintió.",
            "Nació en el año 50 a. C.",
            "Después vino la guerra.",
        ],
    ),
    "ar": (
        "ذهب الطالب إلى المدرسة. هل تعرف أين هو؟ نعم، إنه في البيت! قال د. أحمد إن السعر ٣٫٥ مليون. "
        "وصل عام 2020 م. ثم غادر. «هل أنت مستعد؟ هيا!» قال الرجل.",
        [
            "ذهب الطالب إلى المدرسة.",
            "هل تعرف أين هو؟",
            "نعم، إنه في البيت!",
            "قال د. أحمد إن السعر ٣٫٥ مليون.",
            "وصل عام 2020 م.",
            "ثم غادر.",
            "«هل أنت مستعد؟",
            "هيا!»",
            "قال الرجل.",
        ],
    ),
    "ja": (
        "今日は晴れです。明日は雨が降るでしょうか？「行こう。」と彼は言った。本当！？　嘘でしょ。"
        "価格は3.5万円です。「さあ、出発だ。」とにかく急ごう。",
        [
            "今日は晴れです。",
            "明日は雨が降るでしょうか？",
            "「行こう。」と彼は言った。",
            "本当！？",
            "嘘でしょ。",
            "価格は3.5万円です。",
            "「さあ、出発だ。」",
            "とにかく急ごう。",
        ],
    ),
    "ko": (
        "오늘은 날씨가 좋습니다. 내일은 비가 올까요? \"같이 갈까?\"라고 그가 물었다. "
        "2024. 3. 15. 서울에서 회의가 열렸다. 가격은 3.5달러입니다. 김 박사는 Dr. Kim이라고 불린다.",
        [
            "오늘은 날씨가 좋습니다.",
            "내일은 비가 올까요?",
            "\"같이 갈까?\"라고 그가 물었다.",
            "2024. 3. 15. 서울에서 회의가 열렸다.",
            "가격은 3.5달러입니다.",
            "김 박사는 Dr. Kim이라고 불린다.",
        ],
    ),
}


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_align_segment_splits_each_language_by_its_rules(tmp_path, lang):
    paragraph, expected = PARAGRAPHS[lang]
    path = tmp_path / f"{lang}.txt"
    path.write_text(paragraph + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(path), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == expected


@pytest.mark.parametrize("lang", ["de", "fr", "ru", "es", "ar", "ja", "ko", "th", "zh-Hans", "en"])
def test_each_rule_set_is_its_own_module(lang):
    module = splitter(lang.split("-")[0]).__module__
    expected = {"zh": "chinese", "en": "english", "ja": "japanese", "ko": "korean", "de": "german", "fr": "french",
                "ru": "russian", "es": "spanish", "ar": "arabic", "th": "thai"}[lang.split("-")[0]]
    assert module == f"align.segment.{expected}"


@pytest.mark.parametrize(
    "lang, paragraph, expected",
    [
        ("it", "Il sig. Rossi è arrivato. Ha detto: «Ciao! Come stai?» Poi se n'è andato.",
         ["Il sig. Rossi è arrivato.", "Ha detto: «Ciao!", "Come stai?»", "Poi se n'è andato."]),
        ("pl", "Pan Kowalski przyszedł. „Dzień dobry! Jak się masz?” Potem wyszedł.",
         ["Pan Kowalski przyszedł.", "„Dzień dobry!", "Jak się masz?”", "Potem wyszedł."]),
        ("he", "שלום. מה שלומך? טוב מאוד!", ["שלום.", "מה שלומך?", "טוב מאוד!"]),
        ("uk", "Він прийшов о 5 год. ранку. «Ти готовий? Ходімо!» Він кивнув.",
         ["Він прийшов о 5 год. ранку.", "«Ти готовий?", "Ходімо!»", "Він кивнув."]),
    ],
)
def test_other_languages_get_sentencex_and_the_repair_pass(lang, paragraph, expected):
    assert [s.text for s in segment(paragraph, lang)] == expected


def test_thai_uses_pythainlp_when_installed():
    pytest.importorskip("pythainlp")
    sentences = [s.text for s in segment("วันนี้อากาศดีมาก ฉันจะไปตลาด เขาถามว่าคุณจะมาไหม", "th")]
    assert sentences == ["วันนี้อากาศดีมาก", "ฉันจะไปตลาด", "เขาถามว่าคุณจะมาไหม"]


def test_thai_without_pythainlp_splits_at_spaces_with_a_warning(monkeypatch, caplog):
    import builtins

    from align.segment import thai

    real_import = builtins.__import__

    def no_pythainlp(name, *args, **kwargs):
        if name.startswith("pythainlp"):
            raise ImportError("no pythainlp here")
        return real_import(name, *args, **kwargs)

    thai._pythainlp.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_pythainlp)
    try:
        with caplog.at_level(logging.WARNING, logger="align"):
            pieces = thai.split_thai("วันนี้อากาศดีมาก ฉันจะไปตลาด")
    finally:
        monkeypatch.undo()
        thai._pythainlp.cache_clear()
    assert pieces == ["วันนี้อากาศดีมาก", "ฉันจะไปตลาด"]
    assert "pip install 'align[thai]'" in caplog.text
