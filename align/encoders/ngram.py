"""A deterministic character n-gram encoder: no model, exact and fast.

It only sees surface form, so it is for same-language matching (Simplified ↔
Traditional after normalization) and for unit tests of the aligner, never for
English ↔ Chinese.
"""

from __future__ import annotations

import hashlib

import numpy as np

from .base import l2_normalize


class NgramEncoder:
    def __init__(self, dim: int = 1024, n: int = 2):
        self.dim = dim
        self.n = n
        self.name = f"ngram{n}-{dim}"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            chars = "".join(text.lower().split())
            grams = [chars[i : i + self.n] for i in range(max(1, len(chars) - self.n + 1))] + list(chars)
            for gram in grams:
                digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return l2_normalize(out)
