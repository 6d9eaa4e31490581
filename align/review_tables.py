"""Reading a reviewed review table (CSV or XLSX) back: one ReviewRow per spreadsheet row.

The cells come back as text with the formula guards undone; a workbook also says
which cells hold no text (a number, a date) so that `align.spreadsheets` can tell
what a spreadsheet changed. `align.review` applies the rows.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field

from .errors import AlignError
from .export.table import (
    FINGERPRINT_COLUMN,
    NOTE_COLUMN,
    SET_KEY,
    STATUS_COLUMN,
    column_names,
    is_code_column,
    parse_fingerprints,
    restore,
)
from .languages import get_language
from .readers.archive import check_office_file

REQUIRED_COLUMNS = ("set", "bead", "score", STATUS_COLUMN)


@dataclass(frozen=True)
class ReviewRow:
    """One spreadsheet row as the reviewer left it (cells as text, formula guards undone)."""

    source: str
    line: int
    """The row number a spreadsheet shows (the header is row 1)."""
    set_name: str
    bead: str
    ids: dict[str, str]
    texts: dict[str, str]
    score: str
    status: str
    note: str
    signature: str
    fingerprints: dict[str, str] = field(default_factory=dict)
    """The codes of the texts as align wrote them, by language tag and `set`."""
    kinds: dict[str, str] = field(default_factory=dict)
    """For a workbook cell of the set or a language that is not text: number, date, boolean, formula or error."""

    @property
    def where(self) -> str:
        return f"{self.source} row {self.line}"


@dataclass(frozen=True)
class ReviewFile:
    path: str
    langs: list[str]
    rows: list[ReviewRow]
    typed: bool = False
    """A workbook, whose cells say whether they hold text (a CSV's do not)."""
    fingerprinted: bool = True
    cells: list[list[str]] = field(default_factory=list, repr=False)
    """Every cell as read, header first: the review editor keeps the columns it does not know."""


def read_review_file(path: str) -> ReviewFile:
    """A review table written by `align run --to csv|xlsx`, as edited by a reviewer."""
    if not os.path.isfile(path):
        raise AlignError(f"{path}: no such file")
    suffix = os.path.splitext(path)[1].lower()
    kinds: dict[tuple[int, int], str] = {}
    if suffix == ".xlsx":
        table = _xlsx_cells(path, kinds)
    elif suffix in (".csv", ".txt"):
        table = _csv_cells(path)
    else:
        raise AlignError(f"{path}: not a review table (expected .csv or .xlsx)")
    if not table:
        raise AlignError(f"{path}: empty file")
    header = [cell.strip() for cell in table[0]]
    langs = _header_langs(path, header)
    position = {name: index for index, name in reversed(list(enumerate(header)))}

    def cell(values: list[str], name: str) -> str:
        index = position.get(name)
        return values[index] if index is not None and index < len(values) else ""

    def cell_kinds(line: int) -> dict[str, str]:
        found = {}
        for key, name in [(SET_KEY, "set")] + [(lang, lang) for lang in langs]:
            kind = kinds.get((line, position.get(name, -1)))
            if kind:
                found[key] = kind
        return found

    rows = []
    for line, values in enumerate(table[1:], start=2):
        if not any(value.strip() for value in values):
            continue  # spreadsheets keep blank rows around; they carry nothing
        rows.append(
            ReviewRow(
                source=path,
                line=line,
                set_name=cell(values, "set").strip(),
                bead=cell(values, "bead").strip(),
                ids={lang: cell(values, f"{lang} ids") for lang in langs},
                texts={lang: cell(values, lang) for lang in langs},
                score=cell(values, "score").strip(),
                status=cell(values, STATUS_COLUMN).strip().lower(),
                note=cell(values, NOTE_COLUMN),
                signature=cell(values, "signature").strip(),
                fingerprints=parse_fingerprints(cell(values, FINGERPRINT_COLUMN)),
                kinds=cell_kinds(line) if kinds else {},
            )
        )
    return ReviewFile(path, langs, rows, typed=suffix == ".xlsx", fingerprinted=FINGERPRINT_COLUMN in position, cells=table)


def _header_langs(path: str, header: list[str]) -> list[str]:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    langs = [name[: -len(" ids")] for name in header if name.endswith(" ids")]
    if missing or not langs:
        what = f"no {missing[0]!r} column" if missing else "no '<language> ids' columns"
        raise AlignError(f"{path}: {what}; expected the header align writes, like {', '.join(column_names(['en', 'zh-Hans']))}")
    for lang in langs:
        if get_language(lang).tag != lang:
            raise AlignError(f"{path}: column {lang + ' ids'!r}: write the language as {get_language(lang).tag}")
        if lang not in header:
            raise AlignError(f"{path}: a {lang + ' ids'!r} column but no {lang!r} text column")
    return langs


def _csv_cells(path: str) -> list[list[str]]:
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AlignError(f"{path}: not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'") from None
    first_line = text.split("\n", 1)[0]
    # Excel saves with ';' or tabs in locales where ',' is the decimal mark.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise AlignError(f"{path}: not a readable CSV file ({exc})") from None
    return [[restore(value) for value in row] for row in rows]


_CELL_KINDS = {"n": "number", "d": "date", "b": "boolean", "f": "formula", "e": "error"}


def _xlsx_cells(path: str, kinds: dict[tuple[int, int], str]) -> list[list[str]]:
    """The first sheet's cells as text; `kinds` gets (row, column index) → kind for cells that hold no text."""
    from .export.xlsx import load_openpyxl

    openpyxl = load_openpyxl()
    check_office_file(path, ".xlsx workbook")  # size limits; no DTD, so no entities to expand
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise AlignError(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        table: list[list[str]] = []
        texts: set[int] = set()  # columns of texts, not of align's numbers and codes
        for line, row in enumerate(sheet.iter_rows(), start=1):
            values = [_cell_text(cell.value) for cell in row]
            for index in texts.intersection(range(len(row))):
                if row[index].value is not None and row[index].data_type in _CELL_KINDS:
                    kinds[(line, index)] = _CELL_KINDS[row[index].data_type]
            if not table:
                texts = {index for index, name in enumerate(values) if not is_code_column(name.strip())}
            table.append(values)
        return table
    except AlignError:
        raise
    except Exception as exc:  # read-only mode parses the sheet only now
        raise AlignError(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})") from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A spreadsheet cell as the text it shows: 12.0 typed into a bead cell reads as 12."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
