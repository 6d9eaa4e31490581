"""The whole job, callable from Python: read → segment → normalize → encode → align → export."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from .aligner import AlignParams, AlignStats
from .boilerplate import strip_boilerplate as strip_page_chrome
from .cache import CachedEncoder
from .encoders import DEFAULT_ENCODER, Encoder, get_encoder
from .encoders.base import EncoderWrapper, rows_for
from .encoders.coverage import warn_uncovered
from .errors import AlignError, UsageError
from .fsutil import text_name
from .join import join_pairwise
from .langcheck import check_script
from .features.lexicon import lexicon_for
from .languages import get_language, joiner, same_language
from .model import Alignment, Bead, Document, Row
from .normalize import normalize_all
from .prepare import align_texts
from .readers import INPUT_SUFFIXES, read_text
from .segment import presplit as presplit_lines
from .segment import segment
from .signature import Signature


@dataclass
class Settings:
    encoder: str = DEFAULT_ENCODER
    params: AlignParams = field(default_factory=AlignParams)
    tw_profile: str = "tw2sp"
    """OpenCC profile that maps Traditional text to Simplified for matching."""
    cache: bool = False
    """Read and write the on-disk embedding cache (align.cache). Off by default for
    library callers, so that a plain call has no side effects; `align run` turns it on.
    Not part of the signature: cached vectors are the vectors the encoder gives."""
    encoding: str | None = None
    """Codec of every input file (`--encoding`); None: detect per file."""
    strict: bool = False
    """A file whose script does not match its language tag is an error, not a warning."""
    strip_boilerplate: bool = False
    """Drop page chrome lines (menus, bylines, share blocks) before segmenting."""
    pivot: str | None = None
    """Language the other editions of a set are aligned to (`--pivot`); None: zh-Hans, else en, else the first."""

    def signature(self, encoder_name: str | None = None) -> str:
        """The rendered signature of results made with these settings (see align.signature)."""
        return Signature.of(self, encoder_name).render()


class MemoEncoder(EncoderWrapper):
    """Remembers vectors (and a pooling encoder's states) by text within a run, so a pivot
    edition is encoded once. It holds every row it gives out, so it is used only when an
    edition is aligned twice (three or more editions)."""

    def __init__(self, encoder: Encoder):
        super().__init__(encoder)
        self._memos: dict[str, dict[str, np.ndarray]] = {"vectors": {}, "states": {}}

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._remembered("vectors", texts, self.inner.encode)

    def encode_states(self, texts: list[str]) -> np.ndarray:
        return self._remembered("states", texts, self.inner.encode_states)

    def _remembered(self, kind: str, texts: list[str], compute) -> np.ndarray:
        return rows_for(texts, self._memos[kind], compute)


def load_document(path: str, lang: str, settings: Settings | None = None, *, presplit: bool = False) -> Document:
    """Read, check and segment one edition, as SETTINGS say (its encoding, strict and
    strip_boilerplate; see align.readers, align.langcheck, align.boilerplate). PRESPLIT: every
    line is one sentence, as it stands (no segmentation, no page-chrome stripping)."""
    settings = settings or Settings()
    language = get_language(lang)
    lang = language.tag
    text = read_text(path, settings.encoding, lang)
    check_script(text, lang, path, settings.strict)
    if settings.strip_boilerplate and not presplit:
        text = strip_page_chrome(text)
    sentences = presplit_lines(text) if presplit else segment(text, lang)
    if not sentences:
        raise AlignError(f"{path}: no sentences found")
    return Document(lang, sentences, path)


def align_pair(src: Document, tgt: Document, encoder: Encoder, settings: Settings, stats: AlignStats | None = None) -> list[Bead]:
    """Beads between two editions (script-normalized for matching). STATS: counters and the
    confidence evidence a benchmark reads (align.aligner.AlignStats)."""
    return align_texts(
        normalize_all(src.texts, src.lang, settings.tw_profile),
        normalize_all(tgt.texts, tgt.lang, settings.tw_profile),
        encoder,
        settings.params,
        src_joiner=joiner(src.lang),
        tgt_joiner=joiner(tgt.lang),
        lexicon=lexicon_for(src.lang, tgt.lang),
        langs=(src.lang, tgt.lang),
        stats=stats,
    )


def align_documents(documents: list[Document], settings: Settings | None = None, encoder: Encoder | None = None, name: str = "") -> Alignment:
    """Align two or more editions, in any languages, given in any order: the alignment keeps
    that order. With three or more, each aligns to the pivot edition (settings.pivot; default
    zh-Hans, else English, else the first) and the pairs join into rows across all of them."""
    settings = settings or Settings()
    if len(documents) < 2:
        raise AlignError(f"{name or 'input'}: needs at least two editions, got {len(documents)}")
    langs = [d.lang for d in documents]
    if len(set(langs)) != len(langs):
        raise AlignError(f"{name or 'input'}: two editions with the same language")
    given = langs
    documents = in_language_order(documents)
    langs = [d.lang for d in documents]
    pivot = pivot_index(langs, settings.pivot, name)
    encoder = encoder or get_encoder(settings.encoder)
    warn_uncovered(encoder, langs)
    if settings.cache and not isinstance(encoder, CachedEncoder):
        encoder = CachedEncoder(encoder)
    if len(documents) > 2:  # the pivot edition is aligned more than once: encode it once
        encoder = MemoEncoder(encoder)
    pairs = _pairs_to_align(len(documents), pivot)
    pairwise = {(x, y): align_pair(documents[x], documents[y], encoder, settings) for x, y in pairs}
    if len(documents) == 2:
        rows = [Row((b.src, b.tgt), b.score) for b in pairwise[(0, 1)]]
    else:
        rows = join_pairwise([len(d) for d in documents], pairwise)
    return Alignment(documents, rows, settings.signature(encoder.name), name).in_order(given)


def in_language_order(documents: list[Document]) -> list[Document]:
    """English, Simplified, Traditional first, the others by tag (edition_order): the
    aligner's own order, and the column order of `align run`'s outputs."""
    return sorted(documents, key=lambda d: edition_order(d.lang))


FIRST_EDITIONS = ("en", "zh-Hans", "zh-Hant")
"""Editions that come first, in this order, in every output; the others follow by tag."""
DEFAULT_PIVOTS = ("zh-Hans", "en")
"""The pivot when --pivot is not given: the first of these a set has, else its first edition."""


def edition_order(lang: str) -> tuple[int, str]:
    return (FIRST_EDITIONS.index(lang) if lang in FIRST_EDITIONS else len(FIRST_EDITIONS), lang)


def pivot_index(langs: list[str], wanted: str | None, name: str = "") -> int:
    """Which edition the others align to: WANTED (`en` also finds `en-GB`), else the default."""
    for candidate in [wanted] if wanted else DEFAULT_PIVOTS:
        tag = get_language(candidate).tag
        for match in (lambda lang: lang == tag, lambda lang: same_language(lang, tag)):
            found = [i for i, lang in enumerate(langs) if match(lang)]
            if found:
                return found[0]
        if wanted:
            raise AlignError(f"{name or 'input'}: no {tag} edition to align the others to (--pivot); it has {', '.join(langs)}")
    return 0


def _pairs_to_align(count: int, pivot: int) -> list[tuple[int, int]]:
    """A star around the pivot: every other edition aligns to it (the lower index is the source)."""
    return [(min(i, pivot), max(i, pivot)) for i in range(count) if i != pivot]


@dataclass
class ArticleSet:
    name: str
    """The folder's name as the file system has it: OUTPUT/<name>/<name>.*."""
    folder: str
    files: dict[str, str]
    """language tag → path"""
    problem: str | None = None
    """Why the folder cannot be aligned as found (two files for one language, unreadable):
    the set fails alone with this message and the others go on."""

    def __post_init__(self):
        check_set_name(self.name)

    @property
    def label(self) -> str:
        """The name as text, for the outputs and messages (see align.fsutil.text_name)."""
        return text_name(self.name)


def check_set_name(name: str) -> str:
    """A set name becomes OUTPUT/<name>/<name>.*: it must stay one plain folder name inside OUTPUT."""
    if not name or name in (".", "..") or any(sep in name for sep in ("/", "\\")):
        raise UsageError(f"article set name {name!r} would put its outputs outside the output folder")
    if any(ord(ch) < 32 for ch in name):
        raise UsageError(f"article set name {name!r} has control characters; rename the folder")
    return name


def find_article_sets(paths: list[str]) -> list[ArticleSet]:
    """Each PATH is an article-set folder (files named by language tag) or a folder of them."""
    sets: list[ArticleSet] = []
    for path in paths:
        if not os.path.isdir(path):
            raise AlignError(f"{path}: not a folder (expected an article set or a folder of them)")
        found = _article_set(path)
        if found:
            sets.append(found)
            continue
        children = sorted(
            os.path.join(path, entry) for entry in _list(path) if os.path.isdir(os.path.join(path, entry))
        )
        inner = [s for s in (_article_set(child, alone=True) for child in children) if s]
        if not inner:
            raise AlignError(f"{path}: no article sets (expected files named by language tag, like en.txt, de.txt, zh-Hans.txt)")
        sets.extend(inner)
    names = [s.name for s in sets]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise AlignError(f"two article sets named {sorted(duplicates)[0]!r}: their outputs would collide")
    return sets


def _list(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError as exc:
        raise AlignError(f"{folder}: cannot read the folder ({exc.strerror or exc})") from None


def _article_set(folder: str, alone: bool = False) -> ArticleSet | None:
    """The article set in FOLDER, None if it holds no editions. ALONE (a folder of sets):
    a problem with this folder is its own failure, not an error for the whole batch."""
    name = os.path.basename(os.path.normpath(os.path.abspath(folder)))
    try:
        return _read_article_set(folder, name)
    except UsageError:
        raise
    except AlignError as exc:
        if not alone:
            raise
        return ArticleSet(name, folder, {}, problem=str(exc))


def _read_article_set(folder: str, name: str) -> ArticleSet | None:
    files: dict[str, str] = {}
    for entry in sorted(_list(folder)):
        stem, suffix = os.path.splitext(entry)
        full = os.path.join(folder, entry)
        if suffix.lower() not in INPUT_SUFFIXES or entry.startswith(".") or entry.lower() == "readme.md":
            continue
        try:
            lang = get_language(stem).tag
        except UsageError as exc:
            raise UsageError(f"{full}: {exc}; name each edition by its language tag, e.g. en.txt") from None
        if lang in files:
            raise AlignError(f"{folder}: two files for {lang}: {os.path.basename(files[lang])} and {entry}; keep one")
        files[lang] = full
    if not files:
        return None
    return ArticleSet(name, folder, files)


def align_article_set(article_set: ArticleSet, settings: Settings, encoder: Encoder | None = None) -> Alignment:
    if article_set.problem:
        raise AlignError(article_set.problem)
    if len(article_set.files) < 2:
        only = ", ".join(article_set.files.values())
        raise AlignError(f"{article_set.folder}: needs two or more editions, found only {only}")
    documents = in_language_order([load_document(path, lang, settings) for lang, path in article_set.files.items()])
    return align_documents(documents, settings, encoder, article_set.label)
