"""The review editor without a browser: the bead model, its actions, the table it saves, the sidecar.

Every test starts from the seed set aligned by the real encoder and checks what
`align tmx` (load_reviewed, its code) makes of the table the editor saved.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.cli import cli
from align.editor.actions import MAX_HISTORY
from align.editor.locate import find_tables
from align.editor.model import EditorError
from align.editor.session import ConflictError, Session, sidecar_path
from align.editor.tables import load_set, render_table
from align.errors import AlignError
from align.export import write_outputs
from align.export.table import parse_fingerprints, text_fingerprint
from align.review import load_reviewed, read_review_file

SET = "balancing-high-level-dialogue"


@pytest.fixture
def table(seed_alignment, tmp_path) -> Path:
    """A fresh copy of the seed set's CSV and JSONL, as `align run` writes them."""
    folder = tmp_path / SET
    write_outputs(seed_alignment, str(folder / SET), ["csv", "jsonl"])
    return folder / f"{SET}.csv"


def originals(table: Path) -> list[dict]:
    return [json.loads(line) for line in table.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]


def read_cells(path) -> list[list[str]]:
    return read_review_file(str(path)).cells


def units(table: Path) -> list:
    return load_reviewed([str(table)]).units


def do(session: Session, **action) -> dict:
    return session.act(session.version, action)


def joined(lang: str, *texts: str) -> str:
    return ("" if lang.startswith("zh") else " ").join(texts)


# --- opening and saving -----------------------------------------------------------------------


def test_the_page_names_each_edition_in_any_language(table, texts_dir, encoder, tmp_path):
    from align.pipeline import Settings, align_article_set, find_article_sets

    names = Session(str(table)).state()["language_names"]
    assert names == {"en": "English", "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese"}
    (article_set,) = find_article_sets([str(texts_dir / "alpine-hut-reopens")])
    prefix = tmp_path / "alpine" / "alpine"
    write_outputs(align_article_set(article_set, Settings(), encoder), str(prefix), ["csv", "jsonl"])
    state = Session(str(prefix) + ".csv").state()
    assert state["langs"] == ["en", "de", "fr"]
    assert state["language_names"] == {"en": "English", "de": "German", "fr": "French"}


def test_jsonl_holds_each_beads_sentences_one_by_one(table):
    for record in originals(table):
        for lang, sentences in record["sentences"].items():
            assert len(sentences) == len(record["indices"][lang])
            assert joined(lang, *sentences) == record["text"][lang]


def test_an_unchanged_set_saves_the_exact_bytes_align_wrote(table):
    before = table.read_bytes()
    review_set, notice = load_set(str(table))
    assert notice == ""
    assert render_table(review_set, str(table)) == before
    assert sum(len(b.segments["en"]) for b in review_set.beads) == review_set.sentence_counts["en"]


def test_the_workbook_round_trips_cell_for_cell_and_takes_actions(seed_alignment, tmp_path):
    pytest.importorskip("openpyxl")
    path, _ = write_outputs(seed_alignment, str(tmp_path / SET), ["xlsx", "jsonl"])
    review_set, _ = load_set(path)
    before = read_cells(path)
    Path(path).write_bytes(render_table(review_set, path))
    assert read_cells(path) == before
    session = Session(path)
    do(session, type="merge", bead=20, direction="next")
    do(session, type="edit", bead=0, lang="zh-Hans", at=0, text="=语言")
    got = units(Path(path))
    assert [u.tuid for u in got][20:22] == [f"{SET}-20", f"{SET}-22"] and got[20].review == "merged"
    assert got[0].texts["zh-Hans"] == "=语言"


def test_actions_save_a_table_align_tmx_turns_into_the_expected_units(table):
    beads = originals(table)
    session = Session(str(table))
    do(session, type="merge", bead=12, direction="next")  # 1-2-2 + 1-1-1
    do(session, type="split", bead=8, lang="en", at=1)  # 2-1-1: the second English sentence alone
    do(session, type="shift", bead=9, lang="en", at=0, direction="down")  # ... into bead 9
    do(session, type="edit", bead=0, lang="en", at=0, text="Language: English")
    do(session, type="status", bead=1, status="rejected")
    do(session, type="note", bead=2, text="Check the title")
    do(session, type="status", bead=4, status="ok")
    got = {u.tuid: u for u in units(table)}
    assert list(got) == [f"{SET}-{i}" for i in range(52) if i not in (1, 13)]
    en0, en1 = beads[8]["sentences"]["en"]
    assert got[f"{SET}-8"].texts["en"] == en0 and got[f"{SET}-8"].kind == "1-1-1"
    assert got[f"{SET}-9"].texts["en"] == joined("en", en1, beads[9]["text"]["en"]) and got[f"{SET}-9"].kind == "2-1-1"
    merged = got[f"{SET}-12"]
    assert merged.texts == {lang: joined(lang, beads[12]["text"][lang], beads[13]["text"][lang]) for lang in merged.texts}
    assert (merged.kind, merged.review, merged.score) == ("2-3-3", "merged", min(beads[12]["score"], beads[13]["score"]))
    assert got[f"{SET}-0"].texts["en"] == "Language: English" and got[f"{SET}-0"].review == "edited"
    assert got[f"{SET}-2"].note == "Check the title" and got[f"{SET}-4"].review == "ok"
    for i in (3, 5, 20, 51):
        assert got[f"{SET}-{i}"].texts == beads[i]["text"] and got[f"{SET}-{i}"].review == ""


