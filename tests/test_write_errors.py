"""Outputs that cannot be written, stdout that cannot show the text, a spreadsheet with a
DTD: one `Error:` line and a non-zero exit, never a traceback, nothing half-written."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli
from align.export import write_outputs
from align.model import Alignment, Document, Row, Sentence

REPO = Path(__file__).resolve().parents[1]
ALIGN = [sys.executable, "-c", "from align.cli import cli; cli()"]
HANS = "新线路于周一开通。它连接机场与市中心。列车每四分钟一班。"
HANT = "新線路於週一開通。它連接機場與市中心。列車每四分鐘一班。"


@pytest.fixture
def table(tmp_path) -> Path:
    documents = [Document("en", [Sentence("Hello.", 0)]), Document("zh-Hans", [Sentence("你好。", 0)])]
    (csv,) = write_outputs(Alignment(documents, [Row(((0,), (0,)), 0.9)], "sig", "greeting"), str(tmp_path / "greeting"), ["csv"])
    return Path(csv)


@pytest.fixture
def editions(tmp_path) -> tuple[Path, Path]:
    hans, hant = tmp_path / "hans.txt", tmp_path / "hant.txt"
    hans.write_text(HANS + "\n", encoding="utf-8")
    hant.write_text(HANT + "\n", encoding="utf-8")
    return hans, hant


def tmx(table: Path, output: Path):
    return CliRunner().invoke(cli, ["tmx", str(table), "-o", str(output)])


def pair(editions, prefix: Path):
    # ngram: the built-in surface-form encoder for Simplified ↔ Traditional; what is
    # tested here is writing the outputs, whichever encoder made them.
    hans, hant = editions
    args = ["pair", str(hans), str(hant), "--src-lang", "zh-Hans", "--tgt-lang", "zh-Hant", "--encoder", "ngram", "-o", str(prefix)]
    return CliRunner().invoke(cli, args)


COMMANDS = {"tmx": lambda table, editions, target: tmx(table, target.with_suffix(".tmx")), "pair": lambda table, editions, target: pair(editions, target)}


@contextmanager
def tmpfs(path: Path, options: str):
    """A real small or read-only file system (root only, where mounting is allowed)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@contextmanager
def read_only_folder(path: Path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root writes through file modes
        with tmpfs(path, "size=64k,ro") as folder:
            yield folder
    else:
        path.mkdir()
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)


@contextmanager
def full_disk(path: Path):
    with tmpfs(path, "size=64k") as folder:
        fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass  # full
        finally:
            os.close(fd)
        yield folder


@pytest.mark.parametrize("command", COMMANDS)
def test_output_in_a_read_only_folder(command, table, editions, tmp_path, clean_error):
    with read_only_folder(tmp_path / "locked") as folder:
        result = COMMANDS[command](table, editions, folder / "out")
        clean_error(result, f"cannot write {folder / 'out'}")
        assert os.listdir(folder) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_output_that_is_a_folder(command, table, editions, tmp_path, clean_error):
    target = tmp_path / "out"
    (tmp_path / "out.tmx").mkdir()
    clean_error(COMMANDS[command](table, editions, target), f"cannot write {tmp_path / 'out.tmx'}: it is a folder")


@pytest.mark.parametrize("command", COMMANDS)
def test_output_on_a_full_disk(command, table, editions, tmp_path, clean_error):
    with full_disk(tmp_path / "full") as folder:
        result = COMMANDS[command](table, editions, folder / "out")
        clean_error(result, f"cannot write {folder / 'out'}", "No space left on device")
        assert sorted(os.listdir(folder)) == ["filler"]  # no temporary file, no partial output


def test_output_over_the_file_size_limit_in_a_real_process(table, tmp_path):
    """The kernel refuses the write (RLIMIT_FSIZE: EFBIG), wherever a tmpfs cannot be mounted."""
    output = tmp_path / "big.tmx"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))

    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([*ALIGN, "tmx", str(table), "-o", str(output)], env=env, capture_output=True, text=True, preexec_fn=limit, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [f"Error: cannot write {output}: File too large"]
    assert not output.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".align-tmp-")]


def test_tmx_refuses_to_overwrite_the_reviewed_table(table, clean_error):
    before = table.read_bytes()
    clean_error(tmx(table, table), f"-o {table} is one of the reviewed tables")
    assert table.read_bytes() == before


@pytest.mark.parametrize("command", ["segment", "pair"])
def test_a_stdout_encoding_that_cannot_show_the_text(command, editions, tmp_path):
    hans, hant = editions
    chinese_prefix = tmp_path / "输出"
    args = {
        "segment": ["segment", str(hans), "--lang", "zh-Hans"],
        "pair": ["pair", str(hans), str(hant), "--src-lang", "zh-Hans", "--tgt-lang", "zh-Hant", "-o", str(chinese_prefix)],
    }[command]
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="latin-1")
    result = subprocess.run([*ALIGN, *args], env=env, capture_output=True, timeout=120)
    stderr = result.stderr.decode("latin-1")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    assert re.match(r"Error: stdout's encoding \((latin-1|iso8859-1)\) cannot show ", line), line
    assert "PYTHONIOENCODING=utf-8" in line
    assert result.stdout == b""
    assert not list(tmp_path.glob("输出*"))  # pair stopped before writing anything


DTDS = {
    "internal entity": '<!DOCTYPE x [<!ENTITY e "injected">]>',
    "external entity": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "entity expansion": '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY e "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
}


@pytest.mark.parametrize("dtd", DTDS, ids=list(DTDS))
def test_an_xlsx_whose_sheet_declares_a_dtd_is_refused(dtd, tmp_path, clean_error):
    pytest.importorskip("openpyxl")
    documents = [Document("en", [Sentence("Hello.", 0)]), Document("zh-Hans", [Sentence("你好。", 0)])]
    (clean,) = write_outputs(Alignment(documents, [Row(((0,), (0,)), 0.9)], "sig", "greeting"), str(tmp_path / "greeting"), ["xlsx"])
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(clean) as source, zipfile.ZipFile(evil, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # The entity in the English cell (C2), the DTD before the root element.
                xml = re.sub(r'(<c r="C2"[^>]*?)(?: t="\w+")?>.*?</c>', r'\1 t="inlineStr"><is><t>&e;</t></is></c>', data.decode(), count=1)
                data = (DTDS[dtd] + xml).encode()
            target.writestr(item, data)
    output = tmp_path / "evil.tmx"
    clean_error(tmx(evil, output), "evil.xlsx", "declares a DTD")
    assert not output.exists()
