"""Text features as arrays: what the sentences say besides their vectors.

Each document pair's sentences are read once here (lengths, punctuation cues,
page-chrome flags, name and number anchors, dictionary words) and become
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
    lexical: LexicalWords | None = None
    """Dictionary words in the pair's vocabulary, or None without a dictionary for the pair."""

    def __len__(self) -> int:
        return len(self.chars)


def char_count(text: str) -> int:
    """Characters other than whitespace."""
    return len("".join(text.split()))


def pair_features(
    src_texts: list[str], tgt_texts: list[str], lexicon: Lexicon | None = None
) -> tuple[SideFeatures, SideFeatures]:
    """Both sides' features. LEXICON: the pair's dictionary (see lexicon_for), or None."""
    src_anchors, tgt_anchors = shared_key_ids(src_texts, tgt_texts)
    src_words, tgt_words = lexicon.pair_words(src_texts, tgt_texts) if lexicon is not None else (None, None)
    return _side(src_texts, src_anchors, src_words), _side(tgt_texts, tgt_anchors, tgt_words)


def _side(texts: list[str], anchors: IdLists, lexical: LexicalWords | None) -> SideFeatures:
    return SideFeatures(
        chars=np.array([char_count(t) for t in texts], dtype=np.float64),
        cues=cue_counts(texts),
        chrome=np.array([looks_like_chrome(t) for t in texts], dtype=bool),
        anchors=anchors,
        lexical=lexical,
    )


__all__ = ["IdLists", "LEXICONS", "LexicalWords", "Lexicon", "SideFeatures", "lexicon_for", "pair_features"]
