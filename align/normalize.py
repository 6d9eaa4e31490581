"""Script normalization for matching only: exported text is always the original.

Traditional Chinese is converted to Simplified with OpenCC's phrase-aware
profiles (Taiwan: `tw2sp`, Hong Kong: `hk2s`), so that both scripts reach the
encoder in the form it saw most in training; full-width ASCII is folded to
half-width (NFKC) in every language.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

from .languages import get_language

TRADITIONAL_PROFILES = ("tw2sp", "hk2s", "t2s")


@lru_cache(maxsize=None)
def _converter(profile: str) -> opencc.OpenCC:
    return opencc.OpenCC(profile)


def convert_script(text: str, profile: str) -> str:
    """Any OpenCC conversion by profile name (`s2twp`, `tw2sp`, …)."""
    return _converter(profile).convert(text)


def fold_width(text: str) -> str:
    """Full-width letters/digits to ASCII, but keep CJK punctuation (，。「」) as written."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if 0xFF01 <= ord(ch) <= 0xFF5E and ch.isalnum() else ch
        for ch in text
    )


def normalize(text: str, lang: str, profile: str = "tw2sp") -> str:
    """The form of a sentence that is embedded and compared."""
    text = fold_width(text)
    if get_language(lang).script == "Hant":
        text = _converter(profile).convert(text)
    return text


def normalize_all(texts: list[str], lang: str, profile: str = "tw2sp") -> list[str]:
    return [normalize(t, lang, profile) for t in texts]
