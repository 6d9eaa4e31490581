"""The review editor's bead model: beads made of sentences, and the table rows they own.

A set is a list of beads in document order. Each bead holds, per edition, its
sentences (`Segment`s) and owns some rows of the review table (the bead ids
align wrote: 0, 1, 2 …). Merging joins the rows two beads own; a bead that owns
none is a piece added by a split. That ownership is what makes every state
writable in the review table's own vocabulary (see `align.editor.tables`).

The invariant, checked by `check`: per edition, the sentence ids of the
segments, read bead by bead, run 0, 1, 2 … with no gap and no repeat (text a
spreadsheet reviewer added has no id); the rows owned, read bead by bead, run
0 … N-1; the first bead owns a row (a table cannot start with an added row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import AlignError
from ..export.table import format_ids
from ..languages import joiner
from ..review import parse_score

STATUSES = ("", "ok", "edited", "rejected")
"""What a reviewer says of a bead in the editor; `merged` and `split` follow from its rows."""


class EditorError(AlignError):
    """An action the bead model refuses (merging past the last bead): shown in the page."""


@dataclass(frozen=True)
class Segment:
    ids: tuple[int, ...]
    """One sentence id, as a rule; several when a table's edited text could not be cut
    back into its sentences; none for text a spreadsheet reviewer added."""
    text: str
    home: int
    """The table row (bead id) the sentence stood in as align wrote it: a split hands
    merged rows back to the part that holds their sentences."""


@dataclass(frozen=True)
class Bead:
    segments: dict[str, tuple[Segment, ...]]
    rows: tuple[int, ...]
    """The table rows this bead owns, in order; empty for a piece added by a split."""
    status: str = ""
    note: str = ""
    score: float = 0.0
    """The unit's confidence: the lowest of its rows' scores (a piece keeps its source's)."""
    extra: dict[str, str] = field(default_factory=dict)
    """A piece's cells in columns the editor does not know (rows keep theirs in RowInfo)."""

    def ids(self, lang: str) -> list[int]:
        return [i for segment in self.segments[lang] for i in segment.ids]

    def text(self, lang: str) -> str:
        return joiner(lang).join(s.text for s in self.segments[lang] if s.text)

    def kind(self, langs: list[str]) -> str:
        return "-".join(str(len(self.ids(lang))) for lang in langs)

    @property
    def is_piece(self) -> bool:
        return not self.rows

    @property
    def is_empty(self) -> bool:
        return not any(self.segments.values())

    @property
    def has_text(self) -> bool:
        return any(s.text.strip() for segments in self.segments.values() for s in segments)

    def review(self) -> str:
        """What the TMX's x-review will say: the reviewer's status, else what the rows show."""
        if self.status:
            return self.status
        if self.is_piece:
            return "split"
        return "merged" if len(self.rows) > 1 else ""


@dataclass(frozen=True)
class RowInfo:
    """One row of the table as align wrote it: the cells the editor carries through."""

    score: str
    flags: str
    signature: str
    extra: dict[str, str]
    """Cells in columns the editor does not know, kept as they are."""


@dataclass
class ReviewSet:
    name: str
    """The set name in the table's `set` column (empty for `align pair`)."""
    langs: list[str]
    beads: list[Bead]
    rows: list[RowInfo]
    """By bead id."""
    columns: list[str]
    """The table's header in its order, unknown columns in place."""
    sentence_counts: dict[str, int] | None = None
    """Sentences per edition, known when the JSONL beside the table was read."""
    _row_flags: list[tuple[str, ...]] = field(default_factory=list, repr=False)

    @property
    def signature(self) -> str:
        return self.rows[0].signature if self.rows else ""

    def flags(self, bead: Bead) -> list[str]:
        if len(self._row_flags) != len(self.rows):
            self._row_flags = [tuple(f.strip() for f in info.flags.split(",") if f.strip()) for info in self.rows]
        if len(bead.rows) == 1:
            return list(self._row_flags[bead.rows[0]])
        return list(dict.fromkeys(flag for r in bead.rows for flag in self._row_flags[r]))

    def row_score(self, row: int) -> float:
        return parse_score(self.rows[row].score, f"bead {row}")

    def score_of(self, rows: tuple[int, ...], fallback: float) -> float:
        return min((self.row_score(r) for r in rows), default=fallback)


def bead_label(review_set: ReviewSet, index: int) -> str:
    """How the page names a bead: its table bead id (`4`, `4+5` merged, `4…7`), or `4.1`
    for the first piece split off after bead 4 (as the TMX's tuid numbers it)."""
    beads = review_set.beads
    rows = beads[index].rows
    if rows:
        return str(rows[0]) if len(rows) == 1 else f"{rows[0]}+{rows[1]}" if len(rows) == 2 else f"{rows[0]}…{rows[-1]}"
    back = index
    while back > 0 and not beads[back - 1].rows:
        back -= 1
    parent = beads[back - 1].rows[-1] if back > 0 else 0
    return f"{parent}.{index - back + 1}"


def check(review_set: ReviewSet) -> None:
    """Raises AlignError unless the set keeps the invariant (module docstring)."""
    beads = review_set.beads
    if beads and beads[0].is_piece:
        raise AlignError("the first bead must be a bead align wrote, not an added piece")
    rows = [r for bead in beads for r in bead.rows]
    if rows != list(range(len(review_set.rows))):
        raise AlignError(f"the beads own table rows {_sample(rows)}; expected 0 … {len(review_set.rows) - 1} once each, in order")
    for lang in review_set.langs:
        ids = [i for bead in beads for i in bead.ids(lang)]
        counts = review_set.sentence_counts
        expected = list(range(counts[lang])) if counts and lang in counts else sorted(set(ids))
        if ids != expected:
            raise AlignError(f"{lang} sentence ids {_sample(ids)} are not every sentence once, in order")
    for number, bead in enumerate(beads):
        if bead.status not in STATUSES:
            raise AlignError(f"bead {number}: unknown status {bead.status!r}")
        if bead.status != "rejected" and not bead.has_text:
            raise AlignError(f"bead {number}: every edition's text is empty; reject the bead instead")


def check_patch(review_set: ReviewSet, start: int, old: tuple[Bead, ...], new: tuple[Bead, ...]) -> None:
    """`check` for a set that kept it until NEW replaced OLD at START: the same sentences and
    rows in the same order, so only the replaced stretch needs a look."""
    for lang in review_set.langs:
        if [i for b in old for i in b.ids(lang)] != [i for b in new for i in b.ids(lang)]:
            raise AlignError(f"the {lang} sentences would change order")
    if [r for b in old for r in b.rows] != [r for b in new for r in b.rows]:
        raise AlignError("the table rows would change order")
    if start == 0 and new and new[0].is_piece:
        raise AlignError("the first bead must be a bead align wrote, not an added piece")
    for bead in new:
        if bead.is_empty:
            raise AlignError("a bead would be left without sentences")
        if bead.status not in STATUSES:
            raise AlignError(f"unknown status {bead.status!r}")
        if bead.status != "rejected" and not bead.has_text:
            raise AlignError("every edition's text of the bead would be empty; reject the bead instead")


class BeadCache:
    """Values computed from beads (their table lines, their JSON), kept while the bead is in
    the set: beads never change, an action puts new ones in, so only those are computed."""

    def __init__(self, compute):
        self.compute = compute
        self._entries: dict[int, tuple[Bead, object]] = {}

    def values(self, beads: list[Bead]) -> list:
        fresh: dict[int, tuple[Bead, object]] = {}
        for bead in beads:
            entry = self._entries.get(id(bead))
            fresh[id(bead)] = entry if entry is not None and entry[0] is bead else (bead, self.compute(bead))
        self._entries = fresh
        return [fresh[id(bead)][1] for bead in beads]


def _sample(values: list[int]) -> str:
    return format_ids(values) if len(values) <= 12 else format_ids(values[:12]) + " …"


# --- JSON: the sidecar file and the page --------------------------------------


def bead_to_json(bead: Bead) -> dict:
    out: dict = {
        "segments": {lang: [[list(s.ids), s.text, s.home] for s in segments] for lang, segments in bead.segments.items()},
        "rows": list(bead.rows),
        "status": bead.status,
        "note": bead.note,
        "score": bead.score,
    }
    if bead.extra:
        out["extra"] = bead.extra
    return out


def bead_from_json(data: dict) -> Bead:
    return Bead(
        segments={
            lang: tuple(Segment(tuple(int(i) for i in ids), str(text), int(home)) for ids, text, home in segments)
            for lang, segments in data["segments"].items()
        },
        rows=tuple(int(r) for r in data["rows"]),
        status=str(data.get("status", "")),
        note=str(data.get("note", "")),
        score=float(data.get("score", 0.0)),
        extra={str(k): str(v) for k, v in data.get("extra", {}).items()},
    )


def bead_view(review_set: ReviewSet, bead: Bead) -> dict:
    """What the page shows of a bead; every text is data for textContent, never markup."""
    return {
        "segments": {lang: [{"ids": list(s.ids), "text": s.text} for s in bead.segments[lang]] for lang in review_set.langs},
        "rows": list(bead.rows),
        "status": bead.status,
        "review": bead.review(),
        "note": bead.note,
        "score": round(bead.score, 4),
        "flags": review_set.flags(bead),
        "kind": bead.kind(review_set.langs),
    }


def counts(review_set: ReviewSet) -> dict[str, int]:
    beads = review_set.beads
    return {
        "beads": len(beads),
        "flagged": sum(1 for b in beads if review_set.flags(b)),
        "reviewed": sum(1 for b in beads if b.review()),
        "edited": sum(1 for b in beads if b.status == "edited"),
        "rejected": sum(1 for b in beads if b.status == "rejected"),
    }
