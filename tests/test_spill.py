"""align.spill: big per-sentence arrays in a temporary file, read back a chunk at a time."""

from __future__ import annotations

import os

import numpy as np
import pytest

from align.spill import SpilledRows


def mapped_inodes() -> set[int]:
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return {int(fields[4]) for fields in (line.split() for line in maps) if len(fields) >= 5}


def test_rows_read_back_exactly_as_written_by_any_index():
    rng = np.random.default_rng(7)
    data = rng.standard_normal((1000, 33)).astype(np.float32)
    spilled = SpilledRows(*data.shape)
    for lo in range(0, len(data), 128):  # written block by block, as an encoder fills it
        spilled[lo : lo + 128] = data[lo : lo + 128]
    rows = np.array([5, 3, 3, 999, 0])
    assert len(spilled) == 1000 and spilled.shape == data.shape
    np.testing.assert_array_equal(spilled[rows], data[rows])
    np.testing.assert_array_equal(spilled[200:300], data[200:300])
    np.testing.assert_array_equal(spilled[42], data[42])
    assert spilled[rows].dtype == np.float32
    with pytest.raises(ValueError, match="contiguous block"):
        spilled[0:10] = data[:9]


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux's /proc")
def test_a_read_leaves_no_map_of_the_file_behind():
    spilled = SpilledRows(4096, 64)
    spilled[0:4096] = np.ones((4096, 64), dtype=np.float32)
    inode = os.fstat(spilled._file.fileno()).st_ino
    rows = spilled[np.arange(0, 4096, 2)]
    assert rows.shape == (2048, 64) and float(rows.sum()) == 2048 * 64
    assert inode not in mapped_inodes()  # the pages read went with the map


def test_a_document_past_the_encode_block_aligns_from_spilled_arrays_as_from_memory(encoder, monkeypatch):
    """Past align.prepare.ENCODE_BLOCK distinct sentences, vectors and states are encoded in
    blocks into spilled buffers: the beads are the ones the in-memory arrays give."""
    import align.prepare
    from align.aligner import AlignParams, AlignStats
    from align.features import pair_features

    en = ["The river rose all night.", "By morning the bridge was gone.", "Farmers carried sandbags to the levee.",
          "Nobody in the village slept.", "The army arrived at noon.", "By evening the water began to fall."]
    zh = ["河水涨了一整夜。", "到了早上，桥已经不见了。", "农民们把沙袋扛到堤上。村里没有人睡觉。", "中午军队到了。", "傍晚，水开始退了。"]
    in_memory = align.prepare.align_texts(zh, en, encoder, AlignParams(), "", " ")
    monkeypatch.setattr(align.prepare, "ENCODE_BLOCK", 2)
    features, _ = pair_features(zh, en, None)
    side = align.prepare.encoded_side(zh, "", encoder, AlignParams(), AlignStats(), features)
    assert isinstance(side.vectors, SpilledRows) and isinstance(side.states, SpilledRows)
    spilled = align.prepare.align_texts(zh, en, encoder, AlignParams(), "", " ")
    assert [(b.src, b.tgt) for b in spilled] == [(b.src, b.tgt) for b in in_memory]
    assert [b.src for b in in_memory][2] == (2,) and [b.tgt for b in in_memory][2] == (2, 3)
    assert [b.score for b in spilled] == pytest.approx([b.score for b in in_memory], abs=1e-3)
