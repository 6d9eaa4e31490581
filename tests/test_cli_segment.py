"""`align segment FILE --lang L` through click's CliRunner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from align.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_segment_english_one_sentence_per_line(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("Mr. Lee met the U.S. envoy. They talked.\n\nA heading\n", encoding="utf-8")
    result = invoke("segment", str(path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Mr. Lee met the U.S. envoy.", "They talked.", "A heading"]
    assert result.stderr == ""


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-TW", "ZH-HANT"])
def test_segment_traditional_chinese_and_aliases(tmp_path, lang):
    path = tmp_path / "zh-Hant.txt"
    path.write_text("她說：「這不只是速度。」然後離開了。真的嗎？！\n第二段\n", encoding="utf-8")
    result = invoke("segment", str(path), "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["她說：「這不只是速度。」", "然後離開了。", "真的嗎？！", "第二段"]


def test_segment_prints_the_original_not_the_normalized_text(tmp_path):
    path = tmp_path / "zh-Hant.txt"
    path.write_text("這個軟體需要網路。捷運４號線通車了。", encoding="utf-8")
    result = invoke("segment", str(path), "--lang", "zh-Hant")
    assert result.stdout.splitlines() == ["這個軟體需要網路。", "捷運４號線通車了。"]


def test_segment_reads_utf8_with_bom(tmp_path):
    path = tmp_path / "en.txt"
    path.write_bytes("\ufeffHello there. Bye.".encode("utf-8"))
    result = invoke("segment", str(path), "--lang", "en")
    assert result.stdout.splitlines() == ["Hello there.", "Bye."]


def test_segment_the_seed_article(texts_dir):
    result = invoke("segment", str(texts_dir / "balancing-high-level-dialogue" / "en.txt"), "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Language : English 简体 繁體"
    assert "Back to Top" in lines
    assert any(line.startswith("With the new administration of Joseph R. Biden") for line in lines)
    assert not any(line.endswith(" R.") for line in lines)


def test_segment_help_has_an_example():
    result = invoke("segment", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "align segment" in result.stdout


# --- bad input ------------------------------------------------------------------------


def test_missing_file(tmp_path, clean_error):
    missing = tmp_path / "nope.txt"
    clean_error(invoke("segment", str(missing), "--lang", "en"), str(missing), "no such file")


def test_unknown_language_tag(tmp_path, clean_error):
    path = tmp_path / "fr.txt"
    path.write_text("Bonjour.", encoding="utf-8")
    clean_error(invoke("segment", str(path), "--lang", "fr_FR_x"), "unknown language tag", "'fr_FR_x'")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_empty_file(tmp_path, clean_error, content):
    path = tmp_path / "en.txt"
    path.write_bytes(content)
    result = invoke("segment", str(path), "--lang", "en")
    clean_error(result, str(path), "empty")
    assert result.stdout == ""


def test_directory_instead_of_file(tmp_path, clean_error):
    clean_error(invoke("segment", str(tmp_path), "--lang", "en"), "directory")


def test_binary_file(tmp_path, clean_error):
    path = tmp_path / "en.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = invoke("segment", str(path), "--lang", "en")
    clean_error(result, str(path))
    assert result.stdout == ""


def test_missing_lang_option_is_a_usage_error():
    result = invoke("segment", "whatever.txt")
    assert result.exit_code == 2
    assert "Error:" in result.stderr and "--lang" in result.stderr
    assert "Traceback" not in result.output
