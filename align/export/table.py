"""The review table: one row per bead, columns per language, for spreadsheets.

The layout, the pre-filled flags and the cell encoding live here, shared by
every writer of the table (the CSV here, the workbook in `export.xlsx`, the
browser editor) and by `align.review`, which reads it back:

- texts a spreadsheet would turn into something else (a formula, a number, a
  date, a time, a percentage, a fraction, a boolean) are guarded: in the CSV
  with a leading `'`, which every spreadsheet keeps as text; in the workbook as
  Text-formatted string cells;
- a `fingerprint` cell holds a short code of each text as align wrote it, so
  `align tmx` can tell a text a spreadsheet changed from one a translator edited
  (`align.spreadsheets` does that).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

from ..languages import joiner
from ..model import Alignment, Row

STATUS_COLUMN = "status"
NOTE_COLUMN = "note"
FLAGS_COLUMN = "flags"
FINGERPRINT_COLUMN = "fingerprint"
SET_KEY = "set"
"""The fingerprint's key for the set name, beside one per language tag."""

LOW_SCORE = 0.5
"""A score is the probability that the bead is right: below 0.5 it is more likely wrong. Such a
row is flagged `low-score`; one scored below CHECK_BELOW (align.aligner.confidence_model, fitted
so that about a fifth of the rows carry some flag) is flagged `check`."""

LENGTH_RATIO_LIMIT = 2.0
"""A bead whose length ratio is more than this many times off the set's own ratio gets flagged."""

LENGTH_RATIO_MIN_CHARS = 12
"""Below this many characters on the longer side, length ratios are noise."""

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold: the TMX and the workbook drop them."""

# --- cell encoding: what keeps a spreadsheet from changing a text ----------------

# A spreadsheet evaluates a cell that starts with one of these.
_FORMULA_START = re.compile(r"[=+\-@\t\r]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")

DATE_WORDS = frozenset(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august
    september october november december mon tue tues wed thu thur thurs fri sat sun monday tuesday
    wednesday thursday friday saturday sunday am pm a p m e t z h
    januar februar märz mär mai juni juli okt dez oktober dezember mo di mi do fr sa so montag dienstag
    mittwoch donnerstag freitag samstag sonntag uhr
    janv févr avr juil sept déc janvier février mars avril juin juillet août septembre octobre novembre
    décembre lun mer jeu ven sam dim lundi mardi mercredi jeudi vendredi samedi dimanche
    ene abr ago dic enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
    diciembre lunes martes miércoles jueves viernes sábado domingo de
    """.split()
)
"""Words a spreadsheet reads as part of a date, a time or a number (month and weekday names in the
locales translators of English and Chinese work in, AM/PM, an exponent's E, ISO's T and Z). A text of
digits and only these words may be converted: `Jan 06, 2021` is a date to LibreOffice in English."""

DATE_CHARACTERS = frozenset("年月日时時分秒点點号號上下午星期周週一二三四五六七八九十")
"""Chinese characters of dates and times: LibreOffice in a Chinese locale reads `2021年1月6日` as a date."""

BOOLEAN_WORDS = frozenset("true false wahr falsch vrai faux verdadero falso vero verdadeiro waar onwaar".split())
"""What spreadsheets read as TRUE or FALSE in the same locales (LibreOffice in German: `WAHR`)."""


def looks_like_value(text: str) -> bool:
    """Whether a spreadsheet may read the text as a number, date, time, percentage, fraction or boolean.

    Digits with nothing but date words, or a boolean word: `1,000`, `0012`, `1.5E3`, `50%`, `1/2`,
    `10:30 AM`, `Wednesday, January 6, 2021`, `2021年1月6日`, `TRUE`. A sentence with a number in it
    (`Trains run every 4 minutes.`) is not: no spreadsheet converts it.
    """
    stripped = text.strip()
    if stripped.casefold() in BOOLEAN_WORDS:
        return True
    if not _DIGIT.search(stripped):
        return False
    return all(word.casefold() in DATE_WORDS or set(word) <= DATE_CHARACTERS for word in _WORD.findall(stripped))


def _needs_guard(text: str, values: bool) -> bool:
    bare = text.lstrip("'")
    return bool(_FORMULA_START.match(bare)) or (values and looks_like_value(bare))


def neutralise(text: str, values: bool = True) -> str:
    """The text as a CSV cell no spreadsheet converts; `restore` undoes it exactly.

    A leading `'` guards a formula-like text and, with `values`, a number- or date-like one.
    Texts that already start with apostrophes before such a text get one more, so restoring
    (drop one) is exact for every string.
    """
    return "'" + text if _needs_guard(text, values) else text


def restore(text: str) -> str:
    """Undo `neutralise` (exact for every text guarded with `values`, the default: align's own
    code columns never start with an apostrophe)."""
    return text[1:] if text.startswith("'") and _needs_guard(text[1:], True) else text


def needs_neutralising(text: str, values: bool = True) -> bool:
    return _needs_guard(text, values)


FINGERPRINT_LETTERS = "bcdfghjklmnpqrstvwxz"
"""Consonants only: a code of them is no number, date, boolean or word in any spreadsheet's locale."""

FINGERPRINT_LENGTH = 8
"""20**8 ≈ 2.6e10 codes: a changed text passes for the one align wrote once in billions."""


