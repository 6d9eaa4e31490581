"""Reading editions from disk, with one clear error per bad input."""

from __future__ import annotations

import os

from .errors import AlignError

TEXT_SUFFIXES = (".txt", ".md")


def read_text(path: str) -> str:
    """The text of a UTF-8 file (a BOM is dropped); errors name the file and the reason."""
    if not os.path.exists(path):
        raise AlignError(f"{path}: no such file")
    if os.path.isdir(path):
        raise AlignError(f"{path}: is a directory, expected a text file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise AlignError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AlignError(f"{path}: looks like a binary file, expected text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AlignError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise AlignError(f"{path}: is empty")
    return text
