"""What the text features say about one chunk, from their arrays (align.features builds them).

Each side comes with per-sentence numbers (cue counts, chrome flags) and
integer ids in CSR form (anchor keys, dictionary words). A chunk slices
them and builds the dense matrices scoring needs, over the ids found on both
sides of the chunk: anchor incidence (keys common within the chunk dropped)
and dictionary match counts per pair of sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

MAX_SENTENCES_PER_KEY = 3
"""Anchor keys found in more sentences than this on either side of a chunk are too common to anchor anything."""


class IdRows(Protocol):
    """Sentence i holds the distinct ids ids[indptr[i]:indptr[i + 1]] (align.features.IdLists)."""

    indptr: np.ndarray
    ids: np.ndarray


class WordRows(Protocol):
    """Dictionary words per sentence (align.features.LexicalWords)."""

    ids: IdRows
    words: np.ndarray
    learned: bool


class SideArrays(Protocol):
    """What the aligner reads of one document's text features (align.features.SideFeatures)."""

    chars: np.ndarray
    cues: np.ndarray
    chrome: np.ndarray
    anchors: IdRows
    lower_start: np.ndarray
    in_brackets: np.ndarray
    lexical: WordRows | None


@dataclass(frozen=True)
class LexicalMatches:
    """counts[i, j]: words of target sentence j that some word of source sentence i
    translates (each counted once per pair); src_words / tgt_words: the dictionary
    words each sentence has, the most either side of a pair can match."""

    counts: np.ndarray
    src_words: np.ndarray
    tgt_words: np.ndarray


@dataclass
class TextEvidence:
    """What the texts say besides their vectors, for one stretch of both documents."""

    anchors: tuple[np.ndarray, np.ndarray] | None = None
    """Sentence × shared-key incidence per side."""
    cues: tuple[np.ndarray, np.ndarray] | None = None
    """Sentence × cue counts per side (align.features.cues)."""
    lexical: LexicalMatches | None = None
    lower_start: tuple[np.ndarray, np.ndarray] | None = None
    """Per side, 1.0 where a sentence starts in lower case (align.features.fragments)."""
    in_brackets: tuple[np.ndarray, np.ndarray] | None = None
    """Per side, 1.0 where a sentence closes a bracket left open before it."""


def chunk_evidence(src: SideArrays, tgt: SideArrays, src_range: tuple[int, int], tgt_range: tuple[int, int]) -> TextEvidence:
    """The evidence of sentences src_range[0]..src_range[1]-1 against tgt_range's."""
    lexical = None
    if src.lexical is not None and tgt.lexical is not None:
        src_words, tgt_words = shared_incidence(src.lexical.ids, tgt.lexical.ids, src_range, tgt_range)
        lexical = LexicalMatches(
            (src_words @ tgt_words.T).astype(np.float64),
            src.lexical.words[slice(*src_range)],
            tgt.lexical.words[slice(*tgt_range)],
        )
    anchors = shared_incidence(src.anchors, tgt.anchors, src_range, tgt_range, MAX_SENTENCES_PER_KEY)
    return TextEvidence(
        anchors=anchors if anchors[0].shape[1] else None,
        cues=(src.cues[slice(*src_range)], tgt.cues[slice(*tgt_range)]),
        lexical=lexical,
        lower_start=(src.lower_start[slice(*src_range)], tgt.lower_start[slice(*tgt_range)]),
        in_brackets=(src.in_brackets[slice(*src_range)], tgt.in_brackets[slice(*tgt_range)]),
    )


