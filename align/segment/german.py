"""Sentence rules for German: sentencex and the repair pass (align.segment.rules).

German writes ordinals with a full stop (`am 3. Oktober`, `im 19. Jahrhundert`,
`zum 2. Mal`), and since every noun is capitalised, a capital after a stop
says little: an ordinal is a number of one to three digits before a month,
a lower-case word, or after an article or preposition. Abbreviations such as
`z. B.`, `d. h.`, `u. a.`, `Nr.` never end a sentence; `usw.`, `etc.` may.
"""

from __future__ import annotations

import re

from .rules import Rules, split_with_rules

NEVER_END = {
    "z", "z. b", "z.b", "d. h", "d.h", "u. a", "u.a", "o. ä", "u. ä", "v. a", "s. o", "s. u", "i. d. r",
    "bzw", "ca", "vgl", "ggf", "evtl", "inkl", "exkl", "zzgl", "abzgl", "sog", "bspw", "insb", "ggü",
    "nr", "dr", "prof", "hr", "fr", "frl", "st", "str", "abb", "bd", "bde", "jh", "jhd", "mio", "mrd",
    "tel", "gem", "allg", "hrsg", "max", "min", "ing", "dipl", "mag", "verf", "anm", "kap", "abs",
    "art", "ziff", "lt", "gr", "kl", "röm", "ev", "kath", "geb", "gest", "verh", "jr", "sen", "jun",
    "ü", "ü. m", "ü.m", "ü. d. m",
}
MAY_END = {"usw", "etc", "u. s. w", "f", "ff", "u. v. m", "u.v.m", "a. a. o", "v. chr", "n. chr", "jhs"}
MONTHS = {
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember", "jan", "feb", "febr", "mär", "apr", "jun", "jul", "aug",
    "sep", "sept", "okt", "nov", "dez",
}
ORDINAL_CONTEXT = {
    "am", "im", "vom", "zum", "beim", "bis", "seit", "ab", "vor", "nach", "um", "an", "in", "zur",
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einem", "einen", "einer", "jeden", "jede",
    "jedem", "sein", "seine", "seinem", "seinen", "ihr", "ihre", "ihrem", "ihren", "unser", "unsere",
    "dieser", "diese", "dieses", "diesem", "diesen", "letzten", "kommenden", "vom", "ihres", "seines",
}
"""Words before a number that make its stop an ordinal one: `der 2. Weltkrieg`, `am 3. Oktober`."""

_ORDINAL_NUMBER = re.compile(r"(?:^|(?<=\s))(?:\d{1,3}|[IVXLC]{2,6})$")


def _keeps_going(before: str, after: str) -> bool:
    """The stop after a number is an ordinal one: `3. Oktober`, `19. jahrhundert`, `der 2. Weltkrieg`."""
    if not _ORDINAL_NUMBER.search(before):
        return False
    words = before.split()
    following = after.split(maxsplit=1)[0].strip(".,;:").lower() if after.split() else ""
    if following in MONTHS or (after.strip()[:1].islower()):
        return True
    return len(words) >= 2 and words[-2].lower().strip("(„“\"") in ORDINAL_CONTEXT


RULES = Rules(
    "de",
    never_end=frozenset(NEVER_END),
    may_end=frozenset(MAY_END),
    keeps_going=_keeps_going,
    closers="'\"’”“‘)]«»›‹",
    openers="'\"„“‚‘([»«›‹",
)


def split_german(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
