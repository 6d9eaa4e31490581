"""Sentence splitting for English.

sentencex does the first cut (abbreviations, initials, decimals). It keeps
quoted speech whole ("Well? Had enough?") and takes some common words for
abbreviations ("me." as Maine), so a second pass splits at terminal
punctuation followed by a capitalised word, unless the word before the stop
is a known abbreviation or an initial. This matches how hand-aligned corpora
segment dialogue. The passes live in align.segment.rules; these are the English rules.
"""

from __future__ import annotations

from .rules import Rules, split_with_rules

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "no", "nos",
    "vol", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev", "hon", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "ltd", "co", "corp", "dept", "univ", "approx", "e.g", "i.e", "u.s", "u.k",
    "u.n", "a.m", "p.m", "ph.d", "cf", "al", "op", "pp", "ed", "eds",
}

RULES = Rules(
    "en",
    never_end=frozenset(ABBREVIATIONS),
    split_after_periods=True,
    initials_any_case=True,
    ascii_starts=True,
    dialogue_dashes=False,
    closers="'\"’”)]",
    openers="'\"“‘([",
)


def split_english(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
