"""Punctuation cues that survive translation: quotations opened and closed, questions, exclamations.

A translator may move words around a sentence but rarely turns a question
into a statement or drops the quotation marks around what a character says.
Each sentence gets a count per cue; a bead whose two sides differ in a count
loses a little (align.aligner.evidence).

The marks are read as each language writes them: “…” and "…" in English and
Chinese, 「…」 in Chinese and Japanese, « … » in French, Russian, Spanish and
Arabic, „…“ and »…« in German (where “ closes), „…” in Polish; questions end in
? ？ ؟ (Arabic, Persian, Urdu), ; in Greek, and in Japanese also in か。; ¿ and ¡
open what ? and ! close, so they are not counted again. An English apostrophe
(don't, the boys') is told from a closing quote.
"""

from __future__ import annotations

import re

import numpy as np

_OPEN = re.compile(r"[“「『﹁«‹„‚]|(?:^|(?<=[\s(\[—–-]))(?:‘|\"(?=\S)|'(?=[^\W_]))")
_CLOSE = re.compile(r"[”」』﹂»›]|(?<=\S)\"|(?<=[.,!?;:…—–-])['’]|['’](?=\s*$)|(?<=[^\Ws])['’](?=[\s,.;:!?—–-])")
_QUESTION = re.compile(r"[?？؟]+")
_EXCLAIM = re.compile(r"[!！]+")

LOW_HIGH_QUOTES = frozenset("de cs sk sl et lt lv is ka bg sq lb gsw".split())
"""Languages whose quotations open low and close high („…“): there “ closes, ‘ closes
after ‚, and »…« opens with » (German books), so the guillemets point inwards."""
_LOW_HIGH_OPEN = re.compile(r"[„‚「『﹁]|»(?=\S)|«(?=\s)|(?:^|(?<=[\s(\[—–-]))(?:\"(?=\S)|'(?=[^\W_]))")
_LOW_HIGH_CLOSE = re.compile(r"[“‘”」』﹂]|(?<=\S)«|(?<=\s)»|(?<=\S)\"|(?<=[.,!?;:…—–-])'|'(?=\s*$)")
_GREEK_QUESTION = re.compile(r"[;;?]+")
_JAPANESE_QUESTION = re.compile(r"[?？]+|か[。.]")

CUES = ("open", "close", "question", "exclamation")


def cue_counts(texts: list[str], lang: str | None = None) -> np.ndarray:
    """counts[i, k]: how often cue k (CUES) occurs in texts[i], read as language LANG writes them."""
    patterns = cue_patterns(lang)
    return np.array([[len(p.findall(t)) for p in patterns] for t in texts], dtype=np.float32).reshape(len(texts), len(CUES))


def cue_patterns(lang: str | None) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The open, close, question and exclamation patterns of a language (tag or None)."""
    subtag = (lang or "").split("-")[0].lower()
    opening, closing = (_LOW_HIGH_OPEN, _LOW_HIGH_CLOSE) if subtag in LOW_HIGH_QUOTES else (_OPEN, _CLOSE)
    question = {"el": _GREEK_QUESTION, "ja": _JAPANESE_QUESTION}.get(subtag, _QUESTION)
    return opening, closing, question, _EXCLAIM
