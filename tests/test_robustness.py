"""Bad and extreme input: one clear line and the right exit code, never a traceback;
extreme sizes finish with sensible beads; awkward characters give valid TMX and
exact CSV; the same input twice gives the same output."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from lxml import etree

import align.readers
from align.cli import cli
from align.errors import UsageError
from align.model import Document, Sentence
from align.pipeline import ArticleSet, Settings, align_documents, check_set_name
from align.segment import MAX_CJK_SENTENCE_CHARS, MAX_SENTENCE_CHARS, segment

REPO = Path(__file__).resolve().parents[1]
METRO = REPO / "texts" / "city-metro-line"
DTD = Path(__file__).resolve().parent / "tmx14.dtd"

ENGLISH = "The new line opened on Monday. It links the airport with the city centre. Trains run every four minutes."
HANS = "新线路于周一开通。它连接机场与市中心。列车每四分钟一班。"


def _pair(tmp_path, src: Path, tgt: Path, *extra: str, langs=("en", "zh-Hans")):
    args = ["pair", str(src), str(tgt), "--src-lang", langs[0], "--tgt-lang", langs[1], "-o", str(tmp_path / "out" / "pair"), *extra]
    return CliRunner().invoke(cli, args)


def _run(*args: str):
    return CliRunner().invoke(cli, ["run", "--no-cache", "-j", "1", *args])


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- one clear error per bad input ---------------------------------------------


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "is empty"),
        (b"  \n\t\r\n \n", "is empty"),
        (os.urandom(2048) + b"\x00\x00", "looks like a binary file"),
    ],
    ids=["empty", "whitespace-only", "binary"],
)
def test_bad_file_content_is_one_line_naming_the_file(tmp_path, clean_error, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = _write(tmp_path / "good.txt", HANS)
    line = clean_error(_pair(tmp_path, bad, good), "bad.txt", reason)
    assert _pair(tmp_path, bad, good).exit_code == 1, line


def test_directory_and_missing_file(tmp_path, clean_error):
    good = _write(tmp_path / "good.txt", HANS)
    (tmp_path / "folder.txt").mkdir()
    clean_error(_pair(tmp_path, tmp_path / "folder.txt", good), "folder.txt: is a directory")
    clean_error(_pair(tmp_path, tmp_path / "nowhere.txt", good), "nowhere.txt: no such file")


def test_unreadable_file_is_reported_with_the_reason(tmp_path, monkeypatch, clean_error):
    """Root reads any file whatever its mode, so the refusal the OS would give is simulated."""
    good = _write(tmp_path / "good.txt", HANS)
    locked = _write(tmp_path / "locked.txt", ENGLISH)

    def refuse(path, mode="r", *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(align.readers, "open", refuse, raising=False)
    clean_error(_pair(tmp_path, locked, good), "locked.txt: cannot read (Permission denied)")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_for_real(tmp_path, clean_error):
    good = _write(tmp_path / "good.txt", HANS)
    locked = _write(tmp_path / "locked.txt", ENGLISH)
    locked.chmod(0)
    try:
        clean_error(_pair(tmp_path, locked, good), "locked.txt: cannot read (Permission denied)")
    finally:
        locked.chmod(0o644)


def test_set_with_one_edition_fails_that_set_with_exit_1(tmp_path):
    _write(tmp_path / "sets" / "lonely" / "en.txt", ENGLISH)
    result = _run(str(tmp_path / "sets"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "lonely" in errors[0] and "needs two or more editions" in errors[0]
    assert "en.txt" in errors[0]


def test_unknown_language_tag_is_a_usage_error_with_exit_2(tmp_path, clean_error):
    folder = tmp_path / "set"
    _write(folder / "en.txt", ENGLISH)
    _write(folder / "french.txt", "Bonjour tout le monde.")
    result = _run(str(folder), "-o", str(tmp_path / "out"))
    clean_error(result, "french.txt", "unknown language tag 'french'")
    assert result.exit_code == 2
    src, tgt = _write(tmp_path / "a.txt", ENGLISH), _write(tmp_path / "b.txt", HANS)
    result = _pair(tmp_path, src, tgt, langs=("en", "klingon"))
    clean_error(result, "unknown language tag 'klingon'")
    assert result.exit_code == 2


def test_debug_shows_the_traceback(tmp_path):
    good = _write(tmp_path / "good.txt", HANS)
    result = CliRunner().invoke(
        cli, ["--debug", "pair", str(tmp_path / "nowhere.txt"), str(good), "--src-lang", "en", "--tgt-lang", "zh-Hans"]
    )
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "Error: " in result.stderr


@pytest.mark.parametrize("name", ["..", ".", "", "../x", "a/../../x", "x\\..\\y", "tab\there"])
def test_set_names_that_would_leave_the_output_folder_are_refused(name):
    with pytest.raises(UsageError):
        check_set_name(name)
    with pytest.raises(UsageError) as caught:
        ArticleSet(name, "/tmp", {"en": "/tmp/en.txt"})
    assert caught.value.exit_code == 2


def test_bad_option_value_exits_2(tmp_path):
    result = _run(str(METRO), "--to", "pdf", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_names_with_spaces_and_non_ascii_characters(tmp_path):
    folder = tmp_path / "my sets" / "地铁 新线 (2024)"
    _write(folder / "en.txt", ENGLISH)
    _write(folder / "zh-Hans.txt", HANS)
    out = tmp_path / "résultats 输出"
    result = _run(str(tmp_path / "my sets"), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "地铁 新线 (2024)" / "地铁 新线 (2024).jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["text"]["zh-Hans"] for r in rows] == ["新线路于周一开通。", "它连接机场与市中心。", "列车每四分钟一班。"]
    src = _write(tmp_path / "源 文件 ü.txt", ENGLISH)
    tgt = _write(tmp_path / "目标 文件.txt", HANS)
    result = _pair(tmp_path, src, tgt)
    assert result.exit_code == 0, result.output


# --- extreme sizes -------------------------------------------------------------


def _one_against_a_thousand(ngram_encoder):
    import random

    import opencc

    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几"
    rng = random.Random(6)
    sentences = ["".join(rng.choice(chars) for _ in range(rng.randint(12, 30))) + "。" for _ in range(1000)]
    traditional = opencc.OpenCC("s2t").convert(sentences[500])  # the same sentence, in Traditional script
    big = Document("zh-Hans", segment("\n".join(sentences), "zh-Hans"))
    small = Document("zh-Hant", segment(traditional, "zh-Hant"))
    assert len(big) == 1000 and len(small) == 1
    return align_documents([big, small], Settings(encoder="ngram"), ngram_encoder)


def test_one_sentence_against_a_thousand_completes_with_every_sentence_once(ngram_encoder):
    alignment = _one_against_a_thousand(ngram_encoder)
    assert [i for row in alignment.rows for i in row.spans[0]] == list(range(1000))
    assert [j for row in alignment.rows for j in row.spans[1]] == [0]


def test_one_sentence_against_a_thousand_lands_on_its_translation(ngram_encoder):
    alignment = _one_against_a_thousand(ngram_encoder)
    (linked,) = [row for row in alignment.rows if row.spans[1]]
    assert linked.spans[0] == (500,)


@pytest.mark.parametrize(
    "lang, limit, paragraph",
    [
        ("en", MAX_SENTENCE_CHARS, " ".join(["word"] * 2000) + " end"),
        ("en", MAX_SENTENCE_CHARS, "x" * 10_000),
        ("zh-Hans", MAX_CJK_SENTENCE_CHARS, "中美关系" * 2500),
        ("zh-Hans", MAX_CJK_SENTENCE_CHARS, "中美关系，" * 2000),
    ],
    ids=["en-words", "en-no-spaces", "zh-no-punctuation", "zh-commas-only"],
)
def test_a_10000_character_sentence_is_cut_at_a_sane_length(lang, limit, paragraph):
    pieces = [s.text for s in segment(paragraph, lang)]
    assert all(len(p) <= limit for p in pieces)
    assert all(len(p) > limit // 2 for p in pieces[:-1]), [len(p) for p in pieces]
    assert "".join(pieces).replace(" ", "") == paragraph.replace(" ", "")


def test_hard_cut_never_separates_an_accent_from_its_letter():
    paragraph = "e\u0301" * 3000
    pieces = [s.text for s in segment(paragraph, "en")]
    assert all(not p.startswith("\u0301") for p in pieces)
    assert "".join(pieces) == paragraph


def test_unpunctuated_10000_characters_align_end_to_end(tmp_path):
    words = "the metro line links the airport with the city centre and trains run every four minutes all day"
    blob = " ".join([words] * 105)[:10_000]
    src = _write(tmp_path / "en.txt", blob)
    tgt = _write(tmp_path / "zh-Hans.txt", "地铁线路连接机场与市中心，列车全天每四分钟一班。" * 20)
    result = _pair(tmp_path, src, tgt, "--to", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "out" / "pair.jsonl").read_text(encoding="utf-8").splitlines()]
    en_indices = [i for r in rows for i in r["indices"]["en"]]
    assert en_indices == list(range(len(en_indices))) and 10 <= len(en_indices) <= 12


# Sizes and times of huge inputs (a 10 MB book, a 50 MB edition) are measured by
# benchmarks/huge_input.py; these tests check the same behaviour at a size that runs in seconds.


def test_a_book_is_read_and_segmented_paragraph_by_paragraph(tmp_path):
    paragraph = (
        "Chapter {n} begins on a Monday. The line links the airport with the city centre, "
        "and trains run every four minutes. Officials expect 240,000 passengers a day.\n"
    )
    path = tmp_path / "book.txt"
    path.write_text("".join(paragraph.format(n=n) for n in range(6_000)), encoding="utf-8")
    sentences = segment(align.readers.read_text(str(path)), "en")
    assert [s.paragraph for s in sentences] == [i // 3 for i in range(18_000)]
    assert sentences[-1].text == "Officials expect 240,000 passengers a day."


def test_a_long_edition_against_two_sentences_keeps_every_sentence_once(tmp_path, encoder):
    """Thousands of sentences of a repetitive inventory against a two-sentence edition (the
    shape of benchmarks/huge_input.py's 50 MB case): chunked, every sentence in exactly one
    bead in order, and the streamed JSONL and TMX agree."""
    from align.export import write_outputs

    inventory = [f"Crate {n} on shelf {n % 37} holds {n % 11} spare parts." for n in range(100)]
    big = Document("en", [Sentence(inventory[(i * 7) % len(inventory)], i // 6) for i in range(3_000)])
    small = Document("zh-Hans", [Sentence("河边的桥在早上很安静。", 0), Sentence("村里的市场很忙。", 1)])
    alignment = align_documents([big, small], Settings(), encoder)
    prefix = str(tmp_path / "big")
    write_outputs(alignment, prefix, ["jsonl", "tmx"])
    en_seen, zh_seen, beads = [], [], 0
    with open(prefix + ".jsonl", encoding="utf-8") as handle:
        for line in handle:
            beads += 1
            indices = json.loads(line)["indices"]
            en_seen.extend(indices["en"])
            zh_seen.extend(indices["zh-Hans"])
    assert en_seen == list(range(3_000)) and zh_seen == [0, 1]
    assert sum(1 for _ in etree.iterparse(prefix + ".tmx", tag="tu")) == beads


# --- awkward characters ---------------------------------------------------------

AWKWARD_EN = [
    "Ampersands & angle <brackets> and a CDATA end ]]> survive.",
    "Control characters \x01 and \x08 and \x1b are dropped from XML only.",
    "Emoji 😀👍🏽🇨🇳 and astral 𠀀𪚥 characters stay whole.",
    'Quotes "double" and \'single\' and a tab\there.',
    "Noncharacters \ufffe and \uffff too.",
]
AWKWARD_ZH = [
    "和号&与尖括号<括号>以及]]>都保留。",
    "控制字符\x01和\x08只在XML里去掉。",
    "表情😀👍🏽和扩展汉字𠀀𪚥完整保留。",
    "引号“双”和「单」以及制表符\t在此。",
    "非字符\ufffe和\uffff也一样。",
]


def _xml_clean(text: str) -> str:
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def test_awkward_characters_give_valid_tmx_and_exact_csv_and_jsonl(tmp_path):
    src = _write(tmp_path / "en.txt", "\n".join(AWKWARD_EN) + "\n")
    tgt = _write(tmp_path / "zh-Hans.txt", "\n".join(AWKWARD_ZH) + "\n")
    result = _pair(tmp_path, src, tgt)
    assert result.exit_code == 0, result.output
    prefix = tmp_path / "out" / "pair"
    expected = list(zip(AWKWARD_EN, AWKWARD_ZH))

    frame = pd.read_csv(f"{prefix}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(zip(frame["en"], frame["zh-Hans"])) == expected  # exact: none of these starts like a formula

    rows = [json.loads(line) for line in Path(f"{prefix}.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert [(r["text"]["en"], r["text"]["zh-Hans"]) for r in rows] == expected

    tree = etree.parse(f"{prefix}.tmx")
    if DTD.is_file():
        dtd = etree.DTD(str(DTD))
        assert dtd.validate(tree), dtd.error_log
    segs = [[seg.text or "" for seg in tu.iter("seg")] for tu in tree.iter("tu")]
    assert segs == [[_xml_clean(en), _xml_clean(zh)] for en, zh in expected]


def test_set_name_with_a_double_quote_gives_valid_tmx(tmp_path):
    folder = tmp_path / 'the "quoted" set & <more>'
    _write(folder / "en.txt", ENGLISH)
    _write(folder / "zh-Hans.txt", HANS)
    result = _run(str(folder), "-o", str(tmp_path / "out"), "--to", "tmx")
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(tmp_path / "out" / folder.name / f"{folder.name}.tmx"))
    assert [tu.get("tuid") for tu in tree.iter("tu")][0] == f"{folder.name}-0"


# --- determinism ----------------------------------------------------------------


@pytest.mark.skipif(not METRO.is_dir(), reason="texts/city-metro-line is not in this checkout")
def test_same_input_twice_gives_identical_outputs(tmp_path):
    for run in ("a", "b"):
        result = _run(str(METRO), "-o", str(tmp_path / run))
        assert result.exit_code == 0, result.output
    name = METRO.name
    for suffix in (".csv", ".jsonl"):
        first = (tmp_path / "a" / name / (name + suffix)).read_bytes()
        assert first == (tmp_path / "b" / name / (name + suffix)).read_bytes(), suffix
    tmx = [(tmp_path / run / name / (name + ".tmx")).read_text(encoding="utf-8") for run in ("a", "b")]
    undated = [re.sub(r'creationdate="[^"]*"', 'creationdate=""', t) for t in tmx]
    assert undated[0] == undated[1]
    assert "creationdate=" in tmx[0]
