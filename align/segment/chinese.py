"""Sentence rules for Chinese (Simplified and Traditional alike).

A sentence ends after 。！？ (and runs such as ！？ or ？！), after an ellipsis
…… that is followed by more text, or after ASCII ! ? ; closing quotes and
brackets that follow the terminator stay with the sentence they close.
Terminators inside 《》 (titles) and （） (asides) never split. Inside dialogue
quotes “” 「」 『』 the behaviour is a choice: professional segmentations of
Chinese fiction split long quoted speech into its sentences, so by default we
do too; `split_in_quotes=False` keeps a whole quotation in one sentence.
"""

from __future__ import annotations

from ..languages import is_han

TERMINATORS = set("。！？!?")
ELLIPSIS = "…"
CLOSERS = set("”’」』）》)]】〕")
DIALOGUE_OPEN = {"“": "”", "「": "」", "『": "』", "‘": "’"}
DIALOGUE_CLOSE = set(DIALOGUE_OPEN.values())
NEVER_SPLIT_OPEN = {"《": "》", "（": "）", "(": ")", "〈": "〉"}
SOFT_WHITESPACE = set(" \t\u3000")


def split_chinese(paragraph: str, split_in_quotes: bool = True, terminators=TERMINATORS, continues=None) -> list[str]:
    """Split one paragraph of Chinese text into sentences, keeping every character.

    TERMINATORS and CONTINUES (text, index after a closing quote or terminator → the clause
    goes on) let Japanese (align.segment.japanese) share the walk with its own rules."""
    continues = continues or _continues
    sentences: list[str] = []
    stack: list[str] = []  # expected closing characters of open brackets/quotes
    start = 0
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if stack and ch == stack[-1]:
            stack.pop()
            if not stack and ch in DIALOGUE_CLOSE and _ends_after_quote(paragraph, i, terminators, continues):
                # A quotation kept whole (split_in_quotes=False) that ends its sentence.
                sentence = paragraph[start : i + 1].strip()
                if sentence:
                    sentences.append(sentence)
                start = i + 1
                i += 1
                continue
        elif ch in DIALOGUE_OPEN:
            stack.append(DIALOGUE_OPEN[ch])
        elif ch in NEVER_SPLIT_OPEN:
            stack.append(NEVER_SPLIT_OPEN[ch])
        elif ch == "”" and stack and "”" in stack:
            # A closer for an outer quote: unwind mismatched inner brackets.
            while stack and stack[-1] != "”":
                stack.pop()
            stack.pop()
        is_end = ch in terminators or (ch == ELLIPSIS and not stack and _ellipsis_ends(paragraph, i))
        if ch == "." and _ascii_period_ends(paragraph, i):
            is_end = True
        if is_end and _may_split(stack, split_in_quotes):
            j = i + 1
            while j < n and (paragraph[j] in terminators or paragraph[j] == ELLIPSIS):
                j += 1
            while j < n and paragraph[j] in CLOSERS:
                if stack and paragraph[j] == stack[-1]:
                    stack.pop()
                j += 1
            if j < n and continues(paragraph, j):
                i = j
                continue
            sentence = paragraph[start:j].strip()
            if sentence:
                sentences.append(sentence)
            start = j
            i = j
            continue
        i += 1
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _may_split(stack: list[str], split_in_quotes: bool) -> bool:
    if not stack:
        return True
    if any(c in NEVER_SPLIT_OPEN.values() for c in stack):
        return False
    return split_in_quotes


def _ellipsis_ends(text: str, i: int) -> bool:
    """An ellipsis ends a sentence only at the end of a run and before a new clause."""
    j = i + 1
    if j < len(text) and text[j] == ELLIPSIS:
        return False
    return i >= 1 and text[i - 1] == ELLIPSIS


def _ascii_period_ends(text: str, i: int) -> bool:
    """'.' used as a full stop in Chinese text: after a CJK character (or 15%, or a
    closing quote), before CJK or the end. Digits on both sides make a decimal point."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    ends_clause = is_han(before) or before == "%" or before in CLOSERS
    return ends_clause and (after == "" or is_han(after) or after in SOFT_WHITESPACE)


def _ends_after_quote(text: str, i: int, terminators=TERMINATORS, continues=None) -> bool:
    """The closing quote at i ends a sentence: the quotation ended with a terminator
    and the text goes on with a new clause (not a comma or 的)."""
    before = text[i - 1] if i > 0 else ""
    if before not in terminators and before != ELLIPSIS:
        return False
    j = i + 1
    if j >= len(text) or text[j] in CLOSERS or text[j] in terminators:
        return False
    return not (continues or _continues)(text, j)


def _continues(text: str, j: int) -> bool:
    """Punctuation that cannot start a sentence means the clause goes on."""
    k = j
    while k < len(text) and text[k] in SOFT_WHITESPACE:
        k += 1
    return k < len(text) and text[k] in "，、；：,;:"

