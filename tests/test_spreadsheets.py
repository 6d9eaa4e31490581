"""Review tables through a real spreadsheet: LibreOffice Calc opens, converts, edits and saves them.

Every path a translator takes (the Text Import dialog's defaults, "Detect special
numbers", a Chinese locale, a Windows-1252 save, a CSV saved as a workbook, a
workbook edited cell by cell) ends in `align tmx`, which must give the TMX
`align run` wrote, keep the edits meant, and never exit 0 with a text the
spreadsheet changed. The texts: tests/data/quiz-night, real English and Chinese
sentences shaped like numbers, dates, times, percentages, fractions, leading
zeros, booleans and formulas, and the seed set (its `Jan 06, 2021` line),
aligned by the real encoder.

LibreOffice starts once for every conversion and edit (tests/uno_calc.py, run
by Debian's python3 with python3-uno): it opens each CSV with the Text Import
filter and options and saves with the export filter and options, as `soffice
--headless --infilter=... --convert-to ...` does, and types edits through the
path keyboard entry takes. By hand, the first case is

    soffice --headless --infilter="CSV:44,34,76,1,,1033,false,false,false,false,false,,false" \
        --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" --outdir saved/ output/quiz-night/quiz-night.csv
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import cli
from align.export.table import column_names, neutralise

DATA = Path(__file__).with_name("data")
QUIZ_SET = DATA / "quiz-night"
SEED_SET = Path(__file__).resolve().parents[1] / "texts" / "balancing-high-level-dialogue"
SETS = [QUIZ_SET.name, SEED_SET.name]
UNO_PYTHON = "/usr/bin/python3"
UNO_CALC = Path(__file__).with_name("uno_calc.py")


def _uno_available() -> bool:
    if shutil.which("soffice") is None or not Path(UNO_PYTHON).is_file():
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(
    not _uno_available(),
    reason="LibreOffice Calc and python3-uno are not installed (apt-get install -y libreoffice-calc python3-uno; .ci/run installs them)",
)

# The Text Import filter's options, token by token: field separator (44 ","), text delimiter (34 '"'),
# character set (76 UTF-8), first line, column formats (none: Standard), language (1033 en-US,
# 2052 zh-CN), "Format quoted field as text", "Detect special numbers", four tokens only export
# reads, "Evaluate formulas". DIALOG_DEFAULTS is the dialog as LibreOffice 7.4 first shows it.
DIALOG_DEFAULTS = "44,34,76,1,,1033,false,false,false,false,false,,false"
DETECT_SPECIAL = "44,34,76,1,,1033,false,true,false,false,false,,true"
DETECT_SPECIAL_ZH = "44,34,76,1,,2052,false,true,false,false,false,,false"
# Export filters and options (the CSV's: separator, delimiter, character set: 76 UTF-8, 1 Windows-1252;
# first line), as `--convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1"` names them.
SAVE_CSV_UTF8 = (".csv", "Text - txt - csv (StarCalc)", "44,34,76,1")
SAVE_CSV_1252 = (".csv", "Text - txt - csv (StarCalc)", "44,34,1,1")
SAVE_XLSX = (".xlsx", "Calc MS Excel 2007 XML", "")

UNCHANGED = ["default-csv", "default-xlsx", "special-csv", "special-xlsx", "special-zh-csv", "resaved-xlsx"]

# --- fixtures: one alignment, every conversion once per session ---------------------------


@pytest.fixture(scope="session")
def aligned(tmp_path_factory) -> Path:
    """`align run` on the two sets with the real encoder: output/<set>/<set>.tmx, .csv, .xlsx, .jsonl."""
    pytest.importorskip("openpyxl")
    out = tmp_path_factory.mktemp("aligned")
    result = CliRunner().invoke(cli, ["run", str(QUIZ_SET), str(SEED_SET), "-o", str(out), "--to", "tmx,csv,jsonl,xlsx", "-j", "1"])
    assert result.exit_code == 0, result.output
    return out


def table(aligned: Path, name: str, suffix: str) -> Path:
    return aligned / name / f"{name}{suffix}"


def conversion(source: Path, folder: Path, save: tuple[str, str, str], infilter: str | None = None) -> dict:
    """A job for tests/uno_calc.py: open SOURCE (a CSV with the import options INFILTER), save it into FOLDER."""
    suffix, filter_name, options = save
    return {"source": str(source), "import": infilter, "target": str(folder / (source.stem + suffix)), "filter": filter_name, "options": options}


def unguarded_csv(jsonl: Path, target: Path) -> Path:
    """The table as an align without value guards or fingerprints wrote it (formulas guarded only)."""
    records = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    langs = list(records[0]["text"])
    columns = [c for c in column_names(langs) if c != "fingerprint"]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for r in records:
        cells = {"set": r["set"], "bead": r["bead"], "score": f"{r['score']:.4f}", "type": r["type"], "signature": r["signature"]}
        cells |= {f"{lang} ids": " ".join(map(str, r["indices"][lang])) for lang in langs}
        cells |= {lang: neutralise(r["text"][lang], values=False) for lang in langs}
        writer.writerow([cells.get(c, "") for c in columns])
    target.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return target


def bead_row(aligned: Path, name: str, lang: str, text: str) -> int:
    """The spreadsheet row (header = 1) of the bead whose LANG text is TEXT."""
    for line in table(aligned, name, ".jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["text"][lang] == text:
            return record["bead"] + 2
    raise AssertionError(f"no bead with {lang} text {text!r}")


# Columns of the quiz set's table (three languages): F en, G zh-Hans, L status.
EN, ZH, STATUS = "F", "G", "L"
PROSE_BEFORE = "The quiz began at half past ten in the main reading room."
PROSE_AFTER = "The quiz began at half past ten sharp in the main reading room."


TOUCHED = ["=SUM(B2:B9)", "=B2*2 doubles the score of the first team, as the bonus round allowed.", "2021-01-06", "TRUE", "1/2", "0012", PROSE_BEFORE]


def edit_plan(aligned: Path, source: Path, target: Path, meant: bool = True) -> dict:
    """A reviewer's session: cells opened and entered again unchanged (F2, Enter): formulas, a
    date, a boolean, a fraction, leading zeros, a sentence; with `meant`, then two edits meant:
    a sentence, and a number on a row whose status they set to edited."""
    row = lambda lang, text: bead_row(aligned, QUIZ_SET.name, lang, text)  # noqa: E731
    edits = [[f"{EN}{row('en', text)}", None] for text in TOUCHED]
    if meant:
        number = row("zh-Hans", "1,000")
        edits += [[f"{EN}{row('en', PROSE_BEFORE)}", PROSE_AFTER], [f"{ZH}{number}", "1,200"], [f"{STATUS}{number}", "edited"]]
    return conversion(source, target.parent, SAVE_XLSX) | {"target": str(target), "edits": edits}


@pytest.fixture(scope="session")
def office(aligned, tmp_path_factory) -> dict[str, Path]:
    """Every conversion and edit, each case in its own folder (no JSONL beside: align tmx finds none)."""
    root = tmp_path_factory.mktemp("office")
    csvs = [table(aligned, name, ".csv") for name in SETS]
    old = unguarded_csv(table(aligned, QUIZ_SET.name, ".jsonl"), root / f"{QUIZ_SET.name}-old.csv")
    cases = {name: root / name for name in UNCHANGED + ["1252-csv", "edited"]}
    for folder in cases.values():
        folder.mkdir()
    plan = [conversion(path, cases["default-csv"], SAVE_CSV_UTF8, DIALOG_DEFAULTS) for path in csvs]
    plan += [conversion(path, cases["default-xlsx"], SAVE_XLSX, DIALOG_DEFAULTS) for path in csvs]
    plan += [conversion(path, cases["special-csv"], SAVE_CSV_UTF8, DETECT_SPECIAL) for path in csvs + [old]]
    plan += [conversion(path, cases["special-xlsx"], SAVE_XLSX, DETECT_SPECIAL) for path in csvs]
    plan += [conversion(path, cases["special-zh-csv"], SAVE_CSV_UTF8, DETECT_SPECIAL_ZH) for path in csvs]
    plan += [conversion(path, cases["1252-csv"], SAVE_CSV_1252, DIALOG_DEFAULTS) for path in csvs]
    plan += [conversion(table(aligned, name, ".xlsx"), cases["resaved-xlsx"], SAVE_XLSX) for name in SETS]
    converted = cases["default-xlsx"] / f"{QUIZ_SET.name}.xlsx"
    plan += [
        edit_plan(aligned, table(aligned, QUIZ_SET.name, ".xlsx"), cases["edited"] / "ours.xlsx"),
        edit_plan(aligned, converted, cases["edited"] / "from-csv.xlsx"),
        edit_plan(aligned, converted, cases["edited"] / "from-csv-touched.xlsx", meant=False),
    ]
    (root / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    subprocess.run([UNO_PYTHON, str(UNO_CALC), str(root / "profile"), str(root / "plan.json")], check=True, capture_output=True, timeout=300)
    for job in plan:
        assert Path(job["target"]).is_file(), f"LibreOffice wrote no {job['target']}"
    return cases


# --- helpers -----------------------------------------------------------------------------------


def align_tmx(reviewed: Path, out: Path, *options: str):
    return CliRunner().invoke(cli, ["tmx", str(reviewed), "-o", str(out), *options])


def units(tmx: Path) -> dict[str, list[str]]:
    tree = etree.parse(str(tmx))
    return {tu.get("tuid"): [seg.text or "" for seg in tu.iter("seg")] for tu in tree.iter("tu")}


def without_dates(tmx: Path) -> str:
    return re.sub(r'creationdate="\d{8}T\d{6}Z"', 'creationdate=""', tmx.read_text("utf-8"))


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning:")]


def assert_no_silent_change(result, out: Path, expected: dict[str, list[str]]) -> None:
    """Either a clean refusal (one Error line, nothing written) or exactly the expected texts."""
    if result.exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(errors) == 1 and errors[0].startswith("Error:") and " row " in errors[0], result.stderr
        assert not out.exists()
        return
    assert units(out) == expected, "align tmx exited 0 with texts the spreadsheet changed"


# --- the round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("case", UNCHANGED)
def test_an_unchanged_table_gives_the_tmx_align_run_wrote(office, aligned, case, tmp_path):
    suffix = ".xlsx" if case.endswith("xlsx") else ".csv"
    for name in SETS:
        out = tmp_path / f"{name}.tmx"
        result = align_tmx(office[case] / f"{name}{suffix}", out)
        assert result.exit_code == 0, result.stderr
        assert without_dates(out) == without_dates(table(aligned, name, ".tmx"))


def test_libreoffice_keeps_every_guarded_text(office, aligned):
    """What makes the unchanged round trips exact: the guarded cells come back as align wrote them,
    also with "Detect special numbers" and in a Chinese locale (where 2021年1月6日 is a date)."""
    written = table(aligned, QUIZ_SET.name, ".csv").read_bytes().decode("utf-8-sig")
    for case in ["default-csv", "special-csv", "special-zh-csv"]:
        saved = (office[case] / f"{QUIZ_SET.name}.csv").read_text("utf-8")
        for text in ["'1,000", "'0012", "'1.5E3", "'Jan 06, 2021", "'10:30", "'50%", "'1/2", "'TRUE", "'2021年1月6日", "'=SUM(B2:B9)"]:
            assert f'"{text}"' in written and f'"{text}"' in saved, (case, text)


def test_a_csv_saved_as_a_workbook_keeps_the_guards_and_align_tmx_removes_them(office, tmp_path):
    result = align_tmx(office["default-xlsx"] / f"{QUIZ_SET.name}.xlsx", tmp_path / "out.tmx")
    assert result.exit_code == 0, result.stderr
    (warning,) = warnings_of(result)
    assert "stayed in the cell" in warning and re.search(r" rows \d+, \d+", warning)


def test_a_table_without_guards_is_changed_by_libreoffice_and_restored_or_refused(office, aligned, tmp_path, clean_error):
    saved = office["special-csv"] / f"{QUIZ_SET.name}-old.csv"
    text = saved.read_text("utf-8")
    assert "01/06/21" in text and "1.10105199001011E+017" in text and ",12," in text  # LibreOffice did change them
    out = tmp_path / "out.tmx"
    line = clean_error(align_tmx(saved, out), f"{saved} row ", "--originals")
    assert "looks like a number or date" in line and not out.exists()

    result = align_tmx(saved, out, "--originals", str(aligned))
    assert result.exit_code == 0, result.stderr
    restored = [w for w in warnings_of(result) if "restored them from" in w]
    assert len(restored) == 1 and f"{saved} rows " in restored[0]
    assert units(out) == units(table(aligned, QUIZ_SET.name, ".tmx"))


def test_a_windows_1252_save_is_refused_naming_the_row(office, tmp_path, clean_error):
    saved = office["1252-csv"] / f"{QUIZ_SET.name}.csv"
    saved.read_bytes().decode("utf-8")  # plain ASCII: every Chinese character became "?"
    out = tmp_path / "out.tmx"
    clean_error(align_tmx(saved, out), f"{saved} row 2: zh-Hans", "question marks", "CSV UTF-8")
    assert not out.exists()
    seed = office["1252-csv"] / f"{SEED_SET.name}.csv"  # its English has a "•": not UTF-8 at all
    clean_error(align_tmx(seed, out), "not UTF-8", "CSV UTF-8")


def test_a_workbook_edited_cell_by_cell_keeps_the_edits_and_nothing_else(office, aligned, tmp_path):
    out = tmp_path / "out.tmx"
    result = align_tmx(office["edited"] / "ours.xlsx", out)
    assert result.exit_code == 0, result.stderr
    expected = units(table(aligned, QUIZ_SET.name, ".tmx"))
    prose = f"{QUIZ_SET.name}-{bead_row(aligned, QUIZ_SET.name, 'en', PROSE_BEFORE) - 2}"
    number = f"{QUIZ_SET.name}-{bead_row(aligned, QUIZ_SET.name, 'zh-Hans', '1,000') - 2}"
    expected[prose][0] = PROSE_AFTER
    expected[number][1] = "1,200"
    assert units(out) == expected


def test_a_converted_workbook_edited_cell_by_cell_is_refused_not_changed(office, aligned, tmp_path, clean_error):
    """A CSV saved as .xlsx has General cells: a number typed there becomes a number, not text."""
    edited = office["edited"] / "from-csv.xlsx"
    out = tmp_path / "out.tmx"
    row = bead_row(aligned, QUIZ_SET.name, "zh-Hans", "1,000")
    for options in ([], ["--originals", str(aligned)]):  # the row says edited: align's text is no answer
        clean_error(align_tmx(edited, out, *options), f"{edited} row {row}: zh-Hans holds a number (1200)", "formatted as Text")
        assert not out.exists()


def test_cells_entered_again_in_a_converted_workbook_change_nothing(office, aligned, tmp_path):
    out = tmp_path / "out.tmx"
    result = align_tmx(office["edited"] / "from-csv-touched.xlsx", out)
    assert_no_silent_change(result, out, units(table(aligned, QUIZ_SET.name, ".tmx")))
    assert result.exit_code == 0, result.stderr