def test_a_split_piece_is_a_split_row_and_a_rejected_piece_is_dropped(table):
    beads = originals(table)
    session = Session(str(table))
    do(session, type="split", bead=44, lang="zh-Hant", at=1)  # 2-1-2: English cut too, Simplified stays
    got = {u.tuid: u for u in units(table)}
    piece = got[f"{SET}-44.1"]
    assert (piece.kind, piece.review) == ("1-0-1", "split")
    assert piece.texts["en"] == beads[44]["sentences"]["en"][1] and piece.texts["zh-Hans"] == ""
    assert got[f"{SET}-44"].texts["zh-Hans"] == beads[44]["text"]["zh-Hans"]
    do(session, type="status", bead=45, status="rejected")
    assert f"{SET}-44.1" not in {u.tuid for u in units(table)}
    assert len(units(table)) == 52


def test_merge_then_split_at_the_old_boundary_gives_the_rows_back(table):
    session = Session(str(table))
    do(session, type="merge", bead=20, direction="next")
    do(session, type="split", bead=20, lang="en", at=1)
    assert [b.rows for b in session.review_set.beads[20:22]] == [(20,), (21,)]
    assert [u.tuid for u in units(table)][20:22] == [f"{SET}-20", f"{SET}-21"]


def test_shifting_the_last_sentence_out_hands_the_rows_over(table):
    session = Session(str(table))
    for lang in ("en", "zh-Hans", "zh-Hant"):
        do(session, type="shift", bead=5, lang=lang, at=0, direction="up")
    assert session.review_set.beads[4].rows == (4, 5)
    assert [u.tuid for u in units(table)][4:6] == [f"{SET}-4", f"{SET}-6"]


def test_an_edit_is_marked_edited_guarded_and_fingerprinted_in_the_table(table):
    session = Session(str(table))
    do(session, type="edit", bead=3, lang="zh-Hans", at=0, text="2021年1月6日")  # date-like: a spreadsheet would convert it
    do(session, type="status", bead=3, status="ok")
    raw = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    assert raw[3]["zh-Hans"] == "'2021年1月6日" and raw[3]["status"] == "ok"
    assert parse_fingerprints(raw[3]["fingerprint"])["zh-Hans"] == text_fingerprint("2021年1月6日")
    memory = load_reviewed([str(table)])
    assert memory.units[3].texts["zh-Hans"] == "2021年1月6日" and memory.warnings == []
    do(session, type="status", bead=2, status="edited")
    assert csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"))).__next__()["status"] == ""


def test_refused_actions_say_why_and_change_nothing(table):
    session = Session(str(table))
    before = table.read_bytes()
    last = len(session.review_set.beads) - 1
    for action, words in [
        (dict(type="merge", bead=last, direction="next"), "no next bead"),
        (dict(type="shift", bead=0, lang="en", at=0, direction="up"), "no previous bead"),
        (dict(type="split", bead=3, lang="en", at=0), "after the first one"),
        (dict(type="edit", bead=3, lang="en", at=5, text="x"), "no en sentence 6"),
        (dict(type="status", bead=3, status="maybe"), "status must be one of"),
        (dict(type="jump"), "unknown action"),
    ]:
        with pytest.raises(EditorError, match=words):
            do(session, **action)
    do(session, type="edit", bead=1, lang="en", at=0, text="")
    do(session, type="edit", bead=1, lang="zh-Hans", at=0, text="")
    with pytest.raises(EditorError, match="reject the bead instead"):
        do(session, type="edit", bead=1, lang="zh-Hant", at=0, text="  ")
    assert load_reviewed([str(table)])  # still a valid table
    assert table.read_bytes() != before  # the two edits that were allowed were saved


# --- undo, redo and the sidecar ----------------------------------------------------------------------


