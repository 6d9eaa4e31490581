"""Sentence splitting for Thai: PyThaiNLP's splitter when installed (`pip install 'align[thai]'`).

Thai has no sentence punctuation; a space separates sentences and also
clauses. PyThaiNLP's CRF model tells the two apart. Without it, every space
cuts (clauses come out as sentences: the aligner merges them again, into 1-n
beads) and a warning says so once.
"""

from __future__ import annotations

import logging
from functools import lru_cache

log = logging.getLogger("align")


def split_thai(paragraph: str) -> list[str]:
    tokenize = _pythainlp()
    pieces = tokenize(paragraph) if tokenize else paragraph.split()
    return [p.strip() for p in pieces if p.strip()]


@lru_cache(maxsize=1)
def _pythainlp():
    try:
        from pythainlp.tokenize import sent_tokenize
    except ImportError:
        log.warning("Thai: PyThaiNLP is not installed (pip install 'align[thai]'); splitting sentences at every space")
        return None
    return lambda text: sent_tokenize(text, engine="crfcut")
