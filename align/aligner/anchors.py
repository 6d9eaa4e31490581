"""Lexical anchors: names and numbers that survive translation.

An English name like "Qingyang" or "Chen Qingyang" is the pinyin of 2-3
Chinese characters (清扬, 陈清扬); digits are written the same in both
languages; acronyms (RCEP, CBTC) stay in Latin letters. Every sentence gets
a set of keys; a bead whose two sides share keys gains, one whose keys find
their partners outside the bead loses.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..languages import HAN_CLASS

_LATIN_NAME = re.compile(r"[A-Z][A-Za-z]+(?:['’]s)?")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
COMMON_WORDS = {
    "women", "ta", "men", "an", "hen", "he", "she", "shang", "ren", "zhe", "na", "nian",
}
"""English capitalized words that are also 2-3 syllable pinyin by accident."""


MAX_SENTENCES_PER_KEY = 3
"""Keys found in more sentences than this on either side are too common to anchor anything."""


@lru_cache(maxsize=None)
def _char_pinyin(ch: str) -> str:
    """The most common reading of one character: names rarely use the rarer ones, and
    per-character lookups are a hundred times faster than phrase-aware conversion."""
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return reading[0] if reading else ""


def _pinyin(run: str) -> tuple[str, ...]:
    return tuple(_char_pinyin(ch) for ch in run)


def anchor_keys(text: str) -> frozenset[str]:
    keys: set[str] = set()
    for number in _DIGITS.findall(text):
        keys.add("#" + number.replace(",", "").rstrip("."))
    names = [m.group(0).split("'")[0].split("’")[0] for m in _LATIN_NAME.finditer(text)]
    for name in names:
        lower = name.lower()
        if lower not in COMMON_WORDS:
            keys.add(lower)
    for first, second in zip(names, names[1:]):
        keys.add((first + second).lower())
    for run in _HAN_RUN.findall(text):
        syllables = _pinyin(run)
        if not all(syllables):
            continue
        for size in (2, 3):
            for start in range(len(syllables) - size + 1):
                keys.add("".join(syllables[start : start + size]))
    return frozenset(keys)


def shared_incidence(src_keys: list[frozenset], tgt_keys: list[frozenset]) -> tuple[np.ndarray, np.ndarray] | None:
    """Sentence × key 0/1 matrices over the keys found on both sides (None when there are none)."""
    vocabulary = sorted(_rare(src_keys) & _rare(tgt_keys))
    if not vocabulary:
        return None
    column = {key: k for k, key in enumerate(vocabulary)}

    def matrix(keys_per_sentence):
        out = np.zeros((len(keys_per_sentence), len(vocabulary)), dtype=np.float32)
        for row, keys in enumerate(keys_per_sentence):
            for key in keys:
                if key in column:
                    out[row, column[key]] = 1.0
        return out

    return matrix(src_keys), matrix(tgt_keys)


def _rare(keys_per_sentence: list[frozenset]) -> set[str]:
    counts: dict[str, int] = {}
    for keys in keys_per_sentence:
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count <= MAX_SENTENCES_PER_KEY}


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
