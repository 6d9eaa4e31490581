"""What a spreadsheet may do to a review table, without a spreadsheet: each rule of align.spreadsheets.

tests/test_spreadsheets.py runs the same through real LibreOffice; here every
change is made by hand, so each rule is checked alone and fast.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from align.cli import cli
from align.errors import AlignError
from align.export import write_outputs
from align.export.table import (
    FINGERPRINT_LETTERS,
    fingerprint_cell,
    looks_like_value,
    neutralise,
    parse_fingerprints,
    restore,
    text_fingerprint,
)
from align.model import Alignment, Document, Row, Sentence
from align.review import load_reviewed

EN = ["Riverton Library Quiz Night", "1,000", "Jan 06, 2021", "The quiz began at half past ten.", "=SUM(B2:B9)", "'Tis the season."]
ZH = ["里弗顿图书馆知识竞赛之夜", "1,000", "2021年1月6日", "竞赛于十点半开始。", "=SUM(B2:B9)", "又到了竞赛的季节。"]


def quiz(name: str = "quiz") -> Alignment:
    documents = [Document("en", [Sentence(t, 0) for t in EN]), Document("zh-Hans", [Sentence(t, 0) for t in ZH])]
    return Alignment(documents, [Row(((i,), (i,)), 0.9) for i in range(len(EN))], "sig", name)


def read_rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def save_as_spreadsheet(path: Path, records: list[dict[str, str]], drop: tuple[str, ...] = ()) -> Path:
    """Written back the way LibreOffice saves a CSV: minimal quoting, LF, no BOM."""
    columns = [c for c in records[0] if c not in drop]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[r[c] for c in columns] for r in records])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def reviewed(tmp_path: Path, change, jsonl: bool = False, drop: tuple[str, ...] = ()) -> Path:
    """The quiz table, changed by CHANGE(records), in its own folder (with align's JSONL if asked)."""
    folder = tmp_path / "review"
    folder.mkdir(exist_ok=True)
    formats = ["csv", "jsonl"] if jsonl else ["csv"]
    (path, *_) = write_outputs(quiz(), str(folder / "quiz"), formats)
    records = read_rows(Path(path))
    change(records)
    return save_as_spreadsheet(Path(path), records, drop)


def texts(path: Path, **options) -> tuple[list[list[str]], list[str]]:
    memory = load_reviewed([str(path)], **options)
    return [[u.texts["en"], u.texts["zh-Hans"]] for u in memory.units], memory.warnings


def expected_with(row: int, lang: int, text: str) -> list[list[str]]:
    table = [list(pair) for pair in zip(EN, ZH)]
    table[row][lang] = text
    return table


# --- the cell encoding -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1,000", "0012", "007", "1.5E3", "12.50", "(100)", "50%", "1/2", "3 1/4", "10:30", "10:30 AM",
                                  "Jan 06, 2021", "Wednesday, January 6, 2021", "6. Januar 2021", "2021-01-06", "2021年1月6日",
                                  "1月6日", "１２３", "TRUE", "false", "WAHR", " 42 "])
def test_number_and_date_shapes_are_values(text):
    assert looks_like_value(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["The quiz began at 10:30.", "Trains run every 4 minutes.", "共有16座车站。", "第7题", "Page 12",
                                  "US$5 a ticket", "True to his word.", "", "Foreign Policy"])
def test_sentences_are_not_values(text):
    assert not looks_like_value(text)
    assert neutralise(text) == text


@given(st.lists(st.sampled_from(["'", "1", ",", "0", "/", "Jan", " ", "=", "年", "TRUE", "a", "%"]), max_size=8).map("".join))
def test_the_guard_is_undone_exactly_for_number_and_date_shapes(text):
    assert restore(neutralise(text)) == text


