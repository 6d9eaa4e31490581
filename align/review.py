"""The translator's review loop: read a reviewed CSV/XLSX back and turn it into TMX units.

What a reviewer may do in the spreadsheet (the `status` column, case-insensitive):

- edit any text; leave `status` empty (or write `ok` / `edited` to record it);
- `merged`: this row belongs to the kept row above it; its text is joined to
  that row's text, unless the reviewer already joined it there by hand;
- `split`: a row the reviewer inserted under a row to split it, with the moved
  text; its bead cell is empty (or a copy of the row above's);
- `rejected`: the row is dropped (a row added by a split, its bead cell
  empty, too).

Everything is validated before anything is written: an unknown status, a kept
row with every language empty, a bead id that changed (ids must run 0, 1, 2 …
per set, as align wrote them) are errors that name the file and row. Texts a
spreadsheet changed are undone or refused first (`align.spreadsheets`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .errors import AlignError
from .export.table import bead_flags
from .export.tmx import TranslationUnit, iter_units
from .fsutil import atomic_write, check_writable
from .languages import joiner
from .model import Alignment
from .review_tables import ReviewFile, ReviewRow, read_review_file
from .spreadsheets import Originals, check_texts

__all__ = ["ReviewFile", "ReviewRow", "ReviewedMemory", "read_review_file", "load_reviewed", "apply_reviews",
           "write_reviewed_tmx", "reviewed_tmx_path", "summary_line", "STATUSES"]

STATUSES = ("ok", "edited", "merged", "split", "rejected")

_IDS_SEPARATOR = re.compile(r"[\s,;]+")


@dataclass
class ReviewedMemory:
    """What `align tmx` writes: the units of every reviewed set, in order."""

    langs: list[str]
    signature: str
    units: list[TranslationUnit] = field(default_factory=list)
    sets: list[str] = field(default_factory=list)
    dropped: int = 0
    """Rows removed by `rejected` or folded in by `merged`."""
    warnings: list[str] = field(default_factory=list)
    """Texts a spreadsheet had changed and that were restored, and other things the reviewer should check."""


# --- applying the review -----------------------------------------------------


@dataclass
class _Draft:
    """A unit being built; merges change it until the set is done."""

    tuid: str
    set_name: str
    langs: list[str]
    """The languages of the file the row came from: the bead type counts these."""
    texts: dict[str, str]
    ids: dict[str, list[int]]
    score: float
    kind_known: bool
    signature: str
    review: str
    note: str

    def freeze(self) -> TranslationUnit:
        kind = "-".join(str(len(self.ids[lang])) for lang in self.langs) if self.kind_known else None
        return TranslationUnit(self.tuid, self.set_name, dict(self.texts), self.score, kind, self.signature, self.review, self.note)


@dataclass
class _SetState:
    source: str
    file_number: int
    next_bead: int = 0
    last_bead: int | None = None
    last_score: float = 0.0
    pieces: int = 0
    drafts: list[_Draft] = field(default_factory=list)


def load_reviewed(paths: list[str], originals: list[str] | None = None) -> ReviewedMemory:
    """Read and apply every reviewed file; raises AlignError naming the row before anything is written.

    `originals`: align's JSONL files or folders, to restore texts a spreadsheet changed (the JSONL
    beside each table is looked for too)."""
    if not paths:
        raise AlignError("no reviewed file given")
    found = Originals(list(originals or []))
    files, warnings = [], []
    for path in paths:
        review_file, file_warnings = check_texts(read_review_file(path), found)
        files.append(review_file)
        warnings += file_warnings
    return apply_reviews(files, warnings)


def apply_reviews(files: list[ReviewFile], warnings: list[str] | None = None) -> ReviewedMemory:
    """The units of files already read and checked (`load_reviewed` without the reading)."""
    langs = list(dict.fromkeys(lang for f in files for lang in f.langs))
    states: dict[str, _SetState] = {}
    order: list[str] = []
    dropped = 0
    for file_number, review_file in enumerate(files):
        for row in review_file.rows:
            state = states.get(row.set_name)
            if state is None:
                # An empty set name is the one unnamed set `align pair` writes.
                state = states[row.set_name] = _SetState(review_file.path, file_number)
                order.append(row.set_name)
            elif state.file_number != file_number:
                raise AlignError(f"{row.where}: set {row.set_name!r} is also in {state.source}; give each set once")
            dropped += _apply_row(row, review_file.langs, state)
    signature = next((d.signature for name in order for d in states[name].drafts if d.signature), "")
    units = [draft.freeze() for name in order for draft in states[name].drafts]
    return ReviewedMemory(langs, signature, units, order, dropped, list(warnings or []))


def reviewed_tmx_path(table: str) -> str:
    """Where `align tmx TABLE` (and the review editor's Write TMX) writes by default."""
    return os.path.splitext(table)[0] + ".reviewed.tmx"


def write_reviewed_tmx(
    paths: list[str], output: str, lang_codes: dict[str, str] | None = None, originals: list[str] | None = None
) -> ReviewedMemory:
    """One TMX at OUTPUT from the reviewed tables at PATHS (see load_reviewed, and it for
    ORIGINALS), written atomically: nothing is written when a row is invalid. Returns what
    was written, with the warnings about texts restored."""
    if os.path.realpath(output) in {os.path.realpath(path) for path in paths}:
        raise AlignError(f"-o {output} is one of the reviewed tables; write the TMX to another file")
    check_writable(output)
    memory = load_reviewed(paths, originals)
    atomic_write(output, iter_units(memory.units, memory.langs, memory.signature, lang_codes))
    return memory


def _apply_row(row: ReviewRow, langs: list[str], state: _SetState) -> int:
    """Add the row to its set; returns 1 when the row is dropped or folded into another."""
    if row.status and row.status not in STATUSES:
        raise AlignError(f"{row.where}: unknown status {row.status!r} (use {', '.join(STATUSES)}, or leave it empty)")
    is_piece = _check_bead(row, state)
    if row.status == "rejected":
        return 1
    ids = {lang: _parse_ids(row, lang) for lang in langs}
    if row.status == "merged":
        if not state.drafts:
            raise AlignError(f"{row.where}: status merged, but no kept row of set {row.set_name!r} above it to merge into")
        _merge(state.drafts[-1], row, ids)
        return 1
    if not any(text.strip() for text in row.texts.values()):
        raise AlignError(f"{row.where}: every language column is empty; write `rejected` in its status to drop the row")
    score = _parse_score(row, state.last_score if is_piece else None)
    if is_piece:
        state.pieces += 1
        tuid = f"{row.set_name}-{state.last_bead}.{state.pieces}"
    else:
        state.last_score = score
        tuid = f"{row.set_name}-{row.bead}"
    state.drafts.append(
        _Draft(
            tuid=tuid,
            set_name=row.set_name,
            langs=langs,
            texts=dict(row.texts),
            ids=ids,
            score=score,
            kind_known=not is_piece or any(ids.values()),
            signature=row.signature,
            review=row.status,
            note=row.note.strip(),
        )
    )
    return 0


def _check_bead(row: ReviewRow, state: _SetState) -> bool:
    """Checks the bead id runs on from the last one; True for a row added by a split."""
    if row.bead == str(state.next_bead):
        state.last_bead = state.next_bead
        state.next_bead += 1
        state.pieces = 0
        return False
    added = row.status == "split" and row.bead in ("", str(state.last_bead))
    # A row added by a split may itself be rejected (the review editor writes that).
    if added or (row.status == "rejected" and not row.bead):
        if state.last_bead is None:
            raise AlignError(f"{row.where}: a split row needs the row it was split from above it")
        return True
    if not row.bead:
        raise AlignError(f"{row.where}: the bead cell is empty; a row added to split a bead needs status `split`")
    raise AlignError(
        f"{row.where}: bead id {row.bead!r} was changed or moved (expected {state.next_bead}); "
        "keep the bead column as align wrote it, in document order, and mark unwanted rows `rejected`"
    )


def _parse_ids(row: ReviewRow, lang: str) -> list[int]:
    return parse_ids(row.ids.get(lang, ""), f"{row.where}: {lang}")


def _parse_score(row: ReviewRow, default: float | None) -> float:
    if not row.score and default is not None:
        return default
    return parse_score(row.score, row.where)


def _merge(target: _Draft, row: ReviewRow, ids: dict[str, list[int]]) -> None:
    for lang, text in row.texts.items():
        target.texts[lang] = merged_text(target.texts.get(lang, ""), text, lang)
    for lang, extra in ids.items():
        target.ids[lang] = sorted(set(target.ids.get(lang, [])) | set(extra))
    target.score = min(target.score, _parse_score(row, target.score))
    target.review = "merged"
    target.note = join_notes(target.note, row.note.strip())


# --- the cells, as `align tmx` and the review editor read them ------------------


def parse_ids(cell: str, where: str) -> list[int]:
    """A `<lang> ids` cell: sentence numbers separated by spaces, commas or semicolons."""
    cell = cell.strip()
    try:
        return [int(part) for part in _IDS_SEPARATOR.split(cell) if part]
    except ValueError:
        raise AlignError(f"{where} ids {cell!r} are not sentence numbers like '3 4'") from None


def parse_score(text: str, where: str) -> float:
    """A score cell: a number in 0..1 (with a decimal comma, as spreadsheets in many locales save it)."""
    try:
        score = float(text.replace(",", "."))
    except ValueError:
        raise AlignError(f"{where}: score {text!r} is not a number") from None
    if not 0.0 <= score <= 1.0:
        raise AlignError(f"{where}: score {text!r} is outside 0..1")
    return score


def merged_text(kept: str, text: str, lang: str) -> str:
    """KEPT with the text of a `merged` row joined on, as the language joins sentences;
    unchanged when the reviewer already joined it there by hand (it is not doubled)."""
    text = text.strip()
    if not text or kept.rstrip().endswith(text):
        return kept
    return kept.rstrip() + joiner(lang) + text if kept.strip() else text


def join_notes(*notes: str) -> str:
    """Reviewers' notes of beads made one, in order: `first; second`."""
    return "; ".join(n for n in notes if n)


# --- the summary after `align run` -------------------------------------------


def summary_line(alignment: Alignment) -> str:
    """`52 beads, 3 flagged (6%), mean score 0.981`: printed after the set's name when `align run` finishes it."""
    count = len(alignment.rows)
    if not count:
        return "0 beads"
    flagged = sum(1 for flags in bead_flags(alignment) if flags)
    mean = sum(row.score for row in alignment.rows) / count
    return f"{count} beads, {flagged} flagged ({100 * flagged / count:.0f}%), mean score {mean:.3f}"
