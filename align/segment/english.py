"""Sentence splitting for English.

sentencex does the first cut (abbreviations, initials, decimals). It keeps
quoted speech whole ("Well? Had enough?") and takes some common words for
abbreviations ("me." as Maine), so a second pass splits at terminal
punctuation followed by a capitalised word, unless the word before the stop
is a known abbreviation or an initial. This matches how hand-aligned corpora
segment dialogue.
"""

from __future__ import annotations

import re

import sentencex

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "no", "nos",
    "vol", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev", "hon", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "ltd", "co", "corp", "dept", "univ", "approx", "e.g", "i.e", "u.s", "u.k",
    "u.n", "a.m", "p.m", "ph.d", "cf", "al", "op", "pp", "ed", "eds",
}

_BOUNDARY = re.compile(
    r"""(?P<stop>[.!?…]+)(?P<close>['"’”)\]]*)\s+(?=['"“‘(\[]*[A-Z0-9])"""
)


def split_english(paragraph: str) -> list[str]:
    out: list[str] = []
    for piece in _rejoin_false_splits(paragraph, list(sentencex.segment("en", paragraph))):
        out.extend(_split_missed_boundaries(piece.strip()))
    return [s for s in out if s]


def _rejoin_false_splits(paragraph: str, pieces: list[str]) -> list[str]:
    """Undo cuts inside a token ("China-U.|S.") or before a lower-case word."""
    merged: list[str] = []
    position = 0
    for piece in pieces:
        start = paragraph.find(piece, position)
        if start < 0:  # the segmenter changed the text; trust it as is
            merged.append(piece)
            continue
        end = start + len(piece)
        glued = start > 0 and not paragraph[start - 1].isspace() and not piece[:1].isspace()
        lower = piece.strip()[:1].islower()
        if merged and (glued or lower):
            merged[-1] = merged[-1] + paragraph[position:end]
        else:
            merged.append(piece)
        position = end
    return merged


def _split_missed_boundaries(sentence: str) -> list[str]:
    pieces = []
    start = 0
    for match in _BOUNDARY.finditer(sentence):
        if match.group("stop") == "." and _is_abbreviation(sentence[start : match.start()]):
            continue
        end = match.end("close")
        pieces.append(sentence[start:end].strip())
        start = match.end()
    pieces.append(sentence[start:].strip())
    return [p for p in pieces if p]


def _is_abbreviation(text_before_stop: str) -> bool:
    words = text_before_stop.split()
    if not words:
        return True
    word = words[-1].lstrip("'\"“‘([").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Joseph R. Biden"
    return word in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))
