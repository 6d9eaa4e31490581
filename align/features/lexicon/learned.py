"""Word translations learned from the document pair itself, for pairs with no dictionary.

Only Chinese–English has a dictionary (zh_en). Every other pair would get no
word-level evidence at all, yet a document pair is its own parallel corpus: a
word and its translation keep turning up in sentences at the same place of
both editions (hunalign's "realign" idea, without aligning first). Where
source sentence i should be in the target is first its share of the
source's characters, then, better, the line through the longest increasing
chain of sentence pairs that share an anchor (a name or number found once
near that share; align.features.anchors): on textberg-dev 55% of the gold
links lie within 3 sentences of the first, 97% of the second. Target
sentences within BAND of that place are i's window. Each (source sentence,
window sentence) cell is one observation: a word pair that shares far more
cells than its words' frequencies predict (log-likelihood ratio, Dunning
1993) is a candidate, and competitive linking (Melamed 2000) keeps the
strongest one-to-one pairs. Words spelled alike are mostly the anchors' job;
this finds "Gipfel" ~ "sommet", "Lawine" ~ "avalanche".

Words are letter runs, lower-cased and cut to PREFIX characters (a crude
stem that works the same in every alphabetic language); in scripts written
without spaces (Chinese, Japanese) each character is a word. Words in more
than COMMON_SHARE of the sentences are function words and skipped. Everything
after reading the words is numpy over the cells (one Python loop over the
chain's points and one over the candidate pairs), so a long book takes seconds.
"""

from __future__ import annotations

import bisect
import re

import numpy as np

from ...languages import HAN_CLASS
from ..ids import IdLists
from . import LexicalWords

BAND = 1
"""Target sentences on each side of a source sentence's expected place that it may translate
(the anchors place it well)."""
PATH_BAND = 12
"""Target sentences on each side of the characters' diagonal where a source sentence's anchors
(names, numbers) are looked for, to place the band (0: the band follows the diagonal)."""
PREFIX = 5
"""Characters a word is cut to: "Gipfels" and "Gipfel", "sommets" and "sommet" are one word."""
MIN_LETTERS = 3
"""Shorter letter runs ("de", "la", "im") carry no evidence; single CJK characters do."""
COMMON_SHARE = 0.05
"""Words in more sentences than this share (and more than MIN_COMMON) of a side are skipped."""
MIN_COMMON = 5
MIN_COUNT = 2
"""Fewest sentences a word must occur in, and fewest cells a pair must share."""
MIN_LLR = 15.0
"""Log-likelihood ratio a pair needs (chi-square with one degree of freedom: p < 1e-4)."""
MIN_COVER = 0.5
"""Share of the rarer word's sentences whose window holds the other word: a real translation
is found near nearly every occurrence, a chance pair only near a few."""
MIN_SENTENCES = 50
"""A side with fewer sentences learns nothing: in a short article a word seen twice, in the
title and the first sentence, passes for a translation of anything beside it."""
BLOCK_CELLS = 4_000_000
"""Word pairs enumerated at once (int64 each): bounds the memory of a long book."""

_CHARACTER_WORDS = HAN_CLASS + "\u3040-\u30ff"
"""Scripts written without spaces whose single characters are the words here: Han and kana."""
_CHARACTER = re.compile(f"[{_CHARACTER_WORDS}]")
_MARKS = "\u0300-\u036f\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
"""Blocks with combining vowel signs and viramas (Devanagari to Sinhala, Thai, Lao, Myanmar,
Khmer): they belong inside a letter run, which \\w alone would cut at every sign."""
_WORD = re.compile(rf"[{_CHARACTER_WORDS}]|(?:[^\W\d_{_CHARACTER_WORDS}]|(?!\d)[{_MARKS}])+")


_SYLLABLES = re.compile("[\uac00-\ud7af]")
"""Hangul syllables: each stands for two or three letters, so two of them make a word."""


def words_of(text: str) -> list[str]:
    """The candidate words of a text: Han and kana characters, and letter runs cut to PREFIX."""
    return [
        w[:PREFIX] for w in _WORD.findall(text.lower())
        if len(w) >= MIN_LETTERS or _CHARACTER.match(w) or (len(w) == 2 and _SYLLABLES.match(w))
    ]


