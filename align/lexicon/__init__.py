"""Bilingual dictionaries: word-level evidence that two sentences translate each other.

A sentence encoder sees meaning but blurs the edges of a bead: a short
sentence next to a long one barely moves a run's vector. A dictionary sees
words: "Could this be the Palace?" shares "palace" with 皇宫 whichever bead
the sentence ends up in, and the aligner prefers the bead that keeps such
pairs together. One module per language pair; `lexicon_for` picks one, or None
where the project has no dictionary for the pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

LEXICONS = "zh-en:cc-cedict"
"""The dictionaries in use, for the signature of every result."""


@dataclass(frozen=True)
class LexicalMatches:
    """counts[i, j]: words of target sentence j that some word of source sentence i
    translates (each counted once per pair); src_words / tgt_words: the dictionary
    words each sentence has, the most either side of a pair can match."""

    counts: np.ndarray
    src_words: np.ndarray
    tgt_words: np.ndarray


class Lexicon(Protocol):
    name: str

    def matches(self, src_texts: list[str], tgt_texts: list[str]) -> LexicalMatches: ...


def lexicon_for(src_lang: str | None, tgt_lang: str | None) -> Lexicon | None:
    """The dictionary for a pair of language tags (either direction), or None."""
    families = (_family(src_lang), _family(tgt_lang))
    if families == ("zh", "en"):
        from .zh_en import chinese_english

        return chinese_english(reverse=False)
    if families == ("en", "zh"):
        from .zh_en import chinese_english

        return chinese_english(reverse=True)
    return None


def _family(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()
