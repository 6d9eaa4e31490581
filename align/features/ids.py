"""Integer ids per sentence, in compressed sparse row form: how text features reach the aligner."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class IdLists:
    """Sentence i holds the distinct ids ids[indptr[i]:indptr[i + 1]], in increasing order."""

    indptr: np.ndarray
    """int64, one more entry than there are sentences."""
    ids: np.ndarray
    """int32 ids, each from 0 to the vocabulary's size (less than 2**31)."""

    @classmethod
    def from_sets(cls, id_sets: Iterable[Iterable[int]]) -> IdLists:
        """One row per item of ID_SETS (read once, one at a time: a book's rows are never
        Python lists all at once)."""
        flat = array("i")
        lengths = array("q")
        for ids in id_sets:
            row = sorted(set(ids))
            flat.extend(row)
            lengths.append(len(row))
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.asarray(lengths, dtype=np.int64))
        return cls(indptr, np.asarray(flat, dtype=np.int32))

    def renumbered(self, new_ids: np.ndarray) -> IdLists:
        """Each id i becomes NEW_IDS[i]; ids that become -1 are dropped."""
        mapped = new_ids[self.ids]
        rows = np.repeat(np.arange(len(self)), np.diff(self.indptr))
        kept = mapped >= 0
        rows, mapped = rows[kept], mapped[kept]
        order = np.lexsort((mapped, rows))
        indptr = np.zeros(len(self) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.bincount(rows, minlength=len(self)))
        return IdLists(indptr, mapped[order].astype(np.int32))

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> np.ndarray:
        return self.ids[self.indptr[i] : self.indptr[i + 1]]
