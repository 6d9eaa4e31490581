"""TMX 1.4b output: valid against the LISA DTD and shaped the way CAT tools expect."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from align.errors import AlignError
from align.export import write_outputs
from align.export.tmx import parse_lang_codes, render_tmx
from align.model import Alignment, Document, Row, Sentence

DTD_PATH = Path(__file__).with_name("tmx14.dtd")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STAMP = re.compile(r"^\d{8}T\d{6}Z$")


def make_alignment(name: str, texts: dict[str, list[str]], rows: list[tuple[tuple[int, ...], ...]], scores=None, signature="sig-1") -> Alignment:
    documents = [Document(lang, [Sentence(t, 0) for t in sentences]) for lang, sentences in texts.items()]
    scores = scores or [0.9] * len(rows)
    return Alignment(documents, [Row(spans, score) for spans, score in zip(rows, scores)], signature, name)


def tricky_alignment() -> Alignment:
    return make_alignment(
        "tricky",
        {
            "en": ["Fish & chips <cost> \"5\" pounds.", "Bell\x07 rings.", "Only English here."],
            "zh-Hans": ["炸鱼薯条<售价>5英镑。", "铃\x01响了。"],
            "zh-Hant": ["炸魚薯條<售價>5英鎊。", "鈴響了。"],
        },
        [((0,), (0,), (0,)), ((1,), (1,), (1,)), ((2,), (), ())],
        scores=[0.98765, 0.5, 0.1],
    )


def validate(payload: str | bytes) -> etree._ElementTree:
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    tree = etree.ElementTree(etree.fromstring(data))
    dtd = etree.DTD(str(DTD_PATH))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    return tree


def test_output_is_valid_tmx_14b_with_the_cat_tool_conventions(tmp_path):
    (path,) = write_outputs(tricky_alignment(), str(tmp_path / "tricky"), ["tmx"])
    raw = Path(path).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "UTF-8 without a BOM"
    assert b"<!DOCTYPE" not in raw, "no DOCTYPE: the named DTD never travels with the file"
    tree = validate(raw)
    root = tree.getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "en-US"
    assert STAMP.match(header.get("creationdate"))
    assert all(prop.get("type").startswith("x-") for prop in root.iter("prop")), "Trados needs x- prop types"

    units = root.find("body").findall("tu")
    assert [tu.get("tuid") for tu in units] == ["tricky-0", "tricky-1", "tricky-2"]
    assert all(STAMP.match(tu.get("creationdate")) for tu in units)
    first = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[0].findall("tuv")}
    assert first == {"en-US": 'Fish & chips <cost> "5" pounds.', "zh-CN": "炸鱼薯条<售价>5英镑。", "zh-TW": "炸魚薯條<售價>5英鎊。"}
    props = {p.get("type"): p.text for p in units[0].findall("prop")}
    assert props == {"x-set": "tricky", "x-score": "0.9877", "x-bead-type": "1-1-1"}
    # XML-invalid control characters are dropped, the rest of the text kept.
    second = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[1].findall("tuv")}
    assert second["en-US"] == "Bell rings." and second["zh-CN"] == "铃响了。"
    # A 1-0 bead keeps its one language: no <tuv> with an empty <seg>.
    assert [tuv.get(XML_LANG) for tuv in units[2].findall("tuv")] == ["en-US"]
    assert all(seg.text and seg.text.strip() for seg in root.iter("seg"))


def test_language_codes_are_configurable():
    codes = parse_lang_codes("en=en-GB, zh-TW=zh-HK")
    assert codes == {"en": "en-GB", "zh-Hant": "zh-HK"}
    tree = validate(render_tmx([tricky_alignment()], codes))
    assert tree.getroot().find("header").get("srclang") == "en-GB"
    langs = {tuv.get(XML_LANG) for tuv in tree.iter("tuv")}
    assert langs == {"en-GB", "zh-CN", "zh-HK"}


@pytest.mark.parametrize("bad", ["en", "en=", "en=not a code", "klingon=en-US"])
def test_bad_language_codes_are_one_line_errors(bad):
    with pytest.raises(AlignError) as caught:
        parse_lang_codes(bad)
    assert "\n" not in str(caught.value)


def test_several_sets_in_one_memory_keep_each_signature():
    one = make_alignment("one", {"en": ["A."], "zh-Hans": ["甲。"]}, [((0,), (0,))], signature="sig-1")
    two = make_alignment("two", {"en": ["B."], "zh-Hant": ["乙。"]}, [((0,), (0,))], signature="sig-2")
    created = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    tree = validate(render_tmx([one, two], created=created))
    root = tree.getroot()
    assert root.find("header").get("creationdate") == "20240506T070809Z"
    assert root.find("header/prop").text == "sig-1"
    first, second = root.find("body").findall("tu")
    assert [p.text for p in first.findall("prop") if p.get("type") == "x-signature"] == []
    assert [p.text for p in second.findall("prop") if p.get("type") == "x-signature"] == ["sig-2"]
    assert [tuv.get(XML_LANG) for tuv in second.findall("tuv")] == ["en-US", "zh-TW"]
