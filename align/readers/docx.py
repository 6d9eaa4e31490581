"""Word .docx files (python-docx): body paragraphs in document order, one per line.

Table cells come out as paragraphs of their own (a merged cell once), so a
translator's table layout never glues two cells into one sentence. Headers,
footers and comments are not part of the text. A file that unpacks past
align.readers.archive's limits, or declares a DTD, is refused before parsing.
"""

from __future__ import annotations

import zipfile

from ..errors import AlignError
from .archive import check_office_file


def docx_to_text(path: str) -> str:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:
        raise AlignError(f"{path}: reading .docx needs python-docx (pip install python-docx)") from None
    check_office_file(path, ".docx file", body="word/document.xml")
    try:
        document = docx.Document(path)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise AlignError(f"{path}: not a valid .docx file ({exc or type(exc).__name__})") from None
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise AlignError(f"{path}: not a valid .docx file ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(docx.text.paragraph.Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(docx.table.Table(child, document)))
    return "\n".join(lines) + "\n"


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    seen: set = set()  # cell elements; kept alive so identity is stable
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats in every row/column it spans
                continue
            seen.add(cell._tc)
            for paragraph in cell.paragraphs:
                lines.append(paragraph.text)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
    return lines
