"""Punctuation cues that survive translation: quotations opened and closed, questions, exclamations.

A translator may move words around a sentence but rarely turns a question
into a statement or drops the quotation marks around what a character says.
Each sentence gets a count per cue; a bead whose two sides differ in a count
loses a little (align.aligner.evidence). The rules read Chinese 「」“” and
English "…", '…' and ‘…’ alike, and tell an English apostrophe (don't, the
boys') from a closing quote.
"""

from __future__ import annotations

import re

import numpy as np

_OPEN = re.compile(r"[“「『﹁]|(?:^|(?<=[\s(\[—–-]))(?:‘|\"(?=\S)|'(?=[^\W_]))")
_CLOSE = re.compile(r"[”」』﹂]|(?<=\S)\"|(?<=[.,!?;:…—–-])['’]|['’](?=\s*$)|(?<=[^\Ws])['’](?=[\s,.;:!?—–-])")
_QUESTION = re.compile(r"[?？]+")
_EXCLAIM = re.compile(r"[!！]+")
CUES = (_OPEN, _CLOSE, _QUESTION, _EXCLAIM)


def cue_counts(texts: list[str]) -> np.ndarray:
    """counts[i, k]: how often cue k occurs in texts[i]."""
    return np.array([[len(p.findall(t)) for p in CUES] for t in texts], dtype=np.float32).reshape(len(texts), len(CUES))