def test_fingerprints_are_consonants_labelled_by_language():
    code = text_fingerprint("1,000")
    assert len(code) == 8 and set(code) <= set(FINGERPRINT_LETTERS)
    assert not looks_like_value(code) and neutralise(code) == code
    cell = fingerprint_cell("001", {"en": "1,000", "zh-Hans": "一千"})
    assert parse_fingerprints(cell) == {"set": text_fingerprint("001"), "en": code, "zh-Hans": text_fingerprint("一千")}
    assert text_fingerprint("a\x01b") == text_fingerprint("ab"), "what the TMX holds: XML-invalid characters dropped"


def test_the_workbook_keeps_typed_input_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    (path,) = write_outputs(quiz(), str(tmp_path / "quiz"), ["xlsx"])
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    en, fingerprint = header.index("en") + 1, header.index("fingerprint") + 1
    cells = [sheet.cell(row=r, column=en) for r in range(2, len(EN) + 2)]
    assert [c.value for c in cells] == EN and all(c.data_type == "s" and c.number_format == "@" for c in cells)
    assert [c.quotePrefix for c in cells] == [False, True, True, False, True, False]
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(en)].number_format == "@"
    assert sheet.cell(row=2, column=fingerprint).value == fingerprint_cell("quiz", {"en": EN[0], "zh-Hans": ZH[0]})


# --- reading a reviewed CSV back ---------------------------------------------------------------


def test_an_unchanged_table_reads_back_without_warnings(tmp_path):
    assert texts(reviewed(tmp_path, lambda r: None)) == (expected_with(0, 0, EN[0]), [])


def test_an_edited_sentence_is_kept(tmp_path):
    path = reviewed(tmp_path, lambda r: r[3].update({"en": "The quiz began at 10:30 sharp."}))
    assert texts(path) == (expected_with(3, 0, "The quiz began at 10:30 sharp."), [])


def test_a_reformatted_number_is_refused_naming_the_row_and_the_fix(tmp_path):
    path = reviewed(tmp_path, lambda r: r[1].update({"zh-Hans": "1000"}))
    with pytest.raises(AlignError) as caught:
        load_reviewed([str(path)])
    message = str(caught.value)
    assert message.startswith(f"{path} row 3: zh-Hans '1000' is not what align wrote") and "--originals" in message
    assert "write edited in its status" in message and "\n" not in message


def test_a_reformatted_number_is_restored_from_the_jsonl_beside_the_table(tmp_path):
    def spreadsheet(records):
        records[1]["zh-Hans"] = "1000"
        records[2]["en"] = "01/06/21"
        records[4]["en"] = "#NAME?"

    got, warnings = texts(reviewed(tmp_path, spreadsheet, jsonl=True))
    assert got == expected_with(0, 0, EN[0])
    (warning,) = warnings
    assert "rows 3, 4, 6: a spreadsheet changed texts align wrote (zh-Hans '1000' for '1,000'); restored them from" in warning
    assert warning.endswith("quiz.jsonl")


def test_originals_may_live_elsewhere(tmp_path):
    write_outputs(quiz(), str(tmp_path / "output" / "quiz" / "quiz"), ["jsonl"])
    path = reviewed(tmp_path, lambda r: r[1].update({"zh-Hans": "1000"}))
    for originals in (tmp_path / "output", tmp_path / "output" / "quiz", tmp_path / "output" / "quiz" / "quiz.jsonl"):
        assert texts(path, originals=[str(originals)])[0] == expected_with(0, 0, EN[0])
    with pytest.raises(AlignError, match="--originals .*: no such file or folder"):
        load_reviewed([str(path)], originals=[str(tmp_path / "nowhere")])


def test_a_number_on_an_edited_row_is_kept_with_a_warning(tmp_path):
    path = reviewed(tmp_path, lambda r: r[1].update({"zh-Hans": "1200", "status": "edited"}), jsonl=True)
    got, (warning,) = texts(path)
    assert got == expected_with(1, 1, "1200")
    assert "row 3: edited texts look like a spreadsheet's number or date (zh-Hans '1200')" in warning


