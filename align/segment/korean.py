"""Sentence rules for Korean: sentencex and the repair pass (align.segment.rules).

Korean is written with spaces and Western punctuation, and Hangul has no
capitals, so any letter after . ? ! starts a sentence. Dates are written with
full stops and spaces (`2024. 3. 15.`) and never end one; a quotation glued to
the verb that reports it ("갈까?"라고 물었다) stays in its sentence.
"""

from __future__ import annotations

import re

from .rules import Rules, split_with_rules

_DATE_PART = re.compile(r"(?:^|\s)\d{1,4}$")
"""A number right before the stop: `2024.`, `3.` of a date."""
_DATE_BEFORE = re.compile(r"\d{2,4}\.\s?\d{1,2}\.\s?\d{1,2}$")


def _keeps_going(before: str, after: str) -> bool:
    """`2024. 3. 15.`: a number followed by another number, or the end of a full date."""
    if _DATE_PART.search(before) and after[:1].isdigit():
        return True
    return bool(_DATE_BEFORE.search(before))


RULES = Rules("ko", keeps_going=_keeps_going, closers="'\"’”)]」』", openers="'\"“‘([「『")


def split_korean(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
