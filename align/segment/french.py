"""Sentence rules for French: sentencex and the repair pass (align.segment.rules).

Titles (`M.`, `MM.`, `Mme`, `Dr`) and abbreviations such as `p. ex.`, `c.-à-d.`,
`av. J.-C.` do not end a sentence, though a capital follows. French puts a
(narrow) space before ? ! ; : and inside guillemets (`« Vous venez ? »`); a
quotation followed by its speech verb (`» dit-il.`) or by a dialogue dash and a
lower-case word stays one sentence.
"""

from __future__ import annotations

from .rules import Rules, split_with_rules

NEVER_END = {
    "m", "mm", "mme", "mmes", "mlle", "mlles", "mgr", "me", "dr", "pr", "prof", "st", "ste", "sts",
    "p", "pp", "p. ex", "cf", "c.-à-d", "c-à-d", "av", "apr", "bd", "env", "vol", "chap", "éd",
    "art", "fig", "n°", "no", "nº", "tél", "min", "max", "gén", "col", "lt", "cdt", "cne", "sgt",
    "rte", "fg", "pl", "imp", "id", "ibid", "op. cit", "vs", "ex", "réf", "dép", "arr",
}
MAY_END = {"etc", "j.-c", "cie", "s. a", "sa"}

RULES = Rules(
    "fr",
    never_end=frozenset(NEVER_END),
    may_end=frozenset(MAY_END),
    closers="'\"’”)]»›",
    openers="'\"“‘([«‹",
)


def split_french(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
