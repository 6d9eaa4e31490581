"""`align run` under faults injected for real: a killed worker, a killed parent, Ctrl-C,
SIGTERM, a closed stderr pipe, a manifest write that fails, odd folders and names.

Real processes run `align run` with the real encoder; the small sets' sentences are in
a warm embedding cache, so they align in milliseconds, and a "slow" set (sentences no
cache holds) keeps a worker busy for seconds where a test needs one busy.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from faults import (
    ALIGN,
    OUTPUT_SUFFIXES,
    SMALL_SETS,
    alive,
    complete_or_absent,
    environment,
    finish,
    read_line_starting,
    start_run,
    temp_files,
    wait_for,
    workers_of,
    write_set,
    write_slow_set,
)

from align.batch import MANIFEST_NAME, BarProgress, align_one, plan_set, run_batch
from align.cli import cli
from align.fsutil import HOST_TAG
from align.pipeline import Settings, find_article_sets

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="finds worker processes in /proc")

INTERRUPTED = "Interrupted; finished outputs are complete, nothing half-written was left."


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """An embedding cache that holds every sentence of SMALL_SETS."""
    cache = tmp_path_factory.mktemp("warm-cache")
    texts = tmp_path_factory.mktemp("warm-texts")
    for name, (english, chinese) in SMALL_SETS.items():
        write_set(texts, name, english, chinese)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGN_CACHE_DIR", str(cache))
        result = CliRunner().invoke(cli, ["run", str(texts), "-o", str(tmp_path_factory.mktemp("warm-out")), "-j", "1"])
    assert result.exit_code == 0, result.output
    return cache


@pytest.fixture
def texts(tmp_path):
    folder = tmp_path / "texts"
    for name, (english, chinese) in SMALL_SETS.items():
        write_set(folder, name, english, chinese)
    return folder


@pytest.fixture
def align_run(tmp_path, texts, warm_cache, monkeypatch):
    """`align run texts -o out -j 1 ARGS` in this process, with the warm cache."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(warm_cache))

    def invoke(*args: str):
        result = CliRunner().invoke(cli, ["run", str(texts), "-o", str(tmp_path / "out"), "-j", "1", *args])
        assert "Traceback" not in result.output, result.output
        return result

    return invoke


def errors_in(lines) -> list[str]:
    return [line for line in lines if line.startswith("Error:")]


def outputs_of(out: Path, name: str) -> list[Path]:
    return [out / name / f"{name}{suffix}" for suffix in OUTPUT_SUFFIXES]


# --- processes: a killed worker, a killed parent, Ctrl-C, SIGTERM, a closed stderr ---------


def test_a_killed_worker_fails_only_the_set_it_held_and_the_next_run_completes(tmp_path, texts, warm_cache, align_run):
    out = tmp_path / "out"
    run = start_run(texts, out, warm_cache, "-j", "2")
    victim = wait_for(lambda: workers_of(run.pid)[:1], 30, "a worker process")[0]
    os.kill(victim, signal.SIGKILL)  # what the out-of-memory killer does
    code, lines = finish(run, [])

    assert code == 1, lines
    assert not any("Traceback" in line for line in lines), lines
    (error,) = errors_in(lines)
    assert "the worker process aligning it died (killed by SIGKILL" in error, error
    failed = error.split(":")[1].strip()
    assert failed in SMALL_SETS
    assert lines[-1].startswith(f"{len(SMALL_SETS)} article sets: {len(SMALL_SETS) - 1} aligned, 1 failed"), lines
    for name in SMALL_SETS:
        assert all(p.exists() for p in outputs_of(out, name)) == (name != failed), name
    assert not temp_files(out)

    again = align_run()
    assert again.exit_code == 0, again.output
    assert f"1 aligned, {len(SMALL_SETS) - 1} unchanged (skipped)" in again.stderr


def test_workers_exit_when_their_parent_is_killed(tmp_path, texts, warm_cache, align_run):
    write_slow_set(texts, "a-slow")  # sorted first: a worker is busy with it when the parent dies
    out = tmp_path / "out"
    run = start_run(texts, out, warm_cache, "-j", "2")
    read_line_starting(run, lambda line: "beads" in line, [])  # a small set is done, a-slow is not
    workers = workers_of(run.pid)
    assert len(workers) == 2
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    wait_for(lambda: not any(alive(pid) for pid in workers), 30, "the orphaned workers to exit")
    run.stderr.close()
    again = align_run()  # nothing the killed batch left blocks the next run
    assert again.exit_code == 0, again.output
    assert not temp_files(out)
    assert all(complete_or_absent(out, name) for name in [*SMALL_SETS, "a-slow"])


