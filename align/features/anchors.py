"""Lexical anchors: names and numbers that survive translation.

An English name like "Qingyang" or "Chen Qingyang" is the pinyin of 2-3
Chinese characters (清扬, 陈清扬); digits are written the same in both
languages; acronyms (RCEP, CBTC) stay in Latin letters. Every sentence gets
a set of keys; a bead whose two sides share keys gains, one whose keys find
their partners outside the bead loses (align.aligner.evidence). Keys become
ids once per document pair, over the keys found on both sides (`shared_key_ids`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..languages import HAN_CLASS
from .ids import IdLists

_LATIN_NAME = re.compile(r"[A-Z][A-Za-z]+(?:['’]s)?")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
COMMON_WORDS = {
    "women", "ta", "men", "an", "hen", "he", "she", "shang", "ren", "zhe", "na", "nian",
}
"""English capitalized words that are also 2-3 syllable pinyin by accident."""


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


def shared_key_ids(src_texts: list[str], tgt_texts: list[str]) -> tuple[IdLists, IdLists]:
    """Each sentence's keys as ids over the keys found on both sides, numbered in sorted
    order. A chunk's own shared keys are among these, so the aligner's per-chunk vocabulary
    (align.aligner.evidence) is a subset of them, in the same order."""
    src_vocabulary, src_ids = _numbered_keys(src_texts)
    tgt_vocabulary, tgt_ids = _numbered_keys(tgt_texts)
    column = {key: k for k, key in enumerate(sorted(src_vocabulary.keys() & tgt_vocabulary.keys()))}

    def renumbered(vocabulary: dict[str, int], ids: IdLists) -> IdLists:
        return ids.renumbered(np.array([column.get(key, -1) for key in vocabulary], dtype=np.int64))

    return renumbered(src_vocabulary, src_ids), renumbered(tgt_vocabulary, tgt_ids)


def _numbered_keys(texts: list[str]) -> tuple[dict[str, int], IdLists]:
    """The keys of one side numbered in order of appearance, and each sentence's as ids:
    a book has a few keys per character, each distinct string is kept once."""
    vocabulary: dict[str, int] = {}
    ids = IdLists.from_sets([vocabulary.setdefault(key, len(vocabulary)) for key in anchor_keys(t)] for t in texts)
    return vocabulary, ids