class LearnedLexicon:
    name = "learned"

    def pair_words(
        self, src_texts: list[str], tgt_texts: list[str], anchors: tuple[IdLists, IdLists] | None = None
    ) -> tuple[LexicalWords, LexicalWords]:
        """Ids of the learned word pairs: source sentence i holds pair k when it has pair k's
        source word, target sentence j when it has its target word. words: a sentence's words
        that have a learned translation, the most it can match. ANCHORS: the pair's anchor
        ids (align.features.anchors), which place the band better than the characters do."""
        src, tgt = _content_words(src_texts), _content_words(tgt_texts)
        if min(len(src_texts), len(tgt_texts)) < MIN_SENTENCES:
            return _side(src), _side(tgt)
        expected = _diagonal(src_texts, tgt_texts)
        if anchors is not None and PATH_BAND:
            expected = _path(*anchors, expected, PATH_BAND)
        src_link, tgt_link = learn_pairs(src, tgt, _windows(expected, BAND, len(tgt)))
        return _side(src, src_link), _side(tgt, tgt_link)


def learned() -> LearnedLexicon:
    return LearnedLexicon()


def _content_words(texts: list[str]) -> IdLists:
    """Each sentence's distinct words in a vocabulary of its side, the common and the once-seen dropped."""
    vocabulary: dict[str, int] = {}
    lists = IdLists.from_sets([vocabulary.setdefault(w, len(vocabulary)) for w in words_of(t)] for t in texts)
    counts = np.bincount(lists.ids, minlength=len(vocabulary))
    kept = (counts >= MIN_COUNT) & (counts <= max(MIN_COMMON, COMMON_SHARE * len(texts)))
    new_ids = np.full(len(vocabulary), -1, dtype=np.int64)
    new_ids[kept] = np.arange(int(kept.sum()))
    return lists.renumbered(new_ids)


def _diagonal(src_texts: list[str], tgt_texts: list[str]) -> np.ndarray:
    """The target sentence at the same share of the characters as each source sentence's midpoint."""
    return np.searchsorted(_midpoints(tgt_texts), _midpoints(src_texts)).astype(np.float64)


def _midpoints(texts: list[str]) -> np.ndarray:
    chars = np.array([len(t) for t in texts], dtype=np.float64) + 1.0
    ends = np.cumsum(chars)
    return (ends - chars / 2.0) / ends[-1]


def _windows(expected: np.ndarray, band: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi): target sentences lo[i]..hi[i]-1, within BAND of source sentence i's expected one."""
    centre = np.rint(expected).astype(np.int64)
    return np.clip(centre - band, 0, m), np.clip(centre + band + 1, 0, m)


def _path(src: IdLists, tgt: IdLists, expected: np.ndarray, band: int) -> np.ndarray:
    """A better expected place per source sentence: through the longest chain of sentence pairs,
    increasing on both sides, that share an id found once in the source sentence's window."""
    n, m = len(src), len(tgt)
    lo, hi = _windows(expected, band, m)
    tgt_keys = np.sort(tgt.ids.astype(np.int64) * (m + 1) + np.repeat(np.arange(m), np.diff(tgt.indptr)))
    rows = np.repeat(np.arange(n), np.diff(src.indptr))
    src_keys = src.ids.astype(np.int64) * (m + 1)  # int64: ids × sentences overflows int32 in a book
    first = np.searchsorted(tgt_keys, src_keys + lo[rows])
    last = np.searchsorted(tgt_keys, src_keys + hi[rows])
    alone = last - first == 1
    points = sorted(zip(rows[alone].tolist(), (tgt_keys[first[alone]] % (m + 1)).tolist()))
    tails: list[int] = []  # patience sorting: tails[k], the chain of k + 1 points ending lowest
    ends: list[int] = []
    before = [-1] * len(points)
    for p, (_, j) in enumerate(points):
        k = bisect.bisect_right(tails, j)
        before[p] = ends[k - 1] if k else -1
        tails[k:k + 1], ends[k:k + 1] = [j], [p]
    chain = []
    p = ends[-1] if ends else -1
    while p >= 0:
        chain.append(points[p])
        p = before[p]
    if not chain:  # no anchors: the characters are all there is
        return expected
    i, j = np.array([(-1, -1), *chain[::-1], (n, m)], dtype=np.float64).T
    keys, start = np.unique(i, return_index=True)
    mean_j = np.add.reduceat(j, start) / np.diff(np.append(start, len(j)))
    return np.interp(np.arange(n), keys, mean_j)


