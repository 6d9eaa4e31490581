"""`align tmx` (reviewed tables → TMX) and `--lang-codes`, through the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import cli
from align.export import write_outputs
from align.model import Alignment, Document, Row, Sentence

DTD = etree.DTD(str(Path(__file__).with_name("tmx14.dtd")))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEED_SET = Path(__file__).resolve().parents[1] / "texts" / "balancing-high-level-dialogue"


def alignment(name: str, en: list[str], zh: list[str]) -> Alignment:
    documents = [Document("en", [Sentence(t, 0) for t in en]), Document("zh-Hans", [Sentence(t, 0) for t in zh])]
    rows = [Row(((i,), (i,)), 0.9) for i in range(len(en))]
    return Alignment(documents, rows, "sig", name)


def valid_tmx(path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    assert DTD.validate(tree), DTD.error_log.filter_from_errors()
    return tree


def without_dates(tmx: str) -> str:
    return re.sub(r'creationdate="\d{8}T\d{6}Z"', 'creationdate=""', tmx)


@pytest.fixture
def reviewed(tmp_path) -> list[Path]:
    one = write_outputs(alignment("one", ["Hello.", "=1+1 is two."], ["你好。", "一加一等于二。"]), str(tmp_path / "one"), ["csv"])
    two = write_outputs(alignment("two", ["Goodbye."], ["再见。"]), str(tmp_path / "two"), ["csv"])
    return [Path(one[0]), Path(two[0])]


def test_tmx_from_several_reviewed_files(reviewed, tmp_path):
    out = tmp_path / "memory.tmx"
    result = CliRunner().invoke(cli, ["tmx", *map(str, reviewed), "-o", str(out), "--lang-codes", "zh=zh-SG"])
    assert result.exit_code == 0, result.output
    assert f"3 translation units from 2 sets written to {out}" in result.stderr
    tree = valid_tmx(out)
    assert [tu.get("tuid") for tu in tree.iter("tu")] == ["one-0", "one-1", "two-0"]
    assert [seg.text for seg in tree.iter("seg")] == ["Hello.", "你好。", "=1+1 is two.", "一加一等于二。", "Goodbye.", "再见。"]
    assert {tuv.get(XML_LANG) for tuv in tree.iter("tuv")} == {"en-US", "zh-SG"}


def test_default_output_sits_next_to_the_first_file(reviewed):
    result = CliRunner().invoke(cli, ["tmx", str(reviewed[0])])
    assert result.exit_code == 0, result.output
    valid_tmx(reviewed[0].with_suffix(".reviewed.tmx"))


def test_an_invalid_row_is_one_error_line_and_nothing_is_written(reviewed, tmp_path, clean_error):
    text = reviewed[1].read_bytes().decode("utf-8-sig")
    reviewed[1].write_text(text.replace('"","",""', '"","typo",""'), encoding="utf-8-sig")
    out = tmp_path / "memory.tmx"
    result = CliRunner().invoke(cli, ["tmx", *map(str, reviewed), "-o", str(out)])
    clean_error(result, f"{reviewed[1]} row 2", "unknown status 'typo'")
    assert not out.exists()


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["tmx", "missing.csv"], "missing.csv: no such file"),
        (["tmx", "notes.txt", "--lang-codes", "en"], "--lang-codes"),
    ],
)
def test_bad_arguments_are_one_error_line(args, fragment, tmp_path, monkeypatch, clean_error):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    clean_error(result, fragment)


def test_pair_writes_the_configured_codes_and_an_xlsx(tmp_path):
    pytest.importorskip("openpyxl")
    (tmp_path / "a.en").write_text("The river is wide.\nThe bridge is old.\n", encoding="utf-8")
    (tmp_path / "a.zh").write_text("河很宽。\n桥很旧。\n", encoding="utf-8")
    prefix = tmp_path / "out" / "a"
    result = CliRunner().invoke(
        cli,
        ["pair", str(tmp_path / "a.en"), str(tmp_path / "a.zh"), "--src-lang", "en", "--tgt-lang", "zh-Hans",
         "--presplit", "--to", "tmx,xlsx", "--lang-codes", "en=en-GB,zh-Hans=zh-SG", "-o", str(prefix)],
    )
    assert result.exit_code == 0, result.output
    tree = valid_tmx(prefix.with_suffix(".tmx"))
    assert tree.getroot().find("header").get("srclang") == "en-GB"
    assert [tuv.get(XML_LANG) for tuv in tree.iter("tuv")] == ["en-GB", "zh-SG"] * 2
    rebuilt = tmp_path / "rebuilt.tmx"
    result = CliRunner().invoke(cli, ["tmx", str(prefix.with_suffix(".xlsx")), "-o", str(rebuilt), "--lang-codes", "en=en-GB,zh-Hans=zh-SG"])
    assert result.exit_code == 0, result.output
    assert without_dates(rebuilt.read_text("utf-8")) == without_dates(prefix.with_suffix(".tmx").read_text("utf-8"))


def test_unchanged_review_of_the_seed_set_round_trips_to_the_run_tmx(tmp_path):
    pytest.importorskip("openpyxl")
    out = tmp_path / "output"
    result = CliRunner().invoke(cli, ["run", str(SEED_SET), "-o", str(out), "--to", "tmx,csv,xlsx", "-j", "1", "--no-cache"])
    assert result.exit_code == 0, result.output
    prefix = out / SEED_SET.name / SEED_SET.name
    written = prefix.with_suffix(".tmx")
    valid_tmx(written)
    for table in (prefix.with_suffix(".csv"), prefix.with_suffix(".xlsx")):
        rebuilt = tmp_path / (table.suffix[1:] + ".tmx")
        result = CliRunner().invoke(cli, ["tmx", str(table), "-o", str(rebuilt)])
        assert result.exit_code == 0, result.output
        assert without_dates(rebuilt.read_text("utf-8")) == without_dates(written.read_text("utf-8"))
