"""Sentence rules for Spanish: sentencex and the repair pass (align.segment.rules).

Questions and exclamations open with ¿ and ¡, so a sentence may start with
them (`¿Vienes? ¡Claro!` is two); dialogue runs after a dash, and a reply's
speech verb in lower case (`¿Vienes? —preguntó ella.`) stays in its sentence.
Titles (`Sr.`, `Sra.`, `Dr.`, `Ud.`) and `p. ej.`, `EE. UU.` do not end one
before a capital; `etc.` and `a. C.` may.
"""

from __future__ import annotations

from .rules import Rules, split_with_rules

NEVER_END = {
    "sr", "sra", "srta", "sres", "sras", "dr", "dra", "dres", "ud", "uds", "vd", "vds", "lic", "ing",
    "arq", "prof", "profa", "mons", "fr", "sto", "sta", "av", "avda", "c", "pág", "págs", "p", "pp",
    "núm", "n.º", "nº", "no", "vol", "cap", "art", "fig", "p. ej", "ej", "ee", "ee. uu",
    "cía", "dpto", "depto", "tel", "admón", "gral", "excmo", "excma", "ilmo", "ilma", "d", "dña",
}
MAY_END = {"etc", "aprox", "a. c", "d. c", "a. m", "p. m", "uu", "ee. uu", "s. a", "cía"}

RULES = Rules(
    "es",
    never_end=frozenset(NEVER_END - MAY_END),
    may_end=frozenset(MAY_END),
    closers="'\"’”)]»",
    openers="'\"“‘([«¿¡",
)


def split_spanish(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
