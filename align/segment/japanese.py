"""Sentence rules for Japanese: the Chinese walk (align.segment.chinese) with Japanese marks.

Sentences end after 。！？ (and the full-width ． and half-width ｡ some texts use),
with no space after them. Quotations 「」『』 are split into their sentences as
Chinese ones are, but a quotation followed by a quotative particle belongs to
the sentence that reports it: 「行こう。」と彼は言った。 is one sentence.
"""

from __future__ import annotations

from .chinese import TERMINATORS as CHINESE_TERMINATORS
from .chinese import _continues as _chinese_continues
from .chinese import split_chinese

TERMINATORS = CHINESE_TERMINATORS | set("．｡")
QUOTATIVE_PARTICLES = ("と", "って", "とか", "との", "など", "なんて", "という")
"""What follows a quotation that a clause reports: 「…」と言った, 「…」って聞いた."""
NEW_SENTENCE_WORDS = ("とにかく", "ところで", "ともかく", "とりあえず", "とても")
"""Words that start with a particle's kana but start a sentence: 「さあ。」とにかく行こう。"""


def split_japanese(paragraph: str) -> list[str]:
    return split_chinese(paragraph, terminators=TERMINATORS, continues=_continues)


def _continues(text: str, j: int) -> bool:
    """After a terminator (and its closing quotes) at j: a comma, or a particle that reports the quotation."""
    if _chinese_continues(text, j):
        return True
    after_quote = j > 0 and text[j - 1] in "」』”）"
    return after_quote and text.startswith(QUOTATIVE_PARTICLES, j) and not text.startswith(NEW_SENTENCE_WORDS, j)
