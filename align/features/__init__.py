"""Text features as arrays: what the sentences say besides their vectors.

Each document pair's sentences are read once here (lengths, punctuation cues,
page-chrome flags, sentence fragments, name and number anchors, dictionary
words), as each side's language writes them, and become
numbers and integer ids per sentence (`SideFeatures`); the aligner
(align.aligner) works on those arrays and never sees a text. Features whose
vocabulary depends on the other side (anchor keys found on both sides,
dictionary words) are numbered once per pair (`pair_features`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .anchors import shared_key_ids
from .chrome import looks_like_chrome
from .cues import cue_counts
from .fragments import continues_lower_case, inside_brackets
from .ids import IdLists
from .lexicon import LEXICONS, Lexicon, LexicalWords, lexicon_for


@dataclass(frozen=True)
class SideFeatures:
    """One document of a pair, one entry (or row) per sentence."""

    chars: np.ndarray
    """Characters other than whitespace (float64): the length model's unit."""
    cues: np.ndarray
    """cues[i, k]: how often punctuation cue k occurs (float32; align.features.cues)."""
    chrome: np.ndarray
    """Whether the sentence looks like a page widget (bool; align.features.chrome)."""
    anchors: IdLists
    """Anchor keys found on both sides of the pair (align.features.anchors)."""
    lower_start: np.ndarray
    """1.0 where the sentence starts in lower case: it goes on from the one before (float32;
    align.features.fragments)."""
    in_brackets: np.ndarray
    """1.0 where it closes a bracket the sentence before left open (float32; align.features.fragments)."""
    lexical: LexicalWords | None = None
    """Dictionary (or learned) words in the pair's vocabulary, or None without a lexicon."""

    def __len__(self) -> int:
        return len(self.chars)


def char_count(text: str) -> int:
    """Characters other than whitespace."""
    return len("".join(text.split()))


def pair_features(
    src_texts: list[str],
    tgt_texts: list[str],
    lexicon: Lexicon | None = None,
    langs: tuple[str | None, str | None] = (None, None),
) -> tuple[SideFeatures, SideFeatures]:
    """Both sides' features. LEXICON: the pair's dictionary (see lexicon_for), or None. LANGS:
    the two sides' language tags, for the cues, numbers and names read in each (None: unknown,
    read as English and Chinese are)."""
    src_anchors, tgt_anchors = shared_key_ids(src_texts, tgt_texts, langs)
    src_words, tgt_words = lexicon.pair_words(src_texts, tgt_texts, (src_anchors, tgt_anchors)) if lexicon is not None else (None, None)
    return _side(src_texts, src_anchors, src_words, langs[0]), _side(tgt_texts, tgt_anchors, tgt_words, langs[1])


def _side(texts: list[str], anchors: IdLists, lexical: LexicalWords | None, lang: str | None) -> SideFeatures:
    return SideFeatures(
        chars=np.array([char_count(t) for t in texts], dtype=np.float64),
        cues=cue_counts(texts, lang),
        chrome=np.array([looks_like_chrome(t) for t in texts], dtype=bool),
        anchors=anchors,
        lower_start=continues_lower_case(texts),
        in_brackets=inside_brackets(texts),
        lexical=lexical,
    )


__all__ = ["IdLists", "LEXICONS", "LexicalWords", "Lexicon", "SideFeatures", "lexicon_for", "pair_features"]
