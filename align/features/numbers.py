"""Numbers as written in each language, read to one canonical form: `3,5` (German) and
`3.5` (English) are both 3.5; `1.200` (German), `1,200` (English), `1 200` (French) and
`1’200` (Swiss) are all 1200.

The decimal mark is the language's (a comma in most of Europe and Latin America, a full
stop in English, Chinese, Japanese, Korean ...); the other of `.` and `,`, spaces (plain,
no-break, thin) and the apostrophe group thousands when every group after the first has
three digits. Anything else (`3.10.1990`, `15.30` in a comma language, `1954/55`) reads
as separate numbers, each the same in every language. Used by the anchors (align.features.anchors)
and by the review table's `numbers` flag (align.export.table).
"""

from __future__ import annotations

import re
import unicodedata

DECIMAL_COMMA = frozenset(
    """af az be bg bs ca cs da de el es et eu fi fo fr gl hr hu hy id is it ka kk ky lb lt lv mk mn
    nb nl nn no pl pt ro ru sk sl sq sr sv tr uk uz vi""".split()
)
"""Languages that write the decimal mark as a comma (CLDR); the others use a full stop."""

_GROUP_MARKS = " \u00a0\u202f\u2009'’"
_NUMBER = re.compile(r"\d+(?:(?:[.,\u066b\u066c]|[ \u00a0\u202f\u2009'’](?=\d{3}(?!\d)))\d+)*")
"""Digits (any script: `\\d` and int() read Arabic-Indic and full-width digits too) with
separators between them; a space or apostrophe only before a group of exactly three."""
_SEPARATOR = re.compile(r"[.,\u066b\u066c \u00a0\u202f\u2009'’]")


def numbers_in(text: str, lang: str | None = None) -> list[str]:
    """The numbers of TEXT in canonical form (`1200`, `3.5`), in order."""
    decimal = "," if (lang or "").split("-")[0].lower() in DECIMAL_COMMA else "."
    found: list[str] = []
    for match in _NUMBER.finditer(text):
        found.extend(_read(match.group(), decimal))
    return found


def _read(token: str, decimal: str) -> list[str]:
    digits = _SEPARATOR.split(token)
    marks = [_normal_mark(m) for m in _SEPARATOR.findall(token)]
    if not marks:
        return [str(int(token))]
    fraction = None
    last = marks[-1]
    if last == decimal and marks.count(last) == 1:
        fraction = digits.pop()
        marks.pop()
    elif len(marks) == 1 and last in ".," and len(digits[1]) != 3:
        fraction = digits.pop()  # `2.70` in a comma language: a decimal written the other way
        marks.pop()
    if marks and not _grouped(digits, marks, decimal):
        return [str(int(part)) for part in digits + ([fraction] if fraction else []) if part]
    whole = str(int("".join(digits)))
    fraction = "".join(str(unicodedata.decimal(ch)) for ch in fraction or "").rstrip("0")
    return [f"{whole}.{fraction}" if fraction else whole]


def _normal_mark(mark: str) -> str:
    """Arabic decimal ٫ is a decimal point, Arabic ٬ a thousands mark; spaces are alike."""
    return {"\u066b": ".", "\u066c": " "}.get(mark, " " if mark in _GROUP_MARKS else mark)


def _grouped(digits: list[str], marks: list[str], decimal: str) -> bool:
    """Thousands groups: one kind of mark, not the decimal one, 1-3 digits then threes."""
    return (
        len(set(marks)) == 1
        and marks[0] != decimal
        and 1 <= len(digits[0]) <= 3
        and all(len(group) == 3 for group in digits[1:])
    )
