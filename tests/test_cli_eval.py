"""`align eval GOLD AUTO` through click's CliRunner."""

from __future__ import annotations

import re

from click.testing import CliRunner

from align.cli import cli

GOLD = "[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2]\n[4]:[3,4]\n"
AUTO = "[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[]:[2]\n[4]:[3]\n[]:[4]\n"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def parse_report(stdout: str) -> dict[str, float]:
    values = {}
    for kind in ("strict", "lax"):
        line = next(line for line in stdout.splitlines() if line.startswith(kind))
        p, r, f1 = re.search(r"P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", line).groups()
        values.update({f"{kind}_p": float(p), f"{kind}_r": float(r), f"{kind}_f1": float(f1)})
    return values


def test_eval_two_files(tmp_path):
    (tmp_path / "gold.align").write_text(GOLD)
    (tmp_path / "auto.align").write_text(AUTO)
    result = invoke("eval", tmp_path / "gold.align", tmp_path / "auto.align")
    assert result.exit_code == 0, result.output
    assert "files: 1" in result.stdout
    scores = parse_report(result.stdout)
    assert scores == {
        "strict_p": round(3 / 7, 4), "strict_r": round(1 / 3, 4), "strict_f1": 0.375,
        "lax_p": round(5 / 7, 4), "lax_r": 1.0, "lax_f1": round(10 / 12, 4),
    }


def test_eval_folders_score_same_named_files_together(tmp_path):
    gold, auto = tmp_path / "gold", tmp_path / "auto"
    gold.mkdir()
    auto.mkdir()
    (gold / "001.align").write_text(GOLD)
    (auto / "001.align").write_text(AUTO)
    (gold / "002.align").write_text("[0]:[0]\n")
    (auto / "002.align").write_text("[0]:[0]\n")
    (gold / "notes.txt").write_text("not a bead file")
    result = invoke("eval", gold, auto)
    assert result.exit_code == 0, result.output
    assert "files: 2" in result.stdout
    assert parse_report(result.stdout)["strict_p"] == 0.5


def test_eval_perfect(tmp_path):
    (tmp_path / "gold.align").write_text(GOLD)
    result = invoke("eval", tmp_path / "gold.align", tmp_path / "gold.align")
    assert set(parse_report(result.stdout).values()) == {1.0}


def test_eval_missing_auto_file(tmp_path, clean_error):
    (tmp_path / "gold.align").write_text(GOLD)
    clean_error(invoke("eval", tmp_path / "gold.align", tmp_path / "nope.align"), "nope.align")


def test_eval_folder_missing_a_file(tmp_path, clean_error):
    gold, auto = tmp_path / "gold", tmp_path / "auto"
    gold.mkdir()
    auto.mkdir()
    (gold / "001.align").write_text(GOLD)
    clean_error(invoke("eval", gold, auto), "missing 001.align")


def test_eval_file_against_folder(tmp_path, clean_error):
    (tmp_path / "gold.align").write_text(GOLD)
    clean_error(invoke("eval", tmp_path / "gold.align", tmp_path), "both")


def test_eval_malformed_line_names_file_and_line(tmp_path, clean_error):
    (tmp_path / "gold.align").write_text(GOLD)
    (tmp_path / "auto.align").write_text("[0]:[0]\n0:1\n")
    clean_error(invoke("eval", tmp_path / "gold.align", tmp_path / "auto.align"), "auto.align:2")


def test_eval_help_has_an_example():
    result = invoke("eval", "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "align eval" in result.stdout
