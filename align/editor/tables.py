"""The review table and the bead model, in the table's own vocabulary (what `align tmx` reads).

Writing, bead by bead:
- a bead is one row holding its texts and sentence ids, under the bead id of
  the first table row it owns, and then one row per further row it owns, with
  status `merged` and empty texts and ids (the first row already holds them:
  `align tmx` folds such a row into the unit above without adding text);
- a piece added by a split is a row with an empty bead cell and status `split`;
- a rejected bead says `rejected` on each of its rows, so nothing of it folds
  into a kept unit above.
`align tmx` thus gives one unit per bead that is not rejected, with the bead's
texts, sentence count per edition (`x-bead-type`), lowest score and note. Each
row's `fingerprint` is the code of the texts the editor wrote into it: the
editor is align writing the table, so `align tmx` tells a spreadsheet's later
change from the editor's work as it does for a table from `align run`.

Reading applies the same rules backwards, and also takes what a spreadsheet
reviewer writes (`merged` rows that keep their own text, split rows, edited
texts), the way `align tmx` does. A table cell holds a bead's sentences joined;
the JSONL that `align run` and `align pair` write beside the table holds them
one by one. Without it (or where a text was edited), the segmenter's rules cut
the text again if that gives back the cell exactly and as many sentences as the
ids cell lists; otherwise the text stays one block that is merged and shifted
whole.
"""

from __future__ import annotations

import json
import os

from ..errors import AlignError
from ..export.table import (
    FINGERPRINT_COLUMN,
    FLAGS_COLUMN,
    NOTE_COLUMN,
    STATUS_COLUMN,
    column_names,
    csv_header,
    csv_line_writer,
    fingerprint_cell,
    format_ids,
    format_score,
)
from ..languages import joiner
from ..review import ReviewRow, apply_reviews, join_notes, merged_text, parse_ids, parse_score, read_review_file
from ..spreadsheets import Originals, check_texts
from ..segment import segment
from .model import Bead, BeadCache, ReviewSet, RowInfo, Segment, check

SentenceTexts = dict[str, dict[int, tuple[str, int]]]
"""Per edition, sentence id → (its text as align wrote it, the bead it stood in)."""


def jsonl_path(table_path: str) -> str:
    return os.path.splitext(table_path)[0] + ".jsonl"


def load_set(path: str) -> tuple[ReviewSet, str]:
    """The bead model of a review table, and a notice for the page ("" when all is plain).
    Raises AlignError for a table `align tmx` would refuse or the editor cannot keep in order."""
    # The editor opens what `align tmx` accepts, with its error messages, and takes the texts as
    # it would: a spreadsheet's changes undone (the fingerprints, the JSONL beside the table).
    review, warnings = check_texts(read_review_file(path), Originals())
    apply_reviews([review])
    table = review.cells
    names = list(dict.fromkeys(row.set_name for row in review.rows))
    if len(names) > 1:
        raise AlignError(f"{path}: holds sets {', '.join(map(repr, names[:3]))}; the editor opens one set per table")
    if not review.rows:
        raise AlignError(f"{path}: no rows")
    header = [cell.strip() for cell in table[0]]
    known = set(column_names(review.langs))
    unknown = [(index, name) for index, name in enumerate(header) if name not in known]
    flags_at = header.index(FLAGS_COLUMN) if FLAGS_COLUMN in header else None

    def cells(row: ReviewRow) -> tuple[str, dict[str, str]]:
        values = table[row.line - 1]
        flags = values[flags_at] if flags_at is not None and flags_at < len(values) else ""
        return flags, {name: values[index] if index < len(values) else "" for index, name in unknown}

    rows: list[RowInfo] = []
    groups: list[_Group] = []
    for row in review.rows:
        flags, extra = cells(row)
        # A row added by a split may carry a copy of the bead cell above; align's rows count on.
        bead_id = len(rows) if row.bead == str(len(rows)) else None
        if bead_id is not None:
            rows.append(RowInfo(row.score, flags, row.signature, extra))
        _add_row(groups, row, bead_id, review.langs, extra)
    originals, counts, notice = _read_jsonl(jsonl_path(path), names[0], len(rows), review.langs)
    notice = " ".join([*warnings, notice]).strip()
    review_set = ReviewSet(names[0], review.langs, [], rows, header, counts)
    review_set.beads = [group.bead(review_set, originals) for group in groups]
    try:
        check(review_set)
    except AlignError as exc:
        raise AlignError(f"{path}: {exc}") from None
    return review_set, notice


