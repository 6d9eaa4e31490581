"""Does a file's script match its language tag? Cyrillic in `en.txt`, English in
`zh-Hans.txt`, Traditional characters in `zh-Hans.txt` or Japanese in `zh-Hant.txt`
are usually a misnamed file.

Letters are counted by Unicode script (see SCRIPT_RANGES): alphabets in words,
Chinese characters and kana one by one, so Chinese text full of English product
names still reads as Chinese. Japanese is Chinese characters with kana; a
"Chinese" file with much kana is Japanese, a "Japanese" one without it Chinese.
Simplified and Traditional are told apart by characters that exist in only one
of the two scripts (OpenCC's character maps); shared characters say nothing
either way.
"""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from dataclasses import dataclass, field

from .errors import AlignError
from .languages import get_language

log = logging.getLogger("align")

SAMPLE_CHARS = 50_000
"""Enough text to judge; a whole book would only cost time."""
MIN_UNITS = 20
"""Below this many words + Chinese characters a file is too short to judge."""
MIN_OWN_SHARE = 0.3
"""A file whose own script holds less than this share of its words + characters looks like
another language (0.3: English names in Chinese text, or quoted Chinese in English, are fine)."""
MIN_KANA_SHARE = 0.1
"""Japanese prose is about half kana; a `ja` file with less than this share of kana among its
Chinese characters and kana is Chinese. (A `ko` file needs more Hangul than Chinese characters.)"""
MAX_KANA_SHARE_FOR_CHINESE = 0.1
"""A Chinese file with more kana (or Hangul) than this share of its text is Japanese (or Korean)."""
SCRIPT_DOMINANCE = 2.0
"""One Chinese script's own characters must outnumber the other's this many times to call it."""
MIN_SCRIPT_CHARS = 5
CHARS_PER_WORD = {"Thai": 4.0, "Laoo": 4.0, "Khmr": 4.0, "Mymr": 4.0, "Tibt": 4.0}
"""Scripts written without spaces between words: this many letters count as one word."""

