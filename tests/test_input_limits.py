"""Inputs at the edges: UTF-16 Chinese without a BOM, a .docx that unpacks to millions of
paragraphs, HTML nested past libxml2's depth limit, an embedding cache on a full disk."""

from __future__ import annotations

import logging
import os
import sqlite3
import zipfile

import docx
import numpy as np
import pytest

from align.cache import CachedEncoder, EmbeddingCache
from align.encoders.ngram import NgramEncoder
from align.errors import AlignError
from align.readers import read_source, read_text
from align.readers.archive import MAX_PARAGRAPHS

CHINESE = "城市里下了一上午的雨。\n公交车都晚点了，到了中午 12 点，太阳又出来了。\n一切恢复了平静。\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_chinese_without_a_bom_is_read_as_text(codec, tmp_path):
    path = tmp_path / "zh-Hans.txt"
    path.write_bytes(CHINESE.encode(codec))  # no BOM; NULs only from the ASCII and from 一 (U+4E00)
    source = read_source(str(path))
    assert source.text == CHINESE and source.encoding == "utf-16"


def test_random_bytes_with_nuls_are_still_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(np.random.default_rng(7).integers(0, 256, 4096, dtype=np.uint8).tobytes() + b"\x00\x00")
    with pytest.raises(AlignError, match="looks like a binary file"):
        read_text(str(path))


def _docx_with_body(tmp_path, name: str, body: str):
    """A real .docx (python-docx) whose body XML is replaced by BODY."""
    template = tmp_path / "template.docx"
    docx.Document().save(template)
    path = tmp_path / name
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("</w:body>")
                data = (xml[:start] + body + xml[end:]).encode()
            target.writestr(item, data)
    return path


def test_a_docx_that_unpacks_to_millions_of_empty_paragraphs_is_refused_at_once(tmp_path):
    bomb = _docx_with_body(tmp_path, "bomb.docx", "<w:p/>" * (MAX_PARAGRAPHS + 1))
    assert os.path.getsize(bomb) < 100_000  # a small file that would take minutes and gigabytes
    with pytest.raises(AlignError, match=f"more than {MAX_PARAGRAPHS:,} paragraphs"):
        read_text(str(bomb))


def test_a_docx_within_the_limits_reads_as_before(tmp_path):
    fine = _docx_with_body(tmp_path, "fine.docx", "<w:p><w:r><w:t>第一段。</w:t></w:r></w:p>" + "<w:p/>" * 1000 + "<w:p><w:r><w:t>第二段。</w:t></w:r></w:p>")
    assert read_text(str(fine)).split() == ["第一段。", "第二段。"]


@pytest.mark.parametrize("depth", [300, 3000])
def test_html_nested_deeper_than_libxml2_allows_keeps_its_text(depth, tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><head><title>Menu</title><script>var s = '<div>';</script></head><body><nav>Home | News</nav>"
        + "<div>" * depth
        + "<p>Deep text is here. It has two sentences.</p>"
        + "</div>" * depth
        + "<p>After the deep part &amp; more.</p></body></html>",
        encoding="utf-8",
    )
    assert read_text(str(page)).splitlines() == ["Deep text is here. It has two sentences.", "After the deep part & more."]


def test_a_cache_on_a_full_disk_says_the_disk_is_full(tmp_path, monkeypatch, caplog):
    """SQLite's own "database or disk is full" (SQLITE_FULL), from a database capped at its
    current size; the write used to be reported as "cannot rollback - no transaction is active"."""
    cache = EmbeddingCache(tmp_path)
    cache.put("probe", ["a"], np.zeros((1, 4), dtype=np.float32))  # the file and its table exist
    connect = EmbeddingCache._connect

    def capped(self, create=False):
        conn = connect(self, create)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(EmbeddingCache, "_connect", capped)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        cache.put("probe", [f"text {i}" for i in range(2000)], np.ones((2000, 256), dtype=np.float32))

    encoder = CachedEncoder(NgramEncoder(), cache)
    with caplog.at_level(logging.WARNING, logger="align.cache"):
        vectors = encoder.encode([f"sentence {i}" for i in range(2000)])
    assert vectors.shape[0] == 2000  # the run goes on uncached
    (warning,) = [r.getMessage() for r in caplog.records]
    assert "database or disk is full" in warning and "no transaction" not in warning
