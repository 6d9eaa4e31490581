"""Bytes → text: byte-order marks, strict UTF-8, then charset-normalizer over the
encodings the file's language is actually saved in (Windows-1251 and KOI8-R for
Cyrillic, Shift-JIS and EUC-JP for Japanese, EUC-KR for Korean, Windows-1256
for Arabic, GB18030 and Big5 for Chinese, Windows-1252 for western Latin ...).

Detection is restricted to those candidates on purpose: left free,
charset-normalizer takes short Chinese files for Korean, Big5 for UTF-16 and
Turkish Windows-1254 for Central European. The Chinese encodings stay among
every language's candidates, so a Chinese file given the wrong tag still
decodes, and the script check (align.langcheck) can say it is misnamed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import AlignError, UsageError
from ..languages import get_language

CHINESE_ENCODINGS = ["gb18030", "big5", "cp950"]
CANDIDATES = ["utf_8", *CHINESE_ENCODINGS, "cp1252"]
"""What charset-normalizer may choose between for a file of no known language
(UTF-16/32 are found by BOM or NUL pattern)."""

SCRIPT_ENCODINGS = {
    "Latn": ["cp1252"],
    "Cyrl": ["cp1251", "koi8_r", "koi8_u", "cp866"],
    "Arab": ["cp1256"],
    "Hebr": ["cp1255"],
    "Grek": ["cp1253"],
    "Thai": ["cp874"],
    "Jpan": ["cp932", "euc_jp"],
    "Kore": ["cp949"],
    "Hans": ["gb18030"],
    "Hant": ["big5", "cp950"],
}
"""The legacy encodings of each script, most common first (cp932 reads Shift-JIS, cp949 EUC-KR)."""

LATIN_ENCODINGS = {
    **dict.fromkeys("cs sk pl hu hr sl ro bs sq".split(), ["cp1250"]),
    **dict.fromkeys("tr az".split(), ["cp1254"]),
    **dict.fromkeys("lt lv et".split(), ["cp1257"]),
    "vi": ["cp1258"],
}
"""Latin-script languages not written in Windows-1252."""

CJK_ENCODINGS = {"gb18030", "big5", "cp950", "cp932", "euc_jp", "cp949"}
"""Multi-byte encodings that short files make hard to tell apart: the language tag decides."""

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32 (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32 (BOM)"),
    (codecs.BOM_UTF8, "utf-8", "utf-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16 (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16 (BOM)"),
]

MAGIC = [
    (b"%PDF", "a PDF file; convert it to text first"),
    (b"\xd0\xcf\x11\xe0", "a legacy Word/Office file (.doc); save it as .docx"),
    (b"PK\x03\x04", "a ZIP archive (a .docx with the wrong extension?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"\x1f\x8b", "a gzip archive"),
]

SHORT_INPUT_BYTES = 1000
"""Below this, GB18030, Big5, Shift-JIS and EUC-KR are hard to tell apart and the language tag breaks the tie."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    """Codec name as reported to the user (utf-8, gb18030, big5, utf-16 ...)."""
    how: str
    """Why this encoding: given, BOM, valid UTF-8, detected."""


def decode_bytes(raw: bytes, path: str, encoding: str | None = None, lang: str | None = None) -> Decoded:
    """Decode a file's bytes; `encoding` overrides detection, the language tag `lang` picks
    the candidates and breaks ties."""
    if encoding:
        return _decode_given(raw, path, encoding)
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            return Decoded(_strict(raw[len(bom) :], codec, path), label, "byte-order mark")
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise AlignError(f"{path}: looks like {what}, not text")
    if b"\x00" in raw:
        codec = _utf16_without_bom(raw)
        if codec is None:
            raise AlignError(f"{path}: looks like a binary file (it contains NUL bytes), expected text")
        return Decoded(_strict(raw, codec, path), "utf-16", "NUL-byte pattern")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", "valid UTF-8")
    except UnicodeDecodeError:
        pass
    return _detect(raw, path, lang)


def candidates_for(lang: str | None) -> list[str]:
    """The encodings detection chooses between for a file in language LANG (a tag, or None)."""
    if not lang:
        return list(CANDIDATES)
    own = own_encodings(lang)
    # Windows-1252 for a western file under a wrong tag, except where it would beat the
    # language's own Latin code page (it takes Turkish Windows-1254 text).
    fallback = [] if get_language(lang).script == "Latn" else ["cp1252"]
    return list(dict.fromkeys(["utf_8", *own, *CHINESE_ENCODINGS, *fallback]))


def own_encodings(lang: str) -> list[str]:
    """The legacy encodings LANG's text is saved in, most common first."""
    language = get_language(lang)
    latin = LATIN_ENCODINGS.get(language.subtag) if language.script == "Latn" else None
    return latin or SCRIPT_ENCODINGS.get(language.script, [])