def test_ctrl_c_while_the_workers_start_is_one_line_and_exit_130(tmp_path, texts, warm_cache):
    run = start_run(texts, tmp_path / "out", warm_cache, "-j", "2")
    workers = wait_for(lambda: (found := workers_of(run.pid)) and len(found) == 2 and found, 30, "two workers")
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole foreground group
    code, lines = finish(run, [])
    assert code == 130
    assert lines == [INTERRUPTED]  # no start-up traceback from a worker
    assert not any(alive(pid) for pid in workers)
    assert not temp_files(tmp_path)


def test_ctrl_c_mid_batch_stops_at_once_with_each_set_complete_or_absent(tmp_path, texts, warm_cache):
    write_slow_set(texts, "a-slow")
    out = tmp_path / "out"
    run = start_run(texts, out, warm_cache, "-j", "2")
    lines: list[str] = []
    read_line_starting(run, lambda line: "beads" in line, lines)
    workers = workers_of(run.pid)
    os.killpg(run.pid, signal.SIGINT)
    code, lines = finish(run, lines)

    assert code == 130, lines
    assert lines[-1] == INTERRUPTED and lines.count(INTERRUPTED) == 1, lines
    assert not any("Traceback" in line for line in lines), lines
    assert not any(alive(pid) for pid in workers)  # nothing is written after the command returns
    assert not (out / "a-slow").exists()  # the set in progress was stopped, not finished
    assert not temp_files(out)
    assert all(complete_or_absent(out, name) for name in [*SMALL_SETS, "a-slow"])


def test_sigterm_stops_like_ctrl_c(tmp_path, texts, warm_cache):
    write_slow_set(texts, "z-slow")  # sorted last: being aligned when the signal comes
    out = tmp_path / "out"
    run = start_run(texts, out, warm_cache, "-j", "1")
    lines: list[str] = []
    read_line_starting(run, lambda line: line.startswith("market: "), lines)
    run.send_signal(signal.SIGTERM)
    code, lines = finish(run, lines)
    assert code == 128 + signal.SIGTERM, lines
    assert lines[-1] == INTERRUPTED, lines
    assert not temp_files(out)
    assert complete_or_absent(out, "z-slow")


def test_a_closed_stderr_pipe_does_not_stop_the_batch(tmp_path, texts, warm_cache):
    write_slow_set(texts, "z-slow")
    out = tmp_path / "out"
    run = start_run(texts, out, warm_cache, "-j", "1")
    assert "beads" in run.stderr.readline()
    run.stderr.close()  # the reader leaves, as `align run … 2>&1 | head -1` does
    assert run.wait(timeout=120) == 0
    for name in [*SMALL_SETS, "z-slow"]:
        assert all(p.exists() for p in outputs_of(out, name)), name


def test_temp_files_of_a_killed_writer_are_removed_by_the_next_run(tmp_path, texts, warm_cache, align_run):
    folder = tmp_path / "out" / "garden"
    script = (
        "import time\n"
        "from align.fsutil import atomic_write_all\n"
        "def slowly():\n"
        "    yield '<tmx>partial'\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(120)\n"
        f"atomic_write_all([({str(folder / 'garden.tmx')!r}, slowly())])\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=environment(warm_cache))
    assert writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    (stale,) = temp_files(folder)
    live = folder / f".align-tmp-{HOST_TAG}-{os.getpid()}-0a1b2c"  # a writer that is alive: left alone
    live.write_text("being written", encoding="utf-8")

    result = align_run()
    assert result.exit_code == 0, result.output
    assert not stale.exists() and live.exists()
    assert (folder / "garden.tmx").read_text(encoding="utf-8").startswith("<?xml")


# --- outputs and manifest: one commit -------------------------------------------------


def _failing_manifest_write(monkeypatch, set_name: str, nth: int, fault: BaseException):
    """os.replace fails on the NTH manifest write of SET_NAME (1: the pending entries, before
    the outputs are renamed; 2: the final one, after)."""
    real_replace = os.replace
    calls = []

    def replace(src, dst, *args, **kwargs):
        if str(dst).endswith(os.path.join(set_name, MANIFEST_NAME)):
            calls.append(dst)
            if len(calls) == nth:
                raise fault
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return lambda: monkeypatch.setattr(os, "replace", real_replace)


@pytest.mark.parametrize("fault", ["disk full", "interrupted"])
def test_outputs_renamed_before_their_manifest_was_updated_are_recognised(fault, tmp_path, align_run, monkeypatch):
    exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) if fault == "disk full" else KeyboardInterrupt()
    restore = _failing_manifest_write(monkeypatch, "garden", 2, exc)
    first = align_run()
    restore()
    out = tmp_path / "out"
    if fault == "disk full":
        assert first.exit_code == 1
        (error,) = errors_in(first.stderr.splitlines())
        assert error.startswith("Error: garden: outputs written, but the manifest was not updated")
        assert "No space left on device" in error and "the next run recognises them" in error
    else:
        assert first.exit_code == 130 and first.stderr.strip().endswith(INTERRUPTED)
    assert all(p.exists() for p in outputs_of(out, "garden")) and not temp_files(out)
    made = {p: p.stat().st_mtime_ns for p in outputs_of(out, "garden")}

    again = align_run()
    assert again.exit_code == 0, again.output
    assert "not written by align run" not in again.stderr
    assert {p: p.stat().st_mtime_ns for p in made} == made  # recognised as ours and current: skipped
    assert "unchanged (skipped)" in again.stderr


