"""Split text into sentences, by paragraph, with per-language rules.

One module per language with rules of its own (english, chinese, japanese,
korean, german, french, russian, spanish, arabic, thai); every other language
gets sentencex's rules for it plus our repair pass (align.segment.rules).
"""

from __future__ import annotations

import importlib
import unicodedata
from functools import lru_cache

from ..languages import get_language
from ..model import Sentence
from .rules import Rules, split_with_rules

SEGMENTERS = {
    "en": ("english", "split_english"),
    "zh": ("chinese", "split_chinese"),
    "ja": ("japanese", "split_japanese"),
    "ko": ("korean", "split_korean"),
    "de": ("german", "split_german"),
    "fr": ("french", "split_french"),
    "ru": ("russian", "split_russian"),
    "es": ("spanish", "split_spanish"),
    "ar": ("arabic", "split_arabic"),
    "th": ("thai", "split_thai"),
}
"""Primary language subtag → (module, function) of the languages with rules of their own."""

CJK_SCRIPTS = {"Hans", "Hant", "Jpan"}
"""Scripts whose characters each carry about a word: their overlong sentences are cut shorter."""

RULES_VERSION = "rules-1"
"""The segmentation rules' version, in every result's signature (align.signature): bump it
when a rule change moves sentence boundaries for a language that already had rules, so that
batches re-align (a language given rules of its own for the first time had no results before)."""
MAX_SENTENCE_CHARS = 1000
"""Latin-script runs without sentence punctuation are cut at this length, so one
"sentence" (a pasted table, a page without full stops) cannot dominate a bead or
the encoder's input."""
MAX_CJK_SENTENCE_CHARS = 400
"""The same for Chinese: a Chinese character carries about as much as three Latin
letters, so this keeps cut pieces about as long as their English counterparts."""

_CLAUSE_BREAKS = "，,；;：:、"
_SPACES = " \t\u3000"


def split_paragraphs(text: str) -> list[str]:
    """Each non-blank line is a paragraph: sentences never run across a line break."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_sentences(paragraph: str, lang: str) -> list[str]:
    language = get_language(lang)
    limit = MAX_CJK_SENTENCE_CHARS if language.script in CJK_SCRIPTS else MAX_SENTENCE_CHARS
    pieces = splitter(language.subtag)(paragraph)
    return [part for piece in pieces for part in _cut_overlong(piece, limit)]


@lru_cache(maxsize=None)
def splitter(subtag: str):
    """The function that splits a paragraph of this language into sentences."""
    if subtag in SEGMENTERS:
        module, function = SEGMENTERS[subtag]
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)
    rules = Rules(subtag)
    return lambda paragraph: split_with_rules(paragraph, rules)


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
    """Pieces of at most `limit` characters, cut after a clause mark, else at a space, else hard."""
    pieces = []
    rest = sentence
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        piece = rest[:cut].strip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:]
    if rest.strip():
        pieces.append(rest.strip())
    return pieces


def _cut_point(text: str, limit: int) -> int:
    floor = limit // 2  # never cut so early that the pieces become tiny
    clause = max(text.rfind(c, floor, limit) for c in _CLAUSE_BREAKS)
    if clause >= floor:
        return clause + 1
    space = max(text.rfind(c, floor, limit) for c in _SPACES)
    if space >= floor:
        return space + 1
    cut = limit
    while cut > floor and _attaches_to_previous(text, cut):
        cut -= 1
    return cut if cut > floor else limit


def _attaches_to_previous(text: str, index: int) -> bool:
    """A hard cut before `index` would split a character from its accent, or an emoji sequence."""
    ch, before = text[index], text[index - 1]
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200d"
        or before == "\u200d"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF
    )
