"""TMX 1.4b: one <tu> per aligned unit, one <tuv> per language that has text.

Conventions that CAT tools rely on: our own fields are `<prop type="x-…">`
(Trados rejects unprefixed types), dates are `yyyymmddThhmmssZ`, language codes
carry a country (`zh-CN`, `zh-TW`: OmegaT matches language and country), no
`<tuv>` has an empty `<seg>`, XML-invalid characters are dropped, UTF-8 without
a BOM.

There is no DOCTYPE: a `SYSTEM "tmx14.dtd"` identifier names a file that never
travels with an exported memory, and parsers that load external DTDs by default
(Java's, libxml2 with DTD loading, .NET's, which refuses DTDs outright) then
fail or complain. The DTD is optional in TMX; the tests validate against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..errors import AlignError
from ..languages import get_language
from ..model import Alignment
from .table import XML_INVALID, format_score

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class TranslationUnit:
    """One <tu>: what an aligned row (or a reviewed spreadsheet row) becomes in TMX."""

    tuid: str
    set_name: str
    texts: dict[str, str]
    """Language tag → text; empty texts get no <tuv>."""
    score: float
    kind: str | None
    """Bead type (`1-2-1`), None when unknown (a row a reviewer split without sentence ids)."""
    signature: str = ""
    review: str = ""
    """The reviewer's status (`ok`, `edited`, `merged`, `split`); empty for unreviewed units."""
    note: str = ""


def xml_text(text: str) -> str:
    return escape(XML_INVALID.sub("", text))


def xml_attr(text: str) -> str:
    return quoteattr(XML_INVALID.sub("", text))


def tmx_codes(langs: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    overrides = overrides or {}
    return {lang: overrides.get(lang, get_language(lang).tmx_code) for lang in langs}


def parse_lang_codes(value: str | None) -> dict[str, str]:
    """`en=en-GB,zh-Hant=zh-HK` → {"en": "en-GB", "zh-Hant": "zh-HK"}; keys accept aliases."""
    codes: dict[str, str] = {}
    for item in (value or "").split(","):
        if not item.strip():
            continue
        lang, sep, code = item.partition("=")
        if not sep or not code.strip():
            raise AlignError(f"--lang-codes: {item.strip()!r} is not LANG=CODE (example: en=en-GB,zh-Hant=zh-HK)")
        code = code.strip()
        if not _LANG_CODE.match(code):
            raise AlignError(f"--lang-codes: {code!r} is not a language code like en-GB or zh-TW")
        codes[get_language(lang).tag] = code
    return codes


def units_from_alignment(alignment: Alignment):
    """The alignment's rows as translation units, one at a time."""
    return (
        TranslationUnit(
            tuid=f"{alignment.name}-{number}",
            set_name=alignment.name,
            texts=dict(zip(alignment.langs, alignment.texts(row))),
            score=row.score,
            kind=row.kind,
            signature=alignment.signature,
        )
        for number, row in enumerate(alignment.rows)
    )


def render_tmx(
    alignments: list[Alignment],
    lang_codes: dict[str, str] | None = None,
    created: datetime | None = None,
) -> str:
    """One TMX document for one or more alignments (their rows in order)."""
    return "".join(iter_tmx(alignments, lang_codes, created))


def iter_tmx(alignments: list[Alignment], lang_codes=None, created: datetime | None = None):
    """render_tmx a unit at a time: a book's TMX need not be held in memory."""
    langs = list(dict.fromkeys(lang for a in alignments for lang in a.langs))
    units = (unit for a in alignments for unit in units_from_alignment(a))
    signature = alignments[0].signature if alignments else ""
    return iter_units(units, langs, signature, lang_codes, created)


def render_units(
    units: list[TranslationUnit],
    langs: list[str],
    signature: str = "",
    lang_codes: dict[str, str] | None = None,
    created: datetime | None = None,
) -> str:
    """The TMX document; `langs` orders the <tuv>s and its first is the source language."""
    return "".join(iter_units(units, langs, signature, lang_codes, created))


def iter_units(units, langs: list[str], signature: str = "", lang_codes=None, created: datetime | None = None):
    """render_units, yielding the header, then each <tu>, then the end."""
    created = created or datetime.now(timezone.utc)
    stamp = created.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    codes = tmx_codes(langs, lang_codes)
    srclang = codes[langs[0]] if langs else "en-US"
    yield "".join([
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<tmx version="1.4">\n',
        f'  <header creationtool="align" creationtoolversion={quoteattr(__version__)} '
        f'segtype="sentence" o-tmf="align" adminlang="en-US" srclang={quoteattr(srclang)} '
        f'datatype="plaintext" creationdate="{stamp}">\n',
        f'    <prop type="x-signature">{xml_text(signature)}</prop>\n',
        "  </header>\n",
        "  <body>\n",
    ])
    for unit in units:
        present = [(lang, unit.texts[lang]) for lang in langs if xml_text(unit.texts.get(lang, "")).strip()]
        if not present:
            continue
        out = [f"    <tu tuid={xml_attr(unit.tuid)} creationdate=\"{stamp}\">\n"]
        if unit.note.strip():
            out.append(f"      <note>{xml_text(unit.note)}</note>\n")
        if unit.set_name:
            out.append(f'      <prop type="x-set">{xml_text(unit.set_name)}</prop>\n')
        out.append(f'      <prop type="x-score">{format_score(unit.score)}</prop>\n')
        if unit.kind:
            out.append(f'      <prop type="x-bead-type">{xml_text(unit.kind)}</prop>\n')
        if unit.review:
            out.append(f'      <prop type="x-review">{xml_text(unit.review)}</prop>\n')
        if unit.signature and unit.signature != signature:
            out.append(f'      <prop type="x-signature">{xml_text(unit.signature)}</prop>\n')
        for lang, text in present:
            out.append(f"      <tuv xml:lang={quoteattr(codes[lang])}><seg>{xml_text(text)}</seg></tuv>\n")
        out.append("    </tu>\n")
        yield "".join(out)
    yield "  </body>\n</tmx>\n"