def test_a_manifest_that_cannot_be_written_leaves_the_old_outputs_in_place(tmp_path, texts, align_run, monkeypatch):
    assert align_run().exit_code == 0
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in outputs_of(out, "garden")}
    write_set(texts, "garden", "The garden closes at five. Visitors leave by the east gate.", SMALL_SETS["garden"][1])
    restore = _failing_manifest_write(monkeypatch, "garden", 1, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    failed = align_run()
    restore()
    assert failed.exit_code == 1
    (error,) = errors_in(failed.stderr.splitlines())
    assert MANIFEST_NAME in error and "No space left on device" in error, error
    assert {p: p.read_bytes() for p in before} == before and not temp_files(out)

    fixed = align_run()
    assert fixed.exit_code == 0 and "1 aligned" in fixed.stderr, fixed.output
    assert "closes at five" in (out / "garden" / "garden.jsonl").read_text(encoding="utf-8")


# --- odd folders, names and manifests ----------------------------------------------------


@pytest.mark.parametrize("first, second", [("en.txt", "en.md"), ("zh-Hans.txt", "zh-CN.txt")])
def test_a_set_with_two_files_for_one_language_fails_alone(first, second, tmp_path, texts, align_run):
    folder = texts / "market"
    (folder / second).write_text((folder / first).read_text(encoding="utf-8"), encoding="utf-8")
    result = align_run()
    assert result.exit_code == 1
    (error,) = errors_in(result.stderr.splitlines())
    assert error.startswith("Error: market: ") and first in error and second in error, error
    assert f"{len(SMALL_SETS) - 1} aligned, 1 failed" in result.stderr


def test_an_unreadable_subfolder_fails_alone(tmp_path, texts, align_run, monkeypatch):
    locked = texts / "market"
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root reads any folder: refuse as the OS would
        real_listdir = os.listdir

        def listdir(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_listdir(path)

        monkeypatch.setattr(os, "listdir", listdir)
    else:
        locked.chmod(0)
    try:
        result = align_run()
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    (error,) = errors_in(result.stderr.splitlines())
    assert error == f"Error: market: {locked}: cannot read the folder (Permission denied)"
    assert f"{len(SMALL_SETS) - 1} aligned, 1 failed" in result.stderr


def test_long_set_names_up_to_what_the_file_system_allows(tmp_path, warm_cache, monkeypatch):
    english, chinese = SMALL_SETS["garden"]
    longest, chinese_name, too_long = "n" * 249, "长" * 80, "x" * 252  # 249 + len(".jsonl") = 255 bytes
    texts = tmp_path / "texts"
    for name in (longest, chinese_name, too_long):
        write_set(texts, name, english, chinese)
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(warm_cache))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(texts), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output
    (error,) = errors_in(result.stderr.splitlines())
    assert error.startswith(f"Error: {too_long}: cannot write ") and "256 bytes, over the 255" in error, error
    assert all(p.exists() for p in outputs_of(out, longest) + outputs_of(out, chinese_name))
    assert not (out / too_long).exists() and not temp_files(out)


def test_folder_names_that_are_not_utf8_under_an_ascii_locale(tmp_path, warm_cache):
    english, chinese = SMALL_SETS["harbour"]
    texts = tmp_path / "texts"
    write_set(texts, "城市", english, chinese)
    raw = os.path.join(os.fsencode(texts), b"caf\xe9")  # Latin-1 bytes: not UTF-8
    os.mkdir(raw)
    for lang, text in (("en", english), ("zh-Hans", chinese)):
        with open(os.path.join(raw, f"{lang}.txt".encode()), "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    out = tmp_path / "out"
    ascii_locale = environment(warm_cache, LC_ALL="C", LANG="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    result = subprocess.run([*ALIGN, "run", str(texts), "-o", str(out), "-j", "1"], env=ascii_locale, capture_output=True, timeout=300)
    stderr = result.stderr.decode("ascii", "replace")
    assert result.returncode == 0, stderr
    assert "Traceback" not in stderr

    from lxml import etree

    tuids = etree.parse(str(out / "城市" / "城市.tmx")).xpath("//tu/@tuid")
    assert tuids[0] == "城市-0"
    bad = os.path.join(os.fsencode(out), b"caf\xe9", b"caf\xe9.tmx")
    assert etree.parse(bad).xpath("//tu/@tuid")[0] == "caf\ufffd-0"  # the name as text, the bad byte replaced

    again = CliRunner().invoke(cli, ["run", str(texts), "-o", str(out), "-j", "1"], env={"ALIGN_CACHE_DIR": str(warm_cache)})
    assert "0 aligned, 2 unchanged (skipped)" in again.stderr, again.output  # the same manifests, read in UTF-8


def test_a_folder_in_place_of_an_output_fails_the_set_before_anything_is_replaced(tmp_path, texts, align_run):
    assert align_run().exit_code == 0
    out = tmp_path / "out"
    tmx = out / "garden" / "garden.tmx"
    before = tmx.read_bytes()
    (out / "garden" / "garden.csv").unlink()
    (out / "garden" / "garden.csv").mkdir()
    write_set(texts, "garden", "The garden closes at five. Visitors leave by the east gate.", SMALL_SETS["garden"][1])
    result = align_run()
    assert result.exit_code == 1
    (error,) = errors_in(result.stderr.splitlines())
    assert error == f"Error: garden: cannot write {out / 'garden' / 'garden.csv'}: it is a folder"
    assert tmx.read_bytes() == before and not temp_files(out)


def test_a_manifest_entry_that_is_null_is_one_line_not_a_traceback(tmp_path, align_run):
    assert align_run().exit_code == 0
    path = tmp_path / "out" / "garden" / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["outputs"]["garden.tmx"] = None
    path.write_text(json.dumps(manifest), encoding="utf-8")
    result = align_run()
    assert result.exit_code == 1
    (error,) = errors_in(result.stderr.splitlines())
    assert error.startswith("Error: garden: ") and "garden.tmx was not written by align run" in error
    assert f"{len(SMALL_SETS) - 1} unchanged (skipped)" in result.stderr


# --- bad options: usage errors at the start -----------------------------------------------


@pytest.mark.parametrize(
    "address, reason",
    [("tcp://127.0.0.1", "no port"), ("udp://127.0.0.1:8786", "unknown scheme 'udp'"), ("tcp://host:99999", "bad port")],
)
def test_a_bad_scheduler_address_is_a_usage_error_at_once(address, reason, align_run, clean_error):
    result = align_run("--scheduler", address)
    assert result.exit_code == 2
    clean_error(result, f"--scheduler {address!r}", reason)


def test_an_encoding_that_is_not_a_text_encoding_is_a_usage_error_at_once(tmp_path, align_run, clean_error):
    result = align_run("--encoding", "rot13")
    assert result.exit_code == 2
    assert "Error: Invalid value for '--encoding': 'rot13' is not a text encoding" in result.stderr
    assert not (tmp_path / "out").exists()


# --- the progress bar and the worker's logging --------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("stream_type", [Terminal, io.StringIO], ids=["terminal", "pipe"])
def test_a_progress_bar_on_a_terminal_and_plain_lines_elsewhere(stream_type, tmp_path, texts, warm_cache, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(warm_cache))
    stream = stream_type()
    report = run_batch([str(texts)], str(tmp_path / "out"), ["tmx"], Settings(cache=True), jobs=1, progress=BarProgress(stream))
    assert report.count("aligned") == len(SMALL_SETS)
    shown = stream.getvalue()
    lines = [line.split("\r")[-1] for line in shown.split("\n")]
    for name in SMALL_SETS:  # every summary is a whole line, whatever the bar drew around it
        assert any(line.startswith(f"{name}: ") and "beads" in line for line in lines), shown
    if stream_type is Terminal:
        assert "Aligning" in shown and f"0/{len(SMALL_SETS)}" in shown and "set/s" in shown, shown
    else:
        assert "Aligning" not in shown and "\r" not in shown


def test_a_worker_restores_the_align_loggers_level(tmp_path, texts, warm_cache, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(warm_cache))
    logger = logging.getLogger("align")
    monkeypatch.setattr(logger, "level", logging.ERROR)
    (article_set,) = [s for s in find_article_sets([str(texts)]) if s.name == "garden"]
    job, _, _ = plan_set(article_set, str(tmp_path / "out"), ["jsonl"], Settings(cache=True), force=True)
    from dataclasses import replace

    result = align_one(replace(job, forward_logs=True, threads=1))
    assert result.status == "aligned", result.message
    assert any("en.txt: text, encoding utf-8" in message for _, message in result.log)  # INFO, collected
    assert logger.level == logging.ERROR
