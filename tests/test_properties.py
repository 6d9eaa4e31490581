"""Property-based: random Unicode text through segment → align → export.

Invariants: segmentation keeps every non-space character in order; every
sentence lands in exactly one bead, beads in document order; JSONL and CSV give
back each bead's text exactly (CSV after undoing its formula guard); TMX parses and holds the same text less the
characters XML cannot carry. The aligner runs on the deterministic n-gram
encoder: these are invariants of the plumbing, not of alignment quality.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from align.export.jsonl import render_jsonl
from align.export.table import render_csv, restore
from align.export.tmx import render_tmx
from align.model import Document
from align.pipeline import Settings, align_documents
from align.segment import segment

AWKWARD = ["&", "<", ">", "]]>", '"', "\x01", "\x1b", "\t", " ", "\u3000", "😀", "👍🏽", "𠀀", "\ufffe", "e\u0301", "\u200d"]
BREAKS = ["。", "！", "？", "……", ". ", "! ", "? ", "，", "、", "”", "」", "\n", "\n\n", "\r\n", " "]

characters = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(AWKWARD),
)
piece = st.lists(characters, max_size=25).map("".join)
edition = st.lists(st.tuples(piece, st.sampled_from(BREAKS)), min_size=1, max_size=10).map(
    lambda parts: "".join(text + mark for text, mark in parts)
)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _squeeze(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=edition, lang=st.sampled_from(["en", "zh-Hans", "zh-Hant"]))
def test_segmentation_keeps_every_character_in_order(text, lang):
    sentences = segment(text, lang)
    assert all(s.text and s.text == s.text.strip() for s in sentences)
    assert _squeeze("".join(s.text for s in sentences)) == _squeeze(text)
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(en=edition, zh=edition)
def test_every_sentence_in_exactly_one_bead_and_texts_round_trip(ngram_encoder, en, zh):
    documents = [Document("en", segment(en, "en")), Document("zh-Hans", segment(zh, "zh-Hans"))]
    assume(all(documents))  # an edition of only whitespace never reaches the aligner (the reader rejects it)
    alignment = align_documents(documents, Settings(encoder="ngram"), ngram_encoder, name="prop")

    for position, document in enumerate(alignment.documents):
        covered = [i for row in alignment.rows for i in row.spans[position]]
        assert covered == list(range(len(document)))
    expected = [alignment.texts(row) for row in alignment.rows]
    langs = alignment.langs

    records = [json.loads(line) for line in render_jsonl(alignment).split("\n") if line]
    assert [[r["text"][lang] for lang in langs] for r in records] == expected
    assert [[tuple(r["indices"][lang]) for lang in langs] for r in records] == [list(row.spans) for row in alignment.rows]

    frame = pd.read_csv(io.BytesIO(render_csv(alignment)), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # Cells a spreadsheet would run as formulas ("=...") carry a leading apostrophe; restore() drops it.
    assert [[restore(cell) for cell in cells] for cells in frame[langs].values.tolist()] == expected
    assert frame[[f"{lang} ids" for lang in langs]].values.tolist() == [
        [" ".join(map(str, span)) for span in row.spans] for row in alignment.rows
    ]

    tree = etree.fromstring(render_tmx([alignment]).encode("utf-8"))
    segs = [[seg.text or "" for seg in tu.iter("seg")] for tu in tree.iter("tu")]
    clean = [[_XML_INVALID.sub("", t) for t in texts] for texts in expected]
    assert segs == [[t for t in texts if t.strip()] for texts in clean if any(t.strip() for t in texts)]
