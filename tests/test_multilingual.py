"""Article sets in any languages: three editions (en, de, fr) give three-language units,
aligned to a pivot edition; with the real default encoder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import cli
from align.errors import AlignError
from align.pipeline import pivot_index

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SET = "alpine-hut-reopens"


@pytest.fixture(scope="module")
def hut_set(texts_dir):
    folder = texts_dir / SET
    if not folder.is_dir():
        pytest.skip(f"{folder} is not in this checkout")
    return folder


def run(folder, out, *args):
    result = CliRunner().invoke(cli, ["run", str(folder), "-o", str(out), "--no-cache", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in (out / SET / f"{SET}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_en_de_fr_set_gives_three_language_units(hut_set, tmp_path):
    records = run(hut_set, tmp_path / "out")
    tree = etree.parse(str(tmp_path / "out" / SET / f"{SET}.tmx"))
    assert tree.getroot().find("header").get("srclang") == "en-US"
    tus = tree.getroot().findall("body/tu")
    assert len(tus) == len(records)
    full = [tu for tu in tus if tu.find("prop[@type='x-bead-type']").text.count("0") == 0]
    assert len(full) >= 0.9 * len(tus)
    for tu in full:
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en-US", "de-DE", "fr-FR"]

    def row(lang, fragment):
        found = [r["text"] for r in records if fragment in r["text"][lang]]
        assert len(found) == 1, (lang, fragment)
        return found[0]

    assert "1.200 Flüge" in row("en", "1,200 flights")["de"] and "1 200 vols" in row("en", "1,200 flights")["fr"]
    assert row("de", "Auf 3170 m ü. M. gehört")["fr"].startswith("À 3170 mètres")
    assert row("en", "Not quite.") == {"en": "Not quite.", "de": "Noch nicht ganz.", "fr": "Pas tout à fait."}
    # The French edition has one more sentence; it stays a French-only unit, not glued on.
    assert row("fr", "M. Favre") == {"en": "", "de": "", "fr": "M. Favre, président de la section, s’est dit « très fier » du résultat."}


def test_pivot_chooses_the_edition_the_others_align_to(hut_set, tmp_path):
    by_default = run(hut_set, tmp_path / "default")
    via_french = run(hut_set, tmp_path / "fr", "--pivot", "fr")
    assert [r["text"] for r in via_french] == [r["text"] for r in by_default]
    header = etree.parse(str(tmp_path / "fr" / SET / f"{SET}.tmx")).getroot().find("header")
    assert "|pivot:fr" in header.find("prop[@type='x-signature']").text


def test_a_pivot_the_set_lacks_fails_that_set(hut_set, tmp_path):
    result = CliRunner().invoke(cli, ["run", str(hut_set), "-o", str(tmp_path / "out"), "--no-cache", "--pivot", "ja"])
    assert result.exit_code == 1
    assert "no ja edition to align the others to (--pivot)" in result.stderr
    assert "Traceback" not in result.output


def test_default_pivot_is_simplified_chinese_then_english_then_the_first():
    assert pivot_index(["en", "zh-Hans", "zh-Hant"], None) == 1
    assert pivot_index(["en", "de", "fr"], None) == 0
    assert pivot_index(["de", "en-GB", "fr"], None) == 1
    assert pivot_index(["de", "fr", "it"], None) == 0
    assert pivot_index(["de", "fr", "it"], "it") == 2
    with pytest.raises(AlignError, match="no ja edition"):
        pivot_index(["de", "fr"], "ja")


def test_textberg_dev_german_french_strict_f1(shared, tmp_path, monkeypatch):
    """The German-French development set, exactly as docs/languages.md's command (in-sample:
    null_extend and the cut weights were tuned on it)."""
    import re

    folder = shared / "data" / "textberg-dev"
    if not (folder / "dev.align").is_file():
        pytest.skip(f"{folder} has no dev.align")
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    prefix = tmp_path / "tb" / "dev"
    result = runner.invoke(
        cli,
        ["pair", str(folder / "dev.de"), str(folder / "dev.fr"), "--src-lang", "de", "--tgt-lang", "fr",
         "--presplit", "--to", "beads", "-o", str(prefix)],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["eval", str(folder / "dev.align"), str(prefix) + ".align"])
    strict_f1 = float(re.search(r"strict .*F1 ([\d.]+)", result.stdout).group(1))
    assert strict_f1 >= 0.90, result.stdout
