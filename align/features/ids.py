"""Integer ids per sentence, in compressed sparse row form: how text features reach the aligner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class IdLists:
    """Sentence i holds the distinct ids ids[indptr[i]:indptr[i + 1]], in increasing order."""

    indptr: np.ndarray
    """int64, one more entry than there are sentences."""
    ids: np.ndarray
    """int64 ids, each from 0 to the vocabulary's size."""

    @classmethod
    def from_sets(cls, id_sets: Iterable[Iterable[int]]) -> IdLists:
        rows = [sorted(set(ids)) for ids in id_sets]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.array([len(row) for row in rows], dtype=np.int64))
        ids = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(indptr[-1]))
        return cls(indptr, ids)

    def renumbered(self, new_ids: np.ndarray) -> IdLists:
        """Each id i becomes NEW_IDS[i]; ids that become -1 are dropped."""
        mapped = new_ids[self.ids]
        rows = np.repeat(np.arange(len(self)), np.diff(self.indptr))
        kept = mapped >= 0
        rows, mapped = rows[kept], mapped[kept]
        order = np.lexsort((mapped, rows))
        indptr = np.zeros(len(self) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.bincount(rows, minlength=len(self)))
        return IdLists(indptr, mapped[order])

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> np.ndarray:
        return self.ids[self.indptr[i] : self.indptr[i + 1]]
