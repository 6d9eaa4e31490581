"""Bilingual dictionaries: word-level evidence that two sentences translate each other.

A sentence encoder sees meaning but blurs the edges of a bead: a short
sentence next to a long one barely moves a run's vector. A dictionary sees
words: "Could this be the Palace?" shares "palace" with 皇宫 whichever bead
the sentence ends up in, and the aligner prefers the bead that keeps such
pairs together. One module per language pair; `lexicon_for` picks one, or,
where the project has no dictionary for the pair, the lexicon learned from the
document pair itself (learned: hunalign's realign idea). A lexicon turns a document
pair's sentences into word ids once (`LexicalWords`); the aligner counts the
matches of each chunk from the ids (align.aligner.evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..ids import IdLists

LEXICONS = "zh-en:cc-cedict+jieba,other:learned"
"""The dictionaries in use, for the signature of every result."""


@dataclass(frozen=True)
class LexicalWords:
    """One side of a document pair, in a vocabulary of the pair's own: source sentence i and
    target sentence j match in len(set(src.ids.row(i)) & set(tgt.ids.row(j))) words (for
    Chinese–English: English stems that a Chinese word of the pair glosses)."""

    ids: IdLists
    words: np.ndarray
    """words[i]: the dictionary words sentence i has, the most it can match (float64)."""
    learned: bool = False
    """True when the words come from the lexicon learned from the pair (learned): the pair has
    no dictionary, and the aligner uses its weights for such pairs (AlignParams.for_pair)."""


class Lexicon(Protocol):
    name: str

    def pair_words(
        self, src_texts: list[str], tgt_texts: list[str], anchors: tuple[IdLists, IdLists] | None = None
    ) -> tuple[LexicalWords, LexicalWords]:
        """Both sides' words. ANCHORS: the pair's anchor ids (align.features.anchors), for a
        lexicon that learns from where the sentences correspond (learned); a dictionary ignores them."""
        ...


def lexicon_for(src_lang: str | None, tgt_lang: str | None) -> Lexicon | None:
    """The dictionary for a pair of language tags (either direction), or, for any other pair,
    the lexicon learned from the document pair itself (align.features.lexicon.learned)."""
    families = (_family(src_lang), _family(tgt_lang))
    if families == ("zh", "en"):
        from .zh_en import chinese_english

        return chinese_english(reverse=False)
    if families == ("en", "zh"):
        from .zh_en import chinese_english

        return chinese_english(reverse=True)
    from .learned import learned

    return learned()


def _family(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()
