"""Sentence segmentation: English via sentencex plus repairs, Chinese by our own rules."""

from __future__ import annotations

import pytest

from align.errors import AlignError
from align.segment import presplit, segment, split_paragraphs
from align.segment.chinese import split_chinese
from align.segment.english import split_english

# --- English ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5. They talked for an hour.",
            ["Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5.", "They talked for an hour."],
        ),
        (
            "Prices rose, e.g. in food. Wages did not.",
            ["Prices rose, e.g. in food.", "Wages did not."],
        ),
        (
            "He works for Acme Inc. in Boston. It is big.",
            ["He works for Acme Inc. in Boston.", "It is big."],
        ),
    ],
)
def test_english_abbreviations_do_not_end_sentences(text, expected):
    assert split_english(text) == expected


def test_english_initials_do_not_end_sentences():
    text = "With the new administration of Joseph R. Biden on the verge of taking office, much may change. Observers wait."
    assert split_english(text) == [
        "With the new administration of Joseph R. Biden on the verge of taking office, much may change.",
        "Observers wait.",
    ]


def test_english_us_inside_and_at_end_of_sentence():
    # "the U.S. Experts" vs "the U.S. Senate" cannot be told apart by rules, so a
    # sentence-final U.S. is only tested at the end of a paragraph (as in the seed).
    text = (
        "The U.S. economy grew by 3.5 percent. China-U.S. relations are complex. The U.S. Senate agreed. "
        "A key indicator is dialogue between China and the U.S."
    )
    assert split_english(text) == [
        "The U.S. economy grew by 3.5 percent.",
        "China-U.S. relations are complex.",
        "The U.S. Senate agreed.",
        "A key indicator is dialogue between China and the U.S.",
    ]


def test_english_closing_quotes_stay_with_their_sentence():
    text = "“This line is not just about speed.” She went on: “When we started, we had a promise.” Then she left."
    assert split_english(text) == [
        "“This line is not just about speed.”",
        "She went on: “When we started, we had a promise.”",
        "Then she left.",
    ]


def test_english_straight_quotes_and_question_marks():
    assert split_english('She asked, "Are you coming?" He nodded. "Yes!"') == [
        'She asked, "Are you coming?"',
        "He nodded.",
        '"Yes!"',
    ]


def test_english_segment_keeps_every_word_in_order():
    text = "Mr. Lee arrived at 9 a.m. He left at noon. The U.S. team won!"
    sentences = segment(text, "en")
    assert " ".join(s.text for s in sentences) == text
    assert len(sentences) == 3


# --- Chinese ------------------------------------------------------------------


def test_chinese_splits_after_full_stop_exclamation_question():
    assert split_chinese("你好。我很好！你呢？") == ["你好。", "我很好！", "你呢？"]


def test_chinese_terminator_runs_stay_together():
    assert split_chinese("真的吗？！太好了！！我不信？？") == ["真的吗？！", "太好了！！", "我不信？？"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("他说：“我来了。”然后走了。", ["他说：“我来了。”", "然后走了。"]),
        ("「這條路線的意義不只在於速度。」她接著說。", ["「這條路線的意義不只在於速度。」", "她接著說。"]),
        ("她说：『你好。』我说：『好。』", ["她说：『你好。』", "我说：『好。』"]),
        ("他问：“你来吗？”’后来呢。", ["他问：“你来吗？”’", "后来呢。"]),
    ],
)
def test_chinese_closing_quotes_attach_to_the_sentence_they_close(text, expected):
    assert split_chinese(text) == expected


def test_chinese_book_titles_are_never_split():
    assert split_chinese("我读了《你好。世界！》这本书。很好看。") == ["我读了《你好。世界！》这本书。", "很好看。"]


def test_chinese_full_width_parentheses_are_never_split():
    assert split_chinese("他（笑着。）说：好。再见。") == ["他（笑着。）说：好。", "再见。"]


def test_chinese_quotation_kept_whole_when_asked():
    text = "他说：“我来了。你呢？”她没回答。"
    assert split_chinese(text, split_in_quotes=False) == ["他说：“我来了。你呢？”", "她没回答。"]
    # The default splits long quoted speech (as hand-aligned fiction corpora do),
    # but the closing quote still stays with the last quoted sentence.
    assert split_chinese(text) == ["他说：“我来了。", "你呢？”", "她没回答。"]


def test_chinese_ascii_punctuation():
    assert split_chinese("He said hello.你好吗?我很好!") == ["He said hello.你好吗?", "我很好!"]
    assert split_chinese("这是事实.那是谣言.") == ["这是事实.", "那是谣言."]


def test_chinese_decimal_point_is_not_a_full_stop():
    assert split_chinese("版本3.5已发布。增长了2.1%。") == ["版本3.5已发布。", "增长了2.1%。"]


