"""TMX 1.4b: one <tu> per aligned row, one <tuv> per language that has text."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..languages import get_language
from ..model import Alignment

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return escape(_XML_INVALID.sub("", text))


def tmx_codes(langs: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    overrides = overrides or {}
    return {lang: overrides.get(lang, get_language(lang).tmx_code) for lang in langs}


def render_tmx(
    alignments: list[Alignment],
    lang_codes: dict[str, str] | None = None,
    created: datetime | None = None,
) -> str:
    """One TMX document for one or more alignments (their rows in order)."""
    created = created or datetime.now(timezone.utc)
    stamp = created.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    langs = [lang for a in alignments for lang in a.langs]
    codes = tmx_codes(list(dict.fromkeys(langs)), lang_codes)
    srclang = codes[alignments[0].langs[0]] if alignments else "en-US"
    signature = alignments[0].signature if alignments else ""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
        '<tmx version="1.4">\n',
        f'  <header creationtool="align" creationtoolversion={quoteattr(__version__)} '
        f'segtype="sentence" o-tmf="align-jsonl" adminlang="en-US" srclang={quoteattr(srclang)} '
        f'datatype="plaintext" creationdate="{stamp}">\n',
        f'    <prop type="x-signature">{xml_text(signature)}</prop>\n',
        "  </header>\n",
        "  <body>\n",
    ]
    for alignment in alignments:
        for number, row in enumerate(alignment.rows):
            texts = alignment.texts(row)
            present = [(lang, t) for lang, t in zip(alignment.langs, texts) if xml_text(t).strip()]
            if not present:
                continue
            out.append(f'    <tu tuid="{xml_text(alignment.name)}-{number}" creationdate="{stamp}">\n')
            if alignment.name:
                out.append(f'      <prop type="x-set">{xml_text(alignment.name)}</prop>\n')
            out.append(f'      <prop type="x-score">{row.score:.4f}</prop>\n')
            out.append(f'      <prop type="x-bead-type">{row.kind}</prop>\n')
            for lang, text in present:
                out.append(f"      <tuv xml:lang={quoteattr(codes[lang])}><seg>{xml_text(text)}</seg></tuv>\n")
            out.append("    </tu>\n")
    out.append("  </body>\n</tmx>\n")
    return "".join(out)