@pytest.mark.parametrize(
    "change, message",
    [
        ({"zh-Hans": "??????"}, "row 2: zh-Hans '??????' lost its Chinese to question marks"),
        ({"en": "Err:507"}, "row 2: en holds the formula error 'Err:507'"),
        ({"en": "x" * 32767}, "row 2: en is cut at 32,767 characters, Excel's limit"),
        ({"set": "qu1z"}, "row 2: the set name 'qu1z' is not what align wrote"),
    ],
)
def test_changes_no_translator_makes_are_refused(tmp_path, change, message):
    path = reviewed(tmp_path, lambda r: r[0].update(change | {"status": "edited"}))
    with pytest.raises(AlignError, match=message.replace("?", r"\?").replace("(", r"\(")):
        load_reviewed([str(path)])


def test_lost_chinese_is_refused_even_with_the_jsonl_at_hand(tmp_path):
    path = reviewed(tmp_path, lambda r: r[3].update({"zh-Hans": "?????????"}), jsonl=True)
    with pytest.raises(AlignError, match="row 5: zh-Hans .* CSV UTF-8"):
        load_reviewed([str(path)])


@pytest.mark.parametrize(
    "lang, texts, letters",
    [("ru", ["Хижина снова открылась.", "Гости вернулись."], "Russian"),
     ("ja", ["山小屋が再開した。", "客が戻ってきた。"], "Japanese")],
)
def test_any_script_lost_to_a_western_character_set_is_refused(tmp_path, lang, texts, letters):
    english = ["The hut reopened.", "Guests came back."]
    documents = [Document("en", [Sentence(t, 0) for t in english]), Document(lang, [Sentence(t, 0) for t in texts])]
    alignment = Alignment(documents, [Row(((i,), (i,)), 0.9) for i in range(2)], "sig", "hut")
    (path, _) = write_outputs(alignment, str(tmp_path / "hut"), ["csv", "jsonl"])
    table = Path(path)
    table.write_bytes(table.read_bytes().decode("utf-8-sig").encode("cp1252", "replace"))  # saved as Windows-1252
    with pytest.raises(AlignError, match=f"row 2: {lang} '[? .]+' lost its {letters} to question marks.*CSV UTF-8"):
        load_reviewed([path])


def test_question_marks_beside_the_scripts_letters_are_an_edit(tmp_path):
    documents = [Document("en", [Sentence("The hut reopened.", 0)]), Document("ru", [Sentence("Хижина открылась.", 0)])]
    (path, _) = write_outputs(Alignment(documents, [Row(((0,), (0,)), 0.9)], "sig", "hut"), str(tmp_path / "hut"), ["csv", "jsonl"])
    records = read_rows(Path(path))
    records[0]["ru"] = "Хижина открылась?"
    save_as_spreadsheet(Path(path), records)
    assert load_reviewed([path]).units[0].texts["ru"] == "Хижина открылась?"


def test_exact_repairs_are_checked_by_the_fingerprint(tmp_path):
    def spreadsheet(records):
        records[1]["en"] = "''1,000"  # the guard kept, plus one from the input line
        records[5]["en"] = "Tis the season."  # a leading ' taken for a text prefix

    got, warnings = texts(reviewed(tmp_path, spreadsheet))
    assert got == expected_with(0, 0, EN[0])
    assert [w.split(": ", 1)[0] for w in warnings] == [f"{tmp_path / 'review' / 'quiz.csv'} row 3", f"{tmp_path / 'review' / 'quiz.csv'} row 7"]


