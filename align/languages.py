"""Language tags the toolkit understands, and what each implies for the pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Language:
    tag: str
    """BCP 47 tag used in file names (`en.txt`, `zh-Hant.txt`) and on the command line."""
    script: str
    """'latin', 'hans' or 'hant': selects segmentation rules and script normalization."""
    tmx_code: str
    """Default code in TMX: CAT tools match on language and country."""
    name: str


LANGUAGES: dict[str, Language] = {
    lang.tag: lang
    for lang in (
        Language("en", "latin", "en-US", "English"),
        Language("zh-Hans", "hans", "zh-CN", "Simplified Chinese"),
        Language("zh-Hant", "hant", "zh-TW", "Traditional Chinese"),
    )
}

ALIASES = {
    "en-us": "en",
    "en-gb": "en",
    "english": "en",
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-hant": "zh-Hant",
}


def get_language(tag: str) -> Language:
    """Resolve a tag or common alias (`zh-CN`, `zh-TW`, `zh`) to a Language; case-insensitive."""
    key = tag.strip()
    if key in LANGUAGES:
        return LANGUAGES[key]
    folded = ALIASES.get(key.lower())
    if folded is None:
        folded = next((t for t in LANGUAGES if t.lower() == key.lower()), None)
    if folded is None:
        known = ", ".join(LANGUAGES)
        raise UsageError(f"unknown language tag {tag!r} (known: {known})")
    return LANGUAGES[folded]


def is_chinese(tag: str) -> bool:
    return get_language(tag).script in ("hans", "hant")


def joiner(tag: str) -> str:
    """What goes between two sentences of this language written as one text."""
    return "" if is_chinese(tag) else " "


HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Chinese characters: CJK unified ideographs, extensions A-F, compatibility ideographs."""
HAN = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    """A Chinese character (one character; see HAN)."""
    return bool(ch) and HAN.fullmatch(ch) is not None