def test_undo_survives_a_reload_for_more_than_fifty_steps(table):
    before = table.read_bytes()
    session = Session(str(table))
    steps = 51
    for i in range(steps):
        do(session, type="note", bead=i % 50, text=f"note {i}")
    do(session, type="edit", bead=7, lang="en", at=0, text="An <edited> sentence.")
    reloaded = Session(str(table))
    assert reloaded.review_set.beads[7].segments["en"][0].text == "An <edited> sentence."
    assert reloaded.notice == ""
    for _ in range(steps + 1):
        reloaded.undo(reloaded.version)
    assert table.read_bytes() == before
    reloaded.redo(reloaded.version)
    assert Session(str(table)).state()["redo"] == "Noted bead 1"
    assert MAX_HISTORY >= 50


def test_a_table_changed_elsewhere_is_refused_then_read_afresh(table):
    session = Session(str(table))
    page_version = session.version
    do(session, type="status", bead=2, status="ok")
    with pytest.raises(ConflictError, match="another page"):
        session.act(page_version, {"type": "status", "bead": 3, "status": "ok"})
    cells = read_cells(str(table))
    cells[5][cells[0].index("note")] = "typed in a spreadsheet"
    spreadsheet = io.StringIO(newline="")
    csv.writer(spreadsheet, lineterminator="\r\n").writerows(cells)
    table.write_bytes(b"\xef\xbb\xbf" + spreadsheet.getvalue().encode("utf-8"))
    saved = table.read_bytes()
    with pytest.raises(ConflictError, match="changed on disk"):
        do(session, type="status", bead=3, status="ok")
    assert table.read_bytes() == saved
    state = session.state()  # the page reloads
    assert "changed outside the editor" in state["notice"] and state["undo"] is None
    assert state["beads"][4]["note"] == "typed in a spreadsheet" and state["beads"][2]["status"] == "ok"


def test_unknown_columns_travel_unchanged(table):
    cells = read_cells(str(table))
    cells[0].insert(3, "reviewer")  # a column align does not write
    for number, row in enumerate(cells[1:]):
        row.insert(3, f"fp{number}")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(cells)
    table.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    session = Session(str(table))
    do(session, type="merge", bead=10, direction="next")
    do(session, type="split", bead=37, lang="zh-Hans", at=1)  # bead 38, a 1-2-2
    rows = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    assert list(rows[0])[3] == "reviewer"
    by_bead = {row["bead"]: row["reviewer"] for row in rows if row["bead"]}
    assert by_bead == {str(i): f"fp{i}" for i in range(52)}
    assert [row["status"] for row in rows if row["bead"] == "11"] == ["merged"]
    assert [row["reviewer"] for row in rows if not row["bead"]] == [""]


def test_a_spreadsheet_review_opens_and_saves_to_the_same_units(table):
    cells = read_cells(str(table))
    header = cells[0]
    col = {name: header.index(name) for name in header}
    cells[7][col["status"]] = "merged"  # bead 6 into bead 5, its own text kept in its row
    split_row = [""] * len(header)
    split_row[col["set"]], split_row[col["status"]] = SET, "split"
    first, second = originals(table)[8]["sentences"]["en"]  # bead 8 is 2-1-1
    split_row[col["en ids"]], split_row[col["en"]] = "9", second
    cells[9][col["en ids"]], cells[9][col["en"]] = "8", first
    cells.insert(10, split_row)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(cells)
    table.write_bytes(buffer.getvalue().encode("utf-8"))
    expected = [(u.tuid, u.texts, u.kind, u.review) for u in units(table)]
    session = Session(str(table))
    do(session, type="status", bead=30, status="ok")
    do(session, type="status", bead=30, status="")
    assert [(u.tuid, u.texts, u.kind, u.review) for u in units(table)] == expected
    beads = session.review_set.beads  # 0 … 4, 5+6, 7, 8, the piece split off 8, 9 …
    assert [b.rows for b in beads[5:10]] == [(5, 6), (7,), (8,), (), (9,)]
    assert [len(s) for s in beads[8].segments.values()] == [1, 0, 0]


def test_without_the_jsonl_the_segmenter_finds_the_sentences(table):
    table.with_suffix(".jsonl").unlink()
    review_set, notice = load_set(str(table))
    assert "segmenter" in notice
    assert [len(review_set.beads[8].segments[lang]) for lang in review_set.langs] == [2, 1, 1]
    assert render_table(review_set, str(table)) == table.read_bytes()


# --- any sequence of actions -----------------------------------------------------------------


