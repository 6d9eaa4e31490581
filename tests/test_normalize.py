"""Script normalization is for matching only: Taiwan vocabulary maps, exports keep the original."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from align.export import render
from align.model import Document
from align.normalize import fold_width, normalize, normalize_all
from align.pipeline import Settings, align_documents
from align.segment import segment


@pytest.mark.parametrize(
    "taiwan, mainland",
    [
        ("軟體", "软件"),
        ("網路", "网络"),
        ("資訊", "信息"),
        ("滑鼠", "鼠标"),
        ("印表機", "打印机"),
        ("計程車", "出租车"),
        ("程式", "程序"),
        ("伺服器", "服务器"),
    ],
)
def test_tw2sp_maps_taiwan_vocabulary(taiwan, mainland):
    assert normalize(taiwan, "zh-Hant") == mainland


def test_tw2sp_on_a_sentence_and_character_level_profile_differs():
    assert normalize("這個軟體需要網路連線。", "zh-Hant") == "这个软件需要网络连接。"
    # t2s converts characters only; the phrase-aware profile is what maps vocabulary.
    assert normalize("軟體", "zh-Hant", "t2s") == "软体"


def test_simplified_and_english_are_not_script_converted():
    assert normalize("這個軟體", "zh-Hans") == "這個軟體"
    assert normalize("軟體 software", "en") == "軟體 software"


def test_full_width_letters_and_digits_fold_but_cjk_punctuation_stays():
    assert fold_width("２０２４年Ｌｉｎｅ　４") == "2024年Line　4"
    assert fold_width("１２３，。「」！？（）") == "123，。「」！？（）"
    assert normalize("捷運４號線", "zh-Hant") == "捷运4号线"
    assert normalize("地铁４号线", "zh-Hans") == "地铁4号线"
    assert normalize("Line ４", "en") == "Line 4"


def test_normalize_all_is_elementwise():
    assert normalize_all(["軟體", "網路"], "zh-Hant") == ["软件", "网络"]


def test_original_text_is_what_every_export_contains(encoder):
    hans = "这个软件需要网络连接。地铁４号线今天开通。"
    hant = "這個軟體需要網路連線。捷運４號線今天通車。"
    documents = [
        Document("zh-Hans", segment(hans, "zh-Hans")),
        Document("zh-Hant", segment(hant, "zh-Hant")),
    ]
    alignment = align_documents(documents, Settings(), encoder, "demo")
    assert [row.spans for row in alignment.rows] == [((0,), (0,)), ((1,), (1,))]

    records = [json.loads(line) for line in render(alignment, "jsonl").splitlines()]
    assert [r["text"]["zh-Hant"] for r in records] == ["這個軟體需要網路連線。", "捷運４號線今天通車。"]
    assert [r["text"]["zh-Hans"] for r in records] == ["这个软件需要网络连接。", "地铁４号线今天开通。"]

    csv_text = render(alignment, "csv").decode("utf-8-sig")
    assert "這個軟體需要網路連線。" in csv_text and "捷運４號線今天通車。" in csv_text
    assert "这个软件需要网络连接。" in csv_text

    tmx = etree.fromstring(render(alignment, "tmx").encode("utf-8"))
    traditional = [seg.text for seg in tmx.iterfind(".//tuv[@{http://www.w3.org/XML/1998/namespace}lang='zh-TW']/seg")]
    assert traditional == ["這個軟體需要網路連線。", "捷運４號線今天通車。"]