def learn_pairs(src: IdLists, tgt: IdLists, windows: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """src_link[a]: the pair number of source word a (-1: none), tgt_link[b] the same of target
    word b, for the pairs competitive linking keeps among those clearly associated in the cells."""
    lo, hi = windows
    n_src_words = int(src.ids.max(initial=-1)) + 1
    n_tgt_words = int(tgt.ids.max(initial=-1)) + 1
    none = (np.full(n_src_words, -1, dtype=np.int64), np.full(n_tgt_words, -1, dtype=np.int64))
    if not n_src_words or not n_tgt_words:
        return none
    keys, shared = _shared_cells(src, tgt, lo, hi, n_tgt_words)
    a, b = keys // n_tgt_words, keys % n_tgt_words
    # Marginals over the cells (i, j), j in i's window: cells whose source has a, whose target has b.
    width = (hi - lo).astype(np.float64)
    covered = np.bincount(lo, minlength=len(tgt) + 1) - np.bincount(hi, minlength=len(tgt) + 1)
    cover = np.cumsum(covered)[: len(tgt)].astype(np.float64)  # source windows holding target j
    src_rows = np.repeat(np.arange(len(src)), np.diff(src.indptr))
    tgt_rows = np.repeat(np.arange(len(tgt)), np.diff(tgt.indptr))
    src_cells = np.bincount(src.ids, weights=width[src_rows], minlength=n_src_words)
    tgt_cells = np.bincount(tgt.ids, weights=cover[tgt_rows], minlength=n_tgt_words)
    src_count = np.bincount(src.ids, minlength=n_src_words)
    tgt_count = np.bincount(tgt.ids, minlength=n_tgt_words)
    score = _llr(shared, src_cells[a], tgt_cells[b], float(width.sum()))
    rarer = np.minimum(src_count[a], tgt_count[b])
    good = (score >= MIN_LLR) & (np.minimum(shared, rarer) >= MIN_COVER * rarer)
    a, b, score = a[good], b[good], score[good]
    src_link, tgt_link = none
    order = np.lexsort((b, a, -score))  # strongest first; ties in word order, for determinism
    pairs = 0
    for ai, bi in zip(a[order].tolist(), b[order].tolist()):
        if src_link[ai] < 0 and tgt_link[bi] < 0:
            src_link[ai] = tgt_link[bi] = pairs
            pairs += 1
    return src_link, tgt_link


def _shared_cells(src: IdLists, tgt: IdLists, lo: np.ndarray, hi: np.ndarray, n_tgt_words: int):
    """(key, cells) of every word pair a * n_tgt_words + b that shares at least MIN_COUNT cells."""
    src_rows = np.repeat(np.arange(len(src)), np.diff(src.indptr))
    starts = tgt.indptr[lo[src_rows]]
    lengths = tgt.indptr[hi[src_rows]] - starts  # target words in the window of each source word
    ends = np.cumsum(lengths)
    found_keys, found_counts = [], []
    first = 0
    while first < len(src.ids):
        last = max(int(np.searchsorted(ends, ends[first] - lengths[first] + BLOCK_CELLS, side="right")), first + 1)
        block_lengths = lengths[first:last]
        offsets = np.arange(int(block_lengths.sum())) - np.repeat(np.cumsum(block_lengths) - block_lengths, block_lengths)
        b = tgt.ids[np.repeat(starts[first:last], block_lengths) + offsets]
        keys = np.repeat(src.ids[first:last].astype(np.int64), block_lengths) * n_tgt_words + b
        unique, counts = np.unique(keys, return_counts=True)
        found_keys.append(unique)
        found_counts.append(counts)
        first = last
    keys = np.concatenate(found_keys)
    counts = np.concatenate(found_counts)
    if len(found_keys) > 1:
        keys, inverse = np.unique(keys, return_inverse=True)
        counts = np.bincount(inverse, weights=counts).astype(np.int64)
    kept = counts >= MIN_COUNT
    return keys[kept], counts[kept].astype(np.float64)


def _llr(both: np.ndarray, src: np.ndarray, tgt: np.ndarray, total: float) -> np.ndarray:
    """Dunning's G² of the 2×2 table of cells (word a there or not × word b there or not);
    negative where the pair shares fewer cells than chance would give it."""
    observed = np.stack([both, src - both, tgt - both, total - src - tgt + both])
    rows = np.stack([src, src, total - src, total - src])
    cols = np.stack([tgt, total - tgt, tgt, total - tgt])
    expected = rows * cols / total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    g2 = 2.0 * terms.sum(axis=0)
    return np.where(both > expected[0], g2, -g2)


def _side(words: IdLists, link: np.ndarray | None = None) -> LexicalWords:
    """Each sentence's pair numbers, from its words' (LINK None: no pairs)."""
    if link is None:
        link = np.full(int(words.ids.max(initial=-1)) + 1, -1, dtype=np.int64)
    ids = words.renumbered(link)
    return LexicalWords(ids, np.diff(ids.indptr).astype(np.float64), learned=True)
