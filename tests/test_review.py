"""The review table (CSV/XLSX) and reading a reviewed one back: edits, merges, splits, rejects."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.errors import AlignError
from align.export import write_outputs
from align.export.table import bead_flags, fingerprint_cell, neutralise, render_csv, restore
from align.export.tmx import render_tmx, render_units
from align.model import Alignment, Document, Row, Sentence
from align.review import load_reviewed, summary_line

CREATED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
FORMULAS = ["=SUM(A1:A9)", "+1 555 0100", "-5 degrees", "@mention", "\tindented", "\rcarriage", "'=already quoted"]


def make_alignment() -> Alignment:
    en = ["The line opened in 2021.", "It has 16 stations.", "Trains run every 4 minutes.", "Tickets cost 2 dollars.", "A line only in English."]
    hans = ["该线路于2021年开通。", "共有16座车站。", "列车每4分钟一班。", "票价2美元。"]
    hant = ["該線路於2021年開通。", "共有16座車站。", "列車每4分鐘一班。", "票價2美元。"]
    documents = [Document(lang, [Sentence(t, 0) for t in texts]) for lang, texts in (("en", en), ("zh-Hans", hans), ("zh-Hant", hant))]
    rows = [Row(((i,), (i,), (i,)), score) for i, score in zip(range(4), (0.99, 0.97, 0.95, 0.93))]
    rows.append(Row(((4,), (), ()), 0.2))
    return Alignment(documents, rows, "align:test|encoder:none", "metro")


def formula_alignment() -> Alignment:
    documents = [
        Document("en", [Sentence(t, 0) for t in FORMULAS]),
        Document("zh-Hans", [Sentence("中文" + t, 0) if i % 2 else Sentence(t, 0) for i, t in enumerate(FORMULAS)]),
    ]
    rows = [Row(((i,), (i,)), 0.9) for i in range(len(FORMULAS))]
    return Alignment(documents, rows, "sig", "formulas")


def read_table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def write_table(path: Path, table: list[list[str]], delimiter: str = ",", bom: bool = True) -> None:
    """What a spreadsheet writes back: minimal quoting, maybe another delimiter."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(table)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))


def reviewed_tmx(*paths: Path) -> str:
    memory = load_reviewed([str(p) for p in paths])
    return render_units(memory.units, memory.langs, memory.signature, created=CREATED)


@pytest.fixture
def review_csv(tmp_path) -> Path:
    (path,) = write_outputs(make_alignment(), str(tmp_path / "metro"), ["csv"])
    return Path(path)


@pytest.fixture
def review_xlsx(tmp_path) -> Path:
    pytest.importorskip("openpyxl")
    (path,) = write_outputs(make_alignment(), str(tmp_path / "metro"), ["xlsx"])
    return Path(path)


# --- the review table ------------------------------------------------------------


def test_csv_is_bom_utf8_all_quoted_crlf_with_review_columns():
    raw = render_csv(make_alignment())
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\n" not in line for line in lines)
    assert lines[0] == (
        '"set","bead","en ids","zh-Hans ids","zh-Hant ids","en","zh-Hans","zh-Hant",'
        '"score","type","flags","status","note","signature","fingerprint"'
    )
    texts = {"en": "The line opened in 2021.", "zh-Hans": "该线路于2021年开通。", "zh-Hant": "該線路於2021年開通。"}
    assert lines[1] == (
        '"metro","0","0","0","0","The line opened in 2021.","该线路于2021年开通。","該線路於2021年開通。",'
        f'"0.9900","1-1-1","","","","align:test|encoder:none","{fingerprint_cell("metro", texts)}"'
    )
    assert lines[5].startswith('"metro","4","4","","","A line only in English.","","","0.2000","1-0-0","low-score, one-sided"')


def test_a_text_with_line_breaks_survives_the_csv(tmp_path):
    alignment = make_alignment()
    alignment.documents[0].sentences[1] = Sentence("It has\r\n16 stations.", 0)
    (path,) = write_outputs(alignment, str(tmp_path / "metro"), ["csv"])
    memory = load_reviewed([path])
    assert memory.units[1].texts["en"] == "It has\r\n16 stations."


