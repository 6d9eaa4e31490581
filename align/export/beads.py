"""The research beads format: `[0,1]:[2]` per line, 0-based, source side first."""

from __future__ import annotations

from ..errors import AlignError
from ..evaluate import format_beads
from ..model import Alignment


def render_beads(alignment: Alignment) -> str:
    if len(alignment.langs) != 2:
        raise AlignError("the beads format holds two languages; use `align pair` or TMX/JSONL for more")
    return format_beads([(row.spans[0], row.spans[1]) for row in alignment.rows])
