"""Does a file's script match its language tag? English in `zh-Hans.txt`, or
Traditional characters in `zh-Hans.txt`, are usually a misnamed file.

Latin is counted in words and Han in characters, so Chinese text full of
English product names still reads as Chinese. Simplified and Traditional are
told apart by characters that exist in only one of the two scripts (OpenCC's
character maps); shared characters say nothing either way.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from .errors import AlignError
from .languages import HAN, get_language
from .normalize import convert_script

log = logging.getLogger("align")

SAMPLE_CHARS = 50_000
"""Enough text to judge; a whole book would only cost time."""
MIN_UNITS = 20
"""Below this many words + Han characters a file is too short to judge."""
HAN_SHARE_FOR_CHINESE = 0.3
"""A Chinese edition with fewer Han characters than this (share of words + Han) looks like Latin-script text."""
HAN_SHARE_FOR_LATIN = 0.7
"""An English edition with more than this share of Han characters looks like Chinese."""
SCRIPT_DOMINANCE = 2.0
"""One Chinese script's own characters must outnumber the other's this many times to call it."""
MIN_SCRIPT_CHARS = 5

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


@dataclass(frozen=True)
class ScriptProfile:
    latin_words: int
    han_chars: int
    simplified_only: int
    """Han characters that OpenCC changes when converting Simplified → Traditional."""
    traditional_only: int
    """Han characters that OpenCC changes when converting Traditional → Simplified."""

    @property
    def han_share(self) -> float:
        units = self.latin_words + self.han_chars
        return self.han_chars / units if units else 0.0

    @property
    def units(self) -> int:
        return self.latin_words + self.han_chars

    def looks_like(self) -> str | None:
        """'latin', 'mixed', 'hans', 'hant', 'han' (Chinese, script unclear) or None (too little text)."""
        if self.units < MIN_UNITS:
            return None
        if self.han_share < HAN_SHARE_FOR_CHINESE:
            return "latin"
        if self.han_share <= HAN_SHARE_FOR_LATIN:
            return "mixed"
        s, t = self.simplified_only, self.traditional_only
        if t >= MIN_SCRIPT_CHARS and t >= SCRIPT_DOMINANCE * s:
            return "hant"
        if s >= MIN_SCRIPT_CHARS and s >= SCRIPT_DOMINANCE * t:
            return "hans"
        return "han"


def script_profile(text: str) -> ScriptProfile:
    sample = text[:SAMPLE_CHARS]
    counts = Counter(HAN.findall(sample))
    distinct = sorted(counts)
    # One OpenCC call per direction for all distinct characters, one per line.
    as_traditional = convert_script("\n".join(distinct), "s2t").split("\n")
    as_simplified = convert_script("\n".join(distinct), "t2s").split("\n")
    return ScriptProfile(
        latin_words=len(_LATIN_WORD.findall(sample)),
        han_chars=sum(counts.values()),
        simplified_only=sum(counts[ch] for ch, other in zip(distinct, as_traditional) if other != ch),
        traditional_only=sum(counts[ch] for ch, other in zip(distinct, as_simplified) if other != ch),
    )


def script_mismatch(text: str, lang: str) -> str | None:
    """Why the text does not look like `lang`, or None when it does (or cannot be told)."""
    language = get_language(lang)
    seen = script_profile(text).looks_like()
    if seen is None:
        return None
    if language.script == "latin" and seen in ("hans", "hant", "han"):
        return f"tagged {language.tag} but the text is mostly Chinese characters"
    if language.script in ("hans", "hant") and seen == "latin":
        return f"tagged {language.tag} but the text is mostly Latin-script words, not Chinese"
    if language.script == "hans" and seen == "hant":
        return f"tagged {language.tag} (Simplified) but the text is written in Traditional characters"
    if language.script == "hant" and seen == "hans":
        return f"tagged {language.tag} (Traditional) but the text is written in Simplified characters"
    return None


def check_script(text: str, lang: str, source: str, strict: bool = False) -> str | None:
    """Warn (log) when the text's script does not match its tag; with `strict`, raise instead."""
    reason = script_mismatch(text, lang)
    if reason is None:
        return None
    message = f"{source}: {reason}; is the file named after the right language?"
    if strict:
        raise AlignError(message + " (--strict)")
    log.warning(message)
    return message