def test_flags_point_at_beads_worth_a_look():
    documents = [
        Document("en", [Sentence(t, 0) for t in [
            "The committee met on Monday to discuss the budget.",
            "Revenue rose 15 percent.",
            "It was a long and detailed meeting that covered many topics in depth for hours.",
            "Thanks.",
            "The vote was 7 to 2.",
        ]]),
        Document("zh-Hans", [Sentence(t, 0) for t in [
            "委员会周一开会讨论预算。",
            "收入增长了50%。",
            "会议很长。",
            "谢谢。",
            "表决结果为7比2。",
        ]]),
    ]
    rows = [Row(((i,), (i,)), 0.9) for i in range(4)] + [Row(((4,), (4,)), 0.3)]
    flags = bead_flags(Alignment(documents, rows, "", "flags"))
    assert flags == [[], ["numbers"], ["length-ratio"], [], ["low-score"]]


def test_summary_line_counts_beads_flags_and_mean_score():
    assert summary_line(make_alignment()) == "5 beads, 1 flagged (20%), mean score 0.808"


# --- formula neutralisation ------------------------------------------------------


@given(st.text())
def test_neutralising_is_undone_exactly_and_leaves_no_formula(text):
    guarded = neutralise(text)
    assert restore(guarded) == text
    assert not guarded[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_formula_cells_are_quoted_in_csv_and_restored_on_reimport(tmp_path):
    (path,) = write_outputs(formula_alignment(), str(tmp_path / "formulas"), ["csv"])
    table = read_table(Path(path))
    en_cells = [row[4] for row in table[1:]]
    assert en_cells == ["'" + t for t in FORMULAS]
    units = load_reviewed([path]).units
    assert [u.texts["en"] for u in units] == FORMULAS
    assert [u.texts["zh-Hans"] for u in units] == [t if i % 2 == 0 else "中文" + t for i, t in enumerate(FORMULAS)]


def test_formula_cells_are_text_in_xlsx_and_read_back_exactly(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    (path,) = write_outputs(formula_alignment(), str(tmp_path / "formulas"), ["xlsx"])
    sheet = openpyxl.load_workbook(path).active
    cells = [row[4] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == FORMULAS
    assert all(c.data_type == "s" and c.quotePrefix for c in cells), "stored as text, never as a formula"
    units = load_reviewed([path]).units
    assert [u.texts["en"] for u in units] == FORMULAS


# --- the round trip ----------------------------------------------------------------


def test_unchanged_csv_and_xlsx_give_the_same_tmx_as_the_alignment(review_csv, review_xlsx):
    expected = render_tmx([make_alignment()], created=CREATED)
    assert reviewed_tmx(review_csv) == expected
    assert reviewed_tmx(review_xlsx) == expected


def test_a_spreadsheet_saved_with_semicolons_and_no_bom_reads_the_same(review_csv, tmp_path):
    resaved = tmp_path / "resaved.csv"
    write_table(resaved, read_table(review_csv), delimiter=";", bom=False)
    assert reviewed_tmx(resaved) == render_tmx([make_alignment()], created=CREATED)


def edit_csv(path: Path, change) -> Path:
    table = read_table(path)
    header = table[0]
    records = [dict(zip(header, row)) for row in table[1:]]
    change(records)
    write_table(path, [header] + [[r.get(c, "") for c in header] for r in records])
    return path


def test_edit_merge_split_and_reject(review_csv):
    def review(records):
        records[0]["en"] = "The line opened in January 2021."
        records[0]["status"] = "edited"
        records[0]["note"] = "added the month"
        records[2]["status"] = "merged"
        records[3]["status"] = "split"
        records[3]["en"] = "Tickets cost"
        records[3]["zh-Hans"] = "票价"
        records[3]["zh-Hant"] = "票價"
        piece = {"set": "metro", "bead": "", "en": "2 dollars.", "zh-Hans": "2美元。", "zh-Hant": "2美元。", "status": "split"}
        records.insert(4, piece)
        records[5]["status"] = "rejected"

    memory = load_reviewed([str(edit_csv(review_csv, review))])
    units = memory.units
    assert [u.tuid for u in units] == ["metro-0", "metro-1", "metro-3", "metro-3.1"]
    assert memory.dropped == 2  # the merged row and the rejected one
    edited, merged, split, piece = units
    assert edited.texts["en"] == "The line opened in January 2021."
    assert (edited.review, edited.note) == ("edited", "added the month")
    assert merged.texts == {
        "en": "It has 16 stations. Trains run every 4 minutes.",
        "zh-Hans": "共有16座车站。列车每4分钟一班。",
        "zh-Hant": "共有16座車站。列車每4分鐘一班。",
    }
    assert (merged.kind, merged.score, merged.review) == ("2-2-2", 0.95, "merged")
    assert (split.texts["zh-Hans"], split.kind, split.review) == ("票价", "1-1-1", "split")
    assert (piece.texts["en"], piece.kind, piece.score) == ("2 dollars.", None, 0.93)

    memory = load_reviewed([str(review_csv)])
    tmx = render_units(memory.units, memory.langs, memory.signature, created=CREATED)
    assert '<prop type="x-review">merged</prop>' in tmx and "<note>added the month</note>" in tmx
    assert "A line only in English." not in tmx


def test_a_merge_joined_by_hand_is_not_doubled(review_csv):
    def review(records):
        records[1]["en"] = "It has 16 stations. Trains run every 4 minutes."
        records[2]["status"] = "Merged"

    units = load_reviewed([str(edit_csv(review_csv, review))]).units
    assert units[1].texts["en"] == "It has 16 stations. Trains run every 4 minutes."
    assert units[1].texts["zh-Hans"] == "共有16座车站。列车每4分钟一班。"


def test_xlsx_review_round_trip(review_xlsx):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(review_xlsx)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    column = {name: i + 1 for i, name in enumerate(header)}
    sheet.cell(row=3, column=column["zh-Hans"]).value = "全线共设16座车站。"
    sheet.cell(row=6, column=column["status"]).value = "rejected"
    sheet.cell(row=5, column=column["status"]).value = "merged"
    workbook.save(review_xlsx)

    units = load_reviewed([str(review_xlsx)]).units
    assert [u.tuid for u in units] == ["metro-0", "metro-1", "metro-2"]
    assert units[1].texts["zh-Hans"] == "全线共设16座车站。"
    assert units[2].texts["en"] == "Trains run every 4 minutes. Tickets cost 2 dollars."


def test_several_files_make_one_memory(review_csv, tmp_path):
    (other,) = write_outputs(formula_alignment(), str(tmp_path / "formulas"), ["csv"])
    memory = load_reviewed([str(review_csv), other])
    assert memory.sets == ["metro", "formulas"]
    assert len(memory.units) == 5 + len(FORMULAS)
    with pytest.raises(AlignError, match="also in"):
        load_reviewed([str(review_csv), str(review_csv)])


# --- validation ----------------------------------------------------------------------


def set_cell(index: int, column: str, value: str):
    def change(records):
        records[index][column] = value

    return change


@pytest.mark.parametrize(
    "change, row, message",
    [
        (set_cell(1, "status", "done!"), 3, "unknown status 'done!'"),
        (lambda r: r[2].update({"en": "", "zh-Hans": " ", "zh-Hant": ""}), 4, "every language column is empty"),
        (set_cell(2, "bead", "7"), 4, "bead id '7' was changed or moved (expected 2)"),
        (lambda r: r.insert(0, r.pop(1)), 2, "bead id '1' was changed or moved (expected 0)"),
        (set_cell(3, "bead", ""), 5, "the bead cell is empty"),
        (set_cell(0, "status", "merged"), 2, "no kept row"),
        (set_cell(1, "en ids", "one"), 3, "not sentence numbers"),
        (set_cell(1, "score", "high"), 3, "not a number"),
    ],
)
def test_invalid_rows_are_errors_naming_the_row(review_csv, change, row, message):
    edit_csv(review_csv, change)
    with pytest.raises(AlignError) as caught:
        load_reviewed([str(review_csv)])
    assert f"{review_csv} row {row}: " in str(caught.value)
    assert message in str(caught.value)


def test_a_rejected_row_may_be_empty(review_csv):
    edit_csv(review_csv, lambda r: r[4].update({"en": "", "status": "rejected"}))
    assert len(load_reviewed([str(review_csv)]).units) == 4


def test_a_file_that_is_not_a_review_table_is_an_error(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AlignError, match="no 'set' column"):
        load_reviewed([str(other)])
    latin = tmp_path / "latin.csv"
    latin.write_bytes("set,bead,en ids,en,score,status\nx,0,0,caf\xe9,0.5,\n".encode("latin-1"))
    with pytest.raises(AlignError, match="not UTF-8"):
        load_reviewed([str(latin)])


def test_xlsx_without_openpyxl_is_a_one_line_error_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)
    with pytest.raises(AlignError, match=r'pip install -e "\.\[xlsx\]"'):
        write_outputs(make_alignment(), str(tmp_path / "metro"), ["csv", "xlsx"])
    assert not (tmp_path / "metro.csv").exists(), "no format written when one cannot be rendered"