def check_encoding_name(encoding: str) -> str:
    """The codec's canonical name; an unknown name, or a codec that does not turn bytes
    into text (rot13, base64, zlib), is a usage error."""
    examples = "e.g. utf-8, gb18030, big5, utf-16"
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} ({examples})") from None
    try:
        b"a".decode(codec.name, "replace")
    except LookupError:  # a bytes-to-bytes or text-to-text codec
        raise UsageError(f"{encoding!r} is not a text encoding ({examples})") from None
    return codec.name


def _decode_given(raw: bytes, path: str, encoding: str) -> Decoded:
    name = check_encoding_name(encoding)
    if name in ("utf-8", "utf-16", "utf-32"):
        # Drop a BOM the user's codec name leaves in (utf-8) or needs (utf-16/32).
        codec = {"utf-8": "utf-8-sig"}.get(name, name)
    else:
        codec = name
    return Decoded(_strict(raw, codec, path, given=True), name, "given with --encoding")


def _strict(raw: bytes, codec: str, path: str, given: bool = False) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        hint = "" if given else "; give the right one with --encoding"
        raise AlignError(f"{path}: not valid {codec} (byte {exc.start}){hint}") from None


UTF16_SAMPLE_BYTES = 4096
"""How much of a file with NUL bytes is read as UTF-16 to judge whether it is text."""
UTF16_TEXT_SHARE = 0.95
"""The share of a UTF-16 sample's characters that must be ordinary text (letters and
punctuation of Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, kana, Hangul, CJK and
their full-width forms, spaces, line breaks) for it to count as text. Random bytes read as
UTF-16 are mostly private-use, rare CJK extension and unpaired surrogates, and the blocks
above cover about half of all code points: well under this share."""


def _utf16_without_bom(raw: bytes) -> str | None:
    """The UTF-16 byte order that reads RAW as text, or None. Latin text in UTF-16 has a NUL
    in every other byte; Chinese has them only for ASCII (line breaks, digits) and for
    characters like 一 (U+4E00): the sample must decode and read as text."""
    sample = raw[:UTF16_SAMPLE_BYTES]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 2:
        return None
    # The byte order with more NULs in the high byte first: LE puts it at odd offsets.
    orders = ["utf-16-le", "utf-16-be"] if sample[1::2].count(0) >= sample[0::2].count(0) else ["utf-16-be", "utf-16-le"]
    for codec in orders:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 2:  # a surrogate pair cut by the sample's end is fine
                continue
            text = sample[: exc.start].decode(codec)
        if text and sum(map(_ordinary, text)) >= UTF16_TEXT_SHARE * len(text):
            return codec
    return None


def _ordinary(char: str) -> bool:
    code = ord(char)
    return (
        char in "\n\r\t"
        or 0x20 <= code < 0x7F  # ASCII
        or 0xA0 <= code < 0x250  # Latin-1 and Latin Extended
        or 0x370 <= code < 0x700  # Greek, Cyrillic, Armenian, Hebrew, Arabic
        or 0x900 <= code < 0xE80  # Devanagari to Thai
        or 0x3040 <= code < 0x3100  # kana
        or 0xAC00 <= code < 0xD7A4  # Hangul syllables
        or 0x2000 <= code < 0x2070  # general punctuation
        or 0x3000 <= code < 0x3040  # CJK punctuation
        or 0x4E00 <= code < 0xA000  # CJK unified ideographs
        or 0xFF00 <= code < 0xFFF0  # full-width forms
    )


def _detect(raw: bytes, path: str, lang: str | None) -> Decoded:
    import charset_normalizer

    candidates = candidates_for(lang)
    best = charset_normalizer.from_bytes(raw, cp_isolation=candidates).best()
    if best is None:
        names = ", ".join(codecs.lookup(c).name for c in candidates)
        raise AlignError(f"{path}: cannot tell its encoding (tried {names}); give it with --encoding")
    codec = codecs.lookup(best.encoding).name
    if lang and len(raw) < SHORT_INPUT_BYTES and best.encoding in CJK_ENCODINGS:
        preferred = [c for c in own_encodings(lang) if c in CJK_ENCODINGS]
        if preferred and best.encoding not in preferred:
            try:
                return Decoded(raw.decode(preferred[0]), codecs.lookup(preferred[0]).name, "detected (short file: chose by language tag)")
            except UnicodeDecodeError:
                pass
    return Decoded(str(best), codec, "detected")
