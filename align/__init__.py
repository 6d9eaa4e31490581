"""align: sentence alignment of translated editions of a text, in any languages.

The public API (docs/python-api.md)::

    from align import Settings, align_documents, load_document, write_outputs

    docs = [load_document("en.txt", "en"), load_document("zh-Hans.txt", "zh-Hans")]
    alignment = align_documents(docs, Settings())
    write_outputs(alignment, "out/article", ["tmx", "csv"])

Every name below is imported from its module on first use, so `import align` (and the
command line's start-up) stays light: numpy and the encoders load only when asked for.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    # The job: read, align, write.
    "Settings": "align.pipeline",
    "load_document": "align.pipeline",
    "align_documents": "align.pipeline",
    "ArticleSet": "align.pipeline",
    "find_article_sets": "align.pipeline",
    "align_article_set": "align.pipeline",
    "AlignParams": "align.aligner.params",
    "get_encoder": "align.encoders",
    "DEFAULT_ENCODER": "align.encoders",
    # Writers.
    "FORMATS": "align.export",
    "render": "align.export",
    "write_outputs": "align.export",
    "write_reviewed_tmx": "align.review",
    # Scoring against gold beads.
    "Scores": "align.evaluate",
    "score": "align.evaluate",
    "read_beads": "align.evaluate",
    # The data passed between the stages.
    "Sentence": "align.model",
    "Document": "align.model",
    "Bead": "align.model",
    "Row": "align.model",
    "Alignment": "align.model",
    "AlignError": "align.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'align' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
