"""Writers for every output format; all writes are atomic."""

from __future__ import annotations

from ..errors import AlignError
from ..fsutil import atomic_write_all
from ..model import Alignment
from .beads import render_beads
from .jsonl import iter_jsonl
from .table import iter_csv
from .tmx import iter_tmx
from .xlsx import render_xlsx

FORMATS = {
    "tmx": ".tmx",
    "csv": ".csv",
    "jsonl": ".jsonl",
    "beads": ".align",
    "xlsx": ".xlsx",
}


def render(alignment: Alignment, fmt: str, lang_codes: dict[str, str] | None = None) -> str | bytes:
    chunks = list(stream(alignment, fmt, lang_codes))
    return (b"" if chunks and isinstance(chunks[0], bytes) else "").join(chunks)


def stream(alignment: Alignment, fmt: str, lang_codes: dict[str, str] | None = None):
    """The output in FMT as an iterable of str or bytes pieces, produced as they are written."""
    if fmt == "tmx":
        return iter_tmx([alignment], lang_codes)
    if fmt == "csv":
        return iter_csv(alignment)
    if fmt == "jsonl":
        return iter_jsonl(alignment)
    if fmt == "beads":
        return [render_beads(alignment)]
    if fmt == "xlsx":
        return [render_xlsx(alignment)]
    raise AlignError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")


def write_outputs(alignment: Alignment, prefix: str, formats: list[str], lang_codes=None, before_rename=None) -> list[str]:
    """Write every format, streamed into temporary files that are renamed only once all are
    complete: a failure leaves no partial set of files, and a book is never held in memory whole.
    BEFORE_RENAME: see align.fsutil.atomic_write_all."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise AlignError(f"unknown output format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    paths = [prefix + FORMATS[fmt] for fmt in formats]
    atomic_write_all(((path, stream(alignment, fmt, lang_codes)) for path, fmt in zip(paths, formats)), before_rename=before_rename)
    return paths
