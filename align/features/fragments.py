"""Where a line goes on from the one before: sentence fragments that a cut between beads would split.

Texts split by another tool, or by hand at `;` and `:`, hold pieces that are
not sentences: one that starts in lower case goes on from the line before
(`die Grösse der Lichtbrechung , …` after `… als früher :`), and so does one
that closes a bracket the line before left open (`( Zürich :` / `Orell Füssli
1956 ) vorliegt , …`). A bead boundary before such a piece is suspect, unless
the other edition has a matching piece there too (both split at the same
colon). Case is read in scripts that have it; in Chinese, Japanese, Arabic or
Thai no line starts in lower case.
"""

from __future__ import annotations

import numpy as np

OPENING_BRACKETS = "([（［【"
CLOSING_BRACKETS = ")]）］】"
BRACKET_REACH = 2
"""A bracket left open is closed in this many following lines, or it is a stray one."""


def continues_lower_case(texts: list[str]) -> np.ndarray:
    """1.0 where a sentence (other than the first) starts with a lower-case letter."""
    flags = np.array([t.strip()[:1].islower() for t in texts], dtype=np.float32)
    if len(flags):
        flags[0] = 0.0
    return flags


def inside_brackets(texts: list[str]) -> np.ndarray:
    """1.0 where the lines before left a bracket open and this line, or the next, closes it."""
    flags = np.zeros(len(texts), dtype=np.float32)
    open_before = False
    for i, text in enumerate(texts):
        if open_before:
            for ahead in texts[i : i + BRACKET_REACH]:
                first = next((ch for ch in ahead if ch in OPENING_BRACKETS or ch in CLOSING_BRACKETS), None)
                if first is not None:
                    flags[i] = float(first in CLOSING_BRACKETS)
                    break
        open_before = _leaves_open(text, open_before)
    return flags


def _leaves_open(text: str, open_before: bool) -> bool:
    depth = int(open_before)
    for ch in text:
        if ch in OPENING_BRACKETS:
            depth = 1
        elif ch in CLOSING_BRACKETS:
            depth = 0
    return depth > 0
