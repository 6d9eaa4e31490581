"""align.spill: big per-sentence arrays in a temporary file, read back a chunk at a time."""

from __future__ import annotations

import os

import numpy as np
import pytest

from align.spill import SPILL_MIN_BYTES, SpilledRows, rows_buffer


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


def test_small_buffers_stay_in_memory_and_big_ones_spill():
    small = rows_buffer(100, 1537)
    assert isinstance(small, np.ndarray) and small.shape == (100, 1537)
    big = rows_buffer(SPILL_MIN_BYTES // (4 * 1537) + 1, 1537)
    assert isinstance(big, SpilledRows)
    big.close()
