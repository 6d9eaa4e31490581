"""The review table as an Excel workbook (`--to xlsx`; needs the `xlsx` extra, openpyxl).

Same columns as the CSV. Texts are string cells in the Text number format
(`@`), and so are the text columns' empty cells: what a reviewer types there
stays text in LibreOffice and Excel, even `=SUM(A1)`, `1,000` or `1/2`; a text
that would otherwise be converted also carries Excel's quote prefix. The
stored value is the exact text, nothing to undo on reading.
"""

from __future__ import annotations

import io

from ..errors import AlignError
from ..model import Alignment
from .table import (
    FINGERPRINT_COLUMN,
    FLAGS_COLUMN,
    NOTE_COLUMN,
    STATUS_COLUMN,
    XML_INVALID,  # characters XML 1.0 cannot hold: openpyxl refuses them too
    column_names,
    is_code_column,
    needs_neutralising,
    review_records,
)

SHEET_TITLE = "review"
TEXT_FORMAT = "@"
"""The Text number format: input into such a cell is kept as typed, never read as a number or formula."""

def load_openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise AlignError('the xlsx format needs openpyxl: pip install -e ".[xlsx]"') from None
    return openpyxl


def render_xlsx(alignment: Alignment) -> bytes:
    return render_workbook(column_names(alignment.langs), review_records(alignment), alignment.langs)


def render_workbook(columns: list[str], records, langs: list[str]) -> bytes:
    """The workbook of RECORDS (dicts keyed by COLUMNS): the one .xlsx writer of review
    tables (`align run` and the review editor); LANGS are the text columns."""
    openpyxl = load_openpyxl()
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = CellAlignment(wrap_text=True, vertical="top")
    text_columns = set(langs) | {NOTE_COLUMN}
    for row_number, record in enumerate(records, start=2):
        for column_number, column in enumerate(columns, start=1):
            value = record.get(column, "")
            cell = sheet.cell(row=row_number, column=column_number)
            if isinstance(value, (int, float)):
                cell.value = value
                if column == "score":
                    cell.number_format = "0.0000"
                continue
            text = XML_INVALID.sub("", str(value))
            code = is_code_column(column)
            if not code:
                cell.number_format = TEXT_FORMAT
            if column in text_columns:
                cell.alignment = wrap
            if not text:
                continue
            cell.value = text
            # openpyxl turns a string starting with "=" into a formula; force text.
            cell.data_type = "s"
            if needs_neutralising(text, values=not code):
                cell.quotePrefix = True
    widths = {lang: 60 for lang in langs} | {FLAGS_COLUMN: 18, STATUS_COLUMN: 10, NOTE_COLUMN: 30, FINGERPRINT_COLUMN: 30}
    for column_number, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(column_number)]
        dimension.width = widths.get(column, 12)
        if not is_code_column(column):
            dimension.number_format = TEXT_FORMAT  # rows a reviewer inserts (a split) are Text too
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
