"""The review table: one row per bead, columns per language, for spreadsheets.

The layout, the pre-filled flags and the neutralisation of formula-like cells
live here; `align.review` reads the same layout back, `export.xlsx` writes it
as a workbook.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from ..aligner.confidence_model import CHECK_BELOW
from ..languages import is_chinese
from ..model import Alignment, Row

STATUS_COLUMN = "status"
NOTE_COLUMN = "note"
FLAGS_COLUMN = "flags"

LOW_SCORE = 0.5
"""A score is the probability that the bead is right: below 0.5 it is more likely wrong. Such a
row is flagged `low-score`; one scored below CHECK_BELOW (fitted to flag about 15% of beads,
align.aligner.confidence_model) is flagged `check`."""

LENGTH_RATIO_LIMIT = 2.0
"""A bead whose length ratio is more than this many times off the set's own ratio gets flagged."""

LENGTH_RATIO_MIN_CHARS = 12
"""Below this many characters on the longer side, length ratios are noise."""

# A spreadsheet evaluates a cell that starts with one of these; a leading
# apostrophe makes it text. Cells that already start with apostrophes before
# such a character get one more, so restoring (drop one) is exact for every string.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def neutralise(text: str) -> str:
    """Make a cell that a spreadsheet would evaluate plain text; `restore` undoes it exactly."""
    return "'" + text if _FORMULA_START.match(text) else text


def restore(text: str) -> str:
    return text[1:] if _NEUTRALISED.match(text) else text


def needs_neutralising(text: str) -> bool:
    return bool(_FORMULA_START.match(text))


def column_names(langs: list[str]) -> list[str]:
    return (
        ["set", "bead"]
        + [f"{lang} ids" for lang in langs]
        + list(langs)
        + ["score", "type", FLAGS_COLUMN, STATUS_COLUMN, NOTE_COLUMN, "signature"]
    )


def format_ids(span: tuple[int, ...]) -> str:
    return " ".join(map(str, span))


def format_score(score: float) -> str:
    """Four decimals, exactly as TMX writes it, so a round trip changes nothing."""
    return f"{score:.4f}"


def review_records(alignment: Alignment):
    """One record per bead in document order, keyed by `column_names`; values unneutralised.
    A generator: the records of a book need not all be held at once."""
    flags = bead_flags(alignment)
    for number, row in enumerate(alignment.rows):
        record: dict[str, object] = {"set": alignment.name, "bead": number}
        for lang, span in zip(alignment.langs, row.spans):
            record[f"{lang} ids"] = format_ids(span)
        for lang, text in zip(alignment.langs, alignment.texts(row)):
            record[lang] = text
        record["score"] = row.score
        record["type"] = row.kind
        record[FLAGS_COLUMN] = ", ".join(flags[number])
        record[STATUS_COLUMN] = ""
        record[NOTE_COLUMN] = ""
        record["signature"] = alignment.signature
        yield record


def render_csv(alignment: Alignment) -> bytes:
    return b"".join(iter_csv(alignment))


def iter_csv(alignment: Alignment):
    """UTF-8 with a BOM so Excel reads Chinese correctly; every field quoted, CRLF rows.
    Yields the bytes a row at a time."""
    columns = column_names(alignment.langs)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")

    def line(values) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue().encode("utf-8")

    yield "\ufeff".encode("utf-8") + line(columns)
    for record in review_records(alignment):
        yield line(
            format_score(record[column]) if column == "score" else neutralise(str(record[column])) for column in columns
        )


# --- flags: beads worth a reviewer's look ------------------------------------


def bead_flags(alignment: Alignment) -> list[list[str]]:
    """Per row, the reasons it deserves a look: check or low-score, one-sided, length-ratio,
    numbers. Computed once per alignment: the CSV, the workbook and the summary line all ask."""
    if "bead_flags" not in alignment.derived:
        alignment.derived["bead_flags"] = review_flags(alignment)
    return alignment.derived["bead_flags"]


def review_flags(alignment: Alignment, check_below: float = CHECK_BELOW) -> list[list[str]]:
    """bead_flags, uncached, with the `check` threshold as a parameter (benchmarks/confidence.py)."""
    texts = [alignment.texts(row) for row in alignment.rows]
    lengths = [[_length(lang, text) for lang, text in zip(alignment.langs, row_texts)] for row_texts in texts]
    typical = _typical_ratios(alignment.rows, lengths)
    return [
        _row_flags(row, row_texts, row_lengths, typical, check_below)
        for row, row_texts, row_lengths in zip(alignment.rows, texts, lengths)
    ]


def _row_flags(row: Row, texts: list[str], lengths: list[int], typical: dict[int, float], check_below: float) -> list[str]:
    flags = []
    if row.score < LOW_SCORE:
        flags.append("low-score")
    elif row.score < check_below:
        flags.append("check")
    present = [i for i, span in enumerate(row.spans) if span]
    if len(present) < len(row.spans):
        flags.append("one-sided")
    first = present[0] if present else 0
    for i in present[1:]:
        if i not in typical or first not in typical or max(lengths[i], lengths[first]) < LENGTH_RATIO_MIN_CHARS:
            continue
        ratio = _ratio(lengths[i], lengths[first]) / (typical[i] / typical[first])
        if ratio > LENGTH_RATIO_LIMIT or ratio < 1 / LENGTH_RATIO_LIMIT:
            flags.append("length-ratio")
            break
    numbers = [_numbers(texts[i]) for i in present]
    # Dates and counts are often spelled out on one side ("Jan 06" / "1月6日"), so
    # only numbers that disagree both ways point to a wrong pairing or a typo.
    if any(not (a <= b or b <= a) for a in numbers for b in numbers):
        flags.append("numbers")
    return flags


def _typical_ratios(rows: list[Row], lengths: list[list[int]]) -> dict[int, float]:
    """Per language, the median length ratio to the first language over beads holding both.

    A median, so one badly paired bead does not shift what counts as unusual.
    """
    typical = {0: 1.0}
    for i in range(1, len(lengths[0]) if lengths else 0):
        ratios = sorted(_ratio(row_lengths[i], row_lengths[0]) for row, row_lengths in zip(rows, lengths) if row.spans[0] and row.spans[i])
        if ratios:
            middle = len(ratios) // 2
            typical[i] = ratios[middle] if len(ratios) % 2 else (ratios[middle - 1] + ratios[middle]) / 2
    return typical


def _ratio(length: int, reference: int) -> float:
    return (length + 1) / (reference + 1)


def _length(lang: str, text: str) -> int:
    """Characters without spaces (Chinese) or with them (English): each script's natural length."""
    return len(text.replace(" ", "")) if is_chinese(lang) else len(text)


def _numbers(text: str) -> set[str]:
    """Arabic numerals, full-width digits folded, thousands separators and leading zeros dropped."""
    found = set()
    for match in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        number = match.group().replace(",", "")
        found.add(str(int(number)) if number.isdigit() else number)
    return found
