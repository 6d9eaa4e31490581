"""Real-world inputs: formats (.txt/.md/.html/.docx), encodings, script checks, page chrome."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.boilerplate import boilerplate_lines, strip_boilerplate
from align.cli import cli
from align.errors import AlignError, UsageError
from align.langcheck import check_script, script_mismatch
from align.pipeline import Settings, align_article_set, find_article_sets, load_document
from align.readers import read_source, read_text

SEED_SET = Path(__file__).resolve().parents[1] / "texts" / "balancing-high-level-dialogue"

HANS = "随着新政府即将上任，中美关系能否出现转机已成为全世界关注的焦点。过去一年，中美之间的对话几乎完全停滞。"
HANT = "隨著新政府即將上任，美中關係能否好轉，已成為全世界關注的焦點。過去一年，美中之間的對話幾乎完全停擺。"
ENGLISH = "With the new administration on the verge of taking office, the question has become the focus of attention. Over the past year, talk has been almost completely stalled."


# --- encodings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, codec, reported",
    [
        (HANS, "gb18030", "gb18030"),
        (HANS, "gbk", "gb18030"),
        (HANT, "big5", "big5"),
        (HANS, "utf-16", "utf-16 (BOM)"),
        (HANS, "utf-8-sig", "utf-8 (BOM)"),
        (ENGLISH.replace("the question", "the “question”"), "cp1252", "cp1252"),
        (HANS + "\n" + ENGLISH, "utf-8", "utf-8"),
    ],
)
def test_encodings_are_detected(tmp_path, text, codec, reported):
    path = tmp_path / "edition.txt"
    path.write_bytes(text.encode(codec))
    source = read_source(str(path))
    assert source.text == text
    assert source.encoding == reported


def test_short_chinese_file_uses_the_language_tag_to_choose_between_gb18030_and_big5(tmp_path):
    path = tmp_path / "zh-Hant.txt"
    path.write_bytes("美中關係".encode("big5"))
    assert read_text(str(path), lang="zh-Hant") == "美中關係"
    path.write_bytes("中美关系".encode("gb18030"))
    assert read_text(str(path), lang="zh-Hans") == "中美关系"


def test_utf16_without_bom_is_not_taken_for_binary(tmp_path):
    path = tmp_path / "en.txt"
    path.write_bytes(ENGLISH.encode("utf-16-le"))
    assert read_text(str(path)) == ENGLISH


def test_encoding_option_overrides_detection_and_reports_a_wrong_one(tmp_path):
    path = tmp_path / "zh-Hans.txt"
    path.write_bytes(HANS.encode("gb18030"))
    assert read_text(str(path), encoding="gbk") == HANS
    with pytest.raises(AlignError, match=r"zh-Hans.txt: not valid utf-8"):
        read_text(str(path), encoding="utf-8")
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        read_text(str(path), encoding="klingon")


def test_cli_verbose_reports_detected_encoding_and_rejects_an_unknown_one(tmp_path):
    (tmp_path / "zh.txt").write_bytes(HANS.encode("gb18030"))
    (tmp_path / "tw.txt").write_bytes(HANT.encode("big5"))
    runner = CliRunner()
    args = ["pair", str(tmp_path / "zh.txt"), str(tmp_path / "tw.txt"), "--src-lang", "zh-Hans", "--tgt-lang", "zh-Hant"]
    result = runner.invoke(cli, args + ["-o", str(tmp_path / "out"), "-v"])
    assert result.exit_code == 0, result.output
    assert "zh.txt: text, encoding gb18030 (detected)" in result.stderr
    assert "tw.txt: text, encoding big5 (detected)" in result.stderr
    bad = runner.invoke(cli, args + ["--encoding", "klingon"])
    assert bad.exit_code == 2 and "unknown encoding 'klingon'" in bad.stderr and "Traceback" not in bad.output


# --- formats -----------------------------------------------------------------

PAGE = """<?xml version="1.0" encoding="gbk"?>
<!DOCTYPE html>
<html><head><meta charset="gbk"><title>兼顾高层对话</title>
<script>var menu = "不要这个";</script><style>p {{color: red}}</style></head>
<body>
<nav><a href="/">首页</a> | <a href="/en">English</a> | <a href="/tc">繁體</a></nav>
<article>
<h1>兼顾高层对话的效率与质量</h1>
<p>{first}</p>
<p>第二段里有<b>加粗</b>的字，也有<a href="#">链接</a>。<br>换行之后是新的一行。</p>
<ul><li>第一项内容比较长，也是正文的一部分。</li><li>第二项内容也很长，也是正文的一部分。</li></ul>
<p>{third}</p>
</article>
<footer>版权所有 &copy; 2021 <a href="#">返回顶部</a></footer>
</body></html>
"""


def _page() -> str:
    body = "中美两国恢复高层对话，将是一个重要的可见指标。" * 4
    return PAGE.format(first=HANS * 2, third=body)


def test_html_main_text_comes_out_as_paragraphs_without_page_chrome(tmp_path):
    path = tmp_path / "zh-Hans.html"
    path.write_bytes(_page().encode("gbk"))
    source = read_source(str(path))
    lines = source.text.splitlines()
    assert source.format == "html" and source.encoding == "gbk"
    assert HANS * 2 in lines
    assert "第二段里有加粗的字，也有链接。" in lines  # inline markup does not break a paragraph
    assert "换行之后是新的一行。" in lines  # <br> does
    assert "第一项内容比较长，也是正文的一部分。" in lines
    text = source.text
    assert "不要这个" not in text and "color" not in text  # script and style
    assert "首页" not in text and "版权所有" not in text  # nav and footer are outside the article


def test_html_without_an_article_falls_back_to_the_body_without_nav(tmp_path):
    path = tmp_path / "en.htm"
    path.write_text("<html><body><nav>Home | News</nav><p>Just one short line.</p></body></html>", encoding="utf-8")
    assert read_text(str(path)).strip() == "Just one short line."


def test_html_with_only_markup_is_an_empty_input(tmp_path):
    path = tmp_path / "en.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>", encoding="utf-8")
    with pytest.raises(AlignError, match=r"en.html: has no text"):
        read_text(str(path))


def _write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        merged = grid.cell(0, 0).merge(grid.cell(0, 1)) if len(table[0]) > 1 else None
        assert merged is not None
    document.add_paragraph("After the table.")
    document.save(str(path))


def test_docx_paragraphs_and_table_cells_are_one_paragraph_each(tmp_path):
    path = tmp_path / "en.docx"
    _write_docx(path, ["First paragraph. It has two sentences.", "", "Second paragraph."], [["cell A", "cell B"], ["cell C", "cell D"]])
    source = read_source(str(path))
    lines = [line for line in source.text.splitlines() if line]
    assert source.format == "docx"
    assert lines[:2] == ["First paragraph. It has two sentences.", "Second paragraph."]
    assert lines[-1] == "After the table."
    # The merged first-row cell holds both texts and is listed once, not once per grid column.
    assert lines[2:-1] == ["cell A", "cell B", "cell C", "cell D"]


def test_a_broken_docx_is_one_clear_error(tmp_path):
    path = tmp_path / "en.docx"
    path.write_text("not a zip at all", encoding="utf-8")
    with pytest.raises(AlignError, match=r"en.docx: not a valid .docx file"):
        read_text(str(path))


@pytest.mark.parametrize(
    "magic, what", [(b"%PDF-1.7\n", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Word"), (b"\x89PNG\r\n\x1a\n", "PNG")]
)
def test_known_binary_formats_are_named(tmp_path, magic, what):
    path = tmp_path / "en.txt"
    path.write_bytes(magic + bytes(range(256)) * 4)
    with pytest.raises(AlignError, match=what):
        read_text(str(path))


def test_markdown_editions_are_read_as_plain_text_and_a_readme_is_not_an_edition(tmp_path, encoder):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "en.md").write_text("# The new line\n\nThe line opened on **Monday**. It links the airport.\n", encoding="utf-8")
    (folder / "zh-Hans.md").write_text("# 新线路\n\n新线路于**周一**开通。它连接机场。\n", encoding="utf-8")
    (folder / "README.md").write_text("Notes about this set, not an edition.\n", encoding="utf-8")
    source = read_source(str(folder / "en.md"))
    assert source.format == "text" and source.encoding == "utf-8"
    (found,) = find_article_sets([str(folder)])
    assert found.files == {"en": str(folder / "en.md"), "zh-Hans": str(folder / "zh-Hans.md")}
    alignment = align_article_set(found, Settings(), encoder)
    # Markup is kept as written (a heading line is its own paragraph) and aligned like any text.
    assert [tuple(alignment.texts(row)) for row in alignment.rows] == [
        ("# The new line", "# 新线路"),
        ("The line opened on **Monday**.", "新线路于**周一**开通。"),
        ("It links the airport.", "它连接机场。"),
    ]


def test_editions_of_one_set_may_differ_in_format(tmp_path, encoder):
    folder = tmp_path / "mixed set"
    folder.mkdir()
    (folder / "zh-Hans.html").write_bytes(_page().encode("gbk"))
    _write_docx(
        folder / "zh-Hant.docx",
        ["兼顧高層對話的效率與品質", HANT * 2, "第二段裡有加粗的字，也有連結。", "換行之後是新的一行。"],
    )
    (sets,) = [find_article_sets([str(folder)])]
    assert sorted(sets[0].files) == ["zh-Hans", "zh-Hant"]
    alignment = align_article_set(sets[0], Settings(), encoder)
    pairs = {tuple(alignment.texts(row)) for row in alignment.rows}
    assert ("兼顾高层对话的效率与质量", "兼顧高層對話的效率與品質") in pairs


# --- language check ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, tag, fragment",
    [
        (ENGLISH, "zh-Hans", "mostly Latin-script words"),
        (HANS, "en", "mostly Chinese characters"),
        (HANT, "zh-Hans", "written in Traditional characters"),
        (HANS, "zh-Hant", "written in Simplified characters"),
    ],
)
def test_script_mismatch_is_found(text, tag, fragment):
    assert fragment in script_mismatch(text, tag)


@pytest.mark.parametrize(
    "text, tag",
    [
        (ENGLISH, "en"),
        (HANS, "zh-Hans"),
        (HANT, "zh-Hant"),
        ("我们用Python和JavaScript开发了一个新的翻译记忆系统，它支持TMX和XLIFF格式，速度很快。", "zh-Hans"),
        ("Too short", "zh-Hans"),
    ],
)
def test_matching_or_too_short_text_passes(text, tag):
    assert script_mismatch(text, tag) is None


def test_mismatch_warns_by_default_and_fails_with_strict(tmp_path, caplog):
    path = tmp_path / "zh-Hans.txt"
    path.write_text(HANT, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="align"):
        document = load_document(str(path), "zh-Hans")
    assert len(document) == 2
    assert "zh-Hans.txt: tagged zh-Hans (Simplified) but the text is written in Traditional" in caplog.text
    with pytest.raises(AlignError, match=r"zh-Hans.txt: .*Traditional.*--strict"):
        load_document(str(path), "zh-Hans", Settings(strict=True))
    assert check_script(HANS, "zh-Hans", "x") is None


def test_cli_strict_fails_a_misnamed_file_and_warns_without_it(tmp_path, clean_error):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ENGLISH, encoding="utf-8")
    runner = CliRunner()
    args = ["pair", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", str(tmp_path / "o")]
    warned = runner.invoke(cli, args)
    assert warned.exit_code == 0, warned.output
    assert "Warning: " in warned.stderr and "b.txt: tagged zh-Hans but the text is mostly Latin-script words" in warned.stderr
    clean_error(runner.invoke(cli, args + ["--strict"]), "b.txt", "--strict")


# --- page chrome -------------------------------------------------------------


def _chrome(folder: Path, lang: str) -> list[str]:
    text = (folder / f"{lang}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    return [lines[i].strip() for i in sorted(boilerplate_lines(text))]


@pytest.mark.skipif(not SEED_SET.is_dir(), reason="texts/balancing-high-level-dialogue is not in this checkout")
def test_seed_page_chrome_is_found_in_all_three_editions():
    assert _chrome(SEED_SET, "en") == ["Language : English 简体 繁體", "Jan 06, 2021", "• Zhang Yun", "You might also like", "Back to Top"]
    assert _chrome(SEED_SET, "zh-Hans") == ["语言 : English 简体 繁體", "2021年1月6日", "• 张云", "猜你喜欢", "返回顶部"]
    assert _chrome(SEED_SET, "zh-Hant") == ["語言 : English 简体 繁體", "2021年1月6日", "• 張雲", "你可能也喜歡", "回到頂部"]


def test_boilerplate_rules_keep_headings_and_prose():
    text = "\n".join(
        [
            "Home | News | World | Opinion",
            "By Jane Doe",
            "Foreign Policy",
            "A Title Without A Full Stop",
            ENGLISH,
            "Share: Facebook Twitter WeChat",
            "A heading in the middle",
            ENGLISH,
            "Related articles",
            "Another Story Title",
            "Yet another story title",
            "© 2021 Example News. All rights reserved.",
            "https://example.com/story",
        ]
    )
    kept = [line for line in strip_boilerplate(text).splitlines() if line]
    assert kept == ["Foreign Policy", "A Title Without A Full Stop", ENGLISH, "A heading in the middle", ENGLISH]


def test_a_run_of_menu_items_is_dropped_but_a_short_paragraph_is_not():
    text = "Home\nNews\nSport\nWeather\n\n" + ENGLISH + "\n\nThanks\n"
    assert [line for line in strip_boilerplate(text).splitlines() if line] == [ENGLISH, "Thanks"]


@pytest.mark.skipif(not SEED_SET.is_dir(), reason="texts/balancing-high-level-dialogue is not in this checkout")
def test_seed_set_chrome_never_glues_onto_sentences_and_strip_drops_it(encoder):
    """Without the option chrome lines are beads of their own; with it they are gone and the body is unchanged."""
    chrome = {"Language : English 简体 繁體", "Jan 06, 2021", "Zhang Yun", "• Zhang Yun", "You might also like", "Back to Top"}
    (article_set,) = find_article_sets([str(SEED_SET)])
    plain = align_article_set(article_set, Settings(), encoder)
    english = plain.documents[0]
    assert english.lang == "en"
    for row in plain.rows:
        en_sentences = [english.sentences[i].text for i in row.spans[0]]
        if any(s in chrome for s in en_sentences):
            assert all(s in chrome for s in en_sentences), en_sentences
    stripped = align_article_set(article_set, Settings(strip_boilerplate=True), encoder)
    stripped_english = stripped.documents[0].texts
    assert not chrome & set(stripped_english)
    assert [t for t in english.texts if t not in chrome] == stripped_english
    assert "boilerplate:stripped" in stripped.signature and "boilerplate" not in plain.signature
