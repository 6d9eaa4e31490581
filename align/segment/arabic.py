"""Sentence rules for Arabic: sentencex and the repair pass (align.segment.rules).

Arabic ends questions with ؟ and has no capitals, so any letter after a
terminator starts a sentence. A single letter with a stop is an abbreviation:
`د.` (Dr.) and `أ.` (Prof.) never end a sentence, the era marks `م.` (AD) and
`هـ.` (AH) after a year may.
"""

from __future__ import annotations

from .rules import Rules, split_with_rules

NEVER_END = {"د", "أ", "أ. د", "ص", "ج", "ت", "س", "ش", "ق", "ط", "ح"}
MAY_END = {"م", "هـ", "ه"}

RULES = Rules(
    "ar",
    never_end=frozenset(NEVER_END),
    may_end=frozenset(MAY_END),
    terminators=".!?؟…۔",
    closers="'\"’”)]»",
    openers="'\"“‘([«",
)


def split_arabic(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
