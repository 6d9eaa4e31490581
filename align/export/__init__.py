"""Writers for every output format; all writes are atomic."""

from __future__ import annotations

from ..errors import AlignError
from ..fsutil import atomic_write
from ..model import Alignment
from .beads import render_beads
from .jsonl import render_jsonl
from .table import render_csv
from .tmx import render_tmx
from .xlsx import render_xlsx

FORMATS = {
    "tmx": ".tmx",
    "csv": ".csv",
    "jsonl": ".jsonl",
    "beads": ".align",
    "xlsx": ".xlsx",
}


def render(alignment: Alignment, fmt: str, lang_codes: dict[str, str] | None = None) -> str | bytes:
    if fmt == "tmx":
        return render_tmx([alignment], lang_codes)
    if fmt == "csv":
        return render_csv(alignment)
    if fmt == "jsonl":
        return render_jsonl(alignment)
    if fmt == "beads":
        return render_beads(alignment)
    if fmt == "xlsx":
        return render_xlsx(alignment)
    raise AlignError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")


def write_outputs(alignment: Alignment, prefix: str, formats: list[str], lang_codes=None) -> list[str]:
    """Render every format first, then write: a failure leaves no partial set of files."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise AlignError(f"unknown output format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    rendered = [(prefix + FORMATS[fmt], render(alignment, fmt, lang_codes)) for fmt in formats]
    for path, payload in rendered:
        atomic_write(path, payload)
    return [path for path, _ in rendered]
