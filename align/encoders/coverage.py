"""Which languages each encoder was trained on, and the warning for a pair outside them.

An encoder that never saw a language still turns its text into vectors, but
they say little about meaning, and the alignment falls back on length and
punctuation. Each encoder class declares `languages` (primary language
subtags; None: not known, no warning); wrappers pass it through.
"""

from __future__ import annotations

import logging
from functools import lru_cache

log = logging.getLogger("align")

USEM3_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())
"""Universal Sentence Encoder multilingual v3: 16 languages (Simplified and Traditional Chinese
count as two) (Yang et al. 2019, "Multilingual Universal Sentence Encoder")."""

XLMR_LANGUAGES = frozenset(
    """af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he
    hi hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no nb om
    or pa pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl fil tr ug uk ur uz vi xh yi zh""".split()
)
"""The 100 languages of XLM-R's training data, which multilingual-e5 (our `e5`) was built on."""

LABSE_LANGUAGES = frozenset(
    """af am ar as az be bg bn bo bs ca ceb co cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu
    ha haw he hi hmn hr ht hu hy id ig is it ja jv ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml mn
    mr ms mt my ne nl no nb ny or pa pl ps pt ro ru rw sd si sk sl sm sn so sq sr st su sv sw ta te tg
    th tk tl fil tr tt ug uk ur uz vi wo xh yi yo zh zu""".split()
)
"""LaBSE's 109 languages (Feng et al. 2022)."""

BETTER_ENCODERS = ((XLMR_LANGUAGES, "e5"), (LABSE_LANGUAGES, "st:sentence-transformers/LaBSE"))


def languages_of_model(name: str) -> frozenset[str] | None:
    """What a sentence-transformers model covers, for the families we know by name."""
    lowered = name.lower()
    if "labse" in lowered:
        return LABSE_LANGUAGES
    if "multilingual-e5" in lowered:
        return XLMR_LANGUAGES
    return None


def uncovered(encoder, langs: list[str]) -> list[str]:
    """The tags among LANGS whose language the encoder was not trained on."""
    from ..languages import get_language

    covered = getattr(encoder, "languages", None)
    if covered is None:
        return []
    return [lang for lang in langs if get_language(lang).subtag not in covered]


def coverage_warning(encoder, langs: list[str]) -> str | None:
    missing = uncovered(encoder, langs)
    if not missing:
        return None
    subtags = {lang.split("-")[0] for lang in missing}
    better = [name for covered, name in BETTER_ENCODERS if subtags <= covered and name != encoder.name]
    hint = f"; try --encoder {' or '.join(better)}" if better else ""
    return f"encoder {encoder.name} was not trained on {', '.join(missing)}: expect a weaker alignment{hint}"


def warn_uncovered(encoder, langs: list[str]) -> None:
    message = coverage_warning(encoder, langs)
    if message:
        _warn_once(message)


@lru_cache(maxsize=None)
def _warn_once(message: str) -> None:
    log.warning(message)
