"""Helpers for the fault-injection tests: real `align run` processes, their workers, article sets."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALIGN = [sys.executable, "-c", "from align.cli import cli; cli()"]

SMALL_SETS = {
    "bakery": (
        "The bakery opens at seven. Its bread sells out by noon.",
        "面包店七点开门。面包到中午就卖完了。",
    ),
    "garden": (
        "The garden closes at six. Visitors leave by the east gate.",
        "花园六点关门。游客从东门离开。",
    ),
    "harbour": (
        "Fishing boats return at dusk. The catch is sold on the quay.",
        "渔船傍晚返航。渔获在码头上出售。",
    ),
    "market": (
        "The night market sells noodles and tea. It is busiest on Fridays.",
        "夜市卖面条和茶。星期五最热闹。",
    ),
}
"""Sets whose sentences the session's warm cache holds: they align in milliseconds."""

OUTPUT_SUFFIXES = (".tmx", ".csv", ".jsonl")


def write_set(texts: Path, name: str, english: str, chinese: str) -> Path:
    folder = texts / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.txt").write_text(english + "\n", encoding="utf-8")
    (folder / "zh-Hans.txt").write_text(chinese + "\n", encoding="utf-8")
    return folder


def write_slow_set(texts: Path, name: str, sentences: int = 60) -> Path:
    """A set no cache holds (a fresh token in every sentence): its worker must load the
    model's embedding table and encode it all, which takes seconds, not milliseconds."""
    token = secrets.token_hex(4)
    english = " ".join(f"Report {token} number {i} says the river rose by {i % 7} metres." for i in range(sentences))
    chinese = "".join(f"第{i}号报告{token}说河水上涨了{i % 7}米。" for i in range(sentences))
    return write_set(texts, name, english, chinese)


def environment(cache: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(ALIGN_CACHE_DIR=str(cache), PYTHONPATH=str(REPO), **extra)
    return env


def start_run(texts: Path, out: Path, cache: Path, *args: str, **popen) -> subprocess.Popen:
    """`align run TEXTS -o OUT ARGS` as a real process in its own process group (as a shell
    runs a foreground job), stderr piped as text."""
    return subprocess.Popen(
        [*ALIGN, "run", str(texts), "-o", str(out), *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=environment(cache),
        start_new_session=True,
        **popen,
    )


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].decode().split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that will never reap it."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def workers_of(pid: int) -> list[int]:
    """The pool workers (align.batch.pool) of process PID."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat(int(entry))
        if not fields or fields[0] == "Z" or int(fields[1]) != pid:
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if b"align.batch.pool" in handle.read():
                    found.append(int(entry))
        except OSError:
            pass
    return found


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def read_line_starting(process: subprocess.Popen, predicate, lines: list[str]) -> str:
    """Read stderr lines (kept in LINES) until one satisfies PREDICATE."""
    for line in process.stderr:
        lines.append(line.rstrip("\n"))
        if predicate(line):
            return line
    raise AssertionError(f"stderr ended without the line: {lines}")


def finish(process: subprocess.Popen, lines: list[str], timeout: float = 60) -> tuple[int, list[str]]:
    try:
        _, rest = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return process.returncode, lines + rest.splitlines()


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith((".align-tmp-", ".tmp-"))]


def complete_or_absent(out: Path, name: str) -> bool:
    """A set's outputs are all there and vouched for by its manifest, or none is there."""
    import json

    from align.batch.manifest import MANIFEST_NAME, entry_for, sha256_if_readable

    folder = out / name
    outputs = [folder / f"{name}{suffix}" for suffix in OUTPUT_SUFFIXES]
    present = [p for p in outputs if p.exists()]
    if not present:
        return True
    if len(present) != len(outputs):
        return False
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest.setdefault("pending", {})
    return all(entry_for(manifest, p.name, sha256_if_readable(str(p))) for p in outputs)