SCRIPT_RANGES = [
    (0x0041, 0x024F, "Latn"), (0x0370, 0x03FF, "Grek"), (0x0400, 0x052F, "Cyrl"), (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"), (0x0600, 0x06FF, "Arab"), (0x0750, 0x077F, "Arab"), (0x08A0, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"), (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"), (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"), (0x0B80, 0x0BFF, "Taml"), (0x0C00, 0x0C7F, "Telu"), (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"), (0x0D80, 0x0DFF, "Sinh"), (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"), (0x1000, 0x109F, "Mymr"), (0x10A0, 0x10FF, "Geor"), (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"), (0x1780, 0x17FF, "Khmr"), (0x1C80, 0x1C8F, "Cyrl"), (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"), (0x2C60, 0x2C7F, "Latn"), (0x2DE0, 0x2DFF, "Cyrl"), (0x3005, 0x3007, "Hani"),
    (0x3040, 0x30FF, "Kana"), (0x3130, 0x318F, "Hang"), (0x31F0, 0x31FF, "Kana"), (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"), (0xA640, 0xA69F, "Cyrl"), (0xA720, 0xA7FF, "Latn"), (0xA960, 0xA97F, "Hang"),
    (0xAC00, 0xD7FF, "Hang"), (0xF900, 0xFAFF, "Hani"), (0xFB1D, 0xFB4F, "Hebr"), (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"), (0xFF21, 0xFF5A, "Latn"), (0xFF66, 0xFF9F, "Kana"), (0x20000, 0x3134F, "Hani"),
]
"""Unicode blocks of the scripts we check, as (first, last code point, ISO 15924 code); 'Kana'
covers hiragana and katakana, 'Hani' Chinese characters."""
_STARTS = [start for start, _, _ in SCRIPT_RANGES]

CHARACTER_SCRIPTS = {"Hani", "Kana"}
"""Counted one character at a time (a Chinese character is about a word)."""

EXPECTED = {"Hans": {"Hani"}, "Hant": {"Hani"}, "Jpan": {"Hani", "Kana"}, "Kore": {"Hang", "Hani"}}
"""The Unicode scripts a language's text is written in, where that is not its own script code."""

DESCRIPTIONS = {
    "Latn": "Latin-script words", "Hani": "Chinese characters", "Kana": "Japanese kana",
    "Hang": "Korean Hangul", "Cyrl": "Cyrillic", "Arab": "Arabic script", "Grek": "Greek",
    "Hebr": "Hebrew", "Thai": "Thai", "Deva": "Devanagari",
}


def script_of(ch: str) -> str | None:
    """The ISO 15924 code of a letter's script (see SCRIPT_RANGES), or None."""
    cp = ord(ch)
    k = bisect.bisect_right(_STARTS, cp) - 1
    if k >= 0 and cp <= SCRIPT_RANGES[k][1] and (ch.isalpha() or SCRIPT_RANGES[k][2] in CHARACTER_SCRIPTS):
        return SCRIPT_RANGES[k][2]
    return None


@dataclass(frozen=True)
class ScriptProfile:
    units: dict[str, float] = field(default_factory=dict)
    """Words per alphabetic script, characters for Chinese characters and kana."""
    simplified_only: int = 0
    """Chinese characters that OpenCC changes when converting Simplified → Traditional."""
    traditional_only: int = 0
    """Chinese characters that OpenCC changes when converting Traditional → Simplified."""

    @property
    def total(self) -> float:
        return sum(self.units.values())

    def share(self, scripts) -> float:
        total = self.total
        return sum(self.units.get(s, 0.0) for s in scripts) / total if total else 0.0

    def dominant(self) -> str | None:
        return max(self.units, key=self.units.get) if self.units else None


def script_profile(text: str, chinese: bool = True) -> ScriptProfile:
    """Count the sample's words and characters per script; CHINESE: also tell Simplified from Traditional."""
    sample = text[:SAMPLE_CHARS]
    units: Counter = Counter()
    han: Counter = Counter()
    previous = None
    for ch in sample:
        script = script_of(ch)
        if script in CHARACTER_SCRIPTS:
            units[script] += 1
            if script == "Hani":
                han[ch] += 1
        elif script in CHARS_PER_WORD:
            units[script] += 1.0 / CHARS_PER_WORD[script]
        elif script is not None and script != previous:
            units[script] += 1  # the first letter of a word
        previous = script
    simplified_only = traditional_only = 0
    if chinese and han:
        from .normalize import convert_script  # OpenCC: only for Chinese, and not for `align tmx`

        distinct = sorted(han)
        # One OpenCC call per direction for all distinct characters, one per line.
        as_traditional = convert_script("\n".join(distinct), "s2t").split("\n")
        as_simplified = convert_script("\n".join(distinct), "t2s").split("\n")
        simplified_only = sum(han[ch] for ch, other in zip(distinct, as_traditional) if other != ch)
        traditional_only = sum(han[ch] for ch, other in zip(distinct, as_simplified) if other != ch)
    return ScriptProfile(dict(units), simplified_only, traditional_only)


def script_mismatch(text: str, lang: str) -> str | None:
    """Why the text does not look like `lang`, or None when it does (or cannot be told)."""
    language = get_language(lang)
    chinese = language.script in ("Hans", "Hant")
    profile = script_profile(text, chinese)
    if profile.total < MIN_UNITS:
        return None
    expected = EXPECTED.get(language.script, {language.script})
    tagged = f"tagged {language.tag}"
    if profile.share(expected) < MIN_OWN_SHARE:
        return f"{tagged} but the text is mostly {_describe(profile.dominant())}"
    if chinese:
        for script, what in (("Kana", "Japanese kana: is it Japanese (ja)"), ("Hang", "Korean Hangul: is it Korean (ko)")):
            if profile.share({script}) > MAX_KANA_SHARE_FOR_CHINESE:
                return f"{tagged} but the text has {what}?"
        return _chinese_script_mismatch(profile, language.script, tagged)
    kana, han, hangul = (profile.units.get(s, 0.0) for s in ("Kana", "Hani", "Hang"))
    if language.script == "Jpan" and kana < MIN_KANA_SHARE * (kana + han):
        return f"{tagged} but the text has almost no kana: it reads as Chinese"
    if language.script == "Kore" and hangul < han:
        return f"{tagged} but the text is mostly Chinese characters, with little Hangul"
    return None


def _chinese_script_mismatch(profile: ScriptProfile, script: str, tagged: str) -> str | None:
    s, t = profile.simplified_only, profile.traditional_only
    if script == "Hans" and t >= MIN_SCRIPT_CHARS and t >= SCRIPT_DOMINANCE * s:
        return f"{tagged} (Simplified) but the text is written in Traditional characters"
    if script == "Hant" and s >= MIN_SCRIPT_CHARS and s >= SCRIPT_DOMINANCE * t:
        return f"{tagged} (Traditional) but the text is written in Simplified characters"
    return None


def _describe(script: str | None) -> str:
    return DESCRIPTIONS.get(script or "", f"{script} script")


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
