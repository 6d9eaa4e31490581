"""Checks on Office files (.docx, .xlsx: ZIP archives of XML) before a parser sees them.

A small file can unpack to gigabytes (a 176 KB .docx held 20 million empty
paragraphs: 250 s and 2.8 GB in python-docx), and XML can declare a DTD whose
entities expand or point outside the file. Word and Excel never write a DTD,
so a part that declares one is refused outright rather than parsed "safely".
"""

from __future__ import annotations

import zipfile

from ..errors import AlignError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""All parts together, images included: the parsers hold every part in memory."""
MAX_XML_BYTES = 64 * 1024 * 1024
"""The XML parts together. A 1,000-page novel's document.xml is 10-30 MB; the parsed
tree takes about 20 times its size in memory."""
MAX_PARAGRAPHS = 1_000_000
"""Paragraphs in a .docx body: a 1,000-page novel has about 20,000, so this is fifty of
them; each costs python-docx about 12 µs and 140 bytes even when empty."""
_PARAGRAPH_TAGS = (b"<w:p>", b"<w:p ", b"<w:p/>")
_DTD_MARKS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_CHUNK = 1 << 20
_OVERLAP = 32


def check_office_file(path: str, what: str, body: str | None = None) -> None:
    """Refuse PATH (a WHAT: '.docx file', '.xlsx workbook') if it unpacks past the limits or
    any XML part declares a DTD; BODY names the part whose paragraphs are counted."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_sizes(path, what, parts)
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    _scan_part(path, what, archive, part, count_paragraphs=part.filename == body)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise AlignError(f"{path}: not a valid {what} ({exc or type(exc).__name__})") from None


def _check_sizes(path: str, what: str, parts: list[zipfile.ZipInfo]) -> None:
    total = sum(part.file_size for part in parts)
    xml = sum(part.file_size for part in parts if part.filename.endswith((".xml", ".rels")))
    if total > MAX_UNPACKED_BYTES:
        raise AlignError(f"{path}: this {what} unpacks to {_mb(total)}, over the {_mb(MAX_UNPACKED_BYTES)} align reads")
    if xml > MAX_XML_BYTES:
        raise AlignError(f"{path}: this {what} holds {_mb(xml)} of XML, over the {_mb(MAX_XML_BYTES)} align reads")


def _scan_part(path: str, what: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo, count_paragraphs: bool) -> None:
    paragraphs = 0
    tail = b""
    with archive.open(part) as stream:
        while True:
            block = stream.read(_CHUNK)
            if not block:
                break
            window = tail + block
            if any(mark in window for mark in _DTD_MARKS):
                raise AlignError(f"{path}: {part.filename} declares a DTD (<!DOCTYPE>/<!ENTITY>), which Office never writes; not reading it")
            if count_paragraphs:
                # Tags cut by the block boundary are counted in the next window; those
                # wholly inside the overlap were counted already, so count the new part only.
                paragraphs += sum(window.count(tag) - tail.count(tag) for tag in _PARAGRAPH_TAGS)
                if paragraphs > MAX_PARAGRAPHS:
                    raise AlignError(f"{path}: more than {MAX_PARAGRAPHS:,} paragraphs, over what align reads from a {what}")
            tail = window[-_OVERLAP:]


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"
