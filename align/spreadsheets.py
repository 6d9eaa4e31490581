"""What spreadsheets do to a review table's texts, and how `align tmx` tells it from an edit.

align writes each text so that spreadsheets leave it alone (`export.table`: a
`'` guard in the CSV, Text cells in the workbook) and writes a fingerprint of
it in the same row. Reading a reviewed table back, a text whose fingerprint
matches is what align wrote. For any other text:

- a few changes are undone exactly, the fingerprint confirming the result: a
  CSV guard kept in the text (a CSV saved as a workbook), a leading `'` a
  spreadsheet took for its text prefix, line breaks turned from CRLF into LF;
- a change no translator makes is the spreadsheet's: a text turned into `?`
  by a character set without its script, Chinese or Russian in Windows-1252
  (always refused: the whole file is damaged), a formula error (`Err:507`, `#NAME?`), a text cut at Excel's
  cell limit, a workbook cell that holds a number, date, boolean or formula
  instead of text; in a CSV, a text reformatted into a number or date;
- such a change on a row whose status is not `edited` (or `split`) is undone
  from the JSONL align wrote beside the table, with a warning, or refused with
  one error line when that JSONL is not at hand; on an `edited` row it is
  refused too, except a number- or date-like text in a CSV, kept with a warning
  (the translator may have typed it so);
- every other change is the translator's edit and is kept.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import AlignError
from .export.table import SET_KEY, looks_like_value, text_fingerprint
from .langcheck import EXPECTED, SCRIPT_RANGES, script_of
from .languages import get_language, is_chinese

if TYPE_CHECKING:
    from .review_tables import ReviewFile, ReviewRow

EXCEL_CELL_LIMIT = 32767
"""Excel keeps this many characters of a cell and silently drops the rest."""

MEANT_STATUSES = ("edited", "split")
"""Statuses that say the row's texts were changed on purpose (the browser editor writes `edited`)."""

ROWS_NAMED = 8
"""A warning names this many rows, then counts the rest: one line per kind of change and file."""

_FORMULA_ERROR = re.compile(
    r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)"
    r"|Err:\d{3}"
)

SAVE_HINT = "see 'Saving from a spreadsheet' in docs/review.md"

_REPAIRED = {
    "guard": "the ' that guards a text in the CSV stayed in the cell (a CSV saved as a workbook, or entered again); removed it",
    "apostrophe": "a spreadsheet took the text's leading ' for its text prefix and dropped it; put it back",
    "line-breaks": "a spreadsheet changed the text's line breaks from CRLF to LF; restored them",
    "formula": "a cell entered again became a formula, whose text is still the one align wrote; kept the text",
}