ACTION = st.one_of(
    st.builds(lambda b, d: dict(type="merge", bead=b, direction=d), st.integers(0, 60), st.sampled_from(["next", "previous"])),
    st.builds(lambda b, l, a: dict(type="split", bead=b, lang=l, at=a), st.integers(0, 60), st.sampled_from(["en", "zh-Hans", "zh-Hant"]), st.integers(1, 3)),
    st.builds(lambda b, l, a, d: dict(type="shift", bead=b, lang=l, at=a, direction=d), st.integers(0, 60), st.sampled_from(["en", "zh-Hans", "zh-Hant"]), st.integers(0, 3), st.sampled_from(["up", "down"])),
    st.builds(lambda b, s: dict(type="status", bead=b, status=s), st.integers(0, 60), st.sampled_from(["", "ok", "rejected"])),
    st.builds(lambda b, t: dict(type="note", bead=b, text=t), st.integers(0, 60), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)),
    st.builds(lambda b, t: dict(type="edit", bead=b, lang="en", at=0, text=t), st.integers(0, 60), st.sampled_from(["=1+1", "<b>x</b>", "New.", "1,000", "Jan 06, 2021"])),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(ACTION, min_size=1, max_size=12))
def test_any_actions_give_a_table_whose_units_are_the_beads(table, actions):
    table_bytes, sidecar = table.read_bytes(), Path(sidecar_path(str(table)))
    session = Session(str(table))
    try:
        for action in actions:
            try:
                do(session, **action)
            except EditorError:
                pass
        beads = [b for b in session.review_set.beads if b.status != "rejected"]
        got = units(table)
        langs = session.review_set.langs
        assert [u.texts for u in got] == [{lang: b.text(lang) for lang in langs} for b in beads]
        assert [u.kind for u in got] == [b.kind(langs) for b in beads]
        assert [u.score for u in got] == [b.score for b in beads]
        assert [u.note for u in got] == [b.note for b in beads]
        reread, _ = load_set(str(table))
        assert [(b.rows, [b.ids(lang) for lang in langs]) for b in reread.beads] == [
            (b.rows, [b.ids(lang) for lang in langs]) for b in session.review_set.beads
        ]
        while session.history.undo_stack:
            session.undo(session.version)
        assert table.read_bytes() == table_bytes
    finally:
        table.write_bytes(table_bytes)
        sidecar.unlink(missing_ok=True)


# --- what PATH opens, and the command line ----------------------------------------------------------


def test_path_is_a_table_a_set_folder_or_a_folder_of_sets(seed_alignment, tmp_path):
    out = tmp_path / "output"
    for name in ("one", "two"):
        write_outputs(seed_alignment, str(out / name / name), ["csv", "jsonl", "xlsx"])
    assert find_tables(str(out)) == {"one": str(out / "one" / "one.csv"), "two": str(out / "two" / "two.csv")}
    assert find_tables(str(out / "one")) == {"one": str(out / "one" / "one.csv")}
    assert find_tables(str(out / "two" / "two.xlsx")) == {"two": str(out / "two" / "two.xlsx")}
    with pytest.raises(AlignError, match="not a review table"):
        find_tables(str(out / "one" / "one.jsonl"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(AlignError, match="no review table"):
        find_tables(str(tmp_path / "empty"))


@pytest.mark.parametrize(
    "args, words",
    [
        (["no/such/folder"], "no such file or folder"),
        (["{table}", "--host", "0.0.0.0"], "--allow-remote"),
    ],
)
def test_review_refuses_bad_paths_and_remote_hosts_in_one_line(table, clean_error, args, words):
    result = CliRunner().invoke(cli, ["review", *[a.format(table=table) for a in args], "--no-browser"])
    clean_error(result, words)


def test_review_refuses_a_table_align_tmx_refuses(table, clean_error):
    text = table.read_bytes().decode("utf-8-sig").replace('"0.9999"', '"high"', 1)
    table.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["review", str(table), "--no-browser"])
    clean_error(result, "is not a number")
    assert not os.path.exists(sidecar_path(str(table)))


def test_a_spreadsheets_change_is_undone_on_opening_as_align_tmx_does(table):
    text = table.read_bytes().decode("utf-8-sig")
    assert "\"'Jan 06, 2021\"" in text
    table.write_bytes(text.replace("\"'Jan 06, 2021\"", '"01/06/21"').encode("utf-8"))  # LibreOffice's "special numbers"
    session = Session(str(table))
    assert "restored them from" in session.notice
    assert session.review_set.beads[3].segments["en"][0].text == "Jan 06, 2021"
    do(session, type="note", bead=3, text="checked")
    memory = load_reviewed([str(table)])
    assert memory.units[3].texts["en"] == "Jan 06, 2021" and memory.warnings == []
