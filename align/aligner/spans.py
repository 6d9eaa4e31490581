"""Embeddings and lengths of every run of consecutive sentences a bead may cover."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class SpanTable:
    """vectors[k][i] embeds sentences i..i+k-1 joined; chars[k][i] counts their characters."""

    vectors: dict[int, np.ndarray]
    chars: dict[int, np.ndarray]
    n: int


def char_count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def build_spans(texts: list[str], max_len: int, joiner: str, encode) -> SpanTable:
    """Encode each distinct span text once; `encode` maps a list of strings to unit vectors."""
    n = len(texts)
    counts = np.array([char_count(t) for t in texts], dtype=np.float64)
    prefix = np.concatenate([[0.0], np.cumsum(counts)])
    span_texts: dict[int, list[str]] = {
        k: [joiner.join(texts[i : i + k]) for i in range(n - k + 1)] for k in range(1, min(max_len, n) + 1)
    }
    unique = sorted({t for texts_k in span_texts.values() for t in texts_k})
    index = {t: row for row, t in enumerate(unique)}
    matrix = encode(unique) if unique else np.zeros((0, 1), dtype=np.float32)
    vectors = {k: matrix[[index[t] for t in texts_k]] for k, texts_k in span_texts.items()}
    chars = {k: prefix[k:] - prefix[:-k] for k in span_texts}
    return SpanTable(vectors, chars, n)