class _Group:
    """A table row and the `merged` rows folded into it: one bead to be."""

    def __init__(self, row: ReviewRow, bead_id: int | None, langs: list[str], extra: dict[str, str], last_row: int):
        self.rows = [] if bead_id is None else [bead_id]
        self.home = self.rows[0] if self.rows else last_row
        self.ids = {lang: _ids(row, lang) for lang in langs}
        self.texts = dict(row.texts)
        self.status = row.status if row.status in ("ok", "edited", "rejected") else ""
        self.note = row.note.strip()
        self.score = row.score
        self.extra = {} if self.rows else extra

    def fold(self, row: ReviewRow, bead_id: int, langs: list[str]) -> None:
        """As `align tmx` merges: ids joined, text appended unless already joined by hand."""
        self.rows.append(bead_id)
        for lang in langs:
            self.ids[lang] = sorted(set(self.ids[lang]) | set(_ids(row, lang)))
            self.texts[lang] = merged_text(self.texts[lang], row.texts[lang], lang)
        self.note = join_notes(self.note, row.note.strip())

    def bead(self, review_set: ReviewSet, originals: SentenceTexts) -> Bead:
        segments = {
            lang: _segments(lang, self.ids[lang], self.texts[lang], self.home, originals.get(lang, {}))
            for lang in review_set.langs
        }
        fallback = parse_score(self.score, f"the row split from bead {self.home}") if self.score else review_set.row_score(self.home)
        score = review_set.score_of(tuple(self.rows), fallback)
        return Bead(segments, tuple(self.rows), self.status, self.note, score, self.extra)


def _add_row(groups: list[_Group], row: ReviewRow, bead_id: int | None, langs: list[str], extra: dict[str, str]) -> None:
    last = groups[-1] if groups else None
    empty = not any(row.texts.values()) and not any(cell.strip() for cell in row.ids.values())
    if row.status == "merged" and last is not None and bead_id is not None:
        if last.status == "rejected" and not empty:
            raise AlignError(
                f"{row.where}: a merged row under a rejected one; the editor keeps sentences in order, "
                "so merge into a kept row right above it, or reject this row too"
            )
        last.fold(row, bead_id, langs)
    elif row.status == "rejected" and empty and bead_id is not None and last is not None and last.status == "rejected":
        last.rows.append(bead_id)  # a rejected bead's further rows, as the editor writes them
    else:
        last_row = next((g.rows[-1] for g in reversed(groups) if g.rows), 0)
        groups.append(_Group(row, bead_id, langs, extra, last_row))


def _ids(row: ReviewRow, lang: str) -> list[int]:
    return parse_ids(row.ids[lang], f"{row.where}: {lang}")


def _segments(lang: str, ids: list[int], text: str, home: int, originals: dict[int, tuple[str, int]]) -> tuple[Segment, ...]:
    """The cell's text cut into its sentences: from the JSONL, else the segmenter, else one block."""
    if not ids:
        return (Segment((), text, home),) if text else ()
    glue = joiner(lang)
    if all(i in originals for i in ids) and glue.join(originals[i][0] for i in ids) == text:
        return tuple(Segment((i,), originals[i][0], originals[i][1]) for i in ids)
    if len(ids) > 1:
        parts = [s.text for s in segment(text, lang)]
        if len(parts) == len(ids) and glue.join(parts) == text:
            return tuple(Segment((i,), part, originals.get(i, ("", home))[1]) for i, part in zip(ids, parts))
    return (Segment(tuple(ids), text, originals.get(ids[0], ("", home))[1]),)


