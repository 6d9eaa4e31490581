"""Split text into sentences, by paragraph, with per-language rules."""

from __future__ import annotations

from ..languages import get_language
from ..model import Sentence
from .chinese import split_chinese
from .english import split_english

MAX_SENTENCE_CHARS = 1000
"""Longer runs without punctuation are cut here, so one sentence cannot dominate a bead."""


def split_paragraphs(text: str) -> list[str]:
    """Each non-blank line is a paragraph: sentences never run across a line break."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_sentences(paragraph: str, lang: str) -> list[str]:
    script = get_language(lang).script
    if script == "latin":
        pieces = split_english(paragraph)
    else:
        pieces = split_chinese(paragraph)
    return [part for piece in pieces for part in _cut_overlong(piece)]


def segment(text: str, lang: str) -> list[Sentence]:
    """Sentences of a whole text, each tagged with its paragraph number."""
    get_language(lang)
    return [
        Sentence(sentence, paragraph_no)
        for paragraph_no, paragraph in enumerate(split_paragraphs(text))
        for sentence in split_sentences(paragraph, lang)
    ]


def presplit(text: str) -> list[Sentence]:
    """One sentence per line, as given (line numbers become sentence indices)."""
    return [Sentence(line.strip(), number) for number, line in enumerate(text.splitlines())]


def _cut_overlong(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    pieces = []
    rest = sentence
    while len(rest) > limit:
        cut = max(rest.rfind(c, 0, limit) for c in " ，,；;、")
        cut = cut + 1 if cut > limit // 2 else limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:]
    if rest.strip():
        pieces.append(rest.strip())
    return [p for p in pieces if p]
