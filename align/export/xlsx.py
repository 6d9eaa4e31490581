"""The review table as an Excel workbook (`--to xlsx`; needs the `xlsx` extra, openpyxl).

Same columns as the CSV. Every text cell is stored as a string with Excel's
quote prefix, so a text that starts with `=` stays text even after a reviewer
edits the cell; the stored value is the exact text, nothing to undo on reading.
"""

from __future__ import annotations

import io

from ..errors import AlignError
from ..model import Alignment
from .table import (
    FLAGS_COLUMN,
    NOTE_COLUMN,
    STATUS_COLUMN,
    column_names,
    needs_neutralising,
    review_records,
)
from .tmx import (
    XML_INVALID,  # characters XML 1.0 cannot hold: openpyxl refuses them too
)

SHEET_TITLE = "review"

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
            if not text:
                continue
            cell.value = text
            # openpyxl turns a string starting with "=" into a formula; force text.
            cell.data_type = "s"
            if needs_neutralising(text):
                cell.quotePrefix = True
            if column in text_columns:
                cell.alignment = wrap
    widths = {lang: 60 for lang in langs} | {FLAGS_COLUMN: 18, STATUS_COLUMN: 10, NOTE_COLUMN: 30}
    for column_number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = widths.get(column, 12)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
