"""Concatenate the normalized vectors of several encoders, weighted."""

from __future__ import annotations

import numpy as np

from .base import l2_normalize


class EnsembleEncoder:
    def __init__(self, members, weights=None):
        self.members = list(members)
        self.weights = list(weights or [1.0] * len(self.members))
        self.name = "+".join(m.name for m in self.members)
        known = [m.languages for m in self.members if getattr(m, "languages", None) is not None]
        # A member that never saw a language drags the concatenated vector down: only what all cover.
        self.languages = frozenset.intersection(*known) if known else None

    def encode(self, texts: list[str]) -> np.ndarray:
        parts = [np.sqrt(w) * m.encode(texts) for m, w in zip(self.members, self.weights)]
        return l2_normalize(np.concatenate(parts, axis=1))
