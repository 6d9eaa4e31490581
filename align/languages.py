"""Language tags the toolkit understands, and what each implies for the pipeline.

Any well-formed BCP 47 tag works (`de`, `pt-BR`, `sr-Latn`, `zh-Hant-HK`): the
script comes from the tag's script subtag or, failing that, from a small
likely-script table (CLDR's likely subtags for the languages people align);
the script picks the segmentation rules, the joiner and the script check. A
tag whose language is not in the table is accepted as Latin script, with a
warning that says how to name another script (`xx-Cyrl`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError

log = logging.getLogger("align")


@dataclass(frozen=True)
class Language:
    tag: str
    """BCP 47 tag as used in file names (`en.txt`, `zh-Hant.txt`, `pt-BR.txt`), case-normalized."""
    script: str
    """ISO 15924 code (Latn, Cyrl, Arab, Jpan, Kore, Thai, Hans, Hant, ...): segmentation, joiner, script check."""
    tmx_code: str
    """Default code in TMX: CAT tools match on language and country (`de-DE`, `zh-CN`)."""
    name: str

    @property
    def subtag(self) -> str:
        """The primary language subtag: `pt` for `pt-BR`, `zh` for `zh-Hant`."""
        return self.tag.split("-")[0]


NAMES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "as": "Assamese", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bo": "Tibetan", "br": "Breton",
    "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "dz": "Dzongkha", "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fil": "Filipino",
    "fo": "Faroese", "fr": "French", "fy": "Western Frisian", "ga": "Irish", "gd": "Scottish Gaelic",
    "gl": "Galician", "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian",
    "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mg": "Malagasy", "mi": "Maori", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "nb": "Norwegian Bokmål",
    "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "or": "Odia",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "rw": "Kinyarwanda", "sd": "Sindhi", "si": "Sinhala", "sk": "Slovak",
    "sl": "Slovenian", "so": "Somali", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai", "ti": "Tigrinya",
    "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "xh": "Xhosa",
    "yi": "Yiddish", "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
}
"""Languages align knows by name; any other well-formed tag still works (Latin script, with a warning)."""

LIKELY_SCRIPTS = {
    "Cyrl": "be bg kk ky mk mn ru sr tg tt uk",
    "Arab": "ar fa ps sd ug ur",
    "Hebr": "he yi",
    "Grek": "el",
    "Armn": "hy",
    "Geor": "ka",
    "Ethi": "am ti",
    "Deva": "hi mr ne",
    "Beng": "as bn",
    "Guru": "pa",
    "Gujr": "gu",
    "Orya": "or",
    "Taml": "ta",
    "Telu": "te",
    "Knda": "kn",
    "Mlym": "ml",
    "Sinh": "si",
    "Thai": "th",
    "Laoo": "lo",
    "Khmr": "km",
    "Mymr": "my",
    "Tibt": "bo dz",
    "Jpan": "ja",
    "Kore": "ko",
    "Hans": "zh",
    "Hant": "yue",
}
"""Script of a tag without a script subtag (CLDR likely subtags); languages not listed: Latn."""
_SCRIPT_OF = {lang: script for script, langs in LIKELY_SCRIPTS.items() for lang in langs.split()}

HANT_REGIONS = {"TW", "HK", "MO"}
"""Chinese of these regions is written in Traditional characters (`zh-TW`, `zh-HK`)."""

LIKELY_REGIONS = {
    "en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "BR", "nl": "NL", "ru": "RU",
    "ja": "JP", "ko": "KR", "ar": "SA", "pl": "PL", "tr": "TR", "th": "TH", "uk": "UA", "cs": "CZ",
    "sv": "SE", "da": "DK", "fi": "FI", "nb": "NO", "no": "NO", "el": "GR", "he": "IL", "hu": "HU",
    "ro": "RO", "bg": "BG", "hr": "HR", "sk": "SK", "sl": "SI", "sr": "RS", "vi": "VN", "id": "ID",
    "ms": "MY", "hi": "IN", "fa": "IR", "ca": "ES", "et": "EE", "lv": "LV", "lt": "LT",
}
"""The country a TMX code gets for a tag without one: CAT tools (OmegaT, Trados) match on
language and country, and these are what their project settings default to."""

ALIASES = {
    "english": "en",
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
}
"""Tags folded to another: Chinese is told apart by script, and these name the script by country."""

CHINESE_TMX_CODES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}

NO_JOINER_SCRIPTS = {"Hans", "Hant", "Jpan"}
"""Scripts written without spaces between sentences."""

_TAG = re.compile(
    r"""^(?P<language>[a-z]{2,3})(?:-[a-z]{3}){0,3}
        (?:-(?P<script>[a-z]{4}))?
        (?:-(?P<region>[a-z]{2}|\d{3}))?
        (?P<rest>(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?)$""",
    re.VERBOSE,
)
"""A BCP 47 language tag (RFC 5646 `langtag`), lower-cased: language, extlangs, script,
region, variants, extensions, private use. Languages of 5-8 letters are reserved, not used."""


def get_language(tag: str) -> Language:
    """Resolve a BCP 47 tag or alias (`zh-CN`, `zh-TW`, `zh`) to a Language; case-insensitive."""
    language = _resolve(tag.strip())
    if language.subtag not in NAMES:
        _warn_unknown(language.tag)
    return language


@lru_cache(maxsize=None)
def _resolve(key: str) -> Language:
    folded = ALIASES.get(key.lower(), key)
    match = _TAG.match(folded.lower().replace("_", "-"))
    if match is None or not key:
        raise UsageError(
            f"unknown language tag {key!r} (expected a BCP 47 tag such as en, de, fr, ja, pt-BR, zh-Hans, zh-Hant)"
        )
    subtags = folded.replace("_", "-").split("-")
    lang = match.group("language")
    script = match.group("script")
    region = match.group("region")
    parts = [lang] + [s.lower() for s in subtags[1 : 1 + _extlangs(subtags)]]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    if match.group("rest"):
        parts.append(match.group("rest").lstrip("-"))
    tag = "-".join(parts)
    script_code = script.title() if script else _likely_script(lang, region.upper() if region else None)
    if lang == "zh" and not script:
        # zh-TW is zh-Hant written by country; the tag names the script.
        tag = "-".join(["zh", script_code] + parts[1:])
    name = NAMES.get(lang, lang)
    if lang == "zh":
        name = {"Hans": "Simplified Chinese", "Hant": "Traditional Chinese"}.get(script_code, name)
    return Language(tag, script_code, _tmx_code(tag, lang, script, region), name)


def _extlangs(subtags: list[str]) -> int:
    count = 0
    for part in subtags[1:4]:
        if len(part) == 3 and part.isalpha():
            count += 1
        else:
            break
    return count


def _likely_script(lang: str, region: str | None) -> str:
    if lang == "zh" and region in HANT_REGIONS:
        return "Hant"
    return _SCRIPT_OF.get(lang, "Latn")


def _tmx_code(tag: str, lang: str, script: str | None, region: str | None) -> str:
    if tag in CHINESE_TMX_CODES:
        return CHINESE_TMX_CODES[tag]
    if lang == "zh" and region:
        return f"zh-{region.upper()}"  # zh-Hant-HK: TMX and CAT tools say zh-HK
    if region or script or tag != lang:
        return tag
    return f"{lang}-{LIKELY_REGIONS[lang]}" if lang in LIKELY_REGIONS else lang


@lru_cache(maxsize=None)
def _warn_unknown(tag: str) -> None:
    """Once per tag and process: the tag is fine, but align assumes things about it."""
    log.warning(
        "%s: a language align does not know by name; treating it as Latin-script text "
        "(add a script subtag if it is not, e.g. %s-Cyrl)", tag, tag.split("-")[0]
    )


def is_chinese(tag: str) -> bool:
    return get_language(tag).script in ("Hans", "Hant")


def same_language(a: str, b: str) -> bool:
    """Two tags of one language (`en`, `en-GB`); Simplified and Traditional Chinese count as two."""
    x, y = get_language(a), get_language(b)
    return x.tag == y.tag or (x.subtag == y.subtag and x.subtag != "zh")


def joiner(tag: str) -> str:
    """What goes between two sentences of this language written as one text."""
    return "" if get_language(tag).script in NO_JOINER_SCRIPTS else " "


HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Chinese characters: CJK unified ideographs, extensions A-F, compatibility ideographs."""
HAN = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    """A Chinese character (one character; see HAN)."""
    return bool(ch) and HAN.fullmatch(ch) is not None