def shared_incidence(
    src: IdRows, tgt: IdRows, src_range: tuple[int, int], tgt_range: tuple[int, int], most: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sentence × id 0/1 matrices (float32) of both stretches, over the ids found on both, in
    increasing order; with MOST, only ids found in at most MOST sentences of each stretch."""
    src_rows, src_ids = _rows_and_ids(src, *src_range)
    tgt_rows, tgt_ids = _rows_and_ids(tgt, *tgt_range)
    size = int(max(src_ids.max(initial=-1), tgt_ids.max(initial=-1))) + 1
    src_count = np.bincount(src_ids, minlength=size)  # a sentence holds an id once: sentences per id
    tgt_count = np.bincount(tgt_ids, minlength=size)
    shared = (src_count > 0) & (tgt_count > 0)
    if most is not None:
        shared &= (src_count <= most) & (tgt_count <= most)
    vocabulary = np.flatnonzero(shared)
    column = np.full(size, -1, dtype=np.int64)
    column[vocabulary] = np.arange(len(vocabulary))
    width = len(vocabulary)
    return (
        _matrix(src_rows, column[src_ids], src_range[1] - src_range[0], width),
        _matrix(tgt_rows, column[tgt_ids], tgt_range[1] - tgt_range[0], width),
    )


def _rows_and_ids(lists: IdRows, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Every id of sentences lo..hi-1, with its sentence's index counted from lo."""
    indptr = lists.indptr[lo : hi + 1]
    ids = lists.ids[indptr[0] : indptr[-1]]
    return np.repeat(np.arange(hi - lo), np.diff(indptr)), ids


def _matrix(rows: np.ndarray, columns: np.ndarray, n: int, width: int) -> np.ndarray:
    out = np.zeros((n, width), dtype=np.float32)
    kept = columns >= 0
    out[rows[kept], columns[kept]] = 1.0
    return out


def run_incidence(single: np.ndarray, length: int) -> np.ndarray:
    """Keys present anywhere in each run of `length` sentences."""
    prefix = np.concatenate([np.zeros((1, single.shape[1]), dtype=np.float32), np.cumsum(single, axis=0)])
    return (prefix[length:] - prefix[:-length] > 0).astype(np.float32)


def anchor_agreement(src_runs: np.ndarray, tgt_runs: np.ndarray) -> np.ndarray:
    """(shared - unshared) / (shared + unshared) keys per pair of runs; 0 where neither has keys."""
    shared = src_runs @ tgt_runs.T
    total = src_runs.sum(axis=1)[:, None] + tgt_runs.sum(axis=1)[None, :]
    unshared = total - 2.0 * shared
    denominator = shared + unshared
    return np.divide(shared - unshared, denominator, out=np.zeros_like(shared), where=denominator > 0)


def run_counts(counts: np.ndarray, length: int) -> np.ndarray:
    """Cue counts summed over each run of `length` sentences."""
    prefix = np.concatenate([np.zeros((1, counts.shape[1]), dtype=np.float32), np.cumsum(counts, axis=0)])
    return prefix[length:] - prefix[:-length]


def cue_mismatch(src_runs: np.ndarray, tgt_runs: np.ndarray, cap: float) -> np.ndarray:
    """mismatch[k, i, j]: |source count - target count| of cue k, capped at CAP, per pair of runs."""
    return np.minimum(np.abs(src_runs.T[:, :, None] - tgt_runs.T[:, None, :]), cap)


class LexicalSums:
    """Dictionary matches summed over any block of sentences, from 2-D prefix sums."""

    def __init__(self, lexical: LexicalMatches):
        counts = lexical.counts
        self.matched = np.zeros((counts.shape[0] + 1, counts.shape[1] + 1))
        self.matched[1:, 1:] = counts.cumsum(axis=0).cumsum(axis=1)
        self.src_words = np.concatenate([[0.0], np.cumsum(lexical.src_words)])
        self.tgt_words = np.concatenate([[0.0], np.cumsum(lexical.tgt_words)])

    def block(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """(matches, words on both sides) of every bead of a source and b target sentences."""
        p = self.matched
        matched = p[a:, b:] - p[:-a, b:] - p[a:, :-b] + p[:-a, :-b]
        words = (self.src_words[a:] - self.src_words[:-a])[:, None] + (self.tgt_words[b:] - self.tgt_words[:-b])[None, :]
        return matched, words
