"""Lexical anchors: names and numbers that survive translation.

Names are capitalised words in any cased script (Müller, Zürich, Кангченджанга),
compared without case and diacritics (Reìnagl = Reinagl); a capitalised word the
same document also writes in lower case (`In`, `The`, `Die` at a sentence's
start) is a common word, not a name. German capitalises every noun, so its
nouns are keys too; a key counts only when the other edition has it, which a
noun seldom does, and never against pinyin (below). Numbers are read with the
language's separators (align.features.numbers): German `1.200,5`, English
`1,200.5` and French `1 200,5` are one key. An English name like "Qingyang" or
"Chen Qingyang" is the pinyin of 2-3 Chinese characters (清扬, 陈清扬): pinyin
keys are made only when one side is Chinese and the other is written in Latin
letters by a language that does not capitalise its nouns. Acronyms (RCEP, CBTC)
are names. Every sentence gets a set of keys; a bead whose two sides share
keys gains, one whose keys find their partners outside the bead loses
(align.aligner.evidence). Keys become ids once per document pair, over the
keys found on both sides (`shared_key_ids`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from ..languages import HAN_CLASS, get_language
from .ids import IdLists
from .numbers import numbers_in

_WORD = re.compile(r"[^\W\d_]+")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
COMMON_WORDS = {
    "women", "ta", "men", "an", "hen", "he", "she", "shang", "ren", "zhe", "na", "nian",
}
"""English capitalized words that are also 2-3 syllable pinyin by accident."""

NOUN_CAPITALISING = frozenset({"de", "lb", "gsw", "nds"})
"""Languages that capitalise every noun (German, Luxembourgish, Swiss and Low German)."""


def pinyin_keys(src_lang: str | None, tgt_lang: str | None) -> bool:
    """Whether names are looked for as pinyin: one side Chinese, the other in Latin letters
    from a language whose capitals are names (not German, whose nouns would all be candidates).
    Unknown languages: yes, as before languages were known."""
    if src_lang is None or tgt_lang is None:
        return True
    scripts = [get_language(lang).script for lang in (src_lang, tgt_lang)]
    chinese = [script in ("Hans", "Hant") for script in scripts]
    if sum(chinese) != 1:
        return False
    other = get_language(tgt_lang if chinese[0] else src_lang)
    return other.script == "Latn" and other.subtag not in NOUN_CAPITALISING


def fold(word: str) -> str:
    """A name as compared: lower case, without diacritics (Zürich → zurich, Reìnagl → reinagl)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def lowercase_words(texts: list[str]) -> frozenset[str]:
    """Every word a document writes in lower case, folded: its capitalised forms are not names."""
    return frozenset(fold(w) for t in texts for w in _WORD.findall(t) if w[0].islower())


@lru_cache(maxsize=None)
def _char_pinyin(ch: str) -> str:
    """The most common reading of one character: names rarely use the rarer ones, and
    per-character lookups are a hundred times faster than phrase-aware conversion."""
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return reading[0] if reading else ""


def _pinyin(run: str) -> tuple[str, ...]:
    return tuple(_char_pinyin(ch) for ch in run)


def anchor_keys(text: str, lang: str | None = None, pinyin: bool = True, common: frozenset[str] = frozenset()) -> frozenset[str]:
    """The anchor keys of one sentence in language LANG: `#1200`-style numbers, folded names
    (not those in COMMON, the document's lower-case words) and, with PINYIN, the pinyin of
    every run of 2-3 Chinese characters."""
    keys: set[str] = {"#" + number for number in numbers_in(text, lang)}
    names = []
    for word in _WORD.findall(text):
        if len(word) < 2 or not word[0].isupper():
            continue
        name = fold(word)
        if name not in COMMON_WORDS and name not in common:
            names.append(name)
    keys.update(names)
    for first, second in zip(names, names[1:]):
        keys.add(first + second)
    if pinyin:
        for run in _HAN_RUN.findall(text):
            syllables = _pinyin(run)
            if not all(syllables):
                continue
            for size in (2, 3):
                for start in range(len(syllables) - size + 1):
                    keys.add("".join(syllables[start : start + size]))
    return frozenset(keys)


def shared_key_ids(
    src_texts: list[str], tgt_texts: list[str], langs: tuple[str | None, str | None] = (None, None)
) -> tuple[IdLists, IdLists]:
    """Each sentence's keys as ids over the keys found on both sides, numbered in sorted
    order. A chunk's own shared keys are among these, so the aligner's per-chunk vocabulary
    (align.aligner.evidence) is a subset of them, in the same order. LANGS: the two sides'
    language tags (None: unknown)."""
    pinyin = pinyin_keys(*langs)
    src_vocabulary, src_ids = _numbered_keys(src_texts, langs[0], pinyin)
    tgt_vocabulary, tgt_ids = _numbered_keys(tgt_texts, langs[1], pinyin)
    column = {key: k for k, key in enumerate(sorted(src_vocabulary.keys() & tgt_vocabulary.keys()))}

    def renumbered(vocabulary: dict[str, int], ids: IdLists) -> IdLists:
        return ids.renumbered(np.array([column.get(key, -1) for key in vocabulary], dtype=np.int64))

    return renumbered(src_vocabulary, src_ids), renumbered(tgt_vocabulary, tgt_ids)


def _numbered_keys(texts: list[str], lang: str | None, pinyin: bool) -> tuple[dict[str, int], IdLists]:
    """The keys of one side numbered in order of appearance, and each sentence's as ids:
    a book has a few keys per character, each distinct string is kept once."""
    vocabulary: dict[str, int] = {}
    common = lowercase_words(texts)
    ids = IdLists.from_sets(
        [vocabulary.setdefault(key, len(vocabulary)) for key in anchor_keys(t, lang, pinyin, common)] for t in texts
    )
    return vocabulary, ids
