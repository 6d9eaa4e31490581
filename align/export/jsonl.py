"""JSONL: one bead per line with indices, texts and score; the signature on every line.

`sentences` holds each edition's sentences one by one (`text` joins them): the
review editor splits and shifts beads at these boundaries.
"""

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
            "sentences": {
                doc.lang: [doc.sentences[i].text for i in span] for doc, span in zip(alignment.documents, row.spans)
            },
            "signature": alignment.signature,
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