def test_line_breaks_turned_to_lf_are_restored(tmp_path):
    alignment = quiz()
    alignment.documents[0].sentences[3] = Sentence("The quiz began\r\nat half past ten.", 0)
    (path,) = write_outputs(alignment, str(tmp_path / "quiz"), ["csv"])
    records = read_rows(Path(path))
    assert records[3]["en"] == "The quiz began\r\nat half past ten."
    records[3]["en"] = records[3]["en"].replace("\r\n", "\n")
    memory = load_reviewed([str(save_as_spreadsheet(Path(path), records))])
    assert memory.units[3].texts["en"] == "The quiz began\r\nat half past ten."
    assert "line breaks" in memory.warnings[0]


def test_a_table_without_fingerprints_warns_and_refuses_what_it_cannot_check(tmp_path):
    path = reviewed(tmp_path, lambda r: None, drop=("fingerprint",))
    with pytest.raises(AlignError, match="row 3: en '1,000' looks like a number or date a spreadsheet may have reformatted, and the table has no fingerprint"):
        load_reviewed([str(path)])
    shutil.rmtree(tmp_path / "review")
    path = reviewed(tmp_path, lambda r: r[1].update({"en": "1000"}), jsonl=True, drop=("fingerprint",))
    got, warnings = texts(path)
    assert got == expected_with(0, 0, EN[0])
    assert "no fingerprint column" in warnings[0] and "restored them from" in warnings[1]


# --- reading a reviewed workbook back ----------------------------------------------------------


def workbook(tmp_path: Path, change, jsonl: bool = False) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    (path, *_) = write_outputs(quiz(), str(tmp_path / "quiz"), ["xlsx", "jsonl"] if jsonl else ["xlsx"])
    book = openpyxl.load_workbook(path)
    sheet = book.active
    column = {c.value: c.column for c in sheet[1]}
    change(lambda row, name: sheet.cell(row=row, column=column[name]))
    book.save(path)
    return Path(path)


def test_a_workbook_cell_holding_a_number_is_refused_or_restored(tmp_path):
    def spreadsheet(cell):
        cell(3, "zh-Hans").value = 1000

    with pytest.raises(AlignError, match=r"row 3: zh-Hans holds a number \(1000\), not text"):
        load_reviewed([str(workbook(tmp_path, spreadsheet))])
    got, (warning,) = texts(workbook(tmp_path, spreadsheet, jsonl=True))
    assert got == expected_with(0, 0, EN[0]) and "(zh-Hans '1000' for '1,000')" in warning


def test_a_workbook_formula_with_align_s_text_is_kept(tmp_path):
    def spreadsheet(cell):
        cell(6, "en").value = "=SUM(B2:B9)"  # openpyxl stores it as a formula, as Calc does when it is entered again
        cell(4, "zh-Hans").value = "2021年1月6日"  # typed into a Text cell: stays text

    path = workbook(tmp_path, spreadsheet)
    got, (warning,) = texts(path)
    assert got == expected_with(0, 0, EN[0]) and "row 6: a cell entered again became a formula" in warning


def test_a_number_typed_into_a_workbook_text_cell_is_an_edit(tmp_path):
    path = workbook(tmp_path, lambda cell: setattr(cell(3, "en"), "value", "1,200"))
    assert texts(path) == (expected_with(1, 0, "1,200"), [])


def test_originals_option_on_the_command_line(tmp_path, clean_error):
    path = reviewed(tmp_path, lambda r: r[1].update({"en": "1000"}))
    clean_error(CliRunner().invoke(cli, ["tmx", str(path), "-o", str(tmp_path / "x.tmx")]), f"{path} row 3: en '1000'")
    write_outputs(quiz(), str(tmp_path / "output" / "quiz" / "quiz"), ["jsonl"])
    result = CliRunner().invoke(cli, ["tmx", str(path), "-o", str(tmp_path / "x.tmx"), "--originals", str(tmp_path / "output")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Warning: {path} row 3: a spreadsheet changed texts align wrote (en '1000' for '1,000')")
    clean_error(CliRunner().invoke(cli, ["tmx", str(path), "--originals", "nowhere"]), "--originals nowhere: no such file or folder")
