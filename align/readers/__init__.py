"""Reading editions from disk: .txt/.md, .html/.htm and .docx, in any common encoding.

Every problem (missing, a folder, unreadable, binary, undecodable, empty) is
one AlignError that names the file and the reason. What was detected is logged
on the "align" logger at INFO level (`align run -v` shows it).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from ..errors import AlignError
from .encoding import Decoded, check_encoding_name, decode_bytes

log = logging.getLogger("align")

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES
"""Files an article set may hold, one per edition."""


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str
    """'text', 'html' or 'docx'."""
    encoding: str
    how: str
    """Why this encoding was used (BOM, valid UTF-8, detected, given ...)."""


def read_source(path: str, encoding: str | None = None, lang: str | None = None) -> SourceText:
    """Read one edition: its text, format and the encoding that was used. LANG, the
    edition's language tag, tells detection which encodings to expect."""
    raw = _read_bytes(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix in DOCX_SUFFIXES:
        from .docx import docx_to_text

        source = SourceText(docx_to_text(path), "docx", "docx (XML, UTF-8)", "fixed by the format")
    elif suffix in HTML_SUFFIXES:
        from .html import declared_charset, html_to_text

        declared = declared_charset(raw) if not encoding else None
        decoded = _decode_html(raw, path, encoding, declared, lang)
        source = SourceText(html_to_text(decoded.text, path), "html", decoded.encoding, decoded.how)
    else:
        decoded = decode_bytes(raw, path, encoding, lang)
        source = SourceText(decoded.text, "text", decoded.encoding, decoded.how)
    if not source.text.strip():
        raise AlignError(f"{path}: is empty" if not raw.strip() else f"{path}: has no text (only whitespace or markup)")
    log.info("%s: %s, encoding %s (%s)", path, source.format, source.encoding, source.how)
    return source


def read_text(path: str, encoding: str | None = None, lang: str | None = None) -> str:
    """The text of one edition; errors name the file and the reason."""
    return read_source(path, encoding, lang).text


def _read_bytes(path: str) -> bytes:
    if os.path.isdir(path):
        raise AlignError(f"{path}: is a directory, expected a file")
    if not os.path.lexists(path):
        raise AlignError(f"{path}: no such file")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise AlignError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _decode_html(raw: bytes, path: str, encoding: str | None, declared: str | None, lang: str | None) -> Decoded:
    """BOM and --encoding first, then the page's own <meta charset>, then detection."""
    if not encoding and declared and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            name = check_encoding_name(declared)
            return Decoded(raw.decode(name), name, "declared in the page")
        except (AlignError, UnicodeDecodeError):
            log.info("%s: declared charset %r does not fit; detecting", path, declared)
    return decode_bytes(raw, path, encoding, lang)


__all__ = ["INPUT_SUFFIXES", "TEXT_SUFFIXES", "SourceText", "read_source", "read_text"]