def text_fingerprint(text: str) -> str:
    """A short code of the text as the TMX holds it (XML-invalid characters dropped)."""
    digest = hashlib.blake2b(XML_INVALID.sub("", text).encode("utf-8"), digest_size=8, person=b"align-cell")
    number = int.from_bytes(digest.digest(), "big")
    letters = []
    for _ in range(FINGERPRINT_LENGTH):
        number, index = divmod(number, len(FINGERPRINT_LETTERS))
        letters.append(FINGERPRINT_LETTERS[index])
    return "".join(letters)


def fingerprint_cell(set_name: str, texts: dict[str, str]) -> str:
    """`set:… en:… zh-Hans:…`: the set name's code and each language's, labelled so columns may move."""
    items = [(SET_KEY, set_name), *texts.items()]
    return " ".join(f"{key}:{text_fingerprint(text)}" for key, text in items)


def parse_fingerprints(cell: str) -> dict[str, str]:
    """The codes of a fingerprint cell by key; tokens that are not `key:code` are ignored."""
    codes = {}
    for token in cell.split():
        key, _, code = token.rpartition(":")
        if key and len(code) == FINGERPRINT_LENGTH:
            codes[key] = code.lower()
    return codes


def is_code_column(column: str) -> bool:
    """Columns align fills with numbers or codes of its own, read back as numbers or not at all:
    a spreadsheet may reformat them freely, so only the formula guard applies."""
    return column in ("bead", "score", "type") or column.endswith(" ids")


def csv_cell(column: str, value) -> str:
    """A record's value as the CSV writes it: the score with four decimals, texts guarded."""
    if column == "score" and not isinstance(value, str):  # the editor passes the cell as it read it
        return format_score(value)
    return neutralise(str(value), values=not is_code_column(column))


def column_names(langs: list[str]) -> list[str]:
    return (
        ["set", "bead"]
        + [f"{lang} ids" for lang in langs]
        + list(langs)
        + ["score", "type", FLAGS_COLUMN, STATUS_COLUMN, NOTE_COLUMN, "signature", FINGERPRINT_COLUMN]
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
        texts = dict(zip(alignment.langs, alignment.texts(row)))
        record.update(texts)
        record["score"] = row.score
        record["type"] = row.kind
        record[FLAGS_COLUMN] = ", ".join(flags[number])
        record[STATUS_COLUMN] = ""
        record[NOTE_COLUMN] = ""
        record["signature"] = alignment.signature
        record[FINGERPRINT_COLUMN] = fingerprint_cell(alignment.name, texts)
        yield record


def render_csv(alignment: Alignment) -> bytes:
    return b"".join(iter_csv(alignment))


def iter_csv(alignment: Alignment):
    """UTF-8 with a BOM so Excel reads Chinese correctly; every field quoted, CRLF rows.
    Yields the bytes a row at a time."""
    return iter_table_csv(column_names(alignment.langs), review_records(alignment))


def iter_table_csv(columns: list[str], records):
    """The CSV bytes of RECORDS (dicts keyed by COLUMNS), a row at a time: the one CSV
    writer of review tables (`align run` and the review editor)."""
    line = csv_line_writer(columns)
    yield csv_header(columns)
    for record in records:
        yield line(record)


def csv_header(columns: list[str]) -> bytes:
    return "\ufeff".encode("utf-8") + _csv_line(columns)


def csv_line_writer(columns: list[str]):
    """record → its CSV line's bytes, each cell by `csv_cell`; a column the record lacks is empty."""
    return lambda record: _csv_line([csv_cell(column, record.get(column, "")) for column in columns])


def _csv_line(values: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(values)
    return buffer.getvalue().encode("utf-8")


# --- flags: beads worth a reviewer's look ------------------------------------


def bead_flags(alignment: Alignment) -> list[list[str]]:
    """Per row, the reasons it deserves a look: check or low-score, one-sided, length-ratio,
    numbers. Computed once per alignment: the CSV, the workbook and the summary line all ask."""
    if "bead_flags" not in alignment.derived:
        alignment.derived["bead_flags"] = review_flags(alignment)
    return alignment.derived["bead_flags"]


def review_flags(alignment: Alignment, check_below: float | None = None) -> list[list[str]]:
    """bead_flags, uncached, with the `check` threshold as a parameter (benchmarks/confidence.py;
    default: the fitted CHECK_BELOW of align.aligner.confidence_model)."""
    # Imported here, not at the top: both packages load numpy, and reading a review table
    # back (`align tmx`, which needs this module's columns) must not.
    from ..aligner.confidence_model import CHECK_BELOW
    from ..features.numbers import numbers_in

    check_below = CHECK_BELOW if check_below is None else check_below
    texts = [alignment.texts(row) for row in alignment.rows]
    lengths = [[_length(lang, text) for lang, text in zip(alignment.langs, row_texts)] for row_texts in texts]
    numbers = [[set(numbers_in(text, lang)) for lang, text in zip(alignment.langs, row_texts)] for row_texts in texts]
    typical = _typical_ratios(alignment.rows, lengths)
    return [
        _row_flags(row, row_lengths, row_numbers, typical, check_below)
        for row, row_lengths, row_numbers in zip(alignment.rows, lengths, numbers)
    ]


def _row_flags(
    row: Row, lengths: list[int], numbers_per_lang: list[set[str]], typical: dict[int, float], check_below: float
) -> list[str]:
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
    numbers = [numbers_per_lang[i] for i in present]
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
    """Characters without spaces (Chinese, Japanese) or with them (the others): each script's natural length."""
    return len(text.replace(" ", "")) if not joiner(lang) else len(text)
