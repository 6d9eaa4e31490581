"""sentencex plus our repair pass: the splitter for languages written with spaces.

sentencex (about 300 languages) makes the first cut. It keeps quoted speech
whole ("Well? Had enough?") and does not know every abbreviation, so a repair
pass, steered by a language's `Rules`, then

- rejoins cuts inside a token (`J.|-C.`, `"같이 갈까?"|라고`), before a
  lower-case word (`т. е.|очень`), after a title or other abbreviation that
  never ends a sentence (`M.|Dupont`, `د.|أحمد`), after an ordinal
  (`19.|Jahrhundert`) and before dialogue that goes on after a dash
  (`¿Vienes?|—preguntó ella.`);
- splits where sentencex did not: after ? ! … (inside quotes too) before a
  sentence start, and after an abbreviation that may end a sentence
  (`usw.`, `1799 г.`) before one.

A sentence starts with an upper-case letter, a digit, or a letter of a script
without case (Arabic, Hangul, Thai ...), after any opening quotes and dashes.
Each language with rules of its own has a module (german.py, french.py ...)
that builds its Rules; other languages get `Rules(lang)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import sentencex

DASHES = "—–―-"


@dataclass(frozen=True)
class Rules:
    lang: str
    """sentencex's language code."""
    never_end: frozenset[str] = frozenset()
    """Abbreviations (lower case, no final stop; `z. b`) after which a sentence never ends: titles, `z. B.`."""
    may_end: frozenset[str] = frozenset()
    """Abbreviations that end the sentence when a sentence start follows (`usw.`, `г.`)."""
    split_after_periods: bool = False
    """Split after every full stop sentencex kept before a sentence start, unless an abbreviation
    (English: sentencex takes "me." for Maine). Off: only ? ! … and `may_end` split."""
    initials_any_case: bool = False
    """A single letter before a stop is an initial whatever its case (English rules)."""
    ascii_starts: bool = False
    """Only A-Z and 0-9 start a sentence (English rules, as they always were)."""
    dialogue_dashes: bool = True
    """A dash and a lower-case word after a terminator carry the sentence on (`— спросила она`)."""
    terminators: str = ".!?…"
    closers: str = "'\"’”“)]»›」』"
    openers: str = "'\"“‘„‚([«‹¿¡「『"
    keeps_going: Callable[[str, str], bool] | None = None
    """(text up to a full stop, text after it) → True when that stop ends no sentence (ordinals, dates)."""
    boundary: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        stops, close = re.escape(self.terminators), re.escape(self.closers)
        pattern = rf"(?P<stop>[{stops}]+)(?P<close>(?:\s?[{close}])*)\s+"
        object.__setattr__(self, "boundary", re.compile(pattern))


def split_with_rules(paragraph: str, rules: Rules) -> list[str]:
    out: list[str] = []
    for piece in rejoin_false_splits(paragraph, list(sentencex.segment(rules.lang, paragraph)), rules):
        out.extend(split_missed_boundaries(piece.strip(), rules))
    return [s for s in out if s]


def rejoin_false_splits(paragraph: str, pieces: list[str], rules: Rules) -> list[str]:
    merged: list[str] = []
    position = 0
    for piece in pieces:
        start = paragraph.find(piece, position)
        if start < 0:  # the segmenter changed the text; trust it as is
            merged.append(piece)
            continue
        end = start + len(piece)
        glued = start > 0 and not paragraph[start - 1].isspace() and not piece[:1].isspace()
        if merged and (glued or _goes_on(merged[-1], piece, rules)):
            merged[-1] = merged[-1] + paragraph[position:end]
        else:
            merged.append(piece)
        position = end
    return merged


def _goes_on(before: str, piece: str, rules: Rules) -> bool:
    """The cut between BEFORE and PIECE is inside one sentence."""
    head = piece.strip()
    if rules.dialogue_dashes:
        head = head.lstrip(DASHES + " \u00a0")
    if head[:1].islower():
        return True
    tail = before.rstrip()
    if not tail.endswith(".") or rules.split_after_periods:
        return False  # English rules: sentencex's cuts after full stops stand
    return stop_goes_on(tail[:-1], piece, rules, dotted=False)


def split_missed_boundaries(sentence: str, rules: Rules) -> list[str]:
    pieces = []
    start = 0
    for match in rules.boundary.finditer(sentence):
        after = sentence[match.end() :]
        if not _starts_sentence(after, rules):
            continue
        stop = match.group("stop")
        if stop == ".":
            before = sentence[start : match.start()]
            if rules.split_after_periods:
                if _is_abbreviation(before, rules):
                    continue
            elif not _may_end(before, rules) or stop_goes_on(before, after, rules):
                continue
        end = match.end("close")
        pieces.append(sentence[start:end].strip())
        start = match.end()
    pieces.append(sentence[start:].strip())
    return [p for p in pieces if p]


def stop_goes_on(before: str, after: str, rules: Rules, dotted: bool = True) -> bool:
    """The full stop after BEFORE ends no sentence: an abbreviation that never ends one, an
    initial, or what the language's `keeps_going` says (an ordinal, a date); with DOTTED, a
    dotted abbreviation (`e.g`) too."""
    if rules.keeps_going is not None and rules.keeps_going(before, after):
        return True
    if _may_end(before, rules) and _starts_sentence(after, rules):
        return False
    return _is_abbreviation(before, rules, dotted)


def _leading(rules: Rules) -> str:
    """What may stand before a sentence's first letter: opening quotes, dialogue dashes."""
    return rules.openers + (DASHES if rules.dialogue_dashes else "")


def _starts_sentence(text: str, rules: Rules) -> bool:
    head = text.lstrip(rules.openers) if rules.ascii_starts else text.lstrip(_leading(rules) + " \u00a0")
    ch = head[:1]
    if not ch:
        return False
    if rules.ascii_starts:
        return "A" <= ch <= "Z" or "0" <= ch <= "9"
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and not ch.islower())


def last_word(text: str, rules: Rules, count: int = 1) -> str:
    """The last COUNT words before a stop, lower case, opening quotes dropped: `z. b`."""
    words = text.split()[-count:]
    return " ".join(words).lstrip(_leading(rules)).lower()


def _may_end(before: str, rules: Rules) -> bool:
    return any(last_word(before, rules, k) in rules.may_end for k in (1, 2, 3))


def _is_abbreviation(text_before_stop: str, rules: Rules, dotted: bool = True) -> bool:
    words = text_before_stop.split()
    if not words:
        return True
    raw = words[-1].lstrip(_leading(rules))
    word = raw.lower()
    if len(word) == 1 and word.isalpha() and (rules.initials_any_case or raw.isupper()):
        return True  # an initial: "Joseph R. Biden", "А. С. Пушкин"
    if any(last_word(text_before_stop, rules, k) in rules.never_end for k in (1, 2, 3)):
        return True
    return dotted and bool(re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word))