def test_chinese_ascii_period_after_percent_ends_the_sentence():
    assert split_chinese("价格上涨了15%.这是事实.") == ["价格上涨了15%.", "这是事实."]


def test_chinese_ellipsis():
    assert split_chinese("他想了想……然后走了。") == ["他想了想……", "然后走了。"]
    assert split_chinese("他想了想……") == ["他想了想……"]
    # A single … is not the Chinese ellipsis (that is two) and does not split.
    assert split_chinese("等等…好的。") == ["等等…好的。"]


def test_chinese_comma_after_terminator_continues_the_sentence():
    assert split_chinese("“走吧！”，他说。") == ["“走吧！”，他说。"]


def test_chinese_keeps_every_character():
    text = "2024年3月18日，4号线开通。副市长说：“这不只是速度。”（见《城市报》。）完了……真的？！"
    assert "".join(split_chinese(text)) == text


# --- Paragraphs and whole texts ------------------------------------------------


def test_never_split_across_paragraphs_and_never_join_them():
    sentences = segment("第一句。第二句没有句号\n第三句。\n\n第四句！", "zh-Hans")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("第一句。", 0),
        ("第二句没有句号", 0),
        ("第三句。", 1),
        ("第四句！", 2),
    ]


def test_english_heading_without_stop_stays_its_own_sentence():
    sentences = segment("A Heading Without a Stop\nFirst sentence. Second one.", "en")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("A Heading Without a Stop", 0),
        ("First sentence.", 1),
        ("Second one.", 1),
    ]


def test_split_paragraphs_drops_blank_lines_and_trims():
    assert split_paragraphs("  a  \n\n\t\nb\r\n") == ["a", "b"]


def test_presplit_keeps_one_sentence_per_line_with_line_numbers():
    sentences = presplit("第一行。第二句。\nsecond line\n")
    assert [s.text for s in sentences] == ["第一行。第二句。", "second line"]


def test_unknown_language_is_an_align_error():
    with pytest.raises(AlignError, match="unknown language tag"):
        segment("Hello.", "klingon")


@pytest.mark.parametrize("alias, canonical", [("zh-CN", "zh-Hans"), ("ZH-tw", "zh-Hant"), ("EN", "en")])
def test_language_aliases_segment_like_the_canonical_tag(alias, canonical):
    text = "他说：“好。”然后走了。Then he left. Mr. Li stayed."
    assert segment(text, alias) == segment(text, canonical)


# --- The shipped article sets ---------------------------------------------------


def _set_files(texts_dir):
    return sorted(texts_dir.glob("*/*.txt"))


def test_texts_segment_sensibly(texts_dir):
    files = _set_files(texts_dir)
    assert len(files) >= 6
    for path in files:
        lang = path.stem
        text = path.read_text(encoding="utf-8")
        sentences = segment(text, lang)
        paragraphs = split_paragraphs(text)
        assert len(sentences) >= len(paragraphs), path
        # Every character of the text survives, paragraph by paragraph.
        joiner = " " if lang == "en" else ""
        for number, paragraph in enumerate(paragraphs):
            got = joiner.join(s.text for s in sentences if s.paragraph == number)
            if lang == "en":
                assert got.split() == paragraph.split(), path
            else:
                assert got.replace(" ", "") == paragraph.replace(" ", ""), path
        # No sentence is a lone punctuation mark or starts with one that belongs to the previous sentence.
        for sentence in sentences:
            assert sentence.text[0] not in "。！？，、；：”’」』）》.!?,;:", (path, sentence.text)
            assert len(sentence.text) < 600, (path, sentence.text[:60])


def test_seed_chinese_editions_have_about_as_many_sentences_as_english(texts_dir):
    seed = texts_dir / "balancing-high-level-dialogue"
    counts = {p.stem: len(segment(p.read_text(encoding="utf-8"), p.stem)) for p in seed.glob("*.txt")}
    assert set(counts) == {"en", "zh-Hans", "zh-Hant"}
    for lang in ("zh-Hans", "zh-Hant"):
        assert abs(counts[lang] - counts["en"]) <= 0.1 * counts["en"], counts


def test_city_metro_line_quotes_split_as_a_reader_would(texts_dir):
    text = (texts_dir / "city-metro-line" / "zh-Hant.txt").read_text(encoding="utf-8")
    sentences = [s.text for s in segment(text, "zh-Hant")]
    assert "副市長海倫·帕克在通車典禮上表示：「這條路線的意義不只在於速度。」" in sentences
    english = [s.text for s in segment((texts_dir / "city-metro-line" / "en.txt").read_text(encoding="utf-8"), "en")]
    assert "Deputy Mayor Helen Park said at the opening ceremony: “This line is not just about speed.”" in english