def _read_jsonl(path: str, name: str, bead_rows: int, langs: list[str]) -> tuple[SentenceTexts, dict[str, int] | None, str]:
    """The sentences of the JSONL beside the table, if it is the same alignment."""
    if not os.path.isfile(path):
        return {}, None, "No JSONL beside the table: sentence boundaries are the segmenter's."
    originals: SentenceTexts = {lang: {} for lang in langs}
    try:
        with open(path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        for record in records:
            for lang in langs:
                ids, texts = record["indices"][lang], record["sentences"][lang]
                for i, text in zip(ids, texts, strict=True):
                    originals[lang][int(i)] = (str(text), int(record["bead"]))
    except (OSError, ValueError, KeyError, TypeError):
        return {}, None, f"{os.path.basename(path)} holds no sentences (written by an older align?): sentence boundaries are the segmenter's."
    if len(records) != bead_rows or any(record.get("set", "") != name for record in records):
        return {}, None, f"{os.path.basename(path)} is from another alignment than the table: sentence boundaries are the segmenter's."
    counts = {lang: len(originals[lang]) for lang in langs}
    return originals, counts, ""


# --- writing ----------------------------------------------------------------------


def table_records(review_set: ReviewSet):
    """The table's rows, one dict per row keyed by its columns (module docstring)."""
    for bead in review_set.beads:
        yield from bead_records(review_set, bead)


def bead_records(review_set: ReviewSet, bead: Bead) -> list[dict]:
    """The rows of one bead: its own, then one per further table row it owns."""
    langs = review_set.langs
    rejected = bead.status == "rejected"
    info = review_set.rows[bead.rows[0]] if bead.rows else None
    texts = {lang: bead.text(lang) for lang in langs}
    records = [{
        "set": review_set.name,
        "bead": str(bead.rows[0]) if bead.rows else "",
        **{f"{lang} ids": format_ids(bead.ids(lang)) for lang in langs},
        **texts,
        "score": info.score if info else format_score(bead.score),
        "type": bead.kind(langs),
        FLAGS_COLUMN: info.flags if info else "",
        STATUS_COLUMN: bead.status if info else ("rejected" if rejected else "split"),
        NOTE_COLUMN: bead.note,
        "signature": info.signature if info else review_set.signature,
        FINGERPRINT_COLUMN: fingerprint_cell(review_set.name, texts),
        **(info.extra if info else bead.extra),
    }]
    empty = fingerprint_cell(review_set.name, {lang: "" for lang in langs})
    for row in bead.rows[1:]:
        info = review_set.rows[row]
        records.append({
            "set": review_set.name,
            "bead": str(row),
            "score": info.score,
            FLAGS_COLUMN: info.flags,
            STATUS_COLUMN: "rejected" if rejected else "merged",
            "signature": info.signature,
            FINGERPRINT_COLUMN: empty,
            **info.extra,
        })
    return records


class TableWriter:
    """The table's bytes, in the format its path's suffix names, by the writers `align run`
    uses. A CSV line is made once per bead: after an action only the new beads' lines are."""

    def __init__(self, review_set: ReviewSet, path: str):
        self.review_set = review_set
        self.path = path
        line = csv_line_writer(review_set.columns)
        self._lines = BeadCache(lambda bead: b"".join(line(r) for r in bead_records(self.review_set, bead)))

    def render(self) -> bytes:
        review_set = self.review_set
        if self.path.lower().endswith(".xlsx"):
            from ..export.xlsx import render_workbook

            records = (_typed(record) for record in table_records(review_set))
            return render_workbook(review_set.columns, records, review_set.langs)
        return csv_header(review_set.columns) + b"".join(self._lines.values(review_set.beads))


def render_table(review_set: ReviewSet, path: str) -> bytes:
    return TableWriter(review_set, path).render()


def _typed(record: dict) -> dict:
    """Numbers as a workbook from `align run` holds them; a cell whose text a number would alter stays text."""
    out = dict(record)
    if out.get("bead", "").isdigit():
        out["bead"] = int(out["bead"])
    try:
        if format_score(float(out.get("score", ""))) == out["score"]:
            out["score"] = float(out["score"])
    except ValueError:
        pass
    return out