@dataclass
class Originals:
    """The texts align wrote, from its JSONL, read when a row first needs them.

    Looked for under each `--originals` path (a JSONL file, or a folder with
    `<set>.jsonl` or `<set>/<set>.jsonl`), then beside the reviewed table
    (`<set>.jsonl`, or the table's own name with `.jsonl`, as `align run` and
    `align pair` write them).
    """

    paths: list[str] = field(default_factory=list)
    _files: dict[str, dict[tuple[str, str], dict[str, str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for path in self.paths:
            if not os.path.exists(path):
                raise AlignError(f"--originals {path}: no such file or folder")

    def lookup(self, row: ReviewRow) -> tuple[dict[str, str], str] | None:
        """The bead's texts as align wrote them and the JSONL they came from, or None."""
        for path in self._candidates(row.source, row.set_name):
            texts = self._load(path).get((row.set_name, row.bead))
            if texts is not None:
                return texts, path
        return None

    def _candidates(self, table: str, set_name: str) -> list[str]:
        name = f"{set_name}.jsonl"
        found = []
        for path in self.paths:
            found += [os.path.join(path, name), os.path.join(path, set_name, name)] if os.path.isdir(path) else [path]
        found += [os.path.join(os.path.dirname(table), name), os.path.splitext(table)[0] + ".jsonl"]
        return [path for path in dict.fromkeys(found) if os.path.isfile(path)]

    def _load(self, path: str) -> dict[tuple[str, str], dict[str, str]]:
        if path not in self._files:
            records = {}
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                        records[(str(record["set"]), str(record["bead"]))] = dict(record["text"])
                    except (ValueError, KeyError, TypeError):
                        raise AlignError(f"{path} line {number}: not a JSONL line written by align") from None
            self._files[path] = records
        return self._files[path]


@dataclass
class _Findings:
    """What was found in one file, gathered into one warning line per kind."""

    path: str
    rows: dict[str, list[int]] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, line: int, detail: str = "") -> None:
        lines = self.rows.setdefault(kind, [])
        if line not in lines:
            lines.append(line)
        self.details.setdefault(kind, detail)

    def warnings(self) -> list[str]:
        out = []
        for kind, lines in self.rows.items():
            named = ", ".join(map(str, lines[:ROWS_NAMED])) + (f" and {len(lines) - ROWS_NAMED} more" if len(lines) > ROWS_NAMED else "")
            where = f"{self.path} row{'s' if len(lines) > 1 else ''} {named}"
            out.append(f"{where}: {_REPAIRED.get(kind) or self.details[kind]}")
        return out


def check_texts(review_file: ReviewFile, originals: Originals) -> tuple[ReviewFile, list[str]]:
    """The file with each text as align wrote it or as the translator meant it, and the warnings.

    Raises AlignError naming the row for a change that can be neither undone nor kept.
    """
    findings = _Findings(review_file.path)
    rows = [row if row.status == "rejected" else _check_row(row, review_file, originals, findings) for row in review_file.rows]
    warnings = findings.warnings()
    if not review_file.fingerprinted:
        warnings.insert(0, (
            f"{review_file.path}: no fingerprint column (a table from an older align, or the column was deleted): "
            "texts a spreadsheet changed are found only where align's JSONL is at hand"
        ))
    return dataclasses.replace(review_file, rows=rows), warnings


def _check_row(row: ReviewRow, review_file: ReviewFile, originals: Originals, findings: _Findings) -> ReviewRow:
    checker = _RowChecker(row, review_file, originals, findings)
    set_name = checker.set_name()
    texts = {lang: checker.text(lang) for lang in row.texts}
    if set_name == row.set_name and texts == row.texts:
        return row
    return dataclasses.replace(row, set_name=set_name, texts=texts)


@dataclass
class _RowChecker:
    row: ReviewRow
    review_file: ReviewFile
    originals: Originals
    findings: _Findings
    _original: tuple[dict[str, str], str] | None | bool = False
    """The bead's texts in align's JSONL and that file, looked up once (False: not yet)."""

    def set_name(self) -> str:
        """The set name as align wrote it; renaming a set is no edit (its name is how align finds it)."""
        text, kind = self.row.set_name, self.row.kinds.get(SET_KEY, "text")
        expected = self.row.fingerprints.get(SET_KEY)
        same = self._same(SET_KEY, text, kind, expected)
        if same is not None:
            return same
        problem = _damage(SET_KEY, text, kind)
        if expected or problem:
            reason = _problem(problem, kind, text) if problem else f"{_short(text)} is not what align wrote"
            raise AlignError(f"{self.row.where}: the set name {reason}; keep the set column as align wrote it ({SAVE_HINT})")
        return text

    def text(self, lang: str) -> str:
        """The text as align wrote it, repaired or restored, or as the translator meant it; or AlignError."""
        row, text, kind = self.row, self.row.texts[lang], self.row.kinds.get(lang, "text")
        expected, known = row.fingerprints.get(lang), None
        if expected is None:
            known = self._known(lang)  # a table without fingerprints: the JSONL says what align wrote
            expected = text_fingerprint(known[0]) if known else None
        same = self._same(lang, text, kind, expected)
        if same is not None:
            return same
        problem = _damage(lang, text, kind)
        if problem is None and kind == "text" and not self.review_file.typed and looks_like_value(text):
            # A CSV cannot say whether a spreadsheet or the translator wrote it; without a
            # fingerprint it cannot even say whether it changed.
            problem = "value" if expected else "unverifiable"
        if problem is None:
            return text  # the translator's edit
        if problem == "charset":
            letters = "Chinese" if is_chinese(lang) else get_language(lang).name
            raise AlignError(
                f"{row.where}: {lang} {_short(text)} lost its {letters} to question marks: the file was saved in a "
                f"character set without {letters} (such as Windows-1252); save the table again as CSV UTF-8 "
                "(LibreOffice: character set Unicode (UTF-8); Excel: CSV UTF-8) or keep it as .xlsx"
            )
        meant = row.status in MEANT_STATUSES
        if meant and problem in ("value", "unverifiable"):
            if problem == "value":
                detail = f"edited texts look like a spreadsheet's number or date ({lang} {_short(text)}); kept as the status says edited: check them"
                self.findings.add("edited-value", row.line, detail)
            return text
        if not meant and expected:
            known = known or self._known(lang)
            if known and text_fingerprint(known[0]) == expected:  # the same alignment's JSONL
                detail = f"a spreadsheet changed texts align wrote ({lang} {_short(text)} for {_short(known[0])}); restored them from {known[1]}"
                self.findings.add("restored", row.line, detail)
                return known[0]
        raise AlignError(f"{row.where}: {lang} {_problem(problem, kind, text)}; {_fix(problem, meant)}")

    def _same(self, key: str, text: str, kind: str, expected: str | None) -> str | None:
        """The text align wrote when the cell still holds it, or a repair gives it back exactly."""
        if not expected or kind not in ("text", "formula"):
            return None
        if text_fingerprint(text) == expected:
            if kind == "formula":
                self.findings.add("formula", self.row.line)
            return text
        if kind == "text":
            for repair, candidate in _exact_repairs(text):
                if text_fingerprint(candidate) == expected:
                    self.findings.add(repair, self.row.line)
                    return candidate
        return None

    def _known(self, lang: str) -> tuple[str, str] | None:
        """The bead's LANG text in align's JSONL, and that file's path."""
        if self._original is False:
            self._original = self.originals.lookup(self.row) if self.row.bead else None
        if not self._original or lang not in self._original[0]:
            return None
        return self._original[0][lang], self._original[1]


def _exact_repairs(text: str):
    """Candidates for the text align wrote, each tried against the fingerprint.

    Leading apostrophes come and go: a CSV's guard stays in the cell when the CSV is saved as a
    workbook, and LibreOffice's input line shows one more on such a cell, so pressing F2 and Enter
    adds one; a spreadsheet that reads `'` as its text prefix drops one.
    """
    bare = text.lstrip("'")
    leading = len(text) - len(bare)
    for count in range(leading - 1, -1, -1):
        yield "guard", "'" * count + bare
    yield "apostrophe", "'" + text
    if "\n" in text and "\r" not in text:
        yield "line-breaks", text.replace("\n", "\r\n")


def _damage(key: str, text: str, kind: str) -> str | None:
    """What a spreadsheet did to a text, when no translator would have done it; None for an edit."""
    if kind == "error" or _FORMULA_ERROR.fullmatch(text.strip()):
        return "formula-error"
    if kind != "text":
        return "not-text"
    if "\ufffd" in text or (key != SET_KEY and _lost_its_script(key, text)):
        return "charset"
    if len(text) == EXCEL_CELL_LIMIT:
        return "truncated"
    return None


_CHECKED_SCRIPTS = {script for _, _, script in SCRIPT_RANGES} - {"Latn"}
"""Scripts whose letters a character set like Windows-1252 lacks entirely (Latin-script
texts keep most of theirs, so a lost letter there reads as an edit)."""


def _lost_its_script(lang: str, text: str) -> bool:
    """Question marks and not one letter of the language's own script: what a save in a
    character set without that script leaves of a Chinese, Russian or Japanese text."""
    if "?" not in text:
        return False
    script = get_language(lang).script
    own = EXPECTED.get(script, {script})
    return own <= _CHECKED_SCRIPTS and not any(script_of(ch) in own for ch in text)


def _problem(problem: str, kind: str, text: str) -> str:
    if problem == "formula-error":
        return f"holds the formula error {_short(text)}: the spreadsheet read the text as a formula"
    if problem == "not-text":
        return f"holds a {kind} ({text[:40]}), not text: the spreadsheet converted the cell"
    if problem == "truncated":
        return f"is cut at {EXCEL_CELL_LIMIT:,} characters, Excel's limit for a cell"
    if problem == "unverifiable":
        return f"{_short(text)} looks like a number or date a spreadsheet may have reformatted, and the table has no fingerprint of what align wrote"
    return f"{_short(text)} is not what align wrote and looks like a number or date a spreadsheet reformatted"


def _fix(problem: str, meant: bool) -> str:
    retype = "type the text again after a ' (or into a cell formatted as Text)"
    if meant:
        return retype
    restore_it = "put align's JSONL for the set beside the table (or pass --originals) to restore align's text"
    if problem in ("value", "unverifiable"):
        return f"{restore_it}; if the text is right, write edited in its status ({SAVE_HINT})"
    return f"{restore_it}, or {retype}"


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
