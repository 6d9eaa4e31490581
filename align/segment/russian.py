"""Sentence rules for Russian: sentencex and the repair pass (align.segment.rules).

`г.` (год, город), `гг.`, `руб.`, `т. д.`, `т. п.` may end a sentence and do
when a capital follows (`родился в 1799 г. Он ...`); `т. е.`, `см.`, `ул.`,
`им.`, `проф.` and initials (`А. С. Пушкин`) never do. Dialogue follows a
dash, and a quotation or a reply whose speech verb follows after a dash in
lower case (`«Ты придёшь?» — спросила она.`) is one sentence. «» and „“ are
the quotation marks.
"""

from __future__ import annotations

from .rules import Rules, split_with_rules

NEVER_END = {
    "т. е", "т.е", "т", "напр", "см", "ср", "ул", "пр", "пр-т", "просп", "пл", "пер", "наб", "д", "кв",
    "им", "проф", "акад", "доц", "д-р", "г-н", "г-жа", "тов", "гр", "стр", "рис", "табл", "гл", "ст",
    "пос", "обл", "р-н", "корп", "тел", "англ", "нем", "франц", "лат", "греч", "букв", "ок", "прим",
    "ред", "изд", "сост", "пер", "вып", "т. н", "т.н", "т. к", "т.к", "т. о", "т.о", "и. о", "ж. д",
}
MAY_END = {
    "г", "гг", "в", "вв", "руб", "коп", "тыс", "млн", "млрд", "трлн", "др", "пр", "т. д", "т.д",
    "т. п", "т.п", "и т. д", "и т. п", "и др", "и пр", "ч", "мин", "сек", "км", "кг", "см", "мм",
    "н. э", "до н. э",
}

RULES = Rules(
    "ru",
    never_end=frozenset(NEVER_END - MAY_END),
    may_end=frozenset(MAY_END),
    closers="'\"’”“)]»",
    openers="'\"„“‘([«",
)


def split_russian(paragraph: str) -> list[str]:
    return split_with_rules(paragraph, RULES)
