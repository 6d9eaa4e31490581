"""JSONL: one bead per line with indices, texts and score; the signature on every line."""

from __future__ import annotations

import json

from ..model import Alignment


def render_jsonl(alignment: Alignment) -> str:
    return "".join(iter_jsonl(alignment))


def iter_jsonl(alignment: Alignment):
    """The lines, one at a time: a book's JSONL need not be held in memory."""
    for number, row in enumerate(alignment.rows):
        texts = alignment.texts(row)
        record = {
            "set": alignment.name,
            "bead": number,
            "type": row.kind,
            "score": round(row.score, 4),
            "indices": {lang: list(span) for lang, span in zip(alignment.langs, row.spans)},
            "text": {lang: text for lang, text in zip(alignment.langs, texts)},
            "signature": alignment.signature,
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
